"""The audit trail: every commit that changed each complaint, read from Git in one pass.

A fixed number of git processes whatever the size of the archive: one `git log --raw` over the
complaints folder (renames followed, merges' side branches included, so every change appears at
the commit that made it), one `git cat-file --batch` for the file versions, and one question
whether the clone is shallow. Field-level changes come from comparing the parsed versions.
"""

from __future__ import annotations

import hashlib
import queue
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from klacht import loader, records
from klacht.config import Settings
from klacht.model import Complaint

_FORMAT = "%x01%H%x1f%an%x1f%ae%x1f%aI%x1f%s"
_KINDS = {
    "A": "added",
    "M": "modified",
    "R": "renamed",
    "D": "deleted",
    "C": "added",
    "T": "modified",
}
_NULL = "0" * 40


class GitError(RuntimeError):
    """Git could not be read (not a repository, unknown revision)."""


@dataclass(frozen=True)
class FieldChange:
    field: str  # dotted path, e.g. handling.cause or prevention.measures.0.done
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    commit: str
    author: str
    email: str
    date: datetime
    message: str
    kind: str  # added | modified | renamed | deleted
    path: str
    fields: tuple[FieldChange, ...] = ()
    readable: bool = True  # False when this version of the file could not be parsed


@dataclass
class History:
    """Changes by complaint id (oldest first). `shallow`: the clone lacks older history, so a
    complaint's first change shown may not be its registration."""

    shallow: bool
    by_id: dict[str, list[Change]] = field(default_factory=dict)

    def changes(self, complaint_id: str) -> list[Change]:
        return self.by_id.get(complaint_id, [])


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


@dataclass(frozen=True)
class _Entry:
    """One file change of one commit, as `git log --raw` lists it."""

    commit: tuple[str, str, str, str, str]  # hash, author, email, date, subject
    status: str
    old_blob: str
    new_blob: str
    old_path: str
    new_path: str


def _entries(chunk: str) -> Iterator[_Entry]:
    """The file changes of one commit's `git log --raw -z` output."""
    if chunk:
        header, _, rest = chunk.partition("\0")
        commit = tuple(header.split("\x1f", 4))
        tokens = rest.lstrip("\n").split("\0")
        i = 0
        while i < len(tokens) and tokens[i].startswith(":"):
            meta = tokens[i].split()
            status = meta[4][0]
            if status in "RC":
                old_path, new_path = tokens[i + 1], tokens[i + 2]
                i += 3
            else:
                old_path = new_path = tokens[i + 1]
                i += 2
            yield _Entry(commit, status, meta[2], meta[3], old_path, new_path)  # type: ignore[arg-type]


def read_blobs(root: Path, blobs: set[str]) -> dict[str, bytes]:
    """The contents of many blobs with one `git cat-file --batch`."""
    order = sorted(blobs)
    if not order:
        return {}
    out = git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in order).encode())
    contents: dict[str, bytes] = {}
    pos = 0
    for blob in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if header[-1] == b"missing":
            pos = end + 1
            continue
        size = int(header[2])
        contents[blob] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return contents


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by dotted path: {"customer.name": ..., "prevention.measures.0.due": ...}."""
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return {prefix: data}
    flat: dict[str, Any] = {}
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict | list) and value:
            flat.update(flatten(value, path))
        else:
            flat[path] = value
    return flat


def field_changes(
    old: dict[str, Any] | None, new: dict[str, Any] | None
) -> tuple[FieldChange, ...]:
    """What changed from one version of a record to the next, field by field."""
    before, after = flatten(old or {}), flatten(new or {})
    paths = list(after) + [p for p in before if p not in after]
    return tuple(
        FieldChange(p, before.get(p), after.get(p))
        for p in paths
        if before.get(p) != after.get(p) or (p in before) != (p in after)
    )


def _parse(content: bytes | None) -> dict[str, Any] | None:
    if content is None:
        return None
    try:
        return loader.parse(loader.decode(content, 1 << 30))
    except loader.LoadError:
        return None


def _stream(
    root: Path, log_args: list[str], known: Callable[[str], Any]
) -> tuple[list[_Entry], dict[str, Any]]:
    """Run `git log` and `git cat-file --batch` side by side: each file version is requested as
    soon as the log names it and parsed (in a thread) while git still walks the history. A
    version whose bytes `known` recognises (by content hash) is not parsed again."""
    log = subprocess.Popen(
        ["git", *log_args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    cat = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE)  # fmt: skip
    parsed: dict[str, Any] = {}
    requests: queue.Queue[str | None] = queue.Queue()

    def read_blobs() -> None:
        for blob in iter(requests.get, None):
            header = cat.stdout.readline().split()
            if not header or header[-1] == b"missing":
                parsed[blob] = None
                continue
            content = cat.stdout.read(int(header[2]))
            cat.stdout.read(1)
            data = known(hashlib.blake2b(content, digest_size=16).hexdigest())
            parsed[blob] = data if data is not None else _parse(content)

    reader = threading.Thread(target=read_blobs, daemon=True)
    reader.start()
    entries: list[_Entry] = []
    pending = b""

    def take(pieces: list[bytes]) -> None:
        for piece in pieces:
            for entry in _entries(piece.decode("utf-8", "replace")):
                entries.append(entry)
                for blob in (entry.old_blob, entry.new_blob):
                    if blob != _NULL and blob not in parsed:
                        parsed[blob] = None
                        requests.put(blob)
                        cat.stdin.write(blob.encode() + b"\n")
        cat.stdin.flush()

    for chunk in iter(lambda: log.stdout.read(1 << 16), b""):
        *complete, pending = (pending + chunk).split(b"\x01")
        take(complete)
    take([pending])
    cat.stdin.close()
    requests.put(None)
    reader.join()
    cat.wait()
    error = log.stderr.read()
    if log.wait() != 0:
        raise GitError(error.decode("utf-8", "replace").strip())
    return entries, parsed


def _oldest_first(entries: list[_Entry]) -> list[_Entry]:
    """Commits oldest first, keeping each commit's own file order."""
    commits: list[list[_Entry]] = []
    for entry in entries:
        if not commits or commits[-1][0].commit is not entry.commit:
            commits.append([])
        commits[-1].append(entry)
    return [entry for commit in reversed(commits) for entry in commit]


def is_shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"


def read(settings: Settings, revision: str = "HEAD") -> History:
    """The history of every complaint under the complaints folder, up to `revision`."""
    root = settings.root
    try:
        shallow = is_shallow(root)
        # Newest first, as git streams it (--reverse would make git hold everything back).
        cache = records.Cache(settings)  # the checked records' data, by the same content hash
        entries, parsed = _stream(root, ["log", "--raw", "-z", "--no-abbrev", "-M",
                                         f"--format={_FORMAT}", revision, "--",
                                         settings.complaints_dir],
                                  lambda digest: cache.shard(digest).get(digest))  # fmt: skip
    except GitError:
        return History(False)  # not a repository, or no commit yet: no history
    chains: dict[str, list[Change]] = {}
    ended: dict[str, list[Change]] = {}
    for e in _oldest_first(entries):
        sha, author, email, date, subject = e.commit
        new = parsed.get(e.new_blob) if e.new_blob != _NULL else None
        old = parsed.get(e.old_blob) if e.old_blob != _NULL else None
        kind = _KINDS.get(e.status, "modified")
        readable = e.new_blob == _NULL or new is not None
        change = Change(sha, author, email, datetime.fromisoformat(date), subject, kind,
                        e.new_path, field_changes(old, new), readable)  # fmt: skip
        if kind == "added":
            chain = chains.pop(e.new_path, None) or []
            chains[e.new_path] = chain
        elif kind == "renamed":
            chain = chains.pop(e.old_path, [])
            chains[e.new_path] = chain
        else:
            chain = chains.setdefault(e.new_path, [])
        chain.append(change)
        if kind == "deleted":
            ended[PurePosixPath(e.new_path).stem] = chains.pop(e.new_path)
    by_id = dict(ended)
    by_id.update((PurePosixPath(path).stem, chain) for path, chain in chains.items())
    return History(shallow, by_id)


def registration_delay(complaint: Complaint, changes: list[Change]) -> timedelta | None:
    """Time from receiving the complaint to its first commit (the procedure: register at once)."""
    if not changes:
        return None
    return changes[0].date - complaint.received


def authors(changes: list[Change]) -> dict[str, int]:
    """Commits per author, in order of first appearance."""
    count: dict[str, int] = {}
    for change in changes:
        count[change.author] = count.get(change.author, 0) + 1
    return count
