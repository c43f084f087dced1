"""The register of open complaints: rows, and `klacht register` as text, CSV and JSON."""

from __future__ import annotations

import json
from datetime import datetime

from conftest import REPO
from klacht import records, register
from klacht.model import parse_datetime
from klacht.status import Status

NOW = "2026-11-24T12:00+01:00"
TRIAGED = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk"}
HANDLING = {
    "handler": "R. de Wit",
    "cause": "c",
    "solution": "s",
    "customer_agrees": True,
    "date": "2026-11-20",
}

TEXT = """\
nummer      ontvangen         klant                                aangenomen door  behandelaar     status           eerstvolgende termijn  termijn         dagen open  categorie     ernst
K-2026-008  2026-10-26 13:30  Zorggroep De Linde (fictief)         Sanne de Groot   Sanne de Groot  in behandeling   2026-11-30 13:30       op tijd         29          communicatie  normaal
K-2026-009  2026-11-06 16:10  Mevr. P. Bakker (fictief)            Ahmed El Amrani  R. de Wit       bij bemiddelaar                                         18          tijdigheid    ernstig
K-2026-010  2026-11-20 16:00  Transportbedrijf Hendriks (fictief)  Sanne de Groot                   nieuw            2026-11-24 16:00       bijna verlopen  4           communicatie  normaal
K-2026-011  2026-11-24 08:55  Reclamebureau Zoë & Co (fictief)     Anouk Verbeek                    nieuw            2026-11-26 08:55       op tijd         0           kwaliteit     normaal
"""


def rows(project, now=NOW):
    s = project.settings()
    return register.rows(records.load_records(s).complaints, s, parse_datetime(now, s.tz))


def test_register_text_on_the_examples(cli):
    assert cli(REPO, "register", "--now", NOW) == (0, TEXT, "")


def test_register_in_english(cli):
    code, out, _ = cli(REPO, "--lang", "en", "register", "--now", NOW)
    assert code == 0
    assert out.splitlines()[0].split() == [
        "number",
        "received",
        "customer",
        "taken",
        "by",
        "handler",
        "status",
        "next",
        "deadline",
        "deadline",
        "days",
        "open",
        "category",
        "severity",
    ]
    assert out.splitlines()[3].split() == [
        "K-2026-010",
        "2026-11-20",
        "16:00",
        "Transportbedrijf",
        "Hendriks",
        "(fictief)",
        "Sanne",
        "de",
        "Groot",
        "new",
        "2026-11-24",
        "16:00",
        "due",
        "soon",
        "4",
        "communication",
        "normal",
    ]


def test_register_lists_exactly_the_open_complaints(cli):
    code, out, _ = cli(REPO, "register", "--now", NOW, "--format", "json")
    assert code == 0
    found = json.loads(out)
    assert [(r["id"], r["status"], r["days_open"]) for r in found] == [
        ("K-2026-008", "in_progress", 29),
        ("K-2026-009", "mediation", 18),
        ("K-2026-010", "new", 4),
        ("K-2026-011", "new", 0),
    ]
    assert found[2]["next_deadline"] == {
        "clock": "triage",
        "due": "2026-11-24T16:00:00+01:00",
        "state": "near",
    }
    assert found[1]["next_deadline"] is None  # the mediator's clock is not ours
    assert found[1]["status_label"] == "bij bemiddelaar"
    assert [r["severity"] for r in found] == ["normal", "serious", "normal", "normal"]


def test_register_csv(cli):
    code, out, _ = cli(REPO, "register", "--now", NOW, "--format", "csv")
    assert code == 0
    lines = out.split("\r\n")
    assert lines[0] == (
        "nummer;ontvangen;klant;aangenomen door;behandelaar;status;eerstvolgende termijn;"
        "termijn;dagen open;categorie;ernst"
    )
    assert lines[3] == (
        "K-2026-010;2026-11-20 16:00;Transportbedrijf Hendriks (fictief);Sanne de Groot;;nieuw;"
        "2026-11-24 16:00;bijna verlopen;4;communicatie;normaal"
    )
    assert lines[2].endswith(";tijdigheid;ernstig")  # a serious complaint is marked
    assert (len(lines), lines[-1]) == (6, "")


def test_closed_and_withdrawn_are_not_in_the_register(project):
    project.record("K-2026-001", received="2026-11-20T09:00:00+01:00")
    project.record("K-2026-002", triage=TRIAGED, handling=HANDLING, closed="2026-11-20")
    project.record("K-2026-003", withdrawn={"date": "2026-11-19", "reason": "Dubbel"})
    project.record(
        "K-2026-004",
        received="2026-11-02T09:00:00+01:00",
        triage=TRIAGED | {"at": "2026-11-03T09:00:00+01:00"},
        handling=HANDLING | {"date": None},
    )
    found = rows(project)
    assert [(r.id, r.status, r.handler, r.days_open) for r in found] == [
        ("K-2026-004", Status.IN_PROGRESS, "R. de Wit", 22),
        ("K-2026-001", Status.NEW, "", 4),
    ]
    assert found[1].next_deadline.clock == "triage"
    assert found[1].path == "complaints/2026/K-2026-001.yaml"


def test_days_open_counts_local_days(project):
    project.record("K-2026-001", received="2026-11-24T08:55:00+01:00")
    # 23:30 UTC is already 25 November in Amsterdam
    assert rows(project, "2026-11-24T23:30:00+00:00")[0].days_open == 1
    assert rows(project, "2026-11-24T22:30:00+00:00")[0].days_open == 0


def test_csv_cells_are_never_formulas(project, cli):
    customer = {"name": '=HYPERLINK("http://x.example","klik")', "phone": "+31 73 123 4567"}
    project.record("K-2026-001", customer=customer, received_by="@Anouk")
    code, out, _ = cli(project.root, "register", "--now", NOW, "--format", "csv")
    assert out.split("\r\n")[1].split(";")[2:4] == [
        '"\'=HYPERLINK(""http://x.example"",""klik"")"',
        "'@Anouk",
    ]
    assert register.defuse("-5") == "-5" and register.defuse(5) == 5
    assert register.defuse("+31 6") == "'+31 6"


def test_workbook_keeps_text_as_text_and_dates_as_dates(project):
    from io import BytesIO

    from openpyxl import load_workbook

    from klacht.site import downloads

    customer = {"name": '=HYPERLINK("http://x.example","klik")', "phone": "+31 73 123 4567"}
    project.record("K-2026-001", customer=customer, received="2026-11-20T16:00:00+01:00")
    s = project.settings()
    found = rows(project)
    sheet = load_workbook(BytesIO(downloads.register_xlsx(found, "nl", s))).active
    row = [c for c in sheet[2]]
    assert (row[2].value, row[2].data_type) == ('=HYPERLINK("http://x.example","klik")', "s")
    assert row[1].value == datetime(2026, 11, 20, 16, 0)  # Dutch wall-clock time, no zone
    assert row[1].number_format == "dd-mm-yyyy hh:mm"
    assert row[6].value == datetime(2026, 11, 24, 16, 0)  # triage: 48 working hours
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:K2"
    csv = downloads.register_csv(found, "nl", s).decode("utf-8")
    assert csv.startswith("\ufeffnummer;") and "\"'=HYPERLINK(" in csv
