"""The one Jinja environment of the generated pages (made as every environment of the project,
by `templating.make_environment`): templates from `klacht/site/templates/`, autoescaping,
undefined names an error, the macros of `macros.j2` at hand as `m` everywhere.

Every value a template prints is record text until marked otherwise: HTML-escaped, control and
bidirectional characters written out as the terminal output does (`\\u202e`), and line breaks
kept as `<br>` (a blank line would end the raw HTML block in Markdown). Only `Markup` (macro
output, or a rare piece marked in Python) passes as it is.
"""

from __future__ import annotations

from dataclasses import is_dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from klacht.report import visible
from klacht.templating import make_environment

BREAK = Markup("<br>")  # a line break in record text


def shown(value: Any) -> Any:
    """What a `{{ … }}` prints: text made safe as above, anything else left to Jinja."""
    if isinstance(value, str) and not isinstance(value, Markup):
        value = visible(value)
        if "\n" in value:  # escaped here, as Jinja escapes the rest
            return Markup(str.replace(escape(value), "\n", BREAK))
    return value


@cache
def environment() -> Environment:
    env = make_environment(
        PackageLoader("klacht.site", "templates"),
        finalize=shown,
        auto_reload=False,  # package files: read once
    )
    env.globals["m"] = env.get_template("macros.j2").module  # the macros, in every template
    return env


def render(template: str, page: object, **helpers: Any) -> str:
    """A page's Markdown from its template and its data (a dataclass, as `page`); `helpers` are
    the functions it takes its labels from."""
    assert is_dataclass(page), page
    return environment().get_template(template).render(page=page, **helpers)
