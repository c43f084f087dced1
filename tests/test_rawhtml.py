"""site/rawhtml.py: a generated page converted with its raw HTML blocks set aside is exactly what
Markdown writes without that, for every page of the golden register (hostile record text
included) and for the edge cases below; and the set-aside spares Markdown's HTML parser."""

from __future__ import annotations

import markdown
import pytest
from golden import refresh

from klacht.site import rawhtml

EXTENSIONS = ["attr_list", "admonition", "tables", "toc"]  # the site's, as in mkdocs.yml


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def via_set_aside(text: str) -> str:
    aside, blocks = rawhtml.set_aside(text)
    return rawhtml.put_back(convert(aside), blocks)


PAGES = sorted(name for name in refresh.expected() if name.endswith(".md"))


def test_the_golden_register_has_pages_to_compare() -> None:
    assert len(PAGES) >= 30


@pytest.mark.parametrize("name", PAGES)
def test_golden_page_converts_the_same(name: str) -> None:
    text = refresh.expected()[name].decode("utf-8")
    aside, blocks = rawhtml.set_aside(text)
    assert via_set_aside(text) == convert(text)
    if "<table" in text:
        assert blocks and "<table" not in aside  # the tables did not go through Markdown


@pytest.mark.parametrize(
    "text",
    [
        "# Kop\n\n<table><tr><td>a</td></tr></table>\n",  # the page's last line
        "<p>een</p>\n<p>twee</p>\n\nTekst met *nadruk*.",  # two blocks in one paragraph
        "<span>inline</span> aan het begin: een gewone alinea\n\n<div>blok</div>",
        "<div>begin\n\nnog in het blok, na een lege regel</div>",  # not one paragraph: left
        "<div>blok</div>\nTekst meteen erna, *Markdown*\n",  # does not end with its tag: left
        "<details open>\n<summary>S</summary>\n<p>x</p>\n</details>\n\n\n\nNa drie lege regels.",
        "<img src='a.png' alt=''>\n\n<hr>\n\n<!-- commentaar -->",  # not closed by their tag
        "Tekst &lt;!--klacht-raw-0--&gt; uit een record\n\n<p>x</p>",  # record text, escaped
    ],
)
def test_edge_cases_convert_the_same(text: str) -> None:
    assert via_set_aside(text) == convert(text)


def test_left_to_markdown_when_not_one_element() -> None:
    for text in ("<div>blok</div>\nTekst erna", "<span>x</span>", "<div>a\n\nb</div>"):
        assert rawhtml.set_aside(text) == (text, [])


def test_put_back_without_blocks_leaves_the_page() -> None:
    html = "<p>&lt;!--klacht-raw-0--&gt;</p>"
    assert rawhtml.put_back(html, []) == html
