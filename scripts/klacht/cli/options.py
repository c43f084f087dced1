"""Options shared by several commands: `--now` (the current moment) and `--format`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from klacht import cli
from klacht.cli import Parser, moment_error
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.model import TimeError, parse_datetime

MSG = Catalog(
    {
        "help.now": (
            "het huidige moment, bijv. 2026-11-24T12:00+01:00",
            "the current moment, e.g. 2026-11-24T12:00+01:00",
        ),
        "help.format": ("vorm van de uitvoer: {choices}", "form of the output: {choices}"),
    }
)


def add_now(parser: Parser) -> None:
    """`--now MOMENT`; read it with `now_of(args.now, settings)`."""
    parser.add_argument(
        "--now", metavar=cli.MSG(parser.lang, "metavar.moment"), help=MSG(parser.lang, "help.now")
    )


def add_format(parser: Parser, formats: Sequence[str], default: str = "text") -> None:
    """`--format {text,…}`, with help text naming the choices."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=default,
        help=MSG(parser.lang, "help.format", choices=", ".join(formats)),
    )


def now_of(value: str | None, settings: Settings, source: str = "--now") -> datetime:
    """`--now` (or the `source` named) as an aware moment (local time when no offset), or the
    current time; UsageError when it is not a moment."""
    if not value:
        return datetime.now(settings.tz)
    try:
        return parse_datetime(value, settings.tz)
    except TimeError:
        raise moment_error(source, value, settings) from None
