"""Synthetic, realistic and valid complaints (and a Git history for them), for the benchmark and
for tests at scale. Deterministic for a given seed.

    python -m klacht.synthetic --records 10000 [--commits 40000] DIR
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from klacht.writing import Quoted, render

TZ = ZoneInfo("Europe/Amsterdam")
REPO = Path(__file__).resolve().parents[2]
FIRST = ["Anouk", "Sanne", "Ahmed", "Ruud", "Fatima", "Jeroen", "Lotte", "Mehmet", "Eva", "Bram"]
LAST = [
    "Verbeek",
    "de Groot",
    "El Amrani",
    "de Wit",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Mulder",
]
FIRMS = ["Bakkerij", "Transportbedrijf", "Zorggroep", "Installatiebedrijf", "Gemeente", "Stichting"]
PLACES = ["Den Bosch", "Tilburg", "Eindhoven", "Breda", "Oss", "Zwolle", "Utrecht", "Zoë-oord"]
AREAS = ["10", "13", "20", "30", "40", "50", "70", "73", "76", "79", "413", "162", "6"]
CATEGORIES = ["communication", "quality", "timeliness", "invoice", "privacy", "conduct", "other"]
TOPICS = [
    "Rapportage over het tweede spoor later ontvangen dan afgesproken",
    "Afspraak voor het re-integratiegesprek op het laatste moment afgezegd",
    "Factuur voor het loopbaantraject bevatte een sessie die niet heeft plaatsgevonden",
    "Geen terugkoppeling na het arbeidsdeskundig onderzoek, ondanks herinneringen",
    "Klant voelde zich niet serieus genomen tijdens het intakegesprek",
    "Verslag bevatte persoonsgegevens van een andere werknemer",
]
CAUSES = [
    "Planning liep via één persoon die ziek was.",
    "Sjabloon werd hergebruikt zonder controle.",
    "Afspraak dubbel geboekt in de agenda.",
    "Terugkoppeling bleef liggen door een vakantie.",
]


def phone(rng: random.Random) -> str:
    area = rng.choice(AREAS)
    first = rng.choice("12345" if area == "6" else "23456789")
    digits = first + "".join(rng.choice("0123456789") for _ in range(8 - len(area)))
    return f"0{area}-{digits}"


def versions(rng: random.Random, record_id: str, received: datetime) -> list[dict[str, Any]]:
    """The successive versions of one complaint: intake, triage, handling, closing."""
    taker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    firm = f"{rng.choice(FIRMS)} {rng.choice(LAST).title()} {rng.choice(PLACES)} (fictief)"
    data: dict[str, Any] = {
        "id": record_id,
        "received": received.isoformat(),
        "received_by": taker,
        "channel": rng.choice(["phone", "email", "letter", "in_person"]),
        "customer": {"name": firm, "phone": Quoted(phone(rng)),
                     "email": f"info@{firm.split()[0].lower()}.example.nl"},
        "summary": f"{rng.choice(TOPICS)}. " + " ".join(rng.choice(TOPICS).lower() + "." for _ in range(3)),
        "category": rng.choice(CATEGORIES),
        "severity": "serious" if rng.random() < 0.15 else "normal",
    }  # fmt: skip
    out = [dict(data)]
    fate = rng.random()
    if fate < 0.05:
        return out  # new
    at = received + timedelta(hours=rng.randint(1, 40))
    data["triage"] = {
        "decision": rng.choice(["self", "self", "director"]),
        "at": at.isoformat(),
        "by": taker,
    }
    out.append(dict(data))
    if fate < 0.15:
        return out  # in progress
    handled = (at + timedelta(days=rng.randint(1, 20))).date()
    data["handling"] = {"handler": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "cause": rng.choice(CAUSES),
                        "solution": "Excuses aangeboden en de afspraak opnieuw gepland.",
                        "customer_agrees": rng.random() < 0.8, "date": handled.isoformat()}  # fmt: skip
    data["prevention"] = {"needed": True, "measures": [{
        "action": "Tweede planner aanwijzen.", "owner": data["handling"]["handler"],
        "due": (handled + timedelta(days=60)).isoformat(),
        "done": (handled + timedelta(days=30)).isoformat() if rng.random() < 0.7 else None}]}  # fmt: skip
    out.append(dict(data))
    if fate < 0.18:
        data["mediation"] = {
            "referred": (handled + timedelta(days=7)).isoformat(),
            "mediator": "Bemiddelaar (fictief)",
        }
    elif fate < 0.20:
        data["withdrawn"] = {"date": at.date().isoformat(), "reason": "Dubbel geregistreerd."}
    else:
        data["closed"] = handled.isoformat()
    out.append(dict(data))
    return out


def complaints(
    n: int, seed: int = 0, end: datetime | None = None
) -> Iterator[tuple[str, list[dict[str, Any]], datetime]]:
    """`n` complaints received over the years before `end`, ten per working day or so."""
    rng = random.Random(seed)
    end = end or datetime(2026, 11, 20, 12, 0, tzinfo=TZ)
    moment = end - timedelta(hours=2.4 * n)
    counters: dict[int, int] = {}
    for _ in range(n):
        moment += timedelta(hours=2.4)
        received = moment.replace(
            hour=9 + rng.randint(0, 7), minute=rng.randint(0, 59), second=0, microsecond=0
        )
        counters[received.year] = counters.get(received.year, 0) + 1
        record_id = f"K-{received.year}-{counters[received.year]:03d}"
        yield record_id, versions(rng, record_id, received), received


def path_of(record_id: str) -> str:
    return f"complaints/{record_id.split('-')[1]}/{record_id}.yaml"


def write_project(root: Path, with_site: bool = False) -> None:
    """pyproject.toml, the schema and (optionally) the site configuration of a register."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "schema").mkdir(exist_ok=True)
    shutil.copy(REPO / "schema" / "complaint.schema.json", root / "schema")
    categories = ", ".join(f'"{c}"' for c in CATEGORIES)
    (root / "pyproject.toml").write_text(
        f"[tool.klacht]\ncategories = [{categories}]\n", encoding="utf-8"
    )
    (root / ".gitignore").write_text(".cache/\npublic/\n", encoding="utf-8")
    if with_site:
        shutil.copy(REPO / "mkdocs.yml", root)
        shutil.copytree(REPO / "site", root / "site", dirs_exist_ok=True)


def write_records(root: Path, n: int, seed: int = 0) -> list[str]:
    """Write `n` complaints (their latest version) under root/complaints; returns their paths."""
    paths = []
    for record_id, history, _ in complaints(n, seed):
        target = root / path_of(record_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(history[-1]), encoding="utf-8")
        paths.append(path_of(record_id))
    return paths


def git_history(root: Path, n_records: int, n_commits: int, seed: int = 0) -> None:
    """A Git repository at `root` whose history registers and then edits `n_records` complaints
    in about `n_commits` commits, built with one `git fast-import`; the work tree is checked out."""
    events = []
    for record_id, history, received in complaints(n_records, seed):
        for step, data in enumerate(history):
            events.append((received + timedelta(hours=30 * step), record_id, data))
    events.sort(key=lambda e: e[0])
    extra = max(0, n_commits - len(events))
    rng = random.Random(seed + 1)
    for _ in range(extra):  # small corrections to the summary of existing versions
        when, record_id, data = rng.choice(events)
        changed = dict(data, summary=data["summary"] + " Aanvulling.")
        events.append((when + timedelta(minutes=rng.randint(1, 600)), record_id, changed))
    events.sort(key=lambda e: e[0])
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream = []
    for mark, (when, record_id, data) in enumerate(events[:n_commits] if n_commits else events, 1):
        body = render(data).encode("utf-8")
        author = rng.choice(FIRST) + " " + rng.choice(LAST)
        message = f"{record_id} bijgewerkt".encode()
        stamp = f"{int(when.timestamp())} +0100"
        stream.append(
            b"commit refs/heads/main\n"
            + f"mark :{mark}\nauthor {author} <{author.split()[0].lower()}@example.nl> {stamp}\n".encode()
            + f"committer {author} <{author.split()[0].lower()}@example.nl> {stamp}\n".encode()
            + b"data %d\n%s\n" % (len(message), message)
            + (b"from :%d\n" % (mark - 1) if mark > 1 else b"")
            + f"M 100644 inline {path_of(record_id)}\n".encode()
            + b"data %d\n%s\n" % (len(body), body)
        )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Synthetic complaints for benchmarks and tests")
    parser.add_argument("root", type=Path)
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument(
        "--commits", type=int, default=0, help="build a Git history of this many commits"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--site", action="store_true", help="also write mkdocs.yml and the site pages"
    )
    args = parser.parse_args()
    write_project(args.root, args.site)
    if args.commits:
        git_history(args.root, args.records, args.commits, args.seed)
    else:
        write_records(args.root, args.records, args.seed)


if __name__ == "__main__":
    main()
