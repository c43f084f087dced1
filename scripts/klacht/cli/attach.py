"""`klacht attach ID FILE [--title TEXT] [--date DATE]`: add a related document to a complaint
(copied into its folder under a safe name, listed in the record), then check that complaint.
Exit 0 when added and valid, 1 when refused or the check finds a problem."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from datetime import date
from pathlib import Path

from klacht import attaching, cli, records, report
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "added": (
            "{id}: document toegevoegd: {path} ({title}, {date})",
            "{id}: document added: {path} ({title}, {date})",
        ),
        "refused": ("klacht: niet toegevoegd: {reason}", "klacht: not added: {reason}"),
        "source": (
            "{path} is geen gewoon bestand dat gelezen kan worden",
            "{path} is not a plain file that can be read",
        ),
        "commit": (
            "Voeg beide bestanden toe aan Git (git add, commit), of upload ze zoals de "
            "handleiding zegt.",
            "Add both files to Git (git add, commit), or upload them as the guide says.",
        ),
        "help.id": (
            "het nummer van de klacht, bijv. K-2026-007",
            "the complaint's id, e.g. K-2026-007",
        ),
        "help.file": ("het bestand om toe te voegen", "the file to add"),
        "help.title": (
            'wat het document is, bijv. "Brief van de klant" (standaard: de bestandsnaam)',
            'what the document is, e.g. "Customer\'s letter" (default: the file name)',
        ),
        "help.date": (
            "de datum van het document, bijv. 2026-11-18 (standaard: vandaag)",
            "the document's date, e.g. 2026-11-18 (default: today)",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument("id", metavar=cli.MSG(lang, "metavar.id"), help=MSG(lang, "help.id"))
    parser.add_argument(
        "file", type=Path, metavar=cli.MSG(lang, "metavar.file"), help=MSG(lang, "help.file")
    )
    parser.add_argument(
        "--title", metavar=cli.MSG(lang, "metavar.text"), help=MSG(lang, "help.title")
    )
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar=cli.MSG(lang, "metavar.date"),
        help=MSG(lang, "help.date"),
    )
    parser.set_defaults(func=run)


def read_source(path: Path, limit: int) -> tuple[bytes, int] | None:
    """The bytes of a plain file (a link to one is followed: it is the user's own file) and its
    size; a file over `limit` is not read (empty bytes). None for anything but a plain file."""
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return None
            return (handle.read() if status.st_size <= limit else b""), status.st_size
    except OSError:
        return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    record_id = args.id.strip().upper()
    source = read_source(args.file, settings.document_max_bytes)
    if source is None or source[1] > settings.document_max_bytes:
        reason = (
            MSG(lang, "source", path=args.file)
            if source is None
            else attaching.too_large(args.file.name, source[1], settings).text(lang)
        )
        print(MSG(lang, "refused", reason=reason), file=sys.stderr)
        return 1
    try:
        added = attaching.attach(
            settings, record_id, source[0], args.file.name, args.title, args.date
        )
    except attaching.Refused as exc:
        print(MSG(lang, "refused", reason=exc.text(lang)), file=sys.stderr)
        return 1
    print(MSG(lang, "added", id=record_id, path=added.path, title=added.title, date=added.date))
    path = attaching.record_path(settings, record_id)
    _, problems = records.check_tree(settings, [path], use_cache=False)
    if problems:
        print(report.render(problems, "text", lang, ""))
        return 1
    print(MSG(lang, "commit"), file=sys.stderr)
    return 0
