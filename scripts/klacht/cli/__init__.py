"""The `klacht` command: a thin layer of subcommands over the library."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from klacht import config

# Each module in klacht.cli named here has `add_parser(subparsers)`, which sets `func(args, settings)`.
COMMANDS = (
    "check",
    "new",
    "renumber",
    "deadlines",
    "register",
    "history",
    "audit",
    "anonymize",
    "pages",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="klacht",
        description="Klachtenregister: klachten registreren, controleren en bewaken.",
    )
    parser.add_argument(
        "--root", help="map van het register (met pyproject.toml); standaard: gevonden vanaf hier"
    )
    parser.add_argument("--lang", choices=config.LANGUAGES, help="taal van de uitvoer (nl of en)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="opdracht")
    for name in COMMANDS:
        importlib.import_module(f"klacht.cli.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pathlib import Path

    try:
        settings = config.load(Path(args.root) if args.root else None, language=args.lang)
    except config.SettingsError as exc:
        print(f"klacht: {exc}", file=sys.stderr)
        return 2
    return args.func(args, settings)


if __name__ == "__main__":
    sys.exit(main())
