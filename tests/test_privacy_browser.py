"""The new-complaint form of a register in privacy mode, in a real headless Chromium: name,
phone and e-mail are encrypted in the browser (vendored age, assets/age.js) and the file it makes
decrypts in Python with the cohort's secret. In CI these tests never skip."""

from __future__ import annotations

import pyrage
import pytest
from site_util import build_site
from test_forms_browser import ANSWERS, RECEIVED, fill, new_form, serve
from test_privacy import PRIVACY

from conftest import Project
from klacht import loader, privacy


@pytest.fixture(scope="module")
def sealed_site(tmp_path_factory):
    """A register in privacy mode with a key for 2026 only, built once and served."""
    tmp = tmp_path_factory.mktemp("privacy-form")
    project = Project(tmp / "register", PRIVACY)
    from klacht.cli import main

    keys = {}
    for year in (2026,):
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert main(["--root", str(project.root), "keys", "new", str(year)]) == 0
        keys[year] = out.getvalue().strip()
    project.commit("Sleutel 2026")
    public = build_site(project)
    server, base = serve(public)
    yield project, base, keys
    server.shutdown()


def test_the_form_encrypts_in_the_browser_and_python_decrypts(sealed_site, page, cli, monkeypatch):
    project, base, keys = sealed_site
    form = new_form(page, base)
    fill(page, form, {"received": RECEIVED, **ANSWERS})
    form.locator("[data-klacht-maak]").click()
    yaml = form.locator("[data-klacht-yaml]")
    page.wait_for_function("() => document.querySelector('[data-klacht-yaml]').value !== ''")
    text = yaml.input_value()
    path = form.locator("[data-klacht-pad]").inner_text()
    assert path == "complaints/2026/K-2026-001.yaml"
    for typed in ("Jansen", "1234567", "info@example.nl"):
        assert typed not in text
    data = loader.parse(text)
    identity = [pyrage.x25519.Identity.from_str(keys[2026])]
    shown = {k: privacy.decrypt(v, identity) for k, v in data["customer"].items()}
    assert shown == {
        "name": ANSWERS["customer.name"],
        "phone": ANSWERS["customer.phone"],
        "email": ANSWERS["customer.email"],
    }
    assert data["summary"] == ANSWERS["summary"]
    (project.root / path).parent.mkdir(parents=True, exist_ok=True)
    (project.root / path).write_text(text, encoding="utf-8")
    identities = project.root.parent / "identities.txt"
    identities.write_text(keys[2026] + "\n", encoding="utf-8")
    monkeypatch.setenv(privacy.ENVIRONMENT, str(identities))
    code, out, err = cli(project.root, "check")
    assert code == 0, out + err
    assert "Jansen B.V." in cli(project.root, "register")[1]
    (project.root / path).unlink()


def test_a_year_without_a_key_is_refused_in_the_form(sealed_site, page):
    _project, base, _keys = sealed_site
    form = new_form(page, base)
    fill(page, form, {"received": "24-11-2025 10:42", **ANSWERS})
    form.locator("[data-klacht-maak]").click()
    alert = form.locator("[role=alert]")
    alert.wait_for(state="visible")
    assert "klacht keys new 2025" in alert.inner_text()
    assert form.locator("[data-klacht-yaml]").input_value() == ""


@pytest.mark.parametrize(
    ("summary", "said"),
    [
        (
            "Meneer jansen b.v. belde boos",
            "omschrijving (summary): noemt de naam van de klant; deze tekst wordt niet "
            "versleuteld: laat de naam weg",
        ),
        (
            "Bel terug op 06 12 34 56 78",
            "omschrijving (summary): bevat een telefoonnummer; deze tekst wordt niet "
            "versleuteld: laat het nummer weg",
        ),
        (
            "Mail naar piet@voorbeeld.nl",
            "omschrijving (summary): bevat een e-mailadres; deze tekst wordt niet versleuteld: "
            "laat het adres weg",
        ),
    ],
)
def test_a_summary_that_identifies_the_customer_is_refused_before_encrypting(
    sealed_site, page, summary, said
):
    """The rule of `klacht check` in privacy mode, with its message, in the form."""
    _project, base, _keys = sealed_site
    form = new_form(page, base)
    fill(page, form, {"received": RECEIVED, **ANSWERS, "summary": summary})
    form.locator("[data-klacht-maak]").click()
    alert = form.locator("[role=alert]")
    alert.wait_for(state="visible")
    assert alert.locator("li").all_inner_texts() == [said]
    assert form.locator("[data-klacht-yaml]").input_value() == ""
    # A name inside another word, or a short number, is no finding.
    fill(page, form, {"summary": "Rapportage van Xjansen b.v. 12 dagen te laat"})
    form.locator("[data-klacht-maak]").click()
    page.wait_for_function("() => document.querySelector('[data-klacht-yaml]').value !== ''")
