"""The forms of the site in a real headless Chromium: filled in as a person would (typing,
choosing), the record file they make written into a real register in a temp Git repository,
where `klacht check` and `klacht audit --base` must accept it and each field must hold exactly
what was typed. One browser and one built site for the module; in CI these tests never skip."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from site_util import build_site

from conftest import Project
from klacht import forge, loader
from klacht.site import forms

FORGE = '\nforge = "github"\nforge_url = "https://github.com/firma/klachten"\n'
RECEIVED = "24-11-2026 10:42"
ANSWERS = {  # what a person types into the new-complaint form, by field
    "received_by": "Anouk Verbeek",
    "customer.name": "Jansen B.V.",
    "customer.phone": "073-1234567",
    "customer.email": "info@example.nl",
    "summary": "Rapportage twee weken te laat",
}
CHOICES = {"channel": "phone", "category": "invoice", "severity": "serious"}
HOSTILE = {
    "received_by": 'Anouk "de Baas" Verbeek: # niet <script>alert(1)</script>',
    "customer.name": "- &anker *alias !!str yes",
    "customer.phone": "0612345678",
    "customer.email": "o'brien#x@example.nl",
    "summary": 'regel één: "x"\n# geen commentaar\n- geen lijst\nno\n<script>alert(2)</script>',
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=folder)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


TRIAGE = {"decision": "self", "at": "2026-11-12T11:00:00+01:00", "by": "Anouk Verbeek"}
HANDLED = {
    "handler": "R. de Wit",
    "cause": "Oorzaak",
    "solution": "Oplossing",
    "customer_agrees": True,
    "date": "2026-11-20",
}
STEP_RECORDS = {  # one complaint for each set of step forms, as the register holds them
    "K-2026-001": {},  # new
    "K-2026-002": {  # in progress: no handling yet, a pause running, a measure open
        "triage": TRIAGE,
        "pauses": [{"from": "2026-11-13T09:00", "to": None, "reason": "Wachten op de klant"}],
        "prevention": {
            "needed": True,
            "measures": [
                {
                    "action": "Eerste",
                    "owner": "R. de Wit",
                    "due": "2026-12-01",
                    "done": "2026-11-14",
                },
                {"action": "Tweede", "owner": None, "due": None, "done": None},
            ],
        },
    },
    "K-2026-003": {"triage": TRIAGE, "handling": HANDLED},  # handled, not closed
    "K-2026-005": {
        "triage": TRIAGE,
        "handling": HANDLED,
        "closed": "2026-11-20",
        "mediation": {
            "referred": "2026-11-21",
            "mediator": "M. Bemiddelaar",
            "ruling": None,
            "ruling_date": None,
        },
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A register with a complaint in each state and forge settings, built once; served."""
    project = Project(tmp_path_factory.mktemp("forms") / "register", FORGE)
    for n, (record_id, blocks) in enumerate(STEP_RECORDS.items()):
        path = project.record(record_id, received=f"2026-11-0{n + 1}T10:00:00+01:00", **blocks)
        if record_id == "K-2026-002":  # a comment the forms must keep
            path.write_text(path.read_text(encoding="utf-8") + "# let op: klant belt terug\n")
    project.commit("klachten")
    public = build_site(project)
    server, base = serve(public)
    yield project, base
    server.shutdown()


def fill(page, form, answers: dict[str, str], choices: dict[str, str] = {}) -> None:  # noqa: B006
    """Type each answer into its field (replacing what is there) and choose each choice."""
    for path, text in answers.items():
        field = form.locator(f'[name="{path}"]')
        field.fill("")
        field.press_sequentially(text)
    for path, code in choices.items():
        radios = form.locator(f'input[type=radio][name="{path}"]')
        if radios.count():
            form.locator(f'input[type=radio][name="{path}"][value="{code}"]').check()
        else:
            form.locator(f'select[name="{path}"]').select_option(code)


def make(form) -> tuple[str, str]:
    form.locator("[data-klacht-maak]").click()
    return form.locator("[data-klacht-yaml]").input_value(), form.locator(
        "[data-klacht-pad]"
    ).inner_text()


def new_form(page, base: str):
    page.goto(base + "nieuw/")
    return page.locator('form[data-stap="nieuw"]')


def klacht_new(cli, project: Project, answers: dict[str, str], choices: dict[str, str]) -> str:
    """The text `klacht new` writes for the same answers, in a copy of the register."""
    options = {
        "received_by": "--received-by",
        "customer.name": "--name",
        "customer.phone": "--phone",
        "customer.email": "--email",
        "summary": "--summary",
        "channel": "--channel",
        "category": "--category",
        "severity": "--severity",
        "acknowledged": "--acknowledged",
        "acknowledged_by": "--acknowledged-by",
    }
    args = ["new", "--received", RECEIVED, "--now", "2026-11-24T12:00+01:00"]
    for path, value in {**answers, **choices}.items():
        args += [options[path], value]
    code, out, err = cli(project.root, *args)
    assert code == 0, err
    path = out.split(": ")[-1].strip()
    text = (project.root / path).read_text(encoding="utf-8")
    (project.root / path).unlink()
    return text


def accepted(cli, project: Project, path: str, text: str, message: str) -> dict:
    """Write the file the form made into the register; check and audit must accept it; commit."""
    target = project.root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    code, out, err = cli(project.root, "check")
    assert code == 0, out + err
    project.git("add", "-A")
    code, out, err = cli(project.root, "audit", "--base", "HEAD")
    assert code == 0, out + err
    project.commit(message)
    return loader.parse(text)


def test_new_complaint_makes_what_klacht_new_writes(site, page, cli):
    project, base = site
    form = new_form(page, base)
    assert form.locator("[data-klacht-nummer]").inner_text() == "K-2026-006"
    fill(page, form, {"received": RECEIVED, **ANSWERS}, CHOICES)
    text, path = make(form)
    assert path == "complaints/2026/K-2026-006.yaml"
    assert text == klacht_new(cli, project, ANSWERS, CHOICES)
    assert form.locator("[role=alert]").is_hidden()
    data = accepted(cli, project, path, text, "Klacht K-2026-006 geregistreerd")
    assert data["customer"] == {
        "name": "Jansen B.V.",
        "phone": "073-1234567",
        "email": "info@example.nl",
    }
    link = form.locator("a[data-klacht-open]")
    found = forge.of(project.settings())
    assert link.get_attribute("href") == forge.new_file_link(found, path, text)
    assert link.get_attribute("href").startswith(
        "https://github.com/firma/klachten/new/main/complaints/2026/?filename=K-2026-006.yaml&value="
    )
    project.git("rm", "-q", path)
    project.commit("weer weg")


def test_the_new_form_records_the_acknowledgement_as_klacht_new_does(site, page, cli):
    project, base = site
    form = new_form(page, base)
    choices = CHOICES | {"acknowledged_by": "phone"}
    fill(page, form, {"received": RECEIVED, **ANSWERS, "acknowledged": "24-11-2026 09:00"}, choices)
    assert make(form)[0] == ""
    assert (
        "ontvangst bevestigd (acknowledged): '24-11-2026 09:00' ligt vóór ontvangen"
        in form.locator("[role=alert]").inner_text()
    )
    fill(page, form, {"acknowledged": "24-11-2026 11:05"})
    text, path = make(form)
    assert "acknowledged: 2026-11-24T11:05:00+01:00\nacknowledged_by: phone\n" in text
    assert text == klacht_new(
        cli, project, {**ANSWERS, "acknowledged": "24-11-2026 11:05"}, choices
    )
    accepted(cli, project, path, text, "Klacht met bevestiging")
    project.git("rm", "-q", path)
    project.commit("weer weg")


def test_hostile_text_reaches_the_file_as_exactly_that_text(site, page, cli):
    project, base = site
    form = new_form(page, base)
    fill(page, form, {"received": RECEIVED, **HOSTILE})
    text, path = make(form)
    assert text == klacht_new(cli, project, HOSTILE, {})
    target = project.root / path
    target.write_text(text, encoding="utf-8")
    try:
        assert cli(project.root, "check")[0] == 0
        data = loader.parse(text)
        assert data["received_by"] == HOSTILE["received_by"]
        assert data["customer"] == {
            "name": HOSTILE["customer.name"],
            "phone": "0612345678",
            "email": HOSTILE["customer.email"],
        }
        assert data["summary"] == HOSTILE["summary"]
    finally:
        target.unlink()
    assert page.locator("script", has_text="alert(").count() == 0


def test_invalid_input_shows_a_dutch_alert_and_makes_no_file(site, page):
    project, base = site
    form = new_form(page, base)
    fill(
        page,
        form,
        {"received": "30-02-2026 10:00", "customer.phone": "12345", "customer.email": "geen-adres"},
    )
    text, _ = make(form)
    assert text == ""
    alert = form.locator("[role=alert]")
    assert alert.is_visible()
    shown = alert.inner_text()
    assert "ontvangen (received): '2026-02-30T10:00' bestaat niet" not in shown  # typed text shown
    assert "ontvangen (received): '30-02-2026 10:00' bestaat niet op de kalender" in shown
    assert "aangenomen door (received_by): ontbreekt; dit veld is verplicht" in shown
    assert "telefoonnummer klant (customer.phone): '12345' is geen geldig telefoonnummer" in shown
    assert "e-mailadres klant (customer.email): 'geen-adres' is geen e-mailadres" in shown
    assert form.locator(".klacht-result").is_hidden()


def test_each_field_is_checked_as_it_is_typed(site, page):
    project, base = site
    form = new_form(page, base)
    phone = form.locator('[name="customer.phone"]')
    phone.press_sequentially("073-12")
    phone.blur()
    error = form.locator('[data-klacht-veld="customer.phone"] .klacht-error')
    assert "is geen geldig telefoonnummer" in error.inner_text()
    phone.press("End")
    phone.press_sequentially("34567")
    assert error.inner_text() == ""
    received = form.locator('[name="received"]')
    received.fill("")
    received.press_sequentially("29-03-2026 02:30")  # the hour skipped by summer time
    assert (
        "de klok sprong toen een uur vooruit"
        in form.locator('[data-klacht-veld="received"] .klacht-error').inner_text()
    )


def test_a_reload_keeps_the_draft_until_the_file_is_made(site, page):
    project, base = site
    form = new_form(page, base)
    fill(page, form, {"customer.name": "Concept B.V.", "summary": "half\ningevuld"})
    page.reload()
    form = page.locator('form[data-stap="nieuw"]')
    assert form.locator('[name="customer.name"]').input_value() == "Concept B.V."
    assert form.locator('[name="summary"]').input_value() == "half\ningevuld"
    assert form.locator("[data-klacht-concept]").is_visible()
    fill(page, form, {"received": RECEIVED, **ANSWERS})
    assert make(form)[0]
    page.reload()
    form = page.locator('form[data-stap="nieuw"]')
    assert form.locator('[name="customer.name"]').input_value() == ""
    assert page.evaluate("Object.keys(localStorage).length") == 0


@pytest.mark.parametrize("kind", ["github", "gitea", "gitlab"])
def test_forge_links_of_each_forge(site, page, kind):
    project, base = site
    settings = replace(project.settings(), forge=kind, forge_url="https://git.example.nl/firma/reg")
    found = forge.of(settings)
    config = forms.config(settings, "nl")["forge"]
    new_form(page, base)
    text = forms_text = '# kop\nid: K-2026-009\nsummary: "a & b = c? 100%"\n'
    path = "complaints/2026/K-2026-009.yaml"
    made = page.evaluate("([f, p, t]) => klachtForms.newFileLink(f, p, t)", [config, path, text])
    assert made == forge.new_file_link(found, path, forms_text)
    expected = {
        "github": "https://git.example.nl/firma/reg/new/main/complaints/2026/?filename=",
        "gitea": "https://git.example.nl/firma/reg/_new/main/complaints/2026/?filename=",
        "gitlab": "https://git.example.nl/firma/reg/-/new/main/complaints/2026/?file_name=",
    }[kind]
    assert made.startswith(expected + "K-2026-009.yaml&")
    assert ("&content=" if kind == "gitlab" else "&value=") + "%23%20kop%0Aid" in made
    edit = {"github": "/edit/main/", "gitea": "/_edit/main/", "gitlab": "/-/edit/main/"}[kind]
    assert forge.edit_link(settings, path) == f"https://git.example.nl/firma/reg{edit}{path}"


def step_form(page, base: str, record_id: str, step: str):
    """The form of a step on the complaint's page, its section opened as a person would."""
    page.goto(f"{base}klachten/{record_id}/")
    form = page.locator(f'form[data-stap="{step}"]')
    section = page.locator("details.klacht-step", has=form)
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    return form


SHORT = 'De "Baas": #1 <b>'
STEP_CASES = [  # (record, step, typed, chosen, the changed top-level fields of the record)
    (
        "K-2026-001",
        "triage",
        {"triage.at": "12-11-2026 09:15", "triage.by": SHORT},
        {"triage.decision": "director"},
        {"triage": {"decision": "director", "at": "2026-11-12T09:15:00+01:00", "by": SHORT}},
    ),
    (
        "K-2026-001",
        "withdraw",
        {"withdrawn.date": "12-11-2026", "withdrawn.reason": HOSTILE["summary"]},
        {},
        {"withdrawn": {"date": "2026-11-12", "reason": HOSTILE["summary"]}},
    ),
    (
        "K-2026-002",
        "handling",
        {
            "handling.handler": SHORT,
            "handling.cause": HOSTILE["summary"],
            "handling.solution": "- nee",
            "handling.date": "20-11-2026",
        },
        {"handling.customer_agrees": "false"},
        {
            "handling": {
                "handler": SHORT,
                "cause": HOSTILE["summary"],
                "solution": "- nee",
                "customer_agrees": False,
                "date": "2026-11-20",
            }
        },
    ),
    (
        "K-2026-002",
        "resume",
        {"pauses.to": "15-11-2026 09:00"},
        {},
        {
            "pauses": [
                {
                    "from": "2026-11-13T09:00",
                    "to": "2026-11-15T09:00:00+01:00",
                    "reason": "Wachten op de klant",
                }
            ]
        },
    ),
    (
        "K-2026-002",
        "prevention",
        {"prevention.measures.action": "&anker: yes", "prevention.measures.due": "31-12-2026"},
        {},
        {
            "prevention": {
                "needed": True,
                "measures": [
                    *STEP_RECORDS["K-2026-002"]["prevention"]["measures"],
                    {"action": "&anker: yes", "due": "2026-12-31", "done": None},
                ],
            }
        },
    ),
    (
        "K-2026-002",
        "measure",
        {"prevention.measures.done": "16-11-2026"},
        {"prevention.measures": "1"},
        {
            "prevention": {
                "needed": True,
                "measures": [
                    STEP_RECORDS["K-2026-002"]["prevention"]["measures"][0],
                    {"action": "Tweede", "owner": None, "due": None, "done": "2026-11-16"},
                ],
            }
        },
    ),
    (
        "K-2026-002",
        "mediation",
        {"mediation.referred": "17-11-2026", "mediation.mediator": "0612345678"},
        {},
        {"mediation": {"referred": "2026-11-17", "mediator": "0612345678"}},
    ),
    ("K-2026-003", "close", {"closed": "21-11-2026"}, {}, {"closed": "2026-11-21"}),
    (
        "K-2026-003",
        "pause",
        {"pauses.from": "14-11-2026 09:00", "pauses.reason": SHORT},
        {},
        {"pauses": [{"from": "2026-11-14T09:00:00+01:00", "reason": SHORT}]},
    ),
    (
        "K-2026-005",
        "ruling",
        {"mediation.ruling": HOSTILE["summary"], "mediation.ruling_date": "22-11-2026"},
        {},
        {
            "mediation": {
                "referred": "2026-11-21",
                "mediator": "M. Bemiddelaar",
                "ruling": HOSTILE["summary"],
                "ruling_date": "2026-11-22",
            }
        },
    ),
]


@pytest.mark.parametrize(
    ("record_id", "step", "typed", "chosen", "changed"),
    STEP_CASES,
    ids=[case[1] for case in STEP_CASES],
)
def test_a_step_form_makes_the_whole_updated_record(
    site, page, cli, record_id, step, typed, chosen, changed
):
    project, base = site
    path = f"complaints/2026/{record_id}.yaml"
    before = (project.root / path).read_text(encoding="utf-8")
    form = step_form(page, base, record_id, step)
    fill(page, form, typed, chosen)
    text, shown = make(form)
    assert shown == path
    try:
        target = project.root / path
        target.write_text(text, encoding="utf-8")
        code, out, err = cli(project.root, "check")
        assert code == 0, out + err
        code, out, err = cli(project.root, "audit", "--base", "HEAD")
        assert code == 0, out + err
    finally:
        project.git("checkout", "--", path)
    assert loader.parse(text) == {**loader.parse(before), **changed}
    for key, chunk in forms.chunks(before):  # the fields the step leaves alone: byte for byte
        if key not in changed:
            assert chunk.rstrip("\n") in text, key
    href = form.locator("a[data-klacht-open]").get_attribute("href")
    assert href == f"https://github.com/firma/klachten/edit/main/{path}"


def test_only_the_steps_that_fit_the_status(site, page):
    project, base = site
    expected = {
        "K-2026-001": ["triage", "withdraw"],
        "K-2026-002": ["handling", "resume", "mediation", "prevention", "measure", "withdraw"],
        "K-2026-003": ["close", "pause", "mediation", "prevention", "withdraw"],
        "K-2026-005": ["ruling", "prevention"],
    }
    for record_id, steps in expected.items():
        page.goto(f"{base}klachten/{record_id}/")
        shown = page.locator("form[data-stap]").evaluate_all("fs => fs.map(f => f.dataset.stap)")
        assert shown == steps, record_id


def test_a_step_refuses_a_date_before_an_earlier_one(site, page):
    project, base = site
    form = step_form(page, base, "K-2026-003", "close")
    fill(page, form, {"closed": "19-11-2026"})
    assert make(form)[0] == ""
    assert (
        "gesloten (closed): '19-11-2026' ligt vóór datum afhandeling"
        in form.locator("[role=alert]").inner_text()
    )


def test_the_whole_life_of_a_complaint_through_the_forms_only(browser, tmp_path, cli):
    """Registered, triaged, handled and closed by a person using only the site's forms; every
    file they would commit passes `klacht check` and `klacht audit --base`."""
    project = Project(tmp_path / "register", FORGE)
    project.write("complaints/.gitkeep", "")
    project.commit("leeg register")
    server, base = serve(build_site(project))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        form = new_form(page, base)
        fill(
            page,
            form,
            {"received": "10-11-2026 16:05", **ANSWERS, "summary": "Te laat: #2"},
            {"channel": "email"},
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # fits a phone
        text, path = make(form)
        assert path == "complaints/2026/K-2026-001.yaml"
        accepted(cli, project, path, text, "Klacht K-2026-001 geregistreerd")
        steps = [
            (
                "triage",
                {"triage.at": "11-11-2026 09:00", "triage.by": SHORT},
                {"triage.decision": "self"},
            ),
            (
                "handling",
                {
                    "handling.cause": "Oorzaak: #1",
                    "handling.solution": "yes",
                    "handling.date": "12-11-2026",
                },
                {"handling.customer_agrees": "true"},
            ),
            ("close", {"closed": "13-11-2026"}, {}),
        ]
        for step, typed, chosen in steps:
            build_site(project)
            form = step_form(page, base, "K-2026-001", step)
            fill(page, form, typed, chosen)
            text, shown = make(form)
            assert shown == path, form.locator("[role=alert]").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            accepted(cli, project, path, text, f"K-2026-001: {step}")
        data = loader.parse((project.root / path).read_text(encoding="utf-8"))
        assert data["summary"] == "Te laat: #2"
        assert data["triage"] == {
            "decision": "self",
            "at": "2026-11-11T09:00:00+01:00",
            "by": SHORT,
        }
        assert data["handling"] == {
            "handler": SHORT,
            "cause": "Oorzaak: #1",
            "solution": "yes",
            "customer_agrees": True,
            "date": "2026-11-12",
        }
        assert data["closed"] == "2026-11-13"
        assert len(project.git("log", "--format=%H", "--", path).split()) == 4
    finally:
        context.close()
        server.shutdown()


PHONES = [
    "073-1234567",
    "0612345678",
    "06-12 34 56 78",
    "+31 6 12345678",
    "+31 (0)6 12345678",
    "0031612345678",
    "+31612345678",
    "(073) 123 45 67",
    "073.123.45.67",
    "0800-1234",
    "0900-1234567",
    "088-1234567",
    "085-1234567",
    "14073",
    "12345",
    "0612345",
    "06123456789",
    "0012345",
    "+31 12 3456789",
    "073-1234567 ext 12",
    "tel 0612345678",
    "0612345678a",
    "+",
    "06/12345678",
    "+31 6 1234 5678",
    "0031 (0)73 1234567",
]


def test_the_phone_rule_agrees_with_klacht_check(site, page):
    """The browser's phone check says what `klacht check` (library phonenumbers) says, for Dutch
    numbers as people write them (a number of another country only needs a plausible length in
    the browser)."""
    from klacht import phones

    project, base = site
    new_form(page, base)
    rule = forms.phone_rule(project.settings())
    browser_says = page.evaluate(
        "([r, ns]) => ns.map(n => klachtForms.phoneOk(n, r))", [rule, PHONES]
    )
    check_says = [phones.parse(n, "NL") is not None for n in PHONES]
    assert dict(zip(PHONES, browser_says, strict=True)) == dict(
        zip(PHONES, check_says, strict=True)
    )


def test_the_register_on_a_phone_shows_status_and_next_deadline(site, browser):
    project, base = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base + "register/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        table = page.locator("table.klacht-sortable")
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth")  # no sideways scrolling
        for name in ("status", "eerstvolgende termijn"):
            header = table.locator("th", has_text=name)
            box = header.bounding_box()
            assert header.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390, name
        cells = table.locator("tbody tr").first.locator("td:visible")
        assert cells.count() == 4
        # Numbers, states, dates and headers never break inside a word ("in behandelin g").
        assert (
            table.evaluate(SPLIT_WORDS, "th, td:nth-child(1), td:nth-child(6), td:nth-child(7)")
            == []
        )
    finally:
        context.close()


# The words of the elements matching a selector that a line break cuts in two.
SPLIT_WORDS = """(table, selector) => {
  const split = [];
  for (const element of table.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (range.getClientRects().length > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""
