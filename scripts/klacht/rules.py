"""Checks beyond the schema, one small function per rule, each yielding findings.

A rule gets record data that passed the schema and a `Context`; it yields
(field path, message key, arguments, where) like `schema.findings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import PurePosixPath
from typing import Any

from klacht import phones
from klacht.model import TimeError, parse_date, parse_datetime
from klacht.schema import Finding


@dataclass(frozen=True)
class Context:
    """What the rules need to know beyond the record: where it is and the settings."""

    path: str  # posix path relative to the project root, e.g. complaints/2026/K-2026-007.yaml
    tz: tzinfo
    phone_region: str
    categories: tuple[str, ...]


def id_matches_path(data: dict[str, Any], ctx: Context) -> Iterator[Finding]:
    """The file is `complaints/<year>/<id>.yaml`, and the id's year is the year received."""
    record_id = data["id"]
    path = PurePosixPath(ctx.path)
    if path.stem != record_id or path.suffix != ".yaml":
        yield "id", "rule.id_file", {"id": record_id, "name": path.name}, "value"
    id_year = record_id.split("-")[1]
    if path.parent.name != id_year:
        yield "id", "rule.id_folder", {"id": record_id, "folder": path.parent.name}, "value"
    received = str(data["received"])[:4]
    if received != id_year:
        yield "id", "rule.id_year", {"id": record_id, "year": received}, "value"


def phone_valid(data: dict[str, Any], ctx: Context) -> Iterator[Finding]:
    """The customer's phone number is a valid number (national numbers in the default region)."""
    phone = data["customer"]["phone"]
    if data.get("anonymized") is not None:
        return  # replaced by a placeholder under the retention rules
    if phones.parse(phone, ctx.phone_region) is None:
        yield "customer.phone", "rule.phone", {"value": phone}, "value"


def category_known(data: dict[str, Any], ctx: Context) -> Iterator[Finding]:
    """The category is one of the configured list (when a list is configured)."""
    category = data.get("category")
    if category is not None and ctx.categories and category not in ctx.categories:
        options = ", ".join(ctx.categories)
        yield "category", "rule.category", {"value": category, "options": options}, "value"


# Date and time fields, as (dotted path, is a date-time).
def _time_fields(data: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    yield "received", data["received"], True
    if data.get("acknowledged") is not None:
        yield "acknowledged", data["acknowledged"], True
    if "triage" in data:
        yield "triage.at", data["triage"]["at"], True
    if (data.get("handling") or {}).get("date") is not None:
        yield "handling.date", data["handling"]["date"], False
    for index, measure in enumerate((data.get("prevention") or {}).get("measures") or ()):
        for key in ("due", "done"):
            if measure.get(key) is not None:
                yield f"prevention.measures.{index}.{key}", measure[key], False
    for index, pause in enumerate(data.get("pauses") or ()):
        yield f"pauses.{index}.from", pause["from"], True
        if pause.get("to") is not None:
            yield f"pauses.{index}.to", pause["to"], True
    mediation = data.get("mediation") or {}
    for key in ("referred", "ruling_date"):
        if mediation.get(key) is not None:
            yield f"mediation.{key}", mediation[key], False
    for index, correction in enumerate(data.get("corrections") or ()):
        yield f"corrections.{index}.date", correction["date"], False
    for key in ("closed", "anonymized"):
        if data.get(key) is not None:
            yield key, data[key], False
    if "withdrawn" in data:
        yield "withdrawn.date", data["withdrawn"]["date"], False


def times_real(data: dict[str, Any], ctx: Context) -> Iterator[Finding]:
    """Every date is on the calendar; every local time exists once (summer-time changes)."""
    for path, value, with_time in _time_fields(data):
        try:
            if with_time:
                parse_datetime(value, ctx.tz)
            else:
                parse_date(value)
        except TimeError as exc:
            yield path, f"rule.{exc.code}", {"value": value}, "value"


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def dates_in_order(data: dict[str, Any], ctx: Context) -> Iterator[Finding]:
    """Triage not before received, handling not before triage, closed not before handling."""
    try:
        times = {
            p: (parse_datetime(v, ctx.tz) if t else parse_date(v)) for p, v, t in _time_fields(data)
        }
    except TimeError:
        return  # reported by times_real
    order = [
        ("triage.at", "received"),
        ("acknowledged", "received"),
        ("handling.date", "triage.at"),
        ("handling.date", "received"),
        ("closed", "handling.date"),
        ("closed", "received"),
        ("mediation.referred", "received"),
        ("withdrawn.date", "received"),
    ]
    order += [(p, "received") for p in times if p.startswith("pauses.") and p.endswith(".from")]
    order += [(p, p[:-2] + "from") for p in times if p.startswith("pauses.") and p.endswith(".to")]
    for later, earlier in order:
        if later not in times or earlier not in times:
            continue
        a, b = times[later], times[earlier]
        both_times = isinstance(a, datetime) and isinstance(b, datetime)
        if (a < b) if both_times else (_day(a) < _day(b)):
            args = {"earlier_field": earlier, "value": data_value(data, later)}
            yield later, "rule.order", args, "value"


def data_value(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path."""
    node: Any = data
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


RULES: tuple[Callable[[dict[str, Any], Context], Iterator[Finding]], ...] = (
    id_matches_path,
    phone_valid,
    category_known,
    times_real,
    dates_in_order,
)


def findings(data: dict[str, Any], ctx: Context) -> Iterator[Finding]:
    for rule in RULES:
        yield from rule(data, ctx)
