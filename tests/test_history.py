"""History from Git in one pass: authors, field changes, renames, merges, shallow clones, and a
fixed number of git processes whatever the size."""

from __future__ import annotations

import subprocess
from dataclasses import replace
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


def test_broken_intermediate_version_is_skipped_over(project):
    build(project)
    good = project.path_of("K-2026-001").read_text()
    project.path_of("K-2026-001").write_text("id: [kapot\n")
    project.commit("Kapot", "Anouk Verbeek")
    project.path_of("K-2026-001").write_text(good.replace("Verbeek", "Verbeek-Smit"))
    project.commit("Hersteld", "Ruud de Wit")
    changes = history.read(project.settings()).changes("K-2026-001")
    assert [(c.message, c.readable, c.fields) for c in changes[2:]] == [
        ("Kapot", False, ()),
        (
            "Hersteld",
            True,
            (
                history.FieldChange("received_by", "Anouk Verbeek", "Anouk Verbeek-Smit"),
                history.FieldChange("triage.by", "Anouk Verbeek", "Anouk Verbeek-Smit"),
            ),
        ),
    ]


def shallow_clone(project, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone)], check=True
    )
    return replace(project.settings(), root=clone)


def test_shallow_clone_is_reported_and_its_boundary_is_no_registration(project, tmp_path, cli):
    build(project)
    found = history.read(shallow_clone(project, tmp_path))
    assert found.shallow is True
    changes = found.changes("K-2026-001")
    assert [(c.message, c.kind, c.truncated) for c in changes] == [("Beoordeeld", "added", True)]
    (complaint,) = records.load_records(project.settings()).complaints
    assert history.registration_delay(complaint, changes) is None
    code, out, err = cli(tmp_path / "clone", "history", "K-2026-001")
    assert code == 0
    assert err.startswith("Let op: dit is een onvolledige kopie (shallow clone)")
    assert out.splitlines()[0].endswith(
        "Ruud de Wit  begin van de onvolledige kopie; wat hiervoor gebeurde ontbreekt: Beoordeeld"
    )


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
    assert lines[2] == "    besluit (triage.decision): (leeg) → naar directeur"
    code, _, err = cli(project.root, "history", "K-2026-999")
    assert (code, err) == (1, "geen geschiedenis gevonden voor K-2026-999\n")


def test_history_command_in_english(project, cli, monkeypatch):
    build(project)
    monkeypatch.setenv("KLACHT_LANG", "en")
    code, out, _ = cli(project.root, "history", "K-2026-001")
    assert code == 0
    assert out.splitlines()[0].endswith(
        "Anouk Verbeek  registered: Klacht K-2026-001 geregistreerd"
    )
    assert out.splitlines()[2] == "    decision (triage.decision): (empty) → passed to director"


def test_merge_shows_only_what_the_merge_itself_decided(project):
    """Two branches change the same record: the clean merge adds nothing of its own; a conflict
    resolved by hand shows the resolution, against the first parent."""
    build(project)
    project.git("checkout", "-q", "-b", "zij")
    project.record("K-2026-001", triage=TRIAGE, category="quality")
    side = project.commit("Categorie", "Sanne de Groot", "2026-11-20T10:00:00+01:00")
    project.git("checkout", "-q", "main")
    project.record("K-2026-001", triage=TRIAGE, channel="email")
    main = project.commit("Kanaal", "Ahmed El Amrani", "2026-11-20T11:00:00+01:00")
    project.git("merge", "-q", "--no-edit", "zij")
    changes = history.read(project.settings()).changes("K-2026-001")
    assert [(c.commit, c.fields) for c in changes[2:]] == [
        (side, (history.FieldChange("category", "communication", "quality"),)),
        (main, (history.FieldChange("channel", "phone", "email"),)),
    ]
    # Both sides change the summary: the conflict is resolved with a third text.
    project.git("checkout", "-q", "zij")
    project.record("K-2026-001", triage=TRIAGE, category="quality", summary="Versie van Sanne.")
    project.commit("Samenvatting zij", "Sanne de Groot", "2026-11-21T10:00:00+01:00")
    project.git("checkout", "-q", "main")
    project.record("K-2026-001", triage=TRIAGE, channel="email", summary="Versie van Ahmed.")
    project.commit("Samenvatting main", "Ahmed El Amrani", "2026-11-21T11:00:00+01:00")
    conflict = subprocess.run(["git", "merge", "-q", "zij"], cwd=project.root, capture_output=True)
    assert conflict.returncode == 1
    project.record("K-2026-001", triage=TRIAGE, channel="email", category="quality",
                   summary="Samen opgelost.")  # fmt: skip
    merge = project.commit("Samengevoegd", "Ruud de Wit", "2026-11-22T09:00:00+01:00")
    last = history.read(project.settings()).changes("K-2026-001")[-1]
    assert (last.commit, last.kind, last.author, last.fields) == (
        merge,
        "modified",
        "Ruud de Wit",
        (history.FieldChange("summary", "Versie van Ahmed.", "Samen opgelost."),),
    )


def test_order_survives_clock_skew(project):
    """A branch commit dated before its parent: still shown after the record was added."""
    project.record("K-2026-001")
    added = project.commit("Geregistreerd", "Anouk Verbeek", "2026-11-18T10:00:00+01:00")
    project.git("checkout", "-q", "-b", "scheef")
    project.record("K-2026-001", triage=TRIAGE)
    skewed = project.commit("Klok loopt achter", "Sanne de Groot", "2026-11-18T09:00:00+01:00")
    project.git("checkout", "-q", "main")
    project.record("K-2026-002")
    project.commit("Ander", "Ahmed El Amrani", "2026-11-18T11:00:00+01:00")
    project.git("merge", "-q", "--no-edit", "scheef", env={
        "GIT_AUTHOR_DATE": "2026-11-18T12:00:00+01:00",
        "GIT_COMMITTER_DATE": "2026-11-18T12:00:00+01:00",
    })  # fmt: skip
    changes = history.read(project.settings()).changes("K-2026-001")
    assert [(c.commit, c.kind) for c in changes] == [(added, "added"), (skewed, "modified")]


def test_deleted_and_restored_record_keeps_its_whole_history(project):
    build(project)
    text = project.path_of("K-2026-001").read_text()
    project.path_of("K-2026-001").unlink()
    project.commit("Per ongeluk verwijderd", "Ahmed El Amrani")
    project.path_of("K-2026-001").write_text(text)
    project.commit("Teruggezet", "Ruud de Wit")
    changes = history.read(project.settings()).changes("K-2026-001")
    assert [c.kind for c in changes] == ["added", "modified", "deleted", "added"]


def test_second_run_reads_from_the_cache_and_sees_new_commits(project, git_calls):
    build(project)
    settings = project.settings()
    first = history.read(settings)
    assert (project.root / settings.cache_dir / "history.marshal").is_file()
    git_calls.clear()
    assert history.read(settings) == first
    assert git_calls == ["rev-parse", "log", "cat-file"]
    project.record("K-2026-001", triage=TRIAGE | {"decision": "self"})
    project.commit("Zelf", "Ruud de Wit")
    assert history.read(settings).changes("K-2026-001")[-1].fields == (
        history.FieldChange("triage.decision", "director", "self"),
    )


def test_revert_to_an_earlier_version_is_compared_after_a_cached_run(project, git_calls):
    """Both versions are in the cache, their new pairing is not: one more cat-file, at most."""
    build(project)
    history.read(project.settings())
    project.record("K-2026-001")
    project.commit("Terug", "Ruud de Wit")
    git_calls.clear()
    last = history.read(project.settings()).changes("K-2026-001")[-1]
    assert [f.field for f in last.fields] == ["triage.decision", "triage.at", "triage.by"]
    assert git_calls == ["rev-parse", "log", "cat-file", "cat-file"]


def test_register_in_a_subfolder_of_the_repository(project):
    sub = project.root / "register"
    sub.mkdir()
    for name in ("complaints", "schema", "pyproject.toml"):
        (project.root / name).rename(sub / name)
    settings = replace(project.settings(), root=sub)
    project.record("K-2026-001")
    (project.root / "complaints").rename(sub / "complaints")
    project.commit("Geregistreerd")
    found = history.read(settings)
    assert [(c.kind, c.path) for c in found.changes("K-2026-001")] == [
        ("added", "complaints/2026/K-2026-001.yaml")
    ]


def test_field_changes_of_nested_values():
    old = {"mediation": None, "prevention": {"measures": [{"due": "2026-12-31", "done": None}]}}
    new = {
        "mediation": {"referred": "2026-12-02", "ruling": None},
        "prevention": {"measures": [{"due": "2026-12-31", "done": "2026-12-20"}, {"due": None}]},
    }
    assert history.field_changes(old, new) == (
        history.FieldChange("mediation.referred", None, "2026-12-02"),
        history.FieldChange("mediation.ruling", None, None),
        history.FieldChange("prevention.measures.0.done", None, "2026-12-20"),
        history.FieldChange("prevention.measures.1.due", None, None),
    )


def test_scale_fixed_processes_and_every_commit(tmp_path, git_calls):
    """200 complaints over 800 commits (fast-import): the same three processes, every commit."""
    from klacht import config, synthetic

    root = tmp_path / "groot"
    synthetic.write_project(root)
    synthetic.git_history(root, 200, 800)
    settings = config.load(root)
    git_calls.clear()
    found = history.read(settings)
    assert git_calls == ["rev-parse", "log", "cat-file"]
    assert len(found.by_id) == 200
    commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD", "--", "complaints"],
                                 cwd=root, capture_output=True, text=True).stdout)  # fmt: skip
    assert sum(len(c) for c in found.by_id.values()) == commits
    assert all(c[0].kind == "added" for c in found.by_id.values())
