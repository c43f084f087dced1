"""`klacht brief ID ontvangst|afhandeling [--format text|eml] [--save]`: the letter to the
customer as text, or as an e-mail draft (.eml) that opens in Outlook or Thunderbird; `--save`
keeps it as one of the complaint's documents. Exit 1 when the record is
not ready for that letter, 2 when `[tool.klacht.letters]` lacks the firm's name."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from klacht import attaching, cli, letters, records, templating
from klacht.cli import Parser
from klacht.cli.deadlines import now_of
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "not_found": (
            "geen klacht {id} gevonden in het register",
            "no complaint {id} found in the register",
        ),
        "saved": (
            "de brief is bewaard als document van de klacht: {path}",
            "the letter was kept as a document of the complaint: {path}",
        ),
        "not_saved": ("brief niet bewaard: {reason}", "letter not kept: {reason}"),
        "help.save": (
            "bewaar de brief ook als document bij de klacht (zoals klacht attach)",
            "also keep the letter as a document of the complaint (as klacht attach does)",
        ),
        "help.id": (
            "het nummer van de klacht, bijv. K-2026-007",
            "the complaint's id, e.g. K-2026-007",
        ),
        "help.kind": (
            "ontvangst (ontvangstbevestiging) of afhandeling (uitkomst en bemiddeling)",
            "ontvangst (acknowledgement) or afhandeling (outcome and mediation)",
        ),
        "help.format": (
            "text (om te printen of te plakken) of eml (concept-e-mail; bewaar met > brief.eml)",
            "text (to print or paste) or eml (draft e-mail; save with > letter.eml)",
        ),
        "help.now": (
            "de datum van de brief als moment, bijv. 2026-11-24T12:00+01:00",
            "the letter's date as a moment, e.g. 2026-11-24T12:00+01:00",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument("id", metavar=cli.MSG(lang, "metavar.id"), help=MSG(lang, "help.id"))
    parser.add_argument("kind", choices=letters.KINDS, help=MSG(lang, "help.kind"))
    parser.add_argument(
        "--format", choices=("text", "eml"), default="text", help=MSG(lang, "help.format")
    )
    parser.add_argument(
        "--now", metavar=cli.MSG(lang, "metavar.moment"), help=MSG(lang, "help.now")
    )
    parser.add_argument("--save", action="store_true", help=MSG(lang, "help.save"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    now = now_of(args.now, settings)
    wanted = args.id.strip().upper()
    found = [c for c in records.load_records(settings).complaints if c.id == wanted]
    if not found:
        print(f"klacht: {MSG(lang, 'not_found', id=args.id)}", file=sys.stderr)
        return 1
    try:
        letter = letters.compose(found[0], args.kind, settings, now)
        text = letters.eml(letter, now, lang).as_string() if args.format == "eml" else letter.body
        sys.stdout.write(text)
    except (letters.LetterSettingsError, templating.TemplateProblem) as exc:
        print(f"klacht: {exc.text(lang)}", file=sys.stderr)
        return 2
    except letters.NotReady as exc:
        print(f"klacht: {exc.text(lang)}", file=sys.stderr)
        return 1
    return save(args, settings, letter, text, now.date()) if args.save else 0


def save(
    args: argparse.Namespace, settings: Settings, letter: letters.Letter, text: str, day: date
) -> int:
    """Keep the letter as one of the complaint's documents (`klacht attach`)."""
    lang = settings.language
    name = f"brief-{args.kind}-{day.isoformat()}.{'eml' if args.format == 'eml' else 'txt'}"
    try:
        added = attaching.attach(
            settings, letter.complaint_id, text.encode("utf-8"), name, letter.subject, day
        )
    except attaching.Refused as exc:
        print(f"klacht: {MSG(lang, 'not_saved', reason=exc.text(lang))}", file=sys.stderr)
        return 1
    print(MSG(lang, "saved", path=added.path), file=sys.stderr)
    return 0
