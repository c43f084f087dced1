"""`mkdocs serve`: the site is served on 127.0.0.1 and rebuilt when a record or a setting
changes (live reload)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO, Project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, text: str, seconds: float = 30) -> str:
    """The page at `url` once it contains `text`."""
    end = time.monotonic() + seconds
    page = ""
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
        except OSError:
            page = ""
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")


def test_serve_rebuilds_when_a_record_or_a_setting_changes(tmp_path):
    project = Project(tmp_path / "register")
    shutil.copy(REPO / "mkdocs.yml", project.root)
    shutil.copytree(REPO / "site", project.root / "site")
    project.record("K-2026-001", summary="Eerste versie.")
    project.commit("een")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        page = f"http://127.0.0.1:{port}/klachten/K-2026-001/"
        wait_for(page, "Eerste versie.", seconds=90)  # the first build, on a busy machine
        project.record("K-2026-001", summary="Tweede versie.")
        wait_for(page, "Tweede versie.")
        settings = project.root / "pyproject.toml"
        edit = "https://forge.example/edit/main/"
        settings.write_text(settings.read_text() + f'edit_url = "{edit}"\n', encoding="utf-8")
        wait_for(page, f'href="{edit}complaints/2026/K-2026-001.yaml"')
    finally:
        server.terminate()
        server.wait(timeout=30)
