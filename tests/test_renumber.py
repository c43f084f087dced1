"""`klacht renumber`: the way out when two branches added the same number."""

from __future__ import annotations


def test_renumber_moves_to_next_free_number_changing_only_the_id(project, cli):
    path = project.record("K-2026-003")
    project.commit("main heeft 3")
    project.git("checkout", "-q", "-b", "tak")
    original = path.read_text(encoding="utf-8").replace("te laat", "veel te laat")
    path.write_text(original, encoding="utf-8")
    code, out, err = cli(project.root, "renumber", str(path))
    assert code == 0, err
    assert out == "K-2026-003 is nu K-2026-004: complaints/2026/K-2026-004.yaml\n"
    assert not path.exists()
    moved = project.path_of("K-2026-004").read_text(encoding="utf-8")
    assert moved == original.replace("id: K-2026-003", "id: K-2026-004")
    assert cli(project.root, "check")[0] == 0


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
