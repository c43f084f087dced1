"""Writing record files: YAML text in the house style, created atomically and never overwritten."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

import yaml

from klacht.loader import RecordLoader

HEADER = "# yaml-language-server: $schema=../../schema/complaint.schema.json\n"


class Quoted(str):
    """A string always written in double quotes (phone numbers: never read as a number)."""


class _Dumper(yaml.SafeDumper):
    # Dates and times are plain text in our records: do not quote them as if they were timestamps.
    yaml_implicit_resolvers = RecordLoader.yaml_implicit_resolvers


_Dumper.add_representer(
    Quoted, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
)


def render(data: dict[str, Any]) -> str:
    """The text of a record file: the schema header line, then the fields in the given order."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


def create(path: Path, text: str) -> None:
    """Write a new file atomically; FileExistsError if `path` exists (nothing is overwritten).

    The text goes to a temp file in the same folder, which is then hard-linked to `path`: the
    link fails if `path` exists, so even two processes racing cannot overwrite each other. The
    file gets the permissions of any new file (0666 less the umask).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _new_temp(path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    finally:
        os.unlink(tmp)


def _new_temp(folder: Path) -> tuple[int, str]:
    """A new, empty temp file in `folder`, created with mode 0666 so that the umask applies
    (mkstemp would give 0600)."""
    while True:
        tmp = os.path.join(folder, f".klacht-{secrets.token_hex(8)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue


def replace(path: Path, text: str) -> None:
    """Rewrite an existing file atomically (temp file + rename): readers see old or new, never half."""
    fd, tmp = tempfile.mkstemp(prefix=".klacht-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
