"""The clocks of the complaints procedure, per complaint: acknowledgement (optional), triage
(48 working hours), resolution (a target in working days, paused while waiting for the customer)
and the due dates of preventive measures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.model import Complaint
from klacht.status import Status, status
from klacht.workcal import Calendar

CLOCKS = ("acknowledgement", "triage", "resolution", "measure")
STATES = ("overdue", "near", "paused", "ok")

LABELS = Catalog(
    {
        "acknowledgement": ("ontvangstbevestiging", "acknowledgement"),
        "triage": ("beoordeling (48 uur)", "triage (48 hours)"),
        "resolution": ("afhandeling", "resolution"),
        "measure": ("preventieve maatregel", "preventive measure"),
        "overdue": ("te laat", "overdue"),
        "near": ("bijna", "due soon"),
        "paused": ("gepauzeerd", "paused"),
        "ok": ("op tijd", "on time"),
        "left": ("nog {span}", "{span} left"),
        "late": ("{span} te laat", "{span} overdue"),
        "day": ("{n} dag", "{n} day"),
        "days": ("{n} dagen", "{n} days"),
        "workday": ("{n} werkdag", "{n} working day"),
        "workdays": ("{n} werkdagen", "{n} working days"),
        "hour": ("{n} uur", "{n} hour"),
        "hours": ("{n} uur", "{n} hours"),
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
    return LABELS(lang, clock)


def state_label(lang: str, state: str) -> str:
    return LABELS(lang, state)


def format_span(lang: str, span: timedelta, working: bool) -> str:
    """`nog 2 werkdagen en 5 uur` / `3 uur te laat`."""
    hours = int(abs(span) / timedelta(hours=1))
    days, rest = divmod(hours, 24)
    parts = []
    if days:
        unit = ("workday" if working else "day") + ("" if days == 1 else "s")
        parts.append(LABELS(lang, unit, n=days))
    if rest or not days:
        parts.append(LABELS(lang, "hour" if rest == 1 else "hours", n=rest))
    text = LABELS(lang, "and").join(parts)
    return LABELS(lang, "late" if span < timedelta() else "left", span=text)


def due_text(deadline: Deadline, settings: Settings) -> str:
    """The due moment for people: a date for measures (due at the end of that day), else date
    and time in the register's time zone; empty while paused."""
    if deadline.due is None:
        return ""
    local = deadline.due.astimezone(settings.tz)
    if deadline.clock == "measure":
        return (local - timedelta(minutes=1)).strftime("%Y-%m-%d")
    return local.strftime("%Y-%m-%d %H:%M")


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


def _resolution(c: Complaint, cal: Calendar, settings: Settings, now: datetime) -> Deadline:
    """The resolution clock, moved on by the working time of every pause; stopped in a pause."""
    budget = timedelta(hours=settings.resolution_days * 24)
    paused = timedelta()
    ongoing = False
    for pause in c.pauses:
        if pause.start > now:
            continue
        running = pause.end is None or pause.end > now
        end = now if running else pause.end
        ongoing = ongoing or running
        paused += cal.elapsed(pause.start, end)
    used = cal.elapsed(c.received, now) - paused
    fraction = used / budget
    if ongoing:
        return Deadline(c.id, c.path, "resolution", None, "paused", budget - used, fraction)
    due = cal.add(c.received, (budget + paused) / timedelta(hours=1))
    remaining = cal.elapsed(now, due)
    state = _state(fraction, remaining, settings.warn_fraction)
    return Deadline(c.id, c.path, "resolution", due, state, remaining, fraction)


def for_complaint(
    c: Complaint, settings: Settings, now: datetime, cal: Calendar | None = None
) -> list[Deadline]:
    """The clocks still running for one complaint."""
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


def _order(deadline: Deadline) -> tuple:
    due = deadline.due.timestamp() if deadline.due else float("inf")
    return STATES.index(deadline.state), due, deadline.complaint_id


def all_open(complaints: Iterable[Complaint], settings: Settings, now: datetime) -> list[Deadline]:
    """Every running clock of every complaint: overdue first, then near, paused, on time;
    within each, the earliest due first."""
    cal = Calendar(settings)
    found = [d for c in complaints for d in for_complaint(c, settings, now, cal)]
    return sorted(found, key=_order)


def next_deadline(
    c: Complaint, settings: Settings, now: datetime, cal: Calendar | None = None
) -> Deadline | None:
    """The most pressing clock of a complaint, if any runs."""
    found = for_complaint(c, settings, now, cal)
    return min(found, key=_order) if found else None
