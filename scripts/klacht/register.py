"""The register of complaints still being handled (SPEC §1.7), as rows and as text, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from klacht import deadlines
from klacht.config import Settings
from klacht.i18n import Catalog, value_label
from klacht.model import Complaint
from klacht.report import oneline, visible
from klacht.status import Status, is_open, label, status
from klacht.workcal import Calendar

MSG = Catalog(
    {
        "id": ("nummer", "number"),
        "received": ("ontvangen", "received"),
        "customer": ("klant", "customer"),
        "received_by": ("aangenomen door", "taken by"),
        "handler": ("behandelaar", "handler"),
        "status": ("status", "status"),
        "next_deadline": ("eerstvolgende termijn", "next deadline"),
        "deadline_state": ("termijn", "deadline"),
        "days_open": ("dagen open", "days open"),
        "category": ("categorie", "category"),
        "severity": ("ernst", "severity"),
    }
)
FIELDS = ("id", "received", "customer", "received_by", "handler", "status", "next_deadline")
FIELDS += ("deadline_state", "days_open", "category", "severity")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class RegisterRow:
    """One open complaint in the register; `days_open` counts calendar days since receipt."""

    id: str
    path: str
    received: datetime
    customer: str
    received_by: str
    handler: str
    status: Status
    category: str
    next_deadline: deadlines.Deadline | None
    days_open: int
    severity: str = "normal"  # "serious" complaints are marked wherever the register is shown

    @property
    def serious(self) -> bool:
        return self.severity == "serious"


def rows(
    complaints: Iterable[Complaint],
    settings: Settings,
    now: datetime,
    running: Mapping[str, Sequence[deadlines.Deadline]] | None = None,
) -> list[RegisterRow]:
    """The open complaints (new, in progress, in mediation), oldest first; `running` holds the
    clocks of each complaint when the caller has them already (`deadlines.running`)."""
    cal = Calendar(settings)
    today = now.astimezone(settings.tz).date()
    found = []
    for c in complaints:
        if not is_open(c):
            continue
        handler = (c.handling.handler if c.handling else None) or ""
        found.append(
            RegisterRow(
                c.id,
                c.path,
                c.received,
                c.customer.name,
                c.received_by,
                handler,
                status(c),
                c.category or "",
                deadlines.most_pressing(running[c.id])
                if running is not None
                else deadlines.next_deadline(c, settings, now, cal),
                (today - c.received.astimezone(settings.tz).date()).days,
                c.severity,
            )
        )
    return sorted(found, key=lambda r: (r.received, r.id))


def cells(
    row: RegisterRow, lang: str, settings: Settings
) -> dict[str, str | int | datetime | date]:
    """The row's cells in `lang`, times as wall-clock time in the register's zone."""
    nxt = row.next_deadline
    due = deadlines.due_local(nxt, settings) if nxt else None
    return {
        "id": row.id,
        "received": row.received.astimezone(settings.tz).replace(tzinfo=None),
        "customer": row.customer,
        "received_by": row.received_by,
        "handler": row.handler,
        "status": label(lang, row.status),
        "next_deadline": "" if due is None else due,
        "deadline_state": deadlines.state_label(lang, nxt.state) if nxt else "",
        "days_open": row.days_open,
        "category": value_label(lang, "category", row.category) if row.category else "",
        "severity": value_label(lang, "severity", row.severity),
    }


def _values(row: RegisterRow, lang: str, settings: Settings) -> dict[str, str | int]:
    """The row's cells as text and numbers."""
    return {
        field: deadlines.local_text(value) if isinstance(value, date) else value
        for field, value in cells(row, lang, settings).items()
    }


def defuse(value: str | int) -> str | int:
    """A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets
    a leading apostrophe, so it shows as text (CSV injection); numbers and dates stay."""
    if isinstance(value, str) and value[:1] in FORMULA_START and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def _shown(value: str | int) -> str | int:
    """Control characters and bidi overrides of record text written out, as the CLI shows them
    (`\u202e`): a spreadsheet shows text as it is stored."""
    return visible(value) if isinstance(value, str) else value


def to_csv(found: Iterable[RegisterRow], lang: str, settings: Settings) -> str:
    """CSV with a header row in `lang` (separator `;` so Dutch Excel opens it as columns), no
    cell that a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(MSG(lang, f) for f in FIELDS)
    for row in found:
        values = _values(row, lang, settings)
        writer.writerow(defuse(_shown(values[f])) for f in FIELDS)
    return out.getvalue()


def to_json(found: Iterable[RegisterRow], lang: str, settings: Settings) -> str:
    """A list of objects with keys in English and the status also as a label in `lang`;
    `settings` is unused, for the same signature as the other formats."""
    items = []
    for row in found:
        nxt = row.next_deadline
        items.append(
            {
                "id": row.id,
                "path": row.path,
                "received": row.received.isoformat(),
                "customer": row.customer,
                "received_by": row.received_by,
                "handler": row.handler,
                "status": str(row.status),
                "status_label": label(lang, row.status),
                "category": row.category,
                "severity": row.severity,
                "days_open": row.days_open,
                "next_deadline": None
                if nxt is None
                else {
                    "clock": nxt.clock,
                    "due": nxt.due.isoformat() if nxt.due else None,
                    "state": nxt.state,
                },
            }
        )
    return json.dumps(items, ensure_ascii=False, indent=2)


def to_text(found: Iterable[RegisterRow], lang: str, settings: Settings) -> str:
    """An aligned table for the terminal."""
    table = [[MSG(lang, f) for f in FIELDS]]
    table += [[oneline(str(_values(row, lang, settings)[f])) for f in FIELDS] for row in found]
    widths = [max(len(line[i]) for line in table) for i in range(len(FIELDS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in table
    )
