"""Documents in the audit trail, over a real Git history: removing or replacing one is a violation
(a correction is a new document), except their removal by `klacht anonymize` after the term; the
history shows documents added and never reads a document's content."""

from __future__ import annotations

import shutil

import pytest
from documents_util import eml, pdf

from conftest import Project
from klacht import config, git, history

TRIAGE = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}
HANDLING = {
    "handler": "R. de Wit",
    "cause": "Oorzaak",
    "solution": "Oplossing",
    "customer_agrees": True,
    "date": "2026-11-20",
}
CLOSED = {"triage": TRIAGE, "handling": HANDLING, "closed": "2026-11-20"}
FOLDER = "complaints/2026/K-2026-001"
LISTED = [
    {"file": "brief.pdf", "title": "Brief van de klant", "date": "2026-11-18"},
    {"file": "mail.eml", "title": "E-mail van de klant", "date": "2026-11-18"},
]


def base(project: Project, **fields) -> None:
    project.write(f"{FOLDER}/brief.pdf", pdf())
    project.write(f"{FOLDER}/mail.eml", eml())
    project.record(documents=LISTED, **fields)
    project.commit("Klacht met documenten")


def audit(project: Project, cli, *extra: str) -> tuple[int, list[str]]:
    code, out, _ = cli(project.root, "audit", "--base", "main", *extra)
    return code, out.splitlines()


def documents_line(project: Project) -> int:
    lines = project.path_of("K-2026-001").read_text(encoding="utf-8").splitlines()
    return lines.index("documents:") + 1


def test_adding_documents_holds_also_to_a_closed_complaint(project: Project, cli):
    base(project, **CLOSED)
    project.write(f"{FOLDER}/uitspraak.pdf", pdf("Uitspraak"))
    ruling = {"file": "uitspraak.pdf", "title": "Uitspraak bemiddelaar", "date": "2026-12-20"}
    project.record(documents=[*LISTED, ruling], **CLOSED)
    assert cli(project.root, "check")[0] == 0
    assert audit(project, cli) == (0, [])


def test_removing_a_document_is_a_violation(project: Project, cli):
    base(project)
    (project.root / FOLDER / "mail.eml").unlink()
    project.record(documents=LISTED[:1])
    assert cli(project.root, "check")[0] == 0  # the record and its folder agree
    assert audit(project, cli) == (
        1,
        [
            f"{FOLDER}.yaml:{documents_line(project)}:1: documenten (documents): document mail.eml is "
            "verwijderd; een document bij een klacht blijft bewaard (alleen 'klacht anonymize' "
            "verwijdert ze na de bewaartermijn): zet het terug met 'git checkout main -- "
            f'"{FOLDER}/mail.eml"\''
        ],
    )


def test_replacing_a_document_is_a_violation(project: Project, cli):
    base(project)
    project.write(f"{FOLDER}/brief.pdf", pdf("Een andere brief"))
    code, lines = audit(project, cli)
    assert code == 1
    assert lines == [
        f"{FOLDER}.yaml:{documents_line(project)}:1: documenten (documents): document brief.pdf "
        "is gewijzigd; een document verandert nooit: zet het oude terug met 'git checkout main "
        f"-- \"{FOLDER}/brief.pdf\"' en voeg de nieuwe versie toe als nieuw document ('klacht "
        "attach')"
    ]
    project.git("checkout", "main", "--", f"{FOLDER}/brief.pdf")
    assert audit(project, cli) == (0, [])


def test_a_document_gone_with_its_record(project: Project, cli):
    base(project)
    project.git("rm", "-q", "-r", FOLDER, f"{FOLDER}.yaml")
    code, lines = audit(project, cli)
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{FOLDER}.yaml:1:1",
        f"{FOLDER}/brief.pdf:1:1",
        f"{FOLDER}/mail.eml:1:1",
    ]
    assert lines[0].startswith(f"{FOLDER}.yaml:1:1: klacht K-2026-001 is verwijderd")
    assert lines[1].startswith(f"{FOLDER}/brief.pdf:1:1: document brief.pdf is verwijderd")


def test_anonymize_removes_the_documents_and_the_audit_accepts_exactly_that(project, cli):
    base(project, **CLOSED)
    code, out, _ = cli(project.root, "anonymize", "--today", "2028-11-20")
    assert (code, out) == (
        0,
        (
            "K-2026-001: persoonsgegevens verwijderd (complaints/2026/K-2026-001.yaml)\n"
            "K-2026-001: 2 documenten verwijderd\n"
        ),
    )
    text = project.path_of("K-2026-001").read_text(encoding="utf-8")
    assert "documents:" not in text and "brief.pdf" not in text
    assert text.endswith("anonymized: 2028-11-20\ndocuments_removed: 2\n")
    assert not (project.root / FOLDER).exists()
    assert cli(project.root, "check")[0] == 0
    assert audit(project, cli, "--today", "2028-11-20") == (0, [])
    # the same removal with a wrong count, or before the term, is a violation
    project.write(f"{FOLDER}.yaml", text.replace("documents_removed: 2", "documents_removed: 1"))
    assert audit(project, cli, "--today", "2028-11-20")[0] == 1
    project.write(
        f"{FOLDER}.yaml", text.replace("anonymized: 2028-11-20", "anonymized: 2027-01-01")
    )
    assert audit(project, cli, "--today", "2028-11-20")[0] == 1


def test_history_shows_documents_added(project: Project, cli):
    project.record()
    project.commit("Geregistreerd")
    base(project)
    code, out, _ = cli(project.root, "history", "K-2026-001")
    assert code == 0
    lines = [line.split("  ", 3)[3] for line in out.splitlines() if not line.startswith(" ")]
    assert f"document toegevoegd: {FOLDER}/brief.pdf: Klacht met documenten" in lines
    assert f"document toegevoegd: {FOLDER}/mail.eml: Klacht met documenten" in lines


@pytest.fixture
def blob_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every blob the history asks Git for."""
    asked: list[str] = []
    request, read = git.BlobReader.request, git.read_blobs

    def counted_request(self, blob: str) -> None:
        asked.append(blob)
        request(self, blob)

    def counted_read(root, blobs):
        blobs = list(blobs)
        asked.extend(blobs)
        return read(root, blobs)

    monkeypatch.setattr(git.BlobReader, "request", counted_request)
    monkeypatch.setattr(git, "read_blobs", counted_read)
    return asked


def test_history_never_reads_a_document(project: Project, blob_reads: list[str], git_calls):
    """Large documents cost the history nothing: their blobs are never asked for, and it starts
    the same Git processes as for the records alone (by count, not by the wall clock, which a
    busy machine stretches)."""
    project.record()
    project.commit("Geregistreerd")
    project.record(summary="Een tweede versie, zonder documenten.")
    project.commit("Gewijzigd")
    settings = config.load(project.root)
    git_calls.clear()
    history.read(settings)
    alone = list(git_calls)
    big = [(f"scan-{n}.pdf", pdf() + b"%" + bytes([65 + n]) * (8 * 1024 * 1024)) for n in range(6)]
    for name, content in big:
        project.write(f"{FOLDER}/{name}", content)
    project.record(documents=[{"file": n, "title": n, "date": "2026-11-18"} for n, _ in big])
    project.commit("Zes scans van 8 MB")
    shutil.rmtree(project.root / ".cache", ignore_errors=True)
    blob_reads.clear()
    git_calls.clear()
    found = history.read(settings)
    assert alone and git_calls == alone  # no process more for 48 MB of documents
    documents = set(git.tree_blobs(project.root, "HEAD", FOLDER + "/").values())
    assert len(documents) == 6
    assert blob_reads and not documents & set(blob_reads)
    kinds = [c.kind for c in found.changes("K-2026-001")]
    assert kinds == ["added", "modified", "modified", *["document_added"] * 6]


def test_audit_with_documents_costs_one_git_process_more(project: Project, git_calls):
    from klacht import audit as auditing

    base(project)
    project.write(f"{FOLDER}/brief.pdf", pdf("vervangen"))
    git_calls.clear()
    found = auditing.audit(project.settings(), "HEAD")
    assert git_calls == ["merge-base", "show", "ls-tree", "cat-file", "diff"]
    assert [(p.path, p.field, p.code) for p in found] == [
        (f"{FOLDER}.yaml", "documents", "audit.document_replaced")
    ]


def test_anonymize_treats_the_record_and_its_documents_alike(project: Project, cli):
    """The record's change and the documents' removal are both in the work tree, neither staged
    (the index is left alone): one `git commit -a` (or `git add -A`) records them together, and
    the audit accepts that commit."""
    base(project, **CLOSED)
    project.git("checkout", "-q", "-b", "opschonen")
    assert cli(project.root, "anonymize", "--today", "2028-11-20")[0] == 0
    assert sorted(project.git("status", "--porcelain").splitlines()) == [
        f" D {FOLDER}/brief.pdf",
        f" D {FOLDER}/mail.eml",
        f" M {FOLDER}.yaml",
    ]
    project.git("commit", "-q", "-a", "-m", "Geanonimiseerd na de bewaartermijn")
    assert project.git("status", "--porcelain") == ""
    assert sorted(project.git("show", "--name-status", "--format=", "HEAD").splitlines()) == [
        f"D\t{FOLDER}/brief.pdf",
        f"D\t{FOLDER}/mail.eml",
        f"M\t{FOLDER}.yaml",
    ]
    assert cli(project.root, "check")[0] == 0
    assert audit(project, cli, "--today", "2028-11-20") == (0, [])
