"""`klacht deadlines`: open complaints with their deadlines, overdue first; exit 1 if a clock of
a kind in `fail_on` is overdue (by default those the customer sees), not for a late preventive
measure, which is a warning (the digest carries it)."""

from __future__ import annotations

import argparse
import json
import sys

from klacht import deadlines, records, report, retention
from klacht.cli import Parser
from klacht.cli.options import add_format, add_now, now_of
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
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
        "warnings": (
            "{n} te late termijnen zijn een waarschuwing, geen fout (instelling fail_on).",
            "{n} overdue deadlines are a warning, not an error (setting fail_on).",
        ),
        "warnings_1": (
            "1 te late termijn is een waarschuwing, geen fout (instelling fail_on).",
            "1 overdue deadline is a warning, not an error (setting fail_on).",
        ),
        "due": ("uiterlijk {when}", "due {when}"),
        "paused": ("gepauzeerd", "paused"),
        "title": ("Termijn {clock}", "Deadline {clock}"),
        "retention": (
            "{id}: bewaartermijn verstreken op {end}; verwijder de persoonsgegevens met 'klacht anonymize'",
            "{id}: retention term ended on {end}; remove the personal data with 'klacht anonymize'",
        ),
        "held": (
            "{id}: bewaartermijn verstreken op {end}, maar er geldt een juridische bewaarplicht "
            "(sinds {since}: {reason}); niet anonimiseren tot die is opgeheven",
            "{id}: retention term ended on {end}, but a legal hold applies (since {since}: "
            "{reason}); do not anonymize until it is lifted",
        ),
        "retention_title": ("Bewaartermijn (AVG)", "Retention term (GDPR)"),
        "message": (
            "{id}: {clock} {state} ({due}; {span})",
            "{id}: {clock} {state} ({due}; {span})",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    add_now(parser)
    add_format(parser, report.FORMATS)
    parser.set_defaults(func=run)


def _line(d: deadlines.Deadline, lang: str, settings: Settings) -> str:
    due = MSG(lang, "due", when=deadlines.due_text(d, settings)) if d.due else MSG(lang, "paused")
    return MSG(
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
    failed = deadlines.failing(found, settings)
    today = now.astimezone(settings.tz).date()
    expired = retention.due_for_anonymizing(loaded.complaints, settings, today)
    notices = [
        (c, "overdue", MSG(lang, "retention", id=c.id, end=retention.retention_end(c, settings)))
        for c in expired
    ] + [
        (
            c,
            "held",
            MSG(
                lang,
                "held",
                id=c.id,
                end=retention.retention_end(c, settings),
                since=hold.since,
                reason=hold.reason,
            ),
        )
        for c, hold in retention.held_past_term(loaded.complaints, settings, today)
    ]
    if args.format == "json":
        items = [
            {
                "id": d.complaint_id,
                "path": d.path,
                "clock": d.clock,
                "due": d.due.isoformat() if d.due else None,
                "state": d.state,
                "level": deadlines.level(d, settings),
                "remaining_hours": round(d.remaining.total_seconds() / 3600, 2),
                "fraction_used": round(d.fraction_used, 3),
                "detail": d.detail,
                "message": _line(d, lang, settings),
            }
            for d in found
        ]
        items += [
            {"id": c.id, "path": c.path, "clock": "retention", "state": state, "message": text}
            for c, state, text in notices
        ]
        print(json.dumps(items, ensure_ascii=False, indent=2))
    elif args.format == "github":
        for d in found:
            if level := deadlines.level(d, settings):
                title = MSG(lang, "title", clock=deadlines.clock_label(lang, d.clock))
                print(report.annotation(level, d.path, 1, 1, title, _line(d, lang, settings)))
        for c, state, text in notices:
            title = MSG(lang, "retention_title")
            level = "warning" if state == "overdue" else "notice"
            print(report.annotation(level, c.path, 1, 1, title, text))
    else:
        for d in found:
            print(report.oneline(_line(d, lang, settings)))
        for _, _, text in notices:
            print(report.oneline(text))
        if not found:
            print(MSG(lang, "none"))
        near = sum(d.state == "near" for d in found)
        print(MSG(lang, "summary", overdue=overdue, near=near, total=len(found)))
        if overdue > len(failed):
            print(MSG(lang, "warnings", n=overdue - len(failed)))
    broken = len(loaded.broken)
    if broken:
        print(MSG(lang, "invalid", n=broken), file=sys.stderr)
    return 1 if failed else 0
