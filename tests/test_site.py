"""The site built by a real `mkdocs build` from records in a temp register."""

from __future__ import annotations

import json
import re

import pytest
from site_util import build_site

HOSTILE = {
    "name": '<script>alert("x")</script> & Zn | [klik](javascript:alert(1))',
    "phone": "073-1234567",
}
SUMMARY = (
    '# Kop\n<img src=x onerror=alert(1)> *nadruk* {: onclick="x" } [link](http://evil.example)'
    "\n---\n<https://auto.example> | a | b |\u202egnp.exe"
)
EDIT = "https://forge.example/edit/main/"
# Links (never loads) in the hand-written pages to documentation on the web.
DOCUMENTED = {"https://github.com/newren/git-filter-repo"}
TRIAGE = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}
HANDLING = {
    "handler": "R. de Wit",
    "cause": "Oorzaak",
    "solution": "Oplossing",
    "customer_agrees": True,
    "date": "2026-11-20",
}
HOSTILE_HANDLING = HANDLING | {"handler": "<b>Baas</b>", "cause": "</td></tr><script>x()</script>"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import Project

    project = Project(tmp_path_factory.mktemp("site") / "register", f'edit_url = "{EDIT}"\n')
    project.record("K-2026-001", customer=HOSTILE, summary=SUMMARY)
    project.commit("Klacht K-2026-001 geregistreerd", "Anouk Verbeek", "2026-11-18T10:50:00+01:00")
    project.record("K-2026-001", customer=HOSTILE, summary=SUMMARY, triage=TRIAGE)
    project.commit("Beoordeeld", "Ruud de Wit", "2026-11-18T11:05:00+01:00")
    project.record(
        "K-2026-001",
        customer=HOSTILE,
        summary=SUMMARY,
        triage=TRIAGE,
        handling=HOSTILE_HANDLING,
        received_by="[Anouk](javascript:x)",
    )
    project.commit(
        "<i>Behandeld</i> [x](javascript:y)", "Ruud & de Wit", "2026-11-19T09:00:00+01:00"
    )
    project.record("K-2026-002", triage=TRIAGE, handling=HANDLING, closed="2026-11-20")
    project.record("K-2025-003", withdrawn={"date": "2025-11-19", "reason": "Dubbel"})
    project.commit("Meer klachten", "Sanne de Groot", "2026-11-20T12:00:00+01:00")
    return project, build_site(project)


def read(public, page: str) -> str:
    return (public / page / "index.html").read_text(encoding="utf-8")


def test_hostile_record_text_is_shown_as_text(site):
    _, public = site
    page = read(public, "klachten/K-2026-001")
    assert "<script>alert" not in page
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Zn | [klik](javascript:alert(1))"
        in page
    )
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript' not in page and 'href="http://evil.example' not in page
    assert "<em>nadruk</em>" not in page
    assert "<hr" not in page and 'href="https://auto.example' not in page
    assert "&lt;https://auto.example&gt; | a | b |\\u202egnp.exe" in page  # bidi, written out
    assert "\u202e" not in page
    assert "<script>x()" not in page and "&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;x()" in page
    assert (
        "<i>Behandeld</i>" not in page and "&lt;i&gt;Behandeld&lt;/i&gt; [x](javascript:y)" in page
    )
    assert "Ruud &amp; de Wit" in page  # a commit's author, from Git
    assert "<ins>&lt;b&gt;Baas&lt;/b&gt;</ins>" in page  # a field change in the history
    assert not re.search(r'(?:href|src)="\s*javascript:', page, re.IGNORECASE)
    register = read(public, "register")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in register
    assert "<td>&lt;b&gt;Baas&lt;/b&gt;</td>" in register
    assert "<td>[Anouk](javascript:x)</td>" in register


def test_register_lists_exactly_the_open_complaints(site):
    _, public = site
    page = read(public, "register")
    assert re.findall(r'<a href="../klachten/(K-[0-9-]+)/">', page) == ["K-2026-001"]


def test_home_counts_what_needs_attention_and_links_to_it(site):
    _, public = site
    page = read(public, "")
    assert (
        '<a class="klacht-tile klacht-tile-open" href="register/"><span class="klacht-number">1'
        "</span><span>open klacht</span></a>"
    ) in page
    assert (
        '<a class="klacht-tile klacht-tile-new klacht-tile-zero" href="#new">'
        '<span class="klacht-number">0</span><span>nieuw, nog niet beoordeeld</span></a>'
    ) in page
    assert "<span>termijnen verlopen</span>" in page  # none: plural
    assert "Bijgewerkt op 24-11-2026 12:00." in page  # KLACHT_NOW


def test_complaint_page_has_fields_deadlines_history_and_edit_link(site):
    _, public = site
    page = read(public, "klachten/K-2026-001")
    assert "<th>beoordeeld door</th><td>Anouk Verbeek</td>" in page
    headings = re.findall(r"<h2 id=[^>]*>([^<]*)</h2>", page)
    assert headings == [
        "Melding",
        "Beoordeling",
        "Afhandeling",
        "Termijnen",
        "Geschiedenis",
        "Volgende stap",
    ]
    assert f'href="{EDIT}complaints/2026/K-2026-001.yaml"' in page
    assert "Ruud de Wit" in page and "Beoordeeld" in page
    # changes as people read them: labels, ja/nee, Dutch dates
    for change in (
        "besluit: <del></del> → <ins>zelf afgehandeld</ins>",
        "beoordeeld op: <del></del> → <ins>18-11-2026 11:00</ins>",
        "klant akkoord: <del></del> → <ins>ja</ins>",
        "datum afhandeling: <del></del> → <ins>20-11-2026</ins>",
    ):
        assert change in page
    assert "+31 73 123 4567" in page


def test_search_finds_the_complaint_but_not_its_forms(site):
    """The forms under "Volgende stap" are left out of the search index (their labels would
    match every open complaint); the complaint's own text is in it."""
    _, public = site
    index = json.loads((public / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [e for e in index["docs"] if e["location"].startswith("klachten/K-2026-001/")]
    text = " ".join(e["title"] + " " + e["text"] for e in entries)
    assert "Beoordeeld" in text and "zelf afgehandeld" in text
    page = read(public, "klachten/K-2026-001")
    assert "Elk formulier maakt het hele bijgewerkte klachtbestand" in page  # the forms are there
    assert "Elk formulier maakt" not in text and "(verplicht)" not in text


def test_archive_marks_withdrawn(site):
    _, public = site
    withdrawn = read(public, "archief/2025")
    assert "klacht-withdrawn" in withdrawn and "<th>gesloten of ingetrokken op</th>" in withdrawn
    assert '<td data-sort="2025-11-19">19-11-2025</td>' in withdrawn
    assert "K-2026-002" in read(public, "archief/2026")
    index = read(public, "archief")
    assert "2025</a>: 0 afgehandeld, 1 ingetrokken" in index


def test_analysis_has_charts_and_tables(site):
    _, public = site
    page = read(public, "analyse")
    assert page.count('class="klacht-chart"') == 2
    assert (public / "analyse" / "alles-per-maand.svg").read_bytes().startswith(b"<?xml")
    assert "<td>klachten</td><td>2</td>" in page  # the withdrawn one counts in no statistic
    assert "Jaarverslag klachten 2026" in page
    report = read(public, "analyse/2026")
    # November 2026 is the last month so far (KLACHT_NOW): December stays empty, as on Analyse
    assert "<th>nov</th><th>dec</th>" in report
    assert re.search(
        r"<tr><td>2026</td>(<td>\d+</td>){11}<td></td><td><strong>\d+</strong>", report
    )


def test_downloads_and_calendar(site):
    from openpyxl import load_workbook

    _, public = site
    csv = (public / "register.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbfnummer;ontvangen;klant")
    book = load_workbook(public / "register.xlsx")
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["nummer", "ontvangen", "klant"]
    assert sheet["A2"].value == "K-2026-001"
    assert b"BEGIN:VEVENT" in (public / "deadlines.ics").read_bytes()


def test_not_found_page_in_dutch(site):
    _, public = site
    page = (public / "404.html").read_text(encoding="utf-8")
    assert "<h1>404 - Pagina niet gevonden</h1>" in page and "Not found" not in page


def test_every_page_is_noindex_and_links_nowhere_but_the_forge(site):
    _, public = site
    pages = list(public.rglob("*.html"))
    assert len(pages) > 10
    edit_links = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex, nofollow">' in text, page
        urls = re.findall(r'(?:src|href|srcset|action)="((?:https?:)?//[^"]*)"', text)
        edit_links += sum(url.startswith(EDIT) for url in urls)
        elsewhere = [url for url in urls if not url.startswith(EDIT) and url not in DOCUMENTED]
        assert elsewhere == [], page
    assert edit_links == 3  # one per complaint page
    for style in public.rglob("*.css"):
        assert not re.search(r"url\(['\"]?(?:https?:)?//", style.read_text()), style
    for script in (public / "assets" / "klacht").glob("*.js"):
        assert not re.search(r"https?://(?!tristen\.ca/tablesort)", script.read_text()), script


def test_english_by_one_setting(tmp_path):
    from conftest import Project

    project = Project(tmp_path / "register")
    project.record("K-2026-001")
    public = build_site(project, "en")
    page = read(public, "register")
    assert "Register of open complaints" in page
    assert "<th>customer</th>" in page and "new</span>" in page
    assert "What needs attention now" in read(public, "")
    page = read(public, "klachten/K-2026-001")
    assert '<h2 id="intake">Intake</h2>' in page and "<th>taken by</th>" in page
    assert "Melding" not in page and "aangenomen door" not in page


def test_second_build_renders_only_what_changed_and_loses_nothing(tmp_path):
    from conftest import Project

    project = Project(tmp_path / "register")
    for n in range(1, 6):
        project.record(f"K-2026-{n:03d}", summary=f"Klacht nummer {n}.")
    project.commit("vijf")
    public = build_site(project)
    first = {
        p: (public / p).read_text()
        for p in ("klachten/K-2026-002/index.html", "search/search_index.json")
    }
    cached = sorted((project.root / ".cache/klacht/site").glob("*/*.html"))
    assert len(cached) == 6  # five complaint pages and the report of 2026
    project.record("K-2026-003", summary="Klacht nummer drie, gewijzigd.")
    public = build_site(project)
    assert (public / "klachten/K-2026-002/index.html").read_text() == first[
        "klachten/K-2026-002/index.html"
    ]
    assert (
        "Klacht nummer drie, gewijzigd." in (public / "klachten/K-2026-003/index.html").read_text()
    )
    index = (public / "search/search_index.json").read_text()
    assert index.count('"location":"klachten/K-2026-002/"') == 1
    assert "Klacht nummer drie, gewijzigd." in index and "Klacht nummer 3." not in index
    assert '"location":"register/' not in index  # listings leave search to the complaint pages
    assert len(sorted((project.root / ".cache/klacht/site").glob("*/*.html"))) == 6
    project.commit("Samenvatting van klacht 3 verduidelijkt")  # same record, new history
    project.path_of("K-2026-005").unlink()  # (a record is never deleted; the site follows)
    public = build_site(project)
    assert "Samenvatting van klacht 3 verduidelijkt" in read(public, "klachten/K-2026-003")
    assert "Samenvatting van klacht 3" not in read(public, "klachten/K-2026-002")
    assert sorted(p.parent.name for p in (public / "klachten").rglob("index.html")) == [
        "K-2026-001",
        "K-2026-002",
        "K-2026-003",
        "K-2026-004",
    ]
    assert not (project.root / ".cache/klacht/site/stash").exists()


def test_klacht_pages_writes_the_same_pages_for_any_other_builder(project, cli, tmp_path):
    project.record("K-2026-001", customer=HOSTILE, summary=SUMMARY)
    project.record("K-2026-002", triage=TRIAGE, handling=HANDLING, closed="2026-11-20")
    project.commit("twee")
    out = tmp_path / "out"
    code, stdout, _ = cli(project.root, "pages", "--out", str(out), "--now", "2026-11-24T12:00")
    assert code == 0 and stdout[:1].isdigit() and "bestanden geschreven" in stdout
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {
        "index.md",
        "register.md",
        "register.csv",
        "register.xlsx",
        "deadlines.ics",
        "klachten/K-2026-001.md",
        "klachten/K-2026-002.md",
        "archief/2026.md",
        "analyse/index.md",
    } <= written
    page = (out / "klachten/K-2026-001.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in page and "<script>" not in page
    assert "24-11-2026 12:00" in (out / "index.md").read_text(encoding="utf-8")


def test_the_example_register_builds_strict(tmp_path):
    """The main job of the README: the site from the example complaints, no warning."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "public")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    pages = {p.parent.name for p in (tmp_path / "public" / "klachten").rglob("index.html")}
    assert pages == {p.stem for p in (REPO / "complaints").rglob("K-*.yaml")}


def test_home_names_the_record_files_left_out(project, cli, tmp_path):
    project.record("K-2026-001")
    project.write("complaints/2026/K-2026-<i>2.yaml", "id: K-2026-002\n")
    out = tmp_path / "out"
    code, _, _ = cli(project.root, "pages", "--out", str(out), "--now", "2026-11-24T12:00")
    home = (out / "index.md").read_text(encoding="utf-8")
    assert code == 0
    assert (
        '<div class="admonition warning klacht-broken"><p class="admonition-title">1 klacht '
        "staat niet op deze site: het bestand bevat fouten</p><p>Ze ontbreken daarom ook in het "
        "register"
    ) in home
    assert "<ul><li><code>complaints/2026/K-2026-&lt;i&gt;2.yaml</code><ul><li>regel 1: " in home
    assert (out / "klachten/K-2026-001.md").is_file()


@pytest.mark.parametrize(
    ("setting", "env", "message"),
    [
        (
            "warn_fraction = 2\n",
            {},
            "ERROR   -  pyproject.toml: [tool.klacht] warn_fraction moet een getal tussen 0 en 1 zijn",
        ),
        (
            "",
            {"KLACHT_NOW": "2026-02-30T10:00"},
            "ERROR   -  KLACHT_NOW: '2026-02-30T10:00' bestaat niet op de kalender; schrijf bijvoorbeeld "
            "2026-11-24T12:00+01:00",
        ),
    ],
)
def test_a_wrong_setting_stops_the_build_with_a_message(tmp_path, setting, env, message):
    import os
    import shutil
    import subprocess
    import sys

    from conftest import REPO, Project

    project = Project(tmp_path / "register", setting)
    project.record("K-2026-001")
    shutil.copy(REPO / "mkdocs.yml", project.root)
    shutil.copytree(REPO / "site", project.root / "site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_complaint_page_depends_on_its_arguments_only(project):
    """The build reuses a complaint page while its arguments are the same (`build.Deferred`)."""
    from dataclasses import replace

    from klacht import deadlines, records
    from klacht.model import parse_datetime
    from klacht.site import pages

    project.record("K-2026-001", triage=TRIAGE, handling=HANDLING, closed="2026-11-20")
    s = project.settings()
    (c,) = records.load_records(s).complaints
    ctx = pages.SiteContext(s, "nl", parse_datetime("2026-11-24T12:00", s.tz))
    later = replace(ctx, now=parse_datetime("2027-03-01T08:00", s.tz))
    clocks = deadlines.for_complaint(c, s, ctx.now)
    page = pages.complaint_page(ctx, c, [], False, clocks)
    assert pages.complaint_page(later, c, [], False, clocks) == page
