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
    assert "mailto:" not in pages["klachten/K-2026-002.md"]  # the letter page only


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


def test_a_printable_letter_page_per_complaint_with_a_customer(tmp_path):
    from klacht import letters

    p = Project(tmp_path / "r", LETTERS)
    customer = {"name": "Klant <b>& Zn</b>", "phone": "+31 73 123 4567"}  # no e-mail address
    p.record(
        "K-2026-001",
        received="2026-11-23T09:00:00+01:00",
        customer=customer,
        summary="Regel een\n\nregel *twee* <script>x</script>",
    )
    pages = generated(p)
    page = pages["brieven/K-2026-001.md"]
    s = p.settings()
    loaded = records.load_records(s)
    letter = letters.compose(loaded.complaints[0], "ontvangst", s, parse_datetime(NOW, s.tz))
    body = page.split('<div class="klacht-letter-body">')[1].split("</div>")[0]
    assert body == "".join(
        f"{html.escape(line, quote=True)}<br>" for line in letter.body.splitlines()
    ).replace("&#x27;", "&#39;")
    assert "Klant &lt;b&gt;&amp; Zn&lt;/b&gt;" in body and "<script>" not in page
    assert "\n" not in body  # one raw HTML block: no Markdown of the record's text
    assert "search:\n  exclude: true" in page  # the complaint's page is what a search finds
    # the outcome only once it fits the record; linked from the complaint page
    assert "Afhandeling" not in page
    complaint = pages["klachten/K-2026-001.md"]
    assert '<a class="md-button" href="../../brieven/K-2026-001/">Brieven bekijken' in complaint
    assert "mailto:" not in complaint
    # no letter page for an anonymized complaint, nor without the firm's details
    assert "brieven/K-2026-001.md" not in generated(Project(tmp_path / "r2"))


def test_a_long_letter_is_cut_in_the_mailto_link_and_says_where_the_rest_is(tmp_path):
    p = Project(tmp_path / "r", LETTERS)
    customer = {"name": "Klant", "phone": "+31 73 123 4567", "email": "info@example.nl"}
    summary = "Lange omschrijving met é en € en veel woorden. " * 60
    p.record("K-2026-001", received="2026-11-23T09:00:00+01:00", customer=customer, summary=summary)
    p.record("K-2026-002", received="2026-11-23T10:00:00+01:00", customer=customer)
    pages = generated(p)
    long_link = html.unescape(
        re.search(r'href="(mailto:[^"]+)"', pages["klachten/K-2026-001.md"]).group(1)
    )
    short_link = html.unescape(
        re.search(r'href="(mailto:[^"]+)"', pages["klachten/K-2026-002.md"]).group(1)
    )
    assert 1900 < len(long_link) <= 2000
    body = parse_qs(urlsplit(long_link).query)["body"][0]
    assert body.startswith("Voorbeeld B.V.") or "Klant" in body
    assert body.endswith(
        "[Ingekort voor het e-mailprogramma. De volledige brief staat op de briefpagina van "
        "K-2026-001 in het klachtenregister: kopieer hem daarvandaan.]"
    )
    assert "…\r\n\r\n[Ingekort" in body
    assert body.split("…")[0].split()[-1] in summary.split()  # cut between words
    assert len(short_link) < 2000 and "Ingekort" not in short_link
    full = pages["brieven/K-2026-001.md"]
    assert full.count("Lange") == 60  # the letter page has it all
