"""Statistics for the analysis: pure functions over complaints (withdrawn ones never count).

They serve the procedure's goals: satisfied customers, fewer repeats, better service. One pass
over the complaints; repeats are found by grouping on a key, never by comparing pairs.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from klacht import phones, privacy
from klacht.config import Settings
from klacht.deadlines import pause_spans
from klacht.history import Change, History, authors, registration_delay
from klacht.model import Complaint, Measure
from klacht.status import Status, status
from klacht.workcal import Calendar

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
REPEAT_WINDOW = timedelta(days=365)
# A category repeats when it has this many complaints in twelve months.
CATEGORY_REPEAT = 3
# Registration counts as "at once" within this many working days (days with a calendar clock).
REGISTRATION_DAYS = 1
NO_CATEGORY = ""
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def counted(complaints: Iterable[Complaint]) -> list[Complaint]:
    """The complaints that count in statistics: all but the withdrawn."""
    return [c for c in complaints if c.withdrawn is None]


def median_and_p90(values: Sequence[float]) -> tuple[float | None, float | None]:
    """The median and the 90th percentile, interpolated between closest ranks (`inclusive`, as
    numpy's default and Excel's PERCENTILE.INC); None when there are no values."""
    if len(values) < 2:  # statistics.quantiles wants two values before Python 3.13
        return (values[0], values[0]) if values else (None, None)
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    return deciles[4], deciles[8]


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is no whole."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Spread:
    """Durations (working hours or days) against a target: median and 90th percentile of the
    finished ones; `on_time` of `judged`, where judged also counts the unfinished ones that have
    already passed the target (`late_open`), so that waiting longer never looks better."""

    count: int
    median: float | None
    p90: float | None
    target: float
    on_time: int
    late_open: int = 0

    @property
    def judged(self) -> int:
        return self.count + self.late_open

    @property
    def within(self) -> float | None:
        return share(self.on_time, self.judged)


def spread(values: Sequence[float], target: float, late_open: int = 0) -> Spread:
    on_time = sum(v <= target for v in values)
    return Spread(len(values), *median_and_p90(values), target, on_time, late_open)


@dataclass(frozen=True)
class RepeatCustomer:
    """A customer (the same phone number or the same name) with complaints within 12 months of
    each other; `name` as on the latest complaint, `ids` oldest first."""

    name: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class RepeatCategory:
    """A category with CATEGORY_REPEAT or more complaints in the twelve months up to the end of
    the period, and its count in the twelve months before that (the trend)."""

    category: str
    count: int
    before: int


@dataclass(frozen=True)
class Contributor:
    """One person's work on the register: commits that changed complaint records, complaints
    registered (their first commit) and complaints closed (the commit that set `closed`)."""

    name: str
    commits: int
    registered: int
    closed: int


@dataclass(frozen=True)
class Analysis:
    total: int
    still_open: int  # new, in progress or in mediation
    per_month: dict[str, int]  # "2026-11" -> count, in month order
    per_category: dict[str, int]  # category ("" for none) -> count, most first
    triage_hours: Spread  # working hours from received to triage
    resolution_days: Spread  # working days from received to the closing day, pauses left out
    agreed: int
    answered: int  # closed complaints where customer_agrees is known
    triaged: int
    escalated: int  # triaged: passed to the director
    mediated: int  # referred to the mediator
    mediation_pending: int  # referred, no ruling yet
    repeat_customers: list[RepeatCustomer]  # most complaints first
    repeat_categories: list[RepeatCategory]  # most complaints first
    measures_open: int
    measures_overdue: int  # open and past their due date
    measures_done: int
    # Working days (days with a calendar clock) from received to the first commit, and the work
    # per person, most commits first; both None without a full history, the work per person
    # also None unless the setting `changes_per_person` asks for it.
    registration_days: Spread | None
    contributors: list[Contributor] | None
    closed_days: dict[str, float] = field(default_factory=dict)  # by id: the time to close


def _paused(c: Complaint, cal: Calendar, until: datetime) -> timedelta:
    """Working time of the complaint's pauses before `until`, overlapping ones counted once."""
    spans = pause_spans(c, until)
    return sum((cal.elapsed(start, end or until) for start, end in spans), timedelta())


def _closer(changes: Sequence[Change]) -> str | None:
    """The author of the last commit that set `closed` where it was empty."""
    for change in reversed(changes):
        if any(f.field == "closed" and f.old is None and f.new for f in change.fields):
            return change.author
    return None


def _people(
    commits: Iterable[Change], registered: Counter[str], closed: Counter[str]
) -> list[Contributor]:
    """Per author: commits (each commit once), complaints registered and closed."""
    per_author = authors(list(commits))
    people = [Contributor(n, k, registered[n], closed[n]) for n, k in per_author.items()]
    return sorted(people, key=lambda p: (-p.commits, p.name.casefold()))


def _customer_keys(c: Complaint, region: str) -> list[str]:
    """A complaint's customer by name and by phone number; none for a value that cannot be read
    here (privacy mode without the key, or erased: `privacy.Hidden`)."""
    name = "" if privacy.hidden(c.customer.name) else c.customer.name
    name = " ".join(_PUNCTUATION.sub("", name.casefold()).split())
    keys = [f"name:{name}"] if name else []
    hidden = privacy.hidden(c.customer.phone)
    phone = None if hidden else phones.e164(c.customer.phone, region)
    return [*keys, f"phone:{phone}"] if phone else keys


def repeat_customers(complaints: Sequence[Complaint], region: str) -> list[RepeatCustomer]:
    """Customers with two or more complaints within 12 months of each other. Complaints belong
    to one customer when they share a phone number or a name (case, spaces and punctuation
    ignored), also through a third complaint. Anonymized complaints have no customer left."""
    parent = list(range(len(complaints)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, c in enumerate(complaints):
        if c.anonymized is not None:
            continue
        for key in _customer_keys(c, region):
            j = first_with.setdefault(key, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[Complaint]] = defaultdict(list)
    for i, c in enumerate(complaints):
        if c.anonymized is None:
            groups[root(i)].append(c)
    found = []
    for group in groups.values():
        group.sort(key=lambda c: (c.received, c.id))
        if any(b.received - a.received <= REPEAT_WINDOW for a, b in pairwise(group)):
            found.append(RepeatCustomer(group[-1].customer.name, tuple(c.id for c in group)))
    return sorted(found, key=lambda r: (-len(r.ids), r.name.casefold(), r.ids))


def repeat_categories(complaints: Iterable[Complaint], end: datetime) -> list[RepeatCategory]:
    """Categories with CATEGORY_REPEAT or more complaints in the twelve months up to `end`."""
    recent: Counter[str] = Counter()
    before: Counter[str] = Counter()
    for c in complaints:
        if not c.category or c.received > end:
            continue
        age = end - c.received
        if age <= REPEAT_WINDOW:
            recent[c.category] += 1
        elif age <= 2 * REPEAT_WINDOW:
            before[c.category] += 1
    found = [RepeatCategory(k, n, before[k]) for k, n in recent.items() if n >= CATEGORY_REPEAT]
    return sorted(found, key=lambda r: (-r.count, r.category))


def measure_state(measure: Measure, today: date) -> str:
    """A preventive measure's state on `today`: done, overdue (open past its due date), open."""
    if measure.done is not None:
        return "done"
    return "overdue" if measure.due is not None and measure.due < today else "open"


def analyse(
    complaints: Iterable[Complaint],
    settings: Settings,
    now: datetime,
    history: History | None,
    *,
    end: datetime | None = None,
    cal: Calendar | None = None,
) -> Analysis:
    """Every figure of the analysis, in one pass. `now` is the moment of the build (open clocks,
    overdue measures); `end` closes the period for the repeat-category window (default `now`).
    Registration delays and the work per person need a full history: a shallow clone's first
    commit is no registration."""
    cal = cal or Calendar(settings)
    found = counted(complaints)
    triage_target = settings.triage_hours
    resolution_budget = settings.resolution_days * DAY
    today = now.astimezone(settings.tz).date()
    full_history = history is not None and not history.shallow
    per_month: Counter[str] = Counter()
    per_category: Counter[str] = Counter({k: 0 for k in settings.categories})
    triage, resolution, registration = [], [], []
    commits: dict[str, Change] = {}  # by hash: a commit that changed several complaints once
    registered: Counter[str] = Counter()
    closed_by: Counter[str] = Counter()
    triage_late = resolution_late = open_count = 0
    agreed = answered = triaged = escalated = mediated = pending = 0
    measures_open = overdue = done = 0
    closed_days: dict[str, float] = {}
    for c in found:
        per_month[c.received.strftime("%Y-%m")] += 1
        per_category[c.category or NO_CATEGORY] += 1
        current = status(c)
        open_count += current != Status.CLOSED
        if c.triage:
            triaged += 1
            escalated += c.triage.decision == "director"
            triage.append(cal.elapsed(c.received, c.triage.at) / HOUR)
        elif current == Status.NEW:
            triage_late += cal.elapsed(c.received, now) / HOUR > triage_target
        if current == Status.CLOSED and c.closed:
            end_day = datetime.combine(c.closed, time(), settings.tz)
            worked = cal.elapsed(c.received, end_day) - _paused(c, cal, end_day)
            closed_days[c.id] = max(worked, timedelta()) / DAY
            resolution.append(closed_days[c.id])
            if c.handling and c.handling.customer_agrees is not None:
                answered += 1
                agreed += c.handling.customer_agrees
        elif current in (Status.NEW, Status.IN_PROGRESS):
            worked = cal.elapsed(c.received, now) - _paused(c, cal, now)
            resolution_late += worked > resolution_budget
        if c.mediation:
            mediated += 1
            pending += c.mediation.ruling is None
        for m in c.prevention.measures if c.prevention else ():
            state = measure_state(m, today)
            done += state == "done"
            measures_open += state != "done"
            overdue += state == "overdue"
        if full_history:
            changes = history.changes(c.id)
            commits.update((ch.commit, ch) for ch in changes)
            delay = registration_delay(c, changes)
            if delay is not None:
                registration.append(cal.elapsed(c.received, c.received + delay) / DAY)
                registered[changes[0].author] += 1
            if c.closed is not None and (closer := _closer(changes)) is not None:
                closed_by[closer] += 1
    return Analysis(
        total=len(found),
        still_open=open_count,
        per_month=dict(sorted(per_month.items())),
        per_category=dict(per_category.most_common()),
        triage_hours=spread(triage, triage_target, triage_late),
        resolution_days=spread(resolution, settings.resolution_days, resolution_late),
        agreed=agreed,
        answered=answered,
        triaged=triaged,
        escalated=escalated,
        mediated=mediated,
        mediation_pending=pending,
        repeat_customers=repeat_customers(found, settings.phone_region),
        repeat_categories=repeat_categories(found, end or now),
        measures_open=measures_open,
        measures_overdue=overdue,
        measures_done=done,
        registration_days=spread(registration, REGISTRATION_DAYS) if full_history else None,
        contributors=(
            _people(commits.values(), registered, closed_by)
            if full_history and settings.changes_per_person
            else None
        ),
        closed_days=closed_days,
    )


def years(complaints: Iterable[Complaint]) -> list[int]:
    """The years received (the year of the complaint number), newest first."""
    return sorted({c.received.year for c in complaints}, reverse=True)


def of_year(complaints: Iterable[Complaint], year: int) -> list[Complaint]:
    return [c for c in complaints if c.received.year == year]


def months_of(day: date, count: int) -> list[str]:
    """The `count` months up to and including the month of `day`, oldest first ("2026-11")."""
    result = []
    year, month = day.year, day.month
    for _ in range(count):
        result.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return result[::-1]
