"""Numbers that two branches both took: a record added here that the default branch also added,
for another complaint. Git would report it only at merge time, as an add/add conflict."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from klacht import git, loader
from klacht.problems import Problem


def find(root: Path, folder: str, paths: Sequence[str]) -> list[Problem]:
    """A problem for each of `paths` (display paths) that this branch added since it left the
    default branch, while the default branch added the same path with other content."""
    target = git.default_branch(root)
    base = target and git.merge_base(root, "HEAD", target)
    if not target or not base:
        return []
    try:
        theirs = git.tree_blobs(root, target, folder)
        at_base = git.tree_blobs(root, base, folder)
    except git.GitError:
        return []
    algorithm = git.object_format(root)
    problems = []
    for path in paths:
        if path in at_base or path not in theirs:
            continue
        raw = (root / path).read_bytes()
        if git.blob_id(raw, algorithm) != theirs[path]:
            place = loader.places(raw.decode("utf-8", "replace")).get("id")
            line, column = (place.line, place.column) if place else (1, 1)
            args = {"id": Path(path).stem, "ref": git.short(target), "path": path}
            problems.append(Problem(path, line, column, "records.collision", args, "id"))
    return problems


def _unmerged(root: Path, pathspec: str) -> dict[str, dict[int, str]]:
    """The blob of each side of every unresolved conflict at or under `pathspec`, by path and
    stage (1: the common version, 2: ours, 3: theirs); empty when there is none."""
    try:
        listing = git.run(root, "ls-files", "-u", "-z", "--", f":(literal){pathspec}")
    except git.GitError:
        return {}
    stages: dict[str, dict[int, str]] = {}
    for entry in filter(None, listing.split(b"\0")):
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3:
            stages.setdefault(path.decode("utf-8", "replace"), {})[int(parts[2])] = parts[
                1
            ].decode()
    return stages


def _on(root: Path, ref: str, relative: str) -> str | None:
    try:
        return git.tree_blobs(root, ref, relative).get(relative)
    except git.GitError:
        return None


def conflict_sides(root: Path, relative: str) -> tuple[bytes, bytes, str, int] | None:
    """For a file in an add/add conflict (two branches registered the same number): the version
    to keep under this number (the one the default branch holds), the one to renumber, the
    default branch, and the stage of the one to renumber (2: ours, 3: theirs). None when the
    file is not in such a conflict, or neither side is on the default branch."""
    stages = _unmerged(root, relative).get(relative, {})
    target = git.default_branch(root)
    if 1 in stages or not {2, 3} <= set(stages) or not target:
        return None
    published = _on(root, target, relative)
    if published not in (stages[2], stages[3]):
        return None
    other = stages[3] if published == stages[2] else stages[2]
    contents = git.read_blobs(root, {published, other})
    if published not in contents or other not in contents:
        return None
    stage = 3 if other == stages[3] else 2
    return contents[published], contents[other], git.short(target), stage


def conflict_versions(root: Path, folder: str, names: Iterable[str]) -> dict[str, dict[int, bytes]]:
    """The documents of `folder` (relative to `root`) among `names` that are in an add/add
    conflict themselves (both complaints hold a document of that name, with other content): by
    name, the content of each side by stage (2: ours, 3: theirs). One `git cat-file` for all."""
    unmerged = _unmerged(root, f"{folder}/")
    stages = {name: unmerged.get(f"{folder}/{name}", {}) for name in names}
    both = {
        name: found for name, found in stages.items() if 1 not in found and {2, 3} <= set(found)
    }
    try:
        contents = git.read_blobs(root, {found[n] for found in both.values() for n in (2, 3)})
    except git.GitError:
        return {}
    return {
        name: {n: contents[found[n]] for n in (2, 3)}
        for name, found in both.items()
        if found[2] in contents and found[3] in contents
    }


def renumber_refusal(root: Path, relative: str, raw: bytes) -> tuple[str, str] | None:
    """Why the record at `relative` (relative to `root`) with these bytes may not be renumbered:
    (message key, branch), or None. Only a record that exists on the current branch alone gets
    a new number: not one another branch holds exactly so, nor one already on the default
    branch (or, where there is none to compare with, one already committed)."""
    head = git.current_branch(root)
    blob = git.blob_id(raw, git.object_format(root))
    for ref in git.branches(root):
        if ref != head and _on(root, ref, relative) == blob:
            return "on_branch", git.short(ref)
    if git.resolve(root, "HEAD") is None:
        return None  # nothing committed yet
    target = git.default_branch(root)
    base = git.merge_base(root, "HEAD", target) if target else "HEAD"
    shown = git.short(target) if target else git.short(head or "HEAD")
    if base and _on(root, base, relative) is not None:
        return "published", shown
    return None
