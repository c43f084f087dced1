"""`klacht renumber PATH`: give a complaint that collides with another branch's the next free
number. The file moves to its new name with only its `id` line changed; nothing is overwritten."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
from pathlib import Path

from klacht import cli, collisions, documents, git, ids, loader, records, writing
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
        "documents_folder": (
            "{path}: de map met documenten {folder} is geen gewone map (maar een snelkoppeling of "
            "een bestand); herstel die eerst, dan kan de klacht een nieuw nummer krijgen",
            "{path}: the documents folder {folder} is not a plain folder (but a link or a file); "
            "repair it first, then the complaint can get a new number",
        ),
        "documents_failed": (
            "{path}: kan de documenten niet meeverhuizen ({reason}); er is niets veranderd",
            "{path}: cannot move the documents along ({reason}); nothing was changed",
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


def _listed(text: str | bytes) -> list[str]:
    """The plain document names a record's text lists (others are left where they are: `klacht
    check` reports them)."""
    try:
        data = loader.parse(text.decode("utf-8") if isinstance(text, bytes) else text)
    except (UnicodeDecodeError, loader.LoadError):
        return []
    items = data.get("documents") if isinstance(data, dict) else None
    names = [d.get("file") for d in items if isinstance(d, dict)] if isinstance(items, list) else []
    return [n for n in names if isinstance(n, str) and n and documents.name_problem(n) is None]


def _documents_folder_problem(folder: Path) -> bool:
    """The complaint's documents folder is there but no plain folder (a link, a file)."""
    return folder.is_symlink() or (folder.exists() and not folder.is_dir())


def _split_documents(
    root: Path, old: Path, new: Path, sides: tuple[bytes, bytes, str, int], moved: str
) -> None:
    """After a merge of two complaints of one number: the documents the renumbered one lists go
    to its new folder `new`, each in its own version where both complaints hold a document of
    that name; the kept complaint's stay in `old` (in its version). All are written before any
    is removed; nothing is overwritten."""
    kept = set(_listed(sides[0]))
    names = _listed(moved)
    folder = old.relative_to(root).as_posix()
    versions = collisions.conflict_versions(root, folder, names)
    try:
        for name in names:
            if name in versions:
                writing.create(new / name, versions[name][sides[3]])
            elif (old / name).is_file() and not (old / name).is_symlink():
                writing.create(new / name, (old / name).read_bytes())
    except OSError:
        shutil.rmtree(new, ignore_errors=True)  # a new folder: only what was just written
        raise
    for name in names:  # a file left behind here is reported by `klacht check`
        with contextlib.suppress(OSError):
            if name in versions and name in kept:
                writing.replace(old / name, versions[name][5 - sides[3]])
            elif name not in kept and (old / name).is_file() and not (old / name).is_symlink():
                (old / name).unlink()
    with contextlib.suppress(OSError):
        old.rmdir()  # when it is empty


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
    documents_folder = path.with_suffix("")
    if _documents_folder_problem(documents_folder):
        shown_folder = records.display_path(documents_folder, settings.root) + "/"
        print(MSG(lang, "documents_folder", path=shown, folder=shown_folder), file=sys.stderr)
        return 1
    year = int(match.group(1))
    new = ids.next_id(settings, year, taken=[old])
    taken = [old]
    while True:
        target = settings.complaints_path / str(year) / f"{new}.yaml"
        try:
            if os.path.lexists(target.with_suffix("")):  # a folder of documents has the number
                raise FileExistsError(target)
            writing.create(target, _ID_LINE.sub(f"id: {new}", text, count=1))
            break
        except FileExistsError:
            taken.append(new)
            new = ids.next_id(settings, year, taken=taken)
    try:
        if sides:
            _split_documents(settings.root, documents_folder, target.with_suffix(""), sides, text)
        elif documents_folder.is_dir():
            documents_folder.rename(target.with_suffix(""))
    except OSError as exc:
        target.unlink()  # the new record; every document is still where it was
        reason = exc.strerror or str(exc)
        print(MSG(lang, "documents_failed", path=shown, reason=reason), file=sys.stderr)
        return 1
    if sides:
        writing.replace(path, sides[0].decode("utf-8", "replace"))
    else:
        path.unlink()
    new_path = records.display_path(target, settings.root)
    print(MSG(lang, "done", old=old, new=new, path=new_path))
    if sides:
        print(MSG(lang, "kept", path=shown, ref=sides[2]))
    folder_shown = f"{settings.complaints_dir}/{year}"
    step = _next_step(settings.root)
    print(MSG(lang, step, old=old, new=new, folder=folder_shown), file=sys.stderr)
    return 0
