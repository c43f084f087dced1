"""`klacht audit --base REF`: the records keep their integrity compared with REF."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from klacht import audit, cli, git, report
from klacht.cli import Parser
from klacht.cli.options import add_format
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "title": ("Controlespoor", "Audit trail"),
        "ok": (
            "Controlespoor in orde ten opzichte van {base}.",
            "Audit trail holds against {base}.",
        ),
        "bad": (
            "{n} schendingen van het controlespoor ten opzichte van {base}.",
            "{n} violations of the audit trail against {base}.",
        ),
        "bad_1": (
            "{n} schending van het controlespoor ten opzichte van {base}.",
            "{n} violation of the audit trail against {base}.",
        ),
        "no_base": ("kan {base} niet lezen: {reason}", "cannot read {base}: {reason}"),
        "shallow": (
            "Let op: onvolledige kopie (shallow clone); haal de hele geschiedenis op "
            "(fetch-depth: 0 / GIT_DEPTH: 0).",
            "Note: incomplete copy (shallow clone); fetch the whole history "
            "(fetch-depth: 0 / GIT_DEPTH: 0).",
        ),
        "help.base": (
            "de versie om mee te vergelijken, bijv. origin/main",
            "the version to compare with, e.g. origin/main",
        ),
        "help.today": (
            "de datum van vandaag (voor tests), bijv. 2026-11-24",
            "today's date (for tests), e.g. 2026-11-24",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    base, today = cli.MSG(lang, "metavar.revision"), cli.MSG(lang, "metavar.date")
    parser.add_argument("--base", required=True, metavar=base, help=MSG(lang, "help.base"))
    add_format(parser, report.PROBLEM_FORMATS)
    parser.add_argument(
        "--today", type=date.fromisoformat, metavar=today, help=MSG(lang, "help.today")
    )
    parser.set_defaults(func=run)


def summary(lang: str, base: str, n: int) -> str:
    """The closing line: all well, or how many violations (singular or plural)."""
    return MSG(lang, "bad", base=base, n=n) if n else MSG(lang, "ok", base=base)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    try:
        problems = audit.audit(settings, args.base, args.today)
    except git.GitError as exc:
        print(MSG(lang, "no_base", base=args.base, reason=exc.reason), file=sys.stderr)
        if git.is_shallow(settings.root):
            print(MSG(lang, "shallow"), file=sys.stderr)
        return 2
    if problems:
        print(report.render(problems, args.format, lang, MSG(lang, "title")))
    if args.format in report.EMPTY and not problems:
        print(report.EMPTY[args.format])
    if args.format == "text":
        print(summary(lang, args.base, len(problems)), file=sys.stderr)
    return 1 if problems else 0
