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
    assert lines[2] == "    besluit: (leeg) → naar directeur"
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
    assert out.splitlines()[2] == "    decision: (empty) → passed to director"


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
    project.record(
        "K-2026-001", triage=TRIAGE, channel="email", category="quality", summary="Samen opgelost."
    )
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
    project.git(
        "merge",
        "-q",
        "--no-edit",
        "scheef",
        env={
            "GIT_AUTHOR_DATE": "2026-11-18T12:00:00+01:00",
            "GIT_COMMITTER_DATE": "2026-11-18T12:00:00+01:00",
        },
    )
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
    commits = int(
        subprocess.run(
            ["git", "rev-list", "--count", "HEAD", "--", "complaints"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout
    )
    assert sum(len(c) for c in found.by_id.values()) == commits
    assert all(c[0].kind == "added" for c in found.by_id.values())


def crafted_commit(project, author: bytes, message: bytes) -> str:
    """A commit object written as is (Git's own commands refuse such names and subjects)."""
    tree = project.git("write-tree").strip()
    parent = project.git("rev-parse", "HEAD").strip()
    body = (
        f"tree {tree}\nparent {parent}\n".encode()
        + b"author "
        + author
        + b" 1763459400 +0100\n"
        + b"committer Test <test@example.nl> 1763459400 +0100\n\n"
        + message
    )
    sha = (
        subprocess.run(
            ["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
            cwd=project.root,
            input=body,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    project.git("update-ref", "refs/heads/main", sha)
    return sha


def test_a_crafted_subject_or_name_forges_nothing_and_crashes_nothing(project, cli):
    """Bytes 0x01 and 0x1F, a newline and a NUL in a commit's author and subject (written with
    `hash-object --literally`, as a hostile colleague could push) are text, never structure."""
    build(project)
    project.record("K-2026-001", triage=TRIAGE | {"decision": "self"})
    project.git("add", "-A")
    forged = b"Echt\x01" + b"0" * 40 + b"\x1fDirecteur\x1fd@x\x1f2020-01-01T00:00:00+00:00\x1fnep"
    sha = crafted_commit(project, b"Ev\x1fil\x01 <e@x>", forged + b"\nregel 2\n")
    project.record("K-2026-001", triage=TRIAGE)
    project.git("add", "-A")
    broken = crafted_commit(project, b"N\x00ul <n@x>", b"kapot\x00\x01\x1f")
    changes = history.read(project.settings()).changes("K-2026-001")
    assert [(c.commit, c.author, c.message) for c in changes[2:]] == [
        (sha, "Ev\x1fil\x01", forged.decode() + " regel 2"),
        (broken, "", "kapot"),
    ]
    assert changes[2].date.isoformat() == "2025-11-18T10:50:00+01:00"
    code, out, _ = cli(project.root, "history", "K-2026-001")
    assert code == 0
    assert "Directeur" not in out.splitlines()[3].split("  ")[2]  # the author column
    assert "\x01" not in out and "\x1f" not in out  # shown visibly, as all record text


def test_the_committer_date_counts_and_a_backdated_author_date_shows(project, cli):
    """Registered two weeks late, backdated to the day received: the delay is the committer's."""
    project.record("K-2026-001")  # received 2026-11-18 10:42
    project.git("add", "-A")
    project.git(
        "commit",
        "-q",
        "-m",
        "Geregistreerd",
        env={
            "GIT_AUTHOR_DATE": "2026-11-18T10:50:00+01:00",
            "GIT_COMMITTER_DATE": "2026-12-02T09:00:00+01:00",
        },
    )
    changes = history.read(project.settings()).changes("K-2026-001")
    assert changes[0].date.isoformat() == "2026-11-18T10:50:00+01:00"
    assert changes[0].committed.isoformat() == "2026-12-02T09:00:00+01:00"
    assert changes[0].apart is True
    (complaint,) = records.load_records(project.settings()).complaints
    assert history.registration_delay(complaint, changes) == timedelta(
        days=13, hours=22, minutes=18
    )
    code, out, _ = cli(project.root, "history", "K-2026-001")
    assert out.startswith("2026-11-18 10:50 (vastgelegd 2026-12-02 09:00)  ")
    pages = project.root.parent / "pages"
    assert cli(project.root, "pages", "--out", str(pages), "--now", "2026-12-03T12:00")[0] == 0
    page = (pages / "klachten/K-2026-001.md").read_text(encoding="utf-8")
    assert "18-11-2026 10:50 (vastgelegd 02-12-2026 09:00)" in page


def test_dates_a_weekend_apart_are_not_shown_twice(project, cli):
    project.record("K-2026-001")
    project.git("add", "-A")
    project.git(
        "commit",
        "-q",
        "-m",
        "Geregistreerd",
        env={
            "GIT_AUTHOR_DATE": "2026-11-20T16:00:00+01:00",  # a Friday
            "GIT_COMMITTER_DATE": "2026-11-23T09:00:00+01:00",  # the Monday after
        },
    )
    (change,) = history.read(project.settings()).changes("K-2026-001")
    assert change.apart is False
    assert cli(project.root, "history", "K-2026-001")[1].startswith("2026-11-20 16:00  ")


def test_history_replaced_by_an_orphan_commit_is_read_without_error(project):
    build(project)
    project.git("checkout", "-q", "--orphan", "nieuw")
    project.commit("Alles opnieuw", "Onbekend")
    changes = history.read(project.settings()).changes("K-2026-001")
    assert [(c.kind, c.author) for c in changes] == [("added", "Onbekend")]


CLOSED = {
    "triage": TRIAGE | {"decision": "self"},
    "handling": {
        "handler": "R. de Wit",
        "cause": "Oorzaak",
        "solution": "Oplossing",
        "customer_agrees": True,
        "date": "2026-11-20",
    },
    "closed": "2026-11-20",
}


def test_after_anonymizing_no_version_of_personal_data_is_left(project, cli):
    name, phone = "Bakkerij Geheim", "06-12398765"
    project.record("K-2026-001", customer={"name": name, "phone": phone})
    project.commit("Geregistreerd")
    project.record(
        "K-2026-001",
        customer={"name": "Bakkerij Geheim B.V.", "phone": phone, "email": "geheim@example.nl"},
    )
    project.commit("Naam en e-mail verbeterd")
    project.record(
        "K-2026-001",
        customer={"name": "Bakkerij Geheim B.V.", "phone": phone, "email": "geheim@example.nl"},
        **CLOSED,
    )
    project.commit("Gesloten")
    cache_file = project.root / ".cache/klacht/history.marshal"
    assert cli(project.root, "history", "K-2026-001")[1].count("Geheim") == 2  # not yet
    assert b"Geheim" in cache_file.read_bytes()
    assert cli(project.root, "anonymize", "--today", "2029-01-01")[0] == 0
    code, out, _ = cli(project.root, "history", "K-2026-001")  # not committed yet
    assert code == 0 and "Geheim" not in out and "12398765" not in out
    assert b"Geheim" not in cache_file.read_bytes() and b"12398765" not in cache_file.read_bytes()
    project.commit("Geanonimiseerd")
    cache_file.unlink()  # read afresh from Git: still nothing
    found = history.read(project.settings())
    text = repr(found)
    assert "Geheim" not in text and "12398765" not in text and "geheim@" not in text
    assert found.changes("K-2026-001")[-1].fields == (
        history.FieldChange("anonymized", None, "2029-01-01"),
    )
    for data in (cache_file.read_bytes(), cli(project.root, "history", "K-2026-001")[1].encode()):
        assert b"Geheim" not in data and b"12398765" not in data and b"geheim@" not in data


def test_history_suggests_the_number_meant_and_prints_labels_not_paths(project, cli):
    measure = {"action": "Checklist", "owner": "R. de Wit", "due": "2026-12-31"}
    project.record("K-2026-012", prevention={"needed": True, "measures": [measure]}, mediation=None)
    project.commit("Geregistreerd")
    project.record(
        "K-2026-012",
        prevention={"needed": True, "measures": [measure | {"done": "2026-12-20"}]},
        mediation={},
    )
    project.commit("Maatregel uitgevoerd")
    code, out, err = cli(project.root, "history", "12")
    assert (code, out) == (1, "")
    assert err == "geen geschiedenis gevonden voor 12; bedoelt u K-2026-012?\n"
    assert cli(project.root, "--lang", "en", "history", "2026-12")[2] == (
        "no history found for 2026-12; did you mean K-2026-012?\n"
    )
    code, out, _ = cli(project.root, "history", "K-2026-012")
    assert out.splitlines()[2:] == ["    uitgevoerd op (maatregelen 1): (leeg) → 2026-12-20"]


def test_after_anonymizing_the_site_and_its_search_index_show_no_personal_data(project, cli):
    from site_util import build_site

    phone = "06-12398765"
    project.record("K-2026-001", customer={"name": "Bakkerij Geheim", "phone": phone})
    project.commit("Geregistreerd")
    project.record(
        "K-2026-001", customer={"name": "Bakkerij Geheim B.V.", "phone": phone}, **CLOSED
    )
    project.commit("Gesloten")
    public = build_site(project)
    page = (public / "klachten/K-2026-001/index.html").read_text(encoding="utf-8")
    assert "Bakkerij Geheim" in page  # before: the history shows the name
    assert cli(project.root, "anonymize", "--today", "2029-01-01")[0] == 0
    project.commit("Geanonimiseerd")
    public = build_site(project)
    for folder in (public, project.root / ".cache"):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert b"Geheim" not in data and b"12398765" not in data, path


def test_a_line_break_in_a_subject_or_name_never_starts_a_line_of_output(project, cli):
    """A carriage return or form feed in a crafted subject or author name stays in its line: a
    CI log never sees `::error …` at the start of a line."""
    build(project)
    project.record("K-2026-001", triage=TRIAGE | {"decision": "self"})
    project.git("add", "-A")
    crafted_commit(project, b"Ev\ril <e@x>", b"ok\r::error file=x::nep\x0c::warning::nep\n")
    code, out, _ = cli(project.root, "history", "K-2026-001")
    assert code == 0
    assert "::error file=x::nep" in out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    assert all("\r" not in line and "\x0c" not in line for line in out.splitlines())


def test_site_history_shares_the_labels_and_leaves_out_no_op_lines(project):
    from site_util import build_site

    measure = {"action": "Checklist", "owner": "R. de Wit", "due": "2026-12-31"}
    project.record("K-2026-012", prevention={"needed": True, "measures": [measure]}, mediation=None)
    project.commit("Geregistreerd")
    project.record(
        "K-2026-012",
        prevention={"needed": True, "measures": [measure | {"done": "2026-12-20"}]},
        mediation={},
    )
    project.commit("Maatregel uitgevoerd")
    project.record(
        "K-2026-012",
        prevention={"needed": True, "measures": [measure | {"done": "2026-12-20"}]},
        mediation=None,
    )
    project.commit("Bemiddeling leeg")
    page = (build_site(project) / "klachten/K-2026-012/index.html").read_text(encoding="utf-8")
    assert "uitgevoerd op (maatregelen 1)" in page
    assert "prevention.measures" not in page
    assert "bemiddeling" not in page.split("Maatregel uitgevoerd")[1].split("</table>")[0]
    assert "bemiddeling" not in page.split("Bemiddeling leeg")[1].split("</table>")[0]
