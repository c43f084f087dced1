"""Adding a document to a complaint (`klacht attach`, `klacht brief --save`): a safe file name made
from the original's, the file copied into the complaint's folder (atomically, never over another
file), and its entry added to the record, whose other lines (comments, layout) stay as they were.

`safe_name` and `with_entry` are pure; `attach` does the writing, and refuses (`Refused`) before
anything is written when the file or the result would not pass `klacht check`. In privacy mode
(SPEC §10) the document is told by its content first, then stored encrypted to its cohort's
public key as `<name>.age`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from klacht import documents, loader, records, writing
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.problems import Problem

MSG = Catalog(
    {
        "bad_id": (
            "'{id}' is geen klachtnummer; schrijf bijvoorbeeld K-2026-007",
            "'{id}' is not a complaint number; write for example K-2026-007",
        ),
        "no_record": (
            "geen klacht {id}: {path} bestaat niet",
            "no complaint {id}: {path} does not exist",
        ),
        "unreadable": (
            "{path} kan niet gelezen worden als klacht; herstel het eerst (klacht check)",
            "{path} cannot be read as a complaint; repair it first (klacht check)",
        ),
        "anonymized": (
            "klacht {id} is geanonimiseerd: de bewaartermijn is voorbij en er komen geen "
            "documenten meer bij",
            "complaint {id} is anonymized: its retention term has passed and no documents are "
            "added any more",
        ),
        "layout": (
            "de lijst 'documents' in {path} is niet als lijst van regels '- file: …' geschreven; "
            "voeg het document met de hand toe",
            "the list 'documents' in {path} is not written as lines '- file: …'; add the "
            "document by hand",
        ),
        "folder_link": (
            "{folder} is geen gewone map (maar een snelkoppeling of bestand); er is niets opgeslagen",
            "{folder} is not a plain folder (but a link or a file); nothing was saved",
        ),
        "privacy": ("{reason}", "{reason}"),
        "taken": (
            "{folder} heeft al honderd bestanden als {name}; kies een andere naam",
            "{folder} already has a hundred files like {name}; choose another name",
        ),
    }
)

# Room for `-NN` and the extension within documents' name limit.
_STEM_CHARACTERS = 80
_TITLE_CHARACTERS = 200
_TRIES = 100


class Refused(Exception):
    """Nothing was written: a key of MSG with its arguments, or a `Problem` of the check."""

    def __init__(self, key: str, /, problem: Problem | None = None, **args: Any) -> None:
        super().__init__(key)
        self.key, self.problem, self.args_ = key, problem, args

    def text(self, lang: str) -> str:
        return self.problem.text(lang) if self.problem else MSG(lang, self.key, **self.args_)


def safe_name(original: str) -> str:
    """A file name for a document from the name it came with: the last part of any path, letters
    without accents, digits, `-` and `.` only, lower case, no Windows device name, at most
    `_STEM_CHARACTERS` before the extension. `../Brief van Zoë (1).PDF` -> `brief-van-zoe-1.pdf`."""
    base = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in original)
    base = re.split(r"[/\\]", base)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:_STEM_CHARACTERS].strip("-")
    stem = stem or "document"
    if documents.name_problem(f"{stem}.x") == "documents.name_reserved":
        stem += "-document"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10]
    return f"{stem}.{ext}" if ext else stem


def numbered(name: str, number: int) -> str:
    """`brief.pdf`, 2 -> `brief-2.pdf`."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{number}.{ext}" if dot else f"{name}-{number}"


def title_of(original: str) -> str:
    """A title from the original file name: its stem, without invisible characters."""
    stem = re.split(r"[/\\]", original)[-1].rpartition(".")[0] or original
    shown = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in stem)
    return " ".join(shown.split())[:_TITLE_CHARACTERS] or "Document"


def _ending(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _block_end(places: dict[str, loader.Place], lines: list[str], start: int) -> int:
    """The line after the block of the top-level key on line `start` (1-based): where the next
    top-level key is, less the blank lines before it (the end of the file when none follows)."""
    later = [p.key_line for k, p in places.items() if k and "." not in k and p.key_line > start]
    at = min(later) - 1 if later else len(lines)
    while at > start and not lines[at - 1].strip(" \t\r\n"):
        at -= 1
    return at


def without_documents(text: str) -> tuple[str, int]:
    """The record text without its `documents` block (key, items and the comments among them),
    and the number of documents it listed; every other line stays as it was."""
    places = loader.places(text)
    place = places.get("documents")
    if place is None:
        return text, 0
    count = sum(1 for k in places if re.fullmatch(r"documents\.[0-9]+", k))
    lines = text.splitlines(keepends=True)
    end = _block_end(places, lines, place.key_line)
    return "".join(lines[: place.key_line - 1] + lines[end:]), count


def with_entry(text: str, name: str, title: str, day: date) -> str:
    """The record text with an entry for a document at the end of `documents` (the list made
    where there is none); every other line stays as it was. ValueError when the list is not a
    block of `- ` items."""
    places = loader.places(text)
    lines = text.splitlines(keepends=True)
    end = _ending(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += end
    place = places.get("documents")
    items = [p for k, p in places.items() if re.fullmatch(r"documents\.[0-9]+", k)]
    if items:
        first = items[0]
        dash = lines[first.key_line - 1][: first.key_column - 1]
        if dash.strip() != "-":
            raise ValueError("documents")
        indent = " " * len(dash)
        at = _block_end(places, lines, place.key_line)
    elif place is not None:
        if place.raw is None and place.line != place.key_line:
            raise ValueError("documents")
        at = place.key_line
        key_indent = " " * (place.key_column - 1)
        lines[at - 1] = f"{key_indent}documents:{end}"
        dash, indent = f"{key_indent}  - ", f"{key_indent}    "
    else:
        lines.append(f"documents:{end}")
        at, dash, indent = len(lines), "  - ", "    "
    entry = [
        f"{dash}file: {writing.scalar(name)}{end}",
        f"{indent}title: {writing.scalar(title)}{end}",
        f"{indent}date: {day.isoformat()}{end}",
    ]
    return "".join(lines[:at] + entry + lines[at:])


@dataclass(frozen=True)
class Added:
    """A document added: its path (posix, from the register's root) and its entry."""

    path: str
    file: str
    title: str
    date: date


def _sealed(settings: Settings, record_id: str, content: bytes) -> tuple[bytes, str]:
    """In privacy mode the document encrypted to its cohort's public key, and the suffix of its
    name (`.age`); else as it is. Refused when the cohort has no usable key."""
    if settings.privacy.get("encrypt") is not True:
        return content, ""
    from klacht import privacy

    try:
        recipient = privacy.cohort_recipient(settings, int(record_id.split("-")[1]))
        return privacy.encrypt_bytes(content, recipient), documents.ENCRYPTED
    except privacy.PrivacyError as exc:
        raise Refused("privacy", reason=str(exc)) from None


def too_large(name: str, size: int, settings: Settings) -> Problem:
    """The check's problem for a file over the size limit (said without reading it)."""
    args = {"name": name, "size_bytes": size, "limit_bytes": settings.document_max_bytes}
    return Problem("", 1, 1, "documents.too_large", args)


def record_path(settings: Settings, record_id: str) -> Path:
    return settings.complaints_path / record_id.split("-")[1] / f"{record_id}.yaml"


def attach(
    settings: Settings,
    record_id: str,
    content: bytes,
    original_name: str,
    title: str | None = None,
    day: date | None = None,
) -> Added:
    """Copy a document into complaint `record_id`'s folder and list it in the record; Refused,
    with nothing written, when the document or the resulting record would not pass the check."""
    if not documents.FOLDER_NAME.match(record_id):
        raise Refused("bad_id", id=record_id)
    path = record_path(settings, record_id)
    shown = records.display_path(path, settings.root)
    try:
        text = path.read_bytes().decode("utf-8")
        data = loader.parse(text)
    except FileNotFoundError:
        raise Refused("no_record", id=record_id, path=shown) from None
    except (OSError, UnicodeDecodeError, loader.LoadError):
        raise Refused("unreadable", path=shown) from None
    if data.get("anonymized") is not None:
        raise Refused("anonymized", id=record_id)
    name = safe_name(original_name)
    found = documents.content_problem(content, name, documents.Limits.of(settings))
    if found is not None:
        code, args = found
        raise Refused(code, Problem(shown, 1, 1, code, {"name": original_name, **args}))
    folder = path.with_suffix("")
    folder_shown = records.display_path(folder, settings.root) + "/"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise Refused("folder_link", folder=folder_shown)
    taken = set(os.listdir(folder)) if folder.is_dir() else set()
    taken |= {item.get("file") for item in data.get("documents") or () if isinstance(item, dict)}
    content, suffix = _sealed(settings, record_id, content)
    title = title if title and title.strip() else title_of(original_name)
    day = day or datetime.now(settings.tz).date()
    env = records.Env.of(settings)
    for number in range(1, _TRIES + 1):
        candidate = (name if number == 1 else numbered(name, number)) + suffix
        if candidate in taken:
            continue
        try:
            new = with_entry(text, candidate, title, day)
        except ValueError:
            raise Refused("layout", path=shown) from None
        result = records.check_bytes(new.encode("utf-8"), shown, env)
        if result.problems:
            raise Refused(result.problems[0].code, result.problems[0])
        folder.mkdir(exist_ok=True)
        try:
            writing.create(folder / candidate, content)
        except FileExistsError:  # added meanwhile, by someone else
            continue
        try:
            writing.replace(path, new)
        except BaseException:
            (folder / candidate).unlink()
            raise
        return Added(f"{folder_shown}{candidate}", candidate, title, day)
    raise Refused("taken", name=name, folder=folder_shown)
