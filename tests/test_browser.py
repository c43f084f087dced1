"""The built site in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright),
served on 127.0.0.1. In CI these tests must run: a missing browser fails them, never skips."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_util import build_site

from conftest import serving

TRIAGE = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}
HANDLING = {
    "handler": "R. de Wit",
    "cause": "Oorzaak",
    "solution": "Oplossing",
    "customer_agrees": True,
    "date": "2026-11-20",
}
CUSTOMERS = {
    "K-2026-001": "Bakkerij Zonneveld",
    "K-2026-002": "Autobedrijf Achterberg",
    "K-2026-003": "Mondzorg Middelburg",
    "K-2026-004": "Gesloten Klant",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory, chromium):
    from conftest import Project

    project = Project(tmp_path_factory.mktemp("browser") / "register")
    for n, (record_id, name) in enumerate(CUSTOMERS.items()):
        customer = {"name": name, "phone": "073-1234567"}
        # K-2026-001 is open for weeks: days open sort as numbers, not as text
        day = "2026-10-20" if n == 0 else f"2026-11-{17 + n}"
        project.record(record_id, customer=customer, received=f"{day}T10:00:00+01:00")
        project.commit(f"Klacht {record_id} geregistreerd", "Anouk Verbeek")
    project.record(
        "K-2026-002",
        customer={"name": CUSTOMERS["K-2026-002"], "phone": "073-1234567"},
        received="2026-11-18T10:00:00+01:00",
        triage=TRIAGE,
    )
    project.commit("K-2026-002 beoordeeld", "Ruud de Wit")
    project.record(
        "K-2026-004",
        customer={"name": CUSTOMERS["K-2026-004"], "phone": "073-1234567"},
        received="2026-11-20T10:00:00+01:00",
        triage=TRIAGE | {"at": "2026-11-20T11:00"},
        handling=HANDLING,
        closed="2026-11-20",
    )
    project.commit("K-2026-004 gesloten", "Ruud de Wit")
    public = build_site(project)
    with serving(public) as base:
        requests: list[str] = []
        errors: list[str] = []
        page = chromium.new_page(viewport={"width": 1400, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, base, requests, errors
        page.close()


def cells(page, column: int) -> list[str]:
    return page.locator(f"table.klacht-sortable tbody tr td:nth-child({column})").all_inner_texts()


def test_register_lists_exactly_the_open_complaints(served):
    page, base, *_ = served
    page.goto(base + "register/")
    assert cells(page, 1) == ["K-2026-001", "K-2026-002", "K-2026-003"]


def test_sorting_by_a_column(served):
    page, base, *_ = served
    page.goto(base + "register/")
    header = page.locator("table.klacht-sortable th", has_text="klant")
    header.click()
    assert cells(page, 3) == sorted(cells(page, 3))
    assert cells(page, 3)[0] == "Autobedrijf Achterberg"
    header.click()
    assert cells(page, 3)[0] == "Mondzorg Middelburg"


def test_search_finds_a_complaint_by_customer_name(served):
    page, base, *_ = served
    page.goto(base)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Zonneveld", delay=30)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="attached", timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(h.endswith("klachten/K-2026-001/") for h in hrefs), hrefs
    assert not any("K-2026-002" in h for h in hrefs)


def test_complaint_page_shows_its_history(served):
    page, base, *_ = served
    page.goto(base + "klachten/K-2026-002/")
    history = page.locator("h2#geschiedenis + table").inner_text()
    assert "Anouk Verbeek" in history and "Ruud de Wit" in history
    assert "K-2026-002 beoordeeld" in history


def test_analysis_page_shows_its_charts(served):
    page, base, *_ = served
    page.goto(base + "analyse/")
    charts = page.locator("img.klacht-chart")
    assert charts.count() == 2
    for i in range(2):
        assert charts.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")


def test_sorting_by_days_open_is_numeric(served):
    page, base, *_ = served
    page.goto(base + "register/")
    page.locator("table.klacht-sortable th", has_text="dagen open").click()
    days = cells(page, 8)
    assert [int(d) for d in days] == sorted(int(d) for d in days) and days != sorted(days)


PAGES = (
    "",
    "register/",
    "archief/",
    "archief/2026/",
    "analyse/",
    "analyse/2026/",
    "procedure/",
    "handleiding/",
    "bewaartermijn/",
    "klachten/K-2026-001/",
    "klachten/K-2026-004/",
)


def test_every_page_loads_from_localhost_only_without_script_errors(served):
    """Screenshots of every page go to $KLACHT_SHOTS when set, to look at."""
    page, base, requests, errors = served
    shots = os.environ.get("KLACHT_SHOTS")
    for path in PAGES:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("article h1").first.is_visible(), path
        if shots:
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
    assert requests
    outside = [url for url in requests if not url.startswith(base) and not url.startswith("data:")]
    assert outside == []
    assert errors == []
