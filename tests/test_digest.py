"""`klacht digest`: the director's summary from real records, as text, Markdown and HTML, and
the levels of `klacht deadlines` it sits beside."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from conftest import Project
from klacht import deadlines, digest, history, records
from klacht.model import parse_datetime

NOW = "2026-11-24T08:00+01:00"  # a Tuesday: the last working day before is Monday 23rd
TRIAGED = {"decision": "self", "at": "2026-11-16T11:00:00+01:00", "by": "Anouk Verbeek"}
HANDLED = {
    "handler": "R. de Wit",
    "cause": "Planning liep via één persoon.",
    "solution": "Rapportage nagestuurd en excuses aangeboden.",
    "customer_agrees": True,
    "date": "2026-11-23",
}


@pytest.fixture
def register(tmp_path) -> Project:
    """Five complaints, each in another state at NOW."""
    p = Project(
        tmp_path / "register", 'site_url = "https://klachten.example.nl/"\n', acknowledgement=True
    )
    # new since last week: triage and acknowledgement overdue
    p.record(
        "K-2026-001",
        received="2026-11-18T10:42:00+01:00",
        summary="Rapportage <script>alert(1)</script> te **laat**\n# geen kop",
    )
    # passed to the director, serious; acknowledged yesterday (below)
    p.record(
        "K-2026-003",
        received="2026-11-16T09:00:00+01:00",
        severity="serious",
        triage=TRIAGED | {"decision": "director"},
        summary="Onheus bejegend.",
    )
    # closed yesterday (below), a preventive measure overdue
    measures = [{"action": "Tweede planner aanwijzen.", "owner": "R. de Wit", "due": "2026-11-20"}]
    handled = dict(
        received="2026-11-16T09:00:00+01:00",
        acknowledged="2026-11-16T12:00:00+01:00",
        triage=TRIAGED,
        handling=HANDLED,
        summary="Rapport kwijt.",
        prevention={"needed": True, "measures": measures},
    )
    p.record("K-2026-004", **handled)
    # closed long ago: in no section
    p.record(
        "K-2026-005",
        received="2026-10-01T09:00:00+02:00",
        triage=TRIAGED | {"at": "2026-10-01T11:00:00+02:00"},
        handling=HANDLED | {"date": "2026-10-02"},
        closed="2026-10-02",
        summary="Oud.",
    )
    p.commit("Klachten", date="2026-11-20T12:00:00+01:00")
    # registered yesterday (Monday): new, nothing overdue yet
    p.record("K-2026-002", received="2026-11-23T10:00:00+01:00", summary="Factuur dubbel.")
    p.record("K-2026-004", **handled, closed="2026-11-23")
    p.commit("K-2026-002 geregistreerd, K-2026-004 gesloten", date="2026-11-23T10:30:00+01:00")
    p.record(
        "K-2026-003",
        received="2026-11-16T09:00:00+01:00",
        severity="serious",
        acknowledged="2026-11-16T12:00:00+01:00",
        acknowledged_by="phone",
        triage=TRIAGED | {"decision": "director"},
        summary="Onheus bejegend.",
    )
    p.commit("K-2026-003 ontvangst bevestigd", date="2026-11-23T15:00:00+01:00")
    return p


def collected(p: Project, now: str = NOW, **settings):
    s = p.settings(**settings)
    loaded = records.load_records(s)
    return digest.collect(loaded.complaints, s, parse_datetime(now, s.tz)), loaded, s


def ids(items) -> list[str]:
    return [getattr(item, "complaint_id", None) or item.id for item in items]


def test_collect_sorts_every_complaint_into_its_sections(register):
    d, _, _ = collected(register)
    assert str(d.since) == "2026-11-23"
    assert [(x.complaint_id, x.clock) for x in d.overdue] == [
        ("K-2026-001", "acknowledgement"),
        ("K-2026-001", "triage"),
    ]
    assert ids(d.untriaged) == ["K-2026-001", "K-2026-002"]
    assert ids(d.director) == ["K-2026-003"]
    assert ids(d.serious) == ["K-2026-003"]
    assert [(x.complaint_id, x.detail) for x in d.measures] == [
        ("K-2026-004", "Tweede planner aanwijzen.")
    ]
    assert ids(d.registered) == ["K-2026-002"]
    assert ids(d.closed) == ["K-2026-004"]
    assert d.needs_attention


def test_the_digest_uses_the_clocks_of_klacht_deadlines(register, cli):
    """Nothing computed twice: every overdue clock of `klacht deadlines` is in the digest."""
    code, out, _ = cli(register.root, "deadlines", "--now", NOW, "--format", "json")
    overdue = {(i["id"], i["clock"]) for i in json.loads(out) if i["state"] == "overdue"}
    d, _, _ = collected(register)
    assert overdue == {(x.complaint_id, x.clock) for x in d.overdue + d.measures}


def test_news_comes_from_the_commits_since_the_last_working_day(register, cli):
    s = register.settings()
    loaded = records.load_records(s)
    hist = history.read(s)
    d = digest.collect(loaded.complaints, s, parse_datetime(NOW, s.tz), 0, hist)
    assert ids(d.registered) == ["K-2026-002"]
    assert ids(d.closed) == ["K-2026-004"]
    assert [(c.id, fields, n) for c, fields, n in d.changed] == [
        ("K-2026-003", ("ontvangst bevestigd", "ontvangst bevestigd per"), 1)
    ]
    # a complaint received last week but entered in the register only yesterday is news there
    register.record("K-2026-006", received="2026-11-10T09:00:00+01:00", summary="Laat ingevoerd.")
    register.commit("K-2026-006 alsnog geregistreerd", date="2026-11-23T16:00:00+01:00")
    # a commit after the moment of the digest is not (yet) news
    register.record("K-2026-007", received="2026-11-24T07:00:00+01:00", summary="Straks.")
    register.commit("K-2026-007", date="2026-11-24T09:00:00+01:00")
    code, out, err = cli(register.root, "digest", "--now", NOW)
    assert code == 0, err
    news = out.split("Geregistreerd sinds 23-11-2026 (2)")[1]
    assert "K-2026-002: Factuur dubbel." in news and "K-2026-006: Laat ingevoerd." in news
    assert "K-2026-007" not in news
    assert "Gesloten sinds 23-11-2026 (1)" in out
    changed = out.split("Verder gewijzigd sinds 23-11-2026 (1)")[1]
    assert (
        "K-2026-003: Onheus bejegend.\n  ontvangst bevestigd, ontvangst bevestigd per\n" in changed
    )


def test_monday_looks_back_to_friday(register):
    d, _, _ = collected(register, now="2026-11-23T07:30+01:00")
    assert str(d.since) == "2026-11-20"
    assert ids(d.registered) == []


def test_text_digest(register, cli):
    code, out, err = cli(register.root, "digest", "--now", NOW)
    assert code == 0, err
    assert "Klachtenregister: overzicht van 24-11-2026" in out
    overdue = out.split("Te laat (1)")[1].split("Bijna verlopen")[0]
    assert "K-2026-001: Rapportage <script>alert(1)</script> te **laat** # geen kop" in overdue
    assert (
        "beoordeling (48 uur): uiterlijk 2026-11-20 10:42, 1 werkdag en 21 uur te laat" in overdue
    )
    assert "https://klachten.example.nl/klachten/K-2026-001/" in overdue
    serious = out.split("Ernstige klachten (open) (1)")[1].split("Preventieve")[0]
    assert "K-2026-003: Onheus bejegend." in serious
    measures = out.split("Preventieve maatregelen te laat (1)")[1]
    assert "K-2026-004: Tweede planner aanwijzen." in measures
    assert "Gesloten sinds 23-11-2026 (1)" in out
    assert "K-2026-005" not in out
    assert "Fictief Bedrijf" not in out  # no customer names in a mail


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        found = dict(attrs)
        self.styles += "style" in found
        if tag == "a":
            self.links.append(found["href"])

    def handle_data(self, data):
        self.text.append(data)


def test_html_digest_is_escaped_and_fit_for_outlook(register, cli):
    code, out, _ = cli(register.root, "digest", "--now", NOW, "--format", "html")
    assert code == 0
    parsed = _Collect()
    parsed.feed(out)
    assert "script" not in parsed.tags and "style" not in parsed.tags
    assert parsed.styles > 10  # inline styles only: Outlook drops <style> blocks
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "Rapportage <script>alert(1)</script> te **laat** # geen kop" in "".join(parsed.text)
    assert "https://klachten.example.nl/klachten/K-2026-003/" in parsed.links
    assert "https://klachten.example.nl/register/" in parsed.links


def test_markdown_digest_escapes_record_text(register, cli):
    code, out, _ = cli(register.root, "digest", "--now", NOW, "--format", "markdown")
    assert code == 0
    assert "## Te laat (1)" in out
    assert (
        "[**K-2026-001**](<https://klachten.example.nl/klachten/K-2026-001/>): Rapportage "
        r"\<script\>alert\(1\)\</script\> te \*\*laat\*\* \# geen kop"
    ) in out
    assert "\n# geen kop" not in out


def test_no_links_without_site_url(tmp_path, cli):
    p = Project(tmp_path / "r")
    p.record("K-2026-001", received="2026-11-18T10:42:00+01:00")
    code, out, _ = cli(p.root, "digest", "--now", NOW, "--format", "html")
    assert "<a " not in out and "K-2026-001" in out


def test_quiet_day(tmp_path, cli):
    p = Project(tmp_path / "r")
    code, out, _ = cli(p.root, "digest", "--now", NOW)
    assert code == 0
    assert "Niets vraagt vandaag uw aandacht" in out


def test_invalid_files_are_named_for_the_director(register, cli):
    register.write("complaints/2026/K-2026-009.yaml", "id: K-2026-009\n")
    code, out, _ = cli(register.root, "digest", "--now", NOW)
    assert code == 0
    assert "1 klachtbestand heeft fouten en is niet meegeteld. Vraag degene die" in out


def test_digest_in_english(register, cli):
    code, out, _ = cli(register.root, "--lang", "en", "digest", "--now", NOW)
    assert "Complaints register: summary of 24-11-2026" in out
    assert "Serious complaints (open) (1)" in out


def test_subject_holds_counts_not_record_text(register):
    d, _, s = collected(register)
    assert digest.subject(d, s) == (
        "Klachtenregister 24-11-2026: 2 termijnen te laat, 1 maatregel te laat, 2 nieuw, "
        "1 bij de directeur, 1 ernstig"
    )


# --- levels in `klacht deadlines` ---------------------------------------------------------


def test_overdue_measure_is_a_warning_not_a_failure(register, cli):
    register.record("K-2026-001", received="2026-11-23T10:00:00+01:00")
    code, out, _ = cli(register.root, "deadlines", "--now", NOW)
    assert code == 0, out
    assert "K-2026-004: preventieve maatregel te laat" in out
    assert "1 te late termijn is een waarschuwing, geen fout (instelling fail_on)." in out
    code, out, _ = cli(register.root, "deadlines", "--now", NOW, "--format", "github")
    assert code == 0
    assert "::warning file=complaints/2026/K-2026-004.yaml" in out
    assert "::error" not in out


def test_fail_on_can_include_measures(tmp_path, cli):
    p = Project(tmp_path / "r", 'fail_on = ["triage", "resolution", "measure"]\n')
    measures = [{"action": "Planner", "due": "2026-11-20"}]
    p.record(
        "K-2026-004",
        received="2026-11-16T09:00:00+01:00",
        triage=TRIAGED,
        handling=HANDLED,
        prevention={"needed": True, "measures": measures},
        closed="2026-11-23",
    )
    code, out, _ = cli(p.root, "deadlines", "--now", NOW, "--format", "github")
    assert code == 1
    assert "::error file=complaints/2026/K-2026-004.yaml" in out


def test_customer_facing_overdue_fails(register, cli):
    code, out, _ = cli(register.root, "deadlines", "--now", NOW, "--format", "github")
    assert code == 1
    assert (
        "::error file=complaints/2026/K-2026-001.yaml,line=1,col=1,title=Termijn beoordeling" in out
    )
    assert "title=Termijn ontvangstbevestiging" in out


def test_acknowledgement_clock_is_on_by_default(register):
    s = register.settings()
    by_id = {c.id: c for c in records.load_records(s).complaints}
    now = parse_datetime(NOW, s.tz)
    ack = {d.clock: d for d in deadlines.for_complaint(by_id["K-2026-002"], s, now)}
    assert ack["acknowledgement"].due.isoformat() == "2026-11-25T10:00:00+01:00"
    assert "acknowledgement" not in {
        d.clock for d in deadlines.for_complaint(by_id["K-2026-003"], s, now)
    }
    off = register.settings(acknowledgement_hours=0)
    assert "acknowledgement" not in {
        d.clock for d in deadlines.for_complaint(by_id["K-2026-002"], off, now)
    }


def test_wrong_fail_on_is_a_settings_error(tmp_path, cli):
    p = Project(tmp_path / "r", 'fail_on = ["triage", "ontvangst"]\n')
    code, _, err = cli(p.root, "deadlines", "--now", NOW)
    assert code == 2
    assert "fail_on: 'ontvangst' is geen termijn; kies uit acknowledgement, triage" in err


def test_acknowledged_by_is_checked(register, cli):
    register.record(
        "K-2026-002",
        received="2026-11-23T10:00:00+01:00",
        acknowledged="2026-11-23T11:00:00+01:00",
        acknowledged_by="fax",
    )
    code, out, _ = cli(register.root, "check")
    assert code == 1
    assert "K-2026-002.yaml" in out and "acknowledged_by" in out.replace(
        "ontvangst bevestigd per", "acknowledged_by"
    )
