"""Registering a complaint: the intake questions, each answer checked as `klacht check` checks
that field, the record's file text, and writing it under the next free number.

Shared by `klacht new` and the site's forms: `answer_value` turns one typed answer into the value
to store (or says why it cannot be), `record_text` gives the exact file text, and `register`
writes it. No printing, no prompting: that is the caller's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from klacht import ids, privacy, records, writing
from klacht.config import Settings
from klacht.i18n import VALUE_LABELS, Catalog, field_name, value_label
from klacht.model import parse_datetime
from klacht.problems import Problem

MSG = Catalog(
    {
        "or": ("{first} of {last}", "{first} or {last}"),
        "bad_choice": (
            "'{value}' is geen keuze; kies {options}",
            "'{value}' is not a choice; choose {options}",
        ),
        "future": (
            "'{value}' ligt in de toekomst; controleer de datum",
            "'{value}' is in the future; check the date",
        ),
        "link": (
            "{path} gaat via een snelkoppeling (symbolische link) buiten de map van het "
            "register; er is niets opgeslagen: maak van de jaarmap een gewone map",
            "{path} leads through a symbolic link out of the register's folder; nothing was "
            "saved: make the year folder a plain folder",
        ),
    }
)

# A `received` this far after now is refused: a typo in the year would start a wrong series.
FUTURE_MARGIN = timedelta(minutes=5)
# Tries at the next number when a colleague takes the one picked a moment before.
RACE_TRIES = 20

_LOCAL_TIME = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")


@dataclass(frozen=True)
class Question:
    """One intake question: its option (`--received-by`), its record field, the key of its
    placeholder in the help (`metavar.` keys of `klacht.cli.MSG`), whether required."""

    option: str
    field: str
    metavar: str
    required: bool = False
    needs: str = ""  # asked only when this field has an answer

    @property
    def flag(self) -> str:
        return f"--{self.option.replace('_', '-')}"


# In the order of the record's fields.
QUESTIONS = (
    Question("received", "received", "moment"),
    Question("received_by", "received_by", "name", required=True),
    Question("channel", "channel", "channel"),
    Question("name", "customer.name", "name", required=True),
    Question("phone", "customer.phone", "phone", required=True),
    Question("email", "customer.email", "email"),
    Question("summary", "summary", "text", required=True),
    Question("category", "category", "category"),
    Question("severity", "severity", "severity"),
    Question("acknowledged", "acknowledged", "moment"),
    Question("acknowledged_by", "acknowledged_by", "channel", needs="acknowledged"),
)


class InputError(ValueError):
    """An answer that cannot be used; the message (translated) names the field and says why."""


class Refused(Exception):
    """The record was not written; `reasons` (translated) say why, one a line."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("\n".join(reasons))
        self.reasons = reasons


def choices(field: str, settings: Settings) -> tuple[str, ...]:
    """The stored values a question accepts, or () for free text."""
    if field == "category":
        return tuple(settings.categories)
    return tuple(VALUE_LABELS[field]) if field in ("channel", "severity", "acknowledged_by") else ()


def options_text(lang: str, field: str, codes: tuple[str, ...]) -> str:
    """The choices by their labels: `telefoon, e-mail, brief, persoonlijk of anders`."""
    labels = [value_label(lang, field, code) for code in codes]
    if len(labels) < 2:
        return "".join(labels)
    return MSG(lang, "or", first=", ".join(labels[:-1]), last=labels[-1])


def choice(field: str, text: str, codes: tuple[str, ...], lang: str) -> str:
    """The stored value of a choice typed as its label (Dutch or English) or its code."""
    typed = text.lower()
    for code in codes:
        if typed in (code, value_label("nl", field, code), value_label("en", field, code)):
            return code
    options = options_text(lang, field, codes)
    raise InputError(named(lang, field, MSG(lang, "bad_choice", value=text, options=options)))


def put(data: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """Set a dotted field (`customer.phone`) in record data; returns the data."""
    parent, _, key = field.rpartition(".")
    (data.setdefault(parent, {}) if parent else data)[key] = value
    return data


def check(field: str, value: Any, typed: str, settings: Settings) -> None:
    """InputError with the first problem that `klacht check` finds in this field on its own;
    messages quote the answer as typed."""
    found = records.field_findings(put({}, field, value), field, settings)
    if found:
        path, code, args, _ = found[0]
        if "value" in args:  # the answer as typed, and an example in the form it was typed in
            args = {**args, "value": typed, "example": f"{typed} 09:30"}
        raise InputError(Problem("", 1, 1, code, args, path).text(settings.language))


def received(typed: str, settings: Settings, now: datetime, field: str = "received") -> str:
    """`received` (or another moment, `acknowledged`) as ISO text with offset: empty is now,
    Dutch `24-11-2026 10:42` is accepted; a date without a time (refused as `klacht check`
    refuses it) and a moment in the future are not."""
    moment = now
    if typed:
        value = _iso(typed)
        check(field, value, typed, settings)
        moment = parse_datetime(value, settings.tz)
        if moment > now + FUTURE_MARGIN:
            lang = settings.language
            raise InputError(named(lang, field, MSG(lang, "future", value=typed)))
    return moment.astimezone(settings.tz).replace(microsecond=0).isoformat()


def _iso(typed: str) -> str:
    """Dutch day-month-year as ISO: `2026-11-24T10:42`, or `2026-11-24` without a time (never
    midnight: the check refuses a bare date); other text unchanged."""
    match = _LOCAL_TIME.match(typed)
    if not match:
        return typed
    day, month, year, hour, minute = match.groups()
    date = f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{date}T{int(hour):02d}:{minute}" if hour else date


def answer_value(
    question: Question,
    answer: str,
    settings: Settings,
    now: datetime,
    earlier: Mapping[str, Any] | None = None,
) -> Any:
    """The value to store for an answer (None: left out); InputError saying why it cannot be.
    `earlier`: the answers given so far (the receipt is not confirmed before it was received)."""
    typed = answer.strip()
    if question.field == "received":
        return received(typed, settings, now)
    if question.field == "acknowledged":  # empty: not yet
        if not typed:
            return None
        value = received(typed, settings, now, "acknowledged")
        before = (earlier or {}).get("received")
        if before and parse_datetime(value, settings.tz) < parse_datetime(before, settings.tz):
            args = {"earlier_field": "received", "value": typed}
            raise InputError(
                Problem("", 1, 1, "rule.order", args, "acknowledged").text(settings.language)
            )
        return value
    if not typed and not question.required:
        return "normal" if question.field == "severity" else None
    codes = choices(question.field, settings)
    value = choice(question.field, typed, codes, settings.language) if codes else typed
    check(question.field, value, typed, settings)
    return value


def answers_of(
    given: Mapping[str, str | None], settings: Settings, now: datetime
) -> dict[str, Any]:
    """The values of every question answered at once (`given` by option name, None or "" for
    not given); Refused with every problem."""
    values: dict[str, Any] = {}
    reasons = []
    for q in QUESTIONS:
        try:
            values[q.field] = answer_value(q, given.get(q.option) or "", settings, now, values)
        except InputError as exc:
            reasons.append(str(exc))
    if reasons:
        raise Refused(reasons)
    return values


def named(lang: str, field: str, reason: str) -> str:
    """`telefoonnummer klant (customer.phone): reason`, as `klacht check` names a field."""
    return f"{field_name(lang, field)}: {reason}"


# Answers that are not typed text: the id, the moment received and the codes of choices.
_CODED = frozenset(
    {"id", "received", "channel", "category", "severity", "acknowledged", "acknowledged_by"}
)


def record_text(answers: Mapping[str, Any]) -> str:
    """The exact text of the record file `klacht new` writes for `answers`: values by dotted
    field path (`id`, `received`, `customer.phone`, …) as `answer_value` gives them, `id`
    required. The schema header line, then `id` and the fields in question order; empty answers
    (None) are left out. Typed text is always double-quoted, on one line, so it is read back as
    exactly that text (a phone number never as a number, `nee` never as false); the site's form
    writes the same text (site/assets/forms.js)."""
    data: dict[str, Any] = {"id": answers["id"]}
    order = [q.field for q in QUESTIONS]
    for field in sorted(answers, key=lambda f: order.index(f) if f in order else len(order)):
        value = answers[field]
        if field == "id" or value is None:
            continue
        put(data, field, value if field in _CODED else writing.Quoted(value))
    return writing.render(data)


def _inside(path: Path, settings: Settings, year: int) -> bool:
    """Whether the year folder of `path` is the register's own, reached through no link."""
    wanted = os.path.join(os.path.realpath(settings.root), settings.complaints_dir, str(year))
    return os.path.realpath(path.parent) == os.path.normpath(wanted)


def sealed(values: Mapping[str, Any], settings: Settings, year: int) -> Mapping[str, Any]:
    """In privacy mode, the values with the customer's identity encrypted to the cohort's
    public key (no secret needed); Refused when that key is missing or the free text names
    the customer. Otherwise the values as they are."""
    if not privacy.encrypting(settings):
        return values
    data: dict[str, Any] = {}
    for field, value in values.items():
        put(data, field, value)
    found = privacy.text_findings(data, settings.phone_region)
    if found:
        lang = settings.language
        raise Refused(
            [Problem("", 1, 1, code, args, path).text(lang) for path, code, args, _ in found]
        )
    try:
        recipient = privacy.cohort_recipient(settings, year)
    except privacy.PrivacyError as exc:
        raise Refused([str(exc)]) from None
    return {
        field: privacy.encrypt(value, recipient)
        if field in privacy.FIELDS and isinstance(value, str) and value
        else value
        for field, value in values.items()
    }


def register(values: Mapping[str, Any], settings: Settings) -> tuple[str, str]:
    """Check the whole record and write it under the next free number (the next again when a
    colleague took that one a moment ago): its id and display path. Refused when the record
    would not pass `klacht check` or the year folder leads outside the register."""
    lang = settings.language
    year = int(values["received"][:4])
    values = sealed(values, settings, year)
    record_id = ids.next_id(settings, year)
    env = records.Env.of(settings)
    for _race in range(RACE_TRIES):
        path = settings.complaints_path / str(year) / f"{record_id}.yaml"
        shown = records.display_path(path, settings.root)
        text = record_text({**values, "id": record_id})
        result = records.check_bytes(text.encode("utf-8"), shown, env)
        if result.problems:
            raise Refused([p.text(lang) for p in result.problems])
        if not _inside(path, settings, year):
            folder = records.display_path(path.parent, settings.root)
            raise Refused([MSG(lang, "link", path=folder)])
        try:
            writing.create(path, text)
        except FileExistsError:
            record_id = ids.next_id(settings, year, taken=[record_id])
            continue
        return record_id, shown
    raise Refused([])
