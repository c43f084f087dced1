"""`klacht register`: the register of open complaints as text, CSV or JSON."""

from __future__ import annotations

import argparse

from klacht import records, register
from klacht.cli import Parser
from klacht.cli.options import add_format, add_now, now_of
from klacht.config import Settings


def add_arguments(parser: Parser) -> None:
    add_format(parser, ("text", "csv", "json"))
    add_now(parser)
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
