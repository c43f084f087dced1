"""`klacht new`: register a complaint at once. Asks for the intake fields (or takes them as options),
picks the next free number, writes the file atomically, never overwrites, and prints the path."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from typing import Any

from klacht import ids, records, writing
from klacht.config import Settings
from klacht.i18n import Catalog, field_label, value_label
from klacht.model import TimeError, parse_datetime

MESSAGES = Catalog(
    {
        "ask.received": (
            "Ontvangen op (bijv. 2026-11-24 10:42; leeg = nu)",
            "Received at (e.g. 2026-11-24 10:42; empty = now)",
        ),
        "ask.received_by": ("Aangenomen door (uw naam)", "Taken by (your name)"),
        "ask.channel": (
            "Kanaal: telefoon, e-mail, brief, persoonlijk of anders",
            "Channel: phone, email, letter, in_person or other",
        ),
        "ask.name": ("Naam klant", "Customer name"),
        "ask.phone": ("Telefoonnummer klant", "Customer phone"),
        "ask.email": ("E-mailadres klant (leeg = geen)", "Customer e-mail (empty = none)"),
        "ask.summary": ("Korte omschrijving van de klacht", "Short description of the complaint"),
        "ask.category": (
            "Categorie ({options}; leeg = later)",
            "Category ({options}; empty = later)",
        ),
        "ask.severity": (
            "Ernst: normaal of ernstig (leeg = normaal)",
            "Severity: normal or serious (empty = normal)",
        ),
        "missing": (
            "klacht niet geregistreerd: ontbrekend: {fields}",
            "complaint not registered: missing: {fields}",
        ),
        "bad_time": (
            "'{value}' is geen datum en tijd; schrijf bijvoorbeeld 2026-11-24 10:42",
            "'{value}' is not a date and time; write for example 2026-11-24 10:42",
        ),
        "bad_choice": (
            "'{value}' is geen keuze uit: {options}",
            "'{value}' is not one of: {options}",
        ),
        "invalid": (
            "klacht niet geregistreerd; verbeter dit en probeer opnieuw:",
            "complaint not registered; correct this and try again:",
        ),
        "written": ("Klacht {id} geregistreerd: {path}", "Complaint {id} registered: {path}"),
        "next": (
            'Voeg het bestand toe met: git add {path} && git commit -m "Klacht {id} geregistreerd"',
            'Add the file with: git add {path} && git commit -m "Register complaint {id}"',
        ),
    }
)

# Dutch and English words for the channel and severity, to the stored code.
CHANNELS = {
    "telefoon": "phone", "phone": "phone", "e-mail": "email", "email": "email", "mail": "email",
    "brief": "letter", "letter": "letter", "persoonlijk": "in_person", "in_person": "in_person",
    "anders": "other", "other": "other",
}  # fmt: skip
SEVERITIES = {"normaal": "normal", "normal": "normal", "ernstig": "serious", "serious": "serious"}

# option name -> (prompt key, required)
FIELDS = {
    "received": ("ask.received", False),
    "received_by": ("ask.received_by", True),
    "channel": ("ask.channel", False),
    "name": ("ask.name", True),
    "phone": ("ask.phone", True),
    "email": ("ask.email", False),
    "summary": ("ask.summary", True),
    "category": ("ask.category", False),
    "severity": ("ask.severity", False),
}
# record field -> option name, to re-ask a field that a check rejected
OPTION_OF = {
    "received": "received", "received_by": "received_by", "channel": "channel",
    "customer.name": "name", "customer.phone": "phone", "customer.email": "email",
    "summary": "summary", "category": "category", "severity": "severity",
}  # fmt: skip

_LOCAL_TIME = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")


class InputError(ValueError):
    """An answer that cannot be used: the option it came from and a translated message."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--received", help="ontvangen op (standaard: nu)")
    parser.add_argument("--received-by", help="aangenomen door")
    parser.add_argument("--channel", help="telefoon, e-mail, brief, persoonlijk of anders")
    parser.add_argument("--name", help="naam klant")
    parser.add_argument("--phone", help="telefoonnummer klant")
    parser.add_argument("--email", help="e-mailadres klant")
    parser.add_argument("--summary", help="korte omschrijving")
    parser.add_argument("--category", help="categorie")
    parser.add_argument("--severity", help="normaal of ernstig")
    parser.add_argument(
        "--now", help="het huidige moment (voor tests), bijv. 2026-11-24T12:00+01:00"
    )
    parser.set_defaults(func=run)


def parse_received(value: str, settings: Settings, now: datetime) -> str:
    """An answer for `received` as ISO text with offset; Dutch day-month-year is accepted."""
    value = value.strip()
    if not value:
        moment = now
    else:
        match = _LOCAL_TIME.match(value)
        if match:
            day, month, year, hour, minute = match.groups()
            value = f"{year}-{int(month):02d}-{int(day):02d}T{int(hour or 0):02d}:{minute or '00'}"
        try:
            moment = parse_datetime(value.replace(" ", "T", 1), settings.tz)
        except TimeError:
            raise InputError(
                "received", MESSAGES(settings.language, "bad_time", value=value)
            ) from None
    return moment.astimezone(settings.tz).replace(microsecond=0).isoformat()


def _choice(option: str, value: str, choices: dict[str, str], lang: str) -> str:
    key = value.strip().lower()
    if key not in choices:
        options = ", ".join(sorted(set(choices)))
        raise InputError(option, MESSAGES(lang, "bad_choice", value=value, options=options))
    return choices[key]


def build_record(
    answers: dict[str, str], settings: Settings, record_id: str, now: datetime
) -> dict[str, Any]:
    """The record data from the answers (converted, optional fields left out when empty)."""
    lang = settings.language
    data: dict[str, Any] = {
        "id": record_id,
        "received": parse_received(answers.get("received") or "", settings, now),
        "received_by": answers["received_by"].strip(),
    }
    if answers.get("channel"):
        data["channel"] = _choice("channel", answers["channel"], CHANNELS, lang)
    customer: dict[str, Any] = {
        "name": answers["name"].strip(),
        "phone": writing.Quoted(answers["phone"].strip()),
    }
    if answers.get("email"):
        customer["email"] = answers["email"].strip()
    data["customer"] = customer
    data["summary"] = answers["summary"].strip()
    if answers.get("category"):
        data["category"] = category_code(answers["category"], settings)
    data["severity"] = _choice("severity", answers.get("severity") or "normaal", SEVERITIES, lang)
    return data


def category_code(answer: str, settings: Settings) -> str:
    """A category typed as its code or as its label in either language (`factuur` -> invoice)."""
    answer = answer.strip()
    for code in settings.categories:
        if answer.lower() in (
            code,
            value_label("nl", "category", code),
            value_label("en", "category", code),
        ):
            return code
    return answer  # the check names the known categories


def _ask(key: str, settings: Settings) -> str:
    options = (
        ", ".join(value_label(settings.language, "category", c) for c in settings.categories) or "-"
    )
    prompt = MESSAGES(settings.language, FIELDS[key][0], options=options)
    print(f"{prompt}: ", end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.strip()


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    now = parse_datetime(args.now, settings.tz) if args.now else datetime.now(settings.tz)
    answers = {key: getattr(args, key) for key in FIELDS if getattr(args, key) is not None}
    interactive = not all(answers.get(key) for key, (_, required) in FIELDS.items() if required)
    to_ask = [key for key in FIELDS if key not in answers] if interactive else []
    for _attempt in range(3):
        try:
            for key in to_ask:
                answers[key] = _ask(key, settings)
        except EOFError:
            print(file=sys.stderr)
            missing = [k for k, (_, required) in FIELDS.items() if required and not answers.get(k)]
            if not missing:
                break
            names = ", ".join(f"--{k.replace('_', '-')} ({_label(lang, k)})" for k in missing)
            print(MESSAGES(lang, "missing", fields=names), file=sys.stderr)
            return 1
        to_ask = [k for k, (_, required) in FIELDS.items() if required and not answers.get(k)]
        if to_ask and interactive:
            continue
        if to_ask:
            names = ", ".join(f"--{k.replace('_', '-')} ({_label(lang, k)})" for k in to_ask)
            print(MESSAGES(lang, "missing", fields=names), file=sys.stderr)
            return 1
        outcome = _register(answers, settings, now)
        if isinstance(outcome, int):
            return outcome
        print(MESSAGES(lang, "invalid"), file=sys.stderr)
        for message in outcome.values():
            print(f"  {message}", file=sys.stderr)
        if not interactive:
            return 1
        to_ask = sorted(outcome, key=list(FIELDS).index)
    return 1


def _label(lang: str, option: str) -> str:
    field = next((f for f, o in OPTION_OF.items() if o == option), option)
    return field_label(lang, field)


def _register(answers: dict[str, str], settings: Settings, now: datetime) -> int | dict[str, str]:
    """Write the record: 0 on success, else the rejected options with their messages."""
    lang = settings.language
    try:
        received = parse_received(answers.get("received") or "", settings, now)
        year = int(received[:4])
        record_id = ids.next_id(settings, year)
        data = build_record(answers, settings, record_id, now)
    except InputError as exc:
        return {exc.option: str(exc)}
    for _race in range(20):
        path = settings.complaints_path / str(year) / f"{record_id}.yaml"
        text = writing.render(data)
        result = records.check_bytes(
            text.encode("utf-8"),
            records.display_path(path, settings.root),
            records.Env.of(settings),
        )
        if result.problems:
            return {OPTION_OF.get(p.field, "summary"): p.text(lang) for p in result.problems}
        try:
            writing.create(path, text)
        except FileExistsError:  # someone registered this number a moment ago: take the next
            record_id = ids.next_id(settings, year, taken=[record_id])
            data["id"] = record_id
            continue
        shown = records.display_path(path, settings.root)
        print(MESSAGES(lang, "written", id=record_id, path=shown))
        print(MESSAGES(lang, "next", id=record_id, path=shown), file=sys.stderr)
        return 0
    return 1
