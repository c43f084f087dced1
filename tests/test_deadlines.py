"""Clocks per complaint and `klacht deadlines` on real files."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from conftest import REPO
from klacht import deadlines, records
from klacht.model import parse_datetime

NOW = "2026-11-24T12:00+01:00"
TRIAGED = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk"}


def clocks(project, record_id="K-2026-001", now=NOW, **settings):
    s = project.settings(**settings)
    (c,) = [c for c in records.load_records(s).complaints if c.id == record_id]
    return {d.clock: d for d in deadlines.for_complaint(c, s, parse_datetime(now, s.tz))}


def test_new_complaint_runs_triage_and_resolution(project):
    project.record("K-2026-001", received="2026-11-20T16:00:00+01:00")
    found = clocks(project)
    assert set(found) == {"triage", "resolution"}
    triage = found["triage"]
    assert triage.due.isoformat() == "2026-11-24T16:00:00+01:00"
    assert (triage.state, triage.remaining) == ("near", timedelta(hours=4))
    assert triage.fraction_used == 44 / 48
    assert found["resolution"].due.isoformat() == "2026-12-18T16:00:00+01:00"
    assert found["resolution"].state == "ok"


def test_triage_overdue_and_stops_once_triaged(project):
    project.record("K-2026-001", received="2026-11-18T10:42:00+01:00")
    assert clocks(project)["triage"].state == "overdue"
    # due Friday 10:42; late by Friday's rest, Monday and Tuesday morning
    assert clocks(project)["triage"].remaining == -timedelta(hours=49, minutes=18)
    project.record("K-2026-001", triage=TRIAGED)
    assert set(clocks(project)) == {"resolution"}


def test_pause_moves_the_resolution_deadline_by_its_working_time(project):
    pause = {"from": "2026-11-02T09:00", "to": "2026-11-09T09:00", "reason": "Wacht op klant"}
    project.record(
        "K-2026-001", received="2026-10-26T13:30", triage=TRIAGED | {"at": "2026-10-27T09:00"}
    )
    before = clocks(project)["resolution"].due
    project.record(
        "K-2026-001",
        received="2026-10-26T13:30",
        triage=TRIAGED | {"at": "2026-10-27T09:00"},
        pauses=[pause],
    )
    after = clocks(project)["resolution"].due
    assert before.isoformat() == "2026-11-23T13:30:00+01:00"
    assert after.isoformat() == "2026-11-30T13:30:00+01:00"


def pauses(project, *spans, now=NOW):
    """The resolution clock of a complaint received Monday 26 October 13:30 (due Monday 23
    November 13:30 without pauses) with these pauses (from, to or None)."""
    project.record(
        "K-2026-001",
        received="2026-10-26T13:30",
        triage=TRIAGED | {"at": "2026-10-27T09:00"},
        pauses=[
            {"from": a, "reason": "Wacht op klant"} | ({"to": b} if b else {}) for a, b in spans
        ],
    )
    d = clocks(project, now=now)["resolution"]
    return d.due and d.due.isoformat(), d.state, d.remaining


def test_overlapping_pauses_count_once(project):
    # 2 Nov 09:00 to 10 Nov 09:00 together: six working days
    found = pauses(
        project, ("2026-11-02T09:00", "2026-11-09T09:00"), ("2026-11-05T09:00", "2026-11-10T09:00")
    )
    assert found == ("2026-12-01T13:30:00+01:00", "ok", timedelta(days=5, hours=1, minutes=30))


def test_pause_after_the_deadline_does_not_undo_overdue(project):
    late = -timedelta(hours=22, minutes=30)
    assert pauses(project) == ("2026-11-23T13:30:00+01:00", "overdue", late)
    ended = pauses(project, ("2026-11-24T09:00", "2026-11-24T11:00"))
    assert ended == ("2026-11-23T13:30:00+01:00", "overdue", late)
    ongoing = pauses(project, ("2026-11-24T09:00", None))
    assert ongoing == ("2026-11-23T13:30:00+01:00", "overdue", late)


def test_pause_ending_later_than_now_still_runs(project):
    # used before the pause: Monday 10:30, Tuesday to Friday, Monday 9 hours = 115.5 hours
    found = pauses(project, ("2026-11-02T09:00", "2026-11-30T09:00"))
    assert found == (None, "paused", timedelta(hours=480 - 115.5))


def test_ongoing_pause_stops_the_clock(project):
    pause = {"from": "2026-11-23T09:00", "reason": "Wacht op medische informatie"}
    project.record("K-2026-001", triage=TRIAGED, pauses=[pause])
    resolution = clocks(project)["resolution"]
    assert (resolution.state, resolution.due) == ("paused", None)
    # used: Wednesday 10:42 to Monday 09:00, less the weekend: 13:18 + 24 + 24 + 9 hours
    assert resolution.remaining == timedelta(hours=20 * 24) - timedelta(hours=70, minutes=18)


def test_mediation_closed_and_withdrawn_run_no_handling_clocks(project):
    mediation = {"referred": "2026-11-20"}
    project.record("K-2026-001", triage=TRIAGED, mediation=mediation)
    assert clocks(project) == {}
    project.record("K-2026-002", withdrawn={"date": "2026-11-19", "reason": "Dubbel"})
    assert clocks(project, "K-2026-002") == {}


def test_measures_are_watched_even_on_closed_complaints(project):
    handling = {
        "handler": "R",
        "cause": "c",
        "solution": "s",
        "customer_agrees": True,
        "date": "2026-11-20",
    }
    measures = [
        {"action": "Planner", "due": "2026-11-23"},
        {"action": "Sjabloon", "due": "2026-11-30"},
        {"action": "Klaar", "due": "2026-11-19", "done": "2026-11-19"},
    ]
    project.record(
        "K-2026-001",
        triage=TRIAGED,
        handling=handling,
        closed="2026-11-20",
        prevention={"needed": True, "measures": measures},
    )
    s = project.settings()
    (c,) = records.load_records(s).complaints
    found = deadlines.for_complaint(c, s, parse_datetime(NOW, s.tz))
    assert [(d.clock, d.detail, d.state) for d in found] == [
        ("measure", "Planner", "overdue"),
        ("measure", "Sjabloon", "near"),
    ]
    assert deadlines.due_text(found[0], s) == "2026-11-23"


def test_acknowledgement_clock_when_configured(project):
    project.record("K-2026-001", received="2026-11-23T09:00:00+01:00")
    assert "acknowledgement" not in clocks(project)
    ack = clocks(project, acknowledgement_hours=24)["acknowledgement"]
    assert (ack.due.isoformat(), ack.state) == ("2026-11-24T09:00:00+01:00", "overdue")
    project.record(
        "K-2026-001", received="2026-11-23T09:00:00+01:00", acknowledged="2026-11-23T10:00"
    )
    assert "acknowledgement" not in clocks(project, acknowledgement_hours=24)


def test_format_span():
    assert deadlines.format_span("nl", timedelta(hours=50), True) == "nog 2 werkdagen en 2 uur"
    assert deadlines.format_span("nl", timedelta(hours=48, minutes=59), True) == ("nog 2 werkdagen")
    assert deadlines.format_span("nl", -timedelta(hours=1), True) == "1 uur te laat"
    assert deadlines.format_span("nl", timedelta(minutes=40), True) == "nog 40 minuten"
    assert deadlines.format_span("nl", -timedelta(seconds=90), True) == "1 minuut te laat"
    assert deadlines.format_span("en", -timedelta(hours=24), False) == "1 day overdue"
    assert deadlines.format_span("en", timedelta(hours=73), True) == (
        "3 working days and 1 hour left"
    )


def test_labels_in_both_languages():
    assert [deadlines.clock_label("nl", c) for c in deadlines.CLOCKS] == [
        "ontvangstbevestiging",
        "beoordeling (48 uur)",
        "afhandeling",
        "preventieve maatregel",
    ]
    assert [deadlines.state_label("en", s) for s in deadlines.STATES] == [
        "overdue",
        "due soon",
        "paused",
        "on time",
    ]


EXAMPLES = """\
K-2026-001: preventieve maatregel te laat (uiterlijk 2026-10-31; 23 dagen te laat): Sjablonen zonder voorbeeldnamen opnieuw opstellen.
K-2026-010: beoordeling (48 uur) bijna verlopen (uiterlijk 2026-11-24 16:00; nog 4 uur)
K-2026-011: beoordeling (48 uur) op tijd (uiterlijk 2026-11-26 08:55; nog 1 werkdag en 20 uur)
K-2026-008: afhandeling op tijd (uiterlijk 2026-11-30 13:30; nog 4 werkdagen en 1 uur)
K-2026-010: afhandeling op tijd (uiterlijk 2026-12-18 16:00; nog 18 werkdagen en 4 uur)
K-2026-011: afhandeling op tijd (uiterlijk 2026-12-22 08:55; nog 19 werkdagen en 20 uur)
K-2026-007: preventieve maatregel op tijd (uiterlijk 2026-12-31; nog 37 dagen): Tweede planner aanwijzen voor rapportages.
1 te laat, 1 bijna verlopen, 7 termijnen in totaal.
"""


def test_deadlines_on_the_examples(cli):
    code, out, _ = cli(REPO, "deadlines", "--now", NOW)
    warning = "1 te late termijn is een waarschuwing, geen fout (instelling fail_on).\n"
    assert (code, out) == (0, EXAMPLES + warning)  # a late measure alone: a warning


def test_an_overdue_measure_alone_is_a_warning(cli):
    code, out, _ = cli(REPO, "deadlines", "--now", "2026-11-21T12:00+01:00", "--format", "json")
    items = json.loads(out)
    assert code == 0  # the measure of K-2026-001 is overdue since 31 October: not red
    assert [(i["id"], i["level"]) for i in items if i["state"] == "overdue"] == [
        ("K-2026-001", "warning")
    ]


def test_deadlines_exit_0_when_nothing_overdue(project, cli):
    project.record("K-2026-001", received="2026-11-23T09:00:00+01:00")
    code, out, _ = cli(project.root, "deadlines", "--now", NOW)
    assert code == 0
    assert out.splitlines()[-1] == "0 te laat, 0 bijna verlopen, 2 termijnen in totaal."


def test_github_annotations_are_valid_workflow_commands(cli):
    code, out, _ = cli(REPO, "deadlines", "--now", NOW, "--format", "github")
    assert code == 0
    lines = out.splitlines()
    pattern = re.compile(r"^::(error|warning) file=[^,:]+,line=\d+,col=\d+,title=[^:]+::[^\n%]*$")
    assert all(pattern.match(line) for line in lines), lines
    assert [line.split()[0] for line in lines] == ["::warning", "::warning"]
    assert lines[0].startswith("::warning file=complaints/2026/K-2026-001.yaml,line=1,col=1,")


def test_invalid_records_are_counted_on_stderr_and_the_rest_reported(project, cli):
    project.record("K-2026-001", received="2026-11-23T09:00:00+01:00")
    project.write("complaints/2026/K-2026-002.yaml", "id: K-2026-002\nreceived: gisteren\n")
    code, out, err = cli(project.root, "deadlines", "--now", NOW)
    assert code == 0
    assert out.splitlines()[0] == (
        "K-2026-001: beoordeling (48 uur) op tijd (uiterlijk 2026-11-25 09:00; nog 21 uur)"
    )
    assert err == "Let op: 1 klachtbestand met fouten is niet meegeteld; zie 'klacht check'.\n"


def test_deadlines_in_english_with_local_now(project, cli):
    project.record("K-2026-001", received="2026-11-20T16:00:00+01:00")
    code, out, _ = cli(project.root, "--lang", "en", "deadlines", "--now", "2026-11-24T16:30")
    assert (code, out) == (
        1,
        (
            "K-2026-001: triage (48 hours) overdue (due 2026-11-24 16:00; 30 minutes overdue)\n"
            "K-2026-001: resolution on time (due 2026-12-18 16:00; 17 working days and 23 hours left)\n"
            "1 overdue, 0 due soon, 2 deadlines in all.\n"
        ),
    )


def test_json_output(project, cli):
    project.record("K-2026-001", received="2026-11-20T16:00:00+01:00")
    code, out, _ = cli(project.root, "deadlines", "--now", NOW, "--format", "json")
    assert code == 0
    assert json.loads(out)[0] == {
        "id": "K-2026-001",
        "path": "complaints/2026/K-2026-001.yaml",
        "clock": "triage",
        "due": "2026-11-24T16:00:00+01:00",
        "state": "near",
        "level": "warning",
        "remaining_hours": 4.0,
        "fraction_used": 0.917,
        "detail": "",
        "message": "K-2026-001: beoordeling (48 uur) bijna verlopen (uiterlijk 2026-11-24 16:00; nog 4 uur)",
    }


def test_github_annotations_escape_the_message(project, cli):
    measures = [{"action": "50% klaar,\nrest: later", "due": "2026-11-20"}]
    project.record("K-2026-001", triage=TRIAGED, prevention={"needed": True, "measures": measures})
    code, out, _ = cli(project.root, "deadlines", "--now", NOW, "--format", "github")
    assert (code, out.splitlines()[0]) == (
        0,
        (
            "::warning file=complaints/2026/K-2026-001.yaml,line=1,col=1,"
            "title=Termijn preventieve maatregel::K-2026-001: preventieve maatregel te laat "
            "(uiterlijk 2026-11-20; 3 dagen te laat): 50%25 klaar,%0Arest: later"
        ),
    )


def test_calendar_clock_and_warning_settings(project):
    project.record("K-2026-001", received="2026-11-20T16:00:00+01:00")
    triage = clocks(project, clock="calendar")["triage"]
    assert (triage.due.isoformat(), triage.state) == ("2026-11-22T16:00:00+01:00", "overdue")
    assert clocks(project, warn_fraction=0.95)["triage"].state == "ok"
    assert clocks(project, triage_hours=24)["triage"].due.isoformat() == (
        "2026-11-23T16:00:00+01:00"
    )
    resolution = clocks(project, resolution_days=5)["resolution"]
    assert resolution.due.isoformat() == "2026-11-27T16:00:00+01:00"
