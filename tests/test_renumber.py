"""`klacht renumber`: the way out when two branches added the same number."""

from __future__ import annotations


def test_renumber_moves_to_next_free_number_changing_only_the_id(project, cli):
    project.record("K-2026-001")
    project.commit("main heeft 1")
    project.git("checkout", "-q", "-b", "tak")
    path = project.record("K-2026-003", summary="Rapportage veel te laat ontvangen.")
    original = path.read_text(encoding="utf-8")
    code, out, err = cli(project.root, "renumber", str(path))
    assert code == 0, err
    assert out == "K-2026-003 is nu K-2026-004: complaints/2026/K-2026-004.yaml\n"
    assert not path.exists()
    moved = project.path_of("K-2026-004").read_text(encoding="utf-8")
    assert moved == original.replace("id: K-2026-003", "id: K-2026-004")


def test_renumber_refuses_a_record_changed_here_that_the_default_branch_holds(project, cli):
    path = project.record("K-2026-003")
    project.commit("main heeft 3")
    project.git("checkout", "-q", "-b", "tak")
    original = path.read_text(encoding="utf-8").replace("te laat", "veel te laat")
    path.write_text(original, encoding="utf-8")
    code, _, err = cli(project.root, "renumber", str(path))
    assert code == 1
    assert err == (
        "complaints/2026/K-2026-003.yaml: deze klacht is al vastgelegd op main, en een "
        "vastgelegd nummer blijft; hernummer alleen een klacht die nog alleen op uw eigen tak "
        "staat\n"
    )
    assert path.read_text(encoding="utf-8") == original


def test_renumber_refuses_the_record_that_another_branch_holds_unchanged(project, cli):
    path = project.record("K-2026-003")
    project.commit("main heeft 3")
    project.git("checkout", "-q", "-b", "tak")
    code, _, err = cli(project.root, "renumber", str(path))
    assert code == 1
    assert err == (
        "complaints/2026/K-2026-003.yaml: deze klacht staat precies zo op main; hernummer de "
        "andere klacht, niet deze\n"
    )
    assert path.exists()


def test_renumber_refuses_a_broken_file(project, cli):
    path = project.write("complaints/2026/K-2026-003.yaml", "id: [\n")
    code, _, err = cli(project.root, "renumber", str(path))
    assert code == 1
    assert err == (
        "complaints/2026/K-2026-003.yaml: kan niet hernummeren: geen geldig klachtbestand met "
        "één 'id:'-regel\n"
    )
    assert path.read_text() == "id: [\n"


def test_check_reports_a_number_the_default_branch_also_added(project, cli):
    project.record("K-2026-001")
    project.commit("start")
    project.git("checkout", "-q", "-b", "anouk")
    mine = project.record("K-2026-002", summary="Mijn klacht.")
    project.commit("Anouk registreert 2")
    project.git("checkout", "-q", "main")
    project.record("K-2026-002", summary="Klacht van een collega.")
    project.commit("collega registreert 2")
    project.git("checkout", "-q", "anouk")

    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert out == (
        "complaints/2026/K-2026-002.yaml:1:5: nummer (id): K-2026-002 is intussen ook op main "
        "geregistreerd, voor een andere klacht; geef deze klacht een nieuw nummer met 'klacht "
        "renumber complaints/2026/K-2026-002.yaml'\n"
    )
    code, out, _ = cli(project.root, "renumber", str(mine))
    assert out == "K-2026-002 is nu K-2026-003: complaints/2026/K-2026-003.yaml\n"
    project.commit("hernummerd")
    assert cli(project.root, "check")[0] == 0
    project.git("checkout", "-q", "main")
    project.git("merge", "-q", "--no-edit", "anouk")
    assert cli(project.root, "check")[0] == 0
    assert sorted(p.name for p in (project.root / "complaints/2026").iterdir()) == [
        "K-2026-001.yaml",
        "K-2026-002.yaml",
        "K-2026-003.yaml",
    ]


def test_renumber_names_a_file_that_does_not_exist(project, cli, monkeypatch):
    monkeypatch.chdir(project.root)
    code, out, err = cli(project.root, "renumber", "complaints/2026/K-2026-009.yaml")
    assert (code, out, err) == (2, "", "klacht: complaints/2026/K-2026-009.yaml bestaat niet\n")


def test_renumber_refusal_in_english(project, cli):
    path = project.write("complaints/2026/K-2026-003.yaml", "id: [\n")
    code, _, err = cli(project.root, "--lang", "en", "renumber", str(path))
    assert code == 1
    assert err == (
        "complaints/2026/K-2026-003.yaml: cannot renumber: not a valid complaint file with one "
        "'id:' line\n"
    )


def test_renumber_refuses_a_committed_record_when_there_is_no_remote(project, cli):
    path = project.record("K-2026-003")
    project.commit("main heeft 3")
    code, _, err = cli(project.root, "renumber", str(path))
    assert code == 1
    assert err.startswith("complaints/2026/K-2026-003.yaml: deze klacht is al vastgelegd op main")
    assert path.exists() and not project.path_of("K-2026-004").exists()


def test_renumber_refuses_a_file_outside_the_register(project, cli, tmp_path):
    project.record("K-2026-001")
    project.commit("start")
    outside = tmp_path / "K-2026-009.yaml"
    outside.write_text(project.path_of("K-2026-001").read_text().replace("001", "009"))
    code, _, err = cli(project.root, "renumber", str(outside))
    assert code == 1
    assert "staat niet in de klachtenmap complaints" in err
    assert outside.exists() and not project.path_of("K-2026-002").exists()
    link = project.root / "complaints/2026/K-2026-010.yaml"
    link.symlink_to(outside)  # a link in the register to a file outside it
    assert cli(project.root, "renumber", str(link))[0] == 1
    assert outside.exists() and link.is_symlink()


def test_after_a_merge_conflict_the_advice_of_check_works_as_written(project, cli, monkeypatch):
    """Two branches registered number 2: merging gives an add/add conflict. `klacht check`
    names `klacht renumber`, which keeps main's complaint and renumbers this branch's."""
    import re
    import subprocess

    project.record("K-2026-001")
    project.commit("start")
    project.git("checkout", "-q", "-b", "anouk")
    project.record("K-2026-002", summary="Mijn klacht.")
    project.commit("Anouk registreert 2")
    project.git("checkout", "-q", "main")
    project.record("K-2026-002", summary="Klacht van een collega.")
    project.commit("collega registreert 2")
    project.git("checkout", "-q", "anouk")
    merged = subprocess.run(["git", "merge", "main"], cwd=project.root, capture_output=True)
    assert merged.returncode == 1
    monkeypatch.chdir(project.root)
    code, out, _ = cli(project.root, "check")
    assert code == 1
    command = re.search(r"'(klacht renumber [^']+)'", out).group(1).split()[1:]
    code, out, err = cli(project.root, *command)
    assert code == 0, err
    assert out == (
        "K-2026-002 is nu K-2026-003: complaints/2026/K-2026-003.yaml\n"
        "complaints/2026/K-2026-002.yaml houdt de versie van main\n"
    )
    assert err == (
        "Rond de samenvoeging af met: git add -A complaints/2026 && git commit --no-edit\n"
    )
    assert "Klacht van een collega." in project.path_of("K-2026-002").read_text()
    assert "Mijn klacht." in project.path_of("K-2026-003").read_text()
    project.git("add", "-A", "complaints/2026")
    project.git("commit", "-q", "--no-edit")
    assert cli(project.root, "check")[0] == 0
    assert cli(project.root, "audit", "--base", "main")[0] == 0


def test_a_conflict_in_one_complaint_changed_twice_is_repaired_by_hand(project, cli):
    import subprocess

    project.record("K-2026-001")
    project.commit("start")
    project.git("checkout", "-q", "-b", "anouk")
    project.record("K-2026-001", summary="Versie van Anouk.")
    project.commit("Anouk")
    project.git("checkout", "-q", "main")
    project.record("K-2026-001", summary="Versie van Ruud.")
    project.commit("Ruud")
    project.git("checkout", "-q", "anouk")
    assert subprocess.run(
        ["git", "merge", "main"], cwd=project.root, capture_output=True
    ).returncode
    text = project.path_of("K-2026-001").read_text()
    code, _, err = cli(project.root, "renumber", str(project.path_of("K-2026-001")))
    assert code == 1
    assert "herstel het bestand met de hand, een nieuw nummer is niet nodig" in err
    assert project.path_of("K-2026-001").read_text() == text


# --- A complaint with documents: its folder `complaints/<YYYY>/<ID>/` goes with the record ----

DOCS = "complaints/2026/K-2026-002"


def with_documents(project, summary: str, files: dict[str, bytes]) -> None:
    """K-2026-002 listing `files`, which are put in its folder."""
    for name, content in files.items():
        project.write(f"{DOCS}/{name}", content)
    listed = [{"file": n, "title": f"Document {n}", "date": "2026-11-18"} for n in files]
    project.record("K-2026-002", summary=summary, documents=listed)


def folder_contents(project, record_id: str) -> dict[str, bytes]:
    folder = project.root / "complaints/2026" / record_id
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_renumber_before_the_merge_moves_the_documents_in_the_same_commit(project, cli):
    from documents_util import eml, pdf

    project.record("K-2026-001")
    project.commit("start")
    project.git("checkout", "-q", "-b", "anouk")
    mine = {"brief.pdf": pdf("Brief van Anouks klant"), "mail.eml": eml()}
    with_documents(project, "Mijn klacht.", mine)
    project.commit("Anouk registreert 2, met documenten")
    project.git("checkout", "-q", "main")
    project.record("K-2026-002", summary="Klacht van een collega.")
    project.commit("collega registreert 2")
    project.git("checkout", "-q", "anouk")
    code, out, err = cli(project.root, "renumber", str(project.path_of("K-2026-002")))
    assert code == 0, err
    assert out == "K-2026-002 is nu K-2026-003: complaints/2026/K-2026-003.yaml\n"
    assert folder_contents(project, "K-2026-003") == mine
    assert not (project.root / DOCS).exists()
    # the command's advice, as written, makes one commit of the record and its documents
    advice = err.strip().split(": ", 1)[1]
    project.git("add", "-A", "complaints/2026")
    assert advice.startswith("git add -A complaints/2026 && git commit")
    project.git("commit", "-q", "-m", "K-2026-002 hernummerd naar K-2026-003")
    changed = project.git("show", "--name-status", "--no-renames", "--format=", "HEAD")
    assert sorted(changed.splitlines()) == [
        f"A\tcomplaints/2026/K-2026-003{suffix}" for suffix in (".yaml", "/brief.pdf", "/mail.eml")
    ] + [f"D\t{DOCS}{suffix}" for suffix in (".yaml", "/brief.pdf", "/mail.eml")]
    assert cli(project.root, "check")[0] == 0
    project.git("checkout", "-q", "main")
    project.git("merge", "-q", "--no-edit", "anouk")
    assert cli(project.root, "check")[0] == 0
    assert folder_contents(project, "K-2026-003") == mine
    code, out, err = cli(project.root, "audit", "--base", "HEAD~2")
    assert code == 0, out + err


def test_renumber_after_the_merge_splits_the_documents(project, cli, monkeypatch):
    """Both complaints numbered 2 have documents, one of the same name: after `klacht renumber`
    each complaint's folder holds exactly its own, in its own version."""
    import subprocess

    from documents_util import eml, pdf, png

    project.record("K-2026-001")
    project.commit("start")
    project.git("checkout", "-q", "-b", "anouk")
    mine = {"brief.pdf": pdf("Brief van Anouks klant"), "mail.eml": eml()}
    with_documents(project, "Mijn klacht.", mine)
    project.commit("Anouk registreert 2")
    project.git("checkout", "-q", "main")
    theirs = {"brief.pdf": pdf("Brief van de klant van een collega"), "foto.png": png()}
    with_documents(project, "Klacht van een collega.", theirs)
    project.commit("collega registreert 2")
    project.git("checkout", "-q", "anouk")
    assert subprocess.run(
        ["git", "merge", "main"], cwd=project.root, capture_output=True
    ).returncode
    monkeypatch.chdir(project.root)
    code, out, err = cli(project.root, "renumber", str(project.path_of("K-2026-002")))
    assert code == 0, err
    assert "Klacht van een collega." in project.path_of("K-2026-002").read_text()
    assert "Mijn klacht." in project.path_of("K-2026-003").read_text()
    assert folder_contents(project, "K-2026-002") == theirs
    assert folder_contents(project, "K-2026-003") == mine
    project.git("add", "-A", "complaints/2026")
    project.git("commit", "-q", "--no-edit")
    assert cli(project.root, "check")[0] == 0
    assert cli(project.root, "audit", "--base", "main")[0] == 0


def test_renumber_passes_a_number_whose_folder_is_there(project, cli):
    """A folder of documents left with the next number (no record): the complaint takes the
    number after it, and the folder is left as it is."""
    from documents_util import pdf

    project.record("K-2026-001")
    project.commit("start")
    project.git("checkout", "-q", "-b", "anouk")
    with_documents(project, "Mijn klacht.", {"brief.pdf": pdf()})
    project.write("complaints/2026/K-2026-003/los.pdf", pdf("los"))
    code, out, err = cli(project.root, "renumber", str(project.path_of("K-2026-002")))
    assert code == 0, err
    assert out == "K-2026-002 is nu K-2026-004: complaints/2026/K-2026-004.yaml\n"
    assert folder_contents(project, "K-2026-004") == {"brief.pdf": pdf()}
    assert folder_contents(project, "K-2026-003") == {"los.pdf": pdf("los")}


def test_renumber_refuses_a_documents_folder_that_is_a_link(project, cli, tmp_path):
    from documents_util import pdf

    project.record("K-2026-001")
    project.commit("start")
    project.git("checkout", "-q", "-b", "anouk")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "brief.pdf").write_bytes(pdf())
    record = project.record(
        "K-2026-002", documents=[{"file": "brief.pdf", "title": "B", "date": "2026-11-18"}]
    )
    (project.root / DOCS).symlink_to(elsewhere)
    before = record.read_bytes()
    code, out, err = cli(project.root, "renumber", str(record))
    assert code == 1
    assert err == (
        "complaints/2026/K-2026-002.yaml: de map met documenten complaints/2026/K-2026-002/ is "
        "geen gewone map (maar een snelkoppeling of een bestand); herstel die eerst, dan kan de "
        "klacht een nieuw nummer krijgen\n"
    )
    assert record.read_bytes() == before
    assert (project.root / DOCS).is_symlink()
    assert not project.path_of("K-2026-003").exists()
