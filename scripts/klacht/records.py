"""Loading and checking the tree of record files: one file's pipeline, the whole tree, the cache.

One file: bytes -> text -> YAML data -> schema -> rules -> problems (positions looked up only for
files that have problems). The tree: every `*.yaml` under complaints/, duplicate ids across files,
results cached by content hash, and the cold work spread over the cores when there is much of it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from klacht import cache as cache_file
from klacht import documents, loader, packaged, privacy, problems, rules, schema
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.model import Complaint, from_data
from klacht.problems import Problem

_CONFLICT_MARKERS = ("<<<<<<< ", "=======\n", ">>>>>>> ")
# Findings whose message shows the value as written in the file.
_NEEDS_RAW = frozenset(
    ("schema.yaml_number", "schema.yaml_bool", "schema.enum_no", "schema.enum_yes")
)
MSG = Catalog(
    {
        "bad_moment": (
            "{source}: {reason}; schrijf bijvoorbeeld 2026-11-24T12:00+01:00",
            "{source}: {reason}; write for example 2026-11-24T12:00+01:00",
        ),
        "not_a_moment": ("'{value}' is geen datum en tijd", "'{value}' is not a date and time"),
    }
)
# Below this many uncached files, one process is faster than starting workers.
PARALLEL_THRESHOLD = 1500


@dataclass(frozen=True)
class Env:
    """Everything one file's check needs; small and picklable, for worker processes."""

    root: Path
    schema_path: Path
    max_bytes: int
    context: rules.RuleContext  # path is filled in per file

    @classmethod
    def of(cls, settings: Settings) -> Env:
        today = datetime.now(settings.tz).date()
        return cls(
            settings.root,
            packaged.SCHEMA,
            settings.max_file_bytes,
            rules.RuleContext(
                "", settings.tz, settings.phone_region, tuple(settings.categories), today=today
            ),
        )


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file: its data when it parsed, and its problems."""

    path: str
    digest: str
    record_id: str | None  # the `id` when the file parsed and has a text id
    data: dict[str, Any] | None
    problems: tuple[Problem, ...]


def display_path(path: str | Path, root: Path) -> str:
    """The path relative to the project root, in posix form (absolute when outside it)."""
    full = os.path.abspath(path)
    prefix = _root_prefix(str(root))
    shown = full[len(prefix) :] if full.startswith(prefix) else full
    return shown.replace(os.sep, "/")


@cache
def _root_prefix(root: str) -> str:
    return os.path.join(os.path.abspath(root), "")


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
        if code in _NEEDS_RAW:
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
            return FileResult(path, digest, None, None, (problem,))
        data = loader.parse(text)
    except loader.LoadError as exc:
        problem = Problem(path, exc.line, exc.column, exc.code, exc.args_)
        return FileResult(path, digest, None, None, (problem,))
    record_id = data.get("id") if isinstance(data.get("id"), str) else None
    found = list(schema.findings(data, env.schema_path))
    reported = frozenset(f[0] for f in found if f[1] != "schema.closed_needs")
    context = replace(env.context, path=path, reported=reported)
    found += rules.findings(data, context)
    if not found:
        return FileResult(path, digest, record_id, data, ())
    return FileResult(path, digest, record_id, data, tuple(_locate(path, text, found)))


def _has_conflict(text: str) -> bool:
    lines = text.splitlines()
    return any(s.startswith("<<<<<<<") for s in lines) and any(
        s.startswith(">>>>>>>") for s in lines
    )


# Reasons a file cannot be opened, by errno, to message keys (others: `file.unreadable`).
_OS_ERRORS = {
    errno.ENOENT: "file.not_found",
    errno.EACCES: "file.no_access",
    errno.EPERM: "file.no_access",
    errno.EISDIR: "file.is_folder",
    errno.ELOOP: "file.symlink",
}
# Opened without following a symbolic link, and without waiting for a writer (a FIFO).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
# The temporary file of an interrupted write (`writing`, before it kept them out of the tree).
LEFTOVER_PREFIX = ".klacht-"


class NotRegular(OSError):
    """A path that is no plain file (a FIFO, a device, a socket): never read."""


def read_record(file: str, max_bytes: int) -> bytes:
    """A record file's bytes; a file over `max_bytes` is refused (LoadError) by its size, without
    being read. A symbolic link (ELOOP), a folder or anything but a plain file is refused
    (OSError), without waiting on it."""
    fd = os.open(file, _OPEN_FLAGS)
    with open(fd, "rb") as handle:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(errno.EINVAL, "not a plain file")
        size = status.st_size
        if size > max_bytes:
            raise loader.LoadError("file.too_large", size=size // 1024, limit=max_bytes // 1024)
        raw = handle.read(size + 1)
        if len(raw) > size:  # it grew meanwhile: read on, to the limit only
            raw += handle.read(max_bytes + 1 - len(raw))
        return raw


def _unreadable(path: str, exc: OSError, file: str) -> Problem:
    if isinstance(exc, NotRegular):
        return Problem(path, 1, 1, "file.not_regular")
    code = _OS_ERRORS.get(exc.errno or 0, "file.unreadable")
    if code == "file.no_access" and os.path.isdir(file):
        code = "file.folder_no_access"
    args = {"detail": exc.strerror or str(exc)} if code == "file.unreadable" else {}
    return Problem(path, 1, 1, code, args)


def check_file(file: str, env: Env) -> FileResult:
    path = display_path(file, env.root)
    if os.path.basename(file).startswith(LEFTOVER_PREFIX):
        return FileResult(path, "", None, None, (Problem(path, 1, 1, "file.leftover"),))
    try:
        raw = read_record(file, env.max_bytes)
    except OSError as exc:
        return FileResult(path, "", None, None, (_unreadable(path, exc, file),))
    except loader.LoadError as exc:
        problem = Problem(path, exc.line, exc.column, exc.code, exc.args_)
        return FileResult(path, "", None, None, (problem,))
    return check_bytes(raw, path, env)


def _check_chunk(args: tuple[list[str], Env]) -> list[FileResult]:
    files, env = args
    return [check_file(file, env) for file in files]


def discover(settings: Settings, paths: Sequence[Path] = ()) -> list[str]:
    """Record files: the given files, and `*.yaml`/`*.yml` below the given folders (default:
    complaints/), sorted; a complaint's folder of documents (named like its number) holds no
    record and is not entered. Nothing else is skipped silently: a folder that cannot be read,
    a folder that is a symbolic link, and a temporary file left by an interrupted write are
    listed too, for `check_file` to report."""
    found: set[str] = set()

    def unreadable(error: OSError) -> None:
        found.add(error.filename)

    for target in paths or [settings.complaints_path]:
        if target.is_dir() and not target.is_symlink():
            for folder, dirs, names in os.walk(target, onerror=unreadable):
                dirs[:] = [d for d in dirs if not documents.FOLDER_NAME.match(d)]  # documents
                found.update(os.path.join(folder, n) for n in names if _listed(n))
                found.update(
                    os.path.join(folder, d) for d in dirs if os.path.islink(os.path.join(folder, d))
                )
        else:
            found.add(str(target))
    return sorted(found)


def _listed(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or (
        name.startswith(LEFTOVER_PREFIX) and name.endswith(".tmp")
    )


class Cache:
    """Results by file, valid while the file's bytes, the schema, the settings and this code
    are the same. `marshal` files under the cache folder (fast to read, only plain data):
    `checks` (per path: digest, id, problems, whether it lists documents), read by every run, and 16 shards of `data` (parsed
    records by digest, sharded by its first hex digit so that one changed record rewrites a
    sixteenth), read only when the records themselves are needed.

    One rule depends on the day as well as the file: a correction dated in the future
    (`rules.FUTURE`). Days only move forward, so a file without that finding keeps its result;
    a file with it is checked anew on every run (until the date has come or is corrected), and
    the day stays out of the fingerprint, which would otherwise empty the cache every day."""

    def __init__(self, settings: Settings) -> None:
        self.folder = settings.root / settings.cache_dir
        env = Env.of(settings)
        modules = (loader, schema, rules, problems, documents, sys.modules[__name__])
        sources = [Path(module.__file__ or "") for module in modules]
        context = repr((env.max_bytes, env.context))
        self.key = cache_file.fingerprint(sys.version, *sources, packaged.SCHEMA, context)
        self.checks: dict[str, list[Any]] = self._read("checks")
        self.shards: dict[str, dict[str, Any]] = {}
        self.dirty: set[str] = set()

    def _read(self, name: str) -> dict[str, Any]:
        return cache_file.load(self.folder / f"{name}.marshal", self.key) or {}

    def shard(self, digest: str) -> dict[str, Any]:
        name = f"data-{digest[0]}"
        if name not in self.shards:
            self.shards[name] = self._read(name)
        return self.shards[name]

    def get(self, path: str, digest: str, need_data: bool) -> FileResult | None:
        entry = self.checks.get(path)
        if entry is None or entry[0] != digest:
            return None
        if any(problem[2] == rules.FUTURE for problem in entry[2]):
            return None  # a date in the future may be past today: checked anew every run
        data = None
        if (need_data or entry[3]) and entry[1] is not None:  # [3]: it lists documents
            data = self.shard(digest).get(digest)
            if data is None:
                return None
        problems = tuple(Problem(path, *p) for p in entry[2])
        return FileResult(path, digest, entry[1], data, problems)

    def _forget(self, entry: list[Any] | None) -> None:
        """Mark the shard of a version no longer there, so that writing drops its data."""
        if entry is not None and entry[0]:  # (an unreadable file has no digest)
            self.shard(entry[0])
            self.dirty.add(f"data-{entry[0][0]}")

    def put(self, result: FileResult) -> None:
        problems = [[p.line, p.column, p.code, p.args, p.field] for p in result.problems]
        self._forget(self.checks.get(result.path))
        documents = bool(result.data and result.data.get("documents"))
        self.checks[result.path] = [result.digest, result.record_id, problems, documents]
        self.dirty.add("checks")
        if result.data is not None and result.record_id is not None:
            self.shard(result.digest)[result.digest] = result.data
            self.dirty.add(f"data-{result.digest[0]}")

    def write(self, results: Sequence[FileResult]) -> None:
        """Store what changed, forgetting files and versions no longer there."""
        paths = {r.path for r in results}
        if set(self.checks) - paths:
            for path in set(self.checks) - paths:
                self._forget(self.checks[path])
            self.checks = {p: e for p, e in self.checks.items() if p in paths}
            self.dirty.add("checks")
        digests = {r.digest for r in results}
        for name in self.dirty - {"checks"}:
            self.shards[name] = {d: v for d, v in self.shards[name].items() if d in digests}
        for name in sorted(self.dirty):
            entries = self.checks if name == "checks" else self.shards[name]
            cache_file.store(self.folder / f"{name}.marshal", self.key, entries)


def check_files(
    files: Sequence[str | Path],
    settings: Settings,
    *,
    use_cache: bool = True,
    workers: int | None = None,
    need_data: bool = True,
) -> list[FileResult]:
    """Check files, reusing cached results of unchanged ones and spreading the rest over cores.

    Without `need_data`, results from the cache carry no record data (`klacht check` needs
    only the problems and ids, and so reads the small half of the cache), except the records
    that list documents (their checks need the list).
    """
    env = Env.of(settings)
    files = [os.fspath(file) for file in files]
    cache = Cache(settings) if use_cache else None
    results: dict[str, FileResult] = {}
    todo: list[str] = []
    if cache is not None:
        for file in files:
            path = display_path(file, env.root)
            try:
                raw = read_record(file, env.max_bytes)
            except (OSError, loader.LoadError):
                todo.append(file)
                continue
            digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
            hit = cache.get(path, digest, need_data)
            if hit is None:
                todo.append(file)
            else:
                results[file] = hit
    else:
        todo = list(files)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if len(todo) >= PARALLEL_THRESHOLD and count > 1:
        from concurrent.futures import ProcessPoolExecutor  # only for much uncached work
        from multiprocessing import get_context

        chunks = [todo[i::count] for i in range(count)]
        with ProcessPoolExecutor(count, mp_context=get_context("fork")) as pool:
            done = pool.map(_check_chunk, [(chunk, env) for chunk in chunks])
            for chunk, chunk_results in zip(chunks, done, strict=True):
                results.update(zip(chunk, chunk_results, strict=True))
    else:
        results.update((file, check_file(file, env)) for file in todo)
    ordered = [results[file] for file in files]
    if cache is not None:
        for file in todo:
            cache.put(results[file])
        cache.write(ordered)
    return ordered


def _number_key(record_id: str) -> str:
    """One key per number however it is written: K-2026-0010 and K-2026-010 are one number."""
    prefix, _, number = record_id.rpartition("-")
    if not (prefix and number.isascii() and number.isdigit()):
        return record_id
    return f"{prefix}-{number.lstrip('0') or '0'}"


def _id_place(file: Path) -> loader.Place | None:
    """Where the `id` of a checked record stands (None if the file changed meanwhile)."""
    try:
        return loader.places(file.read_text(encoding="utf-8")).get("id")
    except (OSError, UnicodeDecodeError, loader.LoadError):
        return None


def duplicate_ids(results: Sequence[FileResult], root: Path) -> list[Problem]:
    """A problem on every file that shares its `id` with another file."""
    by_id: dict[str, list[FileResult]] = defaultdict(list)
    for result in results:
        if result.record_id is not None:
            by_id[_number_key(result.record_id)].append(result)
    problems = []
    for _number, group in sorted(by_id.items()):
        if len(group) < 2:
            continue
        for result in group:
            record_id = result.record_id or ""
            others = [r.path for r in group if r is not result]
            place = _id_place(root / result.path)
            line, column = (place.line, place.column) if place else (1, 1)
            args = {"id": record_id, "other": ", ".join(others), "other_or_this": result.path}
            problems.append(Problem(result.path, line, column, "records.duplicate_id", args, "id"))
    return problems


def document_problems(results: Sequence[FileResult], settings: Settings) -> list[Problem]:
    """The problems of the records' documents (`documents`), at the lines of their fields; a
    folder of documents without a record at the folder's path. Checked on every run: they
    depend on the files, not on the record's text."""
    found = []
    # A cached result without data lists no documents (see Cache.get).
    pairs = (
        (r.path, r.data if r.data is not None else {} if r.record_id else None) for r in results
    )
    for path, findings in documents.tree_findings(pairs, settings):
        if path.endswith("/"):
            found += [Problem(path, 1, 1, code, args) for _, code, args, _ in findings]
            continue
        found += located(path, findings, settings)
    return found


def located(path: str, findings: Iterable[schema.Finding], settings: Settings) -> list[Problem]:
    """The findings about the record at `path` as problems at the lines of their fields (line 1
    if the file cannot be read now)."""
    try:
        text = (settings.root / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return _locate(path, text, findings)


@dataclass(frozen=True)
class Records:
    """The tree of records: the valid complaints (by id) and every problem found."""

    complaints: tuple[Complaint, ...]
    problems: tuple[Problem, ...]
    files: int

    @property
    def broken(self) -> list[str]:
        """The record files left out for their problems, sorted."""
        return sorted({problem.path for problem in self.problems})


def check_tree(
    settings: Settings,
    paths: Sequence[Path] = (),
    *,
    use_cache: bool = True,
    need_data: bool = True,
    keys: privacy.Keyring | None = None,
) -> tuple[list[FileResult], list[Problem]]:
    """Every file's result, and every problem (sorted) including duplicate ids across files
    and, in privacy mode, those that need the decrypted identity (never cached)."""
    keys = keys or privacy.Keyring.of(settings)
    need_data = need_data or keys.active  # privacy checks read the (encrypted) data
    results = check_files(
        discover(settings, paths), settings, use_cache=use_cache, need_data=need_data
    )
    problems = [p for r in results for p in r.problems] + duplicate_ids(results, settings.root)
    problems += document_problems(results, settings)
    problems += privacy_problems(results, settings, keys)
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return results, problems


def privacy_problems(
    results: Sequence[FileResult], settings: Settings, keys: privacy.Keyring
) -> list[Problem]:
    """The privacy findings (`privacy.findings`) of the valid records, at their lines."""
    if not keys.active:
        return []
    encrypt, region = privacy.encrypting(settings), settings.phone_region
    found = []
    for r in results:
        if r.data is not None and not r.problems:
            findings = privacy.findings(r.data, keys, encrypt, region)
            if findings:
                text = (settings.root / r.path).read_bytes().decode("utf-8", "replace")
                found += _locate(r.path, text, findings)
    return found


def load_records(
    settings: Settings, paths: Sequence[Path] = (), *, use_cache: bool = True
) -> Records:
    """Check and load every record; the complaints are the files with no problem at all, their
    encrypted identity fields revealed as far as the keys allow (`privacy.Keyring`)."""
    keys = privacy.Keyring.of(settings)
    results, problems = check_tree(settings, paths, use_cache=use_cache, keys=keys)
    broken = {p.path for p in problems}
    tz = settings.tz
    complaints = sorted(
        (
            keys.reveal_complaint(from_data(r.data, r.path, tz))
            for r in results
            if r.path not in broken and r.data
        ),
        key=lambda c: (c.received.year, int(c.id.split("-")[2])),
    )
    return Records(tuple(complaints), tuple(problems), len(results))


def field_findings(data: dict[str, Any], field: str, settings: Settings) -> list[schema.Finding]:
    """The findings of `klacht check` on one field of a partial record: the schema, then the
    rules that look at that field alone."""
    found = [f for f in schema.findings(data, packaged.SCHEMA) if f[0] == field]
    rule = {
        "received": rules.times_real,
        "customer.phone": rules.phone_valid,
        "category": rules.category_known,
    }.get(field)
    if found or rule is None:
        return found
    context = rules.RuleContext("", settings.tz, settings.phone_region, tuple(settings.categories))
    return list(rule(data, context))


def moment_text(source: str, value: str, settings: Settings, lang: str) -> str:
    """Why a moment given as `source` (`--now`, KLACHT_NOW) is not one, by the checks of
    `received`, and the form to write."""
    found = field_findings({"received": value}, "received", settings)
    if not found or found[0][1].startswith("schema."):
        reason = MSG(lang, "not_a_moment", value=value)
    else:
        reason = Problem("", 1, 1, found[0][1], found[0][2]).text(lang)
    return MSG(lang, "bad_moment", source=source, reason=reason)
