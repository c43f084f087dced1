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
