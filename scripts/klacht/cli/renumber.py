"""`klacht renumber PATH`: give a complaint that collides with another branch's the next free
number. The file moves to its new name with only its `id` line changed; nothing is overwritten."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from klacht import ids, loader, records, writing
from klacht.cli import METAVARS, Parser, UsageError
from klacht.config import Settings
from klacht.i18n import Catalog

MESSAGES = Catalog(
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
        "done": ("{old} is nu {new}: {path}", "{old} is now {new}: {path}"),
        "next": (
            'Leg de wijziging vast met: git add -A {folder} && git commit -m "{old} hernummerd naar {new}"',
            'Commit the change with: git add -A {folder} && git commit -m "Renumber {old} to {new}"',
        ),
    }
)

_ID_LINE = re.compile(r"^id:[ \t]*(\S+)[ \t]*$", re.MULTILINE)


HELP = Catalog(
    {
        "path": (
            "het klachtbestand dat een nieuw nummer krijgt",
            "the complaint file that gets a new number",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument("path", type=Path, metavar=METAVARS(lang, "file"), help=HELP(lang, "path"))
    parser.set_defaults(func=run)


def identical_on(root: Path, path: Path, text: str) -> str | None:
    """A branch (other than the current one) holding this exact file at this path, if any."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    relative = records.display_path(path, root)
    blob = subprocess.run(
        ["git", "hash-object", "--stdin"], cwd=root, input=text, capture_output=True, text=True
    ).stdout.strip()
    head = git("symbolic-ref", "-q", "HEAD")
    for ref in git("for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes").split():
        if ref != head and blob and git("rev-parse", "-q", "--verify", f"{ref}:{relative}") == blob:
            return ref.removeprefix("refs/heads/").removeprefix("refs/remotes/")
    return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    path: Path = args.path if args.path.is_absolute() else Path.cwd() / args.path
    shown = records.display_path(path, settings.root)
    if not path.exists():
        raise UsageError(MESSAGES(lang, "missing", path=args.path))
    try:
        text = path.read_text(encoding="utf-8")
        data = loader.parse(text)
        old = data["id"]
        match = ids.ID.match(old)
        if not match or len(_ID_LINE.findall(text)) != 1:
            raise ValueError("id")
    except (OSError, UnicodeDecodeError, loader.LoadError, KeyError, TypeError, ValueError) as exc:
        reason = MESSAGES(lang, "not_readable" if isinstance(exc, OSError) else "not_a_record")
        print(MESSAGES(lang, "unreadable", path=shown, reason=reason), file=sys.stderr)
        return 1
    ref = identical_on(settings.root, path, text)
    if ref:
        print(MESSAGES(lang, "on_branch", path=shown, ref=ref), file=sys.stderr)
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
    path.unlink()
    new_path = records.display_path(target, settings.root)
    print(MESSAGES(lang, "done", old=old, new=new, path=new_path))
    folder = f"{settings.complaints_dir}/{year}"
    print(MESSAGES(lang, "next", old=old, new=new, folder=folder), file=sys.stderr)
    return 0
