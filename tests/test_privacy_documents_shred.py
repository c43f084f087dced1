"""Documents of a shredded cohort (SPEC §10, §11): after `klacht shred` the site shows them as
`[verwijderd]`, like the identity fields, even where the destroyed key is still at hand; those of
a complaint carried with `--carry` are encrypted anew to the current key and stay readable once
the old key is gone. A real register, real keys, a real shred and a real `mkdocs build`."""

from __future__ import annotations

from documents_util import pdf
from site_util import build_site
from test_privacy_shred import TODAY, history  # noqa: F401 - the fixture

from klacht import privacy

CLOSED_DOC = "complaints/2024/K-2024-001/brief-klant.pdf.age"
OPEN_DOC = "complaints/2024/K-2024-002/uitspraak.pdf.age"


def documents_table(public, record_id: str) -> str:
    page = (public / "klachten" / record_id / "index.html").read_text(encoding="utf-8")
    return page.split('id="documenten"', 1)[1].split("</table>", 1)[0]


def test_a_shredded_cohorts_documents_show_as_erased(history, cli, tmp_path, monkeypatch):  # noqa: F811
    project, root = history.project, history.project.root
    for record_id, name, text in (
        ("K-2024-001", "Brief klant.pdf", "Brief van Jan Jansen"),
        ("K-2024-002", "Uitspraak.pdf", "Uitspraak in de zaak"),
    ):
        source = tmp_path / name
        source.write_bytes(pdf(text))
        code, out, err = cli(root, "attach", record_id, str(source), "--date", "2024-06-01")
        assert code == 0, out + err
    project.commit("Documenten")
    base = project.git("rev-parse", "HEAD").strip()
    before = (root / OPEN_DOC).read_bytes()
    monkeypatch.setenv(privacy.ENVIRONMENT, str(history.identities))
    public = build_site(project)
    assert "<a " in documents_table(public, "K-2024-001")  # readable before the shred

    code, out, err = cli(root, "shred", "2024", "--carry", "--today", TODAY)
    assert code == 0, err
    assert project.git("status", "--porcelain", "--", "complaints", "keys") == ""
    assert (root / OPEN_DOC).read_bytes() != before  # carried: encrypted anew
    assert cli(root, "audit", "--base", base, "--today", TODAY)[0] == 0
    assert cli(root, "check")[0] == 0

    # The 2024 secret is still in the file: the erased cohort's document shows [verwijderd].
    public = build_site(project)
    table = documents_table(public, "K-2024-001")
    assert "Brief klant" in table
    assert "[verwijderd] (de sleutel van dit jaar is vernietigd)" in table
    assert "<a " not in table and "versleuteld" not in table
    assert not (public / "documenten" / "K-2024-001").exists()
    carried = documents_table(public, "K-2024-002")
    assert "<a " in carried and "[verwijderd]" not in carried

    # The firm destroys every copy of the 2024 secret: the carried document still opens.
    history.identities.write_text(history.secrets[2026] + "\n")
    public = build_site(project)
    assert "[verwijderd]" in documents_table(public, "K-2024-001")
    assert (public / "documenten" / "K-2024-002" / "uitspraak.pdf").read_bytes() == pdf(
        "Uitspraak in de zaak"
    )
    # Without any key: the carried document is encrypted, the erased one erased.
    monkeypatch.delenv(privacy.ENVIRONMENT)
    public = build_site(project)
    assert "[verwijderd]" in documents_table(public, "K-2024-001")
    assert "versleuteld; te openen met de sleutel" in documents_table(public, "K-2024-002")


def test_any_other_change_to_a_document_is_still_reported(history, cli, tmp_path):  # noqa: F811
    project, root = history.project, history.project.root
    source = tmp_path / "Uitspraak.pdf"
    source.write_bytes(pdf("Uitspraak"))
    assert cli(root, "attach", "K-2026-001", str(source), "--date", "2026-11-21")[0] == 0
    project.commit("Document")
    path = root / "complaints/2026/K-2026-001/uitspraak.pdf.age"
    recipient = privacy.cohort_recipient(project.settings(), 2026)
    path.write_bytes(privacy.encrypt_bytes(pdf("Iets anders"), recipient))
    code, out, _ = cli(root, "audit", "--base", "HEAD", "--today", TODAY)
    assert code == 1 and "document uitspraak.pdf.age is gewijzigd" in out


def test_only_the_shred_itself_may_encrypt_a_carried_document_anew(
    history,  # noqa: F811
    cli,
    tmp_path,
    monkeypatch,
):
    """Once the shred is in the base, a carried complaint's document is checked like any other:
    a different file swapped in later is reported."""
    project, root = history.project, history.project.root
    source = tmp_path / "Uitspraak.pdf"
    source.write_bytes(pdf("Uitspraak in de zaak"))
    assert cli(root, "attach", "K-2024-002", str(source), "--date", "2024-06-01")[0] == 0
    project.commit("Document")
    monkeypatch.setenv(privacy.ENVIRONMENT, str(history.identities))
    assert cli(root, "shred", "2024", "--carry", "--today", TODAY)[0] == 0
    shredded = project.git("rev-parse", "HEAD").strip()
    recipient = privacy.cohort_recipient(project.settings(), 2026)
    (root / OPEN_DOC).write_bytes(privacy.encrypt_bytes(pdf("Een andere uitspraak"), recipient))
    code, out, _ = cli(root, "audit", "--base", shredded, "--today", TODAY)
    assert code == 1 and "document uitspraak.pdf.age is gewijzigd" in out
    code, out, _ = cli(root, "audit", "--base", f"{shredded}~1", "--today", TODAY)
    assert code == 0, out  # with the shred in the range, its re-encryption is accepted
