"""The optional privacy mode (SPEC §10): the customer's identity encrypted per cohort with age.

With `[tool.klacht.privacy] encrypt = true`, `customer.name`, `customer.phone` and
`customer.email` are stored as `age:<base64 of an age file>`, encrypted to the public key
(`keys/<year>.pub`, an age recipient) of the complaint's cohort, the year it was received.
Destroying every copy of a cohort's secret identity erases those fields from every commit.

The secret identities come only from the file named by the environment variable
KLACHT_IDENTITIES (as `age -i` reads it: one `AGE-SECRET-KEY-1…` a line, `#` comments). They are
read when a `Keyring` is made, held in memory for that command only, and never written, cached
or shown; no message quotes a line of that file.

The age format itself is `pyrage`'s (the `privacy` extra), imported only where a value is
encrypted or decrypted: a core install (`klacht check` in the pre-commit hook) reads an
encrypted register as one without keys.

For other files (documents): `encrypt_bytes`/`decrypt_bytes` work on whole age files, and
`cohort_recipient` gives the public key of a cohort.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from klacht.config import Settings
from klacht.i18n import Catalog

PREFIX = "age:"
# The fields stored encrypted, and their keys under `customer`.
FIELDS = ("customer.name", "customer.phone", "customer.email")
KEYS = tuple(f.rsplit(".", 1)[1] for f in FIELDS)
MAGIC = b"age-encryption.org/v1\n"
SECRET_PREFIX = "AGE-SECRET-KEY-1"
ENVIRONMENT = "KLACHT_IDENTITIES"
SHRED_SUFFIX = ".shredded.yaml"
_BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")

MSG = Catalog(
    {
        "encrypted": ("[versleuteld]", "[encrypted]"),
        "erased": ("[verwijderd]", "[erased]"),
        "no_pyrage": (
            "de privacymodus heeft het pakket pyrage nodig: pip install 'klachtenregister[privacy]'",
            "privacy mode needs the package pyrage: pip install 'klachtenregister[privacy]'",
        ),
        "no_key": (
            "geen publieke sleutel voor {year}: {path} ontbreekt; maak hem met: klacht keys new "
            "{year}",
            "no public key for {year}: {path} is missing; make it with: klacht keys new {year}",
        ),
        "shredded_key": (
            "de sleutel van {year} is vernietigd (klacht shred); er kan niets meer naar worden "
            "versleuteld",
            "the key of {year} was destroyed (klacht shred); nothing can be encrypted to it",
        ),
        "bad_key": (
            "{path} is geen publieke age-sleutel (age1…); maak hem opnieuw met klacht keys new",
            "{path} is not a public age key (age1…); make it again with klacht keys new",
        ),
        "identities_unreadable": (
            "{variable} noemt {path}, maar dat bestand kan niet gelezen worden ({reason})",
            "{variable} names {path}, but that file cannot be read ({reason})",
        ),
        "identity_line": (
            "{variable}: regel {line} van {path} is geen geheime age-sleutel (AGE-SECRET-KEY-1…); "
            "de regel wordt niet getoond",
            "{variable}: line {line} of {path} is not a secret age key (AGE-SECRET-KEY-1…); the "
            "line is not shown",
        ),
    }
)


class PrivacyError(ValueError):
    """A key that cannot be used: str() is the translated reason (never a secret)."""


def _pyrage(lang: str) -> Any:
    try:
        import pyrage
    except ModuleNotFoundError:
        raise PrivacyError(MSG(lang, "no_pyrage")) from None
    return pyrage


def available() -> bool:
    """Whether age can be used here (the `privacy` extra is installed)."""
    try:
        import pyrage  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


# --- Values and files ----------------------------------------------------------------------


def encrypt_bytes(data: bytes, recipient: str) -> bytes:
    """An age file (binary) of `data` for one recipient (`age1…`)."""
    pyrage = _pyrage("en")
    return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(recipient)])


def decrypt_bytes(data: bytes, identities: Sequence[Any]) -> bytes:
    """The contents of an age file; `pyrage.DecryptError` when no identity opens it or it is
    damaged."""
    return _pyrage("en").decrypt(data, list(identities))


def encrypt(text: str, recipient: str) -> str:
    """A stored value: `age:` and the base64 of an age file of `text` for `recipient`."""
    return PREFIX + base64.b64encode(encrypt_bytes(text.encode("utf-8"), recipient)).decode()


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def ciphertext(value: str) -> bytes | None:
    """The age file inside a stored value; None when it is not one (bad base64, no age header)."""
    body = value[len(PREFIX) :]
    if not _BASE64.match(body):
        return None
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if raw.startswith(MAGIC) else None


def decrypt(value: str, identities: Sequence[Any]) -> str:
    """The text of a stored value; ValueError when it is no age value or does not decrypt to
    text with these identities."""
    raw = ciphertext(value)
    if raw is None:
        raise ValueError("not an age value")
    return decrypt_bytes(raw, identities).decode("utf-8")


# --- Keys ------------------------------------------------------------------------------------


def new_identity() -> tuple[str, str]:
    """A new key pair: (secret identity `AGE-SECRET-KEY-1…`, public recipient `age1…`)."""
    identity = _pyrage("en").x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def fingerprint(recipient: str) -> str:
    """A short name of a public key, to record which key was destroyed: `sha256:` and 16 hex
    digits of its text."""
    return "sha256:" + hashlib.sha256(recipient.strip().encode("ascii")).hexdigest()[:16]


def keys_path(settings: Settings) -> Path:
    return settings.root / str(settings.privacy.get("keys_dir", "keys"))


def encrypting(settings: Settings) -> bool:
    """Whether new and changed identity fields are stored encrypted."""
    return settings.privacy.get("encrypt") is True


def public_key_file(settings: Settings, year: int) -> Path:
    return keys_path(settings) / f"{year}.pub"


def cohort_recipient(settings: Settings, year: int) -> str:
    """The public key of a cohort; PrivacyError when it is missing, shredded or no key."""
    lang = settings.language
    path = public_key_file(settings, year)
    shown = path.relative_to(settings.root).as_posix()
    if year in shred_records(settings):
        raise PrivacyError(MSG(lang, "shredded_key", year=year))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise PrivacyError(MSG(lang, "no_key", year=year, path=shown)) from None
    lines = [s.strip() for s in text.splitlines() if s.strip() and not s.startswith("#")]
    pyrage = _pyrage(lang)
    try:
        return str(pyrage.x25519.Recipient.from_str(lines[0]))
    except (IndexError, pyrage.RecipientError, ValueError):
        raise PrivacyError(MSG(lang, "bad_key", path=shown)) from None


def form_keys(settings: Settings, lang: str) -> dict[str, Any] | None:
    """What the site's new-complaint form needs to encrypt in the browser: the public key of
    every cohort that has one (not shredded), by year, the message for a year without, and the
    messages of `klacht check` for a summary that names the customer or holds a phone number or
    e-mail address (the form checks that before it encrypts); None when privacy mode is off."""
    if not encrypting(settings):
        return None
    recipients = {}
    shredded = shred_records(settings)
    for path in sorted(keys_path(settings).glob("*.pub")):
        if path.stem.isdigit() and int(path.stem) not in shredded:
            with contextlib.suppress(PrivacyError):
                recipients[path.stem] = cohort_recipient(settings, int(path.stem))
    shown = keys_path(settings).relative_to(settings.root).as_posix() + "/{year}.pub"
    from klacht.problems import Problem

    in_text = {
        "name": Problem("", 1, 1, "privacy.name_in_text", {}, "summary").text(lang),
        "phone": Problem("", 1, 1, "privacy.phone_in_text", {}, "summary").text(lang),
        "email": Problem("", 1, 1, "privacy.email_in_text", {}, "summary").text(lang),
    }
    return {
        "recipients": recipients,
        "no_key": MSG(lang, "no_key", year="{year}", path=shown),
        "in_text": in_text,
    }


def read_identities(path: str, lang: str) -> list[Any]:
    """The age identities in a file as `age -i` reads it; PrivacyError naming a bad line by its
    number only."""
    pyrage = _pyrage(lang)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        args = {"variable": ENVIRONMENT, "path": path, "reason": reason}
        raise PrivacyError(MSG(lang, "identities_unreadable", **args)) from None
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            found.append(pyrage.x25519.Identity.from_str(line))
        except (pyrage.IdentityError, ValueError):
            args = {"variable": ENVIRONMENT, "path": path, "line": number}
            raise PrivacyError(MSG(lang, "identity_line", **args)) from None
    return found


# --- Shred records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shred:
    """The record that a cohort's key was destroyed: no personal data. `carried`: the complaints
    encrypted anew to cohort `carried_to`'s key before, which stay readable."""

    cohort: int
    key: str
    date: str
    by: str
    carried: tuple[str, ...] = ()
    carried_to: int | None = None  # the cohort whose key the carried complaints now have


def shred_file(settings: Settings, year: int) -> Path:
    return keys_path(settings) / f"{year}{SHRED_SUFFIX}"


def shred_text(shred: Shred) -> str:
    """The file text of a shred record."""
    from klacht import writing

    data: dict[str, Any] = {
        "cohort": shred.cohort,
        "key": shred.key,
        "date": shred.date,
        "by": writing.Quoted(shred.by),
        "carried": list(shred.carried),
        "carried_to": shred.carried_to,
    }
    return "# Sleutel vernietigd met klacht shred / key destroyed by klacht shred\n" + (
        writing.render(data).removeprefix(writing.HEADER)
    )


def parse_shred(raw: bytes) -> Shred | None:
    """A shred record from its file's bytes; None when it is not one."""
    from klacht import loader

    try:
        data = loader.load(raw, 1 << 20)
        carried = data.get("carried") or []
        return Shred(
            int(data["cohort"]),
            str(data["key"]),
            str(data["date"]),
            str(data["by"]),
            tuple(str(c) for c in carried),
            int(data["carried_to"]) if data.get("carried_to") is not None else None,
        )
    except (loader.LoadError, KeyError, TypeError, ValueError, AttributeError):
        return None


def shred_records(settings: Settings) -> dict[int, Shred]:
    """The shredded cohorts of the register, by year."""
    folder = keys_path(settings)
    found = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    for name in names:
        if name.endswith(SHRED_SUFFIX):
            try:
                shred = parse_shred((folder / name).read_bytes())
            except OSError:
                continue
            if shred is not None:
                found[shred.cohort] = shred
    return found


# --- Reading: the keyring of one command ---------------------------------------------------


class Hidden(str):
    """A placeholder shown for a value that cannot be read (`[versleuteld]`, `[verwijderd]`):
    never compared as a customer's name or number."""


def hidden(value: object) -> bool:
    return isinstance(value, Hidden)


@dataclass
class Keyring:
    """What one command can read: the identities of KLACHT_IDENTITIES (less those of shredded
    cohorts), the shred records, and the values decrypted so far (in memory only)."""

    lang: str
    active: bool = False
    identities: list[Any] = field(default_factory=list)
    shredded: dict[int, Shred] = field(default_factory=dict)
    _memo: dict[str, tuple[str | None, bool]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, settings: Settings) -> Keyring:
        """The keyring of the register: active when privacy mode is on or the keys folder
        exists. PrivacyError when KLACHT_IDENTITIES names a file that cannot be used."""
        lang = settings.language
        if not (encrypting(settings) or keys_path(settings).is_dir()):
            return cls(lang)
        shredded = shred_records(settings)
        identities: list[Any] = []
        path = os.environ.get(ENVIRONMENT)
        if path:
            gone = {s.key for s in shredded.values()}
            identities = [
                i
                for i in read_identities(path, lang)
                if fingerprint(str(i.to_public())) not in gone
            ]
        return cls(lang, True, identities, shredded)

    @property
    def can_decrypt(self) -> bool:
        return bool(self.identities)

    def cohort(self, year: int, record_id: str) -> int:
        """The cohort whose key a complaint received in `year` is encrypted to: its own, or
        the one it was carried to when its own was shredded (again and again)."""
        seen = set()
        while (shred := self.shredded.get(year)) and record_id in shred.carried:
            if shred.carried_to is None or year in seen:
                break
            seen.add(year)
            year = shred.carried_to
        return year

    def erased(self, year: int, record_id: str) -> bool:
        """Whether the values of this complaint were erased with its cohort's key."""
        shred = self.shredded.get(self.cohort(year, record_id))
        return shred is not None and record_id not in shred.carried

    def opened(self, value: str) -> tuple[str | None, bool]:
        """(the text of an encrypted value or None, whether the value is damaged): None and
        False when none of these keys opens it (or there are none)."""
        if value not in self._memo:
            self._memo[value] = self._open(value)
        return self._memo[value]

    def _open(self, value: str) -> tuple[str | None, bool]:
        """`_open` with one identity at a time, the one that opened the last value first: a
        register's files come year by year, so most values in a row are one cohort's, and age
        tries every identity it is given (a key exchange each)."""
        for i, identity in enumerate(self.identities):
            text, damaged = _open(value, [identity])
            if text is not None or damaged:
                if text is not None and i:
                    self.identities.insert(0, self.identities.pop(i))
                return text, damaged
        return _open(value, [])

    def plaintext(self, value: str) -> str | None:
        """The text of an encrypted value, or None when it cannot be read with these keys."""
        return self.opened(value)[0]

    def reveal(self, value: Any, year: int, record_id: str) -> Any:
        """A value for people: the plaintext, `[versleuteld]` without a key, `[verwijderd]`
        after the cohort was shredded; a value that is not encrypted as it is."""
        if not is_encrypted(value):
            return value
        if self.erased(year, record_id):
            return Hidden(MSG(self.lang, "erased"))
        text = self.plaintext(value)
        return Hidden(MSG(self.lang, "encrypted")) if text is None else text

    def reveal_data(self, data: dict[str, Any], year: int, record_id: str) -> dict[str, Any]:
        """Record data with its identity fields revealed (a copy; `data` is left as it is)."""
        customer = data.get("customer")
        if not self.active or not isinstance(customer, dict):
            return data
        if not any(is_encrypted(customer.get(k)) for k in KEYS):
            return data
        shown = {k: self.reveal(v, year, record_id) for k, v in customer.items()}
        return {**data, "customer": shown}

    def reveal_complaint(self, complaint: Any) -> Any:
        """A `model.Complaint` with its customer revealed."""
        customer = complaint.customer
        if not self.active or not any(is_encrypted(getattr(customer, k)) for k in KEYS):
            return complaint
        year, cid = complaint.received.year, complaint.id
        shown = {k: self.reveal(getattr(customer, k), year, cid) for k in KEYS}
        return replace(complaint, customer=replace(customer, **shown))

    def reveal_changes(self, record_id: str, changes: list[Any]) -> list[Any]:
        """A complaint's `history.Change`s with encrypted identity values revealed; a value only
        encrypted anew (`klacht encrypt`, `klacht shred --carry`) is no change to show."""
        year = int(record_id.split("-")[1]) if record_id.count("-") == 2 else 0
        shown = []
        for change in changes:
            if not any(is_encrypted(f.old) or is_encrypted(f.new) for f in change.fields):
                shown.append(change)
                continue
            fields = []
            for f in change.fields:
                old, new = self.reveal(f.old, year, record_id), self.reveal(f.new, year, record_id)
                if old != new or old is f.old:
                    fields.append(replace(f, old=old, new=new))
            shown.append(replace(change, fields=tuple(fields)))
        return shown


def _open(value: str, identities: Sequence[Any]) -> tuple[str | None, bool]:
    """See `Keyring.opened`."""
    raw = ciphertext(value)
    if raw is None:
        return None, True
    if not identities:
        return None, False
    try:
        return decrypt_bytes(raw, identities).decode("utf-8"), False
    except UnicodeDecodeError:
        return None, True
    except Exception as exc:  # noqa: BLE001 - pyrage.DecryptError: no key of ours, or damaged
        return None, "no matching keys" not in str(exc).lower()


# --- Checks that need the plaintext ----------------------------------------------------------

# Free text that stays readable in privacy mode: it must not name the customer.
FREE_TEXT = ("summary", "handling.cause", "handling.solution")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DIGITS = re.compile(r"\d")


def text_findings(data: dict[str, Any], region: str) -> list[Any]:
    """The findings of free text in plaintext record data that names its customer or holds a
    phone number or e-mail address (for a record about to be encrypted)."""
    customer = data.get("customer")
    name = customer.get("name") if isinstance(customer, dict) else None
    return _named_in_text(data, name if isinstance(name, str) else None, region)


def _year(data: dict[str, Any]) -> int | None:
    text = str(data.get("received") or "")[:4]
    return int(text) if text.isdigit() else None


def findings(data: dict[str, Any], keys: Keyring, encrypt: bool, region: str) -> list[Any]:
    """The privacy findings of a valid record, as `rules` gives them (field, code, arguments,
    where): a damaged encrypted value; with privacy mode on, an identity field in plaintext;
    with the key, a phone number that is not valid; in privacy mode, free text that names the
    customer or holds a phone number or e-mail address. No finding quotes a value."""
    customer = data.get("customer")
    year, record_id = _year(data), str(data.get("id"))
    if not isinstance(customer, dict) or year is None:
        return []
    found: list[Any] = []
    plain: dict[str, str] = {}
    anonymized = data.get("anonymized") is not None
    for key in KEYS:
        value, path = customer.get(key), f"customer.{key}"
        if not isinstance(value, str) or not value:
            continue
        if not is_encrypted(value):
            if encrypt and not anonymized:
                found.append((path, "privacy.plaintext", {}, "value"))
            plain[key] = value
            continue
        if keys.erased(year, record_id):
            continue
        text, damaged = keys.opened(value)
        if damaged:
            found.append((path, "privacy.damaged", {}, "value"))
        elif text is not None:
            plain[key] = text
    phone = plain.get("phone")
    if phone is not None and is_encrypted(customer.get("phone")):
        from klacht import phones

        if phones.parse(phone, region) is None:
            found.append(("customer.phone", "privacy.phone", {}, "value"))
    if encrypt and not anonymized:
        found += _named_in_text(data, plain.get("name"), region)
    return found


def _free_texts(data: dict[str, Any]) -> Iterable[tuple[str, str]]:
    for path in FREE_TEXT:
        node: Any = data
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str) and node:
            yield path, node


def _named_in_text(data: dict[str, Any], name: str | None, region: str) -> list[Any]:
    """Free text that names the customer (as a whole word, any case) or holds a phone number
    or an e-mail address."""
    found = []
    wanted = name.strip().casefold() if name and len(name.strip()) >= 3 else None
    for path, text in _free_texts(data):
        folded = text.casefold()
        if wanted and re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", folded):
            found.append((path, "privacy.name_in_text", {}, "value"))
        if _EMAIL.search(text):
            found.append((path, "privacy.email_in_text", {}, "value"))
        if len(_DIGITS.findall(text)) >= 9 and _has_phone(text, region):
            found.append((path, "privacy.phone_in_text", {}, "value"))
    return found


def _has_phone(text: str, region: str) -> bool:
    import phonenumbers

    return phonenumbers.PhoneNumberMatcher(text, region).has_next()
