"""`klacht brief`: letters to the customer rendered from the shipped templates (and a firm's own),
refused when the record is not ready, and as .eml drafts read back with the `email` package."""

from __future__ import annotations

import io
from email import message_from_string, policy
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import Project
from klacht import letters, records
from klacht.model import parse_datetime

NOW = "2026-11-19T09:00+01:00"
LETTERS = """\
[tool.klacht.letters]
firm = "Voorbeeld Re-integratie B.V."
address = "Stationsweg 1\\n5211 TW 's-Hertogenbosch"
signature = "Marieke Jansen, directeur"
phone = "073 123 45 67"
email = "klachten@voorbeeld.nl"
mediator = "Stichting Onafhankelijke Klachtbemiddeling, www.example.nl/bemiddeling"
"""
HANDLED = {
    "handler": "R. de Wit",
    "cause": "Planning liep via één persoon.",
    "solution": "Wij hebben de rapportage dezelfde dag nagestuurd en bieden excuses aan.",
    "customer_agrees": False,
    "date": "2026-11-21",
}


@pytest.fixture
def register(tmp_path) -> Project:
    p = Project(tmp_path / "register", LETTERS)
    customer = {
        "name": "Fictief Bedrijf B.V.",
        "phone": "+31 73 123 4567",
        "email": "info@example.nl",
    }
    p.record("K-2026-007", customer=customer, channel="email")
    return p


def test_acknowledgement_letter(register, cli):
    code, out, err = cli(register.root, "brief", "K-2026-007", "ontvangst", "--now", NOW)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:3] == [
        "Voorbeeld Re-integratie B.V.",
        "Stationsweg 1",
        "5211 TW 's-Hertogenbosch",
    ]
    assert "19 november 2026" in lines
    assert "Betreft: ontvangstbevestiging van uw klacht K-2026-007" in out
    assert "Geachte Fictief Bedrijf B.V.," in out
    assert "Op 18 november 2026 ontvingen wij per e-mail uw klacht." in " ".join(lines)
    assert "    Rapportage te laat ontvangen." in lines
    assert "Anouk Verbeek behandelt uw klacht." in out
    # the clocks of `klacht deadlines`: triage Friday 10:42, resolution 20 working days
    assert "- Uiterlijk 20 november 2026 beslissen wij wie uw klacht behandelt." in out
    assert "uiterlijk 16 december 2026 af te handelen" in out
    assert out.rstrip().endswith("Marieke Jansen, directeur\nVoorbeeld Re-integratie B.V.")
    assert "{{" not in out and "{%" not in out


def test_outcome_refused_while_unhandled(register, cli):
    code, out, err = cli(register.root, "brief", "K-2026-007", "afhandeling", "--now", NOW)
    assert (code, out) == (1, "")
    assert "K-2026-007 is nog niet afgehandeld: handling.solution, handling.date ontbreekt" in err


def test_outcome_letter_names_the_mediator(register, cli):
    triage = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}
    register.record(
        "K-2026-007",
        triage=triage,
        handling=HANDLED,
        closed="2026-11-21",
        customer={"name": "Fictief Bedrijf B.V.", "phone": "+31 73 123 4567"},
    )
    code, out, err = cli(register.root, "brief", "K-2026-007", "afhandeling", "--now", NOW)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "Wij hebben die op 21 november 2026 afgehandeld." in flat
    assert "Wij hebben de rapportage dezelfde dag nagestuurd en bieden excuses aan." in flat
    assert "Bent u het niet eens met deze afhandeling" in flat
    assert "onafhankelijke bemiddelaar: Stichting Onafhankelijke Klachtbemiddeling" in flat
    assert "De uitspraak van de bemiddelaar is bindend" in flat
    # an acknowledgement no longer fits
    code, _, err = cli(register.root, "brief", "K-2026-007", "ontvangst", "--now", NOW)
    assert code == 1 and "al afgehandeld" in err
    # no e-mail address: no draft
    code, _, err = cli(register.root, "brief", "K-2026-007", "afhandeling", "--format", "eml")
    assert code == 1 and "geen e-mailadres van de klant" in err


def test_eml_is_a_draft_that_mail_programs_open(register, cli):
    code, out, err = cli(
        register.root, "brief", "K-2026-007", "ontvangst", "--format", "eml", "--now", NOW
    )
    assert code == 0, err
    msg = message_from_string(out, policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["To"].addresses[0].addr_spec == "info@example.nl"
    assert msg["To"].addresses[0].display_name == "Fictief Bedrijf B.V."
    assert msg["From"] == "klachten@voorbeeld.nl"
    assert msg["Subject"] == "Ontvangstbevestiging van uw klacht K-2026-007"
    body = msg.get_content()
    assert "Betreft: ontvangstbevestiging van uw klacht K-2026-007" in body
    assert "Geachte Fictief Bedrijf B.V.," in body


def test_customer_name_cannot_inject_a_header(register, cli):
    customer = {
        "name": "Evil\r\nBcc: spion@example.com",
        "phone": "+31 73 123 4567",
        "email": "info@example.nl",
    }
    register.record("K-2026-007", customer=customer)
    code, out, err = cli(register.root, "brief", "K-2026-007", "ontvangst", "--format", "eml")
    assert code == 0, err
    msg = message_from_string(out, policy=policy.default)
    assert msg["Bcc"] is None
    assert [a.addr_spec for a in msg["To"].addresses] == ["info@example.nl"]


def test_mailto_link_opens_the_letter(register):
    s = register.settings()
    (c,) = records.load_records(s).complaints
    letter = letters.compose(c, "ontvangst", s, parse_datetime(NOW, s.tz))
    link = urlsplit(letters.mailto(letter))
    assert (link.scheme, unquote(link.path)) == ("mailto", "info@example.nl")
    query = parse_qs(link.query)
    assert query["subject"] == ["Ontvangstbevestiging van uw klacht K-2026-007"]
    assert query["body"][0].replace("\r\n", "\n") == letter.body


def test_firm_template_wins(register, cli):
    register.write(
        "sjablonen/brieven/nl/ontvangst.txt",
        "Beste {{ customer }}, uw klacht {{ id }} is binnen.\n{% include 'brieven/nl/groet.txt' %}",
    )
    code, out, err = cli(register.root, "brief", "K-2026-007", "ontvangst", "--now", NOW)
    assert code == 0, err
    assert out.startswith("Beste Fictief Bedrijf B.V., uw klacht K-2026-007 is binnen.\n")
    assert "Marieke Jansen, directeur" in out


def test_firm_template_runs_sandboxed(register, cli):
    register.write(
        "sjablonen/brieven/nl/ontvangst.txt",
        "{{ customer.__class__.__mro__[1].__subclasses__() }}",
    )
    code, out, err = cli(register.root, "brief", "K-2026-007", "ontvangst")
    assert (code, out) == (2, "")
    assert "sjabloon sjablonen/brieven/nl/ontvangst.txt, regel 1: access to attribute" in err


def test_firm_template_with_a_mistake(register, cli):
    register.write("sjablonen/brieven/nl/ontvangst.txt", "Beste {{ klant }},\n{% if %}\n")
    code, _, err = cli(register.root, "brief", "K-2026-007", "ontvangst")
    assert code == 2
    assert "sjabloon sjablonen/brieven/nl/ontvangst.txt, regel 2:" in err
    register.write("sjablonen/brieven/nl/ontvangst.txt", "Beste {{ klant }},\n")
    code, _, err = cli(register.root, "brief", "K-2026-007", "ontvangst")
    assert code == 2
    assert "sjabloon sjablonen/brieven/nl/ontvangst.txt, regel 1: 'klant' is undefined" in err


def test_letter_needs_the_firm_name(tmp_path, cli):
    p = Project(tmp_path / "r")
    p.record("K-2026-007")
    code, _, err = cli(p.root, "brief", "K-2026-007", "ontvangst")
    assert code == 2
    assert "[tool.klacht.letters] firm ontbreekt" in err


def test_unknown_complaint_and_withdrawn(register, cli):
    code, _, err = cli(register.root, "brief", "K-2026-099", "ontvangst")
    assert code == 1 and "geen klacht K-2026-099 gevonden" in err
    register.record("K-2026-007", withdrawn={"date": "2026-11-19", "reason": "Dubbel"})
    code, _, err = cli(register.root, "brief", "K-2026-007", "ontvangst")
    assert code == 1 and "is ingetrokken" in err


def test_letter_in_english(register, cli):
    code, out, _ = cli(
        register.root, "--lang", "en", "brief", "K-2026-007", "ontvangst", "--now", NOW
    )
    assert code == 0
    assert "Subject: acknowledgement of your complaint K-2026-007" in out
    assert "On 18 November 2026 we received your complaint by e-mail." in " ".join(out.split())


# --- The printable letter page of the site (brieven/<id>/), printed by a real Chromium ----------

LONG = "De rapportage kwam twee weken te laat, en niemand belde terug. " * 45


@pytest.fixture(scope="module")
def printed(tmp_path_factory, chromium):
    """A register with two handled, not yet closed complaints (so both letters fit), the second
    with a description long enough to run its acknowledgement over a sheet; built with MkDocs,
    and each letter page printed to PDF by Chromium: (letters by complaint, sheets by complaint)."""
    from pypdf import PdfReader
    from site_util import NOW as BUILT
    from site_util import build_site

    from conftest import serving

    p = Project(tmp_path_factory.mktemp("letters-print") / "register", LETTERS)
    triage = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}
    customer = {"name": "Fictief Bedrijf B.V.", "phone": "+31 73 123 4567"}
    for record_id, summary in (("K-2026-007", "Rapportage te laat."), ("K-2026-008", LONG)):
        p.record(record_id, triage=triage, handling=HANDLED, customer=customer, summary=summary)
    p.commit("Twee afgehandelde klachten")
    public = build_site(p)
    s = p.settings()
    complaints = {c.id: c for c in records.load_records(s).complaints}
    now = parse_datetime(BUILT, s.tz)
    composed = {i: letters.ready(c, s, now) for i, c in complaints.items()}
    sheets = {}
    with serving(public) as base:
        page = chromium.new_page()
        for record_id in complaints:
            page.goto(f"{base}brieven/{record_id}/")
            data = page.pdf(format="A4", margin={"top": "20mm", "bottom": "20mm"})
            sheets[record_id] = [
                " ".join((sheet.extract_text() or "").split())
                for sheet in PdfReader(io.BytesIO(data)).pages
            ]
        page.close()
    return composed, sheets


def flat(text: str) -> str:
    return " ".join(text.split())


def own_lines(letter, other) -> list[str]:
    """The lines of a letter, long enough to tell it by, that the other letter does not have
    (letterhead and greeting are the same), as the PDF's text shows them."""
    theirs = " ".join(flat(line) for line in other.body.splitlines())
    lines = (flat(line) for line in letter.body.splitlines())
    return [line for line in lines if len(line) >= 30 and line not in theirs]


def test_each_letter_prints_on_a_sheet_of_its_own(printed):
    composed, sheets = printed
    acknowledgement, outcome = composed["K-2026-007"]
    assert (acknowledgement.kind, outcome.kind) == ("ontvangst", "afhandeling")
    assert len(sheets["K-2026-007"]) == 2  # two short letters: exactly two sheets
    pairs = ((acknowledgement, outcome), (outcome, acknowledgement))
    for sheet, (letter, other) in zip(sheets["K-2026-007"], pairs, strict=True):
        assert sheet.startswith(flat(letter.body.splitlines()[0])), sheet[:200]  # opens the sheet
        assert all(flat(line) in sheet for line in letter.body.splitlines()), sheet
        assert not any(line in sheet for line in own_lines(other, letter)), sheet
    assert "Wij hebben de rapportage dezelfde dag nagestuurd" in sheets["K-2026-007"][1]


def test_a_long_letter_runs_on_and_the_next_starts_on_a_new_sheet(printed):
    composed, sheets = printed
    acknowledgement, outcome = composed["K-2026-008"]
    found = sheets["K-2026-008"]
    assert len(found) >= 3  # the acknowledgement, with the long description, over two sheets
    mine, theirs = own_lines(outcome, acknowledgement), own_lines(acknowledgement, outcome)
    # the outcome is the last sheet, alone; nothing of it before, nothing of the other on it
    assert all(line in found[-1] for line in mine), found[-1]
    assert not any(line in sheet for sheet in found[:-1] for line in mine)
    assert not any(line in found[-1] for line in theirs)
    assert found[-1].startswith(flat(outcome.body.splitlines()[0]))
    assert all(sheet.strip() for sheet in found)  # no empty sheet


@pytest.mark.parametrize("record_id", ["K-2026-007", "K-2026-008"])
def test_the_site_around_the_letters_is_not_printed(printed, record_id):
    """No header, navigation, search, footer, page title, explanation or link: only letters."""
    everything = " ".join(printed[1][record_id])
    for site_text in (
        "Klachtenregister",
        "Zoeken",
        "Register",
        "Archief",
        "Analyse",
        "Brieven bij",
        "Druk de pagina af",
        "Terug naar",
        "Onderwerp:",
        "Material for MkDocs",
    ):
        assert site_text not in everything, site_text
