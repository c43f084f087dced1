"""`klacht history ID`: every commit that changed a complaint, with its field changes."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from datetime import tzinfo

from klacht import cli, history, ids, loader, report
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "unknown": ("geen geschiedenis gevonden voor {id}", "no history found for {id}"),
        "did_you_mean": ("bedoelt u {ids}?", "did you mean {ids}?"),
        "or": ("of", "or"),
        "committed": ("vastgelegd {when}", "committed {when}"),
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
        "document_added": ("document toegevoegd: {path}", "document added: {path}"),
        "document_removed": ("document verwijderd: {path}", "document removed: {path}"),
        "document_replaced": ("document vervangen: {path}", "document replaced: {path}"),
        "document_renamed": ("document hernoemd naar {path}", "document renamed to {path}"),
        "unreadable": ("(deze versie was geen geldige YAML)", "(this version was not valid YAML)"),
        "truncated": (
            "begin van de onvolledige kopie; wat hiervoor gebeurde ontbreekt",
            "start of the incomplete copy; what happened before is missing",
        ),
        "help.id": ("klachtnummer, bijv. K-2026-007", "complaint number, e.g. K-2026-007"),
    }
)


def add_arguments(parser: Parser) -> None:
    parser.add_argument(
        "id", metavar=cli.MSG(parser.lang, "metavar.id"), help=MSG(parser.lang, "help.id")
    )
    parser.set_defaults(func=run)


def _moment(change: history.Change, tz: tzinfo) -> str:
    return change.date.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def lines(changes: list[history.Change], lang: str, tz: tzinfo) -> list[str]:
    """One line per commit, then one per changed field: `veld: oud → nieuw`. Where the author
    date and the committer date lie more than a working day apart, both are shown."""
    out = []
    for change in changes:
        when = _moment(change, tz)
        if change.apart and change.committed is not None:
            committed = change.committed.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            when += f" ({MSG(lang, 'committed', when=committed)})"
        kind = MSG(lang, "truncated" if change.truncated else change.kind, path=change.path)
        author, message = report.oneline(change.author), report.oneline(change.message)
        out.append(f"{when}  {change.commit[:8]}  {author}  {kind}: {message}")
        if not change.readable:
            out.append(f"    {MSG(lang, 'unreadable')}")
        for f in history.shown(lang, change):
            old, new = (
                history.value_line(lang, f.field, f.old),
                history.value_line(lang, f.field, f.new),
            )
            out.append(f"    {history.field_name(lang, f.field)}: {old} → {new}")
    return out


def suggestions(wanted: str, known: Iterable[str]) -> list[str]:
    """Complaint numbers meant by a partial one: `12` or `2026-12` -> `K-2026-012`."""
    match = re.fullmatch(r"(?:[Kk]-?)?(?:(\d{4})-)?0*(\d+)", wanted.strip())
    if not match:
        return []
    year, number = match.group(1), int(match.group(2))
    found = []
    for complaint_id in known:
        parts = ids.ID.match(complaint_id)
        if parts and int(parts.group(2)) == number and year in (None, parts.group(1)):
            found.append(complaint_id)
    return sorted(found, reverse=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    found = history.read(settings, anonymized=_anonymized_now(settings, args.id))
    if found.shallow:
        print(MSG(lang, "shallow"), file=sys.stderr)
    changes = found.changes(args.id)
    if not changes:
        message = MSG(lang, "unknown", id=args.id)
        meant = suggestions(args.id, found.by_id)
        if meant:
            joined = f" {MSG(lang, 'or')} ".join(meant)
            message += f"; {MSG(lang, 'did_you_mean', ids=joined)}"
        print(message, file=sys.stderr)
        return 1
    print("\n".join(lines(changes, lang, settings.tz)))
    return 0


def _anonymized_now(settings: Settings, complaint_id: str) -> tuple[str, ...]:
    """The complaint, when its file in the work tree is anonymized (not yet committed, maybe)."""
    match = ids.ID.match(complaint_id)
    if not match:
        return ()
    path = settings.complaints_path / match.group(1) / f"{complaint_id}.yaml"
    try:
        data = loader.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, loader.LoadError, RecursionError, ValueError):
        return ()
    return (complaint_id,) if isinstance(data, dict) and data.get("anonymized") else ()
