"""`klacht pages --out DIR [--theme THEME]`: a complete docs folder (the generated pages and
files, the plugin's assets, the hand-written pages) and the theme overrides, for any other site
builder."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from klacht import cli, history, records
from klacht.cli import Parser
from klacht.cli.options import now_of
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.site import export
from klacht.site.build import Deferred, generate

MSG = Catalog(
    {
        "written": ("{n} bestanden geschreven in {out}", "{n} files written to {out}"),
        "help.out": ("doelmap", "target folder"),
        "help.theme": (
            "schrijf ook de thema-aanpassingen (noindex, 404-pagina) in deze map",
            "also write the theme overrides (noindex, 404 page) to this folder",
        ),
        "help.now": (
            "het moment van de bouw, bijv. 2026-11-24T12:00+01:00 (standaard: KLACHT_NOW of nu)",
            "the moment of the build, e.g. 2026-11-24T12:00+01:00 (default: KLACHT_NOW or now)",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    out = cli.MSG(lang, "metavar.folder")
    parser.add_argument("--out", type=Path, required=True, metavar=out, help=MSG(lang, "help.out"))
    parser.add_argument(
        "--now", metavar=cli.MSG(lang, "metavar.moment"), help=MSG(lang, "help.now")
    )
    parser.add_argument("--theme", type=Path, metavar=out, help=MSG(lang, "help.theme"))
    parser.set_defaults(func=run)


def build_moment(args: argparse.Namespace, settings: Settings) -> datetime:
    """`--now`, else the environment variable KLACHT_NOW, else the current time."""
    if args.now:
        return now_of(args.now, settings)
    return now_of(os.environ.get("KLACHT_NOW"), settings, source="KLACHT_NOW")


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = build_moment(args, settings)
    loaded = records.load_records(settings)
    hist = history.read(settings, anonymized=history.anonymized(loaded.complaints))
    generated = generate(loaded.complaints, hist, settings, settings.language, now, loaded.problems)
    files = {**export.docs_files(settings.root), **generated}
    for uri, content in files.items():
        if isinstance(content, Deferred):
            content = content.make()
        write(args.out / uri, content.read_bytes() if isinstance(content, Path) else content)
    if args.theme:
        for name, text in export.theme_files(settings.language).items():
            write(args.theme / name, text)
    print(MSG(settings.language, "written", n=len(files), out=args.out))
    return 0


def write(target: Path, content: str | bytes) -> None:
    """Write a file atomically, making its folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
