"""`klacht demo`: the example complaints with a believable history; `make serve` shows it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from conftest import REPO
from klacht import config, demo, history, records, stats, synthetic

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=synthetic.TZ)
STAFF = {"Anouk Verbeek", "Sanne de Groot", "Ahmed El Amrani", "R. de Wit", demo.DIRECTOR}


def _log(root: Path) -> list[tuple[datetime, str, str]]:
    out = subprocess.run(
        ["git", "log", "--reverse", "--format=%aI%x00%an%x00%s"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (datetime.fromisoformat(d), a, s) for d, a, s in (x.split("\0") for x in out.splitlines())
    ]


def test_demo_history_is_a_believable_firms(tmp_path, cli):
    root = tmp_path / "demo"
    code, out, _ = cli(tmp_path, "demo", str(root))
    assert code == 0 and "commits" in out
    log = _log(root)
    assert {author for _, author, _ in log} <= STAFF  # fictional staff, no developer
    assert log[0][1:] == (demo.DIRECTOR, "Klachtenregister begonnen")
    complaint_commits = [when for when, _, message in log[1:]]
    assert complaint_commits == sorted(complaint_commits)
    assert complaint_commits[-1] - complaint_commits[0] > timedelta(days=183)
    assert all(8 <= when.hour < 18 for when in complaint_commits)  # office hours
    # The work tree holds the examples exactly as written; every record is valid.
    for example in (REPO / "complaints").rglob("*.yaml"):
        assert (root / example.relative_to(REPO)).read_bytes() == example.read_bytes()
    assert cli(root, "check")[0] == 0
    assert (root / "mkdocs.yml").is_file() and (root / ".github/workflows/klachten.yml").is_file()
    # Every step of every record was a valid record when it was committed.
    settings = config.load(root)
    steps = subprocess.run(
        ["git", "rev-list", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    for commit in steps[:-1]:
        subprocess.run(["git", "checkout", "-q", commit], cwd=root, check=True)
        loaded = records.load_records(settings, use_cache=False)
        assert loaded.problems == (), commit
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)

    # The analysis shows a firm that registers at once and a late measure.
    loaded = records.load_records(settings)
    found = stats.analyse(loaded.complaints, settings, NOW, history.read(settings))
    registration = found.registration_days
    assert registration.count == 8 and registration.on_time == 8
    assert registration.p90 < 1 / 8  # within the hour: an eighth of a working day
    assert found.triage_hours.median < 48
    assert found.measures_overdue == 1 and found.measures_done == 2
    assert found.contributors is None  # changes per person: off unless the firm sets it
    on = stats.analyse(
        loaded.complaints, replace(settings, changes_per_person=True), NOW, history.read(settings)
    )
    assert {c.name for c in on.contributors} <= STAFF


def test_demo_registration_within_the_hour_and_steps_in_order():
    for _, _, data in demo.examples():
        steps = synthetic.record_steps(data)
        received = datetime.fromisoformat(data["received"])
        assert timedelta(0) < steps[0][0] - received < timedelta(hours=1)
        assert [s[0] for s in steps] == sorted(s[0] for s in steps)
        assert steps[-1][3] == data
        if "triage" in data:
            triaged = next(s for s in steps if s[2] == "triaged")
            assert triaged[1] == data["triage"]["by"]


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path, cli):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "x").write_text("x")
    code, _, err = cli(tmp_path, "--lang", "en", "demo", str(tmp_path / "demo"))
    assert code == 2 and "not empty" in err
    assert [p.name for p in (tmp_path / "demo").iterdir()] == ["x"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_serve_builds_and_serves_the_demo(tmp_path):
    """The README's first command: the demo is made once into DEMO and served."""
    port = _free_port()
    target = tmp_path / "demo"
    command = [
        "make",
        "-s",
        "-o",
        ".venv/.installed",
        "serve",
        f"DEMO={target}",
        f"SERVE_ADDR=127.0.0.1:{port}",
        f"BIN={Path(sys.executable).parent}",
    ]
    server = subprocess.Popen(
        command, cwd=REPO, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        page = None
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/analyse/", timeout=5) as r:
                    page = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert page is not None, server.stdout.read().decode() if server.poll() is not None else ""
        assert "tijd tot registratie" in page  # from the demo's Git history
        assert (target / "complaints" / "2026" / "K-2026-007.yaml").is_file()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
