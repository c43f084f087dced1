"""The working-time calendar on the hard cases of SPEC §4."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from klacht.config import Settings
from klacht.workcal import Calendar

TZ = ZoneInfo("Europe/Amsterdam")
SETTINGS = Settings()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def due(start: str, hours: float = 48, **settings) -> str:
    return Calendar(replace(SETTINGS, **settings)).add(at(start), hours).isoformat()


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-11-20T16:00", "2026-11-24T16:00:00+01:00"),  # Friday afternoon -> Tuesday
        ("2026-11-21T10:00", "2026-11-25T00:00:00+01:00"),  # Saturday: counts from Monday 00:00
        ("2026-11-22T23:59", "2026-11-25T00:00:00+01:00"),  # Sunday night
        ("2026-04-06T09:00", "2026-04-09T00:00:00+02:00"),  # Easter Monday: from Tuesday
        ("2026-12-24T10:00", "2026-12-29T10:00:00+01:00"),  # Christmas in between
        ("2026-12-31T15:00", "2027-01-05T15:00:00+01:00"),  # New Year's Day in between
        ("2025-04-25T16:00", "2025-04-29T16:00:00+02:00"),  # King's Day moved to Saturday 26th
        ("2026-04-24T16:00", "2026-04-29T16:00:00+02:00"),  # King's Day on Monday 27th
        ("2026-03-27T16:00", "2026-03-31T16:00:00+02:00"),  # summer time starts on Sunday
        ("2026-10-23T16:00", "2026-10-27T16:00:00+01:00"),  # summer time ends on Sunday
    ],
)
def test_triage_48_working_hours(start, expected):
    assert due(start) == expected


def test_resolution_20_working_days_over_christmas_and_new_year():
    assert due("2026-12-24T10:00", 20 * 24) == "2027-01-25T10:00:00+01:00"


def test_kings_day_on_sunday_is_kept_on_saturday():
    days = Calendar(SETTINGS).holidays_of(2025)
    assert date(2025, 4, 26) in days
    assert date(2025, 4, 27) not in days


def test_calendar_mode_counts_real_hours_across_summer_time():
    assert due("2026-10-24T10:00", clock="calendar") == "2026-10-26T09:00:00+01:00"
    assert due("2026-03-28T10:00", clock="calendar") == "2026-03-30T11:00:00+02:00"


def test_setting_adds_a_yearly_holiday():
    assert due("2026-05-04T10:00") == "2026-05-06T10:00:00+02:00"
    assert due("2026-05-04T10:00", extra_holidays=("05-05",)) == "2026-05-07T10:00:00+02:00"
    assert due("2026-11-19T10:00", extra_holidays=("2026-11-20",)) == "2026-11-24T10:00:00+01:00"


def test_setting_drops_a_holiday_by_dutch_name_or_date():
    assert due("2026-04-02T10:00") == "2026-04-08T10:00:00+02:00"
    assert due("2026-04-02T10:00", removed_holidays=("Goede vrijdag",)) == (
        "2026-04-07T10:00:00+02:00"
    )
    assert due("2026-04-02T10:00", removed_holidays=("2026-04-03",)) == (
        "2026-04-07T10:00:00+02:00"
    )


def test_elapsed_working_time_skips_weekends_and_is_antisymmetric():
    cal = Calendar(SETTINGS)
    start, end = at("2026-11-20T16:00"), at("2026-11-24T16:00")
    assert cal.elapsed(start, end) == timedelta(hours=48)
    assert cal.elapsed(end, start) == timedelta(hours=-48)
    assert cal.elapsed(at("2026-11-21T09:00"), at("2026-11-22T18:00")) == timedelta()


def test_elapsed_arithmetic_matches_counting_day_by_day():
    import random
    from datetime import time

    cal = Calendar(SETTINGS)

    def walk(start: datetime, end: datetime) -> timedelta:
        cursor, stop, total = start.replace(tzinfo=None), end.replace(tzinfo=None), timedelta()
        while cursor < stop:
            midnight = datetime.combine(cursor.date() + timedelta(days=1), time())
            if cal.is_workday(cursor.date()):
                total += min(midnight, stop) - cursor
            cursor = midnight
        return total

    rng = random.Random(7)
    for _ in range(500):
        start = at("2024-01-01T00:00") + timedelta(minutes=rng.randint(0, 1_500_000))
        end = start + timedelta(minutes=rng.randint(0, 700_000))
        assert cal.elapsed(start, end) == walk(start, end), (start, end)
