"""The `klacht` command: a thin layer of subcommands over the library.

Each module in klacht.cli named in COMMANDS has `add_arguments(parser)`, which sets
`func(args, settings) -> exit status`. Only the module of the command being run is imported, so
`klacht check` does not pay for the site's or the calendar's libraries.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from klacht import config

COMMANDS = {
    "check": "controleer de klachtbestanden",
    "new": "registreer een nieuwe klacht",
    "renumber": "geef een klacht het volgende vrije nummer (bij een botsing tussen twee takken)",
    "deadlines": "toon de termijnen van open klachten",
    "register": "het register van open klachten als tekst, CSV of JSON",
    "history": "toon de geschiedenis van een klacht",
    "audit": "vergelijk de klachten met een eerdere versie (controlespoor)",
    "anonymize": "verwijder persoonsgegevens na de bewaartermijn (AVG)",
    "pages": "schrijf de gegenereerde pagina's van de site naar een map",
}


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="klacht",
        description="Klachtenregister: klachten registreren, controleren en bewaken.",
    )
    parser.add_argument(
        "--root", help="map van het register (met pyproject.toml); standaard: gevonden vanaf hier"
    )
    parser.add_argument("--lang", choices=config.LANGUAGES, help="taal van de uitvoer (nl of en)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="opdracht")
    chosen = next((arg for arg in argv if arg in COMMANDS), None)
    for name, text in COMMANDS.items():
        sub = subparsers.add_parser(name, help=text, description=text)
        if name == chosen:
            importlib.import_module(f"klacht.cli.{name}").add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    try:
        settings = config.load(Path(args.root) if args.root else None, language=args.lang)
    except config.SettingsError as exc:
        print(f"klacht: {exc}", file=sys.stderr)
        return 2
    return args.func(args, settings)


if __name__ == "__main__":
    sys.exit(main())
