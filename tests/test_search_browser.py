"""The site's search in a real Chromium: a complaint number finds that complaint's page first and
no page without it, and result snippets read as text, not table cells run together."""

from __future__ import annotations

import re

import pytest
from site_util import build_site

from conftest import Project, serving


@pytest.fixture(scope="module")
def search(tmp_path_factory, chromium):
    project = Project(tmp_path_factory.mktemp("search") / "register")
    for n in range(1, 18):
        project.record(
            f"K-2026-{n:03d}",
            received=f"2026-11-{n:02d}T16:10:00+01:00",
            received_by="Sanne Bosman",
            customer={"name": f"Klant {n}", "phone": "073-1234567"},
        )
    project.commit("Zeventien klachten")
    public = build_site(project)
    with serving(public) as base:
        page = chromium.new_page(viewport={"width": 1400, "height": 900})

        def run(query: str) -> list[tuple[str, str]]:
            """The results of a query: (link, text) of each, in order."""
            page.goto(base)
            field = page.locator("input.md-search__input")
            field.click()
            field.press_sequentially(query, delay=20)
            items = page.locator(".md-search-result__item > a")
            items.first.wait_for(state="attached", timeout=20_000)
            page.wait_for_timeout(500)  # the last keystroke's results
            return [
                (items.nth(i).get_attribute("href") or "", items.nth(i).inner_text())
                for i in range(items.count())
            ]

        yield run
        page.close()


@pytest.mark.parametrize("query", ["K-2026-012", "k-2026-012", "K-2026-12"])
def test_a_complaint_number_finds_its_page_first(search, query):
    results = search(query)
    assert results[0][0].endswith("klachten/K-2026-012/"), results[:3]
    assert not any("Ontbreekt" in text for _, text in results), results
    assert not any(re.search(r"K-2026-0(0\d|1[013-7])/", link) for link, _ in results)


def test_other_searches_are_as_before(search):
    found = {m.group() for link, _ in search("Bosman") if (m := re.search(r"K-2026-\d+", link))}
    assert len(found) >= 5  # a name still finds the complaints that name it


def test_snippets_read_as_text_not_cells_run_together(search):
    results = search("aangenomen")
    home = next(text for _, text in results if text.startswith("Nieuwe klachten"))
    assert "aangenomen door omschrijving K-2026-001 01-11-2026 16:10 Klant 1 Sanne" in home
    complaint = next(
        text for link, text in results if "klachten/K-2026-" in link and "aangenomen" in text
    )
    assert re.search(r"ontvangen \d{2}-11-2026 16:10 aangenomen door Sanne Bosman", complaint)
    assert not re.search(r"\d[a-z]|[a-z]\d{2}-", complaint), complaint
