"""Output of problems for people and machines: `path:line:column: message`, GitHub annotations,
JSON, a GitLab Code Quality report."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from klacht.problems import Problem

FORMATS = ("text", "github", "json")
# Of `klacht check` and `klacht audit`: also a GitLab Code Quality report (problems shown in the
# merge request, next to the line), read from the job's artifact `reports: codequality`.
PROBLEM_FORMATS = (*FORMATS, "gitlab")
EMPTY = {"json": "[]", "gitlab": "[]"}  # what a machine format prints when nothing is wrong
# Control characters other than tab, newline and CR-LF (CSV's line end): from a record they
# could move the cursor, colour or rewrite a terminal or a CI log (ANSI escape sequences); and
# the bidirectional overrides, which show text in another order than it is. Written out instead.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
# Every line break of record text (what str.splitlines splits on).
_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def visible(text: str) -> str:
    """Text with those characters written out: `\x1b`, `\u202e`."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def oneline(text: str) -> str:
    """Text with its line breaks written out (`\\n`): record text in a line of output never
    starts a line of its own (a CI log would run `::error …` at the start of a line as a
    workflow command)."""
    return _BREAK.sub(lambda m: ascii(m.group())[1:-1], text)


class Visible:
    """A text stream that writes record text as data: control characters made visible."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


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
    """`path:line:column: message`, on one line whatever the record holds."""
    return oneline(f"{problem.path}:{problem.line}:{problem.column}: {problem.text(lang)}")


def code_quality(problems: Sequence[Problem], lang: str, title: str) -> str:
    """GitLab's Code Quality report (a subset of the Code Climate format): one issue per
    problem; the fingerprint is stable for the same problem at the same place across runs."""
    issues = []
    for p in problems:
        message = p.text(lang)
        key = "\0".join((p.path, str(p.line), str(p.column), p.code, message))
        issues.append(
            {
                "description": message,
                "check_name": f"klacht.{p.code}",
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                "severity": "major",
                "categories": [title],
                "location": {"path": p.path, "lines": {"begin": p.line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)


def render(problems: Sequence[Problem], fmt: str, lang: str, title: str) -> str:
    """All problems in one format; `title` names the check in GitHub annotations and in the
    Code Quality report."""
    if fmt == "gitlab":
        return code_quality(problems, lang, title)
    if fmt == "json":
        return json.dumps([p.to_json(lang) for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = [
            annotation("error", p.path, p.line, p.column, title, p.text(lang)) for p in problems
        ]
        return "\n".join(lines)
    return "\n".join(text_line(p, lang) for p in problems)
