"""The one Jinja environment of the generated pages: templates from `klacht/site/templates/`,
autoescaping, undefined names an error.

Every value a template prints is record text until marked otherwise: HTML-escaped, control and
bidirectional characters written out as the terminal output does (`\\u202e`), and line breaks
kept as `<br>` (a blank line would end the raw HTML block in Markdown). Only `Markup` (macro
output, or a rare piece marked in Python) passes as it is.
"""

from __future__ import annotations

from dataclasses import is_dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from klacht.report import visible


def shown(value: Any) -> Any:
    """What a `{{ … }}` prints: text made safe as above, anything else left to Jinja."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(escape(visible(value)).replace("\n", Markup("<br>")))
    return value


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("klacht.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=shown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, page: object, **helpers: Any) -> str:
    """A page's Markdown from its template and its data (a dataclass, as `page`); `helpers` are
    the functions it takes its labels from."""
    assert is_dataclass(page), page
    return environment().get_template(template).render(page=page, **helpers)
