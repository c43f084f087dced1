"""`klacht renumber PATH`: give a complaint that collides with another branch's the next free
number. The file moves to its new name with only its `id` line changed; nothing is overwritten."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from klacht import cli, collisions, git, ids, loader, records, writing
from klacht.cli import Parser, UsageError
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "unreadable": (
            "{path}: kan niet hernummeren: {reason}",
            "{path}: cannot renumber: {reason}",
        ),
        "missing": ("{path} bestaat niet", "{path} does not exist"),
        "not_readable": ("het bestand kan niet gelezen worden", "the file cannot be read"),
        "not_a_record": (
            "geen geldig klachtbestand met één 'id:'-regel",
            "not a valid complaint file with one 'id:' line",
        ),
        "on_branch": (
            "{path}: deze klacht staat precies zo op {ref}; hernummer de andere klacht, niet deze",
            "{path}: this complaint is on {ref} exactly like this; renumber the other one, not this",
        ),
        "published": (
            "{path}: deze klacht is al vastgelegd op {ref}, en een vastgelegd nummer blijft; "
            "hernummer alleen een klacht die nog alleen op uw eigen tak staat",
            "{path}: this complaint is already committed on {ref}, and a committed number stays; "
            "renumber only a complaint that is on your own branch alone",
        ),
        "outside": (
            "{path}: staat niet in de klachtenmap {folder}; alleen een klacht daarin krijgt een "
            "nieuw nummer",
            "{path}: is not in the complaints folder {folder}; only a complaint in it gets a new "
            "number",
        ),
        "conflict": (
            "{path}: bevat een Git-conflict dat geen dubbel nummer is (beide takken wijzigden "
            "deze klacht); herstel het bestand met de hand, een nieuw nummer is niet nodig",
            "{path}: holds a Git conflict that is not a number taken twice (both branches "
            "changed this complaint); repair the file by hand, no new number is needed",
        ),
        "kept": (
            "{path} houdt de versie van {ref}",
            "{path} keeps the version of {ref}",
        ),
        "done": ("{old} is nu {new}: {path}", "{old} is now {new}: {path}"),
        "next": (
            'Leg de wijziging vast met: git add -A {folder} && git commit -m "{old} hernummerd naar {new}"',
            'Commit the change with: git add -A {folder} && git commit -m "Renumber {old} to {new}"',
        ),
        "next_merge": (
            "Rond de samenvoeging af met: git add -A {folder} && git commit --no-edit",
            "Finish the merge with: git add -A {folder} && git commit --no-edit",
        ),
        "next_rebase": (
            "Ga verder met: git add -A {folder} && git rebase --continue",
            "Continue with: git add -A {folder} && git rebase --continue",
        ),
        "help.path": (
            "het klachtbestand dat een nieuw nummer krijgt",
            "the complaint file that gets a new number",
        ),
    }
)

_ID_LINE = re.compile(r"^id:[ \t]*(\S+)[ \t]*$", re.MULTILINE)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument(
        "path", type=Path, metavar=cli.MSG(lang, "metavar.file"), help=MSG(lang, "help.path")
    )
    parser.set_defaults(func=run)


def _has_conflict(text: str) -> bool:
    return any(line.startswith(("<<<<<<<", ">>>>>>>")) for line in text.splitlines())


def _next_step(root: Path) -> str:
    """The message key of what to run next: a plain commit, or finishing a merge or rebase."""
    if git.resolve(root, "MERGE_HEAD"):
        return "next_merge"
    if git.resolve(root, "REBASE_HEAD"):
        return "next_rebase"
    return "next"


def _move_documents(folder: Path, target: Path) -> None:
    """The complaint's folder of documents goes with its record (never onto another folder)."""
    if folder.is_dir() and not folder.is_symlink() and not target.exists():
        folder.rename(target)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    path: Path = args.path if args.path.is_absolute() else Path.cwd() / args.path
    shown = records.display_path(path, settings.root)
    if not path.exists():
        raise UsageError(MSG(lang, "missing", path=args.path))
    folder = settings.complaints_path.resolve()
    real = path.resolve()
    if not real.is_relative_to(folder) or real == folder or not real.is_file():
        print(MSG(lang, "outside", path=shown, folder=settings.complaints_dir), file=sys.stderr)
        return 1
    relative = real.relative_to(settings.root.resolve()).as_posix()
    sides = collisions.conflict_sides(settings.root, relative)
    try:
        raw = sides[1] if sides else path.read_bytes()
        text = raw.decode("utf-8")
        if sides is None and _has_conflict(text):
            print(MSG(lang, "conflict", path=shown), file=sys.stderr)
            return 1
        data = loader.parse(text)
        old = data["id"]
        match = ids.ID.match(old)
        if not match or len(_ID_LINE.findall(text)) != 1:
            raise ValueError("id")
    except (OSError, UnicodeDecodeError, loader.LoadError, KeyError, TypeError, ValueError) as exc:
        reason = MSG(lang, "not_readable" if isinstance(exc, OSError) else "not_a_record")
        print(MSG(lang, "unreadable", path=shown, reason=reason), file=sys.stderr)
        return 1
    refusal = None if sides else collisions.renumber_refusal(settings.root, relative, raw)
    if refusal:
        key, ref = refusal
        print(MSG(lang, key, path=shown, ref=ref), file=sys.stderr)
        return 1
    year = int(match.group(1))
    new = ids.next_id(settings, year, taken=[old])
    while True:
        target = settings.complaints_path / str(year) / f"{new}.yaml"
        try:
            writing.create(target, _ID_LINE.sub(f"id: {new}", text, count=1))
            break
        except FileExistsError:
            new = ids.next_id(settings, year, taken=[old, new])
    if sides:
        writing.replace(path, sides[0].decode("utf-8", "replace"))
    else:
        path.unlink()
        _move_documents(path.with_suffix(""), target.with_suffix(""))
    new_path = records.display_path(target, settings.root)
    print(MSG(lang, "done", old=old, new=new, path=new_path))
    if sides:
        print(MSG(lang, "kept", path=shown, ref=sides[2]))
    folder_shown = f"{settings.complaints_dir}/{year}"
    step = _next_step(settings.root)
    print(MSG(lang, step, old=old, new=new, folder=folder_shown), file=sys.stderr)
    return 0
