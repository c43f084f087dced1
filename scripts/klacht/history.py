"""The audit trail: every commit that changed each complaint, read from Git in one pass.

A fixed number of git processes whatever the size of the archive: one `git rev-parse` (is the
clone shallow, and where does it end), one `git log --raw` over the complaints folder (renames
followed; side branches included, so every change appears at the commit that made it; merges
only where they changed a record beyond both sides), one `git cat-file --batch` for the file
versions not seen before, and, rarely, a second one for versions the cache knew but whose
comparison it did not hold. Field changes come from comparing parsed versions, and are cached
by pair of blob ids (content-addressed) under the cache folder, so a second run reads only Git's
log.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import queue
import subprocess
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from klacht import __version__, loader
from klacht.config import Settings
from klacht.model import Complaint

_FORMAT = "%x01%H%x1f%an%x1f%ae%x1f%aI%x1f%s"
_KINDS = {"A": "added", "M": "modified", "R": "renamed", "D": "deleted", "T": "modified"}
_NULL = "0" * 40
_MISSING = object()  # a value absent from one version (None is a present, empty value)


class GitError(RuntimeError):
    """Git could not be read (not a repository, unknown revision)."""


@dataclass(frozen=True)
class FieldChange:
    field: str  # dotted path, e.g. handling.cause or prevention.measures.0.done
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One commit's change to one complaint file. `readable` is False when this version could not
    be parsed (its fields are then empty; the next version is compared with the last readable
    one). `truncated`: the oldest commit of a shallow clone, where the file appears as added
    although it existed before."""

    commit: str
    author: str
    email: str
    date: datetime
    message: str
    kind: str  # added | modified | renamed | deleted
    path: str
    fields: tuple[FieldChange, ...] = ()
    readable: bool = True
    truncated: bool = False


@dataclass
class History:
    """Changes by complaint id (oldest first). `shallow`: the clone lacks older history, so a
    complaint's first change shown may not be its registration (see `Change.truncated`)."""

    shallow: bool
    by_id: dict[str, list[Change]] = field(default_factory=dict)

    def changes(self, complaint_id: str) -> list[Change]:
        return self.by_id.get(complaint_id, [])


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs with one `git cat-file --batch` (missing ones left out)."""
    order = sorted(set(blobs))
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


# --- Field changes: pure functions over parsed versions -------------------------------------


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by dotted path: {"customer.name": ..., "prevention.measures.0.due": ...}.
    Empty mappings and lists are leaves."""
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


def _flat_parts(data: Any, keys: Iterable[str]) -> dict[str, Any]:
    """`flatten` of only the given top-level keys of a mapping."""
    if not isinstance(data, dict):
        return flatten(data) if data is not None else {}
    flat: dict[str, Any] = {}
    for key in keys:
        if key in data:
            flat.update(flatten({key: data[key]}))
    return flat


def _covered(path: str, other: dict[str, Any]) -> bool:
    """An empty value at `path` whose place the other version fills with nested fields
    (`mediation: null` against `mediation.referred`): not a change of its own."""
    prefix = path + "."
    return any(p.startswith(prefix) for p in other)


def _empty(value: Any) -> bool:
    return value is None or value == {} or value == []


def field_changes(old: Any, new: Any) -> tuple[FieldChange, ...]:
    """What changed from one version of a record to the next, field by field (dotted paths,
    lists by index; a field absent from a version is None). Only top-level keys whose values
    differ are flattened."""
    old_map = old if isinstance(old, dict) else {}
    new_map = new if isinstance(new, dict) else {}
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in new_map if k not in old_map or old_map[k] != new_map[k]]
        keys += [k for k in old_map if k not in new_map]
    else:
        keys = list(new_map) + [k for k in old_map if k not in new_map]
    before, after = _flat_parts(old, keys), _flat_parts(new, keys)
    found = []
    for path in list(after) + [p for p in before if p not in after]:
        a, b = before.get(path, _MISSING), after.get(path, _MISSING)
        if a == b and (a is _MISSING) == (b is _MISSING):
            continue
        if (b is _MISSING or _empty(b)) and _covered(path, after):
            continue
        if (a is _MISSING or _empty(a)) and _covered(path, before):
            continue
        found.append(FieldChange(path, None if a is _MISSING else a, None if b is _MISSING else b))
    return tuple(found)


def merge_changes(parents: list[Any], merged: Any) -> tuple[FieldChange, ...]:
    """What a merge itself changed: fields whose merged value is in none of the parents (a
    conflict resolved by hand), shown against the first parent."""
    found = {c.field: c for c in field_changes(parents[0], merged)}
    for other in parents[1:]:
        still = {c.field for c in field_changes(other, merged)}
        found = {k: c for k, c in found.items() if k in still}
    return tuple(found.values())


def _parse(content: bytes) -> Any:
    try:
        return loader.parse(loader.decode(content, 1 << 30))
    except loader.LoadError:
        return None


# --- Reading git log -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One file change of one commit, as `git log --raw` lists it. A merge has one old blob per
    parent (combined format); "" stands for no version."""

    commit: tuple[str, str, str, str, str]  # hash, author, email, date, subject
    status: str
    olds: tuple[str, ...]
    new: str
    old_path: str
    new_path: str


def _blob(sha: str) -> str:
    return "" if sha == _NULL else sha


def _entries(chunk: str) -> Iterator[_Entry]:
    """The file changes of one commit's `git log --raw -z` output (combined for merges)."""
    if not chunk:
        return
    header, _, rest = chunk.partition("\0")
    commit = tuple(header.split("\x1f", 4))
    tokens = [t for t in rest.split("\0") if t.strip("\n")]
    i = 0
    while i < len(tokens) and tokens[i].lstrip("\n").startswith(":"):
        meta = tokens[i].lstrip("\n")
        parents = len(meta) - len(meta.lstrip(":"))
        parts = meta[parents:].split()
        shas = parts[parents + 1 : 2 * parents + 2]
        status = parts[-1]
        if parents == 1 and status[0] in "RC":
            old_path, new_path = tokens[i + 1], tokens[i + 2]
            i += 3
        else:
            old_path = new_path = tokens[i + 1]
            i += 2
        olds = tuple(_blob(s) for s in shas[:-1])
        yield _Entry(commit, status, olds, _blob(shas[-1]), old_path, new_path)  # type: ignore[arg-type]


class _Blobs:
    """One `git cat-file --batch` fed while `git log` runs: a writer thread sends the requests
    (so the log is never held up by the parsing) and a reader thread parses the answers."""

    def __init__(self, root: Path) -> None:
        self.parsed: dict[str, Any] = {}
        self.requested: set[str] = set()
        self._process = subprocess.Popen(
            ["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self._requests: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._threads = [threading.Thread(target=f, daemon=True) for f in (self._write, self._read)]
        for thread in self._threads:
            thread.start()

    def request(self, blob: str) -> None:
        if blob and blob not in self.requested:
            self.requested.add(blob)
            self._requests.put(blob)

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        with contextlib.suppress(BrokenPipeError):
            for blob in iter(self._requests.get, None):
                stdin.write(f"{blob}\n".encode())
                if self._requests.empty():
                    stdin.flush()
        with contextlib.suppress(BrokenPipeError):
            stdin.close()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        for line in iter(stdout.readline, b""):
            header = line.split()
            if header[-1] == b"missing":
                continue
            content = stdout.read(int(header[2]))
            stdout.read(1)
            self.parsed[header[0].decode()] = _parse(content)

    def close(self) -> dict[str, Any]:
        self._requests.put(None)
        for thread in self._threads:
            thread.join()
        self._process.wait()
        return self.parsed


def _log(root: Path, args: list[str], known: set[str]) -> tuple[list[_Entry], dict[str, Any]]:
    """Run `git log` and request every file version not in `known` as soon as it is named."""
    log = subprocess.Popen(["git", *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert log.stdout is not None and log.stderr is not None
    blobs = _Blobs(root)
    entries: list[_Entry] = []

    def take(piece: bytes) -> None:
        for entry in _entries(piece.decode("utf-8", "replace")):
            entries.append(entry)
            for blob in (*entry.olds, entry.new):
                if blob not in known:
                    blobs.request(blob)

    pending = b""
    try:
        for chunk in iter(lambda: log.stdout.read(1 << 16), b""):  # type: ignore[union-attr]
            *complete, pending = (pending + chunk).split(b"\x01")
            for piece in complete:
                take(piece)
        take(pending)
    finally:
        parsed = blobs.close()
        error = log.stderr.read()
    if log.wait() != 0:
        raise GitError(error.decode("utf-8", "replace").strip())
    return entries, parsed


def _oldest_first(entries: list[_Entry]) -> list[_Entry]:
    """Commits oldest first (git lists them newest first), keeping each commit's file order."""
    commits: list[list[_Entry]] = []
    for entry in entries:
        if not commits or commits[-1][0].commit is not entry.commit:
            commits.append([])
        commits[-1].append(entry)
    return [entry for commit in reversed(commits) for entry in commit]


# --- The cache of field changes --------------------------------------------------------------


class _Cache:
    """Field changes by pair of blob ids ("old1,old2:new"), and the blobs that did not parse.
    Valid while this module, the loader and the package version are the same."""

    def __init__(self, settings: Settings) -> None:
        self.file = settings.root / settings.cache_dir / "history.marshal"
        fingerprint = hashlib.blake2b(__version__.encode(), digest_size=16)
        for module in (loader, __file__):
            name = module if isinstance(module, str) else module.__file__ or ""
            fingerprint.update(Path(name).read_bytes())
        self.key = fingerprint.hexdigest()
        self.pairs: dict[str, list[list[Any]]] = {}
        self.broken: set[str] = set()
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            stored = marshal.loads(self.file.read_bytes())
            if isinstance(stored, dict) and stored.get("key") == self.key:
                self.pairs, self.broken = stored["pairs"], set(stored["broken"])
        self.dirty = False

    def known(self) -> set[str]:
        """Blobs whose every comparison so far is cached (they need not be read again)."""
        found = set(self.broken)
        for pair in self.pairs:
            olds, new = pair.split(":")
            found.add(new)
            found.update(olds.split(","))
        found.discard("")
        return found

    def save(self) -> None:
        if not self.dirty:
            return
        data = marshal.dumps({"key": self.key, "pairs": self.pairs, "broken": sorted(self.broken)})
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".history-", dir=self.file.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.file)


# --- Putting it together ---------------------------------------------------------------------


def _shallow_boundary(root: Path) -> tuple[bool, set[str]]:
    """Whether the clone is shallow, and its boundary commits (shown by git as root commits)."""
    out = git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    flag, shallow_file = out.decode().splitlines()[:2]
    if flag != "true":
        return False, set()
    with contextlib.suppress(OSError):
        return True, set((root / shallow_file).read_text().split())
    return True, set()


def is_shallow(root: Path) -> bool:
    return _shallow_boundary(root)[0]


def _resolve(
    entries: list[_Entry], parsed: dict[str, Any], cache: _Cache
) -> tuple[list[tuple[_Entry, str, bool]], set[str]]:
    """Per entry (oldest first): its cache key and whether its new version is readable; and the
    blobs still to read for comparisons that neither the cache nor this run's reading hold.
    An unreadable version is skipped over: the next one is compared with the last readable."""
    nearest: dict[str, str] = {}  # unreadable blob -> nearest readable version before it
    resolved, missing = [], set()
    for entry in entries:
        olds = tuple(nearest.get(b, b) for b in entry.olds)
        new = entry.new
        if new and (new in cache.broken or (new in parsed and parsed[new] is None)):
            cache.dirty |= new not in cache.broken
            cache.broken.add(new)
            nearest[new] = olds[0] if olds else ""
            resolved.append((entry, "", False))
            continue
        key = f"{','.join(olds)}:{new}"
        if key not in cache.pairs:
            missing.update(b for b in (*olds, new) if b and b not in parsed)
        resolved.append((entry, key, True))
    return resolved, missing


def _compare(key: str, parsed: dict[str, Any]) -> list[list[Any]]:
    olds, new = key.split(":")
    versions = [parsed.get(b) if b else None for b in olds.split(",")]
    merged = parsed.get(new) if new else None
    found = field_changes(versions[0], merged) if len(versions) == 1 else (
        merge_changes(versions, merged))  # fmt: skip
    return [[c.field, c.old, c.new] for c in found]


def _kind(entry: _Entry) -> str:
    if len(entry.olds) > 1:
        return "added" if not any(entry.olds) else "deleted" if not entry.new else "modified"
    return _KINDS.get(entry.status[0], "modified")


def read(settings: Settings, revision: str = "HEAD") -> History:
    """The history of every complaint under the complaints folder, up to `revision`."""
    root = settings.root
    try:
        shallow, boundary = _shallow_boundary(root)
    except GitError:
        return History(False)  # not a repository
    cache = _Cache(settings)
    args = ["log", "--raw", "-z", "--no-abbrev", "-M", "--cc", "--root", "--date-order",
            "--relative", "--no-color", f"--format={_FORMAT}", revision, "--",
            settings.complaints_dir]  # fmt: skip
    try:
        entries, parsed = _log(root, args, cache.known())
    except GitError:
        return History(shallow)  # no commit yet
    resolved, missing = _resolve(_oldest_first(entries), parsed, cache)
    if missing:  # versions the cache knew, in a comparison it did not hold (one more process)
        parsed.update((b, _parse(c)) for b, c in read_blobs(root, missing).items())
    chains: dict[str, list[int]] = {}  # by path: positions in `changes`
    changes: list[Change] = []
    for entry, key, readable in resolved:
        if key and key not in cache.pairs:
            cache.pairs[key] = _compare(key, parsed)
            cache.dirty = True
        kind = _kind(entry)
        if kind == "modified" and len(entry.olds) > 1 and not cache.pairs[key]:
            continue  # a merge that only combined both sides: each change is shown where made
        sha, author, email, date, subject = entry.commit
        fields = tuple(FieldChange(*f) for f in cache.pairs[key]) if key else ()
        chain = chains.setdefault(entry.new_path, [])
        if kind == "renamed":
            chain.extend(chains.pop(entry.old_path, []))
        chain.append(len(changes))
        changes.append(Change(sha, author, email, datetime.fromisoformat(date), subject, kind,
                              entry.new_path, fields, readable,
                              truncated=sha in boundary and kind == "added"))  # fmt: skip
    cache.save()
    by_id: dict[str, list[int]] = defaultdict(list)
    for path, chain in chains.items():
        by_id[PurePosixPath(path).stem].extend(chain)
    return History(shallow, {k: [changes[n] for n in sorted(v)] for k, v in by_id.items()})


def registration_delay(complaint: Complaint, changes: list[Change]) -> timedelta | None:
    """Time from receiving the complaint to its first commit (the procedure: register at once);
    None when the first commit is unknown (no history, or a shallow clone's boundary)."""
    if not changes or changes[0].kind != "added" or changes[0].truncated:
        return None
    return changes[0].date - complaint.received


def authors(changes: list[Change]) -> dict[str, int]:
    """Commits per author, in order of first appearance."""
    count: dict[str, int] = {}
    for change in changes:
        count[change.author] = count.get(change.author, 0) + 1
    return count
