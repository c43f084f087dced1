"""Every generated file of the site, from the records: one pure function, used by the MkDocs
plugin and by `klacht pages --out DIR` (for any other site builder)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from klacht import deadlines, documents, ical, letters, records, register
from klacht.config import Settings
from klacht.history import History
from klacht.model import Complaint
from klacht.problems import Problem
from klacht.report import text_line, visible
from klacht.site import analysis, downloads, forms, letterpage, pages
from klacht.stats import years

log = logging.getLogger("mkdocs.plugins.klacht")


@dataclass(frozen=True)
class Deferred:
    """A page written only when asked for: `key` digests everything its text depends on, so a
    builder that kept the page from an earlier build can skip writing it."""

    key: str
    make: Callable[[], str]


# A file of the site: Markdown text, bytes, a page written when asked for, or a file to copy.
Content = str | bytes | Deferred | Path


def _digest(*inputs: object) -> str:
    """A stable digest of plain data (dataclasses of dates, text and numbers have stable reprs)."""
    return hashlib.blake2b(repr(inputs).encode("utf-8"), digest_size=16).hexdigest()


def _complaint_page(ctx: pages.SiteContext, args: tuple, text: str) -> str:
    """A complaint's page with, at its end, the forms of its next steps."""
    steps = forms.steps_section(ctx.settings, ctx.lang, args[0], text)
    return pages.complaint_page(ctx, *args) + (f"\n{steps}" if steps else "")


def generate(
    complaints: Sequence[Complaint],
    hist: History | None,
    settings: Settings,
    lang: str,
    now: datetime,
    problems: Sequence[Problem] = (),
) -> dict[str, Content]:
    """Site paths (src_uri) to Markdown text, file bytes, a deferred complaint page, or a
    document to copy; `problems` are those of the record files left out."""
    ctx = pages.SiteContext(settings, lang, now)
    kept, late = _documents(complaints, settings)
    if late:  # documents changed since the check: their complaints are left out, like others
        for problem in late:
            log.warning("%s", visible(text_line(problem, lang)))
        complaints = [c for c in complaints if c.id in kept]
        problems = sorted((*problems, *late), key=lambda p: (p.path, p.line, p.column))
    broken = sorted({p.path for p in problems})
    running = deadlines.running(complaints, settings, now)
    found = deadlines.pressing_first(running)
    rows = register.rows(complaints, settings, now, running)
    shallow = bool(hist and hist.shallow)
    out: dict[str, Content] = {
        "index.md": pages.home(ctx, complaints, found, problems),
        "register.md": pages.register_page(ctx, rows),
        "register.csv": downloads.register_csv(rows, lang, settings),
        "register.xlsx": downloads.register_xlsx(rows, lang, settings),
        "deadlines.ics": ical.calendar(found, lang, now, settings),
        "archief/index.md": pages.archive_index(ctx, complaints),
        "nieuw.md": forms.new_page(settings, lang, now, complaints, broken),
    }
    common = repr((settings, lang))  # with the arguments, all a complaint page is made of
    for c in complaints:
        ready = letters.ready(c, settings, now)
        mail = letters.offered(ready, lang)
        printable = pages.href(pages.complaint_uri(c.id), letterpage.uri(c.id)) if ready else ""
        stored = kept[c.id]
        out.update((documents.site_uri(c.id, d.file), d.content) for d in stored if d.content)
        args = (
            c,
            hist.changes(c.id) if hist else [],
            shallow,
            running[c.id],
            mail,
            stored,
            printable,
        )
        text = forms.source(settings, c)  # the file as it is, for the forms of the next steps
        make = partial(_complaint_page, ctx, args, text)
        out[pages.complaint_uri(c.id)] = Deferred(_digest(common, *args, text), make)
        if ready:
            page = partial(letterpage.page, ctx, c.id, ready)
            out[letterpage.uri(c.id)] = Deferred(_digest(common, ready), page)
    for year in years(c for c in complaints if c.closed or c.withdrawn):
        out[f"archief/{year}.md"] = pages.archive_year(ctx, complaints, year)
    out.update(analysis.pages(ctx, complaints, hist))
    return out


def _documents(
    complaints: Sequence[Complaint], settings: Settings
) -> tuple[dict[str, list[documents.Stored]], list[Problem]]:
    """The documents of each complaint, kept for the build (`documents.Store`), by complaint id;
    the problems of those that changed since the check, whose complaints are left out."""
    encrypted = any(d.file.endswith(documents.ENCRYPTED) for c in complaints for d in c.documents)
    opener = documents.opener_of(settings) if encrypted else None
    store = documents.Store(settings) if any(c.documents for c in complaints) else None
    limits = documents.Limits.of(settings)
    kept: dict[str, list[documents.Stored]] = {}
    late: list[Problem] = []
    for c in complaints:
        if store is None or not c.documents:
            kept[c.id] = []
            continue
        stored, findings = documents.stored(settings.root, c, store, limits, opener)
        if findings:
            late += records.located(c.path, findings, settings)
        else:
            kept[c.id] = stored
    return kept, late
