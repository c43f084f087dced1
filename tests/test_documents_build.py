"""Documents that are not what the record says, in the site build: a listed document that is
missing, a link, a folder or a pipe, or that changes between the check and the copy (a
`git checkout` during `mkdocs serve`). The build never stops: the problem is reported in Dutch at
the record's line and field, that complaint is left out like any broken record, the rest of the
site builds, and nothing from outside the register gets in. Real `mkdocs build` (in a process of
its own, and in this one where a test must act between the check and the copy), real bundle,
real `klacht pages` and `klacht check`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from documents_util import pdf
from site_util import NOW

from conftest import REPO, Project
from klacht import bundle, records
from klacht.site import plugin

FOLDER = "complaints/2026/K-2026-001"
SECRET = b"geheim buiten het register\n"
LINE = "complaints/2026/K-2026-001.yaml:14:9: bestand (documents.1.file): 'b.pdf'"
REASONS = {
    "missing": "staat niet in de map van de klacht",
    "link": "is een snelkoppeling (symbolische link)",
    "folder": "is een map, geen bestand",
    "pipe": "is geen gewoon bestand",
    "web page": "heet een .pdf-bestand, maar de inhoud is een webpagina (HTML)",
}


def register(root: Path) -> Project:
    """K-2026-001 with two PDFs (the second, b.pdf, listed at line 14), K-2026-002 without."""
    project = Project(root)
    project.write(f"{FOLDER}/a.pdf", pdf("Eerste brief"))
    project.write(f"{FOLDER}/b.pdf", pdf("Tweede brief"))
    project.record(
        documents=[
            {"file": "a.pdf", "title": "Eerste brief", "date": "2026-11-18"},
            {"file": "b.pdf", "title": "Tweede brief", "date": "2026-11-19"},
        ]
    )
    project.record("K-2026-002")
    project.commit("Twee klachten")
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    shutil.copytree(REPO / "site", root / "site")
    return project


def spoil(folder: Path, how: str, outside: Path) -> None:
    """Make b.pdf in `folder` what `how` says."""
    target = folder / "b.pdf"
    target.unlink()
    if how == "link":
        secret = outside / "geheim.pdf"
        secret.write_bytes(SECRET)
        target.symlink_to(secret)
    elif how == "folder":
        target.mkdir()
        (target / "c.pdf").write_bytes(pdf())
    elif how == "pipe":
        os.mkfifo(target)
    elif how == "web page":
        target.write_bytes(b"<!doctype html><script>alert(1)</script>")


def assert_left_out(public: Path, uris: tuple[str, str] = ("/index.html", ".html")) -> None:
    """K-2026-001 and its documents are not on the site; K-2026-002 is."""
    page, other = (
        public / "klachten" / f"K-2026-00{n}{uris[0] if n == 1 else uris[1]}" for n in (1, 2)
    )
    assert not page.exists()
    assert other.exists()
    assert not (public / "documenten" / "K-2026-001").exists()
    for path in public.rglob("*"):
        assert not path.is_file() or SECRET not in path.read_bytes(), path
    assert "2026/K-2026-001.yaml" in (public / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["missing", "link", "folder", "pipe"])
def test_a_spoilt_document_leaves_its_complaint_out(tmp_path: Path, how: str):
    """In the register before the build: `mkdocs build`, `klacht pages` and `klacht check` report
    it at its line and carry on."""
    root = tmp_path / "register"
    register(root)
    spoil(root / FOLDER, how, tmp_path)
    env = {**os.environ, "KLACHT_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    klacht = [sys.executable, "-m", "klacht.cli", "--root", str(root)]
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=root, env=env, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    assert f"WARNING -  {LINE} {REASONS[how]}" in built.stderr
    assert "Traceback" not in built.stderr
    assert_left_out(root / "public", ("/index.html", "/index.html"))
    pages = subprocess.run(
        [*klacht, "pages", "--out", str(tmp_path / "docs")], env=env, capture_output=True, text=True
    )
    assert pages.returncode == 0, pages.stderr
    assert not (tmp_path / "docs/klachten/K-2026-001.md").exists()
    assert (tmp_path / "docs/klachten/K-2026-002.md").exists()
    checked = subprocess.run([*klacht, "check"], env=env, capture_output=True, text=True)
    assert checked.returncode == 1
    assert LINE in checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr


def test_the_kept_documents_leave_the_cache_with_the_build(tmp_path: Path):
    """The documents kept for a build are gone when it ends (a document anonymized later must
    stay in no cache), and those of a build that ended are gone when the next starts."""
    root = tmp_path / "register"
    register(root)
    store = root / ".cache/klacht/documents"
    leftover = store / "999999999-abc"  # a build whose process ended without cleaning up
    leftover.mkdir(parents=True)
    (leftover / "b.pdf").write_bytes(pdf())
    env = {**os.environ, "KLACHT_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert (root / "public/documenten/K-2026-001/b.pdf").read_bytes() == pdf("Tweede brief")
    assert store.is_dir()
    assert list(store.iterdir()) == []


def build_in_process(root: Path, monkeypatch: pytest.MonkeyPatch, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("KLACHT_NOW", NOW)
    monkeypatch.chdir(root)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))


def after(monkeypatch: pytest.MonkeyPatch, module: object, name: str, act: Callable[[], None]):
    """`module.name` does what it did, then `act`."""
    real = getattr(module, name)

    def then(*args, **kwargs):
        result = real(*args, **kwargs)
        act()
        return result

    monkeypatch.setattr(module, name, then)


@pytest.mark.parametrize("how", ["missing", "link", "folder", "web page"])
def test_a_document_spoilt_after_the_check(tmp_path: Path, monkeypatch, caplog, how: str):
    """Between `klacht check`'s pass over the records and the site's copy: reported at its line,
    its complaint left out, the rest built."""
    root = tmp_path / "register"
    register(root)
    after(monkeypatch, records, "load_records", lambda: spoil(root / FOLDER, how, tmp_path))
    build_in_process(root, monkeypatch, root / "public")
    assert f"{LINE} {REASONS[how]}" in caplog.text
    assert_left_out(root / "public", ("/index.html", "/index.html"))


@pytest.mark.parametrize("how", ["missing", "link", "folder"])
def test_a_document_spoilt_before_mkdocs_copies_it(tmp_path: Path, monkeypatch, how: str):
    """After the pages are made and before MkDocs copies the files: the site carries the
    document as it was when the page was made, never what replaced it."""
    root = tmp_path / "register"
    register(root)
    after(monkeypatch, plugin, "generate", lambda: spoil(root / FOLDER, how, tmp_path))
    build_in_process(root, monkeypatch, root / "public")
    public = root / "public"
    assert (public / "documenten/K-2026-001/b.pdf").read_bytes() == pdf("Tweede brief")
    assert (public / "klachten/K-2026-001/index.html").exists()
    for path in public.rglob("*"):
        assert not path.is_file() or SECRET not in path.read_bytes(), path
    # the register's own files are as they were made: the build wrote nothing into them
    assert (root / FOLDER / "a.pdf").read_bytes() == pdf("Eerste brief")


def test_the_bundle_with_a_document_gone_after_the_check(tmp_path: Path, monkeypatch, caplog):
    root = tmp_path / "register"
    register(root)
    after(monkeypatch, records, "load_records", lambda: spoil(root / FOLDER, "link", tmp_path))
    monkeypatch.setenv("KLACHT_NOW", NOW)
    out = tmp_path / "out" / "site.zip"
    bundle.build(root / "mkdocs.yml", out)
    assert f"{LINE} {REASONS['link']}" in caplog.text
    with zipfile.ZipFile(out) as archive:
        archive.extractall(out.parent)
    assert_left_out(out.parent / "site", (".html", ".html"))


def test_pages_with_a_document_gone_after_the_check(tmp_path: Path, monkeypatch, cli, caplog):
    root = tmp_path / "register"
    register(root)
    after(monkeypatch, records, "load_records", lambda: spoil(root / FOLDER, "missing", tmp_path))
    code, out, _err = cli(root, "pages", "--out", str(tmp_path / "docs"), "--now", NOW)
    assert code == 0
    assert f"{LINE} {REASONS['missing']}" in caplog.text
    assert not (tmp_path / "docs/klachten/K-2026-001.md").exists()
    assert not (tmp_path / "docs/documenten/K-2026-001").exists()
    assert (tmp_path / "docs/klachten/K-2026-002.md").exists()
    assert "complaints/2026/K-2026-001.yaml" in (tmp_path / "docs/index.md").read_text()


def test_without_a_writable_cache_the_documents_are_read(tmp_path: Path):
    """Where the cache cannot hold the kept documents, their bytes are read (without following a
    link) and checked the same way."""
    from klacht import documents

    root = tmp_path / "register"
    project = register(root)
    settings = project.settings()
    (root / ".cache").write_text("geen map")  # the cache folder cannot be made
    complaint = next(c for c in records.load_records(settings).complaints if c.documents)
    limits = documents.Limits.of(settings)
    found, findings = documents.stored(root, complaint, documents.Store(settings), limits)
    assert [d.content for d in found] == [pdf("Eerste brief"), pdf("Tweede brief")]
    assert findings == []
    spoil(root / FOLDER, "link", tmp_path)
    found, findings = documents.stored(root, complaint, documents.Store(settings), limits)
    assert findings == [("documents.1.file", "documents.link", {"name": "b.pdf"}, "value")]


def test_without_a_writable_cache_an_encrypted_document_is_told_as_such(tmp_path: Path):
    """Privacy mode: a `.age` document read into memory is an age file or refused, as by the
    check (no key here: it is listed, and carried by no site)."""
    from klacht import documents

    project = Project(tmp_path / "register")
    project.write(f"{FOLDER}/brief.pdf.age", b"age-encryption.org/v1\n-> X25519 abc\n" + bytes(64))
    project.write(f"{FOLDER}/nep.pdf.age", pdf())
    listed = [
        {"file": n, "title": n, "date": "2026-11-18"} for n in ("brief.pdf.age", "nep.pdf.age")
    ]
    project.record(documents=listed)
    (tmp_path / "register/.cache").write_text("geen map")
    settings = project.settings()
    complaint = records.load_records(settings).complaints  # nep.pdf.age: the check refuses it
    assert complaint == ()
    from klacht import loader
    from klacht.model import from_data

    data = loader.parse(project.path_of("K-2026-001").read_text(encoding="utf-8"))
    complaint = from_data(data, "complaints/2026/K-2026-001.yaml", settings.tz)
    limits = documents.Limits.of(settings)
    found, findings = documents.stored(project.root, complaint, documents.Store(settings), limits)
    assert [(d.file, d.content, d.size) for d in found] == [("brief.pdf", None, None)]
    assert findings == [
        ("documents.1.file", "documents.not_encrypted", {"name": "nep.pdf.age"}, "value")
    ]
