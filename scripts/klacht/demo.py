"""A demo register: the example complaints with the Git history a real firm's would have.

Fictional staff commit each step when it happened (the synthetic history generator's
`record_steps`): the registration within the hour, the triage at its time, the handling on its
date, the closing, a measure done weeks later. The register itself (`klacht init`'s files) is
committed a week before the first complaint.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from klacht import initialize, loader, packaged, synthetic, writing
from klacht.i18n import Catalog
from klacht.synthetic import TZ, Commit

MSG = Catalog(
    {
        "started": ("Klachtenregister begonnen", "Complaints register started"),
        "registered": ("Klacht {id} geregistreerd", "Complaint {id} registered"),
        "acknowledged": ("{id}: ontvangst bevestigd", "{id}: receipt confirmed"),
        "triaged": ("{id} beoordeeld", "{id} triaged"),
        "paused": ("{id}: wachten op de klant", "{id}: waiting for the customer"),
        "handled": ("{id}: afhandeling vastgelegd", "{id}: handling recorded"),
        "referred": ("{id} naar de bemiddelaar", "{id} referred to the mediator"),
        "ruling": ("{id}: uitspraak van de bemiddelaar", "{id}: the mediator's ruling"),
        "closed": ("{id} gesloten", "{id} closed"),
        "withdrawn": ("{id} ingetrokken", "{id} withdrawn"),
        "measure": ("{id}: maatregel uitgevoerd", "{id}: measure done"),
        "corrected": ("{id} gecorrigeerd", "{id} corrected"),
        "anonymized": ("{id} geanonimiseerd", "{id} anonymized"),
    }
)
# The director who set the register up (fictional, like everyone in the examples).
DIRECTOR = "Marieke Hoekstra"


def examples() -> list[tuple[str, bytes, dict[str, Any]]]:
    """The example complaints: (path in the register, file content, data)."""
    found = []
    for path in sorted(packaged.EXAMPLES.rglob("*.yaml")):
        raw = path.read_bytes()
        relative = path.relative_to(packaged.EXAMPLES).as_posix()
        found.append((f"complaints/{relative}", raw, loader.parse(raw.decode("utf-8"))))
    return found


def commits(lang: str, now: datetime) -> list[Commit]:
    """The demo's history up to `now`, oldest first."""
    made: list[Commit] = []
    for path, raw, data in examples():
        steps = [step for step in synthetic.record_steps(data) if step[0] <= now]
        for n, (when, author, step, version) in enumerate(steps):
            finished = n == len(steps) - 1 and version == data
            body = raw if finished else writing.render(version).encode("utf-8")
            made.append(Commit(when, author, MSG(lang, step, id=data["id"]), {path: body}))
    made.sort(key=lambda c: c.when)
    start = (made[0].when if made else now) - timedelta(days=7)
    start = start.replace(hour=10, minute=5, second=0, microsecond=0)
    return [Commit(start, DIRECTOR, MSG(lang, "started"), initialize.files()), *made]


def create(target: Path, lang: str = "nl", now: datetime | None = None) -> int:
    """Make the demo register in `target` (empty or missing); returns the number of commits.
    initialize.NotEmpty when `target` holds anything."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise initialize.NotEmpty(str(target))
    history = commits(lang, now or datetime.now(TZ))
    synthetic.fast_import(target, history)
    return len(history)
