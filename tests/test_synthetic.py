"""The synthetic generator makes valid, realistic records and a real Git history; and the traps a
faster path could hide stay caught."""

from __future__ import annotations

import subprocess
from collections import Counter

from klacht import history, records, synthetic
from klacht.status import status


def test_generated_records_are_valid_and_cover_every_status(tmp_path):
    root = tmp_path / "register"
    synthetic.write_project(root)
    paths = synthetic.write_records(root, 300, seed=3)
    assert len(paths) == 300
    from klacht import config

    loaded = records.load_records(config.load(root), use_cache=False)
    assert loaded.problems == ()
    assert set(Counter(status(c).value for c in loaded.complaints)) == {
        "new",
        "in_progress",
        "mediation",
        "closed",
        "withdrawn",
    }
    sizes = [(root / p).stat().st_size for p in paths]
    assert 800 < sum(sizes) / len(sizes) < 1600


def test_generator_is_deterministic(tmp_path):
    first = [v for _, v, _ in synthetic.complaints(20, seed=5)]
    assert first == [v for _, v, _ in synthetic.complaints(20, seed=5)]
    assert first != [v for _, v, _ in synthetic.complaints(20, seed=6)]


def test_git_history_has_the_commits_and_every_version(tmp_path):
    root = tmp_path / "register"
    synthetic.write_project(root)
    synthetic.git_history(root, 40, 200, seed=1)
    count = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True
    )
    assert count.stdout.strip() == "200"
    from klacht import config

    found = history.read(config.load(root))
    touching = subprocess.run(
        ["git", "log", "--format=%H", "--", "complaints"], cwd=root, capture_output=True, text=True
    ).stdout.split()
    assert len(found.by_id) == 40
    assert 190 < len(touching) <= 200  # a correction may repeat an earlier text: an empty commit
    assert sum(len(v) for v in found.by_id.values()) == len(touching)


def test_impossible_date_and_non_ascii_email_on_the_fast_path(tmp_path, monkeypatch):
    from klacht import config

    root = tmp_path / "register"
    synthetic.write_project(root)
    paths = synthetic.write_records(root, 60, seed=2)
    bad, accented = root / paths[10], root / paths[20]
    text = bad.read_text()
    received = text.split("received: ")[1][:10]
    bad.write_text(text.replace(f"received: {received}", "received: 2026-02-30", 1))
    lines = accented.read_text().splitlines(keepends=True)
    accented.write_text(
        "".join(
            "  email: zoë@example.nl\n" if line.startswith("  email:") else line for line in lines
        )
    )
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 10)  # the worker pool, as at scale
    loaded = records.load_records(config.load(root), use_cache=False)
    assert [(p.path, p.code) for p in loaded.problems] == [(paths[10], "rule.date.invalid")]
    assert "2026-02-30" in loaded.problems[0].text("nl")
