"""`klacht register`: the register of open complaints as text, CSV or JSON."""

from __future__ import annotations

import argparse

from klacht import records, register
from klacht.cli import METAVARS, Parser
from klacht.cli.deadlines import now_of
from klacht.config import Settings
from klacht.i18n import Catalog

HELP = Catalog(
    {
        "now": (
            "het huidige moment, bijv. 2026-11-24T12:00+01:00",
            "the current moment, e.g. 2026-11-24T12:00+01:00",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    parser.add_argument("--format", choices=("text", "csv", "json"), default="text")
    lang = parser.lang
    parser.add_argument("--now", metavar=METAVARS(lang, "moment"), help=HELP(lang, "now"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = now_of(args.now, settings)
    found = register.rows(records.load_records(settings).complaints, settings, now)
    render = {"text": register.to_text, "csv": register.to_csv, "json": register.to_json}
    print(
        render[args.format](found, settings.language, settings),
        end="" if args.format == "csv" else "\n",
    )
    return 0
