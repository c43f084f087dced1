"""`klacht new`: register a complaint at once. Asks for the intake fields, checking each answer as it
is given and asking again until it is valid (or takes them all as options, and then refuses with
every problem), picks the next free number, writes the file atomically, never overwrites, and
prints the path."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from klacht import ids, records, writing
from klacht.cli import METAVARS, Parser
from klacht.cli.deadlines import now_of
from klacht.config import Settings
from klacht.i18n import VALUE_LABELS, Catalog, field_label, value_label
from klacht.model import parse_datetime
from klacht.problems import Problem

MESSAGES = Catalog(
    {
        "ask.received": (
            "Ontvangen op (bijv. 2026-11-24 10:42; leeg = nu)",
            "Received at (e.g. 2026-11-24 10:42; empty = now)",
        ),
        "ask.received_by": ("Aangenomen door (uw naam)", "Taken by (your name)"),
        "ask.channel": ("Kanaal: {options}", "Channel: {options}"),
        "ask.name": ("Naam klant", "Customer name"),
        "ask.phone": ("Telefoonnummer klant", "Customer phone"),
        "ask.email": ("E-mailadres klant (leeg = geen)", "Customer e-mail (empty = none)"),
        "ask.summary": ("Korte omschrijving van de klacht", "Short description of the complaint"),
        "ask.category": (
            "Categorie ({options}; leeg = later)",
            "Category ({options}; empty = later)",
        ),
        "ask.severity": (
            "Ernst: {options} (leeg = normaal)",
            "Severity: {options} (empty = normal)",
        ),
        "or": ("{first} of {last}", "{first} or {last}"),
        "free_text": ("vrije tekst", "free text"),
        "bad_choice": (
            "'{value}' is geen keuze; kies {options}",
            "'{value}' is not a choice; choose {options}",
        ),
        "future": (
            "'{value}' ligt in de toekomst; controleer de datum",
            "'{value}' is in the future; check the date",
        ),
        "aborted": (
            "klacht niet geregistreerd: de invoer is afgebroken; er is niets opgeslagen",
            "complaint not registered: the input ended; nothing was saved",
        ),
        "missing": ("nog niet ingevuld: {fields}", "not filled in yet: {fields}"),
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
HELP = Catalog(
    {
        "received": ("ontvangen op (standaard: nu)", "received at (default: now)"),
        "received_by": ("aangenomen door", "taken by"),
        "channel": (
            "telefoon, e-mail, brief, persoonlijk of anders",
            "phone, e-mail, letter, in person or other",
        ),
        "name": ("naam klant", "customer name"),
        "phone": ("telefoonnummer klant", "customer phone"),
        "email": ("e-mailadres klant", "customer e-mail"),
        "summary": ("korte omschrijving", "short description"),
        "category": ("categorie", "category"),
        "severity": ("normaal of ernstig", "normal or serious"),
        "now": (
            "het huidige moment (voor tests), bijv. 2026-11-24T12:00+01:00",
            "the current moment (for tests), e.g. 2026-11-24T12:00+01:00",
        ),
    }
)

# A `received` this far after now is refused: a typo in the year would start a wrong series.
FUTURE_MARGIN = timedelta(minutes=5)

_LOCAL_TIME = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")


@dataclass(frozen=True)
class Question:
    """One intake question: its option (`--received-by`), its record field, the key of its
    placeholder in the help (METAVARS), whether required."""

    option: str
    field: str
    metavar: str
    required: bool = False

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
)


class InputError(ValueError):
    """An answer that cannot be used; the message (translated) names the field and says why."""


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    for q in QUESTIONS:
        parser.add_argument(q.flag, metavar=METAVARS(lang, q.metavar), help=HELP(lang, q.option))
    parser.add_argument("--now", metavar=METAVARS(lang, "moment"), help=HELP(lang, "now"))
    parser.set_defaults(func=run)


def choices(field: str, settings: Settings) -> tuple[str, ...]:
    """The stored values a question accepts, or () for free text."""
    if field == "category":
        return tuple(settings.categories)
    return tuple(VALUE_LABELS[field]) if field in ("channel", "severity") else ()


def options_text(lang: str, field: str, codes: tuple[str, ...]) -> str:
    """The choices by their labels: `telefoon, e-mail, brief, persoonlijk of anders`."""
    labels = [value_label(lang, field, code) for code in codes]
    if len(labels) < 2:
        return "".join(labels)
    return MESSAGES(lang, "or", first=", ".join(labels[:-1]), last=labels[-1])


def choice(field: str, text: str, codes: tuple[str, ...], lang: str) -> str:
    """The stored value of a choice typed as its label (Dutch or English) or its code."""
    typed = text.lower()
    for code in codes:
        if typed in (code, value_label("nl", field, code), value_label("en", field, code)):
            return code
    options = options_text(lang, field, codes)
    raise InputError(_named(lang, field, MESSAGES(lang, "bad_choice", value=text, options=options)))


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


def received(typed: str, settings: Settings, now: datetime) -> str:
    """`received` as ISO text with offset: empty is now, Dutch `24-11-2026 10:42` is accepted;
    a date without a time (refused as `klacht check` refuses it) and a moment in the future are
    not."""
    moment = now
    if typed:
        value = _iso(typed)
        check("received", value, typed, settings)
        moment = parse_datetime(value, settings.tz)
        if moment > now + FUTURE_MARGIN:
            lang = settings.language
            raise InputError(_named(lang, "received", MESSAGES(lang, "future", value=typed)))
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


def answer_value(question: Question, answer: str, settings: Settings, now: datetime) -> Any:
    """The value to store for an answer (None: left out); InputError saying why it cannot be."""
    typed = answer.strip()
    if question.field == "received":
        return received(typed, settings, now)
    if not typed and not question.required:
        return "normal" if question.field == "severity" else None
    codes = choices(question.field, settings)
    value = choice(question.field, typed, codes, settings.language) if codes else typed
    check(question.field, value, typed, settings)
    return writing.Quoted(value) if question.field == "customer.phone" else value


def prompt(question: Question, settings: Settings) -> str:
    """The question's text, with its choices by their labels."""
    lang = settings.language
    codes = choices(question.field, settings)
    options = options_text(lang, question.field, codes) if codes else MESSAGES(lang, "free_text")
    return MESSAGES(lang, f"ask.{question.option}", options=options)


def _read(text: str) -> str:
    """One answer from standard input after the prompt `text`; EOFError at the end of input."""
    print(f"{text}: ", end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


def ask(question: Question, given: str | None, settings: Settings, now: datetime) -> Any:
    """The value of a question, asked again with the reason until the answer is valid; an
    option given on the command line counts as the first answer."""
    answer = given
    while True:
        if answer is None:
            answer = _read(prompt(question, settings))
        try:
            return answer_value(question, answer, settings, now)
        except InputError as exc:
            print(f"  {exc}", file=sys.stderr)
            answer = None


def _refuse(lang: str, reasons: list[str]) -> int:
    """Nothing is written: say why, one reason a line."""
    print(MESSAGES(lang, "invalid"), file=sys.stderr)
    for reason in reasons:
        print(f"  {reason}", file=sys.stderr)
    return 1


def _aborted(lang: str, missing: list[Question]) -> int:
    """End of input: nothing is written; the required questions still unanswered are named."""
    print(file=sys.stderr)
    print(MESSAGES(lang, "aborted"), file=sys.stderr)
    if missing:
        names = ", ".join(f"{q.flag} ({field_label(lang, q.field)})" for q in missing)
        print(MESSAGES(lang, "missing", fields=names), file=sys.stderr)
    return 1


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    now = now_of(args.now, settings)
    given = {q.option: getattr(args, q.option) for q in QUESTIONS}
    if all(given[q.option] for q in QUESTIONS if q.required):
        return _from_options(given, settings, now)
    values: dict[str, Any] = {}
    try:
        for q in QUESTIONS:
            values[q.field] = ask(q, given[q.option], settings, now)
    except EOFError:
        missing = [q for q in QUESTIONS if q.required and q.field not in values]
        return _aborted(lang, [q for q in missing if not given[q.option]])
    return register(values, settings)


def _from_options(given: dict[str, str | None], settings: Settings, now: datetime) -> int:
    """Register from the options alone, or refuse with every problem."""
    lang = settings.language
    values: dict[str, Any] = {}
    reasons = []
    for q in QUESTIONS:
        try:
            values[q.field] = answer_value(q, given[q.option] or "", settings, now)
        except InputError as exc:
            reasons.append(str(exc))
    return _refuse(lang, reasons) if reasons else register(values, settings)


def _named(lang: str, field: str, reason: str) -> str:
    """`telefoonnummer klant (customer.phone): reason`, as `klacht check` names a field."""
    label = field_label(lang, field)
    return f"{label} ({field}): {reason}" if label != field else f"{label}: {reason}"


def build_record(values: dict[str, Any], record_id: str) -> dict[str, Any]:
    """The record data: the id, then the answers in question order (empty ones left out)."""
    data: dict[str, Any] = {"id": record_id}
    for field, value in values.items():
        if value is not None:
            put(data, field, value)
    return data


def register(values: dict[str, Any], settings: Settings) -> int:
    """Check the whole record and write it under the next free number (the next again when a
    colleague took that one a moment ago)."""
    lang = settings.language
    year = int(values["received"][:4])
    record_id = ids.next_id(settings, year)
    for _race in range(20):
        path = settings.complaints_path / str(year) / f"{record_id}.yaml"
        shown = records.display_path(path, settings.root)
        text = writing.render(build_record(values, record_id))
        result = records.check_bytes(text.encode("utf-8"), shown, records.Env.of(settings))
        if result.problems:
            return _refuse(lang, [p.text(lang) for p in result.problems])
        try:
            writing.create(path, text)
        except FileExistsError:
            record_id = ids.next_id(settings, year, taken=[record_id])
            continue
        print(MESSAGES(lang, "written", id=record_id, path=shown))
        print(MESSAGES(lang, "next", id=record_id, path=shown), file=sys.stderr)
        return 0
    return 1
