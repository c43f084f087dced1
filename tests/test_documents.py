"""Related documents (SPEC §11): the record's `documents`, the files in the complaint's folder, and
what `klacht check` says about them, with real files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from documents_util import docx, eml, executable, odt, pdf, plain_zip, png

from conftest import Project
from klacht import config, documents, records

FOLDER = "complaints/2026/K-2026-001"


def entry(file: str, title: str = "Brief van de klant", date: str = "2026-11-18") -> dict:
    return {"file": file, "title": title, "date": date}


def attach_by_hand(project: Project, files: dict[str, bytes], listed: list[str] | None = None):
    """The record K-2026-001 listing `listed` (default: every file), and the files in its folder."""
    for name, content in files.items():
        project.write(f"{FOLDER}/{name}", content)
    names = list(files) if listed is None else listed
    project.record(documents=[entry(name) for name in names] or None)


def check(project: Project, cli, *args: str) -> tuple[int, list[str]]:
    code, out, _ = cli(project.root, "check", "--no-cache", *args)
    return code, out.splitlines()


def line_of(project: Project, text: str) -> int:
    lines = project.path_of("K-2026-001").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_every_allowed_kind_made_for_real_passes(project: Project, cli):
    files = {
        "brief-klant.pdf": pdf(),
        "mail-klant.eml": eml(),
        "antwoord.docx": docx(),
        "verslag.odt": odt(),
        "notitie.txt": "Gebeld met de klant; €50 korting toegezegd.\n".encode(),
        "foto.png": png(),
        "scan.jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100),
    }
    attach_by_hand(project, files)
    assert check(project, cli) == (0, [])


def test_documents_folder_holds_no_record(project: Project, cli):
    """A `.yaml` file in a complaint's folder is never taken for a record: it is a document of a
    kind the register does not accept, and unlisted."""
    attach_by_hand(project, {"brief.pdf": pdf()})
    project.write(f"{FOLDER}/K-2026-002.yaml", "id: K-2026-002\n")
    settings = config.load(project.root)
    assert records.discover(settings) == [str(project.path_of("K-2026-001"))]
    code, lines = check(project, cli)
    assert code == 1
    assert lines == [
        f"{FOLDER}.yaml:{line_of(project, 'documents:')}:1: documenten (documents): "
        f"'K-2026-002.yaml' staat in {FOLDER}/ maar niet in de lijst; voeg een regel toe (file, "
        "title, date) of voeg het toe met 'klacht attach'"
    ]


def test_renamed_executable_is_refused_by_its_content(project: Project, cli):
    attach_by_hand(project, {"brief.pdf": executable()})
    line = line_of(project, "file: brief.pdf")
    assert check(project, cli) == (
        1,
        [
            f"{FOLDER}.yaml:{line}:9: bestand (documents.0.file): 'brief.pdf' heet een .pdf-bestand, "
            "maar de inhoud is een programma (uitvoerbaar bestand); sla het op als echt .pdf-bestand "
            "(of een ander toegestaan soort) en voeg het opnieuw toe"
        ],
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + bytes(200), "programma (uitvoerbaar bestand)"),
        ("pagina.txt", b"<!DOCTYPE html><html><script>alert(1)</script>", "webpagina (HTML)"),
        (
            "foto.png",
            b'<?xml version="1.0"?>\n<svg onload="alert(1)"/>',
            "SVG-afbeelding (kan script bevatten)",
        ),
        ("archief.docx", plain_zip(), "zip-archief"),
        ("mail.eml", pdf(), "PDF"),
        ("notitie.txt", png(), "PNG-afbeelding"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n", "programma (uitvoerbaar bestand)"),
        ("mail.eml", b"Geachte heer,\r\nDit is geen e-mail.\r\n", "tekst"),
        ("mail.eml", b"Subject: alleen een onderwerp\r\n\r\ntekst", "tekst"),
    ],
)
def test_content_decides_the_kind(project: Project, cli, name: str, content: bytes, kind: str):
    attach_by_hand(project, {name: content})
    code, lines = check(project, cli)
    assert code == 1
    assert f"maar de inhoud is een {kind};" in lines[0]


def test_a_kind_not_allowed_is_refused_by_its_name(project: Project, cli):
    attach_by_hand(project, {"pagina.html": b"<html></html>"})
    line = line_of(project, "file: pagina.html")
    assert check(project, cli) == (
        1,
        [
            f"{FOLDER}.yaml:{line}:9: bestand (documents.0.file): 'pagina.html' is van een soort die "
            "het register niet aanneemt (.html); toegestaan: pdf, eml, msg, docx, odt, txt, jpg, png"
        ],
    )


def test_symlink_out_of_the_register_is_refused(project: Project, cli, tmp_path: Path):
    secret = tmp_path / "elders.pdf"
    secret.write_bytes(pdf())
    project.record(documents=[entry("brief.pdf")])
    (project.root / FOLDER).mkdir()
    os.symlink(secret, project.root / FOLDER / "brief.pdf")
    line = line_of(project, "file: brief.pdf")
    assert check(project, cli) == (
        1,
        [
            f"{FOLDER}.yaml:{line}:9: bestand (documents.0.file): 'brief.pdf' is een snelkoppeling "
            "(symbolische link), geen gewoon bestand; zet het bestand zelf in de map"
        ],
    )


def test_a_linked_folder_is_refused(project: Project, cli, tmp_path: Path):
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "brief.pdf").write_bytes(pdf())
    project.record(documents=[entry("brief.pdf")])
    os.symlink(elsewhere, project.root / FOLDER)
    code, lines = check(project, cli)
    assert code == 1
    assert lines == [
        f"{FOLDER}.yaml:{line_of(project, 'documents:')}:1: documenten (documents): {FOLDER}/ is "
        "een snelkoppeling (symbolische link), geen gewone map; het register leest er niet "
        "doorheen: zet de map zelf hier neer"
    ]


def test_hostile_names_never_leave_the_folder(project: Project, cli):
    project.record(
        documents=[
            entry("../../pyproject.toml"),
            entry("/etc/passwd"),
            entry("CON.pdf"),
            entry("brief\u202egpj.exe"),
        ]
    )
    code, lines = check(project, cli)
    assert code == 1  # (the terminal shows the invisible character as its code)
    assert [line.split(": ", 1)[1] for line in lines] == [
        "bestand (documents.0.file): '../../pyproject.toml' is geen gewone bestandsnaam; een "
        "document staat in de map van de klacht zelf: schrijf alleen de naam, zonder map, '..' "
        "of '/'",
        "bestand (documents.1.file): '/etc/passwd' is geen gewone bestandsnaam; een document "
        "staat in de map van de klacht zelf: schrijf alleen de naam, zonder map, '..' of '/'",
        "bestand (documents.2.file): 'CON.pdf' is een naam die Windows niet toestaat; geef het "
        "bestand een andere naam",
        "bestand (documents.3.file): 'brief\\u202egpj.exe' bevat tekens die niet in een "
        'bestandsnaam horen (< > : " | ? *, onzichtbare tekens, een punt of spatie aan begin of '
        "eind); geef het bestand een gewone naam, of voeg het toe met 'klacht attach'",
    ]


def test_oversized_file_is_refused(project: Project, cli):
    project.write(
        "pyproject.toml",
        project.root.joinpath("pyproject.toml").read_text() + "document_max_bytes = 2048\n",
    )
    attach_by_hand(project, {"scan.pdf": pdf() + b"%" + b"x" * 3000 + b"\n"})
    line = line_of(project, "file: scan.pdf")
    assert check(project, cli) == (
        1,
        [
            f"{FOLDER}.yaml:{line}:9: bestand (documents.0.file): 'scan.pdf' is te groot (3,5 kB; "
            "hooguit 2 kB); verklein het (bijvoorbeeld een scan met een lagere resolutie)"
        ],
    )


def test_sizes_for_people():
    assert documents.human_size(12, "nl") == "12 bytes"
    assert documents.human_size(2_500_000, "nl") == "2,4 MB"
    assert documents.human_size(2_500_000, "en") == "2.4 MB"
    assert documents.human_size(10 * 1024 * 1024, "nl") == "10 MB"


def test_missing_unlisted_and_twice(project: Project, cli):
    attach_by_hand(
        project,
        {"brief.pdf": pdf(), "los.txt": b"niet in de lijst\n"},
        listed=["brief.pdf", "weg.pdf", "brief.pdf"],
    )
    code, lines = check(project, cli)
    assert code == 1
    documents_line = line_of(project, "documents:")
    assert lines == [
        f"{FOLDER}.yaml:{documents_line}:1: documenten (documents): 'los.txt' staat in {FOLDER}/ "
        "maar niet in de lijst; voeg een regel toe (file, title, date) of voeg het toe met "
        "'klacht attach'",
        f"{FOLDER}.yaml:{documents_line + 4}:9: bestand (documents.1.file): 'weg.pdf' staat niet "
        "in de map van de klacht; zet het bestand daar, of controleer de naam (hoofdletters "
        "tellen mee)",
        f"{FOLDER}.yaml:{documents_line + 7}:9: bestand (documents.2.file): 'brief.pdf' staat "
        "twee keer in de lijst; noem elk document één keer",
    ]


def test_folder_without_record(project: Project, cli):
    project.record()
    project.write("complaints/2026/K-2026-009/brief.pdf", pdf())
    assert check(project, cli) == (
        1,
        [
            "complaints/2026/K-2026-009/:1:1: map met documenten zonder klacht: er staat geen "
            "K-2026-009.yaml naast; zet de documenten in de map van hun klacht"
        ],
    )


def test_english_with_the_setting(project: Project, cli):
    project.write(
        "pyproject.toml", project.root.joinpath("pyproject.toml").read_text() + 'language = "en"\n'
    )
    attach_by_hand(project, {"brief.pdf": executable()})
    code, lines = check(project, cli)
    assert lines[0].split(": ", 1)[1] == (
        "file (documents.0.file): 'brief.pdf' is named a .pdf file, but its content is a program "
        "(executable); save it as a real .pdf file (or another allowed kind) and add it again"
    )


def test_cached_check_still_sees_the_files(project: Project, cli):
    """The record's own results are cached; its documents are checked on every run."""
    attach_by_hand(project, {"brief.pdf": pdf()})
    assert cli(project.root, "check")[0] == 0
    assert cli(project.root, "check")[0] == 0
    (project.root / FOLDER / "brief.pdf").unlink()
    code, out, _ = cli(project.root, "check")
    assert code == 1 and "'brief.pdf' staat niet in de map van de klacht" in out


def test_documents_in_the_model(project: Project):
    attach_by_hand(project, {"brief.pdf": pdf()})
    loaded = records.load_records(config.load(project.root), use_cache=False)
    assert loaded.problems == ()
    (complaint,) = loaded.complaints
    assert [(d.file, d.title, str(d.date)) for d in complaint.documents] == [
        ("brief.pdf", "Brief van de klant", "2026-11-18")
    ]


def test_settings_refuse_a_kind_that_could_run_script(project: Project):
    table = {"document_types": ["pdf", "svg"]}
    with pytest.raises(config.SettingsError) as caught:
        config.from_mapping(project.root, table)
    assert caught.value.text("nl").startswith(
        "pyproject.toml: [tool.klacht] document_types: 'svg' is geen soort document"
    )
    with pytest.raises(config.SettingsError):
        config.from_mapping(project.root, {"document_max_bytes": 10})


def test_kinds_table_matches_the_settings():
    assert tuple(documents.KINDS) == config.DOCUMENT_TYPES
