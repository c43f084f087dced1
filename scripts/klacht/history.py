"""The audit trail: every commit that changed each complaint, read from Git in one pass.

A fixed number of git processes whatever the size of the archive: one `git rev-parse` (is the
clone shallow, and where does it end), one `git log --raw` over the complaints folder (renames
followed; side branches included, so every change appears at the commit that made it; merges
only where they changed a record beyond both sides), one `git cat-file --batch` for the record
versions not seen before (a complaint's documents are shown by name and never read), and, rarely, a second one for versions the cache knew but whose
comparison it did not hold. Field changes come from comparing parsed versions, and are cached
by pair of blob ids (content-addressed) under the cache folder, so a second run reads only Git's
log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from klacht import cache, documents, git, i18n, loader, privacy
from klacht.config import Settings
from klacht.model import Complaint
from klacht.workcal import DAY, Calendar

_KINDS = {"A": "added", "M": "modified", "R": "renamed", "D": "deleted", "T": "modified"}
_MISSING = object()  # a value absent from one version (None is a present, empty value)


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
    although it existed before. `date` is the author date, which whoever commits sets freely;
    `committed` the committer date, set anew by a rebase or a merge on the forge."""

    commit: str
    author: str
    email: str
    date: datetime
    message: str
    kind: str  # added | modified | renamed | deleted, or document_added (… _removed, …)
    path: str
    fields: tuple[FieldChange, ...] = ()
    readable: bool = True
    truncated: bool = False
    committed: datetime | None = None  # the committer date (None: the same as `date`)
    apart: bool = False  # author and committer dates more than a working day apart


@dataclass
class History:
    """Changes by complaint id (oldest first). `shallow`: the clone lacks older history, so a
    complaint's first change shown may not be its registration (see `Change.truncated`)."""

    shallow: bool
    by_id: dict[str, list[Change]] = field(default_factory=dict)

    def changes(self, complaint_id: str) -> list[Change]:
        return self.by_id.get(complaint_id, [])


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
    except (loader.LoadError, RecursionError, ValueError, TypeError):
        return None


# --- Reading git log -------------------------------------------------------------------------


_Entry = tuple[git.Commit, git.FileChange]


def _log(root: Path, args: list[str], known: set[str]) -> tuple[list[_Entry], dict[str, Any]]:
    """Run `git log` and request every file version not in `known` as soon as it is named."""
    commits = git.log(root, *args)
    blobs = git.BlobReader(root, _parse)
    entries: list[_Entry] = []
    try:
        for commit, files in commits:
            for file in files:
                entries.append((commit, file))
                if _document(file):
                    continue  # a document's content is never read: only its name counts
                for blob in (*file.olds, file.new):
                    if blob not in known:
                        blobs.request(blob)
    finally:
        parsed = blobs.close()
    return entries, parsed


def _oldest_first(entries: list[_Entry]) -> list[_Entry]:
    """Commits oldest first (git lists them newest first), keeping each commit's file order."""
    commits: list[list[_Entry]] = []
    for entry in entries:
        if not commits or commits[-1][0][0] is not entry[0]:
            commits.append([])
        commits[-1].append(entry)
    return [entry for commit in reversed(commits) for entry in commit]


# --- The cache of field changes --------------------------------------------------------------


class _Cache:
    """Field changes by pair of blob ids ("old1,old2:new"), and the blobs that did not parse.
    Valid while this module, the loader and the package version are the same."""

    def __init__(self, settings: Settings) -> None:
        self.file = settings.root / settings.cache_dir / "history.marshal"
        self.key = cache.fingerprint(Path(loader.__file__ or ""), Path(__file__))
        stored = cache.load(self.file, self.key)
        self.pairs: dict[str, list[list[Any]]] = {}
        self.broken: set[str] = set()
        if isinstance(stored, dict):
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
        if self.dirty:
            cache.store(self.file, self.key, {"pairs": self.pairs, "broken": sorted(self.broken)})


# --- Putting it together ---------------------------------------------------------------------


def _document(file: git.FileChange) -> str | None:
    """The complaint id of a change to a file in a complaint's folder of documents, else None."""
    return documents.record_of_document(file.new_path) or documents.record_of_document(
        file.old_path
    )


def _resolve(
    entries: list[_Entry], parsed: dict[str, Any], known: _Cache
) -> tuple[list[tuple[_Entry, str, bool]], set[str]]:
    """Per entry (oldest first): its cache key and whether its new version is readable; and the
    blobs still to read for comparisons that neither the cache nor this run's reading hold.
    An unreadable version is skipped over: the next one is compared with the last readable."""
    nearest: dict[str, str] = {}  # unreadable blob -> nearest readable version before it
    resolved, missing = [], set()
    for entry in entries:
        file = entry[1]
        if _document(file):
            resolved.append((entry, "", True))
            continue
        olds = tuple(nearest.get(b, b) for b in file.olds)
        new = file.new
        if new and (new in known.broken or (new in parsed and parsed[new] is None)):
            known.dirty |= new not in known.broken
            known.broken.add(new)
            nearest[new] = olds[0] if olds else ""
            resolved.append((entry, "", False))
            continue
        key = f"{','.join(olds)}:{new}"
        if key not in known.pairs:
            missing.update(b for b in (*olds, new) if b and b not in parsed)
        resolved.append((entry, key, True))
    return resolved, missing


def _compare(key: str, parsed: dict[str, Any]) -> list[list[Any]]:
    olds, new = key.split(":")
    versions = [parsed.get(b) if b else None for b in olds.split(",")]
    merged = parsed.get(new) if new else None
    found = (
        field_changes(versions[0], merged)
        if len(versions) == 1
        else (merge_changes(versions, merged))
    )
    return [[c.field, c.old, c.new] for c in found]


# A change to a document, by its `_kind` (SPEC §11: a document is only ever added).
_DOCUMENT_KINDS = {
    "added": "document_added",
    "deleted": "document_removed",
    "modified": "document_replaced",
    "renamed": "document_renamed",
}


def _kind(file: git.FileChange) -> str:
    if len(file.olds) > 1:
        return "added" if not any(file.olds) else "deleted" if not file.new else "modified"
    return _KINDS.get(file.status[:1], "modified")


def _apart(calendar: Calendar, one: datetime, other: datetime) -> bool:
    """Whether two moments lie more than a working day apart (a day with a calendar clock)."""
    if abs(one - other) <= DAY:
        return False
    return abs(calendar.elapsed(min(one, other), max(one, other))) > DAY


def personal(path: str) -> bool:
    """Whether a field path holds personal data (the customer's)."""
    return path == "customer" or path.startswith("customer.")


def _was_anonymized(changes: list[Change]) -> bool:
    return any(
        f.field == "anonymized" and f.new not in (None, "") for c in changes for f in c.fields
    )


def read(settings: Settings, revision: str = "HEAD", anonymized: Collection[str] = ()) -> History:
    """The history of every complaint under the complaints folder, up to `revision`. A
    complaint anonymized in that history (or named in `anonymized`, e.g. by the work tree) shows
    no version of its personal fields, and the cache keeps none of them."""
    root = settings.root
    try:
        shallow, boundary = git.shallow(root)
    except git.GitError:
        return History(False)  # not a repository
    known = _Cache(settings)
    args = [
        "-M",
        "--cc",
        "--root",
        "--date-order",
        "--relative",
        revision,
        "--",
        settings.complaints_dir,
    ]
    try:
        entries, parsed = _log(root, args, known.known())
    except git.GitError:
        return History(shallow)  # no commit yet
    resolved, missing = _resolve(_oldest_first(entries), parsed, known)
    if missing:  # versions the cache knew, in a comparison it did not hold (one more process)
        parsed.update((b, _parse(c)) for b, c in git.read_blobs(root, missing).items())
    calendar = Calendar(settings)
    chains: dict[str, list[int]] = {}  # by path: positions in `changes`
    changes: list[Change] = []
    keys: list[str] = []
    documents_of: dict[str, list[int]] = defaultdict(list)  # by complaint id
    for (commit, file), key, readable in resolved:
        record_id = _document(file)
        if record_id:
            documents_of[record_id].append(len(changes))
            keys.append("")
            changes.append(
                Change(
                    commit.sha,
                    commit.author,
                    commit.email,
                    commit.authored,
                    commit.subject,
                    _DOCUMENT_KINDS[_kind(file)],
                    file.new_path,
                    committed=commit.committed,
                    apart=_apart(calendar, commit.authored, commit.committed),
                )
            )
            continue
        if key and key not in known.pairs:
            known.pairs[key] = _compare(key, parsed)
            known.dirty = True
        kind = _kind(file)
        if kind == "modified" and len(file.olds) > 1 and not known.pairs[key]:
            continue  # a merge that only combined both sides: each change is shown where made
        fields = tuple(FieldChange(*f) for f in known.pairs[key]) if key else ()
        chain = chains.setdefault(file.new_path, [])
        if kind == "renamed":
            chain.extend(chains.pop(file.old_path, []))
        chain.append(len(changes))
        keys.append(key)
        apart = _apart(calendar, commit.authored, commit.committed)
        changes.append(
            Change(
                commit.sha,
                commit.author,
                commit.email,
                commit.authored,
                commit.subject,
                kind,
                file.new_path,
                fields,
                readable,
                truncated=commit.sha in boundary and kind == "added",
                committed=commit.committed,
                apart=apart,
            )
        )
    by_id: dict[str, list[int]] = defaultdict(list)
    for path, chain in chains.items():
        by_id[PurePosixPath(path).stem].extend(chain)
    for record_id, positions in documents_of.items():
        by_id[record_id].extend(positions)
    found = {k: [changes[n] for n in sorted(v)] for k, v in by_id.items()}
    for complaint_id, positions in by_id.items():
        if complaint_id in anonymized or _was_anonymized(found[complaint_id]):
            found[complaint_id] = [_redact(changes[n], keys[n], known) for n in sorted(positions)]
    known.save()
    ring = privacy.Keyring.of(settings)  # the identity fields as this reader may see them
    if ring.active:
        found = {cid: ring.reveal_changes(cid, changes) for cid, changes in found.items()}
    return History(shallow, found)


def _redact(change: Change, key: str, known: _Cache) -> Change:
    """The change without its personal fields, in the cache too."""
    kept = tuple(f for f in change.fields if not personal(f.field))
    if len(kept) == len(change.fields):
        return change
    if key in known.pairs:
        known.pairs[key] = [f for f in known.pairs[key] if not personal(f[0])]
        known.dirty = True
    return replace(change, fields=kept)


def anonymized(complaints: Iterable[Complaint]) -> set[str]:
    """The ids of complaints whose record (in the work tree) is anonymized."""
    return {c.id for c in complaints if c.anonymized is not None}


def registration_delay(complaint: Complaint, changes: list[Change]) -> timedelta | None:
    """Time from receiving the complaint to its first commit's committer date (which, unlike the
    author date, a rebase or merge sets anew); None when the first commit is unknown (no history,
    or a shallow clone's boundary)."""
    changes = [c for c in changes if not c.kind.startswith("document_")]
    if not changes or changes[0].kind != "added" or changes[0].truncated:
        return None
    return (changes[0].committed or changes[0].date) - complaint.received


def authors(changes: list[Change]) -> dict[str, int]:
    """Commits per author, in order of first appearance."""
    count: dict[str, int] = {}
    for change in changes:
        count[change.author] = count.get(change.author, 0) + 1
    return count


# --- For people: the labels and values of changes, the CLI's and the site's ---------------------

MSG = i18n.Catalog({"empty": ("(leeg)", "(empty)")})


def field_name(lang: str, path: str) -> str:
    """A field by its label; an item of a list also by its number:
    `uitgevoerd op (maatregelen 1)` for `prevention.measures.0.done`."""
    parts = path.split(".")
    label = i18n.field_label(lang, path)
    items = [
        f"{i18n.field_label(lang, '.'.join(parts[:n]))} {int(part) + 1}"
        for n, part in enumerate(parts)
        if part.isdigit()
    ]
    return f"{label} ({', '.join(items)})" if items and label != path else label


def value_line(lang: str, path: str, value: object) -> str:
    """A value on one line, as people read it; an empty value as `(leeg)`."""
    text = "" if value is None else i18n.value_text(lang, path, value)
    return " ".join(text.split()) or MSG(lang, "empty")


def shown(lang: str, change: Change) -> tuple[FieldChange, ...]:
    """The field changes people see: none for an added or deleted file, and none whose value
    reads the same before and after (`null` becoming `{}`: `(leeg) → (leeg)`)."""
    if change.kind not in ("modified", "renamed"):
        return ()
    return tuple(
        f
        for f in change.fields
        if value_line(lang, f.field, f.old) != value_line(lang, f.field, f.new)
    )
