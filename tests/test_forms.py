"""The forms' data and links, without a browser: forge settings, forge URLs, the next number, the
page `nieuw/` as HTML (escaped, named by field paths). The browser tests are test_forms_browser."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import base_record
from klacht import config, forge, records
from klacht.model import from_data
from klacht.site import forms, pages

NOW = datetime.fromisoformat("2026-11-24T12:00:00+01:00")


@pytest.mark.parametrize(
    ("kind", "new", "edit", "name", "text"),
    [
        ("github", "/new/main/", "/edit/main/", "filename", "value"),
        ("gitea", "/_new/main/", "/_edit/main/", "filename", "value"),
        ("gitlab", "/-/new/main/", "/-/edit/main/", "file_name", "content"),
    ],
)
def test_forge_links(project, kind, new, edit, name, text):
    settings = replace(project.settings(), forge=kind, forge_url="https://git.example.nl/f/reg/")
    found = forge.of(settings)
    record = '# kop\nsummary: "a & b"\nnaam: é?#\n'
    link = forge.new_file_link(found, "complaints/2026/K-2026-007.yaml", record)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        f"https://git.example.nl/f/reg{new}complaints/2026/"
    )
    assert parse_qs(parts.query) == {name: ["K-2026-007.yaml"], text: [record]}
    assert forge.edit_link(settings, "complaints/2026/K-2026-007.yaml") == (
        f"https://git.example.nl/f/reg{edit}complaints/2026/K-2026-007.yaml"
    )


def test_another_branch_and_the_old_edit_url(project):
    settings = replace(
        project.settings(),
        forge="github",
        forge_url="https://github.com/f/r",
        forge_branch="klachten",
    )
    assert forge.of(settings).new == "https://github.com/f/r/new/klachten/"
    old = replace(settings, edit_url="https://example.nl/edit/")
    assert forge.edit_link(old, "complaints/x.yaml") == "https://example.nl/edit/complaints/x.yaml"
    assert forge.of(replace(settings, forge_url="")) is None
    assert forge.edit_link(replace(settings, forge=""), "complaints/x.yaml") == ""


def test_forge_settings_are_checked(project):
    table = {"forge": "bitbucket", "forge_url": "https://x"}
    with pytest.raises(config.SettingsError) as caught:
        config.from_mapping(project.root, table)
    assert "forge moet 'github', 'gitlab' of 'gitea' zijn, niet 'bitbucket'" in str(caught.value)
    with pytest.raises(config.SettingsError) as caught:
        config.from_mapping(project.root, {"forge": "github", "forge_url": "github.com/f/r"})
    assert "forge_url moet beginnen met https://" in str(caught.value)
    assert config.from_mapping(project.root, {"forge": "gitlab"}).forge_branch == "main"


def test_the_complaint_page_links_to_the_forges_edit_page(project):
    project.record("K-2026-001")
    settings = replace(project.settings(), forge="gitlab", forge_url="https://gitlab.com/f/r")
    path = "complaints/2026/K-2026-001.yaml"
    complaint = from_data(base_record(), path, settings.tz)
    page = pages.complaint_page(pages.SiteContext(settings, "nl", NOW), complaint, [], False, [])
    assert f'href="https://gitlab.com/f/r/-/edit/main/{path}"' in page


def test_next_numbers_per_year_from_records_and_broken_files(project):
    project.record("K-2026-001")
    project.record("K-2026-007")
    project.record("K-2025-012", received="2025-11-18T10:42:00+01:00")
    loaded = records.load_records(project.settings())
    broken = ["complaints/2026/K-2026-009.yaml"]
    assert forms.next_numbers(loaded.complaints, broken) == {"2026": 10, "2025": 13}


def test_new_page_has_a_field_per_intake_path_and_escapes_settings(project):
    settings = replace(project.settings(), categories=("invoice", "<b>raar</b>"))
    text = forms.new_page(settings, "nl", NOW, [])
    assert '<form data-stap="nieuw"' in text
    names = re.findall(r'name="([^"]+)"', text)
    assert [n for n in names if n != "search"] == list(forms.INTAKE)
    assert "<b>raar</b>" not in text and "&lt;b&gt;raar&lt;/b&gt;" in text
    assert "Voorlopig nummer" in text and "K-2026-001" in text
    assert "\n\n" not in text.split("\n\n", 2)[-1]  # one raw HTML block for Markdown
    spec = re.search(r'data-klacht-spec="([^"]+)"', text).group(1)
    assert "customer.phone" in html.unescape(spec)
    assert "telefoonnummer klant (customer.phone): &#39;{value}&#39; is geen geldig" in spec


def test_new_page_in_english(project):
    text = forms.new_page(project.settings(), "en", NOW, [])
    assert "Register a new complaint" in text and "customer name" in text
    assert "Provisional number" in text


def test_the_phone_rule_is_the_regions_number_patterns(project):
    rule = forms.phone_rule(project.settings())
    assert rule["cc"] == "31" and rule["prefix"] == "0"
    assert any(re.fullmatch(p, "612345678") for p, _ in rule["patterns"])
    assert not any(re.fullmatch(p, "12345") for p, _ in rule["patterns"])
