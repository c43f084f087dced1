"""Rebuilding the site: only what changed is rendered, and nothing is lost or left behind, whatever
happened in between (another site folder, a failed build, a hand-written page, a deleted page)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_util import NOW

from conftest import REPO, Project


def build(
    project: Project, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "KLACHT_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project.root,
        env=environment,
        capture_output=True,
        text=True,
    )


def pages(site: Path) -> dict[str, str]:
    """Every file under klachten/ with its text."""
    folder = site / "klachten"
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path / "register")
    shutil.copy(REPO / "mkdocs.yml", project.root)
    shutil.copytree(REPO / "site", project.root / "site")
    for n in range(1, 4):
        project.record(f"K-2026-{n:03d}", summary=f"Klacht nummer {n}.")
    project.commit("drie")
    return project


def test_two_site_folders_built_in_turn_stay_complete(project):
    one, two = project.root / "een", project.root / "twee"
    assert build(project, "-d", str(one)).returncode == 0
    assert build(project, "-d", str(two)).returncode == 0
    project.record("K-2026-002", summary="Gewijzigd.")
    assert build(project, "-d", str(one)).returncode == 0
    assert build(project, "-d", str(two)).returncode == 0
    assert pages(one) == pages(two)
    assert sorted(pages(one)) == [f"K-2026-00{n}/index.html" for n in (1, 2, 3)]
    assert "Gewijzigd." in pages(one)["K-2026-002/index.html"]
    assert not any(p.name.startswith(".") for p in one.iterdir())


def test_a_failed_build_loses_nothing_for_the_next(project):
    assert build(project).returncode == 0
    before = pages(project.root / "public")
    failed = build(project, env={"KLACHT_NOW": "2026-02-30T10:00"})
    assert failed.returncode == 1 and "KLACHT_NOW" in failed.stderr
    assert not (project.root / "public" / ".klacht-stash").exists()
    assert build(project).returncode == 0
    assert pages(project.root / "public") == before


def test_hand_written_files_beside_the_complaint_pages_are_kept_and_removed_with_their_source(
    project,
):
    (project.root / "site" / "klachten").mkdir()
    (project.root / "site" / "klachten" / "uitleg.txt").write_text("Uitleg", encoding="utf-8")
    for _ in range(2):
        assert build(project).returncode == 0
        assert pages(project.root / "public")["uitleg.txt"] == "Uitleg"
    (project.root / "site" / "klachten" / "uitleg.txt").unlink()
    assert build(project).returncode == 0
    assert "uitleg.txt" not in pages(project.root / "public")


def test_deleted_pages_come_back_and_gone_records_leave_no_folder(project):
    assert build(project).returncode == 0
    before = pages(project.root / "public")
    (project.root / "public" / "klachten" / "K-2026-001" / "index.html").unlink()
    project.path_of("K-2026-003").unlink()
    assert build(project).returncode == 0
    after = pages(project.root / "public")
    assert after == {k: v for k, v in before.items() if not k.startswith("K-2026-003")}
    assert not (project.root / "public" / "klachten" / "K-2026-003").exists()


def test_pages_follow_the_site_address(project):
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "site_url: https://a.example/\n", encoding="utf-8")
    assert build(project).returncode == 0
    assert (
        'href="https://a.example/klachten/K-2026-001/"'
        in pages(project.root / "public")["K-2026-001/index.html"]
    )
    config.write_text(text + "site_url: https://b.example/\n", encoding="utf-8")
    assert build(project).returncode == 0
    page = pages(project.root / "public")["K-2026-001/index.html"]
    assert 'href="https://b.example/klachten/K-2026-001/"' in page and "a.example" not in page


def test_a_changed_hand_written_page_renders_the_navigation_anew(project):
    assert build(project).returncode == 0
    procedure = project.root / "site" / "procedure.md"
    text = procedure.read_text(encoding="utf-8")
    procedure.write_text(text.replace("# ", "# Nieuwe titel: ", 1), encoding="utf-8")
    assert build(project).returncode == 0
    assert "Nieuwe titel: " in pages(project.root / "public")["K-2026-001/index.html"]


def test_file_urls_and_directory_urls_built_in_turn_keep_their_own_pages(project):
    """`use_directory_urls: false` (as `klacht bundle` builds): complaint pages are files whose
    links name files; a page cached for one URL style is never used for the other."""
    config = project.root / "mkdocs.yml"
    directory = config.read_text(encoding="utf-8")
    files = directory.replace("use_directory_urls: true", "use_directory_urls: false")
    assert files != directory
    for text, folder in ((directory, "dirs"), (files, "files"), (directory, "dirs2")):
        config.write_text(text, encoding="utf-8")
        assert build(project, "-d", str(project.root / folder)).returncode == 0
    as_files = pages(project.root / "files")
    assert sorted(as_files) == [f"K-2026-00{n}.html" for n in (1, 2, 3)]
    assert 'href="../register.html"' in as_files["K-2026-001.html"]
    assert pages(project.root / "dirs") == pages(project.root / "dirs2")
    assert 'href="../../register/"' in pages(project.root / "dirs2")["K-2026-001/index.html"]
