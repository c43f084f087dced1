"""Golden files: the exact output of `klacht check` and of `klacht pages --out` for a small fixed
register, compared byte for byte by tests/test_golden.py.

The register is `tests/golden/register/complaints/` (valid records, records with hostile text, and
invalid records, each saying at its top what is wrong with it). It is committed into a temporary
Git repository with fixed authors and dates (intake first, later fields the day after), so that
the history, the commit ids and every generated page are the same on every machine. The build
moment is fixed by `--now`.

After an intended change of output, refresh the expected files and read the diff before
committing it:

    .venv/bin/python tests/golden/refresh.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # conftest, when run as a script

from conftest import Project  # noqa: E402

RECORDS = HERE / "register" / "complaints"
EXPECTED = HERE / "expected"
NOW = "2026-11-24T12:00:00+01:00"
SETTINGS = 'edit_url = "https://forge.example/firma/register/edit/main/"\n'
# Top-level fields written after intake: a record's first commit stops before the first of them.
LATER = re.compile(
    r"^(triage|handling|prevention|closed|mediation|withdrawn|pauses|corrections|anonymized):"
)
# Generated files whose bytes depend on library versions (charts) or on the clock (workbooks),
# and the plugin's assets (copied as they are): only their names are golden.
BINARY = (".svg", ".xlsx", ".css", ".js")
CHECKS = {  # expected file -> arguments of `klacht check`
    "check-nl.txt": ["check", "--no-cache"],
    "check-en.txt": ["check", "--no-cache", "--lang", "en"],
    "check-nl.json": ["check", "--no-cache", "--format", "json"],
    "check-nl-github.txt": ["check", "--no-cache", "--format", "github"],
}


def _received(text: str) -> datetime | None:
    found = re.search(r"^received: (\S+)$", text, re.MULTILINE)
    try:
        return datetime.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


def make_register(folder: Path) -> Project:
    """The golden register under Git in `folder`, with the same commits on every machine: each
    valid record's intake one hour after it was received (by the person who received it), its
    later fields a day after that (by R. de Wit) but never after the build; the invalid records
    in one last commit."""
    project = Project(folder, SETTINGS)
    events: list[tuple[datetime, str, str, str, str]] = []  # date, path, text, author, message
    end = datetime.fromisoformat(NOW) - timedelta(hours=2)
    for path in sorted(RECORDS.rglob("*.yaml")):
        relative = path.relative_to(RECORDS.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        received = _received(text)
        if received is None or text.startswith("# Invalid"):
            events.append((end + timedelta(hours=1), relative, text, "Sanne de Groot", "Fouten"))
            continue
        lines = text.splitlines(keepends=True)
        cut = next((i for i, line in enumerate(lines) if LATER.match(line)), len(lines))
        author = re.search(r"^received_by: (.+)$", text, re.MULTILINE).group(1).strip('"')
        author = re.sub(r"</?\w+>", "", author)  # Git keeps no angle brackets in a name
        intake = received + timedelta(hours=1)
        events.append((intake, relative, "".join(lines[:cut]), author, "Nieuwe klacht"))
        if cut < len(lines):
            later = min(intake + timedelta(days=1), end)
            if "<" in text:  # a hostile record: so are its changer's name and message
                events.append((later, relative, text, "Jan & Piet", "<i>Bijgewerkt</i> [x](y)"))
            else:
                events.append((later, relative, text, "R. de Wit", "Klacht bijgewerkt"))
    for when, relative, text, author, message in sorted(events, key=lambda e: (e[0], e[1])):
        project.write(relative, text)
        project.commit(f"{message}: {Path(relative).stem}", author, when.isoformat())
    return project


def _klacht(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLACHT_")}
    return subprocess.run(
        [sys.executable, "-m", "klacht.cli", "--root", str(root), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def check_outputs(root: Path) -> dict[str, bytes]:
    """`klacht check` in each format and language: exit status, standard output and error."""
    out = {}
    for name, args in CHECKS.items():
        done = _klacht(root, *args)
        text = f"$ klacht {' '.join(args)}\n# exit {done.returncode}\n"
        text += f"# stdout\n{done.stdout}# stderr\n{done.stderr}"
        out[name] = text.encode("utf-8")
    return out


def page_outputs(root: Path, lang: str) -> dict[str, bytes]:
    """Every file `klacht pages --out` writes; of binary files, their names only."""
    target = root / f"pages-{lang}"
    done = _klacht(root, "pages", "--out", str(target), "--now", NOW, "--lang", lang)
    assert done.returncode == 0, done.stderr
    out, binary = {}, []
    for path in sorted(target.rglob("*")):
        if path.is_file():
            name = path.relative_to(target).as_posix()
            if name.endswith(BINARY):
                binary.append(name)
            else:
                out[f"pages-{lang}/{name}"] = path.read_bytes()
    out[f"pages-{lang}/BINARY-FILES.txt"] = "".join(f"{n}\n" for n in binary).encode()
    return out


def outputs(folder: Path) -> dict[str, bytes]:
    """Every golden file, by its path under `expected/`, made in the empty folder `folder`."""
    root = make_register(folder).root
    return {**check_outputs(root), **page_outputs(root, "nl"), **page_outputs(root, "en")}


def expected() -> dict[str, bytes]:
    return {
        path.relative_to(EXPECTED).as_posix(): path.read_bytes()
        for path in sorted(EXPECTED.rglob("*"))
        if path.is_file()
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        made = outputs(Path(tmp) / "register")
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for name, data in made.items():
        (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
        (EXPECTED / name).write_bytes(data)
    print(f"{len(made)} golden files written to {EXPECTED}; read `git diff` before committing")


if __name__ == "__main__":
    main()
