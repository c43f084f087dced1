"""The tree of records: model building, the content-hash cache, and the parallel path."""

from __future__ import annotations

import errno
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import base_record
from klacht import records
from klacht.model import TimeError, parse_datetime
from klacht.status import Status, status


def test_complaints_are_typed_and_sorted_by_number(project):
    project.record("K-2026-010", triage={"decision": "self", "at": "2026-11-18T11:00", "by": "A"})
    project.record(
        "K-2026-002",
        closed="2026-11-20",
        handling={
            "handler": "R",
            "cause": "c",
            "solution": "s",
            "customer_agrees": True,
            "date": "2026-11-20",
        },
    )
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
        ("2026-03-29T02:30", "rule.time.nonexistent"),
        ("2026-10-25T02:30", "rule.time.ambiguous"),
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


class _NoRead:
    """An open file that fails when read: a file over the limit must be refused unread."""

    def __init__(self, file: str | int, mode: str) -> None:
        self.fd = file if isinstance(file, int) else os.open(file, os.O_RDONLY)

    def __enter__(self) -> _NoRead:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def fileno(self) -> int:
        return self.fd

    def read(self, *args: object) -> bytes:
        raise AssertionError("a file over the limit was read")


def test_huge_file_is_refused_by_its_size_without_reading_it(project, monkeypatch):
    path = project.write("complaints/2026/K-2026-001.yaml", b"# " + b"x" * 300_000)
    monkeypatch.setattr(records, "open", _NoRead, raising=False)
    result = records.check_file(str(path), records.Env.of(project.settings()))
    assert [(p.code, p.args) for p in result.problems] == [
        ("file.too_large", {"size": 292, "limit": 256})
    ]


def test_unreadable_files_get_a_dutch_reason(project, monkeypatch):
    env = records.Env.of(project.settings())
    folder = records.check_file(str(project.root / "complaints"), env)
    assert [p.text("nl") for p in folder.problems] == [
        "dit is een map, geen bestand; geef een klachtbestand (.yaml) op"
    ]

    def refuse(file: str, mode: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", file)

    monkeypatch.setattr(records, "open", refuse, raising=False)
    locked = records.check_file(str(project.record("K-2026-001")), env)
    assert [p.text("nl") for p in locked.problems] == [
        "geen toestemming om dit bestand te lezen; vraag de beheerder om leesrechten"
    ]


PATH = "complaints/2026/K-2026-001.yaml"
WRONG_VALUES = [None, 5, True, "x", [], {}, [1], {"a": 1}]
FIELDS = [
    "id",
    "received",
    "customer",
    "customer.phone",
    "category",
    "acknowledged",
    "triage",
    "triage.at",
    "handling",
    "handling.date",
    "prevention",
    "prevention.measures",
    "prevention.measures.0",
    "prevention.measures.0.done",
    "pauses",
    "pauses.0",
    "pauses.0.from",
    "pauses.0.to",
    "mediation",
    "mediation.referred",
    "mediation.ruling_date",
    "corrections",
    "corrections.0",
    "corrections.0.date",
    "closed",
    "withdrawn",
    "withdrawn.date",
    "anonymized",
]


def _full_record() -> dict:
    return base_record(
        triage={"decision": "self", "at": "2026-11-18T11:00", "by": "A"},
        handling={
            "handler": "R",
            "cause": "c",
            "solution": "s",
            "customer_agrees": True,
            "date": "2026-11-20",
        },
        prevention={
            "needed": True,
            "measures": [{"action": "a", "due": "2026-12-01", "done": "2026-11-25"}],
        },
        pauses=[{"from": "2026-11-19T09:00", "to": "2026-11-19T12:00", "reason": "r"}],
        mediation={"referred": "2026-11-21", "ruling": "r", "ruling_date": "2026-11-28"},
        corrections=[{"date": "2026-11-29", "by": "A", "reason": "r"}],
        closed="2026-11-20",
        withdrawn={"date": "2026-11-30", "reason": "r"},
    )


@pytest.mark.parametrize("field", FIELDS)
def test_rules_stay_silent_on_what_the_schema_reported(project, field):
    """Any wrong value anywhere: no crash, and a rule speaks only about the changed field, when
    the schema did not already."""
    env = records.Env.of(project.settings())
    assert records.check_bytes(yaml.safe_dump(_full_record()).encode(), PATH, env).problems == ()
    for wrong in WRONG_VALUES:
        data = _full_record()
        *parents, last = field.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = wrong
        result = records.check_bytes(yaml.safe_dump(data).encode(), PATH, env)
        schema_fields = {p.field for p in result.problems if p.code.startswith("schema.")}
        rule_fields = {p.field for p in result.problems if p.code.startswith("rule.")}
        assert rule_fields <= {field} - schema_fields, (wrong, result.problems)
