"""`klacht attach`: a document copied in under a safe name, listed in the record with its comments
and layout kept, never over another file; refused with nothing written when it would not pass."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from documents_util import eml, executable, pdf

from conftest import Project
from klacht import attaching, config, loader

RECORD = """\
# yaml-language-server: $schema=../../schema/complaint.schema.json
id: K-2026-001
received: 2026-11-18T10:42:00+01:00   # by phone
received_by: Anouk Verbeek
customer:
  name: Fictief Bedrijf B.V.
  phone: "+31 73 123 4567"
summary: >-
  Rapportage te laat.

# handled below
category: communication
"""


def write_record(project: Project, text: str = RECORD) -> Path:
    return project.write("complaints/2026/K-2026-001.yaml", text)


@pytest.mark.parametrize(
    ("original", "safe"),
    [
        ("Brief van Zoë (1).PDF", "brief-van-zoe-1.pdf"),
        ("../../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\win.ini.txt", "win-ini.txt"),
        ("brief\u202egpj.exe.pdf", "brief-gpj-exe.pdf"),
        ("klacht\x00\x1b[31m.eml", "klacht-31m.eml"),
        ("CON.pdf", "con-document.pdf"),
        ("lpt1.txt", "lpt1-document.txt"),
        (".pdf", "document.pdf"),
        ("...", "document"),
        ("é" * 300 + ".pdf", "e" * 80 + ".pdf"),
        ("a" * 500 + ".pdf", "a" * 80 + ".pdf"),
    ],
)
def test_safe_names(original: str, safe: str):
    assert attaching.safe_name(original) == safe
    from klacht import documents

    assert documents.name_problem(safe) is None


def test_attach_copies_and_lists_keeping_the_layout(project: Project, cli, tmp_path: Path):
    path = write_record(project)
    source = tmp_path / "Brief van de klant.pdf"
    source.write_bytes(pdf())
    code, out, err = cli(project.root, "attach", "k-2026-001", str(source), "--date", "2026-11-18")
    assert (code, err.splitlines()[-1]) == (
        0,
        "Voeg beide bestanden toe aan Git (git add, "
        "commit), of upload ze zoals de handleiding zegt.",
    )
    assert out == (
        "K-2026-001: document toegevoegd: complaints/2026/K-2026-001/brief-van-de-klant.pdf "
        "(Brief van de klant, 2026-11-18)\n"
    )
    assert (
        project.root / "complaints/2026/K-2026-001/brief-van-de-klant.pdf"
    ).read_bytes() == pdf()
    assert path.read_text(encoding="utf-8") == RECORD + (
        "documents:\n"
        '  - file: "brief-van-de-klant.pdf"\n'
        '    title: "Brief van de klant"\n'
        "    date: 2026-11-18\n"
    )
    # a second one goes at the end of the list, before the fields that follow it
    path.write_text(path.read_text(encoding="utf-8") + "severity: normal  # kept\n", "utf-8")
    mail = tmp_path / "mail.eml"
    mail.write_bytes(eml())
    code, out, _ = cli(
        project.root,
        "attach",
        "K-2026-001",
        str(mail),
        "--title",
        'Antwoord: "akkoord"\u202e',
        "--date",
        "2026-11-19",
    )
    assert code == 0
    text = path.read_text(encoding="utf-8")
    assert text.endswith(
        "    date: 2026-11-18\n"
        '  - file: "mail.eml"\n'
        '    title: "Antwoord: \\"akkoord\\"\u202e"\n'
        "    date: 2026-11-19\n"
        "severity: normal  # kept\n"
    )
    assert loader.parse(text)["documents"][1]["title"] == 'Antwoord: "akkoord"\u202e'
    assert cli(project.root, "check")[0] == 0


def test_never_overwrites_a_file_of_the_same_name(project: Project, cli, tmp_path: Path):
    write_record(project)
    source = tmp_path / "brief.pdf"
    source.write_bytes(pdf("eerste"))
    assert cli(project.root, "attach", "K-2026-001", str(source))[0] == 0
    source.write_bytes(pdf("tweede"))
    assert cli(project.root, "attach", "K-2026-001", str(source))[0] == 0
    folder = project.root / "complaints/2026/K-2026-001"
    assert sorted(os.listdir(folder)) == ["brief-2.pdf", "brief.pdf"]
    assert (folder / "brief.pdf").read_bytes() == pdf("eerste")
    assert (folder / "brief-2.pdf").read_bytes() == pdf("tweede")


def test_refusals_write_nothing(project: Project, cli, tmp_path: Path):
    path = write_record(project)
    program = tmp_path / "factuur.pdf"
    program.write_bytes(executable())
    code, _, err = cli(project.root, "attach", "K-2026-001", str(program))
    assert code == 1
    assert err == (
        "klacht: niet toegevoegd: 'factuur.pdf' heet een .pdf-bestand, maar de inhoud is een "
        "programma (uitvoerbaar bestand); sla het op als echt .pdf-bestand (of een ander "
        "toegestaan soort) en voeg het opnieuw toe\n"
    )
    big = tmp_path / "scan.pdf"
    big.write_bytes(pdf() + b"%" + b"x" * (10 * 1024 * 1024))
    code, _, err = cli(project.root, "attach", "K-2026-001", str(big))
    assert err == (
        "klacht: niet toegevoegd: 'scan.pdf' is te groot (10 MB; hooguit 10 MB); verklein het "
        "(bijvoorbeeld een scan met een lagere resolutie)\n"
    )
    assert cli(project.root, "attach", "K-2026-001", str(tmp_path))[0] == 1  # a folder
    assert cli(project.root, "attach", "K-2026-002", str(program))[2] == (
        "klacht: niet toegevoegd: geen klacht K-2026-002: complaints/2026/K-2026-002.yaml "
        "bestaat niet\n"
    )
    good = tmp_path / "brief.pdf"
    good.write_bytes(pdf())
    with pytest.raises(SystemExit):  # argparse: not a date
        cli(project.root, "attach", "K-2026-001", str(good), "--date", "2026-02-30")
    assert path.read_text(encoding="utf-8") == RECORD
    assert not (project.root / "complaints/2026/K-2026-001").exists()


def test_an_anonymized_complaint_gets_no_documents(project: Project, tmp_path: Path):
    write_record(project, RECORD + "anonymized: 2029-01-01\n")
    settings = config.load(project.root)
    with pytest.raises(attaching.Refused) as refused:
        attaching.attach(settings, "K-2026-001", pdf(), "brief.pdf")
    assert refused.value.text("nl").startswith("klacht K-2026-001 is geanonimiseerd")


def test_entry_added_to_an_empty_list_and_with_crlf():
    text = "id: K-2026-001\r\ndocuments: []\r\nsummary: x\r\n"
    assert attaching.with_entry(text, "a.pdf", "A", date(2026, 11, 18)) == (
        'id: K-2026-001\r\ndocuments:\r\n  - file: "a.pdf"\r\n    title: "A"\r\n'
        "    date: 2026-11-18\r\nsummary: x\r\n"
    )
    flow = "id: K-2026-001\ndocuments: [{file: a.pdf, title: A, date: 2026-11-18}]\n"
    with pytest.raises(ValueError):
        attaching.with_entry(flow, "b.pdf", "B", date(2026, 11, 18))


def test_brief_save_keeps_the_letter_as_a_document(tmp_path: Path, cli):
    from test_letters import LETTERS

    project = Project(tmp_path / "register", LETTERS)
    customer = {
        "name": "Fictief Bedrijf B.V.",
        "phone": "+31 73 123 4567",
        "email": "info@example.nl",
    }
    project.record("K-2026-007", customer=customer, channel="email")
    now = "2026-11-19T10:00+01:00"
    code, out, err = cli(
        project.root, "brief", "K-2026-007", "ontvangst", "--format", "eml", "--now", now, "--save"
    )
    assert code == 0
    path = "complaints/2026/K-2026-007/brief-ontvangst-2026-11-19.eml"
    assert err == f"de brief is bewaard als document van de klacht: {path}\n"
    assert (project.root / path).read_text(encoding="utf-8") == out
    data = loader.parse(project.path_of("K-2026-007").read_text(encoding="utf-8"))
    assert data["documents"] == [
        {
            "file": "brief-ontvangst-2026-11-19.eml",
            "title": data["documents"][0]["title"],
            "date": "2026-11-19",
        }
    ]
    assert "K-2026-007" in data["documents"][0]["title"]
    assert cli(project.root, "check")[0] == 0
    # the same letter again the same day is a second document, never over the first
    assert cli(project.root, "brief", "K-2026-007", "ontvangst", "--now", now, "--save")[0] == 0
    assert (project.root / "complaints/2026/K-2026-007/brief-ontvangst-2026-11-19.txt").is_file()


def test_renumber_takes_the_documents_along(project: Project, cli, tmp_path: Path):
    project.record("K-2026-001")
    project.write("complaints/2026/K-2026-002.yaml", RECORD.replace("K-2026-001", "K-2026-002"))
    source = tmp_path / "brief.pdf"
    source.write_bytes(pdf())
    assert cli(project.root, "attach", "K-2026-002", str(source))[0] == 0
    code, out, _ = cli(project.root, "renumber", str(project.path_of("K-2026-002")))
    assert code == 0, out
    assert (project.root / "complaints/2026/K-2026-003/brief.pdf").read_bytes() == pdf()
    assert not (project.root / "complaints/2026/K-2026-002").exists()
    assert cli(project.root, "check")[0] == 0
