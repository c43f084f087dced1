"""The clocks of the complaints procedure, per complaint: acknowledgement (two working days
unless set otherwise, or off), triage (48 working hours), resolution (a target in working days,
paused while waiting for the customer) and the due dates of preventive measures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from klacht.config import CLOCKS as CLOCKS  # the clocks in order, named by the settings
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.model import Complaint
from klacht.status import Status, status
from klacht.workcal import Calendar

STATES = ("overdue", "near", "paused", "ok")

MSG = Catalog(
    {
        "acknowledgement": ("ontvangstbevestiging", "acknowledgement"),
        "triage": ("beoordeling (48 uur)", "triage (48 hours)"),
        "resolution": ("afhandeling", "resolution"),
        "measure": ("preventieve maatregel", "preventive measure"),
        "overdue": ("te laat", "overdue"),
        "near": ("bijna verlopen", "due soon"),
        "paused": ("gepauzeerd", "paused"),
        "ok": ("op tijd", "on time"),
        "left": ("nog {span}", "{span} left"),
        "late": ("{span} te laat", "{span} overdue"),
        "days": ("{n} dagen", "{n} days"),
        "days_1": ("{n} dag", "{n} day"),
        "workdays": ("{n} werkdagen", "{n} working days"),
        "workdays_1": ("{n} werkdag", "{n} working day"),
        "hours": ("{n} uur", "{n} hours"),
        "hours_1": ("{n} uur", "{n} hour"),
        "minutes": ("{n} minuten", "{n} minutes"),
        "minutes_1": ("{n} minuut", "{n} minute"),
        "and": (" en ", " and "),
    }
)
# Measures are due at the end of their day; "near" within this many days.
MEASURE_WARNING = timedelta(days=7)


@dataclass(frozen=True)
class Deadline:
    """One running clock of one complaint. `remaining` is working time (calendar time for
    measures and in calendar mode), negative when overdue; `due` is None while paused."""

    complaint_id: str
    path: str
    clock: str
    due: datetime | None
    state: str
    remaining: timedelta
    fraction_used: float
    detail: str = ""


def clock_label(lang: str, clock: str) -> str:
    return MSG(lang, clock)


def state_label(lang: str, state: str) -> str:
    return MSG(lang, state)


def format_span(lang: str, span: timedelta, working: bool) -> str:
    """`nog 2 werkdagen en 5 uur` / `3 uur te laat` / `nog 40 minuten` (whole units, cut off)."""
    hours = int(abs(span) / timedelta(hours=1))
    days, rest = divmod(hours, 24)
    parts = []
    if days:
        parts.append(MSG(lang, "workdays" if working else "days", n=days))
    if rest:
        parts.append(MSG(lang, "hours", n=rest))
    if not hours:
        parts.append(MSG(lang, "minutes", n=int(abs(span) / timedelta(minutes=1))))
    text = MSG(lang, "and").join(parts)
    return MSG(lang, "late" if span < timedelta() else "left", span=text)


def remaining_text(lang: str, deadline: Deadline, settings: Settings) -> str:
    """The time left (or overdue) as people count it: working days and hours for the handling
    clocks in working-time mode, whole days for measures (due on a day, not at an hour) while a
    day or more is left."""
    working = settings.clock == "working" and deadline.clock != "measure"
    span = deadline.remaining
    if deadline.clock == "measure" and abs(span) >= timedelta(days=1):
        span = timedelta(days=int(span / timedelta(days=1)))
    return format_span(lang, span, working)


def due_local(deadline: Deadline, settings: Settings) -> datetime | date | None:
    """The due moment as wall-clock time in the register's time zone (no zone: for people and
    spreadsheets); for a measure its day (due at the end of that day); None while paused."""
    if deadline.due is None:
        return None
    local = deadline.due.astimezone(settings.tz)
    if deadline.clock == "measure":
        return (local - timedelta(minutes=1)).date()
    return local.replace(tzinfo=None)


def due_text(deadline: Deadline, settings: Settings) -> str:
    """The due moment for people (see `due_local`); empty while paused."""
    due = due_local(deadline, settings)
    return "" if due is None else local_text(due)


def local_text(moment: datetime | date) -> str:
    """`2026-11-24 16:00` for a moment, `2026-11-24` for a day."""
    return moment.strftime("%Y-%m-%d %H:%M" if isinstance(moment, datetime) else "%Y-%m-%d")


def _state(fraction: float, remaining: timedelta, warn: float) -> str:
    if remaining < timedelta():
        return "overdue"
    return "near" if fraction >= warn else "ok"


def _clock(
    c: Complaint, clock: str, hours: float, cal: Calendar, settings: Settings, now: datetime
) -> Deadline:
    due = cal.add(c.received, hours)
    remaining = cal.elapsed(now, due)
    fraction = cal.elapsed(c.received, now) / timedelta(hours=hours)
    state = _state(fraction, remaining, settings.warn_fraction)
    return Deadline(c.id, c.path, clock, due, state, remaining, fraction)


def pause_spans(c: Complaint, now: datetime) -> list[tuple[datetime, datetime | None]]:
    """The pauses begun by `now`, in order, overlapping ones merged, none before `received`;
    the end is None while a pause still runs at `now`."""
    spans: list[tuple[datetime, datetime | None]] = []
    begun = sorted((p for p in c.pauses if p.start <= now), key=lambda p: p.start)
    for pause in begun:
        start = max(pause.start, c.received)
        end = pause.end if pause.end is not None and pause.end <= now else None
        if spans and (spans[-1][1] is None or start <= spans[-1][1]):
            last_start, last_end = spans[-1]
            spans[-1] = (last_start, None if None in (last_end, end) else max(last_end, end))
        else:
            spans.append((start, end))
    return spans


def _resolution(c: Complaint, cal: Calendar, settings: Settings, now: datetime) -> Deadline:
    """The resolution clock. Each pause that begins before the deadline moves it on by the pause's
    working time; a pause that begins after it changes nothing (it cannot undo "overdue"). While a
    pause runs, the clock stands still: state "paused", no due moment, `remaining` is what is
    left when it resumes."""
    hour = timedelta(hours=1)
    budget = timedelta(hours=settings.resolution_days * 24)
    due = cal.add(c.received, budget / hour)
    paused = timedelta()
    for start, end in pause_spans(c, now):
        if start >= due:
            break
        if end is None:
            used = cal.elapsed(c.received, start) - paused
            return Deadline(
                c.id, c.path, "resolution", None, "paused", budget - used, used / budget
            )
        length = cal.elapsed(start, end)
        paused += length
        due = cal.add(due, length / hour)
    fraction = (cal.elapsed(c.received, now) - paused) / budget
    remaining = cal.elapsed(now, due)
    state = _state(fraction, remaining, settings.warn_fraction)
    return Deadline(c.id, c.path, "resolution", due, state, remaining, fraction)


def for_complaint(
    c: Complaint, settings: Settings, now: datetime, cal: Calendar | None = None
) -> list[Deadline]:
    """The clocks still running for one complaint, in the order acknowledgement, triage,
    resolution, measures. Handling clocks run for new and in-progress complaints only: in
    mediation the mediator sets the pace, not the firm. Measures with a due date and no `done`
    are watched whatever the status, except on withdrawn complaints, which have no clocks."""
    cal = cal or Calendar(settings)
    current = status(c)
    if current == Status.WITHDRAWN:
        return []
    found = []
    handling = current in (Status.NEW, Status.IN_PROGRESS)
    if handling and settings.acknowledgement_hours and c.acknowledged is None:
        found.append(
            _clock(c, "acknowledgement", settings.acknowledgement_hours, cal, settings, now)
        )
    if current == Status.NEW:
        found.append(_clock(c, "triage", settings.triage_hours, cal, settings, now))
    if handling:
        found.append(_resolution(c, cal, settings, now))
    for measure in c.prevention.measures if c.prevention else ():
        if measure.due is None or measure.done is not None:
            continue
        due = datetime.combine(measure.due + timedelta(days=1), time(), settings.tz)
        remaining = due.astimezone(UTC) - now.astimezone(UTC)
        state = "overdue" if remaining < timedelta() else "ok"
        if state == "ok" and remaining <= MEASURE_WARNING:
            state = "near"
        found.append(Deadline(c.id, c.path, "measure", due, state, remaining, 0.0, measure.action))
    return found


def level(deadline: Deadline, settings: Settings) -> str | None:
    """How much a clock matters now: "error" when it is overdue and its kind is in `fail_on`
    (by default the clocks the customer sees: acknowledgement, triage, resolution), "warning"
    when it is overdue otherwise (a preventive measure) or due soon, None when on time or
    paused."""
    if deadline.state == "overdue":
        return "error" if deadline.clock in settings.fail_on else "warning"
    return "warning" if deadline.state == "near" else None


def failing(found: Iterable[Deadline], settings: Settings) -> list[Deadline]:
    """The clocks that make `klacht deadlines` fail: overdue ones of a kind in `fail_on`."""
    return [d for d in found if level(d, settings) == "error"]


def _order(deadline: Deadline) -> tuple:
    due = deadline.due.timestamp() if deadline.due else float("inf")
    return STATES.index(deadline.state), due, deadline.complaint_id


def running(
    complaints: Iterable[Complaint], settings: Settings, now: datetime
) -> dict[str, list[Deadline]]:
    """The running clocks of each complaint (see `for_complaint`), by id."""
    cal = Calendar(settings)
    return {c.id: for_complaint(c, settings, now, cal) for c in complaints}


def pressing_first(by_id: Mapping[str, Sequence[Deadline]]) -> list[Deadline]:
    """All clocks: overdue first, then near, paused, on time; within each, the earliest due
    first."""
    return sorted((d for found in by_id.values() for d in found), key=_order)


def all_open(complaints: Iterable[Complaint], settings: Settings, now: datetime) -> list[Deadline]:
    """Every running clock of every complaint, most pressing first."""
    return pressing_first(running(complaints, settings, now))


def most_pressing(found: Sequence[Deadline]) -> Deadline | None:
    """The most pressing of a complaint's clocks, if any runs."""
    return min(found, key=_order) if found else None


def next_deadline(
    c: Complaint, settings: Settings, now: datetime, cal: Calendar | None = None
) -> Deadline | None:
    """The most pressing clock of a complaint, if any runs."""
    return most_pressing(for_complaint(c, settings, now, cal))
