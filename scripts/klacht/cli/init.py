"""`klacht init DIR [--forge github|gitlab]`: a new complaints register in an empty folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from klacht import cli, initialize
from klacht.cli import Parser, UsageError
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "not_empty": (
            "{path} is niet leeg: een nieuw register begint in een lege map; er is niets veranderd",
            "{path} is not empty: a new register starts in an empty folder; nothing was changed",
        ),
        "made": (
            "Nieuw klachtenregister in {path} ({n} bestanden). Verder:\n"
            "  cd {path}\n"
            "  python3 -m venv .venv && .venv/bin/pip install -e .   # zie de README voor het wheel\n"
            "  . .venv/bin/activate && pip install pre-commit && pre-commit install\n"
            "  klacht new                                   # de eerste klacht\n"
            "  git add -A && git commit -m 'Klachtenregister begonnen'\n"
            "Pas de instellingen in pyproject.toml en de pagina's in site/ aan uw organisatie aan.",
            "New complaints register in {path} ({n} files). Next:\n"
            "  cd {path}\n"
            "  python3 -m venv .venv && .venv/bin/pip install -e .   # see the README for the wheel\n"
            "  . .venv/bin/activate && pip install pre-commit && pre-commit install\n"
            "  klacht new                                   # the first complaint\n"
            "  git add -A && git commit -m 'Complaints register started'\n"
            "Adapt the settings in pyproject.toml and the pages in site/ to your organisation.",
        ),
        "help.folder": (
            "de (lege) map van het nieuwe register",
            "the (empty) folder of the new register",
        ),
        "help.forge": (
            "waar het register komt te staan: CI voor GitHub of GitLab (standaard: github)",
            "where the register will live: CI for GitHub or GitLab (default: github)",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument(
        "folder", type=Path, metavar=cli.MSG(lang, "metavar.folder"), help=MSG(lang, "help.folder")
    )
    parser.add_argument(
        "--forge", choices=initialize.FORGES, default="github", help=MSG(lang, "help.forge")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    try:
        made = initialize.create(args.folder, args.forge)
    except initialize.NotEmpty:
        raise UsageError(MSG(lang, "not_empty", path=args.folder)) from None
    print(MSG(lang, "made", path=args.folder, n=len(made)))
    return 0
