"""Every generated file of the site, from the records: one pure function, used by the MkDocs
plugin and by `klacht pages --out DIR` (for any other site builder)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from klacht import deadlines, ical, register
from klacht.config import Settings
from klacht.history import History
from klacht.model import Complaint
from klacht.site import analysis, downloads, pages
from klacht.stats import years


def generate(
    complaints: Sequence[Complaint],
    hist: History | None,
    settings: Settings,
    lang: str,
    now: datetime,
) -> dict[str, str | bytes]:
    """Site paths (src_uri) to Markdown text or file bytes."""
    ctx = pages.Context(settings, lang, now)
    found = deadlines.all_open(complaints, settings, now)
    rows = register.rows(complaints, settings, now)
    shallow = bool(hist and hist.shallow)
    out: dict[str, str | bytes] = {
        "index.md": pages.home(ctx, complaints, found),
        "register.md": pages.register_page(ctx, rows),
        "register.csv": downloads.register_csv(rows, lang, settings),
        "register.xlsx": downloads.register_xlsx(rows, lang, settings),
        "deadlines.ics": ical.calendar(found, lang, now),
        "archief/index.md": pages.archive_index(ctx, complaints),
    }
    for c in complaints:
        changes = hist.changes(c.id) if hist else []
        out[pages.complaint_uri(c.id)] = pages.complaint_page(ctx, c, changes, shallow)
    for year in years(c for c in complaints if c.closed or c.withdrawn):
        out[f"archief/{year}.md"] = pages.archive_year(ctx, complaints, year)
    out.update(analysis.pages(ctx, complaints, hist))
    return out
