"""An iCalendar feed of every open deadline, so the director can subscribe in a calendar app."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vDuration

from klacht import deadlines
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "name": ("Klachtenregister: termijnen", "Complaints register: deadlines"),
        "summary": ("{clock}: {id}", "{clock}: {id}"),
        "state": ("Status van de termijn: {state}.", "Deadline state: {state}."),
    }
)
# Calendar apps that subscribe to the feed are asked to fetch it again after this long.
REFRESH = timedelta(hours=6)


def uid(deadline: deadlines.Deadline) -> str:
    """The same UID in every build while the clock runs, so an app updates the event in place.
    Measures are told apart by their action text."""
    key = f"{deadline.complaint_id}-{deadline.clock}"
    if deadline.clock == "measure":
        key += "-" + hashlib.sha256(deadline.detail.encode("utf-8")).hexdigest()[:12]
    return f"{key}@klachtenregister"


def _event(deadline: deadlines.Deadline, lang: str, now: datetime, settings: Settings) -> Event:
    event = Event()
    event.add("dtstamp", now.astimezone(UTC))
    if deadline.clock == "measure":  # due on a day: an all-day event on that day
        day = deadlines.due_local(deadline, settings)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    else:  # in UTC: every app shows it in its own time zone, no VTIMEZONE needed
        event.add("dtstart", deadline.due.astimezone(UTC))
        event.add("dtend", deadline.due.astimezone(UTC) + timedelta(minutes=15))
    clock = deadlines.clock_label(lang, deadline.clock)
    event.add("summary", MSG(lang, "summary", clock=clock, id=deadline.complaint_id))
    description = MSG(lang, "state", state=deadlines.state_label(lang, deadline.state))
    if deadline.detail:
        description += "\n" + deadline.detail
    event.add("description", description)
    return event


def calendar(
    found: Iterable[deadlines.Deadline], lang: str, now: datetime, settings: Settings
) -> bytes:
    """One event per deadline with a due moment (a paused clock has none); text is escaped by
    the `icalendar` library."""
    cal = Calendar()
    cal.add("prodid", "-//Klachtenregister//klacht//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", MSG(lang, "name"))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH).to_ical().decode())  # Outlook's name for it
    seen: set[str] = set()
    for deadline in found:
        if deadline.due is None:
            continue
        key = uid(deadline)
        while key in seen:  # two measures with the same text
            key = "x" + key
        seen.add(key)
        event = _event(deadline, lang, now, settings)
        event.add("uid", key)
        cal.add_component(event)
    return cal.to_ical()
