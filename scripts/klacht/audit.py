"""The archive's integrity: compare the records with a base revision (a pull or merge request's
target). No record deleted; `id` and `received` never changed; a closed record changes only by
allowed additions; personal data is removed only by the retention command."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from klacht import history, loader, records, retention
from klacht.config import Settings
from klacht.model import TimeError, parse_date
from klacht.problems import Problem

# Fields a closed record may gain or fill without a correction.
FREE_ON_CLOSED = ("mediation", "corrections", "anonymized")


def base_records(settings: Settings, base: str) -> dict[str, dict[str, Any]]:
    """The records at `base` by path (two git processes: ls-tree and cat-file)."""
    listing = history.git(settings.root, "ls-tree", "-r", "-z", base, "--", settings.complaints_dir)
    blobs: dict[str, str] = {}
    for entry in filter(None, listing.decode("utf-8").split("\0")):
        meta, path = entry.split("\t", 1)
        if path.endswith((".yaml", ".yml")):
            blobs[path] = meta.split()[2]
    contents = history.read_blobs(settings.root, set(blobs.values()))
    found = {}
    for path, blob in blobs.items():
        try:
            found[path] = loader.parse(loader.decode(contents[blob], 1 << 30))
        except (loader.LoadError, KeyError):
            continue  # a broken base version has nothing to protect
    return found


def _top(field: str) -> str:
    return field.split(".", 1)[0]


def _anonymized_properly(old: dict[str, Any], new: dict[str, Any], settings: Settings) -> bool:
    """`anonymized` is newly set, on or after the end of the retention term."""
    if old.get("anonymized") is not None or new.get("anonymized") is None:
        return False
    end_text = new.get("closed") or (new.get("withdrawn") or {}).get("date")
    try:
        end, done = parse_date(str(end_text)), parse_date(str(new["anonymized"]))
    except TimeError:
        return False
    return done >= retention.term_end(end, settings)


def compare(
    old: dict[str, Any], new: dict[str, Any], settings: Settings
) -> list[tuple[str, str, dict[str, Any]]]:
    """Violations between two versions of one record: (field, message key, arguments)."""
    found = []
    for key in ("id", "received"):
        if old.get(key) != new.get(key):
            found.append((key, f"audit.{key}_changed", {"old": old.get(key), "new": new.get(key)}))
    anonymized = _anonymized_properly(old, new, settings)
    old_customer, new_customer = old.get("customer") or {}, new.get("customer") or {}
    for key in ("name", "phone", "email"):
        before, after = old_customer.get(key), new_customer.get(key)
        removed = before not in (None, "") and (
            after in (None, "") or after == retention.PLACEHOLDER
        )
        if removed and not anonymized:
            found.append((f"customer.{key}", "audit.personal_removed", {}))
    if old.get("anonymized") is None and new.get("anonymized") is not None and not anonymized:
        found.append(("anonymized", "audit.anonymized_early", {}))
    if old.get("closed"):
        new_corrections = len(new.get("corrections") or []) > len(old.get("corrections") or [])
        free = set(FREE_ON_CLOSED) | ({"customer"} if anonymized else set())
        changed = [c.field for c in history.field_changes(old, new) if _top(c.field) not in free]
        changed = [f for f in changed if _top(f) not in ("id", "received")]
        if changed and not new_corrections:
            found.append((changed[0], "audit.closed_changed", {"changed_fields": changed}))
        old_corrections = old.get("corrections") or []
        if (new.get("corrections") or [])[: len(old_corrections)] != old_corrections:
            found.append(("corrections", "audit.corrections_rewritten", {}))
    return found


def audit(settings: Settings, base: str) -> list[Problem]:
    """Every violation of the working tree's records against `base`."""
    before = base_records(settings, base)
    results = records.check_files(records.discover(settings), settings)
    now = {r.path: r for r in results if r.data is not None}
    by_id = {r.record_id: r for r in results if r.record_id}
    problems = []
    for path, old in sorted(before.items()):
        current = now.get(path) or by_id.get(str(old.get("id")))
        if current is None:
            record_id = old.get("id") or PurePosixPath(path).stem
            problems.append(Problem(path, 1, 1, "audit.deleted", {"id": record_id}))
            continue
        violations = compare(old, current.data or {}, settings)
        if violations:
            text = (settings.root / current.path).read_text(encoding="utf-8")
            places = loader.places(text)
        for field, code, args in violations:
            place = places.get(field) or places.get(_top(field)) or places.get("")
            line, column = (place.key_line, place.key_column) if place else (1, 1)
            problems.append(Problem(current.path, line, column, code, args, field))
    return problems
