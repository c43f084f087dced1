"""Output of problems for people and machines: `path:line:column: message`, GitHub annotations,
JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from klacht.problems import Problem

FORMATS = ("text", "github", "json")


def escape_data(text: str) -> str:
    """Escape the message part of a GitHub workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file=, title=) of a GitHub workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, line: int, column: int, title: str, message: str) -> str:
    """One GitHub annotation, e.g. `::error file=a.yaml,line=3,col=5,title=…::…`."""
    props = f"file={escape_property(path)},line={line},col={column},title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(message)}"


def text_line(problem: Problem, lang: str) -> str:
    return f"{problem.path}:{problem.line}:{problem.column}: {problem.text(lang)}"


def render(problems: Sequence[Problem], fmt: str, lang: str, title: str) -> str:
    """All problems in one format; `title` names the check in GitHub annotations."""
    if fmt == "json":
        return json.dumps([p.to_json(lang) for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = [
            annotation("error", p.path, p.line, p.column, title, p.text(lang)) for p in problems
        ]
        return "\n".join(lines)
    return "\n".join(text_line(p, lang) for p in problems)
