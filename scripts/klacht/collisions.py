"""Numbers that two branches both took: a record added here that the default branch also added,
for another complaint. Git would report it only at merge time, as an add/add conflict."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Sequence
from pathlib import Path

from klacht import loader
from klacht.problems import Problem


def _git(root: Path, *args: str) -> str | None:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def default_branch(root: Path) -> str | None:
    """The branch that complaints are merged into: origin's HEAD, else a local main or master
    that is not the current branch."""
    remote = _git(root, "symbolic-ref", "-q", "refs/remotes/origin/HEAD")
    if remote:
        return remote.strip()
    current = (_git(root, "symbolic-ref", "-q", "HEAD") or "").strip()
    for name in ("refs/remotes/origin/main", "refs/heads/main", "refs/heads/master"):
        if name != current and _git(root, "rev-parse", "-q", "--verify", name) is not None:
            return name
    return None


def _blobs(root: Path, ref: str, folder: str) -> dict[str, str]:
    listing = _git(root, "ls-tree", "-r", "-z", ref, "--", folder) or ""
    blobs = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        blobs[path] = meta.split()[2]
    return blobs


def blob_id(raw: bytes) -> str:
    """Git's object id of a file's bytes."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def find(root: Path, folder: str, paths: Sequence[str]) -> list[Problem]:
    """A problem for each of `paths` (display paths) that this branch added since it left the
    default branch, while the default branch added the same path with other content."""
    target = default_branch(root)
    base = target and _git(root, "merge-base", "HEAD", target)
    if not target or not base:
        return []
    theirs = _blobs(root, target, folder)
    at_base = _blobs(root, base.strip(), folder)
    shown = target.removeprefix("refs/remotes/").removeprefix("refs/heads/")
    problems = []
    for path in paths:
        if path in at_base or path not in theirs:
            continue
        raw = (root / path).read_bytes()
        if blob_id(raw) != theirs[path]:
            place = loader.places(raw.decode("utf-8", "replace")).get("id")
            line, column = (place.line, place.column) if place else (1, 1)
            args = {"id": Path(path).stem, "ref": shown, "path": path}
            problems.append(Problem(path, line, column, "records.collision", args, "id"))
    return problems
