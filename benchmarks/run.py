"""The benchmark of issue 6: `klacht check`, its floors and check-jsonschema, history extraction
against one plain `git log --raw`, and the site build, side by side in one run.

    python benchmarks/run.py                 # 1,000 / 10,000 / 50,000 records; site at 1,000 / 10,000
    python benchmarks/run.py --quick         # small sizes, for a smoke test

Every measured command runs as its own process; times are medians of several runs, peak memory is
the largest resident set of that process. The table goes to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from klacht import synthetic

HERE = Path(__file__).resolve().parent
# As in a firm's CI: bytecode written (an environment that forbids it would time compiling).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "NO_MKDOCS_2_WARNING": "1",
    "KLACHT_NOW": "2026-11-24T12:00+01:00",
}
PARSE = (
    "import sys, yaml\n"
    "for name in open(sys.argv[1]).read().split():\n"
    "    yaml.load(open(name, 'rb').read(), Loader=yaml.CSafeLoader)\n"
)
JSONSCHEMA = (
    "import subprocess, sys\n"
    "names = open(sys.argv[1]).read().split()\n"
    "for i in range(0, len(names), 20000):  # the command line holds about 20,000 paths\n"
    "    subprocess.run(['check-jsonschema', '--schemafile', 'schema/complaint.schema.json',"
    " *names[i:i + 20000]], stdout=subprocess.DEVNULL)\n"
)
READ = "import sys\nfor name in open(sys.argv[1]).read().split():\n    open(name, 'rb').read()\n"
HISTORY = "import sys\nfrom klacht import config, history\nhistory.read(config.load(__import__('pathlib').Path(sys.argv[1])))\n"


@dataclass
class Run:
    seconds: float
    peak_mib: float


def measure(command: list[str], cwd: Path, runs: int, before=None, env=None) -> Run:
    """Median wall time and largest peak memory of `command` over `runs` runs (with `env` added
    to the environment)."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**ENV, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"{command[:3]} failed with {status}")
    return Run(statistics.median(times), max(peaks))


# From these sizes on, a command is timed once (it takes long enough to be stable).
ONCE_CHECK, ONCE_JSONSCHEMA, ONCE_SITE = 50000, 10000, 10000


def touch_one(root: Path, counter: list[int]):
    """Change one record's summary (a different record each time) so that a warm run has real
    work to do: the file, its page and the listings that show it change."""

    def change() -> None:
        counter[0] += 1
        files = sorted((root / "complaints").rglob("*.yaml"))
        target = files[(counter[0] * 7919) % len(files)]
        text = target.read_text(encoding="utf-8")
        edited = text.replace("summary: ", f"summary: Gewijzigd ({counter[0]}). ", 1)
        assert edited != text
        target.write_text(edited, encoding="utf-8")

    return change


def check_rows(n: int, work: Path, runs: int, jsonschema_runs: int) -> list[tuple[str, Run]]:
    root = work / f"check-{n}"
    synthetic.write_project(root)
    paths = synthetic.write_records(root, n)
    listing = root / "files.txt"
    listing.write_text("\n".join(paths), encoding="utf-8")
    klacht = [sys.executable, "-m", "klacht.cli", "--root", str(root), "check"]
    rows = [
        ("read the files (floor)", measure([sys.executable, "-c", READ, str(listing)], root, runs)),
        (
            "libyaml parse only (floor)",
            measure([sys.executable, "-c", PARSE, str(listing)], root, runs),
        ),
        ("klacht check, cold", measure([*klacht, "--no-cache"], root, runs)),
    ]
    measure(klacht, root, 1)  # fill the cache
    rows.append(
        ("klacht check, one record changed", measure(klacht, root, runs, touch_one(root, [0])))
    )
    if jsonschema_runs:
        if len(paths) <= 20000:
            command = ["check-jsonschema", "--schemafile", "schema/complaint.schema.json", *paths]
        else:
            command = [sys.executable, "-c", JSONSCHEMA, str(listing)]
        rows.append(
            ("check-jsonschema, same files and schema", measure(command, root, jsonschema_runs))
        )
    return rows


def history_rows(records: int, commits: int, work: Path, runs: int) -> list[tuple[str, Run]]:
    root = work / f"history-{records}"
    synthetic.write_project(root)
    synthetic.git_history(root, records, commits)
    log = ["git", "log", "--raw", "--no-abbrev", "-M", "--", "complaints"]
    return [
        ("one plain `git log --raw` pass", measure(log, root, runs)),
        (
            "klacht history extraction (field changes)",
            measure([sys.executable, "-c", HISTORY, str(root)], root, runs),
        ),
    ]


def commit_all(root: Path) -> None:
    """The register at `root` as one commit of a new Git repository."""
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@example.nl", "commit", "-qm", "b"],
        cwd=root,
        check=True,
    )


def site_rows(n: int, work: Path, runs: int) -> list[tuple[str, Run]]:
    root = work / f"site-{n}"
    synthetic.write_project(root, with_site=True)
    synthetic.write_records(root, n)
    commit_all(root)
    build = [sys.executable, "-m", "mkdocs", "build", "-q"]

    def clean() -> None:
        shutil.rmtree(root / "public", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)

    cold = measure(build, root, runs, clean)
    warm = measure(build, root, runs, touch_one(root, [0]))
    return [
        (f"mkdocs build, {n:,} records, cold", cold),
        (f"mkdocs build, {n:,} records, one record changed", warm),
    ]


def privacy_rows(n: int, work: Path, runs: int) -> list[tuple[str, Run]]:
    """The site of `n` records in privacy mode (SPEC §10): name, phone and e-mail encrypted per
    cohort with age (`klacht encrypt`), built with the secret identities and without them."""
    from klacht import config, erasure, privacy

    root = work / f"privacy-{n}"
    synthetic.write_project(root, with_site=True)
    synthetic.write_records(root, n)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tool.klacht.privacy]\nencrypt = true\n")
    secrets = []
    for year in sorted({p.name for p in (root / "complaints").iterdir()}):
        secret, public = privacy.new_identity()
        (root / "keys").mkdir(exist_ok=True)
        (root / "keys" / f"{year}.pub").write_text(public + "\n", encoding="utf-8")
        secrets.append(secret)
    erasure.encrypt_register(config.load(root))
    identities = work / f"identities-{n}.txt"  # outside the register, as in CI
    identities.write_text("\n".join(secrets) + "\n", encoding="utf-8")
    commit_all(root)
    build = [sys.executable, "-m", "mkdocs", "build", "-q"]
    keyed = {privacy.ENVIRONMENT: str(identities)}

    def clean() -> None:
        shutil.rmtree(root / "public", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)

    check = [sys.executable, "-m", "klacht.cli", "--root", str(root), "check", "--no-cache"]
    values = sum(
        privacy.is_encrypted(value)
        for path in (root / "complaints").rglob("*.yaml")
        for value in (yaml.safe_load(path.read_bytes()).get("customer") or {}).values()
    )
    return [
        ("klacht check, privacy mode, without the key", measure(check, root, runs)),
        (
            f"klacht check, privacy mode, with the key ({values:,} values decrypted)",
            measure(check, root, runs, env=keyed),
        ),
        ("mkdocs build, privacy mode without the key, cold", measure(build, root, runs, clean)),
        ("mkdocs build, privacy mode with the key, cold", measure(build, root, runs, clean, keyed)),
        (
            "mkdocs build, privacy mode with the key, one record changed (no page cache)",
            measure(build, root, runs, touch_one(root, [0]), keyed),
        ),
    ]


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return f"{os.cpu_count()} cores ({model}), {memory} GiB, Python {platform.python_version()}, {date.today()}"


def ratio(a: Run, b: Run) -> str:
    return f"{a.seconds / b.seconds:.2f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("--out", type=Path, default=HERE.parent / "BENCHMARKS.md")
    args = parser.parse_args()
    sizes, site_sizes, history_size, runs = (
        ([200, 1000], [100, 300], (200, 800), 2) if args.quick else ([1000, 10000, 50000], [1000, 10000], (5000, 20000), 3)
    )  # fmt: skip
    lines = [
        f"Machine: {machine()}",
        "",
        "| measurement | records | median s | peak MiB |",
        "|---|---:|---:|---:|",
    ]
    ratios = []
    with tempfile.TemporaryDirectory(prefix="klacht-bench-") as tmp:
        work = Path(tmp)
        checks = {}
        for n in sizes:
            rows = check_rows(
                n, work, 1 if n >= ONCE_CHECK else runs, 1 if n >= ONCE_JSONSCHEMA else runs
            )
            checks[n] = dict(rows)
            lines += [
                f"| {name} | {n:,} | {r.seconds:.2f} | {r.peak_mib:.0f} |" for name, r in rows
            ]
            print(*lines[-len(rows) :], sep="\n", flush=True)
        hist = dict(history_rows(*history_size, work, runs))
        lines += [f"| {name} | {history_size[0]:,} ({history_size[1]:,} commits) | {r.seconds:.2f} | {r.peak_mib:.0f} |"
                  for name, r in hist.items()]  # fmt: skip
        sites = {}
        for n in site_sizes:
            rows = site_rows(n, work, 1 if n >= ONCE_SITE else runs)
            sites[n] = rows
            lines += [
                f"| {name} | {n:,} | {r.seconds:.2f} | {r.peak_mib:.0f} |" for name, r in rows
            ]
            print(*lines[-2:], sep="\n", flush=True)
        private = dict(privacy_rows(site_sizes[-1], work, 1))
        lines += [f"| {name} | {site_sizes[-1]:,} | {r.seconds:.2f} | {r.peak_mib:.0f} |"
                  for name, r in private.items()]  # fmt: skip
        print(*lines[-len(private) :], sep="\n", flush=True)
    mid = sizes[1]
    c = checks[mid]
    ratios += [
        f"- check-jsonschema / klacht check (cold), {mid:,} records: "
        f"{ratio(c['check-jsonschema, same files and schema'], c['klacht check, cold'])} (target ≥ 10x)",
        f"- klacht check (cold) / libyaml parse-only floor, {mid:,} records: "
        f"{ratio(c['klacht check, cold'], c['libyaml parse only (floor)'])} (target ≤ 1.5x)",
        f"- klacht check cold / one record changed, {mid:,} records: "
        f"{ratio(c['klacht check, cold'], c['klacht check, one record changed'])} (target ≥ 5x)",
        f"- history extraction / one `git log --raw` pass: "
        f"{ratio(hist['klacht history extraction (field changes)'], hist['one plain `git log --raw` pass'])} (target ≤ 2x)",
    ]
    small, large = site_sizes
    ratios += [
        f"- site build {large:,} / {small:,} records: {ratio(sites[large][0][1], sites[small][0][1])} "
        f"(target ≤ {large // small * 1.2:.0f}x, linear); peak {sites[large][0][1].peak_mib:.0f} MiB (target < 2048)",
        f"- site build cold / one record changed: {ratio(sites[small][0][1], sites[small][1][1])} at "
        f"{small:,} records, {ratio(sites[large][0][1], sites[large][1][1])} at {large:,} (target ≥ 5x)",
    ]
    plain = sites[large][0][1]
    unkeyed, keyed = (r for name, r in private.items() if name.startswith("klacht check"))
    ratios += [
        f"- decryption in klacht check, {large:,} records: "
        f"{keyed.seconds - unkeyed.seconds:.2f} s (with the key − without)",
        f"- site build {large:,} records, privacy mode with the key / without privacy mode (cold): "
        f"{ratio(private['mkdocs build, privacy mode with the key, cold'], plain)}",
    ]
    text = (
        "# Benchmark\n\n`make bench` (`python benchmarks/run.py`): one run of the benchmark; each "
        f"time is the median of {runs} runs of the command (of 1 run for check from "
        f"{ONCE_CHECK:,} records, check-jsonschema from {ONCE_JSONSCHEMA:,} and the site build "
        f"from {ONCE_SITE:,})\n\n" + "\n".join(lines)
    )
    text += "\n\nRatios measured side by side in this run:\n\n" + "\n".join(ratios) + "\n"
    print("\n".join(ratios))
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
