"""site/pages.py: the register page offers the calendar feed both ways, a download that always
works and, where the site has an address (`site_url`), a subscription."""

from __future__ import annotations

import pytest

from conftest import Project
from klacht.site.pages import subscribe_url


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("https://klachten.example.nl/", "webcal://klachten.example.nl/deadlines.ics"),
        ("https://intra.example.nl/klachten", "webcal://intra.example.nl/klachten/deadlines.ics"),
        ("http://nas.local:8080/", "webcal://nas.local:8080/deadlines.ics"),
        ("", ""),
        ("klachten.example.nl", ""),  # no scheme: not a guess
        ("javascript://x/", ""),
        ("https://", ""),
    ],
)
def test_subscribe_url(site_url, expected):
    assert subscribe_url(site_url) == expected


def register_md(tmp_path, cli, extra: str = "") -> str:
    project = Project(tmp_path / "register", extra)
    project.record("K-2026-001")
    project.commit("Klacht K-2026-001 geregistreerd")
    code, _, err = cli(project.root, "pages", "--out", str(tmp_path / "out"))
    assert code == 0, err
    return (tmp_path / "out" / "register.md").read_text(encoding="utf-8")


def test_without_an_address_the_feed_is_a_download_only(tmp_path, cli):
    text = register_md(tmp_path, cli)
    assert "[downloaden (iCalendar)](deadlines.ics)" in text
    assert "webcal:" not in text and "abonneren" not in text


def test_with_an_address_the_feed_is_also_a_subscription(tmp_path, cli):
    text = register_md(tmp_path, cli, 'site_url = "https://klachten.example.nl/"\n')
    assert "[downloaden (iCalendar)](deadlines.ics)" in text
    assert "[abonneren](webcal://klachten.example.nl/deadlines.ics)" in text
