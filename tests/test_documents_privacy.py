"""Documents in privacy mode (SPEC §10, §11): stored encrypted to the cohort's public key like the
identity fields, checked without the key, decrypted for the site only where the key is present.
Real age keys (`klacht keys new`), real Git registers, a real `mkdocs build`."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents_util import pdf
from site_util import build_site

from conftest import Project
from klacht import config, loader, privacy

PRIVACY = "\n[tool.klacht.privacy]\nencrypt = true\n"
FOLDER = "complaints/2026/K-2026-001"


@pytest.fixture
def sealed(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> tuple[Project, Path]:
    """A register in privacy mode with the key of 2026, one complaint and one encrypted document;
    the secret identity in a file outside the register (not yet in the environment)."""
    monkeypatch.delenv(privacy.ENVIRONMENT, raising=False)
    project = Project(tmp_path / "register", PRIVACY)
    code, out, err = cli(project.root, "keys", "new", "2026")
    assert code == 0, err
    identities = tmp_path / "secret" / "identities.txt"
    identities.parent.mkdir()
    identities.write_text(out.strip() + "\n", encoding="utf-8")
    recipient = privacy.cohort_recipient(config.load(project.root), 2026)
    customer = {
        "name": privacy.encrypt("Jan Jansen", recipient),
        "phone": privacy.encrypt("073-6895412", recipient),
    }  # as klacht new writes them
    project.record(customer=customer)
    source = tmp_path / "Brief klant.pdf"
    source.write_bytes(pdf("Vertrouwelijk"))
    code, out, err = cli(project.root, "attach", "K-2026-001", str(source), "--date", "2026-11-18")
    assert code == 0, out + err
    project.commit("Klacht met versleuteld document")
    return project, identities


def test_attach_stores_the_document_encrypted(sealed, cli):
    project, identities = sealed
    stored = (project.root / FOLDER / "brief-klant.pdf.age").read_bytes()
    assert stored.startswith(b"age-encryption.org/v1\n")
    assert (
        b"Vertrouwelijk" not in stored and not (project.root / FOLDER / "brief-klant.pdf").exists()
    )
    keys = privacy.read_identities(str(identities), "nl")
    assert privacy.decrypt_bytes(stored, keys) == pdf("Vertrouwelijk")
    data = loader.parse(project.path_of("K-2026-001").read_text(encoding="utf-8"))
    assert data["documents"][0]["file"] == "brief-klant.pdf.age"
    assert cli(project.root, "check")[0] == 0  # checked without the key


def test_a_document_named_encrypted_must_be_an_age_file(sealed, cli):
    project, _ = sealed
    (project.root / FOLDER / "brief-klant.pdf.age").write_bytes(pdf())
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert out.split(": ", 1)[1].strip() == (
        "bestand (documents.0.file): 'brief-klant.pdf.age' heet versleuteld (.age), maar is geen "
        "age-bestand; voeg het document opnieuw toe met 'klacht attach'"
    )


def test_the_site_decrypts_only_with_the_key(sealed, monkeypatch: pytest.MonkeyPatch):
    project, identities = sealed
    public = build_site(project)
    page = (public / "klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    table = page.split('id="documenten"', 1)[1].split("</table>", 1)[0]
    assert "Brief klant" in table and "versleuteld; te openen met de sleutel" in table
    assert "<a " not in table and not (public / "documenten").exists()

    monkeypatch.setenv(privacy.ENVIRONMENT, str(identities))
    public = build_site(project)
    page = (public / "klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    table = page.split('id="documenten"', 1)[1].split("</table>", 1)[0]
    assert 'href="../../documenten/K-2026-001/brief-klant.pdf" download="brief-klant.pdf"' in table
    assert f"<td>{len(pdf('Vertrouwelijk'))} bytes</td>" in table
    assert (public / "documenten/K-2026-001/brief-klant.pdf").read_bytes() == pdf("Vertrouwelijk")
    for path in (project.root / ".cache").rglob("*"):  # no decrypted document kept anywhere
        assert not path.is_file() or b"Vertrouwelijk" not in path.read_bytes(), path
