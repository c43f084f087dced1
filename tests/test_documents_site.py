"""Documents on the site: each complaint page lists its documents with download links, the files
are in the built site and in the bundle (file URLs), names and titles are escaped, and a changed
document re-renders its page. Real `mkdocs build`, real bundle, real Chromium."""

from __future__ import annotations

import os
import re
import urllib.parse
import zipfile
from pathlib import Path

import pytest
from documents_util import eml, pdf
from site_util import NOW, build_site

from conftest import Project, serving
from klacht import bundle

HOSTILE_TITLE = '<img src=x onerror="alert(1)"> Brief & "antwoord"'
FOLDER = "complaints/2026/K-2026-001"


def register(project: Project) -> None:
    project.write(f"{FOLDER}/brief-klant.pdf", pdf())
    project.write(f"{FOLDER}/brief & ' #1 %20.eml", eml())
    project.record(
        documents=[
            {"file": "brief-klant.pdf", "title": "Brief van de klant", "date": "2026-11-18"},
            {"file": "brief & ' #1 %20.eml", "title": HOSTILE_TITLE, "date": "2026-11-19"},
        ]
    )
    project.commit("Klacht met documenten")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Project, Path]:
    project = Project(tmp_path_factory.mktemp("documents-site") / "register")
    register(project)
    return project, build_site(project)


def documents_table(page: str) -> str:
    return page.split('id="documenten"', 1)[1].split("</table>", 1)[0]


def test_complaint_page_lists_documents_with_links(built):
    project, public = built
    page = (public / "klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    table = documents_table(page)
    assert (
        '<a href="../../documenten/K-2026-001/brief-klant.pdf" download="brief-klant.pdf" '
        'type="application/pdf">Brief van de klant</a></td><td>18-11-2026</td><td>PDF</td>'
        f"<td>{len(pdf())} bytes</td>"
    ) in table
    # the hostile title and name are text: escaped, never markup
    assert "<img" not in table
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Brief &amp; &#34;antwoord&#34;" in table
    assert 'href="../../documenten/K-2026-001/brief%20%26%20%27%20%231%20%2520.eml"' in table
    assert 'download="brief &amp; &#39; #1 %20.eml"' in table
    for name in ("brief-klant.pdf", "brief & ' #1 %20.eml"):
        copied = public / "documenten/K-2026-001" / name
        assert copied.read_bytes() == (project.root / FOLDER / name).read_bytes()
    # the history shows the documents added, by name
    history = page.split('id="geschiedenis"', 1)[1]
    assert "document toegevoegd: <code>brief-klant.pdf</code>" in history
    assert "document toegevoegd: <code>brief &amp; &#39; #1 %20.eml</code>" in history


def test_a_changed_document_rerenders_its_page(built):
    project, public = built
    before = (public / "klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    project.write(f"{FOLDER}/brief-klant.pdf", pdf("Een langere brief van de klant"))
    public = build_site(project)
    after = (public / "klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    assert f"<td>{len(pdf())} bytes</td>" in before
    assert f"<td>{len(pdf('Een langere brief van de klant'))} bytes</td>" in after
    assert (public / "documenten/K-2026-001/brief-klant.pdf").read_bytes() == pdf(
        "Een langere brief van de klant"
    )


def test_the_bundle_carries_the_documents(tmp_path: Path):
    project = Project(tmp_path / "register")
    register(project)
    build_site(project)  # puts mkdocs.yml and the pages in place
    out = tmp_path / "out" / "site.zip"
    os.environ["KLACHT_NOW"] = NOW
    try:
        bundle.build(project.root / "mkdocs.yml", out)
    finally:
        del os.environ["KLACHT_NOW"]
    with zipfile.ZipFile(out) as archive:
        archive.extractall(out.parent)
    site = out.parent / "site"
    page = (site / "klachten/K-2026-001.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*documenten[^"]*)"', documents_table(page))
    assert links == [
        "../documenten/K-2026-001/brief-klant.pdf",
        "../documenten/K-2026-001/brief%20%26%20%27%20%231%20%2520.eml",
    ]
    for link in links:
        target = site / "klachten" / urllib.parse.unquote(link)
        assert (
            target.resolve().read_bytes()
            == (project.root / FOLDER / Path(urllib.parse.unquote(link)).name).read_bytes()
        )


def test_a_browser_downloads_a_document_from_the_complaint_page(built, chromium, tmp_path: Path):
    project, public = built
    with serving(public) as base:
        page = chromium.new_page(accept_downloads=True)
        page.goto(f"{base}klachten/K-2026-001/")
        with page.expect_download() as caught:
            page.get_by_role("link", name="Brief van de klant").click()
        download = caught.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        page.close()
    assert download.suggested_filename == "brief-klant.pdf"
    assert saved.read_bytes() == (public / "documenten/K-2026-001/brief-klant.pdf").read_bytes()
