"""`klacht check [PATH...]`: validate record files; exit 0 when all are valid, 1 otherwise."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klacht import cli, collisions, packaged, records, report
from klacht.cli import Parser
from klacht.cli.options import add_format
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "title": ("Klachtenregister", "Complaints register"),
        "ok": ("{files} gecontroleerd: alles in orde.", "{files} checked: all valid."),
        "bad": (
            "{files} gecontroleerd, {broken} met fouten.",
            "{files} checked, {broken} with errors.",
        ),
        "files": ("{n} klachtbestanden", "{n} complaint files"),
        "files_1": ("{n} klachtbestand", "{n} complaint file"),
        "none": ("geen klachtbestanden gevonden in {where}", "no complaint files found in {where}"),
        "help.paths": (
            "bestanden of mappen (standaard: complaints/)",
            "files or folders (default: complaints/)",
        ),
        "help.no_cache": ("lees alles opnieuw", "read everything anew"),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar=cli.MSG(lang, "metavar.paths"),
        help=MSG(lang, "help.paths"),
    )
    add_format(parser, report.PROBLEM_FORMATS)
    parser.add_argument("--no-cache", action="store_true", help=MSG(parser.lang, "help.no_cache"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    results, problems = records.check_tree(
        settings, args.paths, use_cache=not args.no_cache, need_data=False
    )
    added_twice = collisions.find(
        settings.root, settings.complaints_dir, [r.path for r in results if not r.problems]
    )
    problems = sorted([*problems, *added_twice], key=lambda p: (p.path, p.line, p.column))
    if problems:
        print(report.render(problems, args.format, lang, MSG(lang, "title")))
    if args.format == "text":
        if not results:
            where = ", ".join(map(str, args.paths)) or settings.complaints_dir
            print(MSG(lang, "none", where=where), file=sys.stderr)
        elif problems:
            broken = _files(lang, len({p.path for p in problems}))
            files = _files(lang, len(results))
            print(MSG(lang, "bad", files=files, broken=broken), file=sys.stderr)
        else:
            print(MSG(lang, "ok", files=_files(lang, len(results))), file=sys.stderr)
    elif args.format in report.EMPTY and not problems:
        print(report.EMPTY[args.format])
    schema_notice(settings, args.format)
    return 1 if problems else 0


def schema_notice(settings: Settings, fmt: str) -> None:
    """Say when the register's copy of the schema is not the one klacht checks with (a warning:
    the records are checked all the same)."""
    notice = packaged.copy_notice(settings, settings.language)
    if notice and fmt == "github":
        title = MSG(settings.language, "title")
        print(report.annotation("warning", settings.schema_path, 1, 1, title, notice))
    elif notice:
        print(notice, file=sys.stderr)


def _files(lang: str, n: int) -> str:
    return MSG(lang, "files", n=n)
