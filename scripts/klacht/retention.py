"""AVG retention: personal data is kept a set number of years after a complaint is closed or
withdrawn, then replaced by placeholders; the record and its statistics stay."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from klacht import loader
from klacht.config import Settings
from klacht.model import Complaint

PLACEHOLDER = "[geanonimiseerd]"
PERSONAL = ("customer.name", "customer.phone", "customer.email")


def term_end(end: date, settings: Settings) -> date:
    """The day `retention_years` after `end` (29 February counts as 28 February)."""
    day = 28 if (end.month, end.day) == (2, 29) else end.day
    return end.replace(year=end.year + int(settings.retention_years), day=day)


def retention_end(complaint: Complaint, settings: Settings) -> date | None:
    """The day from which the complaint's personal data must go; None while it is open."""
    end = complaint.closed or (complaint.withdrawn.date if complaint.withdrawn else None)
    if end is None or (complaint.mediation and complaint.mediation.ruling is None):
        return None
    return term_end(end, settings)


def due_for_anonymizing(
    complaints: Iterable[Complaint], settings: Settings, today: date
) -> list[Complaint]:
    """Complaints past their retention term whose personal data is still there."""
    return [
        c for c in complaints
        if c.anonymized is None and (end := retention_end(c, settings)) is not None and end <= today
    ]  # fmt: skip


def anonymize_text(text: str, today: date) -> str:
    """The record text with name and phone replaced, the e-mail line removed and `anonymized`
    added; every other line (comments, layout) stays as it was. ValueError when a personal field
    is not on a line of its own."""
    places = loader.places(text)
    lines = text.splitlines(keepends=True)
    drop = set()
    for field in PERSONAL:
        place = places.get(field)
        if place is None:
            continue
        if not place.line == place.key_line == place.end_line or place.raw is None:
            raise ValueError(field)
        index = place.key_line - 1
        indent = " " * (place.key_column - 1)
        key = field.rsplit(".", 1)[1]
        if key == "email":
            drop.add(index)
        else:
            lines[index] = f'{indent}{key}: "{PLACEHOLDER}"\n'
    kept = [line for i, line in enumerate(lines) if i not in drop]
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"
    kept.append(f"anonymized: {today.isoformat()}\n")
    result = "".join(kept)
    if re.search(r"^anonymized:", text, re.MULTILINE):
        raise ValueError("anonymized")
    return result
