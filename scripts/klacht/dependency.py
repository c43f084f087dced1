"""A firm's register depends on `klachtenregister` in its own `pyproject.toml` (`klacht init`
writes `klachtenregister[site]==<version>`). In privacy mode that dependency must carry the
`privacy` extra (pyrage), or CI checks the register as a reader without a key: this module tells
whether it does, and rewrites the one requirement when that can be done exactly (every other
byte of the file as it was)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

NAME = "klachtenregister"
EXTRA = "privacy"
# A requirement on klachtenregister: its name (any spelling PEP 503 counts as the same), its
# extras and the rest (version, markers).
_REQUIREMENT = re.compile(
    r"^\s*klachtenregister\s*(?:\[(?P<extras>[^\]]*)\])?(?P<rest>(?![\w.-]).*)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Advice:
    """The register's dependency lacks the privacy extra: `old` is the requirement as written on
    `line` of pyproject.toml, `new` the same with the extra; `text` is the whole file with only
    that requirement changed, or None when that cannot be done exactly (then by hand)."""

    line: int
    old: str
    new: str
    text: str | None


def _dependencies(data: dict[str, Any]) -> list[str]:
    project = data.get("project")
    deps = project.get("dependencies") if isinstance(project, dict) else None
    return [d for d in deps if isinstance(d, str)] if isinstance(deps, list) else []


def with_extra(requirement: str) -> str | None:
    """`klachtenregister[site]==1.0` -> `klachtenregister[site,privacy]==1.0`; the requirement as
    it is when it has the extra, None when it is no requirement on klachtenregister."""
    match = _REQUIREMENT.match(requirement)
    if match is None:
        return None
    extras = [e.strip() for e in (match.group("extras") or "").split(",") if e.strip()]
    if EXTRA in (e.lower() for e in extras):
        return requirement
    name = requirement.lstrip()[: len(NAME)]
    return f"{name}[{','.join([*extras, EXTRA])}]{match.group('rest')}"


def privacy_advice(text: str) -> Advice | None:
    """What to change in the register's pyproject.toml (its text) so that installing it installs
    the privacy extra; None when it already does, or does not depend on klachtenregister (this
    repository itself, for one). The file is not written here."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    dependencies = _dependencies(data)
    ours = [(i, d, new) for i, d in enumerate(dependencies) if (new := with_extra(d)) is not None]
    if not ours or any(new == d for _, d, new in ours):
        return None
    index, old, new = ours[0]
    quoted = f'"{old}"'
    place = text.find(quoted)
    line = text.count("\n", 0, place) + 1 if place >= 0 else _line_of(text, "dependencies")
    exact = None
    if len(ours) == 1 and text.count(quoted) == 1:
        candidate = text.replace(quoted, f'"{new}"', 1)
        expected = _dependencies(data)
        expected[index] = new
        try:
            changed = tomllib.loads(candidate)
        except tomllib.TOMLDecodeError:
            changed = None
        if changed is not None and _dependencies(changed) == expected:
            changed["project"]["dependencies"] = data["project"]["dependencies"]
            exact = candidate if changed == data else None
    return Advice(line, old, new, exact)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.split("=", 1)[0].strip() == key:
            return number
    return 1
