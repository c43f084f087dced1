"""`klacht digest`: the director's morning summary as text, Markdown or HTML; `--send` mails it
(text and HTML in one message) with `[tool.klacht.mail]`. Exit 2 on a mail setting or a mail
server that refuses or cannot be reached."""

from __future__ import annotations

import argparse
import os
import sys

from klacht import cli, digest, history, mail, records, templating
from klacht.cli import Parser
from klacht.cli.deadlines import now_of
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "sent": (
            "Overzicht verstuurd aan {to}.",
            "Summary sent to {to}.",
        ),
        "quiet": (
            "Niets vraagt aandacht; niets verstuurd (--always verstuurt toch).",
            "Nothing needs attention; nothing sent (--always sends anyway).",
        ),
        "help.now": (
            "het huidige moment, bijv. 2026-11-24T12:00+01:00",
            "the current moment, e.g. 2026-11-24T12:00+01:00",
        ),
        "help.format": (
            "opmaak van de uitvoer (zonder --send): text, markdown of html",
            "layout of the output (without --send): text, markdown or html",
        ),
        "help.send": (
            "verstuur het overzicht per e-mail ([tool.klacht.mail])",
            "mail the summary ([tool.klacht.mail])",
        ),
        "help.always": (
            "verstuur ook als niets aandacht vraagt",
            "send even when nothing needs attention",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument(
        "--now", metavar=cli.MSG(lang, "metavar.moment"), help=MSG(lang, "help.now")
    )
    parser.add_argument(
        "--format", choices=tuple(digest.FORMATS), default="text", help=MSG(lang, "help.format")
    )
    parser.add_argument("--send", action="store_true", help=MSG(lang, "help.send"))
    parser.add_argument("--always", action="store_true", help=MSG(lang, "help.always"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    now = now_of(args.now, settings)
    loaded = records.load_records(settings)
    hist = history.read(settings, anonymized=history.anonymized(loaded.complaints))
    found = digest.collect(loaded.complaints, settings, now, len(loaded.broken), hist)
    try:
        if not args.send:
            print(digest.render(found, loaded.complaints, settings, args.format), end="")
            return 0
        ms = mail.mail_settings(settings.mail, os.environ)
        if not (found.needs_attention or args.always):
            print(MSG(lang, "quiet"))
            return 0
        msg = mail.message(
            ms.sender,
            ms.to,
            digest.subject(found, settings),
            digest.render(found, loaded.complaints, settings, "text"),
            digest.render(found, loaded.complaints, settings, "html"),
        )
        mail.send(msg, ms)
    except (mail.MailError, templating.TemplateProblem) as exc:
        print(f"klacht: {exc.text(lang)}", file=sys.stderr)
        return 2
    print(MSG(lang, "sent", to=", ".join(ms.to)))
    return 0
