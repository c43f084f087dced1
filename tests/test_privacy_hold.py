"""A legal hold (schema 1.3, `legal_hold`): a complaint that must be kept for a dispute, the
mediator's case or a claim. Retention's anonymizing skips it and says why, `klacht shred` counts it
as one that must live on, the audit keeps what was written and accepts its lifting, and the
complaint page shows it. Real registers under Git, the CLI, a real site build."""

from __future__ import annotations

import json

import pyrage
from site_util import build_site
from test_privacy import customer
from test_privacy_shred import TODAY, history  # noqa: F401 - the fixture

from conftest import Project
from klacht import privacy

HOLD = "legal_hold:\n  since: 2026-06-01\n  reason: Geschil bij de Geschillencommissie\n"
CLOSED = {
    "received": "2024-02-01T10:00:00+01:00",
    "triage": {"decision": "self", "at": "2024-03-01T11:00:00+01:00", "by": "A"},
    "handling": {
        "handler": "A",
        "cause": "Planning liep uit.",
        "solution": "Excuses.",
        "customer_agrees": True,
        "date": "2024-03-01",
    },
    "closed": "2024-03-01",
}


def held_register(project: Project) -> str:
    """K-2024-001 and K-2024-002, both closed on 2024-03-01 (term ended 2026-03-01); a hold on
    K-2024-001 from 2026-06-01, added after closing. The commit before the hold is returned."""
    project.record("K-2024-001", **CLOSED)
    project.record("K-2024-002", **CLOSED)
    base = project.commit("Twee gesloten klachten")
    path = project.path_of("K-2024-001")
    path.write_text(path.read_text() + HOLD)
    project.commit("K-2024-001: juridische bewaarplicht")
    return base


def test_a_hold_is_checked_at_its_line(project, cli):
    project.record("K-2024-001", **CLOSED, legal_hold={"since": "2026-06-01"})
    code, out, _ = cli(project.root, "check")
    assert code == 1 and "K-2024-001.yaml" in out and "reason" in out
    lifted = {"since": "2026-06-01", "reason": "Claim", "lifted": "2026-05-01"}
    project.record("K-2024-001", **CLOSED, legal_hold=lifted)
    code, out, _ = cli(project.root, "check")
    assert code == 1
    line = next(
        i
        for i, t in enumerate(project.path_of("K-2024-001").read_text().split("\n"), 1)
        if t.startswith("  lifted:")
    )
    assert f"K-2024-001.yaml:{line}:" in out and "bewaarplicht opgeheven" in out
    project.record("K-2024-001", **CLOSED, legal_hold=lifted | {"lifted": "2026-09-01"})
    assert cli(project.root, "check")[0] == 0


def test_anonymize_skips_a_held_complaint_and_says_why(project, cli):
    held_register(project)
    held = project.path_of("K-2024-001")
    before = held.read_bytes()
    code, out, _ = cli(project.root, "anonymize", "--today", "2026-11-24", "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        "K-2024-001: niet geanonimiseerd: juridische bewaarplicht sinds 2026-06-01 (Geschil bij "
        "de Geschillencommissie); de bewaartermijn verstreek op 2026-03-01; vul 'lifted: "
        "<datum>' in als de bewaarplicht voorbij is",
        "K-2024-002: persoonsgegevens zouden worden verwijderd (termijn verstreken op 2026-03-01)",
    ]
    code, out, _ = cli(project.root, "anonymize", "--today", "2026-11-24")
    assert code == 0 and "K-2024-002: persoonsgegevens verwijderd" in out
    assert held.read_bytes() == before
    code, out, _ = cli(project.root, "deadlines", "--now", "2026-11-24T09:00+01:00")
    assert (
        "K-2024-001: bewaartermijn verstreken op 2026-03-01, maar er geldt een juridische "
        "bewaarplicht (sinds 2026-06-01: Geschil bij de Geschillencommissie); niet anonimiseren "
        "tot die is opgeheven"
    ) in out.splitlines()
    code, out, _ = cli(
        project.root, "deadlines", "--now", "2026-11-24T09:00+01:00", "--format", "json"
    )
    assert [(i["id"], i["state"]) for i in json.loads(out) if i["clock"] == "retention"] == [
        ("K-2024-001", "held")
    ]
    # Before the hold's date it does not apply yet.
    code, out, _ = cli(project.root, "anonymize", "--today", "2026-05-31", "--dry-run")
    assert out.startswith("K-2024-001: persoonsgegevens zouden worden verwijderd")


def test_english_messages(project, cli):
    held_register(project)
    with (project.root / "pyproject.toml").open("a") as handle:
        handle.write('language = "en"\n')
    code, out, _ = cli(project.root, "anonymize", "--today", "2026-11-24", "--dry-run")
    assert out.splitlines()[0] == (
        "K-2024-001: not anonymized: legal hold since 2026-06-01 (Geschil bij de "
        "Geschillencommissie); the retention term ended on 2026-03-01; fill in 'lifted: <date>' "
        "when the hold is over"
    )


def test_lifting_is_audited_and_then_anonymizing_proceeds(project, cli):
    base = held_register(project)
    assert cli(project.root, "audit", "--base", base, "--today", "2026-11-24")[0] == 0
    held = project.path_of("K-2024-001")
    with_hold = held.read_text()
    # Anonymizing by hand while held: the audit names the hold.
    held.write_text(
        with_hold.replace("Fictief Bedrijf B.V.", "'[geanonimiseerd]'").replace(
            "+31 73 123 4567", "[geanonimiseerd]"
        )
        + "anonymized: 2026-11-24\n"
    )
    code, out, _ = cli(project.root, "audit", "--base", base, "--today", "2026-11-24")
    assert code == 1
    assert "geanonimiseerd terwijl een juridische bewaarplicht gold (sinds 2026-06-01)" in out
    # Removing or rewriting the hold is refused; lifting it is the only change allowed.
    held.write_text(with_hold.replace(HOLD, ""))
    code, out, _ = cli(project.root, "audit", "--base", "HEAD", "--today", "2026-11-24")
    assert code == 1 and "K-2024-001.yaml" in out
    assert "de juridische bewaarplicht is gewijzigd of verwijderd" in out
    held.write_text(with_hold.replace("Geschil bij", "Zaak bij"))
    assert cli(project.root, "audit", "--base", "HEAD", "--today", "2026-11-24")[0] == 1
    held.write_text(with_hold + "  lifted: 2026-11-20\n")
    assert cli(project.root, "audit", "--base", "HEAD", "--today", "2026-11-24")[0] == 0
    project.commit("K-2024-001: bewaarplicht opgeheven")
    code, out, _ = cli(project.root, "history", "K-2024-001")
    assert "bewaarplicht opgeheven" in out and "2026-11-20" in out
    code, out, _ = cli(project.root, "anonymize", "--today", "2026-11-24")
    assert code == 0 and "K-2024-001: persoonsgegevens verwijderd" in out
    assert "Fictief" not in held.read_text()
    lifted = project.git("rev-parse", "HEAD").strip()
    assert cli(project.root, "audit", "--base", lifted, "--today", "2026-11-24")[0] == 0
    # Once lifted, the date of lifting stays.
    project.commit("geanonimiseerd")
    held.write_text(held.read_text().replace("lifted: 2026-11-20", "lifted: 2026-11-21"))
    code, out, _ = cli(project.root, "audit", "--base", "HEAD", "--today", "2026-11-24")
    assert code == 1 and "bewaarplicht" in out


def test_shred_counts_a_held_complaint_as_one_that_must_live_on(history, cli, monkeypatch):  # noqa: F811
    project, root = history.project, history.project.root
    path = project.path_of("K-2024-001")  # closed on 2024-03-01: past its term on TODAY
    path.write_text(path.read_text() + HOLD)
    project.commit("K-2024-001: juridische bewaarplicht")
    code, _, err = cli(root, "shred", "2024", "--today", TODAY)
    assert code == 1
    assert (
        "  K-2024-001 moet nog bewaard blijven: juridische bewaarplicht sinds 2026-06-01 (Geschil "
        "bij de Geschillencommissie); wacht tot de bewaartermijn voorbij is, of versleutel de "
        "klacht eerst opnieuw naar de sleutel van 2026 met --carry"
    ) in err.splitlines()
    assert project.git("status", "--porcelain") == ""
    base = project.git("rev-parse", "HEAD").strip()
    monkeypatch.setenv(privacy.ENVIRONMENT, str(history.identities))
    code, out, err = cli(root, "shred", "2024", "--carry", "--today", TODAY)
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "K-2024-001 versleuteld naar de sleutel van 2026 (blijft leesbaar)",
        "K-2024-002 versleuteld naar de sleutel van 2026 (blijft leesbaar)",
    ]
    assert "0 klachten van 2024 tonen voortaan [verwijderd]" in out
    current = [pyrage.x25519.Identity.from_str(history.secrets[2026])]
    assert privacy.decrypt(customer(history, "K-2024-001")["name"], current) == "Jan Janssen"
    assert cli(root, "audit", "--base", base, "--today", TODAY)[0] == 0
    # The complaint page shows the hold, and the carried name.
    site = build_site(project)
    page = (site / "klachten" / "K-2024-001" / "index.html").read_text(encoding="utf-8")
    assert "Juridische bewaarplicht" in page and "Geschil bij de Geschillencommissie" in page
    assert "Jan Janssen" in page


def test_the_complaint_page_shows_the_hold_in_english(tmp_path, cli):
    project = Project(tmp_path / "register", 'language = "en"\n')
    held_register(project)
    site = build_site(project, language="en")
    page = (site / "klachten" / "K-2024-001" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="legal-hold">Legal hold</h2>' in page
    assert "<th>legal hold since</th><td>01-06-2026</td>" in page
    assert "Geschil bij de Geschillencommissie" in page
    other = (site / "klachten" / "K-2024-002" / "index.html").read_text(encoding="utf-8")
    assert "legal-hold" not in other
