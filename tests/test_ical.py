"""The iCalendar feed of open deadlines, read back with the `icalendar` library."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from conftest import REPO
from klacht import config, deadlines, ical, records
from klacht.model import parse_datetime

NOW = "2026-11-24T12:00+01:00"
HANDLING = {
    "handler": "R",
    "cause": "c",
    "solution": "s",
    "customer_agrees": True,
    "date": "2026-11-20",
}
TRIAGED = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk"}


def feed(settings, now=NOW, lang="nl") -> Calendar:
    moment = parse_datetime(now, settings.tz)
    found = deadlines.all_open(records.load_records(settings).complaints, settings, moment)
    return Calendar.from_ical(ical.calendar(found, lang, moment, settings))


def events(cal: Calendar) -> list[tuple[str, str, str, str]]:
    return [
        (
            str(e["uid"]),
            str(e["summary"]),
            e["dtstart"].to_ical().decode(),
            e["dtend"].to_ical().decode(),
        )
        for e in cal.walk("VEVENT")
    ]


def test_feed_of_the_examples():
    cal = feed(config.load(REPO))
    assert str(cal["x-wr-calname"]) == "Klachtenregister: termijnen"
    assert events(cal) == [
        (
            "K-2026-001-measure-9d5f953cb1b4@klachtenregister",
            "preventieve maatregel: K-2026-001",
            "20261031",
            "20261101",
        ),
        (
            "K-2026-010-triage@klachtenregister",
            "beoordeling (48 uur): K-2026-010",
            "20261124T150000Z",
            "20261124T151500Z",
        ),
        (
            "K-2026-011-triage@klachtenregister",
            "beoordeling (48 uur): K-2026-011",
            "20261126T075500Z",
            "20261126T081000Z",
        ),
        (
            "K-2026-008-resolution@klachtenregister",
            "afhandeling: K-2026-008",
            "20261130T123000Z",
            "20261130T124500Z",
        ),
        (
            "K-2026-010-resolution@klachtenregister",
            "afhandeling: K-2026-010",
            "20261218T150000Z",
            "20261218T151500Z",
        ),
        (
            "K-2026-011-resolution@klachtenregister",
            "afhandeling: K-2026-011",
            "20261222T075500Z",
            "20261222T081000Z",
        ),
        (
            "K-2026-007-measure-804b66ebe17d@klachtenregister",
            "preventieve maatregel: K-2026-007",
            "20261231",
            "20270101",
        ),
    ]
    first = cal.walk("VEVENT")[0]
    assert str(first["description"]) == (
        "Status van de termijn: te laat.\nSjablonen zonder voorbeeldnamen opnieuw opstellen."
    )
    assert first["dtstamp"].dt.isoformat() == "2026-11-24T11:00:00+00:00"


def test_feed_in_english_asks_apps_to_refresh():
    settings = config.load(REPO)
    raw = ical.calendar([], "en", parse_datetime(NOW, settings.tz), settings).decode()
    assert raw.splitlines()[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Klachtenregister//klacht//NL",
        "X-WR-CALNAME:Complaints register: deadlines",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]


def test_uids_stay_when_other_deadlines_come_and_go(project):
    measures = [
        {"action": "Eerste; met, tekens\nen regel", "due": "2026-12-01"},
        {"action": "Tweede", "due": "2026-12-02"},
    ]
    project.record(
        "K-2026-001",
        triage=TRIAGED,
        handling=HANDLING,
        closed="2026-11-20",
        prevention={"needed": True, "measures": measures},
    )
    before = {str(e["uid"]): e for e in feed(project.settings()).walk("VEVENT")}
    measures[0]["done"] = "2026-11-23"
    project.record(
        "K-2026-001",
        triage=TRIAGED,
        handling=HANDLING,
        closed="2026-11-20",
        prevention={"needed": True, "measures": measures},
    )
    after = {str(e["uid"]): e for e in feed(project.settings()).walk("VEVENT")}
    assert len(before) == 2 and list(after) == list(before)[1:]
    escaped = before[list(before)[0]]
    assert str(escaped["description"]).endswith("\nEerste; met, tekens\nen regel")
    assert escaped["dtstart"].dt == date(2026, 12, 1)


def test_same_measure_text_twice_gives_two_events(project):
    measures = [
        {"action": "Zelfde", "due": "2026-12-01"},
        {"action": "Zelfde", "due": "2026-12-08"},
    ]
    project.record(
        "K-2026-001",
        triage=TRIAGED,
        handling=HANDLING,
        closed="2026-11-20",
        prevention={"needed": True, "measures": measures},
    )
    uids = [str(e["uid"]) for e in feed(project.settings()).walk("VEVENT")]
    assert len(set(uids)) == 2


def test_paused_clock_has_no_event_and_summer_time_is_utc(project):
    pause = {"from": "2026-11-23T09:00", "reason": "Wacht op klant"}
    project.record("K-2026-001", triage=TRIAGED, pauses=[pause])
    assert events(feed(project.settings())) == []
    project.path_of("K-2026-001").unlink()
    project.record("K-2026-002", received="2026-06-05T16:00:00+02:00")  # Friday in summer
    found = events(feed(project.settings(), now="2026-06-05T17:00+02:00"))
    assert [e[2:] for e in found] == [
        ("20260609T140000Z", "20260609T141500Z"),  # triage: Tuesday 16:00 summer time
        ("20260703T140000Z", "20260703T141500Z"),  # resolution: 20 working days on
    ]
