"""Dutch and English text: a message catalogue per module, and the labels of record fields.

Each module keeps its own messages in a `Catalog`; a message is a pair (Dutch, English) with
`str.format` placeholders. Dutch is the default language, English is one setting away. A message
with a count `n` may have a singular form under `<key>_1`, used when `n` is 1.
"""

from __future__ import annotations

from collections.abc import Mapping


class Catalog:
    """Messages of one module, by key, in Dutch and English."""

    def __init__(self, messages: Mapping[str, tuple[str, str]]) -> None:
        self._messages = dict(messages)

    def __contains__(self, key: str) -> bool:
        return key in self._messages

    def keys(self) -> list[str]:
        return list(self._messages)

    def __call__(self, lang: str, key: str, /, **args: object) -> str:
        if args.get("n") == 1 and f"{key}_1" in self._messages:
            key = f"{key}_1"
        nl, en = self._messages[key]
        return (en if lang == "en" else nl).format(**args)


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
    "closed": ("gesloten", "closed"),
    "withdrawn": ("ingetrokken", "withdrawn"),
    "withdrawn.date": ("datum intrekking", "withdrawal date"),
    "withdrawn.reason": ("reden intrekking", "reason for withdrawal"),
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
