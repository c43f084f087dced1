"""`klacht bundle --out FILE.zip`: the site as one zip that works opened from disk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klacht import bundle, cli
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "made": (
            "{out}: de site in {n} bestanden; pak het uit en open {top}/index.html (dubbelklik), "
            "zoeken werkt ook zonder server.",
            "{out}: the site in {n} files; unzip it and open {top}/index.html (double-click), "
            "search works without a server too.",
        ),
        "failed": (
            "de site kon niet gebouwd worden: {detail}",
            "the site could not be built: {detail}",
        ),
        "help.out": ("het zipbestand om te schrijven", "the zip file to write"),
        "help.config": (
            "de MkDocs-instellingen (standaard: mkdocs.yml van het register)",
            "the MkDocs configuration (default: the register's mkdocs.yml)",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar=cli.MSG(lang, "metavar.file"),
        help=MSG(lang, "help.out"),
    )
    parser.add_argument(
        "--config-file",
        type=Path,
        metavar=cli.MSG(lang, "metavar.file"),
        help=MSG(lang, "help.config"),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from mkdocs.exceptions import MkDocsException

    lang = settings.language
    config_file = args.config_file or settings.root / "mkdocs.yml"
    try:
        count = bundle.build(config_file, args.out.resolve())
    except (MkDocsException, OSError) as exc:
        print(MSG(lang, "failed", detail=exc), file=sys.stderr)
        return 1
    print(MSG(lang, "made", out=args.out, n=count, top=args.out.stem))
    return 0
