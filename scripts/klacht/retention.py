"""AVG retention: personal data is kept a set number of years after a complaint is closed or
withdrawn, then replaced by placeholders; the record and its statistics stay."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from klacht import attaching, loader, records, writing
from klacht.config import Settings
from klacht.model import Complaint, LegalHold
from klacht.status import ended

PLACEHOLDER = "[geanonimiseerd]"
PERSONAL = ("customer.name", "customer.phone", "customer.email")


def term_end(end: date, settings: Settings) -> date:
    """The day `retention_years` after `end` (29 February counts as 28 February)."""
    day = 28 if (end.month, end.day) == (2, 29) else end.day
    return end.replace(year=end.year + int(settings.retention_years), day=day)


def retention_end(complaint: Complaint, settings: Settings) -> date | None:
    """The day from which the complaint's personal data must go; None while it is open."""
    end = ended(complaint)
    return None if end is None else term_end(end, settings)


def _past_term(complaints: Iterable[Complaint], settings: Settings, today: date) -> list[Complaint]:
    return [
        c
        for c in complaints
        if c.anonymized is None and (end := retention_end(c, settings)) is not None and end <= today
    ]


def due_for_anonymizing(
    complaints: Iterable[Complaint], settings: Settings, today: date
) -> list[Complaint]:
    """Complaints past their retention term whose personal data is still there, and not under
    a legal hold."""
    return [c for c in _past_term(complaints, settings, today) if c.held(today) is None]


def held_past_term(
    complaints: Iterable[Complaint], settings: Settings, today: date
) -> list[tuple[Complaint, LegalHold]]:
    """Complaints past their retention term that a legal hold keeps, with that hold."""
    return [(c, hold) for c in _past_term(complaints, settings, today) if (hold := c.held(today))]


def anonymize_text(text: str, today: date) -> str:
    """The record text with name and phone replaced, the e-mail line removed and `anonymized`
    added; every other line (comments, layout) stays as it was. ValueError(field) when a
    personal field is not a plain `key: value` line of its own, or the record is anonymized."""
    if re.search(r"^anonymized:", text, re.MULTILINE):
        raise ValueError("anonymized")
    places = loader.places(text)
    lines = text.splitlines(keepends=True)
    drop, used = set(), set()
    for field in PERSONAL:
        place = places.get(field)
        if place is None:
            continue
        index, key = place.key_line - 1, field.rsplit(".", 1)[1]
        indent = " " * (place.key_column - 1)
        plain = place.line == place.key_line == place.end_line and place.raw is not None
        if not plain or index in used or not lines[index].startswith(f"{indent}{key}:"):
            raise ValueError(field)
        used.add(index)
        if key == "email":
            drop.add(index)
        else:
            lines[index] = f'{indent}{key}: "{PLACEHOLDER}"{_ending(lines[index])}'
    kept = [line for i, line in enumerate(lines) if i not in drop]
    end = _ending(lines[0]) if lines else "\n"  # the file's own line ends (CRLF too)
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += end
    kept.append(f"anonymized: {today.isoformat()}{end}")
    return "".join(kept)


def _ending(line: str, default: str = "\n") -> str:
    """The line end of `line` (CR LF or LF), or `default` for the last line without one."""
    return "\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else default


class Refused(Exception):
    """The file was left as it was. `code`: "layout" (a personal field not on a line of its own;
    `detail` names it) or "invalid" (the result would not pass the check; `detail` says why)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def anonymize_file(path: Path, display_path: str, today: date, env: records.Env, lang: str) -> int:
    """Anonymize one record file in place: edited line by line, checked as `klacht check` would,
    then written atomically (temp file + rename); its documents removed (the number returned)
    and counted in the record. Raises Refused, leaving the file untouched."""
    text = path.read_bytes().decode("utf-8")  # not read_text: its line ends stay as they are
    try:
        new = anonymize_text(text, today)
    except ValueError as exc:
        raise Refused("layout", exc.args[0]) from exc
    new, documents = attaching.without_documents(new)
    if documents:  # they are personal data through and through: removed, and counted
        new += f"documents_removed: {documents}{_ending(new)}"
    result = records.check_bytes(new.encode("utf-8"), display_path, env)
    if result.problems:
        raise Refused("invalid", result.problems[0].text(lang))
    writing.replace(path, new)
    return remove_documents(path.with_suffix(""))


def remove_documents(folder: Path) -> int:
    """Remove a complaint's folder of documents (the record no longer lists them); the number of
    files removed."""
    if folder.is_symlink() or not folder.is_dir():
        return 0
    removed = 0
    for entry in os.scandir(folder):
        if not entry.is_dir(follow_symlinks=False):
            os.unlink(entry.path)
            removed += 1
    with contextlib.suppress(OSError):  # a folder inside is left for `klacht check` to report
        folder.rmdir()
    return removed
