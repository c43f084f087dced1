"""The JSON Schema itself: valid draft 2020-12, Dutch help on every field, and the same verdicts
from jsonschema-rs (our fast path) and python-jsonschema (the reference implementation)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, base_record
from klacht import loader

SCHEMA = json.loads((REPO / "schema" / "complaint.schema.json").read_text(encoding="utf-8"))


def properties(node: dict, path: str = ""):
    for name, sub in node.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from properties(sub, f"{path}{name}.")
        if "items" in sub:
            yield f"{path}{name}[]", sub["items"]
            yield from properties(sub["items"], f"{path}{name}[].")


def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_field_has_a_dutch_title_and_description():
    fields = list(properties(SCHEMA))
    assert len(fields) > 40
    lacking = [path for path, sub in fields if not sub.get("title") or not sub.get("description")]
    assert lacking == []


def test_unknown_keys_are_errors_everywhere():
    objects = [SCHEMA] + [sub for _, sub in properties(SCHEMA) if sub.get("type") == "object"]
    assert all(node.get("additionalProperties") is False for node in objects)


@pytest.mark.parametrize(
    "path", sorted((REPO / "complaints").rglob("*.yaml")), ids=lambda p: p.name
)
def test_reference_validator_accepts_examples(path: Path):
    data = loader.parse(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({}, True),
        ({"customer": {"name": "Zoë", "phone": "073-1234567", "email": "zoë@example.nl"}}, True),
        ({"customer": {"name": "Zoë", "phone": "073-1234567", "email": "geen adres"}}, False),
        ({"closed": "2026-11-20"}, False),
        ({"triage": {"decision": "self", "at": "2026-11-18T11:00"}}, False),
        ({"withdrawn": {"date": "2026-11-19"}}, False),
        ({"extra": 1}, False),
        ({"id": "K-26-1"}, False),
    ],
)
def test_both_validators_agree(change, valid):
    import jsonschema_rs

    data = base_record(**change)
    assert jsonschema_rs.validator_for(SCHEMA).is_valid(data) is valid
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(data) is valid


def test_pre_commit_hook_runs_klacht_check(project):
    """The hook runs when a record changed and checks the whole tree, as pre-commit calls it."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["klacht-check"]
    hook = hooks[0]
    project.record("K-2026-001")
    project.commit("eerste")
    changed = project.write(
        "complaints/2026/K-2026-002.yaml",
        project.path_of("K-2026-001").read_text(encoding="utf-8"),
    )
    name = changed.relative_to(project.root).as_posix()
    assert re.search(hook["files"], name)
    command = [*hook["entry"].split(), *([name] if hook["pass_filenames"] else [])]
    done = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    assert (done.returncode, done.stdout.splitlines()) == (
        1,
        [
            "complaints/2026/K-2026-001.yaml:1:5: nummer (id): klachtnummer K-2026-001 komt ook "
            "voor in complaints/2026/K-2026-002.yaml; geef één van beide een nieuw nummer met "
            "'klacht renumber complaints/2026/K-2026-001.yaml'",
            "complaints/2026/K-2026-002.yaml:1:5: nummer (id): klachtnummer K-2026-001 past niet "
            "bij de bestandsnaam K-2026-002.yaml; die moet K-2026-001.yaml zijn",
            "complaints/2026/K-2026-002.yaml:1:5: nummer (id): klachtnummer K-2026-001 komt ook "
            "voor in complaints/2026/K-2026-001.yaml; geef één van beide een nieuw nummer met "
            "'klacht renumber complaints/2026/K-2026-002.yaml'",
        ],
    )


def findings_of(**change) -> list:
    from klacht import schema

    return list(schema.findings(base_record(**change), REPO / "schema" / "complaint.schema.json"))


def test_one_finding_per_field_for_a_value_outside_an_enum():
    options = {"options": ["normal", "serious"]}
    assert findings_of(severity=False) == [("severity", "schema.enum_no", options, "value")]
    assert findings_of(severity=True) == [("severity", "schema.enum_yes", options, "value")]
    assert findings_of(channel="telefoon") == [
        (
            "channel",
            "schema.enum",
            {"value": "telefoon", "options": ["phone", "email", "letter", "in_person", "other"]},
            "value",
        )
    ]


def test_closed_record_does_not_call_a_wrongly_filled_field_lacking():
    handling = {"handler": 5, "cause": "c", "customer_agrees": "nee", "date": "2026-11-20"}
    assert findings_of(closed="2026-11-20", handling=handling) == [
        ("handling.handler", "schema.yaml_number", {}, "value"),
        ("handling.customer_agrees", "schema.want_bool", {"value": "nee"}, "value"),
        ("closed", "schema.closed_needs", {"lacking_fields": ["handling.solution"]}, "key"),
    ]


def test_every_unknown_key_is_reported():
    assert [f[0] for f in findings_of(notes="x", extra=1)] == ["notes", "extra"]


def test_user_guide_explains_every_field():
    """The staff guide's table of fields keeps up with the schema."""
    guide = (REPO / "site" / "handleiding.md").read_text(encoding="utf-8")
    explained = set(re.findall(r"^\| `([a-z_.]+)` \|", guide, re.MULTILINE))
    leaves = {
        path.replace("[]", "")
        for path, sub in properties(SCHEMA)
        if sub.get("type") != "object"
        and not (sub.get("type") == "array" and "properties" in sub.get("items", {}))
    }
    assert leaves == explained
