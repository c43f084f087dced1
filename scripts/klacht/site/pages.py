"""The generated pages of the site: pure functions from complaints to Markdown.

Every value that comes from a record is escaped and placed in a raw HTML block, where Markdown
does not act: a record's text is shown as text, never run as HTML or script, never a live link.
Links between pages are relative to directory URLs (`use_directory_urls`).
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from klacht import deadlines, forge, history, phones, register, stats
from klacht.config import Settings
from klacht.i18n import Catalog, field_label, generic_path, value_label, value_text
from klacht.model import Complaint, TimeError, parse_date, parse_datetime
from klacht.rules import TIME_FIELDS
from klacht.status import Status, ended, is_open, label, status
from klacht.workcal import Calendar

T = Catalog(
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
            "Downloaden: [register (CSV)](register.csv) · [register (Excel)](register.xlsx) · "
            "[termijnen in uw agenda (iCalendar)](deadlines.ics)",
            "Download: [register (CSV)](register.csv) · [register (Excel)](register.xlsx) · "
            "[deadlines for your calendar (iCalendar)](deadlines.ics)",
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
            "ze te herstellen: de controle van het register noemt per bestand het veld en wat "
            "er mis is.",
            "They are therefore also missing from the register, the deadlines and the "
            "analysis. Ask whoever keeps the complaints register (or last changed the file) to "
            "repair them: the register's check names the field and what is wrong for each "
            "file.",
        ),
        "letters": ("Brief aan de klant", "Letter to the customer"),
        "letter_ontvangst": ("Ontvangstbevestiging mailen", "E-mail the acknowledgement"),
        "letter_afhandeling": ("Afhandeling mailen", "E-mail the outcome"),
        "letters_help": (
            "Opent de brief als concept in uw e-mailprogramma; lees hem na voor u hem verstuurt.",
            "Opens the letter as a draft in your mail program; read it before you send it.",
        ),
    }
)


def esc(value: object) -> str:
    """Record text as HTML text: escaped, line breaks kept."""
    return html.escape(str(value), quote=True).replace("\n", "<br>")


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


def link(from_src: str, complaint_id: str) -> str:
    return f'<a href="{href(from_src, complaint_uri(complaint_id))}">{esc(complaint_id)}</a>'


def badge(lang: str, value: Status) -> str:
    return f'<span class="klacht-badge klacht-{value.value}">{esc(label(lang, value))}</span>'


def serious_badge(lang: str) -> str:
    return f'<span class="klacht-badge klacht-serious">{esc(T(lang, "serious"))}</span>'


def state_badge(lang: str, state: str) -> str:
    return f'<span class="klacht-badge klacht-{state}">{esc(deadlines.state_label(lang, state))}</span>'


Cell = str | tuple[str, str]  # HTML, or (HTML, sort key)


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], sortable: bool = False,
          numeric: Sequence[int] = ()) -> str:  # fmt: skip
    """An HTML table; cells are HTML already escaped; a (html, key) cell sorts by key."""
    cls = ' class="klacht-table klacht-sortable"' if sortable else ' class="klacht-table"'
    head = "".join(
        f'<th data-sort-method="number">{esc(h)}</th>' if i in numeric else f"<th>{esc(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, tuple):
                cells.append(f'<td data-sort="{esc(cell[1])}">{cell[0]}</td>')
            else:
                cells.append(f"<td>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def block(*parts: str, wide: bool = False, listing: bool = False) -> str:
    """Markdown text: parts separated by blank lines (HTML parts stay raw HTML blocks); a `wide`
    page hides the table of contents, leaving its tables the room; a `listing` (a table of
    complaints that have pages of their own) stays out of the search index, so that a search
    leads to the complaint's page, once."""
    meta = ("hide:\n  - toc\n" if wide else "") + ("search:\n  exclude: true\n" if listing else "")
    front = f"---\n{meta}---\n\n" if meta else ""
    return front + "\n\n".join(p for p in parts if p) + "\n"


@dataclass(frozen=True)
class Context:
    """What every page needs: settings, language, the moment of the build, the calendar."""

    settings: Settings
    lang: str
    now: datetime

    @cached_property
    def cal(self) -> Calendar:
        return Calendar(self.settings)

    def t(self, key: str, **args: object) -> str:
        return T(self.lang, key, **args)

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


def _deadline_rows(
    ctx: Context, src: str, found: Iterable[deadlines.Deadline], names: dict[str, str]
):
    for d in found:
        due, key = ctx.due(d)
        clock = deadlines.clock_label(ctx.lang, d.clock) + (f": {d.detail}" if d.detail else "")
        yield [
            (link(src, d.complaint_id), d.complaint_id),
            esc(names.get(d.complaint_id, "")),
            esc(clock),
            (esc(due), key),
            (state_badge(ctx.lang, d.state), d.state),
            (
                esc(deadlines.remaining_text(ctx.lang, d, ctx.settings)),
                f"{d.remaining.total_seconds():.0f}",
            ),
        ]


def _deadline_headers(ctx: Context, with_customer: bool = True) -> list[str]:
    customer = [register.COLUMNS(ctx.lang, "customer")] if with_customer else []
    return [register.COLUMNS(ctx.lang, "id"), *customer, ctx.t("clock"), ctx.t("due"),
            ctx.t("state"), ctx.t("left")]  # fmt: skip


def home(
    ctx: Context,
    complaints: Sequence[Complaint],
    found: Sequence[deadlines.Deadline],
    broken: Sequence[str] = (),
) -> str:
    """What needs attention now; `broken` are record files left out for their problems."""
    src = "index.md"
    open_ = [c for c in complaints if is_open(c)]
    pressing = [d for d in found if d.state in ("overdue", "near")]
    new = [c for c in open_ if status(c) == Status.NEW]
    names = {c.id: c.customer.name for c in complaints}
    tiles = "".join(
        f'<a class="klacht-tile klacht-tile-{key}{" klacht-tile-zero" if not n else ""}" '
        f'href="{target}"><span class="klacht-number">{n}</span>'
        f"<span>{esc(ctx.t(key, n=n))}</span></a>"
        for key, n, target in (
            ("open", len(open_), href(src, "register.md")),
            ("overdue", sum(d.state == "overdue" for d in found), "#deadlines"),
            ("near", sum(d.state == "near" for d in found), "#deadlines"),
            ("new", len(new), "#new"),
        )
    )
    parts = [f"# {ctx.t('attention')}", f'<div class="klacht-tiles">{tiles}</div>']
    if broken:
        files = "".join(f"<li><code>{esc(path)}</code></li>" for path in broken)
        parts.append(
            f'<div class="admonition warning"><p class="admonition-title">'
            f"{esc(ctx.t('broken', n=len(broken)))}</p><p>{esc(ctx.t('broken_help'))}</p>"
            f"<ul>{files}</ul></div>"
        )
    if pressing:
        parts += [f"## {ctx.t('deadlines_title')} {{#deadlines}}",
                  table(_deadline_headers(ctx), _deadline_rows(ctx, src, pressing, names))]  # fmt: skip
    if new:
        rows = [
            [
                link(src, c.id),
                esc(ctx.moment(c.received)),
                esc(c.customer.name),
                esc(c.received_by),
                esc(c.summary),
            ]  # fmt: skip
            for c in new
        ]
        cols = ["id", "received", "customer", "received_by"]
        headers = [register.COLUMNS(ctx.lang, k) for k in cols] + [field_label(ctx.lang, "summary")]
        parts += [f"## {ctx.t('new_title')} {{#new}}", table(headers, rows)]
    serious = [c for c in open_ if c.severity == "serious"]
    if serious:
        rows = [[link(src, c.id), badge(ctx.lang, status(c)), esc(ctx.moment(c.received)),
                 esc(c.customer.name), esc(c.summary)] for c in serious]  # fmt: skip
        cols = [register.COLUMNS(ctx.lang, k) for k in ("id", "status", "received", "customer")]
        headers = [*cols, field_label(ctx.lang, "summary")]
        parts += [f"## {ctx.t('serious_title')} {{#serious}}", table(headers, rows)]
    if not pressing and not new and not serious:
        parts.append(ctx.t("nothing"))
    parts.append(f'<p class="klacht-muted">{esc(ctx.t("built", when=ctx.moment(ctx.now)))}</p>')
    return block(*parts, wide=True)


def register_page(ctx: Context, rows: Sequence[register.RegisterRow]) -> str:
    src = "register.md"
    headers = [register.COLUMNS(ctx.lang, k) for k in
               ("id", "received", "customer", "received_by", "handler", "status", "next_deadline", "days_open")]  # fmt: skip
    body = []
    for r in rows:
        nxt = r.next_deadline
        due, key = ctx.due(nxt) if nxt else ("", "")
        state = ""
        if nxt:
            clock = deadlines.clock_label(ctx.lang, nxt.clock)
            state = f'<br><span class="klacht-muted">{esc(clock)}</span>'
            if nxt.state in ("overdue", "near"):
                state = f" {state_badge(ctx.lang, nxt.state)}{state}"
        marked = f" {serious_badge(ctx.lang)}" if r.serious else ""
        body.append([
            (link(src, r.id) + marked, r.id),
            (esc(ctx.moment(r.received)), r.received.isoformat()),
            esc(r.customer),
            esc(r.received_by),
            esc(r.handler),
            (badge(ctx.lang, r.status), r.status.value),
            (esc(due) + state, key or "9999"),
            (str(r.days_open), str(r.days_open)),
        ])  # fmt: skip
    content = table(headers, body, sortable=True, numeric=(7,)) if rows else ctx.t("none_open")
    return block(f"# {ctx.t('register')}", ctx.t("register_intro"), content, ctx.t("downloads"),
                 wide=True, listing=True)  # fmt: skip


def _value(ctx: Context, field: str, value: object) -> str:
    if isinstance(value, datetime):
        return esc(ctx.moment(value))
    if isinstance(value, date):
        return esc(ctx.day(value))
    if value is None:
        return ""
    return esc(value_text(ctx.lang, field, value))


def _written_value(ctx: Context, field: str, value: object) -> str:
    """A value as written in a version of the record (dates are text there), for people."""
    with_time = TIME_FIELDS.get(generic_path(field))
    if isinstance(value, str) and with_time is not None:
        with contextlib.suppress(TimeError):  # as written, when it is no date
            timed = with_time and len(value) > len("2026-11-24")  # a date alone stays a date
            value = parse_datetime(value, ctx.settings.tz) if timed else parse_date(value)
    return _value(ctx, field, value)


def _fields(ctx: Context, pairs: Iterable[tuple[str, object]]) -> str:
    rows = "".join(
        f"<tr><th>{esc(field_label(ctx.lang, f))}</th><td>{_value(ctx, f, v)}</td></tr>"
        for f, v in pairs
        if v is not None and v != ""
    )
    return f'<table class="klacht-fields">{rows}</table>'


def _history_table(ctx: Context, changes: Sequence[history.Change]) -> str:
    rows = []
    for change in changes:
        if change.kind == "added":
            detail = esc(ctx.t("registered"))
        elif change.kind == "deleted":
            detail = esc(ctx.t("deleted"))
        else:
            items = "".join(
                f"<li>{esc(field_label(ctx.lang, f.field))}: "
                f"<del>{_written_value(ctx, f.field, f.old)}</del> → "
                f"<ins>{_written_value(ctx, f.field, f.new)}</ins></li>"
                for f in change.fields
            )
            prefix = esc(ctx.t("renamed")) + " " if change.kind == "renamed" else ""
            detail = f"{prefix}<ul>{items}</ul>"
        if not change.readable:
            detail += " " + esc(ctx.t("unreadable"))
        when = ctx.moment(change.date)
        if change.apart and change.committed is not None:  # author date set apart: show both
            when += f" ({ctx.t('committed', when=ctx.moment(change.committed))})"
        rows.append([esc(when), esc(change.author), esc(change.message),
                     f"<code>{esc(change.commit[:8])}</code> {detail}"])  # fmt: skip
    headers = [ctx.t("when"), ctx.t("who"), ctx.t("message"), ctx.t("changes")]
    return table(headers, rows)


def _sections(ctx: Context, c: Complaint) -> list[tuple[str, list[tuple[str, object]]]]:
    """The record's fields, grouped as the procedure goes: intake, triage, handling, ..."""
    phone = (
        phones.international(c.customer.phone, ctx.settings.phone_region)
        if c.anonymized is None
        else c.customer.phone
    )
    intake: list[tuple[str, object]] = [
        ("received", c.received), ("received_by", c.received_by), ("channel", c.channel),
        ("customer.name", c.customer.name), ("customer.phone", phone),
        ("customer.email", c.customer.email), ("category", c.category),
        ("severity", c.severity), ("acknowledged", c.acknowledged), ("anonymized", c.anonymized),
    ]  # fmt: skip
    out = [("intake", intake)]
    if c.triage:
        t = c.triage
        out.append(("triage", [("triage.decision", t.decision), ("triage.at", t.at),
                               ("triage.by", t.by)]))  # fmt: skip
    handling: list[tuple[str, object]] = []
    if c.handling:
        h = c.handling
        handling += [("handling.handler", h.handler), ("handling.cause", h.cause),
                     ("handling.solution", h.solution),
                     ("handling.customer_agrees", h.customer_agrees),
                     ("handling.date", h.date)]  # fmt: skip
    if c.prevention:
        handling.append(("prevention.needed", c.prevention.needed))
    handling.append(("closed", c.closed))
    out.append(("handling", handling))
    if c.mediation:
        m = c.mediation
        out.append(("mediation", [("mediation.referred", m.referred),
                                  ("mediation.mediator", m.mediator),
                                  ("mediation.ruling", m.ruling),
                                  ("mediation.ruling_date", m.ruling_date)]))  # fmt: skip
    if c.withdrawn:
        w = c.withdrawn
        out.append(("withdrawal", [("withdrawn.date", w.date), ("withdrawn.reason", w.reason)]))
    return out


def complaint_page(
    ctx: Context,
    c: Complaint,
    changes: Sequence[history.Change],
    shallow: bool,
    running: Sequence[deadlines.Deadline],
    mail: Sequence[tuple[str, str]] = (),
) -> str:
    """Every field of a complaint in labelled sections, its running clocks, the letters to the
    customer that fit it now (`mail`: kind and `mailto:` link) and its history. It depends on
    nothing else (not on `ctx.now`): the site build keeps it by its arguments."""
    lang = ctx.lang
    parts = [
        f"# {c.id}",
        f'<p class="klacht-summary">{badge(lang, status(c))} {esc(c.summary)}</p>',
    ]
    for title, pairs in _sections(ctx, c):
        if any(v is not None and v != "" for _, v in pairs):
            parts += [f"## {ctx.t(title)}", _fields(ctx, pairs)]
        if title == "handling" and c.prevention and c.prevention.measures:
            keys = ("action", "owner", "due", "done")
            headers = [field_label(lang, f"prevention.measures.{k}") for k in keys]
            rows = [[esc(m.action), esc(m.owner or ""), esc(ctx.day(m.due)), esc(ctx.day(m.done))]
                    for m in c.prevention.measures]  # fmt: skip
            parts += [f"### {ctx.t('measures')}", table(headers, rows)]
    if c.pauses:
        headers = [field_label(lang, f"pauses.{k}") for k in ("from", "to", "reason")]
        rows = [[esc(ctx.moment(p.start)), esc(ctx.moment(p.end) if p.end else ""), esc(p.reason)]
                for p in c.pauses]  # fmt: skip
        parts += [f"### {ctx.t('pauses')}", table(headers, rows)]
    if c.corrections:
        headers = [field_label(lang, f"corrections.{k}") for k in ("date", "by", "reason")]
        rows = [[esc(ctx.day(x.date)), esc(x.by), esc(x.reason)] for x in c.corrections]
        parts += [f"### {ctx.t('corrections')}", table(headers, rows)]
    parts.append(f"## {ctx.t('deadlines')}")
    if running:
        src = complaint_uri(c.id)
        rows = (row[2:] for row in _deadline_rows(ctx, src, running, {}))
        parts.append(table(_deadline_headers(ctx, False)[1:], rows))
    else:
        parts.append(ctx.t("no_deadlines"))
    if mail:
        buttons = " ".join(
            f'<a class="md-button" href="{esc(link)}">{esc(ctx.t(f"letter_{kind}"))}</a>'
            for kind, link in mail
        )
        parts += [f"## {ctx.t('letters')}", f"<p>{buttons}</p>",
                  f'<p class="klacht-muted">{esc(ctx.t("letters_help"))}</p>']  # fmt: skip
    parts.append(f"## {ctx.t('history')}")
    if shallow:
        parts.append(f'<p class="klacht-warning">{esc(ctx.t("shallow"))}</p>')
    parts.append(_history_table(ctx, changes) if changes else ctx.t("no_history"))
    if forge.edit_link(ctx.settings, c.path):
        target = esc(forge.edit_link(ctx.settings, c.path))
        parts.append(f'<p><a class="md-button" href="{target}">{esc(ctx.t("edit"))}</a></p>')
    return block(*parts)


def archive_index(ctx: Context, complaints: Sequence[Complaint]) -> str:
    src = "archief/index.md"
    archived = [c for c in complaints if not is_open(c)]
    items = []
    for year in stats.years(archived):
        of_year = stats.of_year(archived, year)
        closed = sum(c.withdrawn is None for c in of_year)
        counts = ctx.t("closed_count", n=closed)
        if len(of_year) - closed:
            counts += ", " + ctx.t("withdrawn_count", n=len(of_year) - closed)
        items.append(
            f'<li><a href="{href(src, f"archief/{year}.md")}">{year}</a>: {esc(counts)}</li>'
        )
    return block(f"# {ctx.t('archive')}", ctx.t("archive_intro"), f"<ul>{''.join(items)}</ul>")


def archive_year(ctx: Context, complaints: Sequence[Complaint], year: int) -> str:
    src = f"archief/{year}.md"
    rows = []
    for c in sorted(
        stats.of_year([c for c in complaints if not is_open(c)], year), key=lambda c: c.received
    ):
        agrees = c.handling.customer_agrees if c.handling else None
        current = status(c)
        rows.append([
            (link(src, c.id), c.id),
            (esc(ctx.moment(c.received)), c.received.isoformat()),
            esc(c.customer.name),
            esc(c.handling.handler if c.handling and c.handling.handler else ""),
            esc(value_label(ctx.lang, "category", c.category) if c.category else ""),
            (esc(ctx.day(ended(c))), str(ended(c) or "")),
            esc("" if agrees is None else value_text(ctx.lang, "handling.customer_agrees", agrees)),
            (badge(ctx.lang, current), current.value),
        ])  # fmt: skip
    headers = [register.COLUMNS(ctx.lang, "id"), register.COLUMNS(ctx.lang, "received"),
               register.COLUMNS(ctx.lang, "customer"), register.COLUMNS(ctx.lang, "handler"),
               register.COLUMNS(ctx.lang, "category"), ctx.t("ended"),
               field_label(ctx.lang, "handling.customer_agrees"), register.COLUMNS(ctx.lang, "status")]  # fmt: skip
    title = f"# {ctx.t('archive_year', year=year)}"
    return block(title, table(headers, rows, sortable=True), wide=True, listing=True)
