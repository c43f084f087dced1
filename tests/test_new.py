"""`klacht new`: options or questions, the next free number (also on other branches), atomic
creation that never overwrites, and a clear refusal of bad input."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from klacht import loader, writing

NOW = "2026-11-24T12:00+01:00"
OPTIONS = ["--received-by", "Anouk Verbeek", "--name", "Jansen B.V.", "--phone", "0612345678"]
OPTIONS += ["--summary", "Rapportage: twee weken te laat", "--now", NOW]


def test_new_with_options_writes_a_valid_record(project, cli):
    code, out, err = cli(
        project.root, "new", *OPTIONS, "--channel", "telefoon", "--category", "factuur"
    )
    assert code == 0
    assert out == "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n"
    assert "git add complaints/2026/K-2026-001.yaml" in err
    text = project.path_of("K-2026-001").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../../schema/complaint.schema.json\n"
        "id: K-2026-001\n"
        "received: 2026-11-24T12:00:00+01:00\n"
        "received_by: Anouk Verbeek\n"
        "channel: phone\n"
        "customer:\n"
        "  name: Jansen B.V.\n"
        '  phone: "0612345678"\n'
        "summary: 'Rapportage: twee weken te laat'\n"
        "category: invoice\n"
        "severity: normal\n"
    )
    assert cli(project.root, "check")[0] == 0


def test_next_number_counts_work_tree_and_all_branches(project, cli):
    project.record("K-2026-001")
    project.commit("eerste")
    project.git("checkout", "-q", "-b", "collega")
    project.record("K-2026-007")
    project.commit("collega registreert 7")
    project.git("checkout", "-q", "main")
    project.git("update-ref", "refs/remotes/origin/andere-tak", "collega")
    project.git("branch", "-q", "-D", "collega")
    assert not project.path_of("K-2026-007").exists()
    code, out, _ = cli(project.root, "new", *OPTIONS)
    assert (code, out) == (0, "Klacht K-2026-008 geregistreerd: complaints/2026/K-2026-008.yaml\n")


def test_year_follows_received(project, cli):
    project.record("K-2025-004")
    code, out, _ = cli(project.root, "new", *OPTIONS, "--received", "31-12-2025 23:50")
    assert out == "Klacht K-2025-005 geregistreerd: complaints/2025/K-2025-005.yaml\n"
    data = loader.parse(project.path_of("K-2025-005").read_text(encoding="utf-8"))
    assert data["received"] == "2025-12-31T23:50:00+01:00"


def test_bad_phone_refused_and_nothing_written(project, cli):
    code, out, err = cli(project.root, "new", *OPTIONS[:5], "12", *OPTIONS[6:])
    assert (code, out) == (1, "")
    assert err == (
        "klacht niet geregistreerd; verbeter dit en probeer opnieuw:\n"
        "  telefoonnummer klant (customer.phone): '12' is geen geldig telefoonnummer; schrijf "
        'bijvoorbeeld "073-1234567" of "+31 73 123 4567"\n'
    )
    assert not list((project.root / "complaints").rglob("*.yaml"))


def test_bad_choice_and_time_refused(project, cli):
    code, _, err = cli(project.root, "new", *OPTIONS, "--channel", "fax")
    assert code == 1
    assert "'fax' is geen keuze uit: anders, brief, e-mail, email, in_person, letter" in err
    code, _, err = cli(project.root, "new", *OPTIONS, "--received", "gisteren")
    assert code == 1
    assert "'gisteren' is geen datum en tijd; schrijf bijvoorbeeld 2026-11-24 10:42" in err


def test_missing_fields_without_input_name_the_options(project, cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = cli(project.root, "new", "--name", "Jansen", "--now", NOW)
    assert (code, out) == (1, "")
    assert err.endswith(
        "klacht niet geregistreerd: ontbrekend: --received-by (aangenomen door), --phone "
        "(telefoonnummer klant), --summary (omschrijving)\n"
    )


def test_questions_in_dutch_and_reasked_after_a_bad_answer(project, cli, monkeypatch):
    answers = ["", "Sanne", "brief", "Klant B", "12", "", "Klacht", "", "", "073-1234567"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(answers) + "\n"))
    code, out, err = cli(project.root, "new", "--now", NOW)
    assert code == 0, err
    assert out == "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n"
    assert "Aangenomen door (uw naam): " in err
    assert "'12' is geen geldig telefoonnummer" in err
    data = loader.parse(project.path_of("K-2026-001").read_text(encoding="utf-8"))
    assert data["customer"] == {"name": "Klant B", "phone": "073-1234567"}
    assert data["channel"] == "letter"


def test_create_never_overwrites(tmp_path):
    target = tmp_path / "K-2026-001.yaml"
    writing.create(target, "eerste\n")
    with pytest.raises(FileExistsError):
        writing.create(target, "tweede\n")
    assert target.read_text() == "eerste\n"
    assert [p.name for p in tmp_path.iterdir()] == ["K-2026-001.yaml"]


def test_existing_file_is_skipped_not_overwritten(project, cli, monkeypatch):
    """A file that appears between choosing the number and writing is never overwritten."""
    from klacht import ids

    taken = project.write("complaints/2026/K-2026-001.yaml", "van een collega\n")
    real = ids.next_id
    calls = []

    def stale(settings, year, taken=()):
        calls.append(list(taken))
        return "K-2026-001" if not taken else real(settings, year, taken)

    monkeypatch.setattr(ids, "next_id", stale)
    code, out, _ = cli(project.root, "new", *OPTIONS)
    assert out == "Klacht K-2026-002 geregistreerd: complaints/2026/K-2026-002.yaml\n"
    assert taken.read_text() == "van een collega\n"
    assert calls == [[], ["K-2026-001"]]


def test_command_line_entry_point(project):
    done = subprocess.run(
        ["klacht", "--root", str(project.root), "new", *OPTIONS],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n"
