"""`klacht deadlines`: open complaints with their deadlines, overdue first; exit 1 if any is
overdue."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from klacht import deadlines, records, report, retention
from klacht.cli import METAVARS, Parser, moment_error
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.model import TimeError, parse_datetime

MESSAGES = Catalog(
    {
        "none": ("Geen lopende termijnen.", "No running deadlines."),
        "summary": (
            "{overdue} te laat, {near} bijna verlopen, {total} termijnen in totaal.",
            "{overdue} overdue, {near} due soon, {total} deadlines in all.",
        ),
        "invalid": (
            "Let op: {n} klachtbestanden met fouten zijn niet meegeteld; zie 'klacht check'.",
            "Note: {n} complaint files with errors are not included; see 'klacht check'.",
        ),
        "invalid_1": (
            "Let op: 1 klachtbestand met fouten is niet meegeteld; zie 'klacht check'.",
            "Note: 1 complaint file with errors is not included; see 'klacht check'.",
        ),
        "due": ("uiterlijk {when}", "due {when}"),
        "paused": ("gepauzeerd", "paused"),
        "title": ("Termijn {clock}", "Deadline {clock}"),
        "retention": (
            "{id}: bewaartermijn verstreken op {end}; verwijder de persoonsgegevens met 'klacht anonymize'",
            "{id}: retention term ended on {end}; remove the personal data with 'klacht anonymize'",
        ),
        "retention_title": ("Bewaartermijn (AVG)", "Retention term (GDPR)"),
        "message": (
            "{id}: {clock} {state} ({due}; {span})",
            "{id}: {clock} {state} ({due}; {span})",
        ),
    }
)
HELP = Catalog(
    {
        "now": (
            "het huidige moment, bijv. 2026-11-24T12:00+01:00",
            "the current moment, e.g. 2026-11-24T12:00+01:00",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument("--now", metavar=METAVARS(lang, "moment"), help=HELP(lang, "now"))
    parser.add_argument("--format", choices=report.FORMATS, default="text")
    parser.set_defaults(func=run)


def now_of(value: str | None, settings: Settings, source: str = "--now") -> datetime:
    """`--now` (or the `source` named) as an aware moment (local time when no offset), or the
    current time; UsageError when it is not a moment."""
    if not value:
        return datetime.now(settings.tz)
    try:
        return parse_datetime(value, settings.tz)
    except TimeError:
        raise moment_error(source, value, settings) from None


def _line(d: deadlines.Deadline, lang: str, settings: Settings) -> str:
    due = (
        MESSAGES(lang, "due", when=deadlines.due_text(d, settings))
        if d.due
        else MESSAGES(lang, "paused")
    )
    return MESSAGES(
        lang,
        "message",
        id=d.complaint_id,
        clock=deadlines.clock_label(lang, d.clock),
        state=deadlines.state_label(lang, d.state),
        due=due,
        span=deadlines.remaining_text(lang, d, settings),
    ) + (f": {d.detail}" if d.detail else "")


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    now = now_of(args.now, settings)
    loaded = records.load_records(settings)
    found = deadlines.all_open(loaded.complaints, settings, now)
    overdue = sum(d.state == "overdue" for d in found)
    expired = retention.due_for_anonymizing(
        loaded.complaints, settings, now.astimezone(settings.tz).date()
    )
    notices = [
        (c, MESSAGES(lang, "retention", id=c.id, end=retention.retention_end(c, settings)))
        for c in expired
    ]
    if args.format == "json":
        items = [
            {
                "id": d.complaint_id,
                "path": d.path,
                "clock": d.clock,
                "due": d.due.isoformat() if d.due else None,
                "state": d.state,
                "remaining_hours": round(d.remaining.total_seconds() / 3600, 2),
                "fraction_used": round(d.fraction_used, 3),
                "detail": d.detail,
                "message": _line(d, lang, settings),
            }
            for d in found
        ]
        items += [
            {"id": c.id, "path": c.path, "clock": "retention", "state": "overdue", "message": text}
            for c, text in notices
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
    elif args.format == "github":
        for d in found:
            if d.state in ("overdue", "near"):
                level = "error" if d.state == "overdue" else "warning"
                title = MESSAGES(lang, "title", clock=deadlines.clock_label(lang, d.clock))
                print(report.annotation(level, d.path, 1, 1, title, _line(d, lang, settings)))
        for c, text in notices:
            title = MESSAGES(lang, "retention_title")
            print(report.annotation("warning", c.path, 1, 1, title, text))
    else:
        for d in found:
            print(_line(d, lang, settings))
        for _, text in notices:
            print(text)
        if not found:
            print(MESSAGES(lang, "none"))
        near = sum(d.state == "near" for d in found)
        print(MESSAGES(lang, "summary", overdue=overdue, near=near, total=len(found)))
    broken = len(loaded.broken)
    if broken:
        print(MESSAGES(lang, "invalid", n=broken), file=sys.stderr)
    return 1 if overdue else 0
