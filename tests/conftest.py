"""Shared fixtures: a real project folder (pyproject.toml, schema, complaints/) in a real Git repo;
a real headless Chromium for the browser tests, and a folder served to it on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from klacht import config

REPO = Path(__file__).resolve().parents[1]

# The acknowledgement clock (on by default) is off here, so that each test counts only the clocks
# it is about; tests of that clock switch it on (`Project(root, acknowledgement=True)`).
PYPROJECT = """\
[tool.klacht]
timezone = "Europe/Amsterdam"
acknowledgement_hours = 0
categories = ["communication", "quality", "timeliness", "invoice", "privacy", "conduct", "other"]
"""


def base_record(record_id: str = "K-2026-001", **overrides: Any) -> dict[str, Any]:
    """A valid, new complaint; `overrides` replace top-level fields (None removes one)."""
    year = record_id.split("-")[1]
    data: dict[str, Any] = {
        "id": record_id,
        "received": f"{year}-11-18T10:42:00+01:00",
        "received_by": "Anouk Verbeek",
        "channel": "phone",
        "customer": {"name": "Fictief Bedrijf B.V.", "phone": "+31 73 123 4567"},
        "summary": "Rapportage te laat ontvangen.",
        "category": "communication",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


class Project:
    """A complaints register in a temp dir, under Git."""

    def __init__(self, root: Path, extra_settings: str = "", acknowledgement: bool = False) -> None:
        """`acknowledgement`: the acknowledgement clock runs, as by default in a register."""
        self.root = root
        (root / "schema").mkdir(parents=True)
        shutil.copy(REPO / "schema" / "complaint.schema.json", root / "schema")
        (root / "complaints").mkdir()
        settings = (
            PYPROJECT.replace("acknowledgement_hours = 0\n", "") if acknowledgement else PYPROJECT
        )
        (root / "pyproject.toml").write_text(settings + extra_settings, encoding="utf-8")
        (root / ".gitignore").write_text(".cache/\npublic/\n", encoding="utf-8")
        self.git("init", "-q", "-b", "main")

    def settings(self, **overrides: Any) -> config.Settings:
        from dataclasses import replace

        return replace(config.load(self.root), **overrides)

    def path_of(self, record_id: str) -> Path:
        return self.root / "complaints" / record_id.split("-")[1] / f"{record_id}.yaml"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def record(self, record_id: str = "K-2026-001", **overrides: Any) -> Path:
        """Write a record (valid unless overrides break it) in its year's folder."""
        data = base_record(record_id, **overrides)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        return self.write(self.path_of(record_id).relative_to(self.root).as_posix(), text)

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = {**os.environ, **GIT_ENV, **(env or {})}
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=full_env, check=True, capture_output=True, text=True
        )
        return done.stdout

    def commit(self, message: str, author: str = "Anouk Verbeek", date: str | None = None) -> str:
        env = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@example.nl",
        }
        if date:
            env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, env=env)
        return self.git("rev-parse", "HEAD").strip()


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.nl",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.nl",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "register")


@pytest.fixture(autouse=True)
def _dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the default language unless they ask otherwise."""
    monkeypatch.delenv("KLACHT_LANG", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `klacht --root ROOT ARGS...` in-process: returns (exit status, stdout, stderr)."""
    from klacht.cli import main

    def run(root: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--root", str(root), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The git subcommands of every process started from now on (subprocess.run uses Popen)."""
    calls: list[str] = []

    class Counted(subprocess.Popen):
        def __init__(self, args, *rest, **kw):
            if args[0] == "git":
                calls.append(args[1])
            super().__init__(args, *rest, **kw)

    monkeypatch.setattr(subprocess, "Popen", Counted)
    return calls


# --- The browser tests: Debian's /usr/bin/chromium, driven by Playwright ------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sync_playwright():
    """Playwright's `sync_playwright`. Where it or Chromium is missing, the test is skipped on a
    developer's machine; in CI (`CI` set) it fails, never skips."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the machine
        if os.environ.get("CI"):
            raise
        pytest.skip(f"playwright is not installed: {exc}")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (.ci/run)")
        pytest.skip(f"{CHROMIUM} is not installed")
    return sync_playwright


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium for the tests of one module, closed after them."""
    with sync_playwright()() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A page of a fresh browser context (1200 px wide) that accepts every dialog; the test
    fails on any script error the page raised."""
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()
    assert errors == []


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 at a free port, without a log line a request: its
    base URL (ending in `/`)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=folder)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
