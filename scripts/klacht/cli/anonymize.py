"""`klacht anonymize`: remove the personal data of complaints past their retention term."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime

from klacht import cli, records, report, retention
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "none": (
            "Geen klachten waarvan de bewaartermijn verstreken is.",
            "No complaints past their retention term.",
        ),
        "would": (
            "{id}: persoonsgegevens zouden worden verwijderd (termijn verstreken op {end})",
            "{id}: personal data would be removed (term ended on {end})",
        ),
        "done": (
            "{id}: persoonsgegevens verwijderd ({path})",
            "{id}: personal data removed ({path})",
        ),
        "held": (
            "{id}: niet geanonimiseerd: juridische bewaarplicht sinds {since} ({reason}); de "
            "bewaartermijn verstreek op {end}; vul 'lifted: <datum>' in als de bewaarplicht "
            "voorbij is",
            "{id}: not anonymized: legal hold since {since} ({reason}); the retention term ended "
            "on {end}; fill in 'lifted: <date>' when the hold is over",
        ),
        "documents": ("{id}: {n} documenten verwijderd", "{id}: {n} documents removed"),
        "documents_1": ("{id}: 1 document verwijderd", "{id}: 1 document removed"),
        "refused": (
            "{path}: niet geanonimiseerd: {field} staat niet op één regel; pas het bestand met de hand aan",
            "{path}: not anonymized: {field} is not on a single line; edit the file by hand",
        ),
        "invalid": (
            "{path}: niet geanonimiseerd: het resultaat zou ongeldig zijn: {reason}",
            "{path}: not anonymized: the result would be invalid: {reason}",
        ),
        "unjudged": (
            "{path}: niet beoordeeld: het bestand heeft problemen (zie klacht check); "
            "verbeter het eerst, want de bewaartermijn kan verstreken zijn",
            "{path}: not judged: the file has problems (see klacht check); fix it first, "
            "since its retention term may have ended",
        ),
        "help.today": (
            "de datum van vandaag (voor tests), bijv. 2026-11-24",
            "today's date (for tests), e.g. 2026-11-24",
        ),
        "help.dry_run": (
            "toon alleen welke klachten het betreft",
            "only show which complaints it concerns",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        metavar=cli.MSG(lang, "metavar.date"),
        help=MSG(lang, "help.today"),
    )
    parser.add_argument("--dry-run", action="store_true", help=MSG(lang, "help.dry_run"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    today = args.today or datetime.now(settings.tz).date()
    loaded = records.load_records(settings)
    complaints = loaded.complaints
    unjudged = sorted({p.path for p in loaded.problems})
    for path in unjudged:  # a broken record may be past its term too: never silently kept
        print(report.visible(report.oneline(MSG(lang, "unjudged", path=path))), file=sys.stderr)
    due = retention.due_for_anonymizing(complaints, settings, today)
    held = retention.held_past_term(complaints, settings, today)
    for c, hold in held:
        end = retention.retention_end(c, settings)
        text = MSG(lang, "held", id=c.id, since=hold.since, reason=hold.reason, end=end)
        print(report.oneline(text))
    if not due:
        if not held:
            print(MSG(lang, "none"))
        return 1 if unjudged else 0
    failed = 0
    env = records.Env.of(settings)
    for c in due:
        if args.dry_run:
            print(MSG(lang, "would", id=c.id, end=retention.retention_end(c, settings)))
            continue
        try:
            removed = retention.anonymize_file(settings.root / c.path, c.path, today, env, lang)
        except retention.Refused as exc:
            if exc.code == "layout":
                print(MSG(lang, "refused", path=c.path, field=exc.detail), file=sys.stderr)
            else:
                print(MSG(lang, "invalid", path=c.path, reason=exc.detail), file=sys.stderr)
            failed += 1
            continue
        print(MSG(lang, "done", id=c.id, path=c.path))
        if removed:
            print(MSG(lang, "documents", id=c.id, n=removed))
    return 1 if failed or unjudged else 0
