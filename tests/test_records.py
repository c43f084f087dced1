"""The tree of records: model building, the content-hash cache, and the parallel path."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from klacht import records
from klacht.model import TimeError, parse_datetime
from klacht.status import Status, status


def test_complaints_are_typed_and_sorted_by_number(project):
    project.record("K-2026-010", triage={"decision": "self", "at": "2026-11-18T11:00", "by": "A"})
    project.record("K-2026-002", closed="2026-11-20", handling={
        "handler": "R", "cause": "c", "solution": "s", "customer_agrees": True, "date": "2026-11-20"})  # fmt: skip
    loaded = records.load_records(project.settings())
    assert [c.id for c in loaded.complaints] == ["K-2026-002", "K-2026-010"]
    second = loaded.complaints[1]
    assert second.triage.at == datetime(2026, 11, 18, 11, 0, tzinfo=second.triage.at.tzinfo)
    assert second.triage.at.utcoffset() == timedelta(hours=1)
    assert loaded.complaints[0].closed == date(2026, 11, 20)
    assert [status(c) for c in loaded.complaints] == [Status.CLOSED, Status.IN_PROGRESS]


def test_local_time_takes_the_zone_and_summer_time():
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Amsterdam")
    assert parse_datetime("2026-07-01T10:00", tz).utcoffset() == timedelta(hours=2)
    assert parse_datetime("2026-07-01T10:00Z", tz).tzinfo == UTC
    for value, code in (
        ("2026-03-29T02:30", "time.nonexistent"),
        ("2026-10-25T02:30", "time.ambiguous"),
    ):
        try:
            parse_datetime(value, tz)
        except TimeError as exc:
            assert exc.code == code
        else:
            raise AssertionError(value)


def test_cache_reuses_unchanged_files_and_rechecks_changed_ones(project, monkeypatch):
    for n in range(1, 4):
        project.record(f"K-2026-{n:03d}")
    settings = project.settings()
    first = records.load_records(settings)
    assert len(first.complaints) == 3
    assert (project.root / ".cache/klacht/checks.marshal").is_file()

    checked: list[str] = []
    real = records.check_file
    monkeypatch.setattr(
        records, "check_file", lambda f, env: checked.append(Path(f).name) or real(f, env)
    )
    second = records.load_records(settings)
    assert checked == []
    assert second == first

    project.record("K-2026-002", customer={"name": "X", "phone": "12"})
    third = records.load_records(settings)
    assert checked == ["K-2026-002.yaml"]
    assert [p.code for p in third.problems] == ["rule.phone"]
    assert [c.id for c in third.complaints] == ["K-2026-001", "K-2026-003"]


def test_corrupt_cache_is_ignored(project):
    project.record("K-2026-001")
    settings = project.settings()
    project.write(".cache/klacht/checks.marshal", "{niet: json")
    assert len(records.load_records(settings).complaints) == 1


def test_parallel_path_gives_the_same_results(project, monkeypatch):
    for n in range(1, 41):
        overrides = {"customer": {"name": "X", "phone": "12"}} if n % 7 == 0 else {}
        project.record(f"K-2026-{n:03d}", **overrides)
    settings = project.settings()
    files = records.discover(settings)
    serial = records.check_files(files, settings, use_cache=False, workers=1)
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 10)
    parallel = records.check_files(files, settings, use_cache=False, workers=2)
    assert parallel == serial
    assert sum(1 for r in parallel if r.problems) == 5
