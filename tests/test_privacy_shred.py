"""Erasure by key (SPEC §10): `klacht shred` on a real register with a real Git history, the
audit of what it changes, and proof that after the secret is destroyed no version of the
customer's name, phone or e-mail can be read from any commit or object, while the site still
builds. Also `klacht encrypt` for a register switched on later."""

from __future__ import annotations

import re
import subprocess

import pytest
from site_util import build_site
from test_privacy import PRIVACY, Keys, customer

from conftest import GIT_ENV, Project
from klacht import config, erasure, privacy

TODAY = "2026-11-24"
CLOSE = """\
triage:
  decision: self
  at: {day}T09:00:00+01:00
  by: Anouk Verbeek
handling:
  handler: Anouk Verbeek
  cause: Planning liep uit.
  solution: Excuses aangeboden.
  customer_agrees: true
  date: {day}
closed: {day}
"""
OLD = {
    "name": "Jan Jansen",
    "renamed": "Jan Janssen",
    "phone": "0475-318642",
    "email": "j.jansen@voorbeeld.nl",
}


@pytest.fixture
def history(tmp_path, cli, monkeypatch) -> Keys:
    """Cohort 2024: K-2024-001 (renamed once, closed on 2024-03-01, past its term) and
    K-2024-002 (still open); cohort 2026: K-2026-001. Every step committed."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(privacy.ENVIRONMENT, raising=False)
    keys = Keys(Project(tmp_path / "register", PRIVACY), cli, tmp_path, year=2024)
    keys.new(2026)
    root = keys.project.root
    new = ["--received-by", "Anouk Verbeek", "--summary", "Rapportage te laat."]
    first = ["--name", OLD["name"], "--phone", OLD["phone"], "--email", OLD["email"]]
    assert cli(root, "new", *new, *first, "--now", "2024-02-01T10:00+01:00")[0] == 0
    keys.project.commit("K-2024-001")
    path = keys.project.path_of("K-2024-001")
    public = privacy.cohort_recipient(config.load(root), 2024)
    renamed = privacy.encrypt(OLD["renamed"], public)
    path.write_text(erasure.set_values(path.read_text(), {"customer.name": renamed}))
    keys.project.commit("K-2024-001: naam verbeterd")
    path.write_text(path.read_text() + CLOSE.format(day="2024-03-01"))
    keys.project.commit("K-2024-001 gesloten")
    second = ["--name", "Piet Pieters", "--phone", "0475-111222"]
    assert cli(root, "new", *new, *second, "--now", "2024-05-01T10:00+01:00")[0] == 0
    third = ["--name", "Klaas Klaassen", "--phone", "0475-333444"]
    assert cli(root, "new", *new, *third, "--now", "2026-11-20T10:00+01:00")[0] == 0
    keys.project.commit("K-2024-002 en K-2026-001")
    return keys


def everything(project: Project) -> str:
    """Every commit's patch and every object of the repository, as text."""
    log = project.git("log", "-p", "--all")
    objects = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"],
        cwd=project.root,
        capture_output=True,
        check=True,
    ).stdout
    return log + objects.decode("utf-8", "replace")


def readable(text: str, identities) -> set[str]:
    """The plaintext of every age value in `text` that these identities open."""
    found = set()
    for value in set(re.findall(r"age:[A-Za-z0-9+/]+=*", text)):
        try:
            found.add(privacy.decrypt(value, identities))
        except Exception:  # noqa: BLE001 - not ours (pyrage.DecryptError)
            continue
    return found


def test_shred_refuses_while_a_complaint_must_be_kept_and_names_it(history, cli):
    root = history.project.root
    head = history.project.git("rev-parse", "HEAD")
    code, out, err = cli(root, "shred", "2024", "--today", TODAY)
    assert code == 1 and out == ""
    assert "K-2024-002 moet nog bewaard blijven: de klacht is nog open" in err
    assert "K-2024-001" not in err  # past its term
    code, _, err = cli(root, "shred", "2024", "--today", "2026-02-01")
    assert code == 1 and "K-2024-001 moet nog bewaard blijven: bewaartermijn tot 2026-03-01" in err
    assert history.project.git("rev-parse", "HEAD") == head
    assert history.project.git("status", "--porcelain") == ""
    code, _, err = cli(root, "shred", "2024", "--carry", "--today", TODAY)  # without the key
    assert code == 1 and "KLACHT_IDENTITIES" in err
    assert history.project.git("status", "--porcelain") == ""


def test_after_shredding_and_destroying_the_key_no_version_can_be_read(history, cli, monkeypatch):
    project, root = history.project, history.project.root
    import pyrage

    every_key = [pyrage.x25519.Identity.from_str(s) for s in history.secrets.values()]
    assert OLD["name"] in readable(everything(project), every_key)  # readable before
    base = project.git("rev-parse", "HEAD").strip()
    monkeypatch.setenv(privacy.ENVIRONMENT, str(history.identities))
    code, out, err = cli(root, "shred", "2024", "--carry", "--today", TODAY)
    assert code == 0, err
    assert "K-2024-002 versleuteld naar de sleutel van 2026" in out
    assert "Vernietig nu elke kopie van de geheime sleutel van 2024" in err
    assert history.secrets[2024] not in out + err
    assert project.git("status", "--porcelain") == ""  # committed
    record = (root / "keys" / "2024.shredded.yaml").read_text()
    assert "cohort: 2024" in record and "K-2024-002" in record and "Jan" not in record
    assert not (root / "keys" / "2024.pub").exists()
    code, out, err = cli(root, "audit", "--base", base)
    assert code == 0, out + err
    # With the 2024 identity still in the file, cohort 2024 shows [verwijderd] all the same.
    code, out, _ = cli(root, "register", "--format", "csv")
    assert "Piet Pieters" in out and "Klaas Klaassen" in out
    # The firm destroys every copy of the 2024 identity.
    del history.secrets[2024]
    history.identities.write_text(history.secrets[2026] + "\n")
    left = [pyrage.x25519.Identity.from_str(history.secrets[2026])]
    text = everything(project)
    for value in OLD.values():
        assert value not in text
    opened = readable(text, left)
    assert not opened & set(OLD.values())
    assert "Piet Pieters" in opened  # carried: readable with the current key
    site = build_site(project)
    page = (site / "klachten" / "K-2024-001" / "index.html").read_text(encoding="utf-8")
    assert "[verwijderd]" in page and "Jan" not in page
    assert "Piet Pieters" in (site / "klachten" / "K-2024-002" / "index.html").read_text()
    assert cli(root, "check")[0] == 0
    code, _, err = cli(root, "shred", "2024", "--today", TODAY)
    assert code == 1 and "al vernietigd" in err


def test_the_audit_refuses_other_rewrites_of_identity_fields(history, cli, monkeypatch):
    project, root = history.project, history.project.root
    base = project.git("rev-parse", "HEAD").strip()
    path = project.path_of("K-2024-001")
    public = privacy.cohort_recipient(config.load(root), 2026)
    text = path.read_text()
    path.write_text(erasure.set_values(text, {"customer.name": privacy.encrypt("X", public)}))
    code, out, _ = cli(root, "audit", "--base", base)
    assert code == 1 and "K-2024-001" in out and "naam klant" in out
    path.write_text(erasure.set_values(text, {"customer.name": "Jan Janssen"}))
    code, out, _ = cli(root, "audit", "--base", base)
    assert code == 1 and "onversleuteld" in out
    path.write_text(text)
    (root / "keys" / "2024.shredded.yaml").write_text("cohort: 2024\n")
    project.commit("nep")
    (root / "keys" / "2024.shredded.yaml").unlink()
    code, out, _ = cli(root, "audit", "--base", "HEAD")
    assert code == 1 and "keys/2024.shredded.yaml" in out


def test_encrypt_converts_a_plaintext_register_from_the_next_commit(tmp_path, cli, monkeypatch):
    monkeypatch.delenv(privacy.ENVIRONMENT, raising=False)
    project = Project(tmp_path / "register")
    project.record("K-2026-001")
    project.record(
        "K-2025-003",
        closed="2025-12-01",
        triage={"decision": "self", "at": "2025-11-18T11:00:00+01:00", "by": "A"},
        handling={
            "handler": "A",
            "cause": "c",
            "solution": "s",
            "customer_agrees": True,
            "date": "2025-12-01",
        },
    )
    project.commit("Twee klachten")
    base = project.git("rev-parse", "HEAD").strip()
    code, _, err = cli(project.root, "encrypt")
    assert code == 1 and "encrypt = true" in err
    with (project.root / "pyproject.toml").open("a") as handle:
        handle.write(PRIVACY)
    keys = Keys(project, cli, tmp_path, year=2026)
    code, _, err = cli(project.root, "encrypt")
    assert code == 1 and "klacht keys new 2025" in err
    assert "Fictief" in project.path_of("K-2026-001").read_text()  # nothing written
    keys.new(2025)
    code, out, err = cli(project.root, "encrypt")
    assert code == 0 and "2 klachtbestanden versleuteld" in out
    assert "eenmalige opschoning van de geschiedenis" in err
    for record_id in ("K-2026-001", "K-2025-003"):
        assert all(privacy.is_encrypted(v) for v in customer(keys, record_id).values())
        assert "Fictief" not in project.path_of(record_id).read_text()
    assert cli(project.root, "check")[0] == 0
    assert cli(project.root, "audit", "--base", base)[0] == 0
    monkeypatch.setenv(privacy.ENVIRONMENT, str(keys.identities))
    assert "Fictief Bedrijf B.V." in cli(project.root, "register")[1]
    assert cli(project.root, "encrypt")[1].startswith("Alle naam-")
