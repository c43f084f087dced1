"""The archive's integrity: compare the records with a base revision (a pull or merge request's
target). No record deleted; `id` and `received` never changed; a closed or withdrawn record stays
so and changes only by allowed additions or with a correction; personal data is removed only by
the retention command."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from klacht import config, documents, git, history, loader, privacy, records, retention
from klacht.config import Settings
from klacht.i18n import generic_path
from klacht.model import Complaint, from_data
from klacht.problems import Problem
from klacht.status import ended

# The markers of a record that left the register; withdrawn first, as it overrides (status).
ENDS = ("withdrawn", "closed")
# A closed or withdrawn record may gain these later facts without a correction, by filling in
# only empty fields: a referral to the mediator and its ruling, a preventive measure carried out,
# the receipt confirmed. It may also gain new corrections, `anonymized` by the retention
# command, and a legal hold (placed, then lifted: `_hold_rewritten` keeps what was written).
FILLABLE_WHEN_ENDED = (
    "mediation",
    "prevention.measures.done",
    "acknowledged",
    "acknowledged_by",
    "documents",
)
FREE_WHEN_ENDED = ("corrections", "anonymized", "legal_hold")
# With a new corrections entry it may also correct these, and the date (or reason) of its end.
CORRECTABLE = ("handling", "prevention", "category", "documents", *ENDS)
# Problem codes (keys of `problems.MSG`) by field: changed, removed, changed beyond a correction.
CHANGED = {
    "id": "audit.id_changed",
    "received": "audit.received_changed",
    "withdrawn": "audit.withdrawn_changed",
    "closed": "audit.closed_changed",
}
REMOVED = {"withdrawn": "audit.withdrawn_removed", "closed": "audit.closed_removed"}
UNCORRECTABLE = {
    "withdrawn": "audit.withdrawn_uncorrectable",
    "closed": "audit.closed_uncorrectable",
}
# What the retention command removes with the personal data: the documents (listed no more, and
# counted in `documents_removed`).
ANONYMIZE_REMOVES = ("documents", "documents_removed")

# Settings that decide what is audited, or when personal data may go: the audit takes them from
# the base, and reports a change of any of them.
AUDITED = (
    "complaints_dir",
    "retention_years",
    "timezone",
    "clock",
    "triage_hours",
    "resolution_days",
    "acknowledgement_hours",
    "workdays",
    "holidays_country",
    "extra_holidays",
    "removed_holidays",
)

# A violation in one record: (field, message key, arguments).
Violation = tuple[str, str, dict[str, Any]]


def base_records(
    settings: Settings, base: str, listing: dict[str, str] | None = None
) -> dict[str, dict[str, Any] | None]:
    """The records at `base` by path; None for a version that does not parse (it is still a
    record that may not disappear). Two git processes: ls-tree (unless `listing` holds its
    answer) and cat-file."""
    if listing is None:
        listing = git.tree_blobs(settings.root, base, settings.complaints_dir)
    blobs = {
        path: blob
        for path, blob in listing.items()
        if path.endswith((".yaml", ".yml")) and documents.record_of_document(path) is None
    }
    contents = git.read_blobs(settings.root, set(blobs.values()))
    found: dict[str, dict[str, Any] | None] = {}
    for path, blob in blobs.items():
        try:
            data = loader.parse(loader.decode(contents[blob], 1 << 30))
        except (loader.LoadError, KeyError, RecursionError, ValueError, TypeError):
            data = None
        found[path] = data if isinstance(data, dict) else None
    return found


def base_settings(settings: Settings, base: str) -> tuple[Settings, list[Problem]]:
    """The settings to audit by: those that decide what is audited and when data may go
    (`AUDITED`) as they were at `base`, and a problem for each that changed since. The base's
    settings count only where it has readable ones."""
    try:
        text = git.run(settings.root, "show", f"{base}:./pyproject.toml").decode("utf-8")
        table = tomllib.loads(text).get("tool", {}).get("klacht", {})
        before = config.from_mapping(settings.root, table)
    except (
        git.GitError,
        UnicodeDecodeError,
        tomllib.TOMLDecodeError,
        config.SettingsError,
        AttributeError,
        TypeError,
        ValueError,
    ):
        return settings, []
    try:
        current = (settings.root / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = ""
    problems = []
    for name in AUDITED:
        old, new = getattr(before, name), getattr(settings, name)
        if old != new:
            line = _setting_line(current, name)
            args = {"name": name, "old": _shown(old), "new": _shown(new), "base": base}
            problems.append(Problem("pyproject.toml", line, 1, "audit.setting_changed", args))
    return replace(settings, **{name: getattr(before, name) for name in AUDITED}), problems


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _setting_line(text: str, name: str) -> int:
    """The line of `name = …` in pyproject.toml (1 when it is not written there)."""
    spellings = (name, name.replace("_", "-"))
    for number, line in enumerate(text.splitlines(), 1):
        key = line.split("=", 1)[0].strip()
        if "=" in line and key in spellings:
            return number
    return 1


def _top(field: str) -> str:
    return field.split(".", 1)[0]


def _leaf(field: str) -> str:
    return field.rsplit(".", 1)[-1]


def _complaint(data: dict[str, Any], settings: Settings) -> Complaint | None:
    """The typed record; None when the data is not a valid record (left to `klacht check`)."""
    try:
        return from_data(data, "", settings.tz)
    except (KeyError, TypeError, AttributeError, ValueError):
        return None


def _anonymized_properly(
    old: dict[str, Any], new: dict[str, Any], settings: Settings, today: date
) -> bool:
    """`anonymized` newly set on a record that was already closed (or withdrawn) at the base on
    the same date, whose retention term had ended by that date and by today."""
    if old.get("anonymized") is not None or new.get("anonymized") is None:
        return False
    before, after = _complaint(old, settings), _complaint(new, settings)
    if before is None or after is None or after.anonymized is None:
        return False
    end = ended(before)
    if end is None or end != ended(after) or after.held(after.anonymized):
        return False
    return retention.term_end(end, settings) <= min(after.anonymized, today)


def _hold_rewritten(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """A legal hold, once written, stays: its date and reason unchanged, and once lifted, lifted
    on that date (lifting is the only change)."""
    before, after = old.get("legal_hold"), new.get("legal_hold")
    if not isinstance(before, dict):
        return False
    if not isinstance(after, dict):
        return True
    if any(after.get(key) != before.get(key) for key in ("since", "reason")):
        return True
    return before.get("lifted") is not None and after.get("lifted") != before.get("lifted")


def _personal_removed(before: Any, after: Any) -> bool:
    return before not in (None, "", retention.PLACEHOLDER) and (
        after in (None, "") or after == retention.PLACEHOLDER
    )


def _free_when_ended(change: history.FieldChange) -> bool:
    """A change a closed or withdrawn record may have without a correction."""
    top, generic = _top(change.field), generic_path(change.field)
    fillable = top in FILLABLE_WHEN_ENDED or generic in FILLABLE_WHEN_ENDED
    return top in FREE_WHEN_ENDED or (fillable and change.old in (None, ""))


def _identity_fields(
    old: dict[str, Any], new: dict[str, Any], settings: Settings, carried: frozenset[str]
) -> tuple[list[Violation], set[str]]:
    """Privacy mode: an encrypted identity field written back as plaintext is a violation; a
    field encrypted anew by `klacht shred --carry` (the record is carried) or encrypted for the
    first time by `klacht encrypt` (privacy mode on) is allowed in a closed record too."""
    found, allowed = [], set()
    old_customer, new_customer = old.get("customer") or {}, new.get("customer") or {}
    if not isinstance(old_customer, dict) or not isinstance(new_customer, dict):
        return found, allowed
    for key in privacy.KEYS:
        before, after, field = old_customer.get(key), new_customer.get(key), f"customer.{key}"
        if before == after:
            continue
        if not privacy.is_encrypted(after):
            if privacy.is_encrypted(before) and after not in (None, "", retention.PLACEHOLDER):
                found.append((field, "audit.identity_decrypted", {}))
        elif privacy.is_encrypted(before):
            if new.get("id") in carried:
                allowed.add(field)
        elif privacy.encrypting(settings):
            allowed.add(field)
    return found, allowed


def compare(
    old: dict[str, Any],
    new: dict[str, Any],
    settings: Settings,
    today: date,
    carried: frozenset[str] = frozenset(),
) -> list[Violation]:
    """Violations between two versions of one record; `carried` names the records that
    `klacht shred --carry` encrypted anew."""
    found, encrypted = _identity_fields(old, new, settings, carried)
    for key in ("id", "received"):
        if old.get(key) != new.get(key):
            found.append((key, CHANGED[key], {"old": old.get(key), "new": new.get(key)}))
    anonymized = _anonymized_properly(old, new, settings, today)
    old_customer, new_customer = old.get("customer") or {}, new.get("customer") or {}
    removed = [
        field
        for field in retention.PERSONAL
        if _personal_removed(old_customer.get(_leaf(field)), new_customer.get(_leaf(field)))
    ]
    if not anonymized:
        found += [(field, "audit.personal_removed", {}) for field in removed]
    if old.get("anonymized") is None and new.get("anonymized") is not None and not anonymized:
        after = _complaint(new, settings)
        hold = after.held(after.anonymized) if after and after.anonymized else None
        if hold is None:
            found.append(("anonymized", "audit.anonymized_early", {}))
        else:
            found.append(("anonymized", "audit.anonymized_held", {"since": hold.since}))
    if _hold_rewritten(old, new):
        found.append(("legal_hold", "audit.legal_hold_changed", {}))
    ends = [key for key in ENDS if old.get(key)]
    if not ends:
        return found
    gone = [key for key in ends if not new.get(key)]
    found += [(key, REMOVED[key], {}) for key in gone]
    apart = {"id", "received", *gone}  # reported above, as are personal data removed
    changed = [
        c.field
        for c in history.field_changes(old, new)
        if _top(c.field) not in apart
        and c.field not in removed
        and c.field not in encrypted
        and not _free_when_ended(c)
        and not (anonymized and _top(c.field) in ANONYMIZE_REMOVES)
    ]
    old_corrections = old.get("corrections") or []
    new_corrections = new.get("corrections") or []
    if len(new_corrections) > len(old_corrections):
        changed = [field for field in changed if _top(field) not in CORRECTABLE]
        code = UNCORRECTABLE[ends[0]]
    else:
        code = CHANGED[ends[0]]
    if changed:
        found.append((changed[0], code, {"changed_fields": changed}))
    if new_corrections[: len(old_corrections)] != old_corrections:
        found.append(("corrections", "audit.corrections_rewritten", {}))
    return found


def _documents_anonymized(
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    gone: int,
    settings: Settings,
    today: date,
) -> bool:
    """Whether `gone` documents were removed by the retention command: the record anonymized
    in this change, its list emptied, and exactly that many counted in `documents_removed`."""
    if old is None or new is None or not _anonymized_properly(old, new, settings, today):
        return False
    return not new.get("documents") and new.get("documents_removed") == gone


def document_violations(
    settings: Settings,
    base: str,
    listing: dict[str, str],
    before: dict[str, dict[str, Any] | None],
    now: dict[str, records.FileResult],
    today: date,
    carried: frozenset[str] = frozenset(),
) -> list[Problem]:
    """A document of `base` (in its `listing`) removed or changed in the work tree (a correction
    is a new document), except the removal of all of a record's documents by `klacht
    anonymize` and an encrypted document of a complaint `klacht shred --carry` encrypted anew
    (`carried`). Reported at the record's `documents`, or at the document when its record is
    gone. One git process, where the base has documents: Git compares the files by its index,
    and no document is read here."""
    counts: dict[str, int] = {}
    for path in listing:
        if documents.record_of_document(path):
            folder = path.rsplit("/", 1)[0]
            counts[folder] = counts.get(folder, 0) + 1
    if not counts:
        return []
    changed: dict[str, list[tuple[str, str]]] = {}
    for status, path in git.changed_since(settings.root, base, settings.complaints_dir):
        record_id = documents.record_of_document(path)
        anew = status == "M" and record_id in carried and path.endswith(documents.ENCRYPTED)
        if record_id and status in "DMT" and not anew:
            changed.setdefault(path.rsplit("/", 1)[0], []).append((status, path))
    problems = []
    for folder, files in sorted(changed.items()):
        record = f"{folder}.yaml"
        current = now.get(record)
        new = current.data if current else None
        removed = [path for status, path in files if status == "D"]
        counted = counts.get(folder, 0)
        if len(removed) == len(files) == counted and _documents_anonymized(
            before.get(record), new, counted, settings, today
        ):
            continue
        place = _documents_place(settings, record) if current else None
        for status, path in sorted(files, key=lambda f: f[1]):
            code = "audit.document_removed" if status == "D" else "audit.document_replaced"
            args = {"name": path.rsplit("/", 1)[1], "path": path, "base": base}
            if place is None:
                problems.append(Problem(path, 1, 1, code, args))
            else:
                problems.append(Problem(record, *place, code, args, "documents"))
    return problems


def _documents_place(settings: Settings, record: str) -> tuple[int, int]:
    try:
        places = loader.places((settings.root / record).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, loader.LoadError):
        return 1, 1
    place = places.get("documents") or places.get("")
    return (place.key_line, place.key_column) if place else (1, 1)


def _record_id(path: str, data: dict[str, Any] | None) -> str:
    return str((data or {}).get("id") or PurePosixPath(path).stem)


def _identity(data: dict[str, Any] | None) -> tuple[str, str] | None:
    """What names a complaint apart from its number: when it was received and from whom."""
    customer = (data or {}).get("customer")
    name = customer.get("name") if isinstance(customer, dict) else None
    received = (data or {}).get("received")
    return (str(received), str(name)) if received and name else None


def _unique(pairs: list[tuple[Any, str]]) -> dict[Any, str]:
    """The keys that occur once, with their value."""
    counts = Counter(key for key, _ in pairs)
    return {key: value for key, value in pairs if key is not None and counts[key] == 1}


def renumbered(
    gone: dict[str, dict[str, Any] | None], new: dict[str, dict[str, Any] | None]
) -> dict[str, str]:
    """Base records missing by path and id (`gone`) that live on in a new file (`new`, both by
    path): base path to current path, matched by content, only where the match is unique."""
    old_paths = _unique([(_identity(data), path) for path, data in gone.items()])
    new_paths = _unique([(_identity(data), path) for path, data in new.items()])
    return {path: new_paths[key] for key, path in old_paths.items() if key in new_paths}


def _moved(violation: Violation, old_path: str) -> Violation:
    """An id change of a record that also left its file: name the path to go back to."""
    field, code, args = violation
    if code != "audit.id_changed":
        return violation
    return field, "audit.renumbered", {**args, "old_path": old_path}


def _shreds_kept(settings: Settings, base: str) -> tuple[list[Problem], set[str]]:
    """Every shred record at `base` (privacy mode) is still there, unchanged: the problems, and
    the paths of those records. (Outside privacy mode, with no keys folder, no git process is
    spent on it.)"""
    if not (privacy.encrypting(settings) or privacy.keys_path(settings).is_dir()):
        return [], set()
    folder = privacy.keys_path(settings).relative_to(settings.root).as_posix()
    try:
        listing = git.tree_blobs(settings.root, base, folder)
    except git.GitError:
        return [], set()
    shreds = {p: b for p, b in listing.items() if p.endswith(privacy.SHRED_SUFFIX)}
    contents = git.read_blobs(settings.root, set(shreds.values()))
    problems = []
    for path, blob in sorted(shreds.items()):
        try:
            now = (settings.root / path).read_bytes()
        except OSError:
            now = None
        if now != contents.get(blob):
            problems.append(Problem(path, 1, 1, "audit.shred_changed", {"base": base}))
    return problems, set(shreds)


def _carried_since(settings: Settings, earlier: set[str]) -> frozenset[str]:
    """The complaints that a shred made since `base` (its record not among `earlier`) carried
    to a newer key: only they may have their identity fields and documents encrypted anew. A
    complaint carried by an older shred is checked like any other."""
    return frozenset(
        record_id
        for year, shred in privacy.shred_records(settings).items()
        if privacy.shred_file(settings, year).relative_to(settings.root).as_posix() not in earlier
        for record_id in shred.carried
    )


def audit(settings: Settings, base: str, today: date | None = None) -> list[Problem]:
    """Every violation of the working tree's records against `base`. A file that does not
    parse now is left to `klacht check`; one that is gone by path and by id but lives on in a
    new file with the same `received` and customer name was renumbered; else it is deleted.
    A base outside HEAD's history is a violation (the history was replaced), and the records
    are audited by the base's settings (a change of those is reported)."""
    problems = []
    if not git.is_ancestor(settings.root, base):
        problems.append(Problem(".", 1, 1, "audit.not_ancestor", {"base": base}))
    settings, changed = base_settings(settings, base)
    problems += changed
    today = today or datetime.now(settings.tz).date()
    listing = git.tree_blobs(settings.root, base, settings.complaints_dir)
    before = base_records(settings, base, listing)
    results = records.check_files(records.discover(settings), settings)
    present = {r.path: r for r in results}
    by_id = {r.record_id: r for r in results if r.record_id}
    found = {
        path: present.get(path) or by_id.get(_record_id(path, old)) for path, old in before.items()
    }
    claimed = {r.path for r in found.values() if r is not None}
    moves = renumbered(
        {path: before[path] for path, r in found.items() if r is None},
        {r.path: r.data for r in results if r.path not in claimed},
    )
    kept, earlier = _shreds_kept(settings, base)
    problems += kept
    carried = _carried_since(settings, earlier)
    for path, old in sorted(before.items()):
        current = found[path] or present.get(moves.get(path, ""))
        if current is None:
            problems.append(Problem(path, 1, 1, "audit.deleted", {"id": _record_id(path, old)}))
            continue
        if old is None or current.data is None:
            continue
        violations = compare(old, current.data, settings, today, carried)
        if current.path != path:
            violations = [_moved(v, path) for v in violations]
        if violations:
            text = (settings.root / current.path).read_text(encoding="utf-8")
            places = loader.places(text)
        for field, code, args in violations:
            place = places.get(field) or places.get(_top(field)) or places.get("")
            line, column = (place.key_line, place.key_column) if place else (1, 1)
            problems.append(Problem(current.path, line, column, code, args, field))
    return problems + document_violations(settings, base, listing, before, present, today, carried)
