"""The typed view of a valid record: `Complaint`, built from the plain data a record file holds.

Records are JSON-like data (dates and times stay strings in the file); this module turns a record
that passed `klacht check` into frozen dataclasses with real dates and time-zone-aware times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any


class TimeError(ValueError):
    """A date or time that is not on the calendar, or a local time that does not exist or is
    ambiguous (summer-time change); `code` is its key in `problems.MSG`."""

    def __init__(self, code: str, value: str) -> None:
        super().__init__(f"{code}: {value}")
        self.code = code
        self.value = value


# Years a record's dates may lie in: every clock, retention term and calendar computed from
# them stays within what Python's dates hold (year 9999 would overflow).
YEARS = range(1900, 3000)


def parse_date(value: str) -> date:
    """`2026-11-21` -> date; raises TimeError("rule.date.invalid") for 2026-02-30,
    ("rule.date.out_of_range") for a year outside YEARS."""
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise TimeError("rule.date.invalid", value) from None
    if parsed.year not in YEARS:
        raise TimeError("rule.date.out_of_range", value)
    return parsed


def parse_datetime(value: str, tz: tzinfo) -> datetime:
    """An aware datetime; a time without offset is wall-clock time in `tz`.

    Refuses (TimeError) impossible dates, and local times that a summer-time change skips
    ("rule.time.nonexistent") or repeats ("rule.time.ambiguous"): we refuse rather than guess.
    """
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise TimeError("rule.date.invalid", value) from None
    if parsed.year not in YEARS:
        raise TimeError("rule.date.out_of_range", value)
    if parsed.tzinfo is not None:
        return parsed
    first = parsed.replace(tzinfo=tz, fold=0)
    second = parsed.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # fold changes the offset only around a transition: skipped or repeated wall time.
        roundtrip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        raise TimeError(
            "rule.time.nonexistent" if roundtrip != parsed else "rule.time.ambiguous", value
        )
    return first


@dataclass(frozen=True)
class Customer:
    name: str
    phone: str
    email: str | None = None


@dataclass(frozen=True)
class Triage:
    decision: str  # "self" | "director"
    at: datetime
    by: str


@dataclass(frozen=True)
class Handling:
    handler: str | None = None
    cause: str | None = None
    solution: str | None = None
    customer_agrees: bool | None = None
    date: date | None = None


@dataclass(frozen=True)
class Measure:
    action: str
    owner: str | None = None
    due: date | None = None
    done: date | None = None


@dataclass(frozen=True)
class Prevention:
    needed: bool | None = None
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class Pause:
    start: datetime  # `from` in the file
    end: datetime | None  # `to` in the file; None while the pause lasts
    reason: str


@dataclass(frozen=True)
class Mediation:
    referred: date
    mediator: str | None = None
    ruling: str | None = None
    ruling_date: date | None = None


@dataclass(frozen=True)
class Correction:
    date: date
    by: str
    reason: str


@dataclass(frozen=True)
class Document:
    """A related document: `file` is its name in the complaint's folder (SPEC §11)."""

    file: str
    title: str
    date: date


@dataclass(frozen=True)
class Withdrawal:
    date: date
    reason: str


@dataclass(frozen=True)
class LegalHold:
    """The record must be kept (a dispute, the mediator's case, a claim) from `since` until it is
    `lifted`: its personal data is not anonymized and `klacht shred` carries it."""

    since: date
    reason: str
    lifted: date | None = None

    def active(self, today: date) -> bool:
        """Whether the hold applies on `today`."""
        return self.since <= today and (self.lifted is None or today < self.lifted)


@dataclass(frozen=True)
class Complaint:
    """One valid complaint. `path` is the record file relative to the project root (posix)."""

    id: str
    path: str
    received: datetime
    received_by: str
    customer: Customer
    summary: str
    channel: str | None = None
    category: str | None = None
    severity: str = "normal"
    acknowledged: datetime | None = None
    acknowledged_by: str | None = None
    triage: Triage | None = None
    handling: Handling | None = None
    prevention: Prevention | None = None
    pauses: tuple[Pause, ...] = ()
    mediation: Mediation | None = None
    corrections: tuple[Correction, ...] = ()
    closed: date | None = None
    withdrawn: Withdrawal | None = None
    legal_hold: LegalHold | None = None
    anonymized: date | None = None
    documents: tuple[Document, ...] = ()
    documents_removed: int | None = None

    @property
    def year(self) -> int:
        return self.received.year

    def held(self, today: date) -> LegalHold | None:
        """The legal hold that applies on `today`, if any."""
        hold = self.legal_hold
        return hold if hold is not None and hold.active(today) else None


def _opt_date(value: Any) -> date | None:
    return None if value is None else parse_date(value)


def _opt_datetime(value: Any, tz: tzinfo) -> datetime | None:
    return None if value is None else parse_datetime(value, tz)


def from_data(data: dict[str, Any], path: str, tz: tzinfo) -> Complaint:
    """A `Complaint` from record data that passed the schema; raises TimeError on a bad time."""
    customer = data["customer"]
    triage = data.get("triage")
    handling = data.get("handling")
    prevention = data.get("prevention")
    mediation = data.get("mediation")
    withdrawn = data.get("withdrawn")
    hold = data.get("legal_hold")
    return Complaint(
        id=data["id"],
        path=path,
        received=parse_datetime(data["received"], tz),
        received_by=data["received_by"],
        customer=Customer(customer["name"], customer["phone"], customer.get("email")),
        summary=data["summary"],
        channel=data.get("channel"),
        category=data.get("category"),
        severity=data.get("severity") or "normal",
        acknowledged=_opt_datetime(data.get("acknowledged"), tz),
        acknowledged_by=data.get("acknowledged_by"),
        triage=None
        if triage is None
        else Triage(triage["decision"], parse_datetime(triage["at"], tz), triage["by"]),
        handling=None
        if handling is None
        else Handling(
            handling.get("handler"),
            handling.get("cause"),
            handling.get("solution"),
            handling.get("customer_agrees"),
            _opt_date(handling.get("date")),
        ),
        prevention=None
        if prevention is None
        else Prevention(
            prevention.get("needed"),
            tuple(
                Measure(
                    m["action"], m.get("owner"), _opt_date(m.get("due")), _opt_date(m.get("done"))
                )
                for m in prevention.get("measures") or ()
            ),
        ),
        pauses=tuple(
            Pause(parse_datetime(p["from"], tz), _opt_datetime(p.get("to"), tz), p["reason"])
            for p in data.get("pauses") or ()
        ),
        mediation=None
        if mediation is None
        else Mediation(
            parse_date(mediation["referred"]),
            mediation.get("mediator"),
            mediation.get("ruling"),
            _opt_date(mediation.get("ruling_date")),
        ),
        corrections=tuple(
            Correction(parse_date(c["date"]), c["by"], c["reason"])
            for c in data.get("corrections") or ()
        ),
        closed=_opt_date(data.get("closed")),
        withdrawn=None
        if withdrawn is None
        else Withdrawal(parse_date(withdrawn["date"]), withdrawn["reason"]),
        legal_hold=None
        if hold is None
        else LegalHold(parse_date(hold["since"]), hold["reason"], _opt_date(hold.get("lifted"))),
        anonymized=_opt_date(data.get("anonymized")),
        documents=tuple(
            Document(d["file"], d["title"], parse_date(d["date"]))
            for d in data.get("documents") or ()
        ),
        documents_removed=data.get("documents_removed"),
    )
