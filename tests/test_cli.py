"""The `klacht` command itself: a user's mistake is a clear message and exit status 2, never a
traceback; argparse speaks Dutch (English with --lang en); a closed pipe ends quietly."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess

import pytest

from conftest import REPO, Project
from klacht.cli import COMMANDS as COMMAND_NAMES
from klacht.cli import main

NOW = "2026-11-24T12:00+01:00"
EXAMPLE = "schrijf bijvoorbeeld 2026-11-24T12:00+01:00"
USAGE = "gebruik: klacht [-h] [--root MAP] [--lang {nl,en}] opdracht ...\n"
COMMANDS = ", ".join(repr(name) for name in COMMAND_NAMES)


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse wraps help to the terminal width: make it the same everywhere."""
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def klacht(capsys: pytest.CaptureFixture[str]):
    """Run `klacht ARGS...` in-process: (exit status, stdout, stderr), also when argparse exits."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.mark.parametrize("command", [["deadlines"], ["register"], ["new"], ["pages", "--out", "x"]])
def test_invalid_now_is_explained(project, klacht, command):
    root = str(project.root)
    assert klacht("--root", root, *command, "--now", "morgen") == (
        2,
        "",
        f"klacht: --now: 'morgen' is geen datum en tijd; {EXAMPLE}\n",
    )
    assert klacht("--root", root, *command, "--now", "2026-02-30T10:00") == (
        2,
        "",
        f"klacht: --now: '2026-02-30T10:00' bestaat niet op de kalender; {EXAMPLE}\n",
    )


def test_invalid_now_in_summer_time_gap_and_in_english(project, klacht):
    root = str(project.root)
    assert klacht("--root", root, "deadlines", "--now", "2026-03-29T02:30") == (
        2,
        "",
        "klacht: --now: '2026-03-29T02:30' bestaat niet: de klok sprong toen een uur "
        f"vooruit (zomertijd); controleer de tijd; {EXAMPLE}\n",
    )
    assert klacht("--root", root, "--lang", "en", "deadlines", "--now", "morgen") == (
        2,
        "",
        "klacht: --now: 'morgen' is not a date and time; write for example "
        "2026-11-24T12:00+01:00\n",
    )


def test_invalid_klacht_now_is_explained(project, klacht, monkeypatch, tmp_path):
    monkeypatch.setenv("KLACHT_NOW", "gisteren")
    assert klacht("--root", str(project.root), "pages", "--out", str(tmp_path / "out")) == (
        2,
        "",
        f"klacht: KLACHT_NOW: 'gisteren' is geen datum en tijd; {EXAMPLE}\n",
    )
    assert not (tmp_path / "out").exists()


def test_root_named_like_a_command(tmp_path, klacht, monkeypatch):
    project = Project(tmp_path / "register")
    project.record("K-2026-001")
    monkeypatch.chdir(tmp_path)
    code, out, _ = klacht("--root", "register", "check")
    assert (code, out) == (0, "")
    code, out, _ = klacht("--root=register", "register", "--now", NOW)
    assert code == 0
    assert out.startswith("nummer ")


@pytest.mark.parametrize("command", [["check"], ["new"], ["deadlines"], ["register"]])
def test_outside_a_register(tmp_path, klacht, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    assert klacht(*command) == (
        2,
        "",
        f"klacht: geen klachtenregister gevonden in {tmp_path.resolve()} of een map "
        "daarboven; ga naar de map van het register of geef die op met --root\n",
    )


def test_outside_a_register_in_english(tmp_path, klacht, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert klacht("--lang", "en", "check") == (
        2,
        "",
        f"klacht: no complaints register found in {tmp_path.resolve()} or a folder above "
        "it; go to the register's folder or give it with --root\n",
    )


def test_root_that_does_not_exist_or_holds_no_register(tmp_path, klacht):
    missing = str(tmp_path / "nergens")
    assert klacht("--root", missing, "check") == (2, "", f"klacht: map {missing} bestaat niet\n")
    assert klacht("--root", str(tmp_path), "new") == (
        2,
        "",
        f"klacht: geen klachtenregister in {tmp_path.resolve()}: "
        "schema/complaint.schema.json ontbreekt; geef met --root de map van het register op\n",
    )


def test_broken_settings_file_is_a_message(project, klacht):
    (project.root / "pyproject.toml").write_text("[tool.klacht\n", encoding="utf-8")
    assert klacht("--root", str(project.root), "check") == (
        2,
        "",
        "klacht: pyproject.toml: de opmaak (TOML) klopt niet; technisch: Expected ']' at "
        "the end of a table declaration (at line 1, column 13)\n",
    )


def test_settings_errors_follow_the_language(project, klacht, monkeypatch):
    """--lang, KLACHT_LANG, or the register's own `language` when that could be read."""
    settings = project.root / "pyproject.toml"
    root = str(project.root)
    settings.write_text('[tool.klacht]\nlanguage = "en"\nwarn_fraction = 80\n', encoding="utf-8")
    english = (
        "klacht: pyproject.toml: [tool.klacht] warn_fraction must be a number between 0 and 1\n"
    )
    assert klacht("--root", root, "check") == (2, "", english)
    assert klacht("--root", root, "--lang", "nl", "check") == (
        2,
        "",
        "klacht: pyproject.toml: [tool.klacht] warn_fraction moet een getal tussen 0 en 1 zijn\n",
    )
    settings.write_text('[tool.klacht]\nlanguage = "fr"\n', encoding="utf-8")
    assert klacht("--root", root, "--lang", "en", "check") == (
        2,
        "",
        "klacht: pyproject.toml: [tool.klacht] language must be 'nl' or 'en', not 'fr'\n",
    )
    settings.write_text("[tool.klacht\n", encoding="utf-8")
    monkeypatch.setenv("KLACHT_LANG", "en")
    assert klacht("--root", root, "check") == (
        2,
        "",
        "klacht: pyproject.toml: the layout (TOML) is wrong; technically: Expected ']' at "
        "the end of a table declaration (at line 1, column 13)\n",
    )


@pytest.mark.parametrize(
    ("table", "dutch", "english"),
    [
        (
            "colour = 1",
            "onbekende instelling [tool.klacht] colour",
            "unknown setting [tool.klacht] colour",
        ),
        (
            'categories = "x"',
            "[tool.klacht] categories moet een lijst zijn",
            "[tool.klacht] categories must be a list",
        ),
        (
            'timezone = "Mars/Olympus"',
            "[tool.klacht] timezone 'Mars/Olympus' is onbekend",
            "[tool.klacht] timezone 'Mars/Olympus' is unknown",
        ),
        (
            "triage_hours = 0",
            "[tool.klacht] triage_hours moet een getal groter dan 0 zijn",
            "[tool.klacht] triage_hours must be a number greater than 0",
        ),
        (
            "workdays = [0]",
            "[tool.klacht] workdays moet weekdagen 1 (maandag) t/m 7 (zondag) noemen",
            "[tool.klacht] workdays must name weekdays 1 (Monday) to 7 (Sunday)",
        ),
        (
            'extra_holidays = ["5-5"]',
            "[tool.klacht] extra_holidays: '5-5' is geen datum 'MM-DD' of 'JJJJ-MM-DD'",
            "[tool.klacht] extra_holidays: '5-5' is not a date 'MM-DD' or 'YYYY-MM-DD'",
        ),
        (
            'removed_holidays = [""]',
            "[tool.klacht] removed_holidays: '' is geen datum of naam van een feestdag",
            "[tool.klacht] removed_holidays: '' is not a date or the name of a holiday",
        ),
        (
            'holidays_country = "XX"',
            "[tool.klacht] holidays_country 'XX' is onbekend",
            "[tool.klacht] holidays_country 'XX' is unknown",
        ),
        (
            'clock = "werkdagen"',
            "[tool.klacht] clock moet 'working' of 'calendar' zijn, niet 'werkdagen'",
            "[tool.klacht] clock must be 'working' or 'calendar', not 'werkdagen'",
        ),
    ],
)
def test_every_settings_error_in_dutch_and_english(project, klacht, table, dutch, english):
    (project.root / "pyproject.toml").write_text(f"[tool.klacht]\n{table}\n", encoding="utf-8")
    root = str(project.root)
    assert klacht("--root", root, "check") == (2, "", f"klacht: pyproject.toml: {dutch}\n")
    assert klacht("--root", root, "--lang", "en", "check") == (
        2,
        "",
        f"klacht: pyproject.toml: {english}\n",
    )


def test_wrong_language_override_in_both_languages(project, monkeypatch):
    from klacht import config

    monkeypatch.setenv("KLACHT_LANG", "de")
    with pytest.raises(config.SettingsError) as caught:
        config.load(project.root)
    assert (str(caught.value), caught.value.text("en")) == (
        "taal moet 'nl' of 'en' zijn, niet 'de'",
        "language must be 'nl' or 'en', not 'de'",
    )


def test_closed_pipe_ends_quietly(project):
    """`klacht register --format csv | head -1`: no BrokenPipeError, as a SIGPIPE'd tool."""
    project.record("K-2026-001")
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            ["klacht", "--root", str(project.root), "register", "--format", "csv", "--now", NOW],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


def test_argparse_errors_in_dutch(project, klacht):
    root = str(project.root)
    assert klacht("--root", root, "frob") == (
        2,
        "",
        f"{USAGE}klacht: fout: opdracht: ongeldige keuze: 'frob' (kies uit {COMMANDS})\n",
    )
    assert klacht("--root", root, "register", "check") == (
        2,
        "",
        f"{USAGE}klacht: fout: onbekende argumenten: check\n",
    )
    assert klacht("--root", root, "history") == (
        2,
        "",
        "gebruik: klacht history [-h] [--root MAP] [--lang {nl,en}] nummer\n"
        "klacht history: fout: verplicht maar niet opgegeven: nummer\n",
    )
    assert klacht("--root", root, "register", "--now") == (
        2,
        "",
        "gebruik: klacht register [-h] [--format {text,csv,json}] [--now MOMENT] "
        "[--root MAP]\n                         [--lang {nl,en}]\n"
        "klacht register: fout: --now: hier hoort een waarde bij\n",
    )
    code, _, err = klacht("--root", root, "anonymize", "--today", "gisteren")
    assert (code, err.splitlines()[-1]) == (
        2,
        "klacht anonymize: fout: --today: ongeldige waarde: 'gisteren'",
    )
    assert klacht("--root", root, "--lang", "xx", "check") == (
        2,
        "",
        f"{USAGE}klacht: fout: --lang: ongeldige keuze: 'xx' (kies uit 'nl', 'en')\n",
    )
    assert argparse._("usage: ") == "usage: "  # argparse's own texts are left as they were


def test_argparse_errors_in_english(project, klacht):
    assert klacht("--root", str(project.root), "--lang", "en", "frob") == (
        2,
        "",
        "usage: klacht [-h] [--root FOLDER] [--lang {nl,en}] command ...\nklacht: error: "
        f"argument command: invalid choice: 'frob' (choose from {COMMANDS})\n",
    )


GLOBAL_NL = (
    "  --root MAP            map van het register (met pyproject.toml); standaard: gevonden vanaf "
    "hier\n  --lang {nl,en}        taal van de uitvoer (nl of en)\n"
)
GLOBAL_EN = (
    "  --root FOLDER         folder of the register (with pyproject.toml); default: found from "
    "here\n  --lang {nl,en}        language of the output (nl or en)\n"
)


def test_help_in_dutch_and_english(project, klacht):
    root = str(project.root)
    assert klacht("--root", root, "history", "-h") == (
        0,
        "gebruik: klacht history [-h] [--root MAP] [--lang {nl,en}] nummer\n\n"
        "toon de geschiedenis van een klacht\n\n"
        "argumenten:\n  nummer          klachtnummer, bijv. K-2026-007\n\n"
        "opties:\n  -h, --help      toon deze hulp en stop\n"
        "  --root MAP      map van het register (met pyproject.toml); standaard: gevonden vanaf "
        "hier\n  --lang {nl,en}  taal van de uitvoer (nl of en)\n",
        "",
    )
    assert klacht("--root", root, "--lang", "en", "history", "-h") == (
        0,
        "usage: klacht history [-h] [--root FOLDER] [--lang {nl,en}] number\n\n"
        "show the history of a complaint\n\n"
        "positional arguments:\n  number          complaint number, e.g. K-2026-007\n\n"
        "options:\n  -h, --help      show this help message and exit\n"
        "  --root FOLDER   folder of the register (with pyproject.toml); default: found from "
        "here\n  --lang {nl,en}  language of the output (nl or en)\n",
        "",
    )


def test_check_and_deadlines_help_in_dutch_and_english(project, klacht):
    root = str(project.root)
    fmt = "  --format {text,github,json}\n                        vorm van de uitvoer: text, github, json\n"
    fmt_en = "  --format {text,github,json}\n                        form of the output: text, github, json\n"
    check_fmt = (
        "  --format {text,github,json,gitlab}\n                        vorm van de uitvoer: "
    )
    assert klacht("--root", root, "check", "-h") == (
        0,
        "gebruik: klacht check [-h] [--format {text,github,json,gitlab}] [--no-cache] [--root MAP]\n"
        "                      [--lang {nl,en}]\n                      [pad ...]\n\n"
        "controleer de klachtbestanden\n\nargumenten:\n"
        "  pad                   bestanden of mappen (standaard: complaints/)\n\n"
        "opties:\n  -h, --help            toon deze hulp en stop\n"
        f"{check_fmt}text, github, json, gitlab\n"
        f"  --no-cache            lees alles opnieuw\n{GLOBAL_NL}",
        "",
    )
    assert klacht("--root", root, "--lang", "en", "check", "-h") == (
        0,
        "usage: klacht check [-h] [--format {text,github,json,gitlab}] [--no-cache] [--root FOLDER]\n"
        "                    [--lang {nl,en}]\n                    [path ...]\n\n"
        "check the complaint files\n\npositional arguments:\n"
        "  path                  files or folders (default: complaints/)\n\n"
        "options:\n  -h, --help            show this help message and exit\n"
        "  --format {text,github,json,gitlab}\n"
        "                        form of the output: text, github, json, gitlab\n"
        f"  --no-cache            read everything anew\n{GLOBAL_EN}",
        "",
    )
    assert klacht("--root", root, "deadlines", "-h") == (
        0,
        "gebruik: klacht deadlines [-h] [--now MOMENT] [--format {text,github,json}] "
        "[--root MAP]\n                          [--lang {nl,en}]\n\n"
        "toon de termijnen van open klachten\n\n"
        "opties:\n  -h, --help            toon deze hulp en stop\n"
        "  --now MOMENT          het huidige moment, bijv. 2026-11-24T12:00+01:00\n"
        f"{fmt}{GLOBAL_NL}",
        "",
    )
    assert klacht("--root", root, "--lang", "en", "deadlines", "-h") == (
        0,
        "usage: klacht deadlines [-h] [--now MOMENT] [--format {text,github,json}] "
        "[--root FOLDER]\n                        [--lang {nl,en}]\n\n"
        "show the deadlines of open complaints\n\n"
        "options:\n  -h, --help            show this help message and exit\n"
        "  --now MOMENT          the current moment, e.g. 2026-11-24T12:00+01:00\n"
        f"{fmt_en}{GLOBAL_EN}",
        "",
    )


def test_new_help_in_dutch_and_english(project, klacht):
    """Every placeholder in the help's language."""
    root = str(project.root)
    code, out, _ = klacht("--root", root, "new", "--help")
    assert (code, out.splitlines()[:3]) == (
        0,
        [
            "gebruik: klacht new [-h] [--received MOMENT] [--received-by NAAM] [--channel KANAAL] "
            "[--name NAAM]",
            "                    [--phone TELEFOON] [--email ADRES] [--summary TEKST] "
            "[--category CATEGORIE]",
            "                    [--severity ERNST] [--acknowledged MOMENT] [--acknowledged-by KANAAL]",
        ],
    )
    assert "  --received MOMENT     ontvangen op (standaard: nu)\n" in out
    assert "  --received-by NAAM    aangenomen door\n" in out
    assert "  --channel KANAAL      telefoon, e-mail, brief, persoonlijk of anders\n" in out
    code, out, _ = klacht("--root", root, "new", "--help", "--lang", "en")
    assert (code, out.splitlines()[:3]) == (
        0,
        [
            "usage: klacht new [-h] [--received MOMENT] [--received-by NAME] [--channel CHANNEL] "
            "[--name NAME]",
            "                  [--phone PHONE] [--email ADDRESS] [--summary TEXT] "
            "[--category CATEGORY]",
            "                  [--severity SEVERITY] [--acknowledged MOMENT] [--acknowledged-by CHANNEL]",
        ],
    )
    assert "  --received MOMENT     received at (default: now)\n" in out
    assert "  --received-by NAME    taken by\n" in out
    assert "  --channel CHANNEL     phone, e-mail, letter, in person or other\n" in out


@pytest.mark.parametrize(
    ("command", "dutch", "english"),
    [
        (
            "audit",
            "--base REVISIE [--format {text,github,json,gitlab}] [--today DATUM]",
            "--base REVISION [--format {text,github,json,gitlab}] [--today DATE]",
        ),
        (
            "anonymize",
            "[--today DATUM] [--dry-run] [--root MAP] [--lang {nl,en}]",
            "[--today DATE] [--dry-run] [--root FOLDER] [--lang {nl,en}]",
        ),
        (
            "pages",
            "--out MAP [--now MOMENT] [--theme MAP] [--root MAP] [--lang {nl,en}]",
            "--out FOLDER [--now MOMENT] [--theme FOLDER] [--root FOLDER]",
        ),  # wraps here
        (
            "renumber",
            "[--root MAP] [--lang {nl,en}] bestand",
            "[--root FOLDER] [--lang {nl,en}] file",
        ),
    ],
)
def test_placeholders_of_other_commands_in_dutch_and_english(
    project, klacht, command, dutch, english
):
    root = str(project.root)
    usage = klacht("--root", root, command, "-h")[1].splitlines()[0]
    assert usage == f"gebruik: klacht {command} [-h] {dutch}"
    usage = klacht("--root", root, command, "-h", "--lang", "en")[1].splitlines()[0]
    assert usage == f"usage: klacht {command} [-h] {english}"


def test_root_and_lang_also_after_the_command(project, klacht, tmp_path, monkeypatch):
    """Wherever they stand; given twice, the later one counts."""
    project.record("K-2026-001")
    root = str(project.root)
    assert klacht("--root", root, "check", "--lang", "en") == (
        0,
        "",
        "1 complaint file checked: all valid.\n",
    )
    assert klacht("--root", root, "--lang", "en", "check", "--lang", "nl") == (
        0,
        "",
        "1 klachtbestand gecontroleerd: alles in orde.\n",
    )
    assert klacht("--root", root, "check", "--lang", "en", "--frob") == (
        2,
        "",
        "usage: klacht [-h] [--root FOLDER] [--lang {nl,en}] command ...\n"
        "klacht: error: unrecognized arguments: --frob\n",
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = klacht("register", "--root", root, "--now", NOW)
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith("K-2026-001  2026-11-18 10:42  Fictief Bedrijf B.V.")


def test_language_of_argparse_from_environment_and_register(tmp_path, klacht, monkeypatch):
    english = Project(tmp_path / "en", 'language = "en"\n')
    error = "klacht: error: unrecognized arguments: check\n"
    assert klacht("--root", str(english.root), "register", "check")[2].endswith(error)
    assert klacht("--root", str(english.root), "--lang", "nl", "register", "check")[2].endswith(
        "klacht: fout: onbekende argumenten: check\n"
    )
    monkeypatch.chdir(english.root)
    assert klacht("register", "check")[2].endswith(error)
    dutch = Project(tmp_path / "nl")
    monkeypatch.setenv("KLACHT_LANG", "en")
    assert klacht("--root", str(dutch.root), "register", "check")[2].endswith(error)


def test_audit_outside_git_is_a_message(tmp_path, klacht):
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    (tmp_path / "pyproject.toml").write_text("[tool.klacht]\n", encoding="utf-8")
    assert klacht("--root", str(tmp_path), "audit", "--base", "main") == (
        2,
        "",
        "kan main niet lezen: fatal: not a git repository (or any of the parent "
        "directories): .git\n",
    )


def test_control_characters_from_records_are_shown_as_text(project, cli):
    """An ANSI escape in a record cannot colour, move or rewrite the terminal or a CI log."""
    customer = {"name": "Klant \x1b[2J\x1b[31mROOD\x07\rX\u202eY", "phone": "+31 73 123 4567"}
    project.record("K-2026-001", customer=customer, received="2026-11-23T09:00:00+01:00")
    code, out, _ = cli(project.root, "register", "--now", "2026-11-24T12:00+01:00")
    assert code == 0
    assert "Klant \\x1b[2J\\x1b[31mROOD\\x07\\rX\\u202eY" in out and "\x1b" not in out
    code, out, _ = cli(project.root, "register", "--now", "2026-11-24T12:00", "--format", "json")
    assert json.loads(out)[0]["customer"] == customer["name"]  # JSON keeps the data exact
