"""Rewriting the identity fields of record files in privacy mode (SPEC §10): `klacht encrypt`
turns plaintext into age values, `klacht shred` erases a cohort by its key (carrying the
complaints that must live on to the current cohort's key first) and commits a shred record.

Files are edited line by line (every other line, comment and layout stays), checked as
`klacht check` checks them, and written atomically; nothing is written when anything is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from klacht import documents, git, loader, privacy, records, retention, writing
from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.model import Complaint, from_data
from klacht.status import ended

MSG = Catalog(
    {
        "not_on": (
            "de privacymodus staat uit: zet eerst [tool.klacht.privacy] encrypt = true in "
            "pyproject.toml",
            "privacy mode is off: first set [tool.klacht.privacy] encrypt = true in pyproject.toml",
        ),
        "layout": (
            "{path}: {field} staat niet op één regel van de vorm 'sleutel: waarde'; pas het "
            "bestand met de hand aan",
            "{path}: {field} is not on a single 'key: value' line; edit the file by hand",
        ),
        "invalid": (
            "{path}: het resultaat zou ongeldig zijn: {reason}",
            "{path}: the result would be invalid: {reason}",
        ),
        "problems": (
            "{path} heeft problemen (klacht check); verbeter die eerst",
            "{path} has problems (klacht check); correct them first",
        ),
        "already": (
            "de sleutel van {year} is al vernietigd ({path})",
            "the key of {year} was already destroyed ({path})",
        ),
        "living": (
            "{id} moet nog bewaard blijven: {reason}; wacht tot de bewaartermijn voorbij is, of "
            "versleutel de klacht eerst opnieuw naar de sleutel van {current} met --carry",
            "{id} must still be kept: {reason}; wait until its retention term has passed, or "
            "first encrypt it anew to the key of {current} with --carry",
        ),
        "open": ("de klacht is nog open", "the complaint is still open"),
        "hold": (
            "juridische bewaarplicht sinds {since} ({reason})",
            "legal hold since {since} ({reason})",
        ),
        "term": ("bewaartermijn tot {end}", "retention term until {end}"),
        "same_year": (
            "{id} kan niet naar een andere sleutel: {year} is het lopende jaar",
            "{id} cannot move to another key: {year} is the current year",
        ),
        "need_key": (
            "{id}: om de klacht naar {current} mee te nemen moet de geheime sleutel van {year} "
            "in het bestand van KLACHT_IDENTITIES staan",
            "{id}: to carry the complaint to {current}, the secret key of {year} must be in the "
            "file named by KLACHT_IDENTITIES",
        ),
        "commit": (
            "Sleutel van {year} vernietigd (klacht shred): {n} klachten onleesbaar",
            "Key of {year} destroyed (klacht shred): {n} complaints unreadable",
        ),
    }
)


class Refused(Exception):
    """Nothing was written: `reasons` (translated) say why, one a line."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("\n".join(reasons))
        self.reasons = reasons


def set_values(text: str, values: dict[str, str]) -> str:
    """Record text with identity fields (`customer.name`, …) set to new one-line values, every
    other line as it was; ValueError(field) when a field is not a plain `key: value` line."""
    places = loader.places(text)
    lines = text.splitlines(keepends=True)
    for field, value in values.items():
        place = places.get(field)
        key = field.rsplit(".", 1)[1]
        if place is None or place.raw is None or not place.line == place.key_line == place.end_line:
            raise ValueError(field)
        index, indent = place.key_line - 1, " " * (place.key_column - 1)
        if not lines[index].startswith(f"{indent}{key}:"):
            raise ValueError(field)
        lines[index] = f'{indent}{key}: "{value}"{_ending(lines[index])}'
    return "".join(lines)


def _ending(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\n"


@dataclass(frozen=True)
class Edit:
    """A file's new contents: a record's text, or an encrypted document's bytes."""

    path: str  # display path
    text: str | bytes


def _edit(settings: Settings, path: str, values: dict[str, str], env: records.Env) -> Edit:
    """The checked new text of a record file with `values` set; Refused saying why not."""
    lang = settings.language
    text = (settings.root / path).read_bytes().decode("utf-8")
    try:
        new = set_values(text, values)
    except ValueError as exc:
        raise Refused([MSG(lang, "layout", path=path, field=exc.args[0])]) from None
    result = records.check_bytes(new.encode("utf-8"), path, env)
    if result.problems:
        reason = result.problems[0].text(lang)
        raise Refused([MSG(lang, "invalid", path=path, reason=reason)])
    return Edit(path, new)


def _write(settings: Settings, edits: list[Edit]) -> None:
    for edit in edits:
        writing.replace(settings.root / edit.path, edit.text)


def _plain(value: object) -> bool:
    """An identity value stored as plaintext (not empty, not the retention placeholder)."""
    return (
        isinstance(value, str)
        and bool(value)
        and not privacy.is_encrypted(value)
        and (value != retention.PLACEHOLDER)
    )


# --- klacht encrypt ------------------------------------------------------------------------


def encrypt_register(settings: Settings) -> list[str]:
    """Encrypt every plaintext identity field of the register's records to its cohort's public
    key: the paths of the files changed. Refused (nothing written) when privacy mode is off,
    a year lacks its key, or a file cannot be edited safely."""
    lang = settings.language
    if not privacy.encrypting(settings):
        raise Refused([MSG(lang, "not_on")])
    keys = privacy.Keyring.of(settings)
    results, _problems = records.check_tree(settings, keys=keys)
    env = records.Env.of(settings)
    edits, reasons, recipients = [], [], {}
    for r in results:
        customer = (r.data or {}).get("customer")
        if r.problems or not isinstance(customer, dict):
            continue
        plain = {f"customer.{k}": customer[k] for k in privacy.KEYS if _plain(customer.get(k))}
        if not plain:
            continue
        year = keys.cohort(int(str(r.data["received"])[:4]), str(r.data["id"]))
        try:
            if year not in recipients:
                recipients[year] = privacy.cohort_recipient(settings, year)
            values = {f: privacy.encrypt(v, recipients[year]) for f, v in plain.items()}
            edits.append(_edit(settings, r.path, values, env))
        except privacy.PrivacyError as exc:
            if str(exc) not in reasons:
                reasons.append(str(exc))
        except Refused as exc:
            reasons += exc.reasons
    if reasons:
        raise Refused(reasons)
    _write(settings, edits)
    return [edit.path for edit in edits]


# --- klacht shred --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A shredded cohort: its record, the complaints it made unreadable and the commit."""

    shred: privacy.Shred
    erased: tuple[str, ...]
    commit: str


def _living(c: Complaint, settings: Settings, today: date, lang: str) -> str | None:
    """Why a complaint must still be kept (translated): a legal hold, still open, its term; None
    when none of these applies."""
    hold = c.held(today)
    if hold is not None:
        return MSG(lang, "hold", since=hold.since.isoformat(), reason=hold.reason)
    end = ended(c)
    if end is None:
        return MSG(lang, "open")
    term = retention.term_end(end, settings)
    return MSG(lang, "term", end=term.isoformat()) if term > today else None


def _members(
    settings: Settings, keys: privacy.Keyring, year: int
) -> tuple[list[tuple[records.FileResult, Complaint]], list[str]]:
    """The complaints whose identity is encrypted to `year`'s key (received then, or carried
    there), and the files that cannot be judged (they have problems)."""
    results, problems = records.check_tree(settings, keys=keys)
    broken = {p.path for p in problems}
    members, unclear = [], []
    for r in results:
        if r.data is None or r.record_id is None:
            unclear.append(r.path)
            continue
        received = str(r.data.get("received") or "")[:4]
        if not received.isdigit() or keys.cohort(int(received), r.record_id) != year:
            continue
        if r.path in broken:
            unclear.append(r.path)
        else:
            members.append((r, from_data(r.data, r.path, settings.tz)))
    return members, unclear


def shred(settings: Settings, year: int, today: date, *, carry: bool, by: str) -> Outcome:
    """Erase cohort `year`: refused while any of its complaints must still be kept (unless
    `carry`: those are encrypted anew to the key of `today`'s year first, which needs the
    secret of `year`); then the shred record is written, the public key removed, and both
    committed with the carried files."""
    lang = settings.language
    keys = privacy.Keyring.of(settings)
    shred_path = privacy.shred_file(settings, year)
    if year in keys.shredded:
        shown = shred_path.relative_to(settings.root).as_posix()
        raise Refused([MSG(lang, "already", year=year, path=shown)])
    try:
        recipient = privacy.cohort_recipient(settings, year)
    except privacy.PrivacyError as exc:
        raise Refused([str(exc)]) from None
    members, unclear = _members(settings, keys, year)
    if unclear:
        raise Refused([MSG(lang, "problems", path=path) for path in unclear])
    current = today.year
    living = [(r, c, why) for r, c in members if (why := _living(c, settings, today, lang))]
    if living and not carry:
        raise Refused(
            [MSG(lang, "living", id=c.id, reason=why, current=current) for _r, c, why in living]
        )
    edits = (
        _carried(settings, keys, year, current, [(r, c) for r, c, _ in living]) if living else []
    )
    record = privacy.Shred(
        year,
        privacy.fingerprint(recipient),
        today.isoformat(),
        by,
        tuple(c.id for _r, c, _ in living),
        current if living else None,
    )
    _write(settings, edits)
    writing.create(shred_path, privacy.shred_text(record))
    public = privacy.public_key_file(settings, year)
    paths = [e.path for e in edits] + [shred_path.relative_to(settings.root).as_posix()]
    shown = public.relative_to(settings.root).as_posix()
    if git.run(settings.root, "ls-files", "--", shown).strip():
        paths.append(shown)  # committed: its removal is part of the shred commit
    public.unlink()
    erased = tuple(c.id for _r, c in members if c.id not in record.carried)
    message = MSG(lang, "commit", year=year, n=len(erased))
    git.run(settings.root, "add", "-A", "--", *paths)
    git.run(settings.root, "commit", "-q", "-m", message, "--", *paths)
    commit = git.run(settings.root, "rev-parse", "HEAD").decode().strip()
    return Outcome(record, erased, commit)


def _carried(
    settings: Settings,
    keys: privacy.Keyring,
    year: int,
    current: int,
    living: list[tuple[records.FileResult, Complaint]],
) -> list[Edit]:
    """The files of complaints that must live on, encrypted anew to `current`'s key: their
    identity fields and their encrypted documents."""
    lang = settings.language
    if current == year:
        raise Refused([MSG(lang, "same_year", id=c.id, year=year) for _r, c in living])
    try:
        target = privacy.cohort_recipient(settings, current)
    except privacy.PrivacyError as exc:
        raise Refused([str(exc)]) from None
    env = records.Env.of(settings)
    edits, reasons = [], []
    for r, c in living:
        customer = (r.data or {}).get("customer") or {}
        values = {}
        for key in privacy.KEYS:
            value = customer.get(key)
            if not privacy.is_encrypted(value):
                continue
            text = keys.plaintext(value)
            if text is None:
                reasons.append(MSG(lang, "need_key", id=c.id, year=year, current=current))
                break
            values[f"customer.{key}"] = privacy.encrypt(text, target)
        else:
            if values:
                edits.append(_edit(settings, r.path, values, env))
            try:
                edits += _carried_documents(settings, keys, c, target)
            except ValueError:
                reasons.append(MSG(lang, "need_key", id=c.id, year=year, current=current))
    if reasons:
        raise Refused(reasons)
    return edits


def _carried_documents(
    settings: Settings, keys: privacy.Keyring, c: Complaint, target: str
) -> list[Edit]:
    """A complaint's encrypted documents, encrypted anew to `target`; ValueError when the keys
    at hand do not open one."""
    folder = documents.folder_of(c.path)
    edits = []
    for document in c.documents:
        if not document.file.endswith(documents.ENCRYPTED):
            continue
        path = f"{folder}/{document.file}"
        try:
            plain = privacy.decrypt_bytes((settings.root / path).read_bytes(), keys.identities)
        except Exception as exc:  # noqa: BLE001 - pyrage.DecryptError
            raise ValueError(path) from exc
        edits.append(Edit(path, privacy.encrypt_bytes(plain, target)))
    return edits
