"""`klacht pages --out DIR`: write the generated pages and files for any other site builder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from klacht import history, records
from klacht.cli.deadlines import now_of
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.site.build import generate

MESSAGES = Catalog({"written": ("{n} bestanden geschreven in {out}", "{n} files written to {out}")})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="doelmap")
    parser.add_argument(
        "--now",
        default=os.environ.get("KLACHT_NOW"),
        help="het moment van de bouw, bijv. 2026-11-24T12:00+01:00 (standaard: KLACHT_NOW of nu)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    loaded = records.load_records(settings)
    generated = generate(loaded.complaints, history.read(settings), settings, settings.language,
                         now_of(args.now, settings))  # fmt: skip
    for uri, content in generated.items():
        target = args.out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    print(MESSAGES(settings.language, "written", n=len(generated), out=args.out))
    return 0
