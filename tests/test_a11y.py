"""Accessibility: axe-core (bundled by the PyPI package axe-playwright-python, nothing downloaded
at test time) in headless Chromium finds no serious or critical violation on any page of a built
site. To check a new page, add its address (relative to the site) to PAGES, and the records it
needs to `register` below; the test names the page, the rule and the element of a violation."""

from __future__ import annotations

import pytest
from site_util import build_site

# address -> what it is; each is checked on its own (one test per page)
PAGES = {
    "": "home",
    "register/": "register of open complaints",
    "klachten/K-2026-001/": "a complaint page with its history",
    "klachten/K-2026-005/": "a closed complaint page",
    "archief/": "archive",
    "archief/2026/": "archive of a year",
    "analyse/": "analysis",
    "analyse/2026/": "the yearly report",
    "brieven/K-2026-005/": "the printable letters of a complaint",
    "procedure/": "a hand-written page",
    "nieuw/": "the form for a new complaint",
}
SERIOUS = {"serious", "critical"}
TRIAGE = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}
HANDLING = {
    "handler": "R. de Wit",
    "cause": "Oorzaak",
    "solution": "Oplossing",
    "customer_agrees": True,
    "date": "2026-11-20",
}


def register(project) -> None:
    """Complaints in every state the pages show: new (one overdue, one due soon), in progress,
    closed; the build moment is 2026-11-24 12:00."""
    received = {
        "K-2026-001": "2026-10-20T10:00",
        "K-2026-002": "2026-11-20T14:00",
        "K-2026-003": "2026-11-23T09:00",
        "K-2026-004": "2026-11-24T09:00",
    }
    for record_id, moment in received.items():
        customer = {"name": f"Bakkerij Zonneveld {record_id[-1]}", "phone": "073-1234567"}
        project.record(record_id, received=f"{moment}:00+01:00", customer=customer)
        project.commit(f"Klacht {record_id} geregistreerd")
    project.record(
        "K-2026-005",
        received="2026-11-17T10:00:00+01:00",
        triage=TRIAGE,
        handling=HANDLING,
        closed="2026-11-20",
    )
    project.commit("K-2026-005 gesloten", "Ruud de Wit")


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory, chromium):
    from conftest import Project, serving

    letters = '[tool.klacht.letters]\nfirm = "Voorbeeld B.V."\nsignature = "M. Jansen"\n'
    project = Project(tmp_path_factory.mktemp("a11y") / "register", letters)
    register(project)
    public = build_site(project)
    with serving(public) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        yield page, base
        page.close()


def violations(page) -> list[str]:
    """The serious and critical violations axe-core finds on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')}"
        for v in found
        if v["impact"] in SERIOUS
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("address", PAGES)
def test_no_serious_violations(browser_page, address):
    page, base = browser_page
    response = page.goto(base + address)
    assert response is not None and response.status == 200
    found = violations(page)
    assert not found, PAGES[address] + ":\n" + "\n".join(found)


def test_search_dialog_has_a_name(browser_page):
    """Material's search, opened: the dialog and its field have an accessible name."""
    page, base = browser_page
    page.goto(base)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Zonneveld", delay=30)
    page.locator(".md-search-result__item a").first.wait_for(state="attached", timeout=20_000)
    found = violations(page)
    assert not found, "\n".join(found)
    assert page.get_by_role("dialog", name="Zoeken").count() == 1


def test_pages_show_what_axe_should_see(browser_page):
    """The checks are not empty: the due-soon badge and the archive's links are on the pages."""
    page, base = browser_page
    page.goto(base + "register/")
    assert page.locator(".klacht-near").count() >= 1
    page.goto(base + "archief/2026/")
    assert page.locator("article a[href*='klachten/']").count() >= 1


def test_axe_finds_a_low_contrast_badge(browser_page):
    """axe-core really checks contrast: the old colours of the due-soon badge (3.45:1) fail."""
    page, base = browser_page
    page.goto(base + "register/")
    page.add_style_tag(
        content=".klacht-near { background: #fff3e0 !important; color: #e65100 !important; }"
    )
    assert any(line.startswith("color-contrast (serious)") for line in violations(page))
