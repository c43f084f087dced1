"""History from Git in one pass: authors, field changes, renames, merges, shallow clones, and a
fixed number of git processes whatever the size."""

from __future__ import annotations

import subprocess
from datetime import timedelta

from klacht import history, records

TRIAGE = {"decision": "director", "at": "2026-11-19T09:15:00+01:00", "by": "Anouk Verbeek"}


def build(project):
    project.record("K-2026-001")
    project.commit("Klacht K-2026-001 geregistreerd", "Anouk Verbeek", "2026-11-18T10:50:00+01:00")
    project.record("K-2026-001", triage=TRIAGE)
    project.commit("Beoordeeld", "Ruud de Wit", "2026-11-19T09:20:00+01:00")
    return project


def test_changes_with_authors_and_fields(project):
    build(project)
    found = history.read(project.settings())
    assert found.shallow is False
    changes = found.changes("K-2026-001")
    assert [(c.kind, c.author, c.message) for c in changes] == [
        ("added", "Anouk Verbeek", "Klacht K-2026-001 geregistreerd"),
        ("modified", "Ruud de Wit", "Beoordeeld"),
    ]
    assert changes[1].fields == (
        history.FieldChange("triage.decision", None, "director"),
        history.FieldChange("triage.at", None, "2026-11-19T09:15:00+01:00"),
        history.FieldChange("triage.by", None, "Anouk Verbeek"),
    )
    assert changes[1].date.isoformat() == "2026-11-19T09:20:00+01:00"
    (complaint,) = records.load_records(project.settings()).complaints
    assert history.registration_delay(complaint, changes) == timedelta(minutes=8)
    assert history.authors(changes) == {"Anouk Verbeek": 1, "Ruud de Wit": 1}


def test_rename_is_followed(project):
    build(project)
    project.git("mv", "complaints/2026/K-2026-001.yaml", "complaints/2026/K-2026-002.yaml")
    text = project.path_of("K-2026-002").read_text().replace("K-2026-001", "K-2026-002")
    project.path_of("K-2026-002").write_text(text)
    project.commit("Hernummerd", "Anouk Verbeek")
    found = history.read(project.settings())
    assert [c.kind for c in found.changes("K-2026-002")] == ["added", "modified", "renamed"]
    assert found.changes("K-2026-002")[2].fields == (
        history.FieldChange("id", "K-2026-001", "K-2026-002"),
    )
    assert found.changes("K-2026-001") == []


def test_merged_branches_keep_each_true_add_commit(project):
    build(project)
    project.git("checkout", "-q", "-b", "sanne")
    project.record("K-2026-002")
    sanne = project.commit("Sanne registreert 2", "Sanne de Groot")
    project.git("checkout", "-q", "main")
    project.record("K-2026-003")
    ahmed = project.commit("Ahmed registreert 3", "Ahmed El Amrani")
    project.git("merge", "-q", "--no-ff", "--no-edit", "sanne")
    found = history.read(project.settings())
    assert [(c.commit, c.author) for c in found.changes("K-2026-002")] == [
        (sanne, "Sanne de Groot")
    ]
    assert [(c.commit, c.author) for c in found.changes("K-2026-003")] == [
        (ahmed, "Ahmed El Amrani")
    ]


def test_broken_intermediate_version_does_not_break_history(project):
    build(project)
    project.path_of("K-2026-001").write_text("id: [kapot\n")
    project.commit("Kapot", "Anouk Verbeek")
    changes = history.read(project.settings()).changes("K-2026-001")
    assert [c.readable for c in changes] == [True, True, False]


def test_shallow_clone_is_reported(project, tmp_path):
    build(project)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone)], check=True
    )
    from dataclasses import replace

    settings = replace(project.settings(), root=clone)
    found = history.read(settings)
    assert found.shallow is True
    assert [c.message for c in found.changes("K-2026-001")] == ["Beoordeeld"]


def test_not_a_repository_gives_empty_history(tmp_path):
    from klacht.config import Settings

    (tmp_path / "complaints").mkdir()
    assert history.read(Settings(root=tmp_path)).by_id == {}


def test_fixed_number_of_git_processes(project, git_calls):
    for n in range(1, 31):
        project.record(f"K-2026-{n:03d}")
        project.commit(f"registreer {n}")
        project.record(f"K-2026-{n:03d}", triage=TRIAGE)
        project.commit(f"beoordeel {n}")
    git_calls.clear()
    found = history.read(project.settings())
    assert len(found.by_id) == 30
    assert sum(len(c) for c in found.by_id.values()) == 60
    assert git_calls == ["rev-parse", "log", "cat-file"]


def test_history_command(project, cli):
    build(project)
    code, out, _ = cli(project.root, "history", "K-2026-001")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith("Anouk Verbeek  geregistreerd: Klacht K-2026-001 geregistreerd")
    assert lines[0].startswith("2026-11-18 10:50  ")
    assert lines[2] == "    besluit (triage.decision): (leeg) → director"
    code, _, err = cli(project.root, "history", "K-2026-999")
    assert (code, err) == (1, "geen geschiedenis gevonden voor K-2026-999\n")
