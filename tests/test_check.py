"""`klacht check`: every rule, every bad input, asserted as exact `path:line:column: message`."""

from __future__ import annotations

import errno
import json
import os

import pytest

HEADER = "# yaml-language-server: $schema=../../schema/complaint.schema.json\n"


def record_text(record_id: str, **replace: str) -> str:
    text = (
        HEADER + f"id: {record_id}\n"
        "received: 2026-11-18T10:42:00+01:00\n"
        "received_by: Anouk Verbeek\n"
        "customer:\n"
        "  name: Fictief Bedrijf B.V.\n"
        '  phone: "+31 73 123 4567"\n'
        "summary: Rapportage te laat.\n"
    )
    for old, new in replace.items():
        assert old.replace("_", " ") in text or old in text
        text = text.replace(old, new)
    return text


def write(project, record_id: str, text: str, folder: str | None = None) -> None:
    year = folder or record_id.split("-")[1]
    project.write(f"complaints/{year}/{record_id}.yaml", text)


# (file id, file text, expected lines of output)
CASES = [
    (
        "K-2026-002",
        record_text("K-2026-002").replace('"+31 73 123 4567"', "0731234567"),
        "complaints/2026/K-2026-002.yaml:7:10: telefoonnummer klant (customer.phone): 0731234567 "
        'is gelezen als getal, niet als tekst; zet het tussen aanhalingstekens: "0731234567"',
    ),
    (
        "K-2026-003",
        record_text("K-2026-003").replace("2026-11-18T10:42:00+01:00", "2026-11-18"),
        "complaints/2026/K-2026-003.yaml:3:11: ontvangen (received): '2026-11-18' is alleen een "
        "datum; schrijf ook de tijd, bijvoorbeeld 2026-11-18T09:30",
    ),
    (
        "K-2026-004",
        record_text("K-2026-004").replace("Fictief Bedrijf B.V.", "no"),
        "complaints/2026/K-2026-004.yaml:6:9: naam klant (customer.name): no is gelezen als "
        'ja/nee-waarde, niet als tekst; zet het tussen aanhalingstekens: "no"',
    ),
    (
        "K-2026-005",
        record_text("K-2026-005").replace("2026-11-18T10:42:00+01:00", "2026-02-30T10:00"),
        "complaints/2026/K-2026-005.yaml:3:11: ontvangen (received): '2026-02-30T10:00' bestaat "
        "niet op de kalender",
    ),
    (
        "K-2026-006",
        record_text("K-2026-006") + "closed: 2026-11-21\nhandling:\n  handler: R. de Wit\n",
        "complaints/2026/K-2026-006.yaml:9:1: gesloten (closed): een gesloten klacht heeft een "
        "volledige afhandeling nodig; vul nog in: oorzaak, oplossing, klant akkoord, datum "
        "afhandeling",
    ),
    (
        "K-2026-007",
        record_text("K-2026-007") + "severity: hoog\nnotes: x\n",
        "complaints/2026/K-2026-007.yaml:9:11: ernst (severity): 'hoog' is geen geldige waarde; "
        "kies uit: normal (normaal), serious (ernstig)\n"
        "complaints/2026/K-2026-007.yaml:10:1: notes: onbekend veld 'notes'; controleer de "
        "spelling (velden staan in het schema)",
    ),
    (
        "K-2026-008",
        record_text("K-2026-009"),
        "complaints/2026/K-2026-008.yaml:2:5: nummer (id): klachtnummer K-2026-009 past niet bij "
        "de bestandsnaam K-2026-008.yaml; die moet K-2026-009.yaml zijn",
    ),
    (
        "K-2026-010",
        record_text("K-2026-010").replace("+31 73 123 4567", "12345"),
        "complaints/2026/K-2026-010.yaml:7:10: telefoonnummer klant (customer.phone): '12345' is "
        'geen geldig telefoonnummer; schrijf bijvoorbeeld "073-1234567" of "+31 73 123 4567"',
    ),
    (
        "K-2026-011",
        record_text("K-2026-011")
        + "handling:\n  date: 21-11-2026\n  customer_agrees: ja\ncategory: klachtje\n",
        "complaints/2026/K-2026-011.yaml:10:9: datum afhandeling (handling.date): '21-11-2026' "
        "staat in de verkeerde volgorde; schrijf jaar-maand-dag: 2026-11-21\n"
        "complaints/2026/K-2026-011.yaml:11:20: klant akkoord (handling.customer_agrees): "
        "schrijf true (ja) of false (nee), zonder aanhalingstekens; nu staat er 'ja'\n"
        "complaints/2026/K-2026-011.yaml:12:11: categorie (category): 'klachtje' is geen bekende "
        "categorie; kies uit: communication (communicatie), quality (kwaliteit), timeliness "
        "(tijdigheid), invoice (factuur), privacy, conduct (bejegening), other (overig)",
    ),
    (
        "K-2026-012",
        record_text("K-2026-012").replace("2026-11-18T10:42:00+01:00", "2026-03-29T02:30"),
        "complaints/2026/K-2026-012.yaml:3:11: ontvangen (received): '2026-03-29T02:30' bestaat "
        "niet: de klok sprong toen een uur vooruit (zomertijd); controleer de tijd",
    ),
    (
        "K-2026-013",
        record_text("K-2026-013").replace("2026-11-18T10:42:00+01:00", "2026-10-25T02:30"),
        "complaints/2026/K-2026-013.yaml:3:11: ontvangen (received): '2026-10-25T02:30' kwam twee "
        "keer voor (einde zomertijd); geef de tijdzone erbij, +02:00 of +01:00",
    ),
    (
        "K-2026-014",
        record_text("K-2026-014").replace("received_by: Anouk Verbeek\n", ""),
        "complaints/2026/K-2026-014.yaml:2:1: aangenomen door (received_by): ontbreekt; dit veld "
        "is verplicht",
    ),
    (
        "K-2026-015",
        record_text("K-2026-015")
        + "triage:\n  decision: self\n  at: 2026-11-17T09:00\n  by: Anouk\ncategory: klachtje\n",
        "complaints/2026/K-2026-015.yaml:11:7: beoordeeld op (triage.at): '2026-11-17T09:00' ligt "
        "vóór ontvangen; controleer de datum\n"
        "complaints/2026/K-2026-015.yaml:13:11: categorie (category): 'klachtje' is geen bekende "
        "categorie; kies uit: communication (communicatie), quality (kwaliteit), timeliness "
        "(tijdigheid), invoice (factuur), privacy, conduct (bejegening), other (overig)",
    ),
    (
        "K-2026-016",
        record_text("K-2026-016").replace(
            "summary: Rapportage te laat.\n", "summary: a\nsummary: b\n"
        ),
        "complaints/2026/K-2026-016.yaml:9:1: veld 'summary' staat twee keer in hetzelfde blok; laat "
        "er één staan (anders gaat er een waarde verloren)",
    ),
    (
        "K-2026-017",
        record_text("K-2026-017").replace(
            "summary: Rapportage te laat.", "summary: Let op: te laat"
        ),
        "complaints/2026/K-2026-017.yaml:8:16: deze tekst bevat een dubbele punt met een spatie "
        "erna, en dat leest YAML als een nieuw veld; zet de hele tekst tussen aanhalingstekens, "
        'bijvoorbeeld "Let op: te laat"',
    ),
    (
        "K-2026-018",
        record_text("K-2026-018").replace("Anouk Verbeek", "&a Anouk") + "handled_by: *a\n",
        "complaints/2026/K-2026-018.yaml:4:14: ankers en verwijzingen (& en *) zijn niet "
        "toegestaan; schrijf de waarde voluit",
    ),
    (
        "K-2026-019",
        record_text("K-2026-019").replace(
            "Rapportage te laat.", "!!python/object/apply:os.system [ls]"
        ),
        "complaints/2026/K-2026-019.yaml:8:10: de markering !!python/object/apply:os.system is "
        "niet toegestaan; schrijf een gewone waarde",
    ),
    ("K-2026-020", "", "complaints/2026/K-2026-020.yaml:1:1: bestand is leeg"),
    (
        "K-2026-021",
        record_text("K-2026-021").replace("Fictief Bedrijf", "Caf\udce9"),
        "complaints/2026/K-2026-021.yaml:6:12: bestand is geen UTF-8 (byte 0xe9); sla het op als "
        "UTF-8, zodat letters als ë goed blijven",
    ),
    (
        "K-2026-022",
        record_text("K-2026-022") + "# " + "x" * 300_000 + "\n",
        "complaints/2026/K-2026-022.yaml:1:1: bestand is te groot (293 KB; hooguit 256 KB); een "
        "klacht past in een klein bestand",
    ),
    (
        "K-2026-023",
        record_text("K-2026-023").replace(
            "Rapportage te laat.", "Te laat.\n<<<<<<< HEAD\n=======\n>>>>>>> b"
        ),
        "complaints/2026/K-2026-023.yaml:9:1: dit bestand bevat een Git-conflict (<<<<<<<): twee "
        "takken gaven een klacht hetzelfde nummer of wijzigden dezelfde klacht; zijn het twee "
        "verschillende klachten, dan geeft 'klacht renumber complaints/2026/K-2026-023.yaml' die "
        "van uw tak een nieuw nummer en lost het conflict op; anders herstelt u het bestand met "
        "de hand",
    ),
    (
        "K-2026-024",
        record_text("K-2026-024").replace("+31 73 123 4567", "12345")
        + "notes: x\ntriage:\n  decision: self\n  at: 2026-11-17T09:00\n  by: Anouk\n",
        "complaints/2026/K-2026-024.yaml:7:10: telefoonnummer klant (customer.phone): '12345' is "
        'geen geldig telefoonnummer; schrijf bijvoorbeeld "073-1234567" of "+31 73 123 4567"\n'
        "complaints/2026/K-2026-024.yaml:9:1: notes: onbekend veld 'notes'; controleer de "
        "spelling (velden staan in het schema)\n"
        "complaints/2026/K-2026-024.yaml:12:7: beoordeeld op (triage.at): '2026-11-17T09:00' ligt "
        "vóór ontvangen; controleer de datum",
    ),
    (
        "K-2026-025",
        record_text("K-2026-025").replace('"+31 73 123 4567"', "bel via receptie")
        + "severity: no\n",
        "complaints/2026/K-2026-025.yaml:7:10: telefoonnummer klant (customer.phone): 'bel via "
        'receptie\' is geen geldig telefoonnummer; schrijf bijvoorbeeld "073-1234567" of '
        '"+31 73 123 4567"\n'
        "complaints/2026/K-2026-025.yaml:9:11: ernst (severity): no wordt gelezen als nee/false, "
        "niet als tekst; kies uit: normal (normaal), serious (ernstig)",
    ),
    (
        "K-2026-026",
        record_text("K-2026-026")
        + "channel: telefoon\ntriage:\n  decision: directeur\n  at: 2026-11-18T11:00\n  by: A\n",
        "complaints/2026/K-2026-026.yaml:9:10: kanaal (channel): 'telefoon' is geen geldige "
        "waarde; kies uit: phone (telefoon), email (e-mail), letter (brief), in_person "
        "(persoonlijk), other (anders)\n"
        "complaints/2026/K-2026-026.yaml:11:13: besluit (triage.decision): 'directeur' is geen "
        "geldige waarde; kies uit: self (zelf afgehandeld), director (naar directeur)",
    ),
    (
        "K-2026-027",
        record_text("K-2026-027")
        + "closed: 2026-11-21\nhandling:\n  handler: R. de Wit\n  cause: c\n  solution: s\n"
        "  customer_agrees: nee\n  date: 2026-11-21\n",
        "complaints/2026/K-2026-027.yaml:14:20: klant akkoord (handling.customer_agrees): "
        "schrijf true (ja) of false (nee), zonder aanhalingstekens; nu staat er 'nee'",
    ),
    (
        "K-2026-028",
        record_text("K-2026-028")
        + 'closed: 2026-11-21\nhandling:\n  handler: R. de Wit\n  customer_agrees: "true"\n',
        "complaints/2026/K-2026-028.yaml:9:1: gesloten (closed): een gesloten klacht heeft een "
        "volledige afhandeling nodig; vul nog in: oorzaak, oplossing, datum afhandeling\n"
        "complaints/2026/K-2026-028.yaml:12:20: klant akkoord (handling.customer_agrees): "
        "schrijf true (ja) of false (nee), zonder aanhalingstekens; nu staat er 'true'",
    ),
    (
        "K-2026-029",
        record_text("K-2026-029")
        + "mediation:\n  referred: 2026-12-02\n  ruling: Gegrond.\n  ruling_date: 2026-11-30\n",
        "complaints/2026/K-2026-029.yaml:12:16: datum uitspraak (mediation.ruling_date): "
        "'2026-11-30' ligt vóór doorverwezen op; controleer de datum",
    ),
    (
        "K-2026-030",
        record_text("K-2026-030")
        + "prevention:\n  measures:\n    - action: Tweede planner.\n      done: 2026-11-01\n",
        "complaints/2026/K-2026-030.yaml:12:13: uitgevoerd op (prevention.measures.0.done): "
        "'2026-11-01' ligt vóór ontvangen; controleer de datum",
    ),
    (
        "K-2026-031",
        record_text("K-2026-031") + "withdrawn:\n  date: 2026-11-17\n  reason: Dubbel.\n",
        "complaints/2026/K-2026-031.yaml:10:9: datum intrekking (withdrawn.date): '2026-11-17' "
        "ligt vóór ontvangen; controleer de datum",
    ),
    (
        "K-2026-032",
        record_text("K-2026-032") + "severity:\ncategory: 5\nhandling:\n  date: 2026-11-31\n",
        "complaints/2026/K-2026-032.yaml:9:10: ernst (severity): is leeg; kies uit: normal "
        "(normaal), serious (ernstig)\n"
        "complaints/2026/K-2026-032.yaml:10:11: categorie (category): 5 is gelezen als getal, niet "
        'als tekst; zet het tussen aanhalingstekens: "5"\n'
        "complaints/2026/K-2026-032.yaml:12:9: datum afhandeling (handling.date): '2026-11-31' "
        "bestaat niet op de kalender",
    ),
    (
        "K-2026-033",
        record_text("K-2026-033").replace("  phone:", "\tphone:"),
        "complaints/2026/K-2026-033.yaml:7:1: hier staat een tab; spring in met spaties",
    ),
    (
        "K-2026-034",
        record_text("K-2026-034").replace("summary: Rapportage", 'summary: "Rapportage'),
        "complaints/2026/K-2026-034.yaml:8:10: dit aanhalingsteken wordt nergens afgesloten; zet "
        "hetzelfde aanhalingsteken aan het eind van de tekst",
    ),
    (
        "K-2026-035",
        record_text("K-2026-035").replace("  phone:", "    phone:"),
        "complaints/2026/K-2026-035.yaml:7:10: de inspringing klopt hier niet; velden van "
        "hetzelfde blok beginnen precies onder elkaar, velden binnen een blok springen met spaties "
        "verder in",
    ),
    (
        "K-2026-036",
        record_text("K-2026-036").replace("Rapportage te laat.", "[concept] te laat"),
        "complaints/2026/K-2026-036.yaml:8:20: na de waarde staat nog tekst; begint de tekst met "
        "een aanhalingsteken, [ of {, zet dan de hele tekst tussen aanhalingstekens (een ' binnen "
        "'...' schrijf je als '')",
    ),
]


@pytest.mark.parametrize(("record_id", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_bad_record_gives_its_exact_message(project, cli, record_id, text, expected):
    data = text.encode("utf-8", "surrogateescape")
    project.write(f"complaints/2026/{record_id}.yaml", data)
    code, out, err = cli(project.root, "check")
    assert out.strip() == expected
    assert code == 1
    assert err.strip() == "1 klachtbestand gecontroleerd, 1 klachtbestand met fouten."


def test_closed_without_handling(project, cli):
    write(project, "K-2026-001", record_text("K-2026-001") + "closed: 2026-11-21\n")
    code, out, _ = cli(project.root, "check")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-001.yaml:9:1: gesloten (closed): een gesloten klacht heeft een "
        "volledige afhandeling nodig; vul nog in: afhandeling\n",
    )


def test_valid_records_pass(project, cli):
    project.record("K-2026-001")
    project.record(
        "K-2026-002", customer={"name": "Zoë", "phone": "073-1234567", "email": "zoë@example.nl"}
    )
    code, out, err = cli(project.root, "check")
    assert (code, out, err) == (0, "", "2 klachtbestanden gecontroleerd: alles in orde.\n")


def test_repo_examples_pass(cli):
    from conftest import REPO

    code, out, _ = cli(REPO, "check", "--no-cache")
    assert (code, out) == (0, "")


def test_id_in_wrong_year_folder_and_year(project, cli):
    project.write("complaints/2025/K-2026-001.yaml", record_text("K-2026-001"))
    project.write("complaints/2025/K-2025-002.yaml", record_text("K-2025-002"))
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert out.splitlines() == [
        "complaints/2025/K-2025-002.yaml:2:5: nummer (id): klachtnummer K-2025-002 past niet bij "
        "het jaar van ontvangst (2026)",
        "complaints/2025/K-2026-001.yaml:2:5: nummer (id): klachtnummer K-2026-001 hoort in de map "
        "van zijn jaar, niet in '2025'",
    ]


def test_duplicate_ids_across_files(project, cli):
    write(project, "K-2026-001", record_text("K-2026-001"))
    project.write("complaints/2026/K-2026-001-kopie.yaml", record_text("K-2026-001"))
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert (
        "complaints/2026/K-2026-001.yaml:2:5: nummer (id): klachtnummer K-2026-001 komt ook voor "
        "in complaints/2026/K-2026-001-kopie.yaml; geef één van beide een nieuw nummer met 'klacht "
        "renumber complaints/2026/K-2026-001.yaml'"
    ) in out.splitlines()


def test_english_messages(project, cli, monkeypatch):
    write(project, "K-2026-001", record_text("K-2026-001").replace("+31 73 123 4567", "12345"))
    monkeypatch.setenv("KLACHT_LANG", "en")
    code, out, err = cli(project.root, "check")
    assert code == 1
    assert out == (
        "complaints/2026/K-2026-001.yaml:7:10: customer phone (customer.phone): '12345' is not a "
        'valid phone number; write for example "073-1234567" or "+31 73 123 4567"\n'
    )
    assert err == "1 complaint file checked, 1 complaint file with errors.\n"


def test_github_and_json_formats(project, cli):
    write(project, "K-2026-001", record_text("K-2026-001").replace("+31 73 123 4567", "12,5%"))
    code, out, _ = cli(project.root, "check", "--format", "github")
    assert code == 1
    assert out.strip() == (
        "::error file=complaints/2026/K-2026-001.yaml,line=7,col=10,title=Klachtenregister::"
        "telefoonnummer klant (customer.phone): '12,5%25' is geen geldig telefoonnummer; schrijf "
        'bijvoorbeeld "073-1234567" of "+31 73 123 4567"'
    )
    code, out, _ = cli(project.root, "check", "--format", "json")
    assert json.loads(out) == [
        {
            "path": "complaints/2026/K-2026-001.yaml",
            "line": 7,
            "column": 10,
            "field": "customer.phone",
            "code": "rule.phone",
            "message": "telefoonnummer klant (customer.phone): '12,5%' is geen geldig "
            'telefoonnummer; schrijf bijvoorbeeld "073-1234567" of "+31 73 123 4567"',
        }
    ]


def test_english_enum_shows_the_keys_only(project, cli, monkeypatch):
    write(project, "K-2026-001", record_text("K-2026-001") + "channel: telefoon\nseverity: no\n")
    monkeypatch.setenv("KLACHT_LANG", "en")
    code, out, _ = cli(project.root, "check")
    assert (code, out.splitlines()) == (
        1,
        [
            "complaints/2026/K-2026-001.yaml:9:10: channel: 'telefoon' is not a valid value; "
            "choose from: phone, email, letter, in_person, other",
            "complaints/2026/K-2026-001.yaml:10:11: severity: no is read as no/false, not as "
            "text; choose from: normal, serious",
        ],
    )


def test_missing_file_in_dutch(project, cli):
    code, out, _ = cli(project.root, "check", str(project.path_of("K-2026-404")))
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-404.yaml:1:1: bestand bestaat niet; controleer de naam en de map\n",
    )


def test_check_given_paths_only(project, cli):
    write(project, "K-2026-001", record_text("K-2026-001"))
    bad = project.write("complaints/2026/K-2026-002.yaml", "")
    code, _, err = cli(project.root, "check", str(project.path_of("K-2026-001")))
    assert (code, err) == (0, "1 klachtbestand gecontroleerd: alles in orde.\n")
    code, out, _ = cli(project.root, "check", str(bad))
    assert (code, out) == (1, "complaints/2026/K-2026-002.yaml:1:1: bestand is leeg\n")


def test_a_cached_check_imports_no_validator_phone_library_or_process_pool(project):
    """What a run with every file cached does not need, it does not load (start-up is most of
    its time)."""
    import subprocess
    import sys

    project.record("K-2026-001")
    probe = (
        "import sys; from klacht.cli import main; code = main(['--root', sys.argv[1], 'check']); "
        "print(code, sorted(m for m in ('jsonschema_rs', 'phonenumbers', 'concurrent.futures."
        "process') if m in sys.modules))"
    )
    run = [sys.executable, "-c", probe, str(project.root)]
    cold = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    warm = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert cold == "0 ['jsonschema_rs', 'phonenumbers']\n"
    assert warm == "0 []\n"


# --- Hostile trees: nothing hangs, crashes or is skipped silently -----------------------------


def test_a_deeply_nested_record_is_a_problem_in_every_command(project, cli):
    project.record("K-2026-001")
    deep = record_text("K-2026-002").replace("summary: Rapportage te laat.\n", "")
    project.write("complaints/2026/K-2026-002.yaml", deep + "severity: " + "[" * 400 + "]" * 400)
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert out.startswith("complaints/2026/K-2026-002.yaml:8:")
    assert "dieper genest dan een klacht ooit gaat" in out
    code, out, err = cli(project.root, "deadlines", "--now", "2026-11-19T12:00+01:00")
    assert "1 klachtbestand met fouten" in err and "K-2026-001" in out
    assert cli(project.root, "register", "--now", "2026-11-19T12:00+01:00")[0] == 0


def test_a_fifo_does_not_hang_the_check(project, cli):
    project.record("K-2026-001")
    os.mkfifo(project.root / "complaints/2026/K-2026-002.yaml")
    code, out, _ = cli(project.root, "check")  # would block for ever opening the FIFO
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-002.yaml:1:1: dit is geen gewoon bestand (maar bijvoorbeeld een "
        "pipe of apparaat); verwijder het\n",
    )
    assert cli(project.root, "check")[1] == out  # from the cache too


def test_links_are_refused_not_followed_or_skipped(project, cli, tmp_path):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "K-2025-001.yaml").write_text(record_text("K-2025-001"), encoding="utf-8")
    project.record("K-2026-001")
    (project.root / "complaints/2025").symlink_to(outside)
    (project.root / "complaints/2026/K-2026-002.yaml").symlink_to(outside / "K-2025-001.yaml")
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert out.splitlines() == [
        f"complaints/{name}:1:1: dit is een snelkoppeling (symbolische link), geen gewoon bestand "
        "of gewone map; het register leest er niet doorheen: zet het bestand of de map zelf hier "
        "neer"
        for name in ("2025", "2026/K-2026-002.yaml")
    ]
    _, _, err = cli(project.root, "deadlines", "--now", "2026-11-19T12:00+01:00")
    assert "2 klachtbestanden met fouten" in err
    _, _, err = cli(project.root, "register", "--now", "2026-11-19T12:00+01:00")
    assert err == (
        "Let op: 2 klachtbestanden met fouten staan niet in het register; zie 'klacht check'.\n"
    )


def test_an_unreadable_year_folder_is_reported(project, cli, monkeypatch):
    project.record("K-2026-001")
    project.record("K-2025-001")
    locked = str(project.root / "complaints" / "2025")
    scandir = os.scandir

    def refuse(path=".", *args):  # root reads every folder: refuse this one as a user's would be
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return scandir(path, *args)

    monkeypatch.setattr(os, "scandir", refuse)
    monkeypatch.setattr(os, "open", _refusing_open(os.open, locked))
    code, out, _ = cli(project.root, "check")
    assert (code, out) == (
        1,
        "complaints/2025:1:1: geen toestemming om deze map te lezen; de klachten erin zijn niet "
        "gecontroleerd; vraag de beheerder om leesrechten\n",
    )


def _refusing_open(real_open, locked):
    def refusing(path, *args, **kwargs):
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return real_open(path, *args, **kwargs)

    return refusing


def test_a_leftover_temp_file_is_reported(project, cli):
    project.record("K-2026-001")
    project.write("complaints/2026/.klacht-0123abcd.tmp", record_text("K-2026-002"))
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert out.startswith("complaints/2026/.klacht-0123abcd.tmp:1:1: tijdelijk bestand van een ")
    assert "kan persoonsgegevens bevatten: verwijder het" in out


INJECTED = "x\n::error file=x.yaml::vals alarm\r\n::warning::ook\u2028::notice::en dit"


def _no_line_from_a_record(*outputs: str) -> None:
    for output in outputs:
        assert not [line for line in output.splitlines() if line.startswith("::")], output


def test_record_text_never_starts_a_line_of_output(project, cli):
    """A newline in record text followed by `::error …` would be a GitHub workflow command."""
    project.record(
        "K-2026-001",
        customer={"name": INJECTED, "phone": "+31 73 123 4567"},
        prevention={"needed": True, "measures": [{"action": INJECTED, "due": "2026-11-20"}]},
    )
    project.record("K-2026-002", category=INJECTED)
    project.write(f"complaints/2026/{INJECTED}.yaml", "a: b\n")
    code, out, err = cli(project.root, "check")
    assert code == 1 and "\\n::error file=x.yaml::vals alarm\\r\\n::warning::" in out
    now = ["--now", "2026-11-24T12:00+01:00"]
    _no_line_from_a_record(out, err, *cli(project.root, "deadlines", *now)[1:])
    (project.root / "complaints/2026/K-2026-002.yaml").unlink()
    (project.root / f"complaints/2026/{INJECTED}.yaml").unlink()
    code, out, err = cli(project.root, "register", *now)
    assert code == 0 and "x\\n::error file=x.yaml::vals alarm" in out
    _no_line_from_a_record(out, err)


def test_bidi_overrides_shown_in_the_csv(project):
    from datetime import datetime

    from klacht import records, register

    project.record("K-2026-001", customer={"name": "abc\u202edcb", "phone": "+31 73 123 4567"})
    settings = project.settings()
    now = datetime.fromisoformat("2026-11-24T12:00+01:00")
    rows = register.rows(records.load_records(settings).complaints, settings, now)
    csv_text = register.to_csv(rows, "nl", settings)
    assert "\u202e" not in csv_text and "abc\\u202edcb" in csv_text


CLOSED = (
    "triage:\n  decision: self\n  at: 2026-11-19T09:00:00+01:00\n  by: Anouk Verbeek\n"
    "handling:\n  handler: R. de Wit\n  cause: Ziekte.\n  solution: Nagestuurd.\n"
    "  customer_agrees: true\n  date: 2026-11-20\nclosed: 2026-11-20\n"
)


def test_corrections_dated_before_received_or_blank_are_refused(project, cli):
    corrections = (
        "corrections:\n"
        "  - {date: 2026-11-17, by: R. de Wit, reason: Oorzaak aangevuld.}\n"
        "  - {date: 2026-11-21, by: '  ', reason: ' '}\n"
    )
    write(project, "K-2026-001", record_text("K-2026-001") + CLOSED + corrections)
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert [line.split(": ", 1)[0] for line in out.splitlines()] == [
        "complaints/2026/K-2026-001.yaml:21:12",
        "complaints/2026/K-2026-001.yaml:22:28",
        "complaints/2026/K-2026-001.yaml:22:42",
    ]
    assert "'2026-11-17' ligt vóór ontvangen" in out
    assert "bevat alleen spaties; vul in wie de correctie maakte en waarom" in out


def test_a_correction_in_the_future_is_refused_until_its_day(project, cli, monkeypatch):
    """The check cache is keyed by content; this finding depends on the day too, so a file that
    has it is checked anew each run (and no other file loses its cached result)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from klacht import records

    tomorrow = datetime.now(ZoneInfo("Europe/Amsterdam")).date() + timedelta(days=1)
    correction = f"corrections:\n  - {{date: {tomorrow}, by: R. de Wit, reason: Aangevuld.}}\n"
    write(project, "K-2026-001", record_text("K-2026-001") + CLOSED + correction)
    for _run in range(2):  # cold, then from the cache
        code, out, _ = cli(project.root, "check")
        assert code == 1 and f"'{tomorrow}' ligt in de toekomst" in out

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(days=2)

    monkeypatch.setattr(records, "datetime", Later)
    assert cli(project.root, "check")[:2] == (0, "")


def test_one_number_written_twice_is_a_duplicate(project, cli):
    write(project, "K-2026-0010", record_text("K-2026-0010"))
    write(project, "K-2026-010", record_text("K-2026-010"))
    code, out, _ = cli(project.root, "check")
    assert code == 1
    assert out.splitlines() == [
        "complaints/2026/K-2026-0010.yaml:2:5: nummer (id): klachtnummer K-2026-0010 komt "
        "ook voor in complaints/2026/K-2026-010.yaml; geef één van beide een nieuw nummer met "
        "'klacht renumber complaints/2026/K-2026-0010.yaml'",
        "complaints/2026/K-2026-010.yaml:2:5: nummer (id): klachtnummer K-2026-010 komt "
        "ook voor in complaints/2026/K-2026-0010.yaml; geef één van beide een nieuw nummer met "
        "'klacht renumber complaints/2026/K-2026-010.yaml'",
    ]


def test_dates_beyond_what_a_calendar_holds_are_refused_not_a_crash(project, cli):
    """A pause until 9999 or a triage at 9999-12-31T23:59+14:00 overflowed Python's dates in
    `deadlines`, `register` and the site."""
    far = "9999-12-31T23:59:59+14:00"
    project.record("K-2026-001", triage={"decision": "self", "at": far, "by": "R. de Wit"})
    project.record("K-2026-002", pauses=[{"from": "2026-11-19T10:00", "to": far, "reason": "x"}])
    project.record("K-2026-003", acknowledged="0001-01-01T00:00:00-12:00")
    code, out, _ = cli(project.root, "check")
    assert code == 1 and out.count("ligt niet tussen de jaren 1900 en 2999") == 3
    now = ["--now", "2026-11-24T12:00+01:00"]
    assert cli(project.root, "deadlines", *now)[0] == 0
    assert cli(project.root, "register", *now)[0] == 0
