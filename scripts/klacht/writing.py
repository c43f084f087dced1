"""Writing record files: YAML text in the house style, created atomically and never overwritten.

The temporary file of a write holds the record (personal data) until it is linked or renamed
into place; it lives in the Git folder (`.git/klacht-tmp/`), where `git add` never picks it up,
and a leftover of a killed process is removed by the next write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import time
from pathlib import Path
from typing import Any

import yaml

from klacht.loader import RecordLoader

# Never fold a long value over lines: double-quoted text stays one line, as the forms write it.
_ONE_LINE = 2**31
HEADER = "# yaml-language-server: $schema=../../schema/complaint.schema.json\n"
# A temporary file this old belongs to no running write (they take milliseconds).
LEFTOVER_SECONDS = 3600


class Quoted(str):
    """A string always written in double quotes, on one line: typed text is read back as exactly
    that text (a phone number never as a number, `nee` never as false). The site's forms write
    such text the same way (assets/forms.js)."""


class _Dumper(yaml.SafeDumper):
    # Dates and times are plain text in our records: do not quote them as if they were timestamps.
    yaml_implicit_resolvers = RecordLoader.yaml_implicit_resolvers


_Dumper.add_representer(
    Quoted, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
)


def scalar(value: str) -> str:
    """One text value as the house style writes it: double-quoted on one line, every character
    that YAML would read otherwise escaped."""
    return yaml.dump(Quoted(value), Dumper=_Dumper, allow_unicode=True, width=_ONE_LINE).split(
        "\n"
    )[0]


def render(data: dict[str, Any]) -> str:
    """The text of a record file: the schema header line, then the fields in the given order."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_ONE_LINE)
    return HEADER + body


def scratch_folder(path: Path) -> Path:
    """Where the temporary file of a write to `path` goes: `klacht-tmp/` in the Git folder of
    the repository `path` is in (also of a worktree, whose `.git` is a file naming it); the
    file's own folder outside a repository."""
    folder = path.parent.resolve()
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return dot_git / "klacht-tmp"
        if dot_git.is_file():
            line = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if line.startswith("gitdir:"):
                return (candidate / line.removeprefix("gitdir:").strip()) / "klacht-tmp"
    return path.parent


def _write_temp(path: Path, text: str | bytes, mode: int) -> str:
    """A new temp file holding `text` (or bytes), in `path`'s scratch folder (leftovers of
    killed writes removed first), synced to disk."""
    scratch = scratch_folder(path)
    if scratch != path.parent:
        scratch.mkdir(exist_ok=True)
        clean_leftovers(scratch)
    fd, tmp = _new_temp(scratch, mode)
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def clean_leftovers(scratch: Path, now: float | None = None) -> list[str]:
    """Remove the temp files in `scratch` older than LEFTOVER_SECONDS; their names."""
    limit = (time.time() if now is None else now) - LEFTOVER_SECONDS
    removed = []
    for entry in os.scandir(scratch):
        if entry.name.startswith(".klacht-") and entry.stat(follow_symlinks=False).st_mtime < limit:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed


def _place(tmp: str, path: Path, move: Any) -> None:
    """`move(tmp, path)`; across file systems (a Git folder elsewhere), via a temp file next to
    `path`, which is then moved the same way."""
    try:
        move(tmp, path)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        with open(tmp, "rb") as handle:
            raw = handle.read()
        fd, near = _new_temp(path.parent, os.stat(tmp).st_mode & 0o777)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
                handle.flush()
                os.fsync(handle.fileno())
            move(near, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(near)


def create(path: Path, text: str | bytes) -> None:
    """Write a new file (text, or bytes: a document) atomically; FileExistsError if `path`
    exists (nothing is overwritten).

    The text goes to a temp file in the scratch folder, which is then hard-linked to `path`: the
    link fails if `path` exists, so even two processes racing cannot overwrite each other. The
    file gets the permissions of any new file (0666 less the umask).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path, text, 0o666)
    try:
        _place(tmp, path, os.link)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _new_temp(folder: Path, mode: int) -> tuple[int, str]:
    """A new, empty temp file in `folder`, created with `mode` less the umask (mkstemp would
    give 0600)."""
    while True:
        tmp = os.path.join(folder, f".klacht-{secrets.token_hex(8)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), tmp
        except FileExistsError:
            continue


def replace(path: Path, text: str | bytes) -> None:
    """Rewrite an existing file atomically (temp file + rename): readers see old or new, never
    half. The text (or bytes: a document) is written as given (line ends included)."""
    tmp = _write_temp(path, text, 0o600)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777)
        _place(tmp, path, os.replace)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
