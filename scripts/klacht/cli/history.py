"""`klacht history ID`: every commit that changed a complaint, with its field changes."""

from __future__ import annotations

import argparse
import sys
from datetime import tzinfo

from klacht import history, i18n
from klacht.cli import METAVARS, Parser
from klacht.config import Settings
from klacht.i18n import Catalog, field_label

MESSAGES = Catalog(
    {
        "unknown": ("geen geschiedenis gevonden voor {id}", "no history found for {id}"),
        "shallow": (
            "Let op: dit is een onvolledige kopie (shallow clone); oudere wijzigingen ontbreken. "
            "Haal de hele geschiedenis op met: git fetch --unshallow",
            "Note: this is an incomplete copy (shallow clone); older changes are missing. "
            "Fetch the whole history with: git fetch --unshallow",
        ),
        "added": ("geregistreerd", "registered"),
        "modified": ("gewijzigd", "changed"),
        "renamed": ("hernoemd naar {path}", "renamed to {path}"),
        "deleted": ("verwijderd", "deleted"),
        "unreadable": ("(deze versie was geen geldige YAML)", "(this version was not valid YAML)"),
        "truncated": (
            "begin van de onvolledige kopie; wat hiervoor gebeurde ontbreekt",
            "start of the incomplete copy; what happened before is missing",
        ),
        "empty": ("(leeg)", "(empty)"),
    }
)


HELP = Catalog({"id": ("klachtnummer, bijv. K-2026-007", "complaint number, e.g. K-2026-007")})


def add_arguments(parser: Parser) -> None:
    parser.add_argument("id", metavar=METAVARS(parser.lang, "id"), help=HELP(parser.lang, "id"))
    parser.set_defaults(func=run)


def value_text(lang: str, field: str, value: object) -> str:
    """A value on one line, as people read it; empty values as `(leeg)`."""
    if value is None or value == "":
        return MESSAGES(lang, "empty")
    return i18n.value_text(lang, field, value).replace("\n", " ")


def lines(changes: list[history.Change], lang: str, tz: tzinfo) -> list[str]:
    """One line per commit, then one per changed field: `veld: oud → nieuw`."""
    out = []
    for change in changes:
        when = change.date.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        kind = MESSAGES(lang, "truncated" if change.truncated else change.kind, path=change.path)
        out.append(f"{when}  {change.commit[:8]}  {change.author}  {kind}: {change.message}")
        if not change.readable:
            out.append(f"    {MESSAGES(lang, 'unreadable')}")
        if change.kind in ("modified", "renamed"):
            for f in change.fields:
                label = field_label(lang, f.field)
                name = f"{label} ({f.field})" if label != f.field else f.field
                old, new = value_text(lang, f.field, f.old), value_text(lang, f.field, f.new)
                out.append(f"    {name}: {old} → {new}")
    return out


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    found = history.read(settings)
    if found.shallow:
        print(MESSAGES(lang, "shallow"), file=sys.stderr)
    changes = found.changes(args.id)
    if not changes:
        print(MESSAGES(lang, "unknown", id=args.id), file=sys.stderr)
        return 1
    print("\n".join(lines(changes, lang, settings.tz)))
    return 0
