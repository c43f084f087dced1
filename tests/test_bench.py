"""The benchmark harness measures what it names, at a tiny size."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import run as bench  # noqa: E402


def test_check_rows_measure_klacht_and_its_floors(tmp_path):
    rows = dict(bench.check_rows(30, tmp_path, runs=1, jsonschema_runs=1))
    assert list(rows) == [
        "read the files (floor)",
        "libyaml parse only (floor)",
        "klacht check, cold",
        "klacht check, one record changed",
        "check-jsonschema, same files and schema",
    ]
    assert all(r.seconds > 0 and r.peak_mib > 1 for r in rows.values())


def test_history_rows_compare_with_git_log(tmp_path):
    rows = dict(bench.history_rows(10, 40, tmp_path, runs=1))
    assert list(rows) == [
        "one plain `git log --raw` pass",
        "klacht history extraction (field changes)",
    ]


def test_a_failing_command_is_not_measured(tmp_path):
    import pytest

    with pytest.raises(RuntimeError):
        bench.measure([sys.executable, "-c", "raise SystemExit(3)"], tmp_path, 1)


def test_privacy_rows_measure_decryption_and_the_site_with_and_without_the_key(tmp_path):
    rows = dict(bench.privacy_rows(12, tmp_path, runs=1))
    names = list(rows)
    decrypted = re.fullmatch(
        r"klacht check, privacy mode, with the key \((\d+) values decrypted\)", names[1]
    )
    assert decrypted and 12 <= int(decrypted[1]) <= 36  # a name in each, phone and e-mail at most
    assert names[:1] + names[2:] == [
        "klacht check, privacy mode, without the key",
        "mkdocs build, privacy mode without the key, cold",
        "mkdocs build, privacy mode with the key, cold",
        "mkdocs build, privacy mode with the key, one record changed (no page cache)",
    ]
    assert all(r.seconds > 0 for r in rows.values())
