"""`klacht demo DIR`: a demo register of the example complaints with a believable Git history."""

from __future__ import annotations

import argparse
from pathlib import Path

from klacht import cli, demo, initialize
from klacht.cli import Parser, UsageError
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "not_empty": (
            "{path} is niet leeg: de demo komt in een nieuwe of lege map; er is niets veranderd",
            "{path} is not empty: the demo goes into a new or empty folder; nothing was changed",
        ),
        "made": (
            "Demoregister in {path}: {n} commits van fictieve medewerkers. Bekijk het met\n"
            "  cd {path} && mkdocs serve",
            "Demo register in {path}: {n} commits by fictional staff. See it with\n"
            "  cd {path} && mkdocs serve",
        ),
        "help.folder": (
            "de (nieuwe of lege) map van de demo",
            "the (new or empty) folder of the demo",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument(
        "folder", type=Path, metavar=cli.MSG(lang, "metavar.folder"), help=MSG(lang, "help.folder")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    try:
        count = demo.create(args.folder, lang)
    except initialize.NotEmpty:
        raise UsageError(MSG(lang, "not_empty", path=args.folder)) from None
    print(MSG(lang, "made", path=args.folder, n=count))
    return 0
