"""Loading and checking the tree of record files: one file's pipeline, the whole tree, the cache.

One file: bytes -> text -> YAML data -> schema -> rules -> problems (positions looked up only for
files that have problems). The tree: every `*.yaml` under complaints/, duplicate ids across files,
results cached by content hash, and the cold work spread over the cores when there is much of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from klacht import __version__, loader, problems, rules, schema
from klacht.config import Settings
from klacht.model import Complaint, from_data
from klacht.problems import Problem

_CONFLICT_MARKERS = ("<<<<<<< ", "=======\n", ">>>>>>> ")
# Below this many uncached files, one process is faster than starting workers.
PARALLEL_THRESHOLD = 1500


@dataclass(frozen=True)
class Env:
    """Everything one file's check needs; small and picklable, for worker processes."""

    root: Path
    schema_path: Path
    max_bytes: int
    context: rules.Context  # path is filled in per file

    @classmethod
    def of(cls, settings: Settings) -> Env:
        return cls(
            settings.root,
            settings.schema_file,
            settings.max_file_bytes,
            rules.Context("", settings.tz, settings.phone_region, tuple(settings.categories)),
        )


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file: its data when it parsed, and its problems."""

    path: str
    digest: str
    data: dict[str, Any] | None
    problems: tuple[Problem, ...]


def display_path(path: Path, root: Path) -> str:
    """The path relative to the project root, in posix form (absolute when outside it)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _locate(path: str, text: str, findings: Iterable[schema.Finding]) -> list[Problem]:
    """Turn findings (field paths) into problems with line and column."""
    where = loader.places(text)
    problems = []
    for field, code, args, kind in findings:
        place = where.get(field)
        if kind == "parent" or place is None:
            parent = field.rpartition(".")[0]
            anchor = where.get(parent) or where.get("")
            line, column = (anchor.key_line, anchor.key_column) if anchor else (1, 1)
        elif kind == "key":
            line, column = place.key_line, place.key_column
        else:
            line, column = place.line, place.column
        if code in ("schema.yaml_number", "schema.yaml_bool"):
            args = {**args, "raw": place.raw if place else ""}
        problems.append(Problem(path, line, column, code, args, field))
    return problems


def check_bytes(raw: bytes, path: str, env: Env) -> FileResult:
    """Check one record file's bytes; `path` is its display path (posix, relative to the root)."""
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    try:
        text = loader.decode(raw, env.max_bytes)
        if any(marker in text for marker in _CONFLICT_MARKERS) and _has_conflict(text):
            line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("<<<<<<<"))
            problem = Problem(path, line, 1, "records.conflict", {"path": path})
            return FileResult(path, digest, None, (problem,))
        data = loader.parse(text)
    except loader.LoadError as exc:
        problem = Problem(path, exc.line, exc.column, exc.code, exc.args_)
        return FileResult(path, digest, None, (problem,))
    found = list(schema.findings(data, env.schema_path))
    if not found:
        context = rules.Context(
            path, env.context.tz, env.context.phone_region, env.context.categories
        )
        found = list(rules.findings(data, context))
    if not found:
        return FileResult(path, digest, data, ())
    return FileResult(path, digest, data, tuple(_locate(path, text, found)))


def _has_conflict(text: str) -> bool:
    lines = text.splitlines()
    return any(s.startswith("<<<<<<<") for s in lines) and any(
        s.startswith(">>>>>>>") for s in lines
    )


def check_file(file: Path, env: Env) -> FileResult:
    path = display_path(file, env.root)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        problem = Problem(path, 1, 1, "file.unreadable", {"detail": exc.strerror or str(exc)})
        return FileResult(path, "", None, (problem,))
    return check_bytes(raw, path, env)


def _check_chunk(args: tuple[list[Path], Env]) -> list[FileResult]:
    files, env = args
    return [check_file(file, env) for file in files]


def discover(settings: Settings, paths: Sequence[Path] = ()) -> list[Path]:
    """Record files: the given files, and `*.yaml`/`*.yml` below the given folders (default:
    complaints/), sorted."""
    found: list[Path] = []
    for target in paths or [settings.complaints_path]:
        if target.is_dir():
            found.extend(
                p for p in target.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
        else:
            found.append(target)
    return sorted(set(found))


class Cache:
    """Results by file, valid while the file's bytes, the schema, the settings and this
    version are the same. Stored as one JSON file under the cache folder."""

    def __init__(self, settings: Settings) -> None:
        self.file = settings.root / settings.cache_dir / "records.json"
        fingerprint = hashlib.blake2b(digest_size=16)
        fingerprint.update(__version__.encode())
        for module in (loader, schema, rules, problems, sys.modules[__name__]):
            fingerprint.update(Path(module.__file__ or "").read_bytes())
        with contextlib.suppress(OSError):
            fingerprint.update(settings.schema_file.read_bytes())
        env = Env.of(settings)
        fingerprint.update(repr((env.max_bytes, env.context)).encode())
        self.key = fingerprint.hexdigest()
        self.entries: dict[str, Any] = {}
        self.dirty = False

    def read(self) -> None:
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("key") == self.key:
            self.entries = stored.get("files", {})

    def get(self, path: str, digest: str) -> FileResult | None:
        entry = self.entries.get(path)
        if entry is None or entry[0] != digest:
            return None
        problems = tuple(Problem(path, *p) for p in entry[2])
        return FileResult(path, digest, entry[1], problems)

    def put(self, result: FileResult) -> None:
        problems = [[p.line, p.column, p.code, p.args, p.field] for p in result.problems]
        self.entries[result.path] = [result.digest, result.data, problems]
        self.dirty = True

    def write(self, keep: set[str]) -> None:
        stale = set(self.entries) - keep
        if not self.dirty and not stale:
            return
        for path in stale:
            del self.entries[path]
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"key": self.key, "files": self.entries}), encoding="utf-8")
        os.replace(tmp, self.file)


def check_files(
    files: Sequence[Path], settings: Settings, *, use_cache: bool = True, workers: int | None = None
) -> list[FileResult]:
    """Check files, reusing cached results of unchanged ones and spreading the rest over cores."""
    env = Env.of(settings)
    cache = Cache(settings) if use_cache else None
    results: dict[Path, FileResult] = {}
    todo: list[Path] = []
    if cache is not None:
        cache.read()
        for file in files:
            path = display_path(file, env.root)
            try:
                raw = file.read_bytes()
            except OSError:
                todo.append(file)
                continue
            digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
            hit = cache.get(path, digest)
            if hit is None:
                todo.append(file)
            else:
                results[file] = hit
    else:
        todo = list(files)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if len(todo) >= PARALLEL_THRESHOLD and count > 1:
        chunks = [todo[i::count] for i in range(count)]
        with ProcessPoolExecutor(count, mp_context=get_context("fork")) as pool:
            for chunk, done in zip(
                chunks, pool.map(_check_chunk, [(c, env) for c in chunks]), strict=False
            ):
                results.update(zip(chunk, done, strict=False))
    else:
        results.update((file, check_file(file, env)) for file in todo)
    if cache is not None:
        for file in todo:
            cache.put(results[file])
        cache.write({r.path for r in results.values()})
    return [results[file] for file in files]


def duplicate_ids(results: Sequence[FileResult], root: Path) -> list[Problem]:
    """A problem on every file that shares its `id` with another file."""
    by_id: dict[str, list[FileResult]] = defaultdict(list)
    for result in results:
        if isinstance(result.data, dict) and isinstance(result.data.get("id"), str):
            by_id[result.data["id"]].append(result)
    problems = []
    for record_id, group in sorted(by_id.items()):
        if len(group) < 2:
            continue
        for result in group:
            others = [r.path for r in group if r is not result]
            text = (root / result.path).read_text(encoding="utf-8")
            place = loader.places(text).get("id")
            line, column = (place.line, place.column) if place else (1, 1)
            args = {"id": record_id, "other": ", ".join(others), "other_or_this": result.path}
            problems.append(Problem(result.path, line, column, "records.duplicate_id", args, "id"))
    return problems


@dataclass(frozen=True)
class Records:
    """The tree of records: the valid complaints (by id) and every problem found."""

    complaints: tuple[Complaint, ...]
    problems: tuple[Problem, ...]
    files: int


def load_records(
    settings: Settings, paths: Sequence[Path] = (), *, use_cache: bool = True
) -> Records:
    """Check and load every record; the complaints are the files with no problem at all."""
    results = check_files(discover(settings, paths), settings, use_cache=use_cache)
    duplicates = duplicate_ids(results, settings.root)
    problems = [p for r in results for p in r.problems] + duplicates
    broken = {p.path for p in problems}
    tz = settings.tz
    complaints = sorted(
        (from_data(r.data, r.path, tz) for r in results if r.path not in broken and r.data),
        key=lambda c: (c.received.year, int(c.id.split("-")[2])),
    )
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return Records(tuple(complaints), tuple(problems), len(results))
