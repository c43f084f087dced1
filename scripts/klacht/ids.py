"""Complaint numbers: the next free `K-<year>-<nnn>`, looking at the work tree and at every local
and remote-tracking branch, so that two people on two branches rarely pick the same number."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from pathlib import Path

from klacht import git
from klacht.config import Settings

ID = re.compile(r"^K-(\d{4})-(\d{3,})$")


def make_id(year: int, number: int) -> str:
    return f"K-{year}-{number:03d}"


def numbers(names: Iterable[str], year: int) -> set[int]:
    """Sequence numbers of `year` among file names or ids (`K-2026-007.yaml` or `K-2026-007`)."""
    found = set()
    for name in names:
        match = ID.match(Path(name).stem)
        if match and int(match.group(1)) == year:
            found.add(int(match.group(2)))
    return found


def branch_names(root: Path, folder: str) -> list[str]:
    """File names under `folder` on every local and remote-tracking branch (one git call per
    branch); empty outside a Git repository."""
    names: list[str] = []
    for ref in git.branches(root):
        with contextlib.suppress(git.GitError):
            names.extend(git.tree_blobs(root, ref, folder))
    return names


def next_id(settings: Settings, year: int, taken: Iterable[str] = ()) -> str:
    """The next free number of `year`: one past the highest used in the work tree, on any
    branch, or in `taken`."""
    folder = f"{settings.complaints_dir}/{year}"
    local = [p.name for p in (settings.root / folder).glob("*.y*ml")]
    used = numbers([*local, *branch_names(settings.root, folder), *taken], year)
    return make_id(year, max(used, default=0) + 1)
