"""The generated pages of the site: pure functions from complaints to Markdown.

Each page is a plain dataclass of what it shows, rendered by its template in `templates/` (see
`render`): every value from a record is escaped there and placed in a raw HTML block, where
Markdown does not act, so a record's text is shown as text, never run as HTML or script, never a
live link. Links between pages are relative to directory URLs (`use_directory_urls`).
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, partial
from urllib.parse import quote

from klacht import deadlines, documents, forge, history, phones, register, stats
from klacht.config import Settings
from klacht.documents import Stored, content_type, human_size, site_uri
from klacht.i18n import Catalog, field_label, generic_path, value_label, value_text
from klacht.model import Complaint, TimeError, parse_date, parse_datetime
from klacht.problems import Problem
from klacht.rules import TIME_FIELDS
from klacht.site.render import render
from klacht.status import Status, ended, is_open, label, status
from klacht.workcal import Calendar

MSG = Catalog(
    {
        "attention": ("Wat vraagt nu aandacht", "What needs attention now"),
        "open": ("open klachten", "open complaints"),
        "open_1": ("open klacht", "open complaint"),
        "overdue": ("termijnen verlopen", "deadlines overdue"),
        "overdue_1": ("termijn verlopen", "deadline overdue"),
        "near": ("termijnen bijna verlopen", "deadlines due soon"),
        "near_1": ("termijn bijna verlopen", "deadline due soon"),
        "new": ("nieuw, nog niet beoordeeld", "new, not yet triaged"),
        "nothing": ("Niets dat nu aandacht vraagt.", "Nothing needs attention now."),
        "deadlines_title": (
            "Termijnen die verlopen of bijna verlopen",
            "Deadlines overdue or due soon",
        ),
        "new_title": ("Nieuwe klachten", "New complaints"),
        "built": ("Bijgewerkt op {when}.", "Updated on {when}."),
        "register": ("Register van open klachten", "Register of open complaints"),
        "register_intro": (
            "Alle klachten die nog in behandeling zijn. Klik op een kolomkop om te sorteren.",
            "Every complaint still being handled. Click a column header to sort.",
        ),
        "downloads": (
            "Downloaden: [register (CSV)](register.csv) · [register (Excel)](register.xlsx)",
            "Download: [register (CSV)](register.csv) · [register (Excel)](register.xlsx)",
        ),
        "calendar": (
            "Termijnen in uw agenda: [downloaden (iCalendar)](deadlines.ics) (eenmalig, werkt "
            "altijd)",
            "Deadlines in your calendar: [download (iCalendar)](deadlines.ics) (once, always "
            "works)",
        ),
        "subscribe": (
            "[abonneren]({url}) (uw agenda volgt het register, als uw agenda-app deze site kan "
            "bereiken: zie Termijnen in de handleiding)",
            "[subscribe]({url}) (your calendar follows the register, if your calendar app can "
            "reach this site: see Deadlines in the staff guide)",
        ),
        "none_open": ("Er zijn geen open klachten.", "There are no open complaints."),
        "archive": ("Archief", "Archive"),
        "archive_intro": (
            "Afgehandelde en ingetrokken klachten, per jaar van ontvangst.",
            "Handled and withdrawn complaints, by year received.",
        ),
        "archive_year": ("Archief {year}", "Archive {year}"),
        "closed_count": ("{n} afgehandeld", "{n} handled"),
        "withdrawn_count": ("{n} ingetrokken", "{n} withdrawn"),
        "intake": ("Melding", "Intake"),
        "triage": ("Beoordeling", "Triage"),
        "handling": ("Afhandeling", "Handling"),
        "mediation": ("Bemiddeling", "Mediation"),
        "withdrawal": ("Intrekking", "Withdrawal"),
        "legal_hold": ("Juridische bewaarplicht", "Legal hold"),
        "deadlines": ("Termijnen", "Deadlines"),
        "no_deadlines": ("Geen lopende termijnen.", "No running deadlines."),
        "history": ("Geschiedenis", "History"),
        "no_history": (
            "Geen geschiedenis: dit bestand is nog niet vastgelegd in Git.",
            "No history: this file has not been committed to Git yet.",
        ),
        "shallow": (
            "Let op: de site is gebouwd uit een onvolledige kopie (shallow clone); oudere "
            "wijzigingen ontbreken.",
            "Note: the site was built from an incomplete copy (shallow clone); older changes are "
            "missing.",
        ),
        "edit": ("Bewerken", "Edit"),
        "measures": ("Preventieve maatregelen", "Preventive measures"),
        "pauses": ("Pauzes", "Pauses"),
        "corrections": ("Correcties", "Corrections"),
        "when": ("wanneer", "when"),
        "committed": ("vastgelegd {when}", "committed {when}"),
        "who": ("wie", "who"),
        "message": ("omschrijving", "message"),
        "changes": ("wijzigingen", "changes"),
        "registered": ("geregistreerd", "registered"),
        "renamed": ("hernoemd", "renamed"),
        "deleted": ("verwijderd", "deleted"),
        "document_added": ("document toegevoegd:", "document added:"),
        "document_removed": ("document verwijderd:", "document removed:"),
        "document_replaced": ("document vervangen:", "document replaced:"),
        "document_renamed": ("document hernoemd naar", "document renamed to"),
        "documents": ("Documenten", "Documents"),
        "document_sealed": (
            "(versleuteld; te openen met de sleutel van het register)",
            "(encrypted; opened with the register's key)",
        ),
        "document_erased": (
            "[verwijderd] (de sleutel van dit jaar is vernietigd)",
            "[erased] (the key of this year was destroyed)",
        ),
        "document_title": ("document", "document"),
        "document_date": ("datum", "date"),
        "document_kind": ("soort", "kind"),
        "document_size": ("grootte", "size"),
        "unreadable": ("(geen geldige YAML)", "(not valid YAML)"),
        "clock": ("termijn", "deadline"),
        "due": ("uiterlijk", "due"),
        "state": ("stand", "state"),
        "left": ("resterend", "remaining"),
        "broken": (
            "{n} klachten staan niet op deze site: hun bestanden bevatten fouten",
            "{n} complaints are not on this site: their files contain errors",
        ),
        "broken_1": (
            "1 klacht staat niet op deze site: het bestand bevat fouten",
            "1 complaint is not on this site: its file contains errors",
        ),
        "ended": ("gesloten of ingetrokken op", "closed or withdrawn on"),
        "serious": ("ernstig", "serious"),
        "serious_title": ("Ernstige klachten (open)", "Serious complaints (open)"),
        "broken_help": (
            "Ze ontbreken daarom ook in het register, bij de termijnen en in de analyse. Vraag "
            "degene die het klachtenregister bijhoudt (of wie het bestand het laatst wijzigde) "
            "ze te herstellen. Dit is er mis:",
            "They are therefore also missing from the register, the deadlines and the "
            "analysis. Ask whoever keeps the complaints register (or last changed the file) to "
            "repair them. This is what is wrong:",
        ),
        "line": ("regel {line}", "line {line}"),
        "letters": ("Brief aan de klant", "Letter to the customer"),
        "letter_ontvangst": ("Ontvangstbevestiging mailen", "E-mail the acknowledgement"),
        "letter_afhandeling": ("Afhandeling mailen", "E-mail the outcome"),
        "letter_print": ("Brieven bekijken en afdrukken", "View and print the letters"),
        "letters_help": (
            "Opent de brief als concept in uw e-mailprogramma; lees hem na voor u hem verstuurt.",
            "Opens the letter as a draft in your mail program; read it before you send it.",
        ),
    }
)


def url_of(src_uri: str) -> str:
    """The directory URL of a page, relative to the site root: `klachten/K-2026-001/`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def href(from_src: str, to: str) -> str:
    """A link from page `from_src` to a page (`.md`) or file, relative to `from_src`'s URL."""
    depth = url_of(from_src).count("/")
    target = url_of(to) if to.endswith(".md") else to
    return "../" * depth + target


def complaint_uri(complaint_id: str) -> str:
    return f"klachten/{complaint_id}.md"


def complaint_href(from_src: str, complaint_id: str) -> str:
    return href(from_src, complaint_uri(complaint_id))


@dataclass(frozen=True)
class SiteContext:
    """What every page needs: settings, language, the moment of the build, the calendar."""

    settings: Settings
    lang: str
    now: datetime

    @cached_property
    def cal(self) -> Calendar:
        return Calendar(self.settings)

    def t(self, key: str, **args: object) -> str:
        return MSG(self.lang, key, **args)

    def moment(self, value: datetime) -> str:
        return value.astimezone(self.settings.tz).strftime("%d-%m-%Y %H:%M")

    def day(self, value: date | None) -> str:
        return value.strftime("%d-%m-%Y") if value else ""

    def due(self, deadline: deadlines.Deadline) -> tuple[str, str]:
        """A deadline's due moment as (text for people, sortable ISO key); empty while paused."""
        key = deadlines.due_text(deadline, self.settings)
        if not key:
            return "", ""
        shown = datetime.fromisoformat(key).strftime(
            "%d-%m-%Y" if len(key) == 10 else "%d-%m-%Y %H:%M"
        )
        return shown, key

    def page(self, template: str, data: object) -> str:
        """A page's Markdown: its template with its data, and this page's labels at hand."""
        lang = self.lang
        return render(
            template,
            data,
            t=partial(MSG, lang),
            col=partial(register.MSG, lang),
            field=partial(field_label, lang),
        )


# --- The home page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    key: str  # what it counts: open, overdue, near, new (its label and CSS class)
    n: int
    href: str


@dataclass(frozen=True)
class DeadlineRow:
    """A running deadline; `state` is its CSS class, the keys sort its cells."""

    id: str
    href: str
    customer: str
    clock: str
    due: str
    due_key: str
    state: str
    state_text: str
    left: str
    left_key: str


@dataclass(frozen=True)
class NewRow:
    id: str
    href: str
    received: str
    customer: str
    received_by: str
    summary: str


@dataclass(frozen=True)
class SeriousRow:
    """An open serious complaint; `status` is its CSS class."""

    id: str
    href: str
    status: str
    status_text: str
    received: str
    customer: str
    summary: str


@dataclass(frozen=True)
class BrokenFile:
    """A record file left out of the site, and its problems in words: (line, text)."""

    path: str
    problems: list[tuple[int, str]]


@dataclass(frozen=True)
class HomePage:
    tiles: list[Tile]
    broken: list[BrokenFile]  # record files left out for their problems
    pressing: list[DeadlineRow]
    new: list[NewRow]
    serious: list[SeriousRow]
    built: str


def _deadline_rows(
    ctx: SiteContext, src: str, found: Iterable[deadlines.Deadline], names: dict[str, str]
) -> list[DeadlineRow]:
    rows = []
    for d in found:
        due, key = ctx.due(d)
        clock = deadlines.clock_label(ctx.lang, d.clock) + (f": {d.detail}" if d.detail else "")
        rows.append(
            DeadlineRow(
                id=d.complaint_id,
                href=complaint_href(src, d.complaint_id),
                customer=names.get(d.complaint_id, ""),
                clock=clock,
                due=due,
                due_key=key,
                state=d.state,
                state_text=deadlines.state_label(ctx.lang, d.state),
                left=deadlines.remaining_text(ctx.lang, d, ctx.settings),
                left_key=f"{d.remaining.total_seconds():.0f}",
            )
        )
    return rows


def home(
    ctx: SiteContext,
    complaints: Sequence[Complaint],
    found: Sequence[deadlines.Deadline],
    problems: Sequence[Problem] = (),
) -> str:
    """What needs attention now; `problems` those of the record files left out."""
    src = "index.md"
    open_ = [c for c in complaints if is_open(c)]
    new = [c for c in open_ if status(c) == Status.NEW]
    names = {c.id: c.customer.name for c in complaints}
    tiles = [
        Tile("open", len(open_), href(src, "register.md")),
        Tile("overdue", sum(d.state == "overdue" for d in found), "#deadlines"),
        Tile("near", sum(d.state == "near" for d in found), "#deadlines"),
        Tile("new", len(new), "#new"),
    ]
    pressing = [d for d in found if d.state in ("overdue", "near")]
    new_rows = [
        NewRow(
            c.id,
            complaint_href(src, c.id),
            ctx.moment(c.received),
            c.customer.name,
            c.received_by,
            c.summary,
        )
        for c in new
    ]
    serious = [
        SeriousRow(
            c.id,
            complaint_href(src, c.id),
            status(c).value,
            label(ctx.lang, status(c)),
            ctx.moment(c.received),
            c.customer.name,
            c.summary,
        )
        for c in open_
        if c.severity == "serious"
    ]
    by_path: dict[str, list[tuple[int, str]]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append((problem.line, problem.text(ctx.lang)))
    page = HomePage(
        tiles,
        [BrokenFile(path, found) for path, found in sorted(by_path.items())],
        _deadline_rows(ctx, src, pressing, names),
        new_rows,
        serious,
        ctx.moment(ctx.now),
    )
    return ctx.page("home.md.j2", page)


# --- The register ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    """One open complaint; `status` and `state` are CSS classes, the keys sort the cells."""

    id: str
    href: str
    received: str
    received_key: str
    customer: str
    received_by: str
    handler: str
    status: str
    status_text: str
    due: str
    due_key: str
    clock: str  # of the next deadline, if any
    state: str  # of the next deadline, when overdue or near
    state_text: str
    days_open: int
    serious: bool  # marked "ernstig"


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterLine]
    subscribe: str  # the calendar feed's webcal:// address, or "" when `site_url` is not set


def subscribe_url(site_url: str) -> str:
    """The calendar feed of the site published at `site_url` as a `webcal://` address, which
    calendar apps open as a subscription; "" without an http(s) address."""
    scheme, sep, rest = site_url.strip().partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/"):
        return ""
    return f"webcal://{rest.rstrip('/')}/deadlines.ics"


def register_page(ctx: SiteContext, rows: Sequence[register.RegisterRow]) -> str:
    src = "register.md"
    lines = []
    for r in rows:
        nxt = r.next_deadline
        due, key = ctx.due(nxt) if nxt else ("", "")
        marked = nxt is not None and nxt.state in ("overdue", "near")
        state = nxt.state if nxt and marked else ""
        lines.append(
            RegisterLine(
                id=r.id,
                href=complaint_href(src, r.id),
                received=ctx.moment(r.received),
                received_key=r.received.isoformat(),
                customer=r.customer,
                received_by=r.received_by,
                handler=r.handler,
                status=r.status.value,
                status_text=label(ctx.lang, r.status),
                due=due,
                due_key=key or "9999",
                clock=deadlines.clock_label(ctx.lang, nxt.clock) if nxt else "",
                state=state,
                state_text=deadlines.state_label(ctx.lang, state) if state else "",
                days_open=r.days_open,
                serious=r.serious,
            )
        )
    return ctx.page("register.md.j2", RegisterPage(lines, subscribe_url(ctx.settings.site_url)))


# --- A complaint's page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """Fields of one step of the procedure (`key`: intake, triage, ...) as (label, value)."""

    key: str
    fields: list[tuple[str, str]]


@dataclass(frozen=True)
class ChangedField:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    when: str
    who: str
    message: str
    commit: str  # abbreviated
    kind: str  # added | modified | renamed | deleted, or document_added (… _removed, …)
    fields: list[ChangedField]  # of a modified or renamed file
    readable: bool
    document: str = ""  # the file name of a document added (or removed, …)


@dataclass(frozen=True)
class DocumentRow:
    """A document on its complaint's page, with its download link."""

    title: str
    date: str
    kind: str
    size: str
    href: str
    file: str
    content_type: str
    note: str  # why there is no link: erased, or encrypted without the key at hand


@dataclass(frozen=True)
class ComplaintPage:
    id: str
    status: str  # CSS class
    status_text: str
    serious: bool
    summary: str
    sections: list[Section]
    measures: list[tuple[str, str, str, str]]  # action, owner, due, done
    pauses: list[tuple[str, str, str]]  # from, to, reason
    corrections: list[tuple[str, str, str]]  # date, by, reason
    running: list[DeadlineRow]
    shallow: bool
    letters: list[tuple[str, str]]  # label, mailto: link of a letter to the customer
    letter_page: str  # the printable letters (href), or ""
    history: list[HistoryRow]
    edit_url: str
    documents: list[DocumentRow]


def _value(ctx: SiteContext, field: str, value: object) -> str:
    if isinstance(value, datetime):
        return ctx.moment(value)
    if isinstance(value, date):
        return ctx.day(value)
    if value is None:
        return ""
    return value_text(ctx.lang, field, value)


def _written_value(ctx: SiteContext, field: str, value: object) -> str:
    """A value as written in a version of the record (dates are text there), for people."""
    with_time = TIME_FIELDS.get(generic_path(field))
    if isinstance(value, str) and with_time is not None:
        with contextlib.suppress(TimeError):  # as written, when it is no date
            timed = with_time and len(value) > len("2026-11-24")  # a date alone stays a date
            value = parse_datetime(value, ctx.settings.tz) if timed else parse_date(value)
    return _value(ctx, field, value)


def _when(ctx: SiteContext, change: history.Change) -> str:
    """When a change was made; with the committer's date too where the author's is set apart."""
    when = ctx.moment(change.date)
    if change.apart and change.committed is not None:
        when += f" ({ctx.t('committed', when=ctx.moment(change.committed))})"
    return when


def _history_rows(ctx: SiteContext, changes: Sequence[history.Change]) -> list[HistoryRow]:
    return [
        HistoryRow(
            when=_when(ctx, change),
            who=change.author,
            message=change.message,
            commit=change.commit[:8],
            kind=change.kind,
            fields=[
                ChangedField(
                    history.field_name(ctx.lang, f.field),
                    _written_value(ctx, f.field, f.old),
                    _written_value(ctx, f.field, f.new),
                )
                for f in history.shown(ctx.lang, change)
            ],
            readable=change.readable,
            document=posixpath.basename(change.path) if change.kind.startswith("document_") else "",
        )
        for change in changes
    ]


def _document_rows(ctx: SiteContext, record_id: str, stored: Sequence[Stored]) -> list[DocumentRow]:
    src = complaint_uri(record_id)
    return [
        DocumentRow(
            title=d.title,
            date=ctx.day(d.date),
            kind=documents.MSG(ctx.lang, f"kind.{d.kind}"),
            size=human_size(d.size, ctx.lang) if d.size is not None else "",
            href=href(src, site_uri(record_id, quote(d.file))) if d.content else "",
            file=d.file,
            content_type=content_type(d.file),
            note=ctx.t("document_erased")
            if d.erased
            else ""
            if d.content
            else ctx.t("document_sealed"),
        )
        for d in stored
    ]


def _sections(ctx: SiteContext, c: Complaint) -> list[tuple[str, list[tuple[str, object]]]]:
    """The record's fields, grouped as the procedure goes: intake, triage, handling, ..."""
    phone = (
        phones.international(c.customer.phone, ctx.settings.phone_region)
        if c.anonymized is None
        else c.customer.phone
    )
    intake: list[tuple[str, object]] = [
        ("received", c.received),
        ("received_by", c.received_by),
        ("channel", c.channel),
        ("customer.name", c.customer.name),
        ("customer.phone", phone),
        ("customer.email", c.customer.email),
        ("category", c.category),
        ("severity", c.severity),
        ("acknowledged", c.acknowledged),
        ("anonymized", c.anonymized),
    ]
    out = [("intake", intake)]
    if c.triage:
        t = c.triage
        out.append(
            ("triage", [("triage.decision", t.decision), ("triage.at", t.at), ("triage.by", t.by)])
        )
    handling: list[tuple[str, object]] = []
    if c.handling:
        h = c.handling
        handling += [
            ("handling.handler", h.handler),
            ("handling.cause", h.cause),
            ("handling.solution", h.solution),
            ("handling.customer_agrees", h.customer_agrees),
            ("handling.date", h.date),
        ]
    if c.prevention:
        handling.append(("prevention.needed", c.prevention.needed))
    handling.append(("closed", c.closed))
    out.append(("handling", handling))
    if c.mediation:
        m = c.mediation
        out.append(
            (
                "mediation",
                [
                    ("mediation.referred", m.referred),
                    ("mediation.mediator", m.mediator),
                    ("mediation.ruling", m.ruling),
                    ("mediation.ruling_date", m.ruling_date),
                ],
            )
        )
    if c.withdrawn:
        w = c.withdrawn
        out.append(("withdrawal", [("withdrawn.date", w.date), ("withdrawn.reason", w.reason)]))
    if c.legal_hold:
        hold = c.legal_hold
        out.append(
            (
                "legal_hold",
                [
                    ("legal_hold.since", hold.since),
                    ("legal_hold.reason", hold.reason),
                    ("legal_hold.lifted", hold.lifted),
                ],
            )
        )
    return out


def complaint_page(
    ctx: SiteContext,
    c: Complaint,
    changes: Sequence[history.Change],
    shallow: bool,
    running: Sequence[deadlines.Deadline],
    mail: Sequence[tuple[str, str]] = (),
    stored: Sequence[Stored] = (),
    letter_page: str = "",
) -> str:
    """Every field of a complaint in labelled sections, its running clocks, the letters to the
    customer that fit it now (`mail`: kind and `mailto:` link; `letter_page`: the page that
    prints them), its documents (`stored`) and its history. It depends on nothing else (not on
    `ctx.now`): the site build keeps it by its arguments."""
    lang = ctx.lang
    sections = [
        Section(
            title,
            [
                (field_label(lang, f), _value(ctx, f, v))
                for f, v in pairs
                if v is not None and v != ""
            ],
        )
        for title, pairs in _sections(ctx, c)
    ]
    measures = c.prevention.measures if c.prevention else []
    page = ComplaintPage(
        id=c.id,
        status=status(c).value,
        status_text=label(lang, status(c)),
        serious=c.severity == "serious",
        summary=c.summary,
        sections=sections,
        measures=[(m.action, m.owner or "", ctx.day(m.due), ctx.day(m.done)) for m in measures],
        pauses=[
            (ctx.moment(p.start), ctx.moment(p.end) if p.end else "", p.reason) for p in c.pauses
        ],
        corrections=[(ctx.day(x.date), x.by, x.reason) for x in c.corrections],
        running=_deadline_rows(ctx, complaint_uri(c.id), running, {}),
        shallow=shallow,
        letters=[(ctx.t(f"letter_{kind}"), link) for kind, link in mail],
        letter_page=letter_page,
        history=_history_rows(ctx, changes),
        edit_url=forge.edit_link(ctx.settings, c.path),
        documents=_document_rows(ctx, c.id, stored),
    )
    return ctx.page("complaint.md.j2", page)


# --- The archive -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchivedYear:
    year: int
    href: str
    counts: str


@dataclass(frozen=True)
class ArchivePage:
    years: list[ArchivedYear]


def archive_index(ctx: SiteContext, complaints: Sequence[Complaint]) -> str:
    src = "archief/index.md"
    archived = [c for c in complaints if not is_open(c)]
    years = []
    for year in stats.years(archived):
        of_year = stats.of_year(archived, year)
        closed = sum(c.withdrawn is None for c in of_year)
        counts = ctx.t("closed_count", n=closed)
        if len(of_year) - closed:
            counts += ", " + ctx.t("withdrawn_count", n=len(of_year) - closed)
        years.append(ArchivedYear(year, href(src, f"archief/{year}.md"), counts))
    return ctx.page("archive.md.j2", ArchivePage(years))


@dataclass(frozen=True)
class ArchiveLine:
    id: str
    href: str
    received: str
    received_key: str
    customer: str
    handler: str
    category: str
    ended: str
    ended_key: str
    agrees: str
    status: str  # CSS class
    status_text: str


@dataclass(frozen=True)
class ArchiveYearPage:
    year: int
    rows: list[ArchiveLine]


def archive_year(ctx: SiteContext, complaints: Sequence[Complaint], year: int) -> str:
    src = f"archief/{year}.md"
    rows = []
    for c in sorted(
        stats.of_year([c for c in complaints if not is_open(c)], year), key=lambda c: c.received
    ):
        agrees = c.handling.customer_agrees if c.handling else None
        current = status(c)
        rows.append(
            ArchiveLine(
                id=c.id,
                href=complaint_href(src, c.id),
                received=ctx.moment(c.received),
                received_key=c.received.isoformat(),
                customer=c.customer.name,
                handler=c.handling.handler if c.handling and c.handling.handler else "",
                category=value_label(ctx.lang, "category", c.category) if c.category else "",
                ended=ctx.day(ended(c)),
                ended_key=str(ended(c) or ""),
                agrees=""
                if agrees is None
                else value_text(ctx.lang, "handling.customer_agrees", agrees),
                status=current.value,
                status_text=label(ctx.lang, current),
            )
        )
    return ctx.page("archive_year.md.j2", ArchiveYearPage(year, rows))
