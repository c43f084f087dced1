"""`klacht new`: register a complaint at once. Asks for the intake fields, checking each answer as it
is given and asking again until it is valid (or takes them all as options, and then refuses with
every problem); the library (`klacht.registering`) picks the number and writes the file. This
module only parses the options, asks and prints."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from klacht import cli
from klacht.cli import Parser
from klacht.cli.options import add_now, now_of
from klacht.config import Settings
from klacht.i18n import Catalog, field_label
from klacht.registering import (
    QUESTIONS,
    InputError,
    Question,
    Refused,
    answer_value,
    answers_of,
    choices,
    options_text,
    register,
)

MSG = Catalog(
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
        "ask.acknowledged": (
            "Ontvangst al bevestigd aan de klant? Wanneer (bijv. 24-11-2026 11:00; leeg = nog niet)",
            "Receipt already confirmed to the customer? When (e.g. 24-11-2026 11:00; empty = not "
            "yet)",
        ),
        "ask.acknowledged_by": ("Bevestigd per: {options}", "Confirmed by: {options}"),
        "free_text": ("vrije tekst", "free text"),
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
        "help.received": ("ontvangen op (standaard: nu)", "received at (default: now)"),
        "help.received_by": ("aangenomen door", "taken by"),
        "help.channel": (
            "telefoon, e-mail, brief, persoonlijk of anders",
            "phone, e-mail, letter, in person or other",
        ),
        "help.name": ("naam klant", "customer name"),
        "help.phone": ("telefoonnummer klant", "customer phone"),
        "help.email": ("e-mailadres klant", "customer e-mail"),
        "help.summary": ("korte omschrijving", "short description"),
        "help.category": ("categorie", "category"),
        "help.severity": ("normaal of ernstig", "normal or serious"),
        "help.acknowledged": (
            "ontvangst al bevestigd op (standaard: nog niet)",
            "receipt already confirmed at (default: not yet)",
        ),
        "help.acknowledged_by": (
            "bevestigd per e-mail, brief of telefoon",
            "confirmed by e-mail, letter or phone",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    for q in QUESTIONS:
        parser.add_argument(
            q.flag,
            metavar=cli.MSG(lang, f"metavar.{q.metavar}"),
            help=MSG(lang, f"help.{q.option}"),
        )
    add_now(parser)
    parser.set_defaults(func=run)


def prompt(question: Question, settings: Settings) -> str:
    """The question's text, with its choices by their labels."""
    lang = settings.language
    codes = choices(question.field, settings)
    options = options_text(lang, question.field, codes) if codes else MSG(lang, "free_text")
    return MSG(lang, f"ask.{question.option}", options=options)


def _read(text: str) -> str:
    """One answer from standard input after the prompt `text`; EOFError at the end of input."""
    print(f"{text}: ", end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


def ask(
    question: Question,
    given: str | None,
    settings: Settings,
    now: datetime,
    earlier: dict[str, Any] | None = None,
) -> Any:
    """The value of a question, asked again with the reason until the answer is valid; an
    option given on the command line counts as the first answer."""
    answer = given
    while True:
        if answer is None:
            answer = _read(prompt(question, settings))
        try:
            return answer_value(question, answer, settings, now, earlier)
        except InputError as exc:
            print(f"  {exc}", file=sys.stderr)
            answer = None


def _refuse(lang: str, reasons: list[str]) -> int:
    """Nothing is written: say why, one reason a line."""
    print(MSG(lang, "invalid"), file=sys.stderr)
    for reason in reasons:
        print(f"  {reason}", file=sys.stderr)
    return 1


def _aborted(lang: str, missing: list[Question]) -> int:
    """End of input: nothing is written; the required questions still unanswered are named."""
    print(file=sys.stderr)
    print(MSG(lang, "aborted"), file=sys.stderr)
    if missing:
        names = ", ".join(f"{q.flag} ({field_label(lang, q.field)})" for q in missing)
        print(MSG(lang, "missing", fields=names), file=sys.stderr)
    return 1


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    now = now_of(args.now, settings)
    given = {q.option: getattr(args, q.option) for q in QUESTIONS}
    values: dict[str, Any] = {}
    try:
        if all(given[q.option] for q in QUESTIONS if q.required):
            values = answers_of(given, settings, now)
        else:
            for q in QUESTIONS:
                if q.needs and values.get(q.needs) is None:
                    continue  # `acknowledged_by` only once `acknowledged` is answered
                values[q.field] = ask(q, given[q.option], settings, now, values)
        record_id, shown = register(values, settings)
    except EOFError:
        missing = [q for q in QUESTIONS if q.required and q.field not in values]
        return _aborted(lang, [q for q in missing if not given[q.option]])
    except Refused as exc:
        return _refuse(lang, exc.reasons)
    print(MSG(lang, "written", id=record_id, path=shown))
    print(MSG(lang, "next", id=record_id, path=shown), file=sys.stderr)
    return 0
