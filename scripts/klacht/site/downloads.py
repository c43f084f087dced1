"""The register as downloads: CSV for any program, an Excel workbook for the director."""

from __future__ import annotations

import io
from collections.abc import Sequence

from klacht import deadlines, register
from klacht.config import Settings
from klacht.i18n import value_label
from klacht.status import label


def register_csv(rows: Sequence[register.RegisterRow], lang: str, settings: Settings) -> bytes:
    """The register CSV with a byte-order mark, so that Excel reads ë and é correctly."""
    return b"\xef\xbb\xbf" + register.to_csv(rows, lang, settings).encode("utf-8")


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
        due = nxt.due.astimezone(settings.tz).replace(tzinfo=None) if nxt and nxt.due else None
        sheet.append([
            r.id,
            r.received.astimezone(settings.tz).replace(tzinfo=None),
            r.customer,
            r.received_by,
            r.handler,
            label(lang, r.status),
            due,
            deadlines.state_label(lang, nxt.state) if nxt else "",
            r.days_open,
            value_label(lang, "category", r.category) if r.category else "",
        ])  # fmt: skip
    for column in ("B", "G"):
        for cell in sheet[column][1:]:
            cell.number_format = "dd-mm-yyyy hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 12), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
