"""The JSON Schema of a record: compiled once (jsonschema-rs), errors turned into our findings.

A finding is (field path, message key, arguments, where): `where` says whether the position is the
field's key ("key"), its value ("value") or the mapping that lacks it ("parent").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

Finding = tuple[str, str, dict[str, Any], str]

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_LIKE = re.compile(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$")
# What a closed record needs, in the order a lacking list names them.
_HANDLING = (
    "handling",
    "handling.handler",
    "handling.cause",
    "handling.solution",
    "handling.customer_agrees",
    "handling.date",
)


@cache
def load_schema(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def validator(path: Path) -> Any:
    """The compiled validator of the schema file at `path` (compiled once per process)."""
    import jsonschema_rs  # only where a record is validated: a cached check needs none

    return jsonschema_rs.validator_for(load_schema(path))


def _subschema(schema: dict[str, Any], instance_path: list[str | int]) -> dict[str, Any]:
    """The property schema that describes the value at `instance_path` (ignoring conditionals)."""
    node = schema
    for part in instance_path:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return node


def _dotted(parts: list[str | int]) -> str:
    return ".".join(str(p) for p in parts)


def _kind_findings(error: Any, schema: dict[str, Any]) -> Iterator[Finding]:
    """Our findings for one jsonschema-rs error (none when another error says it better)."""
    kind = error.kind
    parts = list(error.instance_path)
    path = _dotted(parts)
    name = type(kind).__name__
    value = error.instance
    if "then" in list(error.schema_path):  # the `closed` rule: a closed record needs handling
        child = (
            (f"{path}.{kind.property}" if path else str(kind.property))
            if name == "Required"
            else path
        )
        yield child, "schema.closed_needs", {}, "parent" if name == "Required" else "value"
    elif name == "Required":
        child = f"{path}.{kind.property}" if path else str(kind.property)
        yield child, "schema.required", {}, "parent"
    elif name == "AdditionalProperties":
        for key in kind.unexpected:
            yield f"{path}.{key}" if path else str(key), "schema.unknown_key", {"key": key}, "key"
    elif name == "Type":
        subschema = _subschema(schema, parts)
        if "enum" not in subschema:  # a value of the wrong type in an enum: the Enum error says it
            yield path, *_type_finding(value, subschema), "value"
    elif name == "Enum":
        yield path, *_enum_finding(value, list(kind.options)), "value"
    elif name == "Pattern":
        yield path, *_pattern_finding(value, _subschema(schema, parts)), "value"
    elif name == "MinLength":
        yield path, "schema.empty_text", {}, "value"
    else:
        yield path, "schema.other", {"detail": error.message}, "value"


def _enum_finding(value: Any, options: list[Any]) -> tuple[str, dict[str, Any]]:
    """One message for a value outside an enum, also when YAML read it as yes/no or empty."""
    if value is False or value is True:
        return ("schema.enum_yes" if value else "schema.enum_no"), {"options": options}
    if value is None:
        return "schema.enum_empty", {"options": options}
    return "schema.enum", {"value": value, "options": options}


def _type_finding(value: Any, subschema: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    expected = subschema.get("type")
    wanted = set(expected) if isinstance(expected, list) else {expected}
    if "string" in wanted and isinstance(value, bool):
        return "schema.yaml_bool", {}
    if "string" in wanted and isinstance(value, int | float):
        return "schema.yaml_number", {}
    if "boolean" in wanted:
        return "schema.want_bool", {"value": value}
    if "object" in wanted:
        return "schema.want_mapping", {}
    if "array" in wanted:
        return "schema.want_list", {}
    if value is None:
        return "schema.want_value", {}
    return "schema.want_text", {}


def _pattern_finding(value: str, subschema: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    pattern = subschema.get("pattern", "")
    if pattern.startswith("^K-"):
        return "schema.id_pattern", {"value": value}
    if "[T ]" in pattern:
        if _DATE.match(value):
            return "schema.datetime_bare_date", {"value": value, "example": f"{value}T09:30"}
        return "schema.datetime_pattern", {"value": value}
    if pattern.endswith("{2}$") and "[0-9]{4}-" in pattern:
        match = _DATE_LIKE.match(value)
        if match:
            day, month, year = match.groups()
            suggestion = f"{year}-{int(month):02d}-{int(day):02d}"
            return "schema.date_order", {"value": value, "suggestion": suggestion}
        return "schema.date_pattern", {"value": value}
    if "@" in pattern:
        return "schema.email_pattern", {"value": value}
    return "schema.other", {"detail": f"{value!r} past niet bij {pattern}"}


def findings(data: Any, schema_path: Path) -> Iterator[Finding]:
    """Every schema problem of `data`, one per field and kind; nothing when valid (the common,
    fast case)."""
    check = validator(schema_path)
    if check.is_valid(data):
        return
    schema = load_schema(schema_path)
    found: dict[tuple[str, str], Finding] = {}
    for error in check.iter_errors(data):
        for finding in _kind_findings(error, schema):
            found.setdefault((finding[0], finding[1]), finding)
    reported = {path for path, code in found if code != "schema.closed_needs"}
    yield from (f for f in found.values() if f[1] != "schema.closed_needs")
    # The handling fields a closed record lacks, in one finding; a field that is filled in
    # wrongly has its own finding already.
    lacking = {path for path, code in found if code == "schema.closed_needs"} - reported
    if lacking:
        fields = sorted(lacking, key=_handling_order)
        yield "closed", "schema.closed_needs", {"lacking_fields": fields}, "key"


def _handling_order(path: str) -> tuple[int, str]:
    return (_HANDLING.index(path) if path in _HANDLING else len(_HANDLING), path)
