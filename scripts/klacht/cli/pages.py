"""`klacht pages --out DIR`: write the generated pages and files for any other site builder."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from klacht import history, records
from klacht.cli import METAVARS, Parser
from klacht.cli.options import now_of
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.site.build import Deferred, generate

MESSAGES = Catalog({"written": ("{n} bestanden geschreven in {out}", "{n} files written to {out}")})
HELP = Catalog(
    {
        "out": ("doelmap", "target folder"),
        "now": (
            "het moment van de bouw, bijv. 2026-11-24T12:00+01:00 (standaard: KLACHT_NOW of nu)",
            "the moment of the build, e.g. 2026-11-24T12:00+01:00 (default: KLACHT_NOW or now)",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    out = METAVARS(lang, "folder")
    parser.add_argument("--out", type=Path, required=True, metavar=out, help=HELP(lang, "out"))
    parser.add_argument("--now", metavar=METAVARS(lang, "moment"), help=HELP(lang, "now"))
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
    generated = generate(loaded.complaints, hist, settings, settings.language, now, loaded.broken)
    for uri, content in generated.items():
        target = args.out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Deferred):
            content = content.make()
        data = content.encode("utf-8") if isinstance(content, str) else content
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    print(MESSAGES(settings.language, "written", n=len(generated), out=args.out))
    return 0
