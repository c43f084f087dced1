"""The site tells people: every open serious complaint on the home page and marked in the
register, the letters to the customer as `mailto:` drafts on a complaint's page, and a warning
about files with errors that speaks to the director."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

from conftest import Project
from klacht import records
from klacht.model import parse_datetime
from klacht.site import build

NOW = "2026-11-24T12:00+01:00"
LETTERS = '[tool.klacht.letters]\nfirm = "Voorbeeld B.V."\nsignature = "M. Jansen"\n'
TRIAGED = {"decision": "self", "at": "2026-11-02T11:00:00+01:00", "by": "Anouk Verbeek"}


def generated(p: Project) -> dict[str, str]:
    s = p.settings()
    loaded = records.load_records(s)
    out = build.generate(
        loaded.complaints, None, s, "nl", parse_datetime(NOW, s.tz), loaded.problems
    )
    return {k: v.make() if isinstance(v, build.Deferred) else v for k, v in out.items()}


def test_serious_complaints_first_and_marked(tmp_path):
    p = Project(tmp_path / "r", LETTERS)
    # serious, triaged, nothing pressing: still on the home page
    p.record(
        "K-2026-001",
        received="2026-11-02T09:00:00+01:00",
        severity="serious",
        triage=TRIAGED,
        summary="Ernstig <b>voorval</b>.",
    )
    p.record("K-2026-002", received="2026-11-02T10:00:00+01:00", triage=TRIAGED)
    pages = generated(p)
    home = pages["index.md"]
    serious = home.split("## Ernstige klachten (open) {#serious}")[1]
    assert '<a href="klachten/K-2026-001/">K-2026-001</a>' in serious
    assert "Ernstig &lt;b&gt;voorval&lt;/b&gt;." in serious
    assert "K-2026-002" not in serious
    register = pages["register.md"]
    row_1 = re.search(r"<tr><td[^>]*><a [^>]*>K-2026-001</a>.*?</tr>", register).group()
    row_2 = re.search(r"<tr><td[^>]*><a [^>]*>K-2026-002</a>.*?</tr>", register).group()
    assert 'klacht-serious">ernstig</span>' in row_1
    assert "klacht-serious" not in row_2
    # and at the top of its own page, next to its status; not on an ordinary complaint's
    top = pages["klachten/K-2026-001.md"].split('<p class="klacht-summary">')[1].split("</p>")[0]
    assert 'klacht-serious">ernstig</span>' in top
    assert "klacht-serious" not in pages["klachten/K-2026-002.md"]


def test_letters_as_mailto_drafts_on_the_complaint_page(tmp_path):
    p = Project(tmp_path / "r", LETTERS)
    customer = {"name": "Klant & Zn", "phone": "+31 73 123 4567", "email": "info@example.nl"}
    p.record("K-2026-001", received="2026-11-23T09:00:00+01:00", customer=customer)
    p.record("K-2026-002", received="2026-11-23T10:00:00+01:00")  # no e-mail
    pages = generated(p)
    page = pages["klachten/K-2026-001.md"]
    assert "## Brief aan de klant" in page
    links = [html.unescape(h) for h in re.findall(r'href="(mailto:[^"]+)"', page)]
    assert len(links) == 1  # the acknowledgement; no outcome before the handling
    link = urlsplit(links[0])
    assert unquote(link.path) == "info@example.nl"
    query = parse_qs(link.query)
    assert query["subject"] == ["Ontvangstbevestiging van uw klacht K-2026-001"]
    assert "Geachte Klant & Zn," in query["body"][0]
    assert "Brief aan de klant" not in pages["klachten/K-2026-002.md"]


def test_no_letters_without_the_firm(tmp_path):
    p = Project(tmp_path / "r")
    customer = {"name": "Klant", "phone": "+31 73 123 4567", "email": "info@example.nl"}
    p.record("K-2026-001", received="2026-11-23T09:00:00+01:00", customer=customer)
    assert "mailto:" not in generated(p)["klachten/K-2026-001.md"]


def test_files_with_errors_explained_to_the_director(tmp_path):
    p = Project(tmp_path / "r")
    p.write("complaints/2026/K-2026-003.yaml", "id: K-2026-003\n")
    home = generated(p)["index.md"]
    assert "1 klacht staat niet op deze site: het bestand bevat fouten" in home
    assert "Vraag degene die het klachtenregister bijhoudt" in home
    assert "<code>complaints/2026/K-2026-003.yaml</code>" in home
    # each problem in words: the file, the line, the field's label and what is wrong
    p.write("complaints/2026/K-2026-004.yaml", "id: K-2026-004\nchannel: duif\n")
    home = generated(p)["index.md"]
    warning = home.split('<div class="admonition warning klacht-broken">')[1].split("</div>")[0]
    assert "2 klachten staan niet op deze site" in warning
    assert "<code>complaints/2026/K-2026-004.yaml</code>" in warning
    assert re.search(r"<li>regel 2: kanaal \(channel\): [^<]*duif", warning), warning
    assert re.search(r"<li>regel 1: [^<]*ontbreekt", warning), warning
    assert "klacht check" not in warning
