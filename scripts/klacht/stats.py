"""Statistics for the analysis: pure functions over complaints (withdrawn ones never count).

Serve the procedure's goals: satisfied customers, fewer repeats, better service.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from klacht import phones
from klacht.config import Settings
from klacht.history import History, registration_delay
from klacht.model import Complaint
from klacht.status import Status, status
from klacht.workcal import Calendar

HOUR = timedelta(hours=1)
REPEAT_WINDOW = timedelta(days=365)


def counted(complaints: Iterable[Complaint]) -> list[Complaint]:
    """The complaints that count in statistics: all but the withdrawn."""
    return [c for c in complaints if c.withdrawn is None]


def quantile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile by linear interpolation (q=0.5: the median); None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of a duration (in hours or days), against a target."""

    count: int
    median: float | None
    p90: float | None
    target: float
    within: float | None  # share at or under the target


def spread(values: Sequence[float], target: float) -> Spread:
    within = share(sum(v <= target for v in values), len(values))
    return Spread(len(values), quantile(values, 0.5), quantile(values, 0.9), target, within)


def _closing_moment(c: Complaint, settings: Settings) -> datetime | None:
    day = c.closed or (c.handling.date if c.handling else None)
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), settings.tz)


@dataclass(frozen=True)
class Analysis:
    total: int
    per_month: dict[str, int]  # "2026-11" -> count
    per_category: dict[str, int]
    triage_hours: Spread  # working hours from received to triage
    resolution_days: Spread  # working days from received to the end of the closing day
    agreed: int
    handled: int  # closed complaints with a known customer_agrees
    escalated: int  # passed to the director
    mediated: int
    repeat_customers: dict[str, int]  # customer name -> complaints within 12 months
    repeat_categories: dict[str, int]  # category -> complaints in the last 12 months (3+)
    measures_open: int
    measures_overdue: int
    measures_done: int
    registration_hours: Spread | None  # received -> first commit, None without history


def _customer_key(c: Complaint, region: str) -> str:
    return phones.e164(c.customer.phone, region) or " ".join(c.customer.name.lower().split())


def repeats(
    complaints: Sequence[Complaint], now: datetime, region: str = "NL"
) -> tuple[dict[str, int], dict[str, int]]:
    """Customers with two or more complaints within 12 months of each other (by phone number or
    name), and categories with three or more complaints in the last 12 months."""
    by_customer: dict[str, list[Complaint]] = defaultdict(list)
    for c in complaints:
        if c.anonymized is None:
            by_customer[_customer_key(c, region)].append(c)
    customers = {}
    for group in by_customer.values():
        group.sort(key=lambda c: c.received)
        close = any(b.received - a.received <= REPEAT_WINDOW for a, b in pairwise(group))
        if close:
            customers[group[-1].customer.name] = len(group)
    recent = Counter(
        c.category for c in complaints if c.category and now - c.received <= REPEAT_WINDOW
    )
    categories = {k: v for k, v in recent.most_common() if v >= 3}
    return customers, categories


def analyse(
    complaints: Iterable[Complaint], settings: Settings, now: datetime, history: History | None
) -> Analysis:
    """Every figure of the analysis page, in one pass over the complaints."""
    cal = Calendar(settings)
    found = counted(complaints)
    per_month: Counter[str] = Counter()
    per_category: Counter[str] = Counter()
    triage, resolution, registration = [], [], []
    agreed = handled = escalated = mediated = 0
    open_measures = overdue = done = 0
    today = now.astimezone(settings.tz).date()
    for c in found:
        per_month[c.received.astimezone(settings.tz).strftime("%Y-%m")] += 1
        per_category[c.category or "-"] += 1
        if c.triage:
            triage.append(cal.elapsed(c.received, c.triage.at) / HOUR)
            escalated += c.triage.decision == "director"
        end = _closing_moment(c, settings) if status(c) == Status.CLOSED else None
        if end is not None:
            resolution.append(cal.elapsed(c.received, end) / HOUR / 24)
        if c.closed and c.handling and c.handling.customer_agrees is not None:
            handled += 1
            agreed += c.handling.customer_agrees
        mediated += c.mediation is not None
        for m in c.prevention.measures if c.prevention else ():
            if m.done is not None:
                done += 1
            else:
                open_measures += 1
                overdue += m.due is not None and m.due < today
        if history is not None:
            delay = registration_delay(c, history.changes(c.id))
            if delay is not None:
                registration.append(delay / HOUR)
    customers, categories = repeats(found, now, settings.phone_region)
    return Analysis(
        total=len(found),
        per_month=dict(sorted(per_month.items())),
        per_category=dict(per_category.most_common()),
        triage_hours=spread(triage, settings.triage_hours),
        resolution_days=spread(resolution, settings.resolution_days),
        agreed=agreed,
        handled=handled,
        escalated=escalated,
        mediated=mediated,
        repeat_customers=customers,
        repeat_categories=categories,
        measures_open=open_measures,
        measures_overdue=overdue,
        measures_done=done,
        registration_hours=spread(registration, 24) if history is not None else None,
    )


def years(complaints: Iterable[Complaint]) -> list[int]:
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
