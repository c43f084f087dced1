"""`klacht new`: options or questions, the next free number (also on other branches), atomic
creation that never overwrites, and a clear refusal of bad input."""

from __future__ import annotations

import io
import os
import stat
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
        'received_by: "Anouk Verbeek"\n'
        "channel: phone\n"
        "customer:\n"
        '  name: "Jansen B.V."\n'
        '  phone: "0612345678"\n'
        'summary: "Rapportage: twee weken te laat"\n'
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
    assert err == (
        "klacht niet geregistreerd; verbeter dit en probeer opnieuw:\n"
        "  kanaal (channel): 'fax' is geen keuze; kies telefoon, e-mail, brief, persoonlijk of "
        "anders\n"
    )
    code, _, err = cli(project.root, "new", *OPTIONS, "--received", "gisteren")
    assert code == 1
    assert err == (
        "klacht niet geregistreerd; verbeter dit en probeer opnieuw:\n"
        "  ontvangen (received): 'gisteren' is geen datum met tijd; schrijf bijvoorbeeld "
        "2026-11-18T10:42\n"
    )


def test_options_refused_with_every_problem(project, cli):
    bad = ["--received", "24-11-2027 10:00", "--email", "geen-adres", "--category", "voorraad"]
    code, out, err = cli(project.root, "new", *OPTIONS[:5], "12", *OPTIONS[6:], *bad)
    assert (code, out) == (1, "")
    assert err == (
        "klacht niet geregistreerd; verbeter dit en probeer opnieuw:\n"
        "  ontvangen (received): '24-11-2027 10:00' ligt in de toekomst; controleer de datum\n"
        "  telefoonnummer klant (customer.phone): '12' is geen geldig telefoonnummer; schrijf "
        'bijvoorbeeld "073-1234567" of "+31 73 123 4567"\n'
        "  e-mailadres klant (customer.email): 'geen-adres' is geen e-mailadres\n"
        "  categorie (category): 'voorraad' is geen keuze; kies communicatie, kwaliteit, "
        "tijdigheid, factuur, privacy, bejegening of overig\n"
    )
    assert not list((project.root / "complaints").rglob("*.yaml"))


def test_problems_of_the_record_checks_carry_the_field_label(project, cli):
    """As `klacht check` shows them: the label and the field, in either language."""
    code, _, err = cli(project.root, "new", *OPTIONS, "--received", "2026-03-29 02:30")
    assert (code, err) == (
        1,
        "klacht niet geregistreerd; verbeter dit en probeer opnieuw:\n"
        "  ontvangen (received): '2026-03-29 02:30' bestaat niet: de klok sprong toen een uur "
        "vooruit (zomertijd); controleer de tijd\n",
    )
    code, _, err = cli(project.root, "--lang", "en", "new", *OPTIONS[:5], "12", *OPTIONS[6:])
    assert (code, err) == (
        1,
        "complaint not registered; correct this and try again:\n"
        "  customer phone (customer.phone): '12' is not a valid phone number; write for example "
        '"073-1234567" or "+31 73 123 4567"\n',
    )


def test_received_a_few_minutes_ahead_is_accepted(project, cli):
    code, out, _ = cli(project.root, "new", *OPTIONS, "--received", "2026-11-24 12:04")
    assert (code, out) == (0, "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n")


def test_a_date_without_a_time_is_refused_as_check_refuses_it(project, cli):
    """Never midnight: that would start the 48-hour clock hours too early."""
    code, out, err = cli(project.root, "new", *OPTIONS, "--received", "24-11-2026")
    assert (code, out) == (1, "")
    assert err == (
        "klacht niet geregistreerd; verbeter dit en probeer opnieuw:\n"
        "  ontvangen (received): '24-11-2026' is alleen een datum; schrijf ook de tijd, "
        "bijvoorbeeld 24-11-2026 09:30\n"  # the example in the form it was typed in
    )
    code, _, err = cli(project.root, "new", *OPTIONS, "--received", "2026-11-24")
    assert (code, err.splitlines()[1]) == (1, f"  {DATE_ONLY.replace('T09:30', ' 09:30')}")
    assert not list((project.root / "complaints").rglob("*.yaml"))
    project.write("complaints/2026/K-2026-001.yaml", "id: K-2026-001\nreceived: 2026-11-24\n")
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert f"complaints/2026/K-2026-001.yaml:2:11: {DATE_ONLY}" in out.splitlines()


DATE_ONLY = (
    "ontvangen (received): '2026-11-24' is alleen een datum; schrijf ook de tijd, bijvoorbeeld "
    "2026-11-24T09:30"
)


def left_empty(*options: str) -> list[str]:
    """`--option ""` for each option: answered empty, so not asked."""
    return [arg for option in options for arg in (option, "")]


RECEIVED_ASKED = "Ontvangen op (bijv. 2026-11-24 10:42; leeg = nu): "
ASKED_AGAIN = {
    "a typed date without a time": (
        ["24-11-2026", "", "Klacht"],
        [
            *OPTIONS[:6],
            "--now",
            NOW,
            *left_empty("--channel", "--email", "--category", "--severity"),
        ],
        f"{RECEIVED_ASKED}  ontvangen (received): '24-11-2026' is alleen een datum; schrijf ook "
        f"de tijd, bijvoorbeeld 24-11-2026 09:30\n{RECEIVED_ASKED}Korte omschrijving van de "
        "klacht: ",
        ("received", "2026-11-24T12:00:00+01:00"),  # empty: now
    ),
    "a bad phone number given as option": (
        ["073-1234567", "Klacht"],
        [*OPTIONS[:5], "12", "--summary", "", "--now", NOW]
        + left_empty("--received", "--channel", "--email", "--category", "--severity"),
        "  telefoonnummer klant (customer.phone): '12' is geen geldig telefoonnummer; schrijf "
        'bijvoorbeeld "073-1234567" of "+31 73 123 4567"\n'
        "Telefoonnummer klant:   omschrijving (summary): is leeg; vul een waarde in\n"
        "Korte omschrijving van de klacht: Voeg het bestand toe met: ",
        ("customer", {"name": "Jansen B.V.", "phone": "073-1234567"}),
    ),
}


@pytest.mark.parametrize(
    ("answers", "options", "asked", "field"), ASKED_AGAIN.values(), ids=list(ASKED_AGAIN)
)
def test_a_bad_answer_is_asked_again(project, cli, monkeypatch, answers, options, asked, field):
    """A wrong answer, typed or given as an option, is explained and asked again; the record is
    written with the corrected one."""
    ask(monkeypatch, answers)
    code, out, err = cli(project.root, "new", *options, *left_empty("--acknowledged"))
    assert (code, out) == (0, "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n")
    assert err.startswith(asked)
    data = loader.parse(project.path_of("K-2026-001").read_text(encoding="utf-8"))
    assert data[field[0]] == field[1]


def test_end_of_input_names_the_missing_options(project, cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = cli(project.root, "new", "--name", "Jansen", "--now", NOW)
    assert (code, out) == (1, "")
    assert err == (
        "Ontvangen op (bijv. 2026-11-24 10:42; leeg = nu): \n"
        "klacht niet geregistreerd: de invoer is afgebroken; er is niets opgeslagen\n"
        "nog niet ingevuld: --received-by (aangenomen door), --phone (telefoonnummer klant), "
        "--summary (omschrijving)\n"
    )


def test_end_of_input_midway_writes_nothing(project, cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\nSanne\nbrief\nKlant B\n073-1234567\n"))
    code, out, err = cli(project.root, "new", "--now", NOW, "--summary", "Klacht")
    assert (code, out) == (1, "")
    assert err.endswith(
        "E-mailadres klant (leeg = geen): \n"
        "klacht niet geregistreerd: de invoer is afgebroken; er is niets opgeslagen\n"
    )
    assert not list((project.root / "complaints").rglob("*.yaml"))


def ask(monkeypatch, answers: list[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{a}\n" for a in answers)))


def test_each_answer_checked_at_once_and_asked_again(project, cli, monkeypatch):
    ask(
        monkeypatch,
        [
            "30-02-2026 10:00",
            "24-11-2062 10:00",
            "24-11-2026 10:00",
            " ",
            "Sanne",
            "fax",
            "persoonlijk",
            "Klant B",
            "12",
            "073-1234567",
            "info@",
            "",
            "",
            "Klacht",
            "voorraad",
            "factuur",
            "heel erg",
            "ernstig",
            "25-11-2026 10:00",
            "24-11-2026 09:00",
            "24-11-2026 11:00",
            "fax",
            "telefoon",
        ],
    )
    code, out, err = cli(project.root, "new", "--now", NOW)
    assert code == 0, err
    assert out == "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n"
    received = "Ontvangen op (bijv. 2026-11-24 10:42; leeg = nu): "
    channel = "Kanaal: telefoon, e-mail, brief, persoonlijk of anders: "
    category = (
        "Categorie (communicatie, kwaliteit, tijdigheid, factuur, privacy, bejegening of "
        "overig; leeg = later): "
    )
    severity = "Ernst: normaal of ernstig (leeg = normaal): "
    acknowledged = (
        "Ontvangst al bevestigd aan de klant? Wanneer (bijv. 24-11-2026 11:00; leeg = nog niet): "
    )
    how = "Bevestigd per: e-mail, brief of telefoon: "
    assert err == (
        f"{received}  ontvangen (received): '30-02-2026 10:00' bestaat niet op de kalender\n"
        f"{received}  ontvangen (received): '24-11-2062 10:00' ligt in de toekomst; controleer "
        "de datum\n"
        f"{received}Aangenomen door (uw naam):   aangenomen door (received_by): is leeg; vul een "
        "waarde in\n"
        f"Aangenomen door (uw naam): {channel}  kanaal (channel): 'fax' is geen keuze; kies "
        "telefoon, e-mail, brief, persoonlijk of anders\n"
        f"{channel}Naam klant: Telefoonnummer klant:   telefoonnummer klant (customer.phone): "
        "'12' is geen geldig telefoonnummer; schrijf bijvoorbeeld \"073-1234567\" of "
        '"+31 73 123 4567"\n'
        "Telefoonnummer klant: E-mailadres klant (leeg = geen):   e-mailadres klant "
        "(customer.email): 'info@' is geen e-mailadres\n"
        "E-mailadres klant (leeg = geen): Korte omschrijving van de klacht:   omschrijving "
        "(summary): is leeg; vul een waarde in\n"
        f"Korte omschrijving van de klacht: {category}  categorie (category): 'voorraad' is geen "
        "keuze; kies communicatie, kwaliteit, tijdigheid, factuur, privacy, bejegening of overig\n"
        f"{category}{severity}  ernst (severity): 'heel erg' is geen keuze; kies normaal of "
        "ernstig\n"
        f"{severity}{acknowledged}  ontvangst bevestigd (acknowledged): '25-11-2026 10:00' ligt in "
        "de toekomst; controleer de datum\n"
        f"{acknowledged}  ontvangst bevestigd (acknowledged): '24-11-2026 09:00' ligt vóór "
        "ontvangen; controleer de datum\n"
        f"{acknowledged}{how}  ontvangst bevestigd per (acknowledged_by): 'fax' is geen keuze; "
        "kies e-mail, brief of telefoon\n"
        f"{how}"
        "Voeg het bestand toe met: git add complaints/2026/K-2026-001.yaml && git commit -m "
        '"Klacht K-2026-001 geregistreerd"\n'
    )
    data = loader.parse(project.path_of("K-2026-001").read_text(encoding="utf-8"))
    assert data == {
        "id": "K-2026-001",
        "received": "2026-11-24T10:00:00+01:00",
        "received_by": "Sanne",
        "channel": "in_person",
        "customer": {"name": "Klant B", "phone": "073-1234567"},
        "summary": "Klacht",
        "category": "invoice",
        "severity": "serious",
        "acknowledged": "2026-11-24T11:00:00+01:00",
        "acknowledged_by": "phone",
    }
    text = project.path_of("K-2026-001").read_text(encoding="utf-8")
    assert text.endswith(
        "severity: serious\nacknowledged: 2026-11-24T11:00:00+01:00\nacknowledged_by: phone\n"
    )
    assert cli(project.root, "check", "--no-cache")[0] == 0


def test_questions_in_english(project, cli, monkeypatch):
    ask(
        monkeypatch,
        ["", "Sanne", "in person", "Klant B", "073-1234567", "", "Klacht", "invoice", "", ""],
    )
    code, _, err = cli(project.root, "--lang", "en", "new", "--now", NOW)
    assert code == 0, err
    assert err.startswith(
        "Received at (e.g. 2026-11-24 10:42; empty = now): Taken by (your name): "
        "Channel: phone, e-mail, letter, in person or other: Customer name: Customer phone: "
        "Customer e-mail (empty = none): Short description of the complaint: "
        "Category (communication, quality, timeliness, invoice, privacy, conduct or other; "
        "empty = later): Severity: normal or serious (empty = normal): "
    )
    data = loader.parse(project.path_of("K-2026-001").read_text(encoding="utf-8"))
    assert (data["channel"], data["category"], data["severity"]) == (
        "in_person",
        "invoice",
        "normal",
    )


def test_create_never_overwrites(tmp_path):
    target = tmp_path / "K-2026-001.yaml"
    writing.create(target, "eerste\n")
    with pytest.raises(FileExistsError):
        writing.create(target, "tweede\n")
    assert target.read_text() == "eerste\n"
    assert [p.name for p in tmp_path.iterdir()] == ["K-2026-001.yaml"]


def test_created_file_gets_the_permissions_of_any_new_file(tmp_path):
    """Not mkstemp's 0600: colleagues and tools that read the work tree can read a record."""
    old = os.umask(0o022)
    try:
        writing.create(tmp_path / "a.yaml", "a\n")
        os.umask(0o007)
        writing.create(tmp_path / "b.yaml", "b\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.yaml").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.yaml").stat().st_mode) == 0o660
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


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
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n"


def test_the_temp_file_is_never_where_git_add_picks_it_up(project, cli, monkeypatch):
    """A killed `klacht new` left `.klacht-*.tmp` with the customer's data in complaints/."""
    seen = []
    link = os.link

    def watching(source, target):
        seen.append((source, project.git("status", "--porcelain", "--untracked-files=all")))
        return link(source, target)

    monkeypatch.setattr(os, "link", watching)
    assert cli(project.root, "new", *OPTIONS)[0] == 0
    [(temp, status)] = seen
    assert temp.startswith(str(project.root / ".git" / "klacht-tmp"))
    assert status == "?? .gitignore\n?? pyproject.toml\n?? schema/complaint.schema.json\n"


def test_leftovers_of_a_killed_write_are_removed_by_the_next(project, cli):
    scratch = project.root / ".git" / "klacht-tmp"
    scratch.mkdir()
    old, fresh = scratch / ".klacht-00.tmp", scratch / ".klacht-01.tmp"
    old.write_text("name: Jansen\n")
    fresh.write_text("name: Jansen\n")
    os.utime(old, (1, 1))  # long ago: no write still running
    assert cli(project.root, "new", *OPTIONS)[0] == 0
    assert sorted(p.name for p in scratch.iterdir()) == [".klacht-01.tmp"]


def test_new_refuses_to_write_through_a_link_out_of_the_register(project, cli, tmp_path):
    outside = tmp_path / "elders"
    outside.mkdir()
    (project.root / "complaints" / "2026").symlink_to(outside)
    code, out, err = cli(project.root, "new", *OPTIONS)
    assert (code, out) == (1, "")
    assert "complaints/2026 gaat via een snelkoppeling (symbolische link) buiten de map" in err
    assert list(outside.iterdir()) == []


def test_record_text_is_the_text_new_writes(project, cli):
    from datetime import datetime

    from klacht import registering

    settings = project.settings()
    now = datetime.fromisoformat(NOW)
    given = {"received_by": "Anouk Verbeek", "name": "Jansen B.V.", "phone": "0612345678"}
    answers = registering.answers_of({**given, "summary": "Te laat"}, settings, now)
    assert cli(project.root, "new", *OPTIONS[:6], "--summary", "Te laat", "--now", NOW)[0] == 0
    written = project.path_of("K-2026-001").read_text(encoding="utf-8")
    assert registering.record_text({**answers, "id": "K-2026-001"}) == written
    assert '  phone: "0612345678"\n' in written
