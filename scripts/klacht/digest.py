"""The director's morning summary (SPEC §8): what needs attention, from the very clocks that
`klacht deadlines` runs, and what changed since the last working day. Pure data; the wording
lives in the templates under `templates/digest/`, rendered by `render`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from klacht import deadlines, history
from klacht.config import Settings
from klacht.deadlines import Deadline
from klacht.history import Change, History
from klacht.i18n import Catalog, field_label, value_label
from klacht.model import Complaint
from klacht.status import Status, status
from klacht.workcal import Calendar

MSG = Catalog(
    {
        "subject": (
            "Klachtenregister {day}: {overview}",
            "Complaints register {day}: {overview}",
        ),
        "subject_quiet": (
            "Klachtenregister {day}: niets dat aandacht vraagt",
            "Complaints register {day}: nothing needs attention",
        ),
        "count_overdue": ("{n} termijnen te laat", "{n} deadlines overdue"),
        "count_overdue_1": ("1 termijn te laat", "1 deadline overdue"),
        "count_near": ("{n} bijna verlopen", "{n} due soon"),
        "count_new": ("{n} nieuw", "{n} new"),
        "count_serious": ("{n} ernstig", "{n} serious"),
        "count_measures": ("{n} maatregelen te laat", "{n} measures overdue"),
        "count_measures_1": ("1 maatregel te laat", "1 measure overdue"),
        "count_director": ("{n} bij de directeur", "{n} with the director"),
        "count_broken": ("{n} bestanden met fouten", "{n} files with errors"),
        "count_broken_1": ("1 bestand met fouten", "1 file with errors"),
        "title": ("Klachtenregister: overzicht van {day}", "Complaints register: summary of {day}"),
        "intro": (
            "Stand van {moment}. Klantgegevens staan niet in deze e-mail; open de klacht op de "
            "site voor de details.",
            "As of {moment}. Customer details are not in this e-mail; open the complaint on the "
            "site for details.",
        ),
        "quiet": (
            "Niets vraagt vandaag uw aandacht: geen termijn te laat of bijna verlopen, geen "
            "nieuwe, ernstige of aan u doorgegeven klacht open.",
            "Nothing needs your attention today: no deadline overdue or due soon, no new, "
            "serious or passed-on complaint open.",
        ),
        "overdue": ("Te laat", "Overdue"),
        "near": ("Bijna verlopen", "Due soon"),
        "untriaged": ("Nieuw, nog niet beoordeeld", "New, not yet triaged"),
        "director": (
            "Aan de directeur doorgegeven, nog niet afgehandeld",
            "Passed to the director, not yet handled",
        ),
        "serious": ("Ernstige klachten (open)", "Serious complaints (open)"),
        "measures": ("Preventieve maatregelen te laat", "Preventive measures overdue"),
        "registered": ("Geregistreerd sinds {day}", "Registered since {day}"),
        "closed": ("Gesloten sinds {day}", "Closed since {day}"),
        "changed": ("Verder gewijzigd sinds {day}", "Also changed since {day}"),
        "saves": ("{fields} ({n} keer opgeslagen)", "{fields} ({n} saves)"),
        "saves_1": ("{fields}", "{fields}"),
        "broken": (
            "{n} klachtbestanden hebben fouten en zijn niet meegeteld. Vraag degene die het "
            "register bijhoudt ze te herstellen ('klacht check' noemt bestand en veld).",
            "{n} complaint files have errors and are not included. Ask whoever keeps the "
            "register to repair them ('klacht check' names file and field).",
        ),
        "broken_1": (
            "1 klachtbestand heeft fouten en is niet meegeteld. Vraag degene die het register "
            "bijhoudt het te herstellen ('klacht check' noemt bestand en veld).",
            "1 complaint file has errors and is not included. Ask whoever keeps the register to "
            "repair it ('klacht check' names file and field).",
        ),
        "clock_detail": ("{clock}: uiterlijk {due}, {span}", "{clock}: due {due}, {span}"),
        "paused": ("gepauzeerd", "paused"),
        "received": ("ontvangen {day}", "received {day}"),
        "closed_on": ("gesloten {day}", "closed {day}"),
        "link": ("Open het register", "Open the register"),
        "footer": (
            "Verstuurd door 'klacht digest'. Te late klanttermijnen maken de dagelijkse controle "
            "rood; een te late maatregel staat alleen hier.",
            "Sent by 'klacht digest'. Overdue customer deadlines turn the daily check red; an "
            "overdue measure appears only here.",
        ),
    }
)
SECTIONS = ("overdue", "near", "untriaged", "director", "serious", "measures")
SUMMARY_LENGTH = 90


@dataclass(frozen=True)
class Digest:
    """What the director should know at `now`. `since` is the start of the last working day
    before today: what was registered, closed or otherwise changed from then on is news (from
    the commits in Git when there is a history, else from the records' dates). `changed` holds
    the other changes: per complaint the fields changed and how many commits changed them."""

    now: datetime
    since: date
    overdue: tuple[Deadline, ...]
    near: tuple[Deadline, ...]
    untriaged: tuple[Complaint, ...]
    director: tuple[Complaint, ...]
    serious: tuple[Complaint, ...]
    measures: tuple[Deadline, ...]
    registered: tuple[Complaint, ...]
    closed: tuple[Complaint, ...]
    broken: int = 0
    changed: tuple[tuple[Complaint, tuple[str, ...], int], ...] = ()

    @property
    def needs_attention(self) -> bool:
        """Whether anything asks the director to act (news alone does not)."""
        return self.broken > 0 or any(getattr(self, name) for name in SECTIONS)


@dataclass(frozen=True)
class Row:
    """One complaint (or measure) in a section: the complaint's id, its page on the site (""
    without `site_url`), a short summary and what brought it here (a line per clock)."""

    id: str
    url: str
    summary: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]


def previous_workday(day: date, cal: Calendar) -> date:
    """The last working day before `day` (a week back at most: the day before, if none)."""
    for back in range(1, 15):
        candidate = day - timedelta(days=back)
        if cal.is_workday(candidate):
            return candidate
    return day - timedelta(days=1)


def recent_changes(
    hist: History, ids: Iterable[str], start: datetime, now: datetime
) -> dict[str, list[Change]]:
    """Per complaint, the commits that changed it from `start` up to `now` (by the moment they
    were committed, which a rebase or a merge sets anew: when the change reached the register)."""
    found = {}
    for complaint_id in ids:
        changes = [c for c in hist.changes(complaint_id) if start <= (c.committed or c.date) <= now]
        if changes:
            found[complaint_id] = changes
    return found


def _news(
    complaints: Sequence[Complaint], hist: History, start: datetime, now: datetime, lang: str
) -> tuple[list[Complaint], list[Complaint], list[tuple[Complaint, tuple[str, ...], int]]]:
    """Registered, closed and otherwise changed complaints, from the commits since `start`."""
    recent = recent_changes(hist, (c.id for c in complaints), start, now)
    registered, closed, changed = [], [], []
    for c in complaints:
        changes = recent.get(c.id)
        if not changes:
            continue
        if any(ch.kind == "added" and not ch.truncated for ch in changes):
            registered.append(c)
        elif c.closed and any(
            f.field == "closed" and f.new is not None for ch in changes for f in ch.fields
        ):
            closed.append(c)
        else:
            labels = dict.fromkeys(
                field_label(lang, f.field) for ch in changes for f in history.shown(lang, ch)
            )
            if labels:  # a commit that changed nothing people see is no news
                changed.append((c, tuple(labels), len(changes)))
    return registered, closed, changed


def collect(
    complaints: Sequence[Complaint],
    settings: Settings,
    now: datetime,
    broken: int = 0,
    hist: History | None = None,
) -> Digest:
    """The digest's data from the valid records at `now`; `broken` counts files left out. With
    `hist` (the register's Git history) the news comes from the commits since the last working
    day began; without it, from the records' dates (received, closed)."""
    cal = Calendar(settings)
    found = deadlines.all_open(complaints, settings, now)
    today = now.astimezone(settings.tz).date()
    since = previous_workday(today, cal)
    states = {c.id: status(c) for c in complaints}
    if hist is not None and hist.by_id:
        start = datetime.combine(since, time(), settings.tz)
        registered, closed, changed = _news(complaints, hist, start, now, settings.language)
    else:
        registered = [
            c
            for c in complaints
            if c.received <= now and since <= c.received.astimezone(settings.tz).date()
        ]
        closed = [
            c
            for c in complaints
            if states[c.id] == Status.CLOSED and c.closed and since <= c.closed <= today
        ]
        changed = []
    open_ = [c for c in complaints if states[c.id] in (Status.NEW, Status.IN_PROGRESS)]
    handling = [d for d in found if d.clock != "measure"]
    return Digest(
        now=now,
        since=since,
        overdue=tuple(d for d in handling if d.state == "overdue"),
        near=tuple(d for d in found if d.state == "near"),
        untriaged=tuple(c for c in open_ if states[c.id] == Status.NEW),
        director=tuple(
            c
            for c in open_
            if states[c.id] == Status.IN_PROGRESS and c.triage and c.triage.decision == "director"
        ),
        serious=tuple(
            c
            for c in complaints
            if c.severity == "serious"
            and states[c.id] in (Status.NEW, Status.IN_PROGRESS, Status.MEDIATION)
        ),
        measures=tuple(d for d in found if d.clock == "measure" and d.state == "overdue"),
        registered=tuple(registered),
        closed=tuple(closed),
        broken=broken,
        changed=tuple(changed),
    )


def short(text: str, length: int = SUMMARY_LENGTH) -> str:
    """One line of at most `length` characters: whitespace (newlines too) folded, cut with …"""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def page_url(settings: Settings, complaint_id: str) -> str:
    """The complaint's page on the published site, or "" when `site_url` is not set."""
    if not settings.site_url:
        return ""
    return f"{settings.site_url.rstrip('/')}/klachten/{complaint_id}/"


def day_text(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _detail(d: Deadline, settings: Settings) -> str:
    lang = settings.language
    return MSG(
        lang,
        "clock_detail",
        clock=deadlines.clock_label(lang, d.clock),
        due=deadlines.due_text(d, settings) or MSG(lang, "paused"),
        span=deadlines.remaining_text(lang, d, settings),
    )


def _deadline_rows(
    found: Sequence[Deadline], by_id: dict[str, Complaint], settings: Settings
) -> list[Row]:
    """A row per complaint (its clocks together, in the given order); a row per measure."""
    rows: dict[tuple[str, str], Row] = {}
    for d in found:
        key = (d.complaint_id, d.detail)
        if key in rows:
            old = rows[key]
            rows[key] = Row(old.id, old.url, old.summary, (*old.details, _detail(d, settings)))
        else:
            summary = short(d.detail or by_id[d.complaint_id].summary)
            url = page_url(settings, d.complaint_id)
            rows[key] = Row(d.complaint_id, url, summary, (_detail(d, settings),))
    return list(rows.values())


def _complaint_row(c: Complaint, settings: Settings, detail: str) -> Row:
    return Row(c.id, page_url(settings, c.id), short(c.summary), (detail,) if detail else ())


def sections(digest: Digest, complaints: Iterable[Complaint], settings: Settings) -> list[Section]:
    """The digest as titled sections of rows, empty sections left out, in the order of
    urgency: overdue, due soon, new, with the director, serious, measures, then the news."""
    lang = settings.language
    by_id = {c.id: c for c in complaints}
    tz = settings.tz

    def received(c: Complaint) -> str:
        return MSG(lang, "received", day=day_text(c.received.astimezone(tz).date()))

    def category(c: Complaint) -> str:
        return value_label(lang, "category", c.category) if c.category else ""

    since = day_text(digest.since)
    parts = [
        ("overdue", _deadline_rows(digest.overdue, by_id, settings)),
        ("near", _deadline_rows(digest.near, by_id, settings)),
        ("untriaged", [_complaint_row(c, settings, received(c)) for c in digest.untriaged]),
        ("director", [_complaint_row(c, settings, received(c)) for c in digest.director]),
        ("serious", [_complaint_row(c, settings, received(c)) for c in digest.serious]),
        ("measures", _deadline_rows(digest.measures, by_id, settings)),
        ("registered", [_complaint_row(c, settings, category(c)) for c in digest.registered]),
        (
            "closed",
            [
                _complaint_row(c, settings, MSG(lang, "closed_on", day=day_text(c.closed)))
                for c in digest.closed
                if c.closed
            ],
        ),
        (
            "changed",
            [
                _complaint_row(c, settings, MSG(lang, "saves", fields=", ".join(fields), n=n))
                for c, fields, n in digest.changed
            ],
        ),
    ]
    return [Section(key, MSG(lang, key, day=since), tuple(rows)) for key, rows in parts if rows]


def subject(digest: Digest, settings: Settings) -> str:
    """The e-mail's subject: the day and the counts, never text from a record."""
    lang = settings.language
    day = day_text(digest.now.astimezone(settings.tz).date())
    counts = [
        ("count_overdue", len(digest.overdue)),
        ("count_measures", len(digest.measures)),
        ("count_near", len(digest.near)),
        ("count_new", len(digest.untriaged)),
        ("count_director", len(digest.director)),
        ("count_serious", len(digest.serious)),
        ("count_broken", digest.broken),
    ]
    overview = ", ".join(MSG(lang, key, n=n) for key, n in counts if n)
    if not overview:
        return MSG(lang, "subject_quiet", day=day)
    return MSG(lang, "subject", day=day, overview=overview)


FORMATS = {"text": "digest.txt", "markdown": "digest.md", "html": "digest.html"}


def render(
    digest: Digest, complaints: Iterable[Complaint], settings: Settings, fmt: str = "text"
) -> str:
    """The digest as text, Markdown or HTML (inline styles, no script: readable in Outlook),
    from the templates `digest/digest.*` (the register's own under `sjablonen/` win)."""
    from klacht import templating  # Jinja2 only for the commands that write

    lang = settings.language
    moment = digest.now.astimezone(settings.tz).strftime("%d-%m-%Y %H:%M")
    day = day_text(digest.now.astimezone(settings.tz).date())
    register_url = f"{settings.site_url.rstrip('/')}/register/" if settings.site_url else ""
    context: dict[str, object] = dict(
        lang=lang,
        title=MSG(lang, "title", day=day),
        intro=MSG(lang, "intro", moment=moment),
        broken=MSG(lang, "broken", n=digest.broken) if digest.broken else "",
        quiet="" if digest.needs_attention else MSG(lang, "quiet"),
        sections=sections(digest, complaints, settings),
        register_url=register_url,
        link=MSG(lang, "link"),
        footer=MSG(lang, "footer"),
    )
    return templating.render(settings.root, f"digest/{FORMATS[fmt]}", context)
