"""The archive's integrity: compare the records with a base revision (a pull or merge request's
target). No record deleted; `id` and `received` never changed; a closed record changes only by
allowed additions; personal data is removed only by the retention command."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from klacht import history, loader, records, retention
from klacht.config import Settings
from klacht.model import TimeError, parse_date
from klacht.problems import Problem

# A closed record may gain these without a correction: a referral to the mediator (and, later,
# its ruling: only empty fields filled), new corrections, and `anonymized` by the retention command.
FILLABLE_ON_CLOSED = ("mediation",)
FREE_ON_CLOSED = ("corrections", "anonymized")


def base_records(settings: Settings, base: str) -> dict[str, dict[str, Any] | None]:
    """The records at `base` by path; None for a version that does not parse (it is still a
    record that may not disappear). Two git processes: ls-tree and cat-file."""
    listing = history.git(settings.root, "ls-tree", "-r", "-z", base, "--", settings.complaints_dir)
    blobs: dict[str, str] = {}
    for entry in filter(None, listing.decode("utf-8").split("\0")):
        meta, path = entry.split("\t", 1)
        if path.endswith((".yaml", ".yml")):
            blobs[path] = meta.split()[2]
    contents = history.read_blobs(settings.root, set(blobs.values()))
    found: dict[str, dict[str, Any] | None] = {}
    for path, blob in blobs.items():
        try:
            found[path] = loader.parse(loader.decode(contents[blob], 1 << 30))
        except (loader.LoadError, KeyError):
            found[path] = None
    return found


def _top(field: str) -> str:
    return field.split(".", 1)[0]


def _end(data: dict[str, Any]) -> Any:
    """The closing or withdrawal date as written; None while open or in mediation."""
    mediation = data.get("mediation") or {}
    if mediation and mediation.get("ruling") is None:
        return None
    return data.get("closed") or (data.get("withdrawn") or {}).get("date")


def _anonymized_properly(
    old: dict[str, Any], new: dict[str, Any], settings: Settings, today: date
) -> bool:
    """`anonymized` newly set on a record that was already closed (or withdrawn) at the base on
    the same date, whose retention term had ended by that date and by today."""
    if old.get("anonymized") is not None or new.get("anonymized") is None:
        return False
    if _end(old) is None or _end(old) != _end(new):
        return False
    try:
        end, done = parse_date(str(_end(new))), parse_date(str(new["anonymized"]))
    except TimeError:
        return False
    return retention.term_end(end, settings) <= min(done, today)


def _personal_removed(before: Any, after: Any) -> bool:
    return before not in (None, "", retention.PLACEHOLDER) and (
        after in (None, "") or after == retention.PLACEHOLDER
    )


def _allowed_on_closed(change: history.FieldChange, anonymized: bool) -> bool:
    """A change a closed record may have without a correction."""
    top = _top(change.field)
    if top in FREE_ON_CLOSED or top in ("id", "received"):  # the last two are reported apart
        return True
    if top in FILLABLE_ON_CLOSED:
        return change.old in (None, "")
    personal = f"customer.{change.field.rsplit('.', 1)[-1]}" in retention.PERSONAL
    return anonymized and personal and change.new in (None, "", retention.PLACEHOLDER)


def compare(
    old: dict[str, Any], new: dict[str, Any], settings: Settings, today: date
) -> list[tuple[str, str, dict[str, Any]]]:
    """Violations between two versions of one record: (field, message key, arguments)."""
    found = []
    for key in ("id", "received"):
        if old.get(key) != new.get(key):
            found.append((key, f"audit.{key}_changed", {"old": old.get(key), "new": new.get(key)}))
    anonymized = _anonymized_properly(old, new, settings, today)
    old_customer, new_customer = old.get("customer") or {}, new.get("customer") or {}
    for key in ("name", "phone", "email"):
        if _personal_removed(old_customer.get(key), new_customer.get(key)) and not anonymized:
            found.append((f"customer.{key}", "audit.personal_removed", {}))
    if old.get("anonymized") is None and new.get("anonymized") is not None and not anonymized:
        found.append(("anonymized", "audit.anonymized_early", {}))
    if old.get("closed"):
        old_corrections = old.get("corrections") or []
        new_corrections = new.get("corrections") or []
        changed = [
            c.field
            for c in history.field_changes(old, new)
            if not _allowed_on_closed(c, anonymized)
        ]
        if changed and len(new_corrections) <= len(old_corrections):
            found.append((changed[0], "audit.closed_changed", {"changed_fields": changed}))
        if new_corrections[: len(old_corrections)] != old_corrections:
            found.append(("corrections", "audit.corrections_rewritten", {}))
    return found


def audit(settings: Settings, base: str, today: date | None = None) -> list[Problem]:
    """Every violation of the working tree's records against `base`. A file that does not
    parse now is left to `klacht check`; one that is gone (by path and by id) is deleted."""
    today = today or datetime.now(settings.tz).date()
    before = base_records(settings, base)
    results = records.check_files(records.discover(settings), settings)
    present = {r.path: r for r in results}
    by_id = {r.record_id: r for r in results if r.record_id}
    problems = []
    for path, old in sorted(before.items()):
        record_id = str((old or {}).get("id") or PurePosixPath(path).stem)
        current = present.get(path) or by_id.get(record_id)
        if current is None:
            problems.append(Problem(path, 1, 1, "audit.deleted", {"id": record_id}))
            continue
        if old is None or current.data is None:
            continue
        violations = compare(old, current.data, settings, today)
        if violations:
            text = (settings.root / current.path).read_text(encoding="utf-8")
            places = loader.places(text)
        for field, code, args in violations:
            place = places.get(field) or places.get(_top(field)) or places.get("")
            line, column = (place.key_line, place.key_column) if place else (1, 1)
            problems.append(Problem(current.path, line, column, code, args, field))
    return problems
