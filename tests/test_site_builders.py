"""The way off MkDocs 1.x, built for real: ProperDocs builds the site with the plugin, and a later
`mkdocs build` reuses none of its pages (the page cache's fingerprint names the builder); and
`klacht pages --out DIR --theme THEME` gives a second builder without the plugin (Zensical) all
it needs: the pages, the assets, the hand-written pages, noindex on every page, a Dutch 404."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Project

NOW = "2026-11-24T12:00+01:00"
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)"')
NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KLACHT_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture
def register(project: Project) -> Project:
    """Two complaints, the repository's mkdocs.yml and hand-written pages."""
    project.record("K-2026-001", customer={"name": "Bakkerij Zonneveld", "phone": "0612345678"})
    project.record("K-2026-002")
    project.commit("Twee klachten")
    shutil.copy(REPO / "mkdocs.yml", project.root)
    shutil.copytree(REPO / "site", project.root / "site")
    return project


def generators(public: Path) -> set[str]:
    """The generator named by every complaint page."""
    pages = sorted((public / "klachten").glob("*/index.html"))
    assert len(pages) == 2
    return {GENERATOR.search(p.read_text(encoding="utf-8")).group(1) for p in pages}


def test_properdocs_builds_and_mkdocs_reuses_none_of_its_pages(register):
    root = register.root
    run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"], root)
    (properdocs,) = generators(root / "public")
    assert properdocs.startswith("mkdocs-ProperDocs ")
    page = (root / "public/klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    assert "Bakkerij Zonneveld" in page and NOINDEX in page
    run([sys.executable, "-m", "mkdocs", "build", "--strict"], root)
    (mkdocs,) = generators(root / "public")
    assert mkdocs.startswith("mkdocs-1.") and "ProperDocs" not in mkdocs
    caches = [p for p in (root / ".cache/klacht/site").iterdir() if p.is_dir()]
    assert len(caches) == 2  # a cache per builder
    run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"], root)
    assert generators(root / "public") == {properdocs}


def test_pages_out_is_a_complete_docs_folder_for_zensical(register, tmp_path):
    root = register.root
    run([sys.executable, "-m", "klacht.cli", "pages", "--out", "docs", "--theme", "theme"], root)
    assets = sorted(p.name for p in (root / "docs/assets/klacht").iterdir())
    assert "klacht.css" in assets and "tablesort.min.js" in assets
    assert (root / "docs/procedure.md").read_bytes() == (REPO / "site/procedure.md").read_bytes()
    scripts = "".join(f"\n  - assets/klacht/{name}" for name in assets if name.endswith(".js"))
    (root / "zensical.yml").write_text(
        "site_name: Klachtenregister\ndocs_dir: docs\nsite_dir: zensical-site\n"
        "use_directory_urls: true\n"
        "theme:\n  name: material\n  language: nl\n  custom_dir: theme\n"
        f"extra_css:\n  - assets/klacht/klacht.css\nextra_javascript:{scripts}\n",
        encoding="utf-8",
    )
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
    assert zensical, "zensical is part of the test extra"
    run([zensical, "build", "--strict", "-f", "zensical.yml"], root)
    site = root / "zensical-site"
    pages = sorted(site.rglob("*.html"))
    for name in (
        "index.html",
        "register/index.html",
        "klachten/K-2026-001/index.html",
        "archief/index.html",
        "analyse/index.html",
        "procedure/index.html",
    ):
        assert site / name in pages, name
    assert all(NOINDEX in page.read_text(encoding="utf-8") for page in pages)
    complaint = (site / "klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    assert "Bakkerij Zonneveld" in complaint and "assets/klacht/klacht.css" in complaint
    assert (site / "assets/klacht/klacht.css").read_bytes() == (
        REPO / "scripts/klacht/site/assets/klacht.css"
    ).read_bytes()
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1>404 - Pagina niet gevonden</h1>" in missing and "Not found" not in missing
    assert (site / "register.xlsx").is_file() and (site / "deadlines.ics").is_file()
