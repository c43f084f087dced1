"""What the installed package carries for a register: the record schema (the one `klacht`
validates with), the skeleton of a new register and the example complaints; and how a register's
copy of the schema (kept for editors) compares with the packaged one.

The schema's `version` is MAJOR.MINOR. A minor version only adds: a new optional field, a new
allowed value, a looser rule. Every record valid under an earlier version stays valid, so a
record written today is read by every later `klacht` with the same major version, and records
need not say which version they follow. A major version (a field renamed or removed, a rule made
stricter) would come with a command that rewrites the records, in a commit of its own.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

from klacht import __version__, writing
from klacht.config import Settings
from klacht.i18n import Catalog

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "schemas" / "complaint.schema.json"
SKELETON = HERE / "skeleton"
EXAMPLES = HERE / "examples"

MSG = Catalog(
    {
        "missing": (
            "{copy} ontbreekt: editors tonen dan geen hulp bij de velden; maak het met "
            "`klacht schema --write`",
            "{copy} is missing: editors then show no help for the fields; create it with "
            "`klacht schema --write`",
        ),
        "older": (
            "{copy} is verouderd (versie {theirs}; deze klacht {tool} gebruikt versie {ours}); "
            "klacht controleert met de nieuwe versie, editors tonen nog de oude; ververs het met "
            "`klacht schema --write` en commit het",
            "{copy} is outdated (version {theirs}; this klacht {tool} uses version {ours}); "
            "klacht checks with the new version, editors still show the old one; refresh it with "
            "`klacht schema --write` and commit it",
        ),
        "newer": (
            "{copy} is nieuwer (versie {theirs}) dan het schema van deze klacht {tool} "
            "(versie {ours}): werk klachtenregister bij (zie pyproject.toml)",
            "{copy} is newer (version {theirs}) than the schema of this klacht {tool} "
            "(version {ours}): upgrade klachtenregister (see pyproject.toml)",
        ),
        "edited": (
            "{copy} wijkt af van het schema van klacht {tool} (versie {ours}); klacht controleert "
            "met zijn eigen schema, wijzigingen in de kopie tellen niet; ververs het met "
            "`klacht schema --write`",
            "{copy} differs from the schema of klacht {tool} (version {ours}); klacht checks with "
            "its own schema, changes to the copy do not count; refresh it with "
            "`klacht schema --write`",
        ),
    }
)


class CopyState(Enum):
    SAME = "same"
    MISSING = "missing"
    OLDER = "older"
    NEWER = "newer"
    EDITED = "edited"


def schema_text() -> str:
    return SCHEMA.read_text(encoding="utf-8")


def version_of(text: str) -> tuple[int, ...] | None:
    """The schema version of a schema's text as numbers, None when unreadable or absent."""
    try:
        value = json.loads(text).get("version")
        return tuple(int(part) for part in str(value).split("."))
    except (ValueError, AttributeError):
        return None


def _shown(version: tuple[int, ...] | None) -> str:
    return ".".join(map(str, version)) if version else "?"


def copy_state(settings: Settings) -> tuple[CopyState, tuple[int, ...] | None]:
    """How the register's copy compares with the packaged schema, and the copy's version."""
    try:
        theirs = settings.schema_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return CopyState.MISSING, None
    ours = schema_text()
    try:
        if json.loads(theirs) == json.loads(ours):
            return CopyState.SAME, version_of(ours)
    except ValueError:
        return CopyState.EDITED, None
    theirs_version, ours_version = version_of(theirs), version_of(ours)
    if theirs_version and ours_version and theirs_version < ours_version:
        return CopyState.OLDER, theirs_version
    if theirs_version and ours_version and theirs_version > ours_version:
        return CopyState.NEWER, theirs_version
    return CopyState.EDITED, theirs_version


def copy_notice(settings: Settings, lang: str) -> str | None:
    """What to tell the user about the register's copy of the schema; None when it is current."""
    state, theirs = copy_state(settings)
    if state is CopyState.SAME:
        return None
    return MSG(
        lang,
        state.value,
        copy=settings.schema_path,
        theirs=_shown(theirs),
        ours=_shown(version_of(schema_text())),
        tool=__version__,
    )


def write_copy(settings: Settings) -> bool:
    """Write the packaged schema to the register's copy (atomically); False when it was current."""
    target = settings.schema_file
    if copy_state(settings)[0] is CopyState.SAME:
        return False
    if target.exists():
        writing.replace(target, schema_text())
    else:
        writing.create(target, schema_text())
    return True
