"""Golden figures of the analysis on a hand-made set of complaints (the week of 2026-11-16 has
no Dutch holidays; "now" is Friday 2026-11-27 12:00)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from klacht import stats
from klacht.config import Settings
from klacht.history import Change, FieldChange, History
from klacht.model import (
    Complaint,
    Customer,
    Handling,
    Measure,
    Mediation,
    Pause,
    Prevention,
    Triage,
    Withdrawal,
)

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=TZ)
SETTINGS = Settings(root=Path("/nonexistent"), categories=("communication", "quality", "invoice"))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def complaint(cid: str, received: str, name: str, phone: str, **fields) -> Complaint:
    year = cid.split("-")[1]
    return Complaint(
        id=cid,
        path=f"complaints/{year}/{cid}.yaml",
        received=at(received),
        received_by="Anouk Verbeek",
        customer=Customer(name, phone),
        summary="Omschrijving.",
        **{"category": "communication"} | fields,
    )


def closed_handling(agrees: bool | None, day: str) -> Handling:
    return Handling("R. de Wit", "Oorzaak.", "Oplossing.", agrees, date.fromisoformat(day))


def golden() -> list[Complaint]:
    return [
        # Triaged in 6 working hours, closed two days later: 1.5 working days.
        complaint(
            "K-2026-001",
            "2026-11-16T12:00",
            "Bakkerij Jansen B.V.",
            "+31 73 123 4567",
            triage=Triage("self", at("2026-11-16T18:00"), "Anouk Verbeek"),
            handling=closed_handling(True, "2026-11-18"),
            closed=date(2026, 11, 18),
            prevention=Prevention(
                True,
                (
                    Measure("Later", "R. de Wit", date(2026, 12, 31)),
                    Measure("Vandaag", "R. de Wit", date(2026, 11, 27)),  # due today: not overdue
                ),
            ),
        ),
        # The same customer by name (case, punctuation); Friday 16:00 to Tuesday 10:00 = 42 h.
        complaint(
            "K-2026-002",
            "2026-11-20T16:00",
            "bakkerij  jansen BV",
            "06 12345678",
            triage=Triage("director", at("2026-11-24T10:00"), "Anouk Verbeek"),
            prevention=Prevention(True, (Measure("Te laat", None, date(2026, 11, 20)),)),
        ),
        # The same customer by phone number, written differently; triaged late (72 h);
        # 16.5 working days to the closing day, less a pause of 2 working days.
        complaint(
            "K-2026-003",
            "2026-11-03T12:00",
            "Zorggroep Oss",
            "073-1234567",
            triage=Triage("self", at("2026-11-06T12:00"), "Anouk Verbeek"),
            pauses=(Pause(at("2026-11-09T00:00"), at("2026-11-11T00:00"), "Wacht op klant"),),
            handling=closed_handling(False, "2026-11-26"),
            closed=date(2026, 11, 26),
            prevention=Prevention(
                True, (Measure("Klaar", None, date(2026, 11, 1), date(2026, 11, 2)),)
            ),
        ),
        # Never triaged: late for triage and, after 21 working days, for resolution.
        complaint(
            "K-2026-004", "2026-10-28T10:00", "Gemeente Tilburg", "013-5123456", category="quality"
        ),
        # Withdrawn: counts in no statistic.
        complaint(
            "K-2026-005",
            "2026-11-16T09:00",
            "Bakkerij Jansen",
            "+31 73 123 4567",
            triage=Triage("director", at("2026-11-30T09:00"), "X"),
            mediation=Mediation(date(2026, 11, 20)),
            withdrawn=Withdrawal(date(2026, 11, 17), "Dubbel"),
            prevention=Prevention(True, (Measure("Weg", None, date(2026, 1, 1)),)),
        ),
        # Same customer as K-2026-004, but more than twelve months earlier: no repeat.
        complaint(
            "K-2025-010",
            "2025-06-02T09:00",
            "Gemeente Tilburg",
            "013-5123456",
            category="quality",
            triage=Triage("self", at("2025-06-02T11:00"), "Anouk Verbeek"),
            handling=closed_handling(None, "2025-06-04"),
            closed=date(2025, 6, 4),
            mediation=Mediation(date(2025, 6, 10), "M", "Klant in het gelijk", date(2025, 7, 1)),
        ),
        # In mediation (no ruling): open, no resolution time, no customer answer counted.
        complaint(
            "K-2026-006",
            "2026-11-23T09:00",
            "Transportbedrijf Smit",
            "020-1234567",
            category=None,
            triage=Triage("self", at("2026-11-23T10:00"), "Anouk Verbeek"),
            handling=closed_handling(False, "2026-11-24"),
            closed=date(2026, 11, 24),
            mediation=Mediation(date(2026, 11, 25), "M"),
        ),
    ]


def change(
    when: datetime,
    author: str = "Anouk Verbeek",
    commit: str = "0" * 40,
    kind: str = "added",
    fields: tuple[FieldChange, ...] = (),
) -> Change:
    return Change(commit, author, "a@example.nl", when, "Bericht", kind, "p", fields)


CLOSING = (FieldChange("closed", None, "2026-11-26"),)


def history() -> History:
    """Registration commits of -001 (2 working hours), -002 (Friday 16:00 to Monday 10:00: 18
    working hours) and -003 (entered three weeks late: 17 working days); one commit by Ruud
    closes -001 and -003; the commit of withdrawn -005 counts nowhere."""
    ruud = "Ruud de Wit"
    closing = change(at("2026-11-26T15:00"), ruud, "c" * 40, "modified", CLOSING)
    return History(
        False,
        {
            "K-2026-001": [change(at("2026-11-16T14:00"), commit="1" * 40), closing],
            "K-2026-002": [change(at("2026-11-23T10:00"), ruud, "2" * 40)],
            "K-2026-003": [change(at("2026-11-26T12:00"), commit="3" * 40), closing],
            "K-2026-005": [change(at("2026-12-16T09:00"), "Sanne de Groot", "5" * 40)],
        },
    )


@pytest.fixture(scope="module")
def analysis() -> stats.Analysis:
    return stats.analyse(golden(), SETTINGS, NOW, None)


def test_counts_leave_out_the_withdrawn(analysis):
    assert analysis.total == 6
    assert analysis.still_open == 3  # new, in progress, in mediation
    assert analysis.per_month == {"2025-06": 1, "2026-10": 1, "2026-11": 4}
    assert analysis.per_category == {"communication": 3, "quality": 2, "": 1, "invoice": 0}


def test_time_to_triage_against_48_working_hours(analysis):
    triage = analysis.triage_hours
    assert triage.count == 5  # 1, 2, 6, 42, 72 working hours
    assert triage.median == pytest.approx(6)
    assert triage.p90 == pytest.approx(60)  # 42 + 0.6 * (72 - 42)
    assert (triage.on_time, triage.late_open, triage.judged) == (4, 1, 6)
    assert triage.within == pytest.approx(4 / 6)
    assert triage.target == 48


def test_time_to_resolution_in_working_days_without_pauses(analysis):
    resolution = analysis.resolution_days
    assert resolution.count == 3  # 1.5, 1.625 and 14.5 working days
    assert resolution.median == pytest.approx(1.625)
    assert resolution.p90 == pytest.approx(1.625 + 0.8 * (14.5 - 1.625))
    assert (resolution.on_time, resolution.late_open) == (3, 1)
    assert resolution.within == pytest.approx(0.75)


def test_agreement_escalation_and_mediation(analysis):
    assert (analysis.agreed, analysis.answered) == (1, 2)
    assert (analysis.escalated, analysis.triaged) == (1, 5)
    assert (analysis.mediated, analysis.mediation_pending) == (2, 1)


def test_measures_open_overdue_done(analysis):
    assert (analysis.measures_open, analysis.measures_overdue, analysis.measures_done) == (3, 1, 1)


def test_repeat_customers_by_name_or_phone(analysis):
    assert analysis.repeat_customers == [
        stats.RepeatCustomer("bakkerij  jansen BV", ("K-2026-003", "K-2026-001", "K-2026-002"))
    ]


def test_repeat_categories_in_twelve_months(analysis):
    # quality: one in the last twelve months, one in the twelve before (no repeat)
    assert analysis.repeat_categories == [stats.RepeatCategory("communication", 3, 0)]
    base = golden()[3]
    dates = ["2026-11-01", "2026-06-01", "2025-12-01", "2025-11-01", "2024-12-01", "2024-01-01"]
    found = [replace(base, received=at(f"{d}T10:00")) for d in dates]
    # three in the twelve months to 2026-11-27, two in the twelve before; one older still
    assert stats.repeat_categories(found, NOW) == [stats.RepeatCategory("quality", 3, 2)]
    assert stats.repeat_categories(found[1:], NOW) == []


def test_anonymized_complaints_have_no_customer_to_repeat():
    found = golden()
    found[0] = replace(found[0], anonymized=date(2026, 11, 26))
    customers = stats.analyse(found, SETTINGS, NOW, None).repeat_customers
    # K-2026-001 linked the name of -002 to the phone of -003; without it they are two customers
    assert customers == []


def test_registration_delay_in_working_days_needs_a_full_history(analysis):
    assert analysis.registration_days is None and analysis.contributors is None  # no history
    found = golden()
    reg = stats.analyse(found, SETTINGS, NOW, history()).registration_days
    assert (reg.count, reg.median, reg.p90) == (3, 0.75, pytest.approx(0.75 + 0.8 * (17 - 0.75)))
    assert (reg.on_time, reg.judged, reg.target) == (2, 3, 1)
    shallow = stats.analyse(found, SETTINGS, NOW, History(True, history().by_id))
    assert shallow.registration_days is None and shallow.contributors is None


def test_who_changed_what():
    """A commit that changed two complaints counts once; registered is the first commit."""
    assert stats.analyse(golden(), SETTINGS, NOW, history()).contributors is None  # default off
    on = replace(SETTINGS, changes_per_person=True)
    people = stats.analyse(golden(), on, NOW, history()).contributors
    assert people == [
        stats.Contributor("Anouk Verbeek", commits=2, registered=2, closed=0),
        stats.Contributor("Ruud de Wit", commits=2, registered=1, closed=2),
    ]


def test_overlapping_pauses_count_once():
    """Tuesday 12:00 to the closing day Thursday three weeks on: 16.5 working days; the pauses
    Monday-Wednesday and Tuesday-Thursday overlap: 3 working days paused, not 4."""
    pauses = (
        Pause(at("2026-11-09T00:00"), at("2026-11-11T00:00"), "Wacht op klant"),
        Pause(at("2026-11-10T00:00"), at("2026-11-12T00:00"), "Wacht op stukken"),
    )
    one = replace(golden()[2], pauses=pauses)
    assert stats.analyse([one], SETTINGS, NOW, None).resolution_days.median == 13.5


def test_calendar_clock_counts_every_hour():
    calendar = replace(SETTINGS, clock="calendar")
    triage = stats.analyse(golden(), calendar, NOW, None).triage_hours
    # 1, 2, 6, 72 and 90 hours (Friday 16:00 to Tuesday 10:00)
    assert (triage.median, triage.p90) == (6, pytest.approx(82.8))


def test_empty_and_all_withdrawn():
    gone = [replace(c, withdrawn=Withdrawal(date(2026, 11, 27), "Fout")) for c in golden()]
    for found in ([], gone):
        a = stats.analyse(found, SETTINGS, NOW, None)
        assert a.total == 0 and a.triage_hours.median is None and a.triage_hours.within is None
        assert a.per_month == {} and a.repeat_customers == [] and a.measures_open == 0


def test_quantiles_and_helpers():
    assert stats.median_and_p90([]) == (None, None)
    assert stats.median_and_p90([5]) == (5, 5)
    assert stats.median_and_p90([4, 1, 3, 2]) == (2.5, 3.7)
    assert stats.median_and_p90(list(range(11))) == (5, 9)
    assert stats.share(1, 0) is None
    assert stats.months_of(date(2026, 2, 10), 3) == ["2025-12", "2026-01", "2026-02"]
    assert stats.years(golden()) == [2026, 2025]
    assert [c.id for c in stats.of_year(golden(), 2025)] == ["K-2025-010"]


def test_repeat_detection_is_linear():
    """Complaints of 100 customers, grouped by key, never compared in pairs: ten times the
    complaints cost about ten times the CPU time (pairs would cost a hundred times), whatever
    else the machine is doing."""
    import time

    base = golden()[0]

    def cpu_seconds(n: int) -> float:
        many = [
            replace(
                base,
                id=f"K-2026-{i:05d}",
                customer=Customer(f"Klant {i % 100}", "onbekend"),
                received=base.received - timedelta(hours=i),
            )
            for i in range(n)
        ]
        start = time.process_time()
        found = stats.repeat_customers(many, "NL")
        spent = time.process_time() - start
        assert len(found) == 100 and all(len(r.ids) == n // 100 for r in found)
        return spent

    small = min(cpu_seconds(2_000) for _ in range(3))
    large = cpu_seconds(20_000)
    assert large / small < 30, (small, large)


def test_chart_labels_from_records_are_plain_text():
    """A category is any text when no list is set: no mathtext, escaped, well-formed SVG."""
    from xml.etree import ElementTree

    from klacht.site import charts

    labels = ["a $\\frac{1}{$ b", '<script>alert("x")</script> & co']
    svg = charts.bar_svg(labels, [1, 2], "Klachten $per$ categorie", horizontal=True)
    assert b"<script>" not in svg
    texts = [t.text for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert texts[-3:] == [*labels, "Klachten $per$ categorie"]


def analysis_page(tmp_path, lang="nl", **settings):
    from klacht.site import analysis
    from klacht.site.pages import SiteContext

    ctx = SiteContext(replace(SETTINGS, root=tmp_path, **settings), lang, NOW)
    return analysis.pages(ctx, golden(), history())["analyse/index.md"]


def test_analysis_page_shows_registration_in_days_and_who_changed_what(tmp_path):
    assert "Wijzigingen per persoon" not in analysis_page(tmp_path)  # off unless set
    page = analysis_page(tmp_path, changes_per_person=True)
    assert (
        "<tr><td>geregistreerd binnen 1 werkdag na ontvangst</td><td>2 van 3 (67%)</td>"
        "<td>alle</td></tr>"
        "<tr><td>tijd tot registratie, mediaan</td><td>18 uur</td>"
        "<td>hoogstens 1 werkdag</td></tr>"
        "<tr><td>tijd tot registratie, 90e percentiel</td>"
        '<td><span class="klacht-badge klacht-overdue">14 werkdagen</span></td>'
        "<td>hoogstens 1 werkdag</td></tr>"
    ) in page
    assert (
        "\n\nTijd tot registratie: van de ontvangst van een klacht tot het moment waarop die voor "
        "het eerst in het register is opgeslagen, in werktijd (weekenden en feestdagen tellen "
        "niet mee). De procedure vraagt een klacht meteen te registreren; meer dan 1 werkdag "
        "staat in rood. Klachten die pas later zijn ingevoerd, bijvoorbeeld overgenomen uit een "
        "eerder systeem, tellen mee met hun werkelijke wachttijd en maken dit getal groot.\n\n"
    ) in page
    assert (
        "## Wijzigingen per persoon\n\n"
        "Per persoon: hoe vaak die de klachten van deze periode heeft opgeslagen (één keer "
        "opslaan telt één keer, ook als het meer klachten wijzigt), hoeveel klachten die heeft "
        "geregistreerd en hoeveel die heeft gesloten.\n\n"
        '<table class="klacht-table"><thead><tr><th>persoon</th><th>keer opgeslagen</th>'
        "<th>klachten geregistreerd</th><th>klachten gesloten</th></tr></thead><tbody>"
        "<tr><td>Anouk Verbeek</td><td>2</td><td>2</td><td>0</td></tr>"
        "<tr><td>Ruud de Wit</td><td>2</td><td>1</td><td>2</td></tr></tbody></table>"
    ) in page
    # In calendar time the weekend counts: Friday 16:00 to Monday 10:00 is 2.75 days.
    english = analysis_page(tmp_path, "en", clock="calendar")
    assert (
        "<tr><td>registered within 1 day of receipt</td><td>1 of 3 (33%)</td><td>all</td></tr>"
        "<tr><td>time to registration, median</td>"
        '<td><span class="klacht-badge klacht-overdue">2.8 days</span></td>'
        "<td>at most 1 day</td></tr>"
        "<tr><td>time to registration, 90th percentile</td>"
        '<td><span class="klacht-badge klacht-overdue">19 days</span></td>'
        "<td>at most 1 day</td></tr>"
    ) in english
    assert "first saved in the register. The procedure asks" in english


def test_durations_read_as_hours_or_days_with_thousands_separated(tmp_path):
    from klacht.site.analysis import _span
    from klacht.site.pages import SiteContext

    dutch = SiteContext(replace(SETTINGS, root=tmp_path), "nl", NOW)
    english = SiteContext(replace(SETTINGS, root=tmp_path, clock="calendar"), "en", NOW)
    days = [None, 1 / 24, 0.25, 1, 2.5, 487.06, 1234.4]
    assert [_span(dutch, d) for d in days] == [
        "–",
        "1 uur",
        "6 uur",
        "1 werkdag",
        "2,5 werkdagen",
        "487 werkdagen",
        "1.234 werkdagen",
    ]
    assert [_span(english, d) for d in days] == [
        "–",
        "1 hour",
        "6 hours",
        "1 day",
        "2.5 days",
        "487 days",
        "1,234 days",
    ]
