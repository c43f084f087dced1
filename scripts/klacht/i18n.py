"""Dutch and English text: a message catalogue per module, and the labels of record fields.

Every module keeps its messages in one `Catalog` named `MSG`; a message is a pair (Dutch,
English) with `str.format` placeholders, called as `MSG(lang, "key", **args)` with the key written
out, so that tests/test_catalogs.py can check it. Dutch is the default language, English is one
setting away.

Plurals, one rule: a message about a count takes it as `n`; its key holds the general form
(`"files": "{n} klachtbestanden"`) and `<key>_1` the form for exactly one (`"files_1"`), used when
`n == 1`. Dutch and English both have just these two forms. `{n}` is shown as the language writes
numbers (`1.234`, `2,5` in Dutch), as are `number` and `percent`; month names come from Babel.
Babel is imported only when a number with decimals, a percentage or a month name is written: a
whole number takes the language's thousands separator from `GROUP` (Babel's, as
tests/test_catalogs.py checks), since importing Babel costs `klacht check` a fifth of a warm run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

# The thousands separator of each language, as Babel writes it (`1.234` and `1,234`).
GROUP = {"nl": ".", "en": ","}


class Catalog:
    """Messages of one module, by key, in Dutch and English."""

    def __init__(self, messages: Mapping[str, tuple[str, str]]) -> None:
        self._messages = dict(messages)

    def __contains__(self, key: str) -> bool:
        return key in self._messages

    def __iter__(self) -> Iterator[str]:
        return iter(self._messages)

    def pair(self, key: str) -> tuple[str, str]:
        """The Dutch and English text of `key`, unformatted."""
        return self._messages[key]

    def __call__(self, lang: str, key: str, /, **args: object) -> str:
        n = args.get("n")
        if isinstance(n, int | float) and not isinstance(n, bool):
            if n == 1 and f"{key}_1" in self._messages:
                key = f"{key}_1"
            args["n"] = number(lang, n)
        nl, en = self._messages[key]
        return (en if lang == "en" else nl).format(**args)


def number(lang: str, value: float, decimals: int | None = None) -> str:
    """A number as the language writes it: `1.234,5` in Dutch, `1,234.5` in English; with exactly
    `decimals` decimals, or else as many as it has (up to three)."""
    if isinstance(value, int) and not decimals:
        return f"{value:,}".replace(",", GROUP[lang])
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, pattern, locale=lang)


def percent(lang: str, fraction: float) -> str:
    """A fraction as a whole percentage: `0.875` -> `88%`."""
    from babel.numbers import format_percent

    return format_percent(fraction, locale=lang)


@cache
def month_names(lang: str) -> tuple[str, ...]:
    """The abbreviated month names, January first: `jan` ... `dec` in Dutch, `Jan` in English."""
    from babel.dates import get_month_names

    return tuple(get_month_names("abbreviated", "stand-alone", lang).values())


def field_name(lang: str, path: str) -> str:
    """A field as messages name it: its label with its path, `naam klant (customer.name)`; a path
    without a label stands alone."""
    label = field_label(lang, path)
    return path if label == path else f"{label} ({path})"


# Labels of record fields, by dotted path (list items drop their index: prevention.measures.due).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id": ("nummer", "number"),
    "received": ("ontvangen", "received"),
    "received_by": ("aangenomen door", "taken by"),
    "channel": ("kanaal", "channel"),
    "customer": ("klant", "customer"),
    "customer.name": ("naam klant", "customer name"),
    "customer.phone": ("telefoonnummer klant", "customer phone"),
    "customer.email": ("e-mailadres klant", "customer e-mail"),
    "summary": ("omschrijving", "description"),
    "category": ("categorie", "category"),
    "severity": ("ernst", "severity"),
    "acknowledged": ("ontvangst bevestigd", "receipt confirmed"),
    "acknowledged_by": ("ontvangst bevestigd per", "receipt confirmed by"),
    "triage": ("beoordeling (48 uur)", "triage (48 hours)"),
    "triage.decision": ("besluit", "decision"),
    "triage.at": ("beoordeeld op", "triaged at"),
    "triage.by": ("beoordeeld door", "triaged by"),
    "handling": ("afhandeling", "handling"),
    "handling.handler": ("behandelaar", "handler"),
    "handling.cause": ("oorzaak", "cause"),
    "handling.solution": ("oplossing", "solution"),
    "handling.customer_agrees": ("klant akkoord", "customer agrees"),
    "handling.date": ("datum afhandeling", "handling date"),
    "prevention": ("preventie", "prevention"),
    "prevention.needed": ("maatregelen nodig", "measures needed"),
    "prevention.measures": ("maatregelen", "measures"),
    "prevention.measures.action": ("maatregel", "measure"),
    "prevention.measures.owner": ("eigenaar", "owner"),
    "prevention.measures.due": ("uiterlijk", "due"),
    "prevention.measures.done": ("uitgevoerd op", "done on"),
    "pauses": ("pauzes", "pauses"),
    "pauses.from": ("pauze vanaf", "paused from"),
    "pauses.to": ("pauze tot", "paused until"),
    "pauses.reason": ("reden pauze", "reason for pause"),
    "mediation": ("bemiddeling", "mediation"),
    "mediation.referred": ("doorverwezen op", "referred on"),
    "mediation.mediator": ("bemiddelaar", "mediator"),
    "mediation.ruling": ("uitspraak", "ruling"),
    "mediation.ruling_date": ("datum uitspraak", "ruling date"),
    "corrections": ("correcties", "corrections"),
    "corrections.date": ("datum correctie", "correction date"),
    "corrections.by": ("gecorrigeerd door", "corrected by"),
    "corrections.reason": ("reden correctie", "reason for correction"),
    "documents": ("documenten", "documents"),
    "documents.file": ("bestand", "file"),
    "documents.title": ("titel document", "document title"),
    "documents.date": ("datum document", "document date"),
    "documents_removed": ("documenten verwijderd", "documents removed"),
    "closed": ("gesloten", "closed"),
    "withdrawn": ("ingetrokken", "withdrawn"),
    "withdrawn.date": ("datum intrekking", "withdrawal date"),
    "withdrawn.reason": ("reden intrekking", "reason for withdrawal"),
    "legal_hold": ("juridische bewaarplicht", "legal hold"),
    "legal_hold.since": ("bewaarplicht sinds", "legal hold since"),
    "legal_hold.reason": ("reden bewaarplicht", "reason for legal hold"),
    "legal_hold.lifted": ("bewaarplicht opgeheven", "legal hold lifted"),
    "anonymized": ("geanonimiseerd", "anonymized"),
}

# Values of enumerations, by field.
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "channel": {
        "phone": ("telefoon", "phone"),
        "email": ("e-mail", "e-mail"),
        "letter": ("brief", "letter"),
        "in_person": ("persoonlijk", "in person"),
        "other": ("anders", "other"),
    },
    "severity": {"normal": ("normaal", "normal"), "serious": ("ernstig", "serious")},
    "acknowledged_by": {
        "email": ("e-mail", "e-mail"),
        "letter": ("brief", "letter"),
        "phone": ("telefoon", "phone"),
    },
    "triage.decision": {
        "self": ("zelf afgehandeld", "handled by taker"),
        "director": ("naar directeur", "passed to director"),
    },
    "category": {
        "communication": ("communicatie", "communication"),
        "quality": ("kwaliteit", "quality"),
        "timeliness": ("tijdigheid", "timeliness"),
        "invoice": ("factuur", "invoice"),
        "privacy": ("privacy", "privacy"),
        "conduct": ("bejegening", "conduct"),
        "other": ("overig", "other"),
    },
}


def generic_path(path: str) -> str:
    """`prevention.measures.0.due` -> `prevention.measures.due` (list indexes dropped)."""
    return ".".join(part for part in path.split(".") if not part.isdigit())


def field_label(lang: str, path: str) -> str:
    """The human label of a field path, falling back to the path itself."""
    pair = FIELD_LABELS.get(generic_path(path))
    if pair is None:
        return path
    return pair[1] if lang == "en" else pair[0]


def value_label(lang: str, path: str, value: str) -> str:
    """The human label of an enumerated value (a category, a channel), or the value itself."""
    pair = VALUE_LABELS.get(generic_path(path), {}).get(value)
    if pair is None:
        return value
    return pair[1] if lang == "en" else pair[0]


def value_text(lang: str, path: str, value: object) -> str:
    """A record value for people: `ja`/`nee` for true/false, the label of an enumerated value,
    anything else as written."""
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nee")
    if value in ([], {}):
        return ""
    return value_label(lang, path, str(value))
