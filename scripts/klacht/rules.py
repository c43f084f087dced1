"""Checks beyond the schema, one small function per rule, each yielding findings.

A rule gets the record data and a `RuleContext`; it yields (field path, message key, arguments,
where) like `schema.findings`. Rules also run on records the schema found problems in, so they
read fields only through `_text` and `_time_fields`, which leave out what is absent, of another
type, or already reported by the schema: one field never gets a second, misleading message.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from klacht.model import TimeError, parse_date, parse_datetime
from klacht.privacy import is_encrypted
from klacht.schema import Finding

# Parsed dates and times by dotted path, each with its text.
Moments = dict[str, tuple[str, date | datetime]]


@dataclass(frozen=True)
class RuleContext:
    """What the rules need to know beyond the record: where it is, the settings, and the fields
    the schema already reported (empty for a record that passed the schema)."""

    path: str  # posix path relative to the project root, e.g. complaints/2026/K-2026-007.yaml
    tz: tzinfo
    phone_region: str
    categories: tuple[str, ...]
    reported: frozenset[str] = frozenset()
    # The day of the check, for `corrections_not_future`; outside repr, so outside the check
    # cache's fingerprint (see `records.Cache` for how a finding that depends on it is kept).
    today: date | None = field(default=None, repr=False, compare=False)


def _reported(path: str, reported: frozenset[str]) -> bool:
    """Whether the schema reported the field at `path` or a block it is in."""
    return any(path[:i] in reported for i, c in enumerate(path + ".") if c == ".")


def _in_blocks(data: dict[str, Any], parts: tuple[str, ...] | list[str]) -> Any:
    """The value below nested mappings (None where one is missing or no mapping)."""
    node: Any = data
    for part in parts:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _text(data: dict[str, Any], path: str, ctx: RuleContext) -> str | None:
    """The text at a dotted path; None when absent, not text, or reported by the schema."""
    if ctx.reported and _reported(path, ctx.reported):
        return None
    value = _in_blocks(data, path.split("."))
    return value if isinstance(value, str) else None


def id_matches_path(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """The file is `complaints/<year>/<id>.yaml`, and the id's year is the year received."""
    record_id = _text(data, "id", ctx)
    if record_id is None:
        return
    folder, name = posixpath.split(ctx.path)
    if name != f"{record_id}.yaml":
        yield "id", "rule.id_file", {"id": record_id, "name": name}, "value"
    id_year = record_id.split("-")[1]
    folder = posixpath.basename(folder)
    if folder != id_year:
        yield "id", "rule.id_folder", {"id": record_id, "folder": folder}, "value"
    received = _text(data, "received", ctx)
    if received is not None and received[:4] != id_year:
        yield "id", "rule.id_year", {"id": record_id, "year": received[:4]}, "value"


def phone_valid(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """The customer's phone number is a valid number (national numbers in the default region)."""
    phone = _text(data, "customer.phone", ctx)
    if phone is None or data.get("anonymized") is not None or is_encrypted(phone):
        return  # anonymized: a placeholder (retention); encrypted: checked by `privacy.findings`
    from klacht import phones  # only where a record is checked: a cached check needs none

    if phones.parse(phone, ctx.phone_region) is None:
        yield "customer.phone", "rule.phone", {"value": phone}, "value"


def category_known(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """The category is one of the configured list (when a list is configured)."""
    category = _text(data, "category", ctx)
    if category is not None and ctx.categories and category not in ctx.categories:
        args = {"value": category, "options": list(ctx.categories)}
        yield "category", "rule.category", args, "value"


# Date and time fields, as (dotted path, its parts, is a date-time); those of list items, as
# (the list's dotted path, its parts, key in an item, is a date-time).
_TIMES = tuple(
    (path, tuple(path.split(".")), with_time)
    for path, with_time in (
        ("received", True),
        ("acknowledged", True),
        ("triage.at", True),
        ("handling.date", False),
        ("mediation.referred", False),
        ("mediation.ruling_date", False),
        ("closed", False),
        ("anonymized", False),
        ("withdrawn.date", False),
        ("legal_hold.since", False),
        ("legal_hold.lifted", False),
    )
)
_ITEM_TIMES = tuple(
    (path, tuple(path.split(".")), key, with_time)
    for path, key, with_time in (
        ("prevention.measures", "due", False),
        ("prevention.measures", "done", False),
        ("pauses", "from", True),
        ("pauses", "to", True),
        ("corrections", "date", False),
        ("documents", "date", False),
    )
)

# Every date or date-time field by its path without list indexes: True for a date-time.
TIME_FIELDS = {path: with_time for path, _, with_time in _TIMES} | {
    f"{path}.{key}": with_time for path, _, key, with_time in _ITEM_TIMES
}


def _time_fields(data: dict[str, Any], ctx: RuleContext) -> list[tuple[str, str, bool]]:
    """Every date or date-time field that holds text: (dotted path, text, is a date-time)."""
    found = []
    for path, parts, with_time in _TIMES:
        value = _in_blocks(data, parts)
        if isinstance(value, str):
            found.append((path, value, with_time))
    for path, parts, key, with_time in _ITEM_TIMES:
        items = _in_blocks(data, parts)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, str):
                found.append((f"{path}.{index}.{key}", value, with_time))
    if ctx.reported:
        return [field for field in found if not _reported(field[0], ctx.reported)]
    return found


def _parse(value: str, with_time: bool, tz: tzinfo) -> date | datetime:
    return parse_datetime(value, tz) if with_time else parse_date(value)


def times_real(data: dict[str, Any], ctx: RuleContext) -> Generator[Finding, None, Moments]:
    """Every date is on the calendar; every local time exists once (summer-time changes).
    Returns the dates that do, parsed, for `_out_of_order`."""
    moments: Moments = {}
    for path, value, with_time in _time_fields(data, ctx):
        try:
            moments[path] = value, _parse(value, with_time, ctx.tz)
        except TimeError as exc:
            yield path, exc.code, {"value": value}, "value"
    return moments


def times_real_and_in_order(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """`times_real`, and the dates in the order of the procedure (each date parsed once)."""
    moments = yield from times_real(data, ctx)
    yield from _out_of_order(moments)


def _intake_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """Triage and the confirmation of receipt not before received."""
    yield "triage.at", "received"
    yield "acknowledged", "received"


def _handling_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """Handling not before triage or received; closed not before handling or received."""
    yield "handling.date", "triage.at"
    yield "handling.date", "received"
    yield "closed", "handling.date"
    yield "closed", "received"


def _pause_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """A pause starts not before received and ends not before it starts."""
    for path in paths:
        if path.startswith("pauses.") and path.endswith(".from"):
            yield path, "received"
        elif path.startswith("pauses.") and path.endswith(".to"):
            yield path, path.removesuffix("to") + "from"


def _mediation_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """Referred to the mediator not before received; the ruling not before the referral."""
    yield "mediation.referred", "received"
    yield "mediation.ruling_date", "mediation.referred"


def _measure_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """A preventive measure is not done before the complaint was received."""
    for path in paths:
        if path.startswith("prevention.measures.") and path.endswith(".done"):
            yield path, "received"


def _withdrawal_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """A complaint is not withdrawn before it was received."""
    yield "withdrawn.date", "received"


def _hold_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """A legal hold starts not before received and is lifted not before it starts."""
    yield "legal_hold.since", "received"
    yield "legal_hold.lifted", "legal_hold.since"


def _correction_order(paths: list[str]) -> Iterator[tuple[str, str]]:
    """A correction is not dated before the complaint was received."""
    for path in paths:
        if path.startswith("corrections.") and path.endswith(".date"):
            yield path, "received"


# Each gives the (later, earlier) pairs of fields of one part of the procedure.
_ORDER = (
    _intake_order,
    _handling_order,
    _pause_order,
    _mediation_order,
    _measure_order,
    _withdrawal_order,
    _hold_order,
    _correction_order,
)


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _out_of_order(moments: Moments) -> Iterator[Finding]:
    """Every pair of `_ORDER` whose dates both exist is in order: as times when both have one,
    otherwise by day."""
    paths = list(moments)
    for later, earlier in (pair for pairs in _ORDER for pair in pairs(paths)):
        if later not in moments or earlier not in moments:
            continue
        (text, a), (_, b) = moments[later], moments[earlier]
        both_times = isinstance(a, datetime) and isinstance(b, datetime)
        if (a < b) if both_times else (_day(a) < _day(b)):
            yield later, "rule.order", {"earlier_field": earlier, "value": text}, "value"


def _corrections(data: dict[str, Any], ctx: RuleContext) -> Iterator[tuple[int, dict[str, Any]]]:
    """The corrections entries that are mappings, with their index, unless the schema reported
    the list."""
    items = data.get("corrections")
    if not isinstance(items, list) or (ctx.reported and _reported("corrections", ctx.reported)):
        return
    yield from ((i, item) for i, item in enumerate(items) if isinstance(item, dict))


def corrections_filled(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """A correction names who made it and why: not only spaces."""
    for index, item in _corrections(data, ctx):
        for key in ("by", "reason"):
            value = item.get(key)
            if isinstance(value, str) and value and not value.strip():
                yield f"corrections.{index}.{key}", "rule.blank", {}, "value"


def corrections_not_future(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """A correction is not dated after the day of the check (a correction is recorded when it
    is made). Depends on `ctx.today`: `records.Cache` checks a file with this finding anew."""
    if ctx.today is None:
        return
    for index, item in _corrections(data, ctx):
        value = item.get("date")
        if isinstance(value, str):
            with contextlib.suppress(TimeError):  # `times_real` reports it
                if parse_date(value) > ctx.today:
                    path = f"corrections.{index}.date"
                    yield path, FUTURE, {"value": value}, "value"


def document_names(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """Each document is named by a plain file name in the complaint's folder (no folder, `..`,
    or characters a file system or a link would stumble over), and listed once. Whether the file
    is there, and what it holds, `documents` checks on every run."""
    items = data.get("documents")
    if not isinstance(items, list) or (ctx.reported and _reported("documents", ctx.reported)):
        return
    from klacht.documents import name_problem

    seen: set[str] = set()
    for index, item in enumerate(items):
        name = item.get("file") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name or _reported(f"documents.{index}", ctx.reported):
            continue
        code = name_problem(name) or ("documents.name_twice" if name in seen else None)
        seen.add(name)
        if code is not None:
            yield f"documents.{index}.file", code, {"name": name}, "value"


# The finding that depends on the day of the check, not only on the file.
FUTURE = "rule.future"

RULES: tuple[Callable[[dict[str, Any], RuleContext], Iterator[Finding]], ...] = (
    id_matches_path,
    phone_valid,
    category_known,
    times_real_and_in_order,
    corrections_filled,
    corrections_not_future,
    document_names,
)


def findings(data: dict[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """Every rule's findings; `ctx.reported` names the fields the rules leave alone."""
    for rule in RULES:
        yield from rule(data, ctx)
