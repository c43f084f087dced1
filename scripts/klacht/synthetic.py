"""Synthetic, realistic and valid complaints (and a Git history for them), for the benchmark and
for tests at scale. Deterministic for a given seed.

    python -m klacht.synthetic --records 10000 [--commits 40000] DIR
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
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
        "customer": {
            "name": firm,
            "phone": Quoted(phone(rng)),
            "email": f"info@{firm.split()[0].lower()}.example.nl",
        },
        "summary": f"{rng.choice(TOPICS)}. "
        + " ".join(rng.choice(TOPICS).lower() + "." for _ in range(3)),
        "category": rng.choice(CATEGORIES),
        "severity": "serious" if rng.random() < 0.15 else "normal",
    }
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
    data["handling"] = {
        "handler": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "cause": rng.choice(CAUSES),
        "solution": "Excuses aangeboden en de afspraak opnieuw gepland.",
        "customer_agrees": rng.random() < 0.8,
        "date": handled.isoformat(),
    }
    data["prevention"] = {
        "needed": True,
        "measures": [
            {
                "action": "Tweede planner aanwijzen.",
                "owner": data["handling"]["handler"],
                "due": (handled + timedelta(days=60)).isoformat(),
                "done": (handled + timedelta(days=30)).isoformat() if rng.random() < 0.7 else None,
            }
        ],
    }
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
    commits = [
        Commit(
            when,
            rng.choice(FIRST) + " " + rng.choice(LAST),
            f"{record_id} bijgewerkt",
            {path_of(record_id): render(data).encode("utf-8")},
        )
        for when, record_id, data in (events[:n_commits] if n_commits else events)
    ]
    fast_import(root, commits)


@dataclass(frozen=True)
class Commit:
    """One commit of a made-up history: when, by whom, why, and the files it writes."""

    when: datetime
    author: str
    message: str
    files: dict[str, bytes]


def email_of(author: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "", author.lower().replace(" ", ".")).strip(".") + "@example.nl"


def fast_import(root: Path, commits: list[Commit]) -> None:
    """A new Git repository at `root` (main) with `commits` in this order, made by one
    `git fast-import`; the work tree is checked out."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream = []
    for mark, commit in enumerate(commits, 1):
        message = commit.message.encode("utf-8")
        who = f"{commit.author} <{email_of(commit.author)}> {int(commit.when.timestamp())} "
        who += commit.when.strftime("%z") if commit.when.utcoffset() is not None else "+0000"
        stream.append(
            f"commit refs/heads/main\nmark :{mark}\nauthor {who}\ncommitter {who}\n".encode()
            + b"data %d\n%s\n" % (len(message), message)
            + (b"from :%d\n" % (mark - 1) if mark > 1 else b"")
            + b"".join(
                f"M 100644 inline {path}\n".encode() + b"data %d\n%s\n" % (len(body), body)
                for path, body in commit.files.items()
            )
        )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def _at(value: str, hour: int, minute: int) -> datetime:
    """A date (or date and time) of a record as a moment: a bare date at `hour`:`minute`."""
    if len(value) == 10:
        return datetime.fromisoformat(value).replace(hour=hour, minute=minute, tzinfo=TZ)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def record_steps(data: dict[str, Any]) -> list[tuple[datetime, str, str, dict[str, Any]]]:
    """The versions of a complaint as the staff committed them, each when it happened: its
    registration within the hour, the triage at its time, the handling on its date, then the
    pauses, the mediator, the closing, each measure done, corrections. As (moment, author, step,
    version); the last version is `data`."""
    rng = random.Random(data["id"])
    triage, handling = data.get("triage") or {}, data.get("handling") or {}
    handler = handling.get("handler") or triage.get("by") or data["received_by"]
    received = _at(data["received"], 9, 0)
    changes: list[tuple[datetime, str, str, Any]] = []

    def change(when: datetime, author: str, step: str, apply: Any) -> None:
        changes.append((when + timedelta(minutes=rng.randint(2, 25)), author, step, apply))

    def put(key: str, value: Any) -> Any:
        return lambda state: state.__setitem__(key, copy.deepcopy(value))

    if "acknowledged" in data:
        change(
            _at(data["acknowledged"], 10, 0),
            data["received_by"],
            "acknowledged",
            put("acknowledged", data["acknowledged"]),
        )
    if triage:
        change(
            _at(triage["at"], 9, 0), triage.get("by") or handler, "triaged", put("triage", triage)
        )
    for n, pause in enumerate(data.get("pauses") or []):
        change(_at(pause["from"], 9, 0), handler, "paused", put("pauses", data["pauses"][: n + 1]))
    if handling:
        when = _at(handling["date"], 15, 0) if handling.get("date") else _at(triage["at"], 9, 0)
        prevention = copy.deepcopy(data.get("prevention"))
        for measure in (prevention or {}).get("measures") or []:
            if "done" in measure:
                measure["done"] = None  # done later, in a commit of its own

        def handled(state: dict[str, Any]) -> None:
            state["handling"] = copy.deepcopy(handling)
            if prevention is not None:
                state["prevention"] = copy.deepcopy(prevention)

        change(when + timedelta(hours=1), handler, "handled", handled)
    mediation = data.get("mediation") or {}
    if mediation:
        referred = dict(mediation, ruling=None, ruling_date=None)
        change(_at(mediation["referred"], 10, 0), handler, "referred", put("mediation", referred))
        if mediation.get("ruling_date"):
            change(
                _at(mediation["ruling_date"], 11, 0), handler, "ruling", put("mediation", mediation)
            )
    if "closed" in data:
        change(_at(data["closed"], 16, 30), handler, "closed", put("closed", data["closed"]))
    if "withdrawn" in data:
        change(
            _at(data["withdrawn"]["date"], 11, 0),
            data["received_by"],
            "withdrawn",
            put("withdrawn", data["withdrawn"]),
        )
    for n, measure in enumerate((data.get("prevention") or {}).get("measures") or []):
        if measure.get("done"):

            def done(state: dict[str, Any], n: int = n, value: str = measure["done"]) -> None:
                state["prevention"]["measures"][n]["done"] = value

            change(_at(measure["done"], 14, 0), measure.get("owner") or handler, "measure", done)
    for n, correction in enumerate(data.get("corrections") or []):
        change(
            _at(correction["date"], 12, 0),
            correction["by"],
            "corrected",
            put("corrections", data["corrections"][: n + 1]),
        )
    if "anonymized" in data:
        change(
            _at(data["anonymized"], 9, 0),
            handler,
            "anonymized",
            put("anonymized", data["anonymized"]),
        )
    changes.sort(key=lambda c: c[0])
    first = changes[0][0] if changes else received + timedelta(hours=2)
    delay = min(timedelta(minutes=rng.randint(6, 50)), (first - received) / 2)
    later = {
        "acknowledged",
        "triage",
        "pauses",
        "handling",
        "prevention",
        "mediation",
        "closed",
        "withdrawn",
        "corrections",
        "anonymized",
    }
    state = {key: copy.deepcopy(value) for key, value in data.items() if key not in later}
    steps = [(received + delay, data["received_by"], "registered", _ordered(state, data))]
    for when, author, step, apply in changes:
        apply(state)
        steps.append(
            (max(when, steps[-1][0] + timedelta(minutes=1)), author, step, _ordered(state, data))
        )
    return steps


def _ordered(state: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A copy of `state` with the keys in the order of the finished record."""
    return copy.deepcopy({key: state[key] for key in data if key in state})


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
