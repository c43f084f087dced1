"""An iCalendar feed of every open deadline, so the director can subscribe in a calendar app."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from klacht import deadlines
from klacht.i18n import Catalog

TEXT = Catalog(
    {
        "name": ("Klachtenregister: termijnen", "Complaints register: deadlines"),
        "summary": ("{clock}: {id}", "{clock}: {id}"),
        "state": ("Status van de termijn: {state}.", "Deadline state: {state}."),
    }
)


def calendar(found: Iterable[deadlines.Deadline], lang: str, now: datetime) -> bytes:
    """One event per deadline with a due moment; stable UIDs so updates replace, not duplicate."""
    cal = Calendar()
    cal.add("prodid", "-//Klachtenregister//klacht//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", TEXT(lang, "name"))
    counts: dict[tuple[str, str], int] = {}
    for deadline in found:
        if deadline.due is None:
            continue
        key = (deadline.complaint_id, deadline.clock)
        counts[key] = counts.get(key, 0) + 1
        event = Event()
        event.add("uid", f"{deadline.complaint_id}-{deadline.clock}-{counts[key]}@klachtenregister")
        event.add("dtstamp", now)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(minutes=15))
        clock = deadlines.clock_label(lang, deadline.clock)
        event.add("summary", TEXT(lang, "summary", clock=clock, id=deadline.complaint_id))
        description = TEXT(lang, "state", state=deadlines.state_label(lang, deadline.state))
        if deadline.detail:
            description += "\n" + deadline.detail
        event.add("description", description)
        cal.add_component(event)
    return cal.to_ical()
