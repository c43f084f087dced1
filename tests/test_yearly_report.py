"""The yearly report (`analyse/<year>/`) for the management review and the quality-mark auditor:
every complaint and preventive measure of the year, a management summary, and no customer name,
phone or e-mail anywhere in it, also where records mention them in free text. Printed by a real
Chromium to PDF, no page ends with a heading and the tables repeat their header."""

from __future__ import annotations

import io
import json
import re

import pytest
from site_util import build_site

from conftest import Project, serving

NAMES = [
    "Bakkerij Zonneveld",
    "Autobedrijf Achterberg",
    "Mondzorg Middelburg",
    "Kapsalon Het Knipje",
    "Fysio De Brug",
    "Drukkerij Van Dam",
    "Tuincentrum Groen",
]
CATEGORIES = ["communication", "quality", "timeliness", "invoice", "conduct"]
COUNT_2026, COUNT_2025 = 48, 9


def _customer(n: int) -> dict[str, str]:
    name = NAMES[n % len(NAMES)]
    domain = name.split()[-1].lower()
    return {"name": name, "phone": f"+31 6 1234 56{n % 100:02d}", "email": f"info@{domain}.nl"}


def _record(p: Project, year: int, n: int) -> None:
    """A complaint whose free text names other customers, their phones and e-mail addresses."""
    record_id = f"K-{year}-{n:03d}"
    month = 1 + n % (11 if year == 2026 else 12)
    received = f"{year}-{month:02d}-{1 + n % 20:02d}T10:00:00+01:00"
    other = _customer(n + 1)
    fields: dict = {
        "received": received,
        "customer": _customer(n),
        "channel": ["phone", "email", "letter", "in_person"][n % 4],
        "category": CATEGORIES[n % len(CATEGORIES)],
        "summary": f"Zelfde als bij {other['name']} ({other['phone']}).",
    }
    if n % 3 or year == 2025:  # two in three are handled and closed
        day = f"{year}-{month:02d}-{1 + n % 20:02d}"
        fields["triage"] = {
            "decision": "director" if n % 5 == 0 else "self",
            "at": f"{day}T14:00:00+01:00",
            "by": "Anouk Verbeek",
        }
        fields["handling"] = {
            "handler": "R. de Wit",
            "cause": f"Gesprek met {other['name']}",
            "solution": f"Excuses aan {_customer(n)['name']}",
            "customer_agrees": n % 4 != 1,
            "date": day,
        }
        fields["closed"] = day
    if n % 4 == 0:
        action = (
            f"Bel {other['name'].upper()} terug op {other['phone'].replace(' ', '')} en "
            f"mail {other['email']} vóór 01-03-{year}"
        )
        done = {"done": f"{year}-{month:02d}-25"} if n % 8 == 0 else {}
        fields["prevention"] = {
            "needed": True,
            "measures": [
                {"action": action, "owner": "Ruud de Wit", "due": f"{year}-{month:02d}-28"} | done
            ],
        }
    p.record(record_id, **fields)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    p = Project(tmp_path_factory.mktemp("report") / "r")
    for n in range(1, COUNT_2025 + 1):
        _record(p, 2025, n)
    for n in range(1, COUNT_2026 + 1):
        _record(p, 2026, n)
    p.commit("Klachten van twee jaar")
    return build_site(p)


def _year_texts(public) -> list[str]:
    """The report's page and its entries in the search index."""
    page = (public / "analyse/2026/index.html").read_text(encoding="utf-8")
    index = json.loads((public / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [json.dumps(d) for d in index["docs"] if d["location"].startswith("analyse/2026/")]
    return [page, *entries]


def test_the_report_names_no_customer(built):
    texts = _year_texts(built)
    assert len(texts) > 1  # the report is in the search index, and checked there too
    for n in range(COUNT_2026 + 2):
        c = _customer(n)
        words = (
            c["name"],
            c["name"].upper(),
            c["email"],
            c["phone"],
            c["phone"].replace(" ", ""),
            "1234 56",
            "123456",
        )
        for text in texts:
            for word in words:
                assert word not in text, word
    # the names are in the register and on the complaint pages (so the test could fail)
    register = (built / "klachten/K-2026-004/index.html").read_text(encoding="utf-8")
    assert _customer(4)["name"] in register and _customer(5)["email"] in register


def test_the_report_lists_every_complaint_and_measure(built):
    page = (built / "analyse/2026/index.html").read_text(encoding="utf-8")
    for n in range(1, COUNT_2026 + 1):
        assert f">K-2026-{n:03d}</a></td>" in page
    assert "K-2025-001" not in page
    row = re.search(r"<tr><td><a [^>]*>K-2026-002</a></td>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    # category, channel, triage decision, outcome, customer agrees, time to close
    assert cells == ["tijdigheid", "brief", "zelf afgehandeld", "gesloten", "ja", "0,0"]
    open_row = re.search(r"<tr><td><a [^>]*>K-2026-003</a></td>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td>(.*?)</td>", open_row)[2:] == ["–", "nieuw", "–", "–"]
    measures = page.split('id="preventieve-maatregelen-van-2026"')[1].split("</table>")[0]
    assert measures.count("<tr><td>") == COUNT_2026 // 4
    assert "<td>Ruud de Wit</td><td>28-05-2026</td><td>uitgevoerd 25-05-2026</td>" in measures
    # a date is no phone number
    assert "[klantgegevens] en mail [klantgegevens] vóór 01-03-2026</td>" in measures
    assert 'klacht-overdue">over de datum</span>' in measures  # K-2026-004, due 28-05
    # the management summary: the count against the year before, the targets met
    summary = page.split('id="samenvatting"')[1].split("</ul>")[0]
    assert f"In 2026 zijn {COUNT_2026} klachten ontvangen (2025: {COUNT_2025})." in summary
    assert f"Daarvan zijn er {COUNT_2026 // 3} nog in behandeling." in summary
    met = re.search(r"Doelen gehaald: (\d+) van (\d+)\.", summary)
    assert met and int(met.group(1)) < int(met.group(2))
    assert "Niet gehaald: " in summary and "klant akkoord met de oplossing" in summary
    # linked from the analysis page
    analysis = (built / "analyse/index.html").read_text(encoding="utf-8")
    assert '<a href="../analyse/2026/">Jaarverslag klachten 2026' in analysis


HEADINGS = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.S)


def _headings(html: str) -> set[str]:
    """The text of every heading of a page, as a PDF's text shows it."""
    found = set()
    for _, inner in HEADINGS.findall(html):
        text = re.sub(r"<[^>]+>", "", inner).replace("&para;", "").replace("¶", "")
        found.add(" ".join(text.split()))
    return found


def _pdf_pages(page, url: str) -> list[str]:
    from pypdf import PdfReader

    page.goto(url)
    data = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm"})
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def browser(built, chromium):
    with serving(built) as base:
        page = chromium.new_page()
        yield page, base
        page.close()


@pytest.mark.parametrize("path", ["analyse/2026/", "register/"])
def test_printed_no_page_ends_with_a_heading(built, browser, path):
    page, base = browser
    headings = _headings((built / path / "index.html").read_text(encoding="utf-8"))
    pages = _pdf_pages(page, base + path)
    if path.startswith("analyse"):
        assert len(pages) >= 3  # long enough to test the page ends
    for n, text in enumerate(pages[:-1], 1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        assert lines, f"page {n} is empty"
        assert lines[-1] not in headings, f"page {n} ends with the heading {lines[-1]!r}"
    everything = "\n".join(pages)
    assert "Zoeken" not in everything  # the site's search, header and navigation are not printed
    assert "Klachtenregister" not in everything.split("\n")[0]


def test_printed_tables_repeat_their_header(built, browser):
    page, base = browser
    pages = _pdf_pages(page, base + "analyse/2026/")
    listing = [p for p in pages if re.search(r"K-2026-0\d\d (communicatie|kwaliteit)", p)]
    assert len(listing) >= 2  # the complaints' table runs over more than one page
    for text in listing:
        assert "nummer categorie kanaal" in " ".join(text.split()), text[:300]
