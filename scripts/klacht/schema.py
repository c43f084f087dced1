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

import jsonschema_rs

Finding = tuple[str, str, dict[str, Any], str]

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_LIKE = re.compile(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$")


@cache
def load_schema(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def validator(path: Path) -> Any:
    """The compiled validator of the schema file at `path` (compiled once per process)."""
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


def _kind_finding(error: Any, schema: dict[str, Any]) -> Finding:
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
        return child, "schema.closed_needs", {}, "parent" if name == "Required" else "value"
    if name == "Required":
        child = f"{path}.{kind.property}" if path else str(kind.property)
        return child, "schema.required", {}, "parent"
    if name == "AdditionalProperties":
        unexpected = list(kind.unexpected)
        child = f"{path}.{unexpected[0]}" if path else str(unexpected[0])
        return child, "schema.unknown_key", {"key": unexpected[0]}, "key"
    if name == "Type":
        return path, *_type_finding(value, _subschema(schema, parts)), "value"
    if name == "Enum":
        options = ", ".join(str(o) for o in kind.options)
        return path, "schema.enum", {"value": value, "options": options}, "value"
    if name == "Pattern":
        return path, *_pattern_finding(value, _subschema(schema, parts)), "value"
    if name == "MinLength":
        return path, "schema.empty_text", {}, "value"
    return path, "schema.other", {"detail": error.message}, "value"


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
            return "schema.datetime_bare_date", {"value": value}
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
    """Every schema problem of `data`; nothing when valid (the common, fast case)."""
    check = validator(schema_path)
    if check.is_valid(data):
        return
    schema = load_schema(schema_path)
    seen: set[tuple[str, str]] = set()
    lacking: list[str] = []  # handling fields a closed record lacks: one finding for them all
    for error in check.iter_errors(data):
        finding = _kind_finding(error, schema)
        if finding[1] == "schema.closed_needs":
            lacking.append(finding[0])
        elif (finding[0], finding[1]) not in seen:
            seen.add((finding[0], finding[1]))
            yield finding
    if lacking:
        order = ["handling.handler", "handling.cause", "handling.solution"]
        order += ["handling.customer_agrees", "handling.date"]
        fields = sorted(set(lacking), key=lambda f: order.index(f) if f in order else len(order))
        yield "closed", "schema.closed_needs", {"lacking_fields": fields}, "key"
