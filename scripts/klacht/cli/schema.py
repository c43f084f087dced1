"""`klacht schema [--write]`: compare the register's copy of the schema (for editors) with the
schema of this klacht, and refresh it."""

from __future__ import annotations

import argparse
import sys

from klacht import packaged
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "current": (
            "{copy} is gelijk aan het schema van klacht {tool} (versie {version}).",
            "{copy} equals the schema of klacht {tool} (version {version}).",
        ),
        "written": (
            "{copy} ververst naar versie {version}; commit het.",
            "{copy} refreshed to version {version}; commit it.",
        ),
        "help.write": (
            "schrijf het schema van deze klacht naar de kopie van het register",
            "write the schema of this klacht to the register's copy",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    parser.add_argument("--write", action="store_true", help=MSG(parser.lang, "help.write"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    version = ".".join(map(str, packaged.version_of(packaged.schema_text()) or ()))
    values = {"copy": settings.schema_path, "version": version, "tool": packaged.__version__}
    if args.write:
        packaged.write_copy(settings)
        print(MSG(lang, "written", **values))
        return 0
    notice = packaged.copy_notice(settings, lang)
    if notice:
        print(notice, file=sys.stderr)
        return 1
    print(MSG(lang, "current", **values))
    return 0
