"""The derived status of a complaint: never stored, always computed from the record's facts."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from klacht.i18n import Catalog
from klacht.model import Complaint


class Status(StrEnum):
    NEW = "new"  # no triage yet
    IN_PROGRESS = "in_progress"  # triaged, not closed
    MEDIATION = "mediation"  # referred to the mediator, no ruling yet
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"  # registered in error; counts in no statistic


MSG = Catalog(
    {
        Status.NEW: ("nieuw", "new"),
        Status.IN_PROGRESS: ("in behandeling", "in progress"),
        Status.MEDIATION: ("bij bemiddelaar", "in mediation"),
        Status.CLOSED: ("gesloten", "closed"),
        Status.WITHDRAWN: ("ingetrokken", "withdrawn"),
    }
)

OPEN = frozenset({Status.NEW, Status.IN_PROGRESS, Status.MEDIATION})


def status(complaint: Complaint) -> Status:
    """new -> in progress -> in mediation -> closed; withdrawn overrides all.

    A referral to the mediator without a ruling reopens a closed complaint: it is being handled.
    """
    if complaint.withdrawn is not None:
        return Status.WITHDRAWN
    if complaint.mediation is not None and complaint.mediation.ruling is None:
        return Status.MEDIATION
    if complaint.closed is not None:
        return Status.CLOSED
    if complaint.triage is not None:
        return Status.IN_PROGRESS
    return Status.NEW


def ended(complaint: Complaint) -> date | None:
    """The day the complaint left the register: its withdrawal or closing date; None while it is
    new, in progress or in mediation."""
    current = status(complaint)
    if current == Status.WITHDRAWN and complaint.withdrawn is not None:
        return complaint.withdrawn.date
    return complaint.closed if current == Status.CLOSED else None


def is_open(complaint: Complaint) -> bool:
    """Whether the complaint belongs in the register of complaints still being handled."""
    return status(complaint) in OPEN


def label(lang: str, value: Status) -> str:
    return MSG(lang, value)
