"""Fuzzing: random byte and structure mutations of the example records never make a command
crash. Seeded and of a fixed count, so a run takes seconds and a failure repeats exactly; a
failure names the seed and the mutated text.

Every reader of record data is driven: the file check (loader, schema, rules) on each mutation,
then `check`, `deadlines`, `register`, `history` and `audit` on a Git register whose history
holds mutated versions, and one site build.
"""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from conftest import REPO
from klacht import deadlines, history, loader, records, register, report, retention
from klacht.model import from_data

SEED = 20261130
EXAMPLES = sorted((REPO / "complaints").glob("*/*.yaml"))
NOW = "2026-11-24T12:00+01:00"

# Values a hostile colleague would type, for structure mutations.
HOSTILE: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63,
    1e308,
    float("inf"),
    float("nan"),
    "",
    " ",
    "\t",
    [],
    {},
    [[]],
    {"a": {"b": {"c": {"d": {"e": {"f": {"g": [1]}}}}}}},
    [[[[[[[[[[[[[[1]]]]]]]]]]]]]],
    "x\n::error file=x.yaml::vals",
    "\u202eesrever",
    "\x1b[31mrood",
    "\x00",
    "é" * 5000,
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
    "2026-02-30",
    "2026-03-29T02:30",
    "2026-10-25T02:30",
    "2026-13-01",
    "24-11-2026",
    "K-2026-0001",
    "K-0000-000",
    "K-9999-99999999999999999999",
    "../../etc/passwd",
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "%s%n",
]
# Bytes that have a meaning to a parser, for byte mutations.
SPECIAL = [
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\r",
    b"\n",
    b"\t",
    b"[",
    b"{",
    b"]",
    b"&a ",
    b"*a",
    b"!!",
    b"? ",
    b"- ",
    b": ",
    b"#",
    b"'",
    b'"',
    b"\\",
    b"\xe2\x80\xae",
    b"---\n",
    b"<<<<<<< HEAD\n",
    b"\xc3",
    b"%YAML 1.1\n",
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside the data."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def structure_mutation(rng: random.Random, text: str) -> bytes:
    """The record with one value replaced, removed or turned into something else."""
    data = yaml.safe_load(text)
    path = rng.choice(_paths(data))
    kind = rng.randrange(4)
    if kind == 0 or not path:
        data = _set(data, path, rng.choice(HOSTILE))
    elif kind == 1:  # remove the field
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
    elif kind == 2:  # an unknown or odd key next to it
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            parent[rng.choice(["extra", "", "id ", "\u202eid", "x" * 300])] = rng.choice(HOSTILE)
    else:  # the value wrapped in a list or mapping
        parent_value = data
        for part in path:
            parent_value = parent_value[part]
        data = _set(data, path, rng.choice([[parent_value], {"value": parent_value}]))
    style = rng.choice([False, True, None])
    dumped = yaml.safe_dump(data, allow_unicode=rng.random() < 0.5, default_flow_style=style)
    return dumped.encode("utf-8", "surrogatepass")


def byte_mutation(rng: random.Random, raw: bytes) -> bytes:
    """The record's bytes with a few bytes flipped, inserted, deleted, doubled or cut off."""
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(6)
        if kind == 0 and at < len(data):
            data[at] = rng.randrange(256)
        elif kind == 1:
            data[at:at] = rng.choice(SPECIAL)
        elif kind == 2:
            del data[at : at + rng.randint(1, 40)]
        elif kind == 3:
            data[at:at] = data[at : at + rng.randint(1, 200)] * rng.randint(2, 50)
        elif kind == 4:
            del data[at:]
        else:
            data[at:at] = rng.choice([b"[", b"{a: ", b"- "]) * rng.randint(10, 3000)
    return bytes(data)


def _deep(rng: random.Random) -> bytes:
    n = rng.choice([20, 300, 1200, 40_000])
    return rng.choice([b"[" * n + b"]" * n, b"{a: " * n + b"1" + b"}" * n])


# Scalars and keys as text, for what the YAML dumper cannot write.
RAW_VALUES: list[Callable[[random.Random], bytes]] = [
    _deep,
    lambda rng: b"1" + b"0" * rng.choice([30, 5000]),
    lambda rng: b"0b" + b"1" * 5000,
    lambda rng: b"1" + b":59" * 3000,
    lambda rng: b'"\\ud800"',
    lambda rng: b'"\\0\\x1b\\u202e"',
    lambda rng: b".nan",
    lambda rng: b"-.inf",
    lambda rng: b"&a [1]",
    lambda rng: b"{? [a, b]: c}",
    lambda rng: b"!!binary aGVsbG8=",
    lambda rng: b"x" * 70_000,
]


def value_mutation(rng: random.Random, raw: bytes) -> bytes:
    """The record with one value (or key) replaced by hostile YAML text."""
    lines = raw.split(b"\n")
    candidates = [i for i, line in enumerate(lines) if b": " in line]
    index = rng.choice(candidates)
    key, _, _ = lines[index].partition(b": ")
    new = rng.choice(RAW_VALUES)(rng)
    if rng.random() < 0.2:  # as the key
        lines[index] = key[: len(key) - len(key.lstrip())] + b"? " + new + b"\n" + b": x"
    else:
        lines[index] = key + b": " + new
    return b"\n".join(lines)


def mutations(seed: int, count: int) -> list[tuple[Path, bytes]]:
    """`count` mutated example records, each with the example it came from."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        example = rng.choice(EXAMPLES)
        raw = example.read_bytes()
        kind = rng.random()
        if kind < 0.4:
            mutated = structure_mutation(rng, raw.decode("utf-8"))
        elif kind < 0.7:
            mutated = value_mutation(rng, raw)
        else:
            mutated = byte_mutation(rng, raw)
        found.append((example, mutated))
    return found


def _guarded(what: str, run: Callable[[], Any], raw: bytes) -> Any:
    try:
        return run()
    except Exception as exc:  # a crash: say which input
        raise AssertionError(f"{what} crashed on {raw[:600]!r}") from exc


def test_every_reader_survives_every_mutation(project):
    """The check of each file, its messages, and for a file that passes: the complaint, its
    deadlines, its register row in every format, its retention, its field changes."""
    settings = project.settings()
    env = records.Env.of(settings)
    now = datetime.fromisoformat(NOW)
    for example, raw in mutations(SEED, 400):
        shown = f"complaints/{example.parent.name}/{example.name}"
        result = _guarded("check_bytes", lambda: records.check_bytes(raw, shown, env), raw)  # noqa: B023
        for problem in result.problems:
            _guarded("message", lambda: report.text_line(problem, "nl"), raw)  # noqa: B023
        _guarded("history", lambda: _changes(example, raw), raw)  # noqa: B023
        if result.problems or result.data is None:
            continue
        complaint = _guarded("model", lambda: from_data(result.data, shown, settings.tz), raw)  # noqa: B023
        _guarded("uses", lambda: _uses(complaint, settings, now), raw)  # noqa: B023


def _changes(example: Path, raw: bytes) -> None:
    """What the history and the audit do with a version: parse it safely, compare it."""
    with contextlib.suppress(loader.LoadError):
        history.field_changes(loader.load(example.read_bytes()), loader.load(raw))


def _uses(complaint: Any, settings: Any, now: datetime) -> None:
    found = deadlines.all_open([complaint], settings, now)
    for d in found:
        deadlines.due_text(d, settings)
        deadlines.remaining_text("nl", d, settings)
    rows = register.rows([complaint], settings, now)
    for render in (register.to_text, register.to_csv, register.to_json):
        render(rows, "nl", settings)
    retention.due_for_anonymizing([complaint], settings, now.date())


def _install(project, files: list[tuple[Path, bytes]]) -> None:
    for example, raw in files:
        project.write(f"complaints/{example.parent.name}/{example.name}", raw)


def test_every_command_survives_mutated_records_and_history(project, cli):
    originals = [(example, example.read_bytes()) for example in EXAMPLES]
    _install(project, originals)
    base = project.commit("Voorbeelden")
    rounds = [mutations(SEED + n, len(EXAMPLES)) for n in range(1, 4)]
    for files in rounds:
        _install(project, originals)
        _install(project, files)
        project.commit("Gemuteerd")
    for args in (
        ["check"],
        ["check", "--format", "github"],
        ["check", "--format", "json"],
        ["deadlines", "--now", NOW],
        ["deadlines", "--now", NOW, "--format", "github"],
        ["register", "--now", NOW],
        ["register", "--now", NOW, "--format", "csv"],
        ["register", "--now", NOW, "--format", "json"],
        ["audit", "--base", base, "--today", "2026-11-24"],
        *(["history", example.stem] for example in EXAMPLES),
    ):
        code, out, err = cli(project.root, *args)
        assert code in (0, 1, 2), (args, code, err)
        lines = (out + err).splitlines()
        assert not [line for line in lines if line.startswith("::") and "file=" not in line]


def test_a_site_build_finishes_and_names_the_broken_files(project):
    from site_util import NOW as SITE_NOW

    _install(project, [(example, example.read_bytes()) for example in EXAMPLES])
    project.commit("Voorbeelden")
    files = mutations(SEED + 99, 6)
    _install(project, files)
    project.commit("Gemuteerd")
    (project.root / "mkdocs.yml").write_text(
        (REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    subprocess.run(["cp", "-r", str(REPO / "site"), str(project.root)], check=True)
    env = {**os.environ, "KLACHT_NOW": SITE_NOW, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    settings = project.settings()
    broken = {p.path for p in records.check_tree(settings, use_cache=False)[1]}
    home = (project.root / "public" / "index.html").read_text(encoding="utf-8")
    assert broken and all(path in home for path in broken)
    assert all(path in done.stderr for path in broken)
