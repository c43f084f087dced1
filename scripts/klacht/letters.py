"""Letters to the customer (SPEC §8): the acknowledgement of receipt (`ontvangst`) and the outcome
(`afhandeling`), rendered from the templates `brieven/<language>/<kind>.txt` (a register's own
under `sjablonen/` win) with the firm's name, address and signature from
`[tool.klacht.letters]`. A letter that does not fit the record yet is refused with the reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote

from klacht import deadlines, privacy
from klacht.config import Settings
from klacht.i18n import Catalog, value_label
from klacht.model import Complaint
from klacht.status import Status, status

KINDS = ("ontvangst", "afhandeling")
# Some versions of Outlook open no `mailto:` link longer than about 2,000 characters.
MAILTO_LIMIT = 2000
KEYS = ("firm", "address", "signature", "email", "phone", "mediator")
MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

MSG = Catalog(
    {
        "subject_ontvangst": (
            "Ontvangstbevestiging van uw klacht {id}",
            "Acknowledgement of your complaint {id}",
        ),
        "subject_afhandeling": ("Afhandeling van uw klacht {id}", "Outcome of your complaint {id}"),
        "withdrawn": (
            "{id} is ingetrokken (geregistreerd in fout); daar hoort geen brief bij.",
            "{id} is withdrawn (registered in error); no letter belongs to it.",
        ),
        "anonymized": (
            "{id} is geanonimiseerd: naam en adres van de klant zijn er niet meer.",
            "{id} is anonymized: the customer's name and address are gone.",
        ),
        "closed": (
            "{id} is al afgehandeld; stuur de brief 'afhandeling' in plaats van een "
            "ontvangstbevestiging.",
            "{id} is already handled; send the letter 'afhandeling' instead of an acknowledgement.",
        ),
        "unhandled": (
            "{id} is nog niet afgehandeld: {missing} ontbreekt in het klachtbestand. Vul de "
            "afhandeling in en probeer het opnieuw.",
            "{id} is not handled yet: {missing} is missing from the complaint file. Fill in the "
            "handling and try again.",
        ),
        "no_email": (
            "{id} heeft geen e-mailadres van de klant (customer.email); maak de brief als tekst.",
            "{id} has no customer e-mail address (customer.email); make the letter as text.",
        ),
        "bad_email": (
            "{id}: het e-mailadres van de klant ({email}) is geen geldig adres.",
            "{id}: the customer's e-mail address ({email}) is not a valid address.",
        ),
        "no_firm": (
            "pyproject.toml: [tool.klacht.letters] firm ontbreekt: de naam van uw organisatie "
            "onder de brief. Zie de README onder 'Brieven aan de klant'.",
            "pyproject.toml: [tool.klacht.letters] firm is missing: your organisation's name "
            "under the letter. See the README under 'Letters to the customer'.",
        ),
        "unknown": (
            "pyproject.toml: onbekende instelling [tool.klacht.letters] {key}",
            "pyproject.toml: unknown setting [tool.klacht.letters] {key}",
        ),
        "not_text": (
            "pyproject.toml: [tool.klacht.letters] {key} moet een tekst zijn",
            "pyproject.toml: [tool.klacht.letters] {key} must be a text",
        ),
        "cut": (
            "[Ingekort voor het e-mailprogramma. De volledige brief staat op de briefpagina "
            "van {id} in het klachtenregister: kopieer hem daarvandaan.]",
            "[Shortened for the mail program. The full letter is on the letter page of {id} in "
            "the complaints register: copy it from there.]",
        ),
    }
)


class NotReady(Exception):
    """The record is not ready for this letter (exit 1): a key of MSG and its values."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return MSG(lang, self.key, **self.values)


class LetterSettingsError(NotReady):
    """`[tool.klacht.letters]` is incomplete or wrong (exit 2)."""


@dataclass(frozen=True)
class Letter:
    """A letter ready to send: `to_email` is "" when the record has no customer e-mail."""

    kind: str
    complaint_id: str
    to_name: str
    to_email: str
    sender: str
    subject: str
    body: str


def firm_of(table: Mapping[str, Any]) -> dict[str, str]:
    """The firm's details from `[tool.klacht.letters]`: the name is required."""
    for key, value in table.items():
        if key not in KEYS:
            raise LetterSettingsError("unknown", key=key)
        if not isinstance(value, str):
            raise LetterSettingsError("not_text", key=key)
    if not str(table.get("firm", "")).strip():
        raise LetterSettingsError("no_firm")
    return {key: str(table.get(key, "")).strip() for key in KEYS}


def long_date(day: date | datetime, lang: str) -> str:
    """`18 november 2026` / `18 November 2026`."""
    return f"{day.day} {MONTHS['en' if lang == 'en' else 'nl'][day.month - 1]} {day.year}"


def one_line(text: str) -> str:
    """A name for a salutation or a header: whitespace, line breaks too, folded to spaces."""
    return " ".join(text.split())


def check_ready(c: Complaint, kind: str) -> None:
    """NotReady when `kind` does not fit the record: withdrawn, anonymized, an acknowledgement
    of a handled complaint, an outcome without a solution and a handling date."""
    current = status(c)
    if current == Status.WITHDRAWN:
        raise NotReady("withdrawn", id=c.id)
    if c.anonymized is not None:
        raise NotReady("anonymized", id=c.id)
    if kind == "ontvangst" and current == Status.CLOSED:
        raise NotReady("closed", id=c.id)
    if kind == "afhandeling":
        handling = c.handling
        missing = [
            name
            for name, value in (
                ("handling.solution", handling and handling.solution),
                ("handling.date", handling and handling.date),
            )
            if not value
        ]
        if missing:
            raise NotReady("unhandled", id=c.id, missing=", ".join(missing))


def compose(c: Complaint, kind: str, settings: Settings, now: datetime) -> Letter:
    """The letter `kind` for complaint `c` on the day of `now`; NotReady when the record is not
    ready for it, LetterSettingsError when the firm's details are missing."""
    from klacht import templating  # Jinja2 only for the commands that write

    check_ready(c, kind)
    firm = firm_of(settings.letters)
    lang = settings.language
    tz = settings.tz
    clocks = {d.clock: d for d in deadlines.for_complaint(c, settings, now)}
    triage, resolution = clocks.get("triage"), clocks.get("resolution")
    handler = (c.handling.handler if c.handling else None) or (
        c.triage.by if c.triage else c.received_by
    )
    context = {
        "firm": firm,
        "id": c.id,
        "today": long_date(now.astimezone(tz), lang),
        "customer": one_line(c.customer.name),
        "received": long_date(c.received.astimezone(tz), lang),
        "channel": value_label(lang, "channel", c.channel) if c.channel else "",
        "summary": c.summary.strip(),
        "handler": one_line(handler),
        "passed_to_director": bool(c.triage and c.triage.decision == "director"),
        "triage_due": long_date(triage.due.astimezone(tz), lang) if triage and triage.due else "",
        "resolution_due": (
            long_date(deadlines.due_local(resolution, settings), lang)
            if resolution and resolution.due
            else ""
        ),
        "solution": (c.handling.solution or "").strip() if c.handling else "",
        "handled": long_date(c.handling.date, lang) if c.handling and c.handling.date else "",
        "customer_agrees": c.handling.customer_agrees if c.handling else None,
        "mediator": firm["mediator"],
        "referred": bool(c.mediation),
    }
    body = templating.render(settings.root, f"brieven/{lang}/{kind}.txt", context)
    return Letter(
        kind=kind,
        complaint_id=c.id,
        to_name=one_line(c.customer.name),
        to_email=(c.customer.email or "").strip(),
        sender=firm["email"] or str(settings.mail.get("from", "")),
        subject=MSG(lang, f"subject_{kind}", id=c.id),
        body=body,
    )


def eml(letter: Letter, now: datetime, lang: str) -> EmailMessage:
    """The letter as a draft e-mail (`X-Unsent: 1`: Outlook opens it to edit and send; so does
    Thunderbird's "Edit as new"); NotReady without a valid customer e-mail address. The
    addresses go through `email.headerregistry`, so no text from the record makes a header."""
    if not letter.to_email:
        raise NotReady("no_email", id=letter.complaint_id)
    try:
        to = Address(display_name=letter.to_name, addr_spec=letter.to_email)
    except (ValueError, IndexError):
        raise NotReady("bad_email", id=letter.complaint_id, email=letter.to_email) from None
    msg = EmailMessage()
    msg["X-Unsent"] = "1"
    msg["To"] = to
    if letter.sender:
        msg["From"] = letter.sender
    msg["Subject"] = letter.subject
    msg["Date"] = format_datetime(now)
    msg.set_content(letter.body)
    return msg


def mailto(letter: Letter, lang: str = "nl", limit: int = MAILTO_LIMIT) -> str:
    """A `mailto:` link that opens the letter as a new message in the mail program (RFC 6068);
    "" without a customer e-mail address. A link longer than `limit` characters carries the
    letter's beginning, cut at a word, and a note to the sender that the whole letter is on the
    letter page."""
    if not letter.to_email:
        return ""
    head = (
        f"mailto:{quote(letter.to_email, safe='@')}?subject={quote(letter.subject, safe='')}&body="
    )
    body = letter.body.replace("\r\n", "\n").replace("\n", "\r\n")
    if len(head) + len(quote(body, safe="")) <= limit:
        return head + quote(body, safe="")
    note = "…\r\n\r\n" + MSG(lang, "cut", id=letter.complaint_id)
    room = limit - len(head) - len(quote(note, safe=""))
    low, high = 0, len(body)  # the longest beginning of the body that fits in `room`
    while low < high:
        middle = (low + high + 1) // 2
        if len(quote(body[:middle], safe="")) <= room:
            low = middle
        else:
            high = middle - 1
    kept = body[:low]
    if low < len(body) and not body[low].isspace() and " " in kept:
        kept = kept[: kept.rindex(" ")]
    return head + quote(kept.rstrip() + note, safe="")


def ready(c: Complaint, settings: Settings, now: datetime) -> tuple[Letter, ...]:
    """The letters that fit the record now, for the site: none without the firm's name in the
    settings, none for a letter whose template fails (`klacht brief` names the mistake)."""
    from klacht import templating

    customer = c.customer
    if not settings.letters.get("firm") or any(
        privacy.hidden(v) for v in (customer.name, customer.phone, customer.email)
    ):
        return ()  # (hidden: encrypted without a key here, or erased)
    found = []
    for kind in KINDS:
        try:
            found.append(compose(c, kind, settings, now))
        except (NotReady, LetterSettingsError, templating.TemplateProblem):
            continue
    return tuple(found)


def offered(letters: Sequence[Letter], lang: str) -> tuple[tuple[str, str], ...]:
    """The letters as (kind, `mailto:` link), those to a customer with an e-mail address."""
    return tuple((x.kind, mailto(x, lang)) for x in letters if x.to_email)
