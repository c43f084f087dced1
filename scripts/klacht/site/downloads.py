"""The register as downloads: CSV for any program, an Excel workbook for the director."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from klacht import register
from klacht.config import Settings


def register_csv(rows: Sequence[register.RegisterRow], lang: str, settings: Settings) -> bytes:
    """The register CSV with a byte-order mark, so that Excel reads ë and é correctly."""
    return b"\xef\xbb\xbf" + register.to_csv(rows, lang, settings).encode("utf-8")


def _cell(sheet: Any, value: object) -> Any:
    """A cell for the register sheet: text stays text ("=..." from a record is never a formula),
    dates get a Dutch date format."""
    from openpyxl.cell import Cell

    cell = Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = "dd-mm-yyyy hh:mm"
    elif isinstance(value, date):
        cell.number_format = "dd-mm-yyyy"
    return cell


def register_xlsx(rows: Sequence[register.RegisterRow], lang: str, settings: Settings) -> bytes:
    """A workbook with one sheet: bold frozen header, real dates, an autofilter, fitted widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append([register.COLUMNS(lang, f) for f in register.FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(cell.value) for cell in sheet[1]]
    for r in rows:
        values = register.cells(r, lang, settings)
        sheet.append([_cell(sheet, values[f]) for f in register.FIELDS])
        for i, f in enumerate(register.FIELDS):
            widths[i] = max(widths[i], len(str(values[f] or "")))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(max(width + 2, 12), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
