"""The working-time calendar on the hard cases of SPEC §4."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from klacht import config
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


def test_received_on_a_holiday_counts_from_the_next_working_day():
    # Second Christmas Day 2025 is a Friday: the clock starts on Monday 29 December 00:00
    assert due("2025-12-26T11:00") == "2025-12-31T00:00:00+01:00"


def test_liberation_day_is_a_holiday_in_lustrum_years_only():
    cal = Calendar(SETTINGS)
    assert date(2025, 5, 5) in cal.holidays_of(2025)
    assert date(2026, 5, 5) not in cal.holidays_of(2026)
    added = Calendar(replace(SETTINGS, extra_holidays=("05-05",)))
    assert date(2025, 5, 5) in added.holidays_of(2025)  # not counted twice
    assert added.workdays_between(date(2025, 5, 5), date(2025, 5, 12)) == 4


def test_setting_drops_a_holiday_by_english_name_or_yearly_date():
    assert due("2025-12-24T10:00") == "2025-12-30T10:00:00+01:00"
    assert due("2025-12-24T10:00", removed_holidays=("12-26",)) == "2025-12-29T10:00:00+01:00"
    assert due("2025-12-24T10:00", removed_holidays=("Second Day of Christmas",)) == (
        "2025-12-29T10:00:00+01:00"
    )


def test_leap_day_holiday_only_in_leap_years():
    cal = Calendar(replace(SETTINGS, extra_holidays=("02-29",)))
    assert date(2028, 2, 29) in cal.holidays_of(2028)
    assert cal.holidays_of(2027) == Calendar(SETTINGS).holidays_of(2027)


def test_no_country_means_no_public_holidays():
    assert Calendar(replace(SETTINGS, holidays_country="")).holidays_of(2026) == frozenset()
    assert due("2026-12-24T10:00", holidays_country="") == "2026-12-28T10:00:00+01:00"


def test_other_workdays():
    # a firm that works Tuesday to Saturday
    assert due("2026-11-20T16:00", workdays=(2, 3, 4, 5, 6)) == "2026-11-24T16:00:00+01:00"
    assert due("2026-11-23T10:00", workdays=(2, 3, 4, 5, 6)) == "2026-11-26T00:00:00+01:00"


def test_elapsed_is_zero_inside_a_weekend_and_counts_a_workday_partly():
    cal = Calendar(SETTINGS)
    assert cal.elapsed(at("2026-11-23T09:00"), at("2026-11-23T17:30")) == timedelta(hours=8.5)
    assert cal.elapsed(at("2026-11-21T09:00"), at("2026-11-23T09:00")) == timedelta(hours=9)
    assert cal.elapsed(at("2026-12-24T18:00"), at("2026-12-28T06:00")) == timedelta(hours=12)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"triage_hours": 0}, "triage_hours moet een getal groter dan 0 zijn"),
        ({"resolution_days": "20"}, "resolution_days moet een getal groter dan 0 zijn"),
        (
            {"acknowledgement_hours": True},
            "acknowledgement_hours moet een getal zijn, 0 of groter (0: uit)",
        ),
        ({"warn_fraction": 1.5}, "warn_fraction moet een getal tussen 0 en 1 zijn"),
        ({"workdays": []}, "workdays moet weekdagen 1 (maandag) t/m 7 (zondag) noemen"),
        ({"workdays": [0, 1]}, "workdays moet weekdagen 1 (maandag) t/m 7 (zondag) noemen"),
        (
            {"extra_holidays": ["5-5"]},
            "extra_holidays: '5-5' is geen datum 'MM-DD' of 'JJJJ-MM-DD'",
        ),
        (
            {"extra_holidays": ["02-30"]},
            "extra_holidays: '02-30' is geen datum 'MM-DD' of 'JJJJ-MM-DD'",
        ),
        ({"removed_holidays": [""]}, "removed_holidays: '' is geen datum of naam van een feestdag"),
        ({"holidays_country": "XX"}, "holidays_country 'XX' is onbekend"),
        ({"clock": "werkdagen"}, "clock moet 'working' of 'calendar' zijn, niet 'werkdagen'"),
    ],
)
def test_wrong_clock_settings_are_refused(tmp_path, table, message):
    with pytest.raises(config.SettingsError) as caught:
        config.from_mapping(tmp_path, table)
    assert str(caught.value) == f"pyproject.toml: [tool.klacht] {message}"


def test_valid_clock_settings_are_taken(tmp_path):
    table = {
        "clock": "calendar",
        "triage_hours": 24,
        "resolution_days": 10.5,
        "warn_fraction": 1,
        "workdays": [2, 3, 4, 5, 6],
        "holidays_country": "BE",
        "extra_holidays": ["02-29", "2026-12-24"],
        "removed_holidays": ["Goede vrijdag"],
    }
    s = config.from_mapping(tmp_path, table)
    assert (s.clock, s.triage_hours, s.resolution_days, s.workdays, s.extra_holidays) == (
        "calendar",
        24,
        10.5,
        (2, 3, 4, 5, 6),
        ("02-29", "2026-12-24"),
    )


def test_cli_reports_a_wrong_setting(project, cli):
    (project.root / "pyproject.toml").write_text(
        "[tool.klacht]\nwarn_fraction = 80\n", encoding="utf-8"
    )
    assert cli(project.root, "deadlines") == (
        2,
        "",
        "klacht: pyproject.toml: [tool.klacht] warn_fraction moet een getal tussen 0 en 1 zijn\n",
    )
