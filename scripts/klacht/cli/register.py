"""`klacht register`: the register of open complaints as text, CSV or JSON."""

from __future__ import annotations

import argparse
import sys

from klacht import records, register
from klacht.cli import Parser
from klacht.cli.options import add_format, add_now, now_of
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "invalid": (
            "Let op: {n} klachtbestanden met fouten staan niet in het register; zie 'klacht check'.",
            "Note: {n} complaint files with errors are not in the register; see 'klacht check'.",
        ),
        "invalid_1": (
            "Let op: {n} klachtbestand met fouten staat niet in het register; zie 'klacht check'.",
            "Note: {n} complaint file with errors is not in the register; see 'klacht check'.",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    add_format(parser, ("text", "csv", "json"))
    add_now(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = now_of(args.now, settings)
    loaded = records.load_records(settings)
    found = register.rows(loaded.complaints, settings, now)
    render = {"text": register.to_text, "csv": register.to_csv, "json": register.to_json}
    print(
        render[args.format](found, settings.language, settings),
        end="" if args.format == "csv" else "\n",
    )
    broken = len(loaded.broken)
    if broken:  # never left out silently
        print(MSG(settings.language, "invalid", n=broken), file=sys.stderr)
    return 0
