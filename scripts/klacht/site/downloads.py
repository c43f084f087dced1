"""The register as downloads: CSV for any program, an Excel workbook for the director."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from klacht import deadlines, register
from klacht.config import Settings
from klacht.i18n import value_label
from klacht.status import label

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _defused(text: str) -> str:
    """Text that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+`, `-`, `@`) gets a
    leading apostrophe, so that Excel shows it as text (CSV injection); numbers stay as they are."""
    if text[:1] in _FORMULA and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def register_csv(rows: Sequence[register.RegisterRow], lang: str, settings: Settings) -> bytes:
    """The register CSV with a byte-order mark, so that Excel reads ë and é correctly, and no
    cell that Excel would run as a formula."""
    lines = csv.reader(
        io.StringIO(register.to_csv(rows, lang, settings), newline=""), delimiter=";"
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([_defused(cell) for cell in line] for line in lines)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _local(moment: datetime, settings: Settings) -> datetime:
    """Excel has no time zones: the wall-clock time in the register's zone."""
    return moment.astimezone(settings.tz).replace(tzinfo=None)


def _due(deadline: deadlines.Deadline | None, settings: Settings) -> datetime | date | None:
    """The due moment; for a measure its day (it is due at the end of that day)."""
    if deadline is None or deadline.due is None:
        return None
    if deadline.clock == "measure":
        return (deadline.due.astimezone(settings.tz) - timedelta(minutes=1)).date()
    return _local(deadline.due, settings)


def _letter(field: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(register.FIELDS.index(field) + 1)


def register_xlsx(rows: Sequence[register.RegisterRow], lang: str, settings: Settings) -> bytes:
    """A workbook with one sheet: bold frozen header, real dates, an autofilter, fitted widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append([register.COLUMNS(lang, f) for f in register.FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        nxt = r.next_deadline
        values = {
            "id": r.id,
            "received": _local(r.received, settings),
            "customer": r.customer,
            "received_by": r.received_by,
            "handler": r.handler,
            "status": label(lang, r.status),
            "next_deadline": _due(nxt, settings),
            "deadline_state": deadlines.state_label(lang, nxt.state) if nxt else "",
            "days_open": r.days_open,
            "category": value_label(lang, "category", r.category) if r.category else "",
        }
        sheet.append([values[f] for f in register.FIELDS])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is text: "=..." from a record is never a formula
    for column in (sheet[_letter("received")], sheet[_letter("next_deadline")]):
        for cell in column[1:]:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd-mm-yyyy"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 12), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
