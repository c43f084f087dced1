"""Settings of a complaints register, read from `[tool.klacht]` in the project's pyproject.toml."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from klacht.i18n import Catalog

LANGUAGES = ("nl", "en")
# The document types the register tells by content (`klacht.documents.KINDS`), all allowed by
# default.
DOCUMENT_TYPES = ("pdf", "eml", "msg", "docx", "odt", "txt", "jpg", "png")
_TABLE = "pyproject.toml: [tool.klacht] "


def _setting(nl: str, en: str) -> tuple[str, str]:
    """A message about one setting of `[tool.klacht]`, with the prefix that names the table."""
    return _TABLE + nl, _TABLE + en


MSG = Catalog(
    {
        "toml": (
            "pyproject.toml: de opmaak (TOML) klopt niet; technisch: {detail}",
            "pyproject.toml: the layout (TOML) is wrong; technically: {detail}",
        ),
        "unknown": (
            "pyproject.toml: onbekende instelling [tool.klacht] {key}",
            "pyproject.toml: unknown setting [tool.klacht] {key}",
        ),
        "not_list": _setting("{key} moet een lijst zijn", "{key} must be a list"),
        "language": _setting(
            "language moet 'nl' of 'en' zijn, niet {value!r}",
            "language must be 'nl' or 'en', not {value!r}",
        ),
        "clock": _setting(
            "clock moet 'working' of 'calendar' zijn, niet {value!r}",
            "clock must be 'working' or 'calendar', not {value!r}",
        ),
        "timezone": _setting("timezone {value!r} is onbekend", "timezone {value!r} is unknown"),
        "positive": _setting(
            "{name} moet een getal groter dan 0 zijn", "{name} must be a number greater than 0"
        ),
        "fraction": _setting(
            "warn_fraction moet een getal tussen 0 en 1 zijn",
            "warn_fraction must be a number between 0 and 1",
        ),
        "workdays": _setting(
            "workdays moet weekdagen 1 (maandag) t/m 7 (zondag) noemen",
            "workdays must name weekdays 1 (Monday) to 7 (Sunday)",
        ),
        "extra_holiday": _setting(
            "extra_holidays: {value!r} is geen datum 'MM-DD' of 'JJJJ-MM-DD'",
            "extra_holidays: {value!r} is not a date 'MM-DD' or 'YYYY-MM-DD'",
        ),
        "removed_holiday": _setting(
            "removed_holidays: {value!r} is geen datum of naam van een feestdag",
            "removed_holidays: {value!r} is not a date or the name of a holiday",
        ),
        "country": _setting(
            "holidays_country {value!r} is onbekend", "holidays_country {value!r} is unknown"
        ),
        "forge": _setting(
            "forge moet 'github', 'gitlab' of 'gitea' zijn, niet {value!r}",
            "forge must be 'github', 'gitlab' or 'gitea', not {value!r}",
        ),
        "forge_url": _setting(
            "forge_url moet beginnen met https:// of http://, niet {value!r}",
            "forge_url must start with https:// or http://, not {value!r}",
        ),
        "not_table": _setting(
            "{key} moet een tabel zijn ([tool.klacht.{key}])",
            "{key} must be a table ([tool.klacht.{key}])",
        ),
        "fail_on": _setting(
            "fail_on: {value!r} is geen termijn; kies uit {options}",
            "fail_on: {value!r} is not a deadline; choose from {options}",
        ),
        "not_negative": _setting(
            "{name} moet een getal zijn, 0 of groter (0: uit)",
            "{name} must be a number, 0 or greater (0: off)",
        ),
        "wrong_type": _setting(
            "{key} moet {kind} zijn, niet {value!r}", "{key} must be {kind}, not {value!r}"
        ),
        "kind.text": ("tekst", "text"),
        "kind.number": ("een getal", "a number"),
        "kind.whole": ("een heel getal", "a whole number"),
        "kind.list_text": ("een lijst van teksten", "a list of texts"),
        "kind.list_whole": ("een lijst van hele getallen", "a list of whole numbers"),
        "retention": _setting(
            "retention_years moet een heel aantal jaren zijn, minstens 1 en hooguit 100, niet "
            "{value!r}; de persoonsgegevens van gesloten klachten zouden anders te vroeg of nooit "
            "verwijderd worden",
            "retention_years must be a whole number of years, at least 1 and at most 100, not "
            "{value!r}; otherwise the personal data of closed complaints would be removed too "
            "early or never",
        ),
        "too_large": _setting(
            "{name} is te groot ({value!r}; hooguit {limit})",
            "{name} is too large ({value!r}; at most {limit})",
        ),
        "inside": _setting(
            "{key} moet een pad binnen het register zijn (relatief, zonder '..'), niet {value!r}",
            "{key} must be a path inside the register (relative, without '..'), not {value!r}",
        ),
        "file_bytes": _setting(
            "max_file_bytes moet tussen 1024 en 16777216 (16 MB) liggen, niet {value!r}",
            "max_file_bytes must be between 1024 and 16777216 (16 MB), not {value!r}",
        ),
        "region": _setting(
            "phone_region {value!r} is geen bekende landcode (zoals NL of BE)",
            "phone_region {value!r} is not a known region code (like NL or BE)",
        ),
        "document_type": _setting(
            "document_types: {value!r} is geen soort document dat het register kent; kies uit "
            "{options} (webpagina's en SVG-afbeeldingen kunnen script bevatten en worden nooit "
            "toegelaten)",
            "document_types: {value!r} is not a kind of document the register knows; choose "
            "from {options} (web pages and SVG images may hold script and are never allowed)",
        ),
        "document_bytes": _setting(
            "document_max_bytes moet tussen 1024 en 104857600 (100 MB) liggen, niet {value!r}",
            "document_max_bytes must be between 1024 and 104857600 (100 MB), not {value!r}",
        ),
        "privacy": _setting(
            "privacy: onbekende instelling {key!r}; bekend zijn encrypt en keys_dir",
            "privacy: unknown setting {key!r}; known are encrypt and keys_dir",
        ),
        "privacy_encrypt": _setting(
            "privacy.encrypt moet true of false zijn, niet {value!r}",
            "privacy.encrypt must be true or false, not {value!r}",
        ),
        "override": (
            "taal moet 'nl' of 'en' zijn, niet {value!r}",
            "language must be 'nl' or 'en', not {value!r}",
        ),
    }
)


class SettingsError(Exception):
    """A setting in pyproject.toml is wrong: a key of MSG with its arguments. `lang` is the
    language to show it in, as far as known (`load` sets it); str() is the text in it."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
        self.lang = "nl"

    def text(self, lang: str) -> str:
        values = {
            k: MSG(lang, f"kind.{v}") if isinstance(v, _Kind) else v for k, v in self.values.items()
        }
        return MSG(lang, self.key, **values)

    def __str__(self) -> str:
        return self.text(self.lang)


@dataclass(frozen=True)
class Settings:
    """Every setting with its default. `root` is the folder that holds pyproject.toml."""

    root: Path = field(default_factory=Path.cwd)
    complaints_dir: str = "complaints"
    schema_path: str = "schema/complaint.schema.json"
    language: str = "nl"
    timezone: str = "Europe/Amsterdam"
    phone_region: str = "NL"
    categories: tuple[str, ...] = ()
    # Clocks (SPEC §4). `clock` is "working" (working days only) or "calendar".
    clock: str = "working"
    triage_hours: float = 48
    resolution_days: float = 20
    # Acknowledgement of receipt to the customer: two working days; 0 switches the clock off.
    acknowledgement_hours: float = 48
    warn_fraction: float = 0.8
    # Working-day calendar: ISO weekdays that are worked (1 = Monday) and holiday changes.
    workdays: tuple[int, ...] = (1, 2, 3, 4, 5)
    # Public holidays of this country (library `holidays`); "" for none.
    holidays_country: str = "NL"
    # "MM-DD" every year, or "YYYY-MM-DD" once.
    extra_holidays: tuple[str, ...] = ()
    # A date "YYYY-MM-DD", a yearly "MM-DD", or a holiday name as the `holidays` library gives it.
    removed_holidays: tuple[str, ...] = ()
    # AVG retention: years after closing that personal data is kept.
    retention_years: float = 2
    # Link prefix for "edit this record" on the forge; the record path is appended. Older
    # registers set this; `forge` and `forge_url` give it too (and the forms' links).
    edit_url: str = ""
    # The forge the register lives on (github | gitlab | gitea), its web address, its branch.
    forge: str = ""
    forge_url: str = ""
    forge_branch: str = "main"
    max_file_bytes: int = 256 * 1024
    cache_dir: str = ".cache/klacht"
    # Overdue clocks that make `klacht deadlines` fail (exit 1); others are warnings.
    fail_on: tuple[str, ...] = ("acknowledgement", "triage", "resolution")
    # "Wijzigingen per persoon" on the analysis page: off, since counting each employee's saves
    # can be seen as monitoring staff (a works council's consent first).
    changes_per_person: bool = False
    # The published site's address: the digest links to its pages.
    site_url: str = ""
    # Sub-tables: [tool.klacht.mail] (the digest by e-mail, `klacht.mail`) and
    # [tool.klacht.letters] (the firm in letters to customers, `klacht.letters`).
    mail: dict[str, Any] = field(default_factory=dict)
    letters: dict[str, Any] = field(default_factory=dict)
    # Related documents (SPEC §11): the types allowed (extensions, checked by content) and the
    # largest size in bytes.
    document_types: tuple[str, ...] = DOCUMENT_TYPES
    document_max_bytes: int = 10 * 1024 * 1024
    # [tool.klacht.privacy]: `encrypt` (the customer's identity encrypted per cohort, SPEC §10)
    # and `keys_dir` (the cohorts' public keys, default "keys"); see `klacht.privacy`.
    privacy: dict[str, Any] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def complaints_path(self) -> Path:
        return self.root / self.complaints_dir

    @property
    def schema_file(self) -> Path:
        return self.root / self.schema_path


_TABLE_FIELDS = {"mail", "letters", "privacy"}
# The clocks of the procedure (SPEC §4), in their order; `klacht.deadlines` runs them.
CLOCKS = ("acknowledgement", "triage", "resolution", "measure")
_TUPLE_FIELDS = {
    "categories",
    "workdays",
    "extra_holidays",
    "removed_holidays",
    "fail_on",
    "document_types",
}


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` with a pyproject.toml that has `[tool.klacht]`."""
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if has_settings(folder)), here)


def has_settings(folder: Path) -> bool:
    """Whether `folder` holds a pyproject.toml with a `[tool.klacht]` table."""
    candidate = folder / "pyproject.toml"
    return candidate.is_file() and "[tool.klacht" in candidate.read_text(encoding="utf-8")


def from_mapping(root: Path, table: dict[str, Any]) -> Settings:
    """Settings from a `[tool.klacht]` table; unknown or mistyped keys are refused."""
    known = {f.name for f in fields(Settings)} - {"root"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise SettingsError("unknown", key=key)
        if name in _TUPLE_FIELDS:
            if not isinstance(value, list):
                raise SettingsError("not_list", key=key)
            value = tuple(value)
        if name in _TABLE_FIELDS and not isinstance(value, dict):
            raise SettingsError("not_table", key=key)
        values[name] = value
    _check_types(values)
    settings = Settings(root=root, **values)
    if settings.language not in LANGUAGES:
        raise SettingsError("language", value=settings.language)
    if settings.clock not in ("working", "calendar"):
        raise SettingsError("clock", value=settings.clock)
    try:
        settings.tz  # noqa: B018 - validates the time zone name
    except Exception as exc:  # zoneinfo raises several kinds
        raise SettingsError("timezone", value=settings.timezone) from exc
    _check_clocks(settings)
    _check_forge(settings)
    _check_register(settings)
    return settings


FORGES = ("github", "gitlab", "gitea")


def _check_forge(s: Settings) -> None:
    """A forge the forms can link to: a known kind, and a web address."""
    if s.forge and s.forge not in FORGES:
        raise SettingsError("forge", value=s.forge)
    if s.forge_url and not str(s.forge_url).startswith(("https://", "http://")):
        raise SettingsError("forge_url", value=s.forge_url)


# The kind of value of each setting, by its annotation: "str", "int", "number" or "tuple".
_KINDS = {
    f.name: "number" if "float" in str(f.type) else str(f.type).split("[")[0]
    for f in fields(Settings)
    if f.name != "root"
}
_LIST_KINDS = {"workdays": "list_whole"}
_CLOCK_NUMBERS = {"triage_hours", "resolution_days", "acknowledgement_hours", "warn_fraction"}


def _check_types(values: dict[str, Any]) -> None:
    """Refuse a setting of the wrong type (text where a number belongs, a list of numbers as
    categories…) before it is used anywhere."""
    for name, value in values.items():
        kind = _KINDS[name] if name not in _CLOCK_NUMBERS else "checked with the clocks"
        if kind == "tuple":
            kind = _LIST_KINDS.get(name, "list_text")
            wanted = int if kind == "list_whole" else str
            ok = all(isinstance(v, wanted) and not isinstance(v, bool) for v in value)
        elif kind == "str":
            kind, ok = "text", isinstance(value, str)
        elif kind == "int":
            kind, ok = "whole", isinstance(value, int) and not isinstance(value, bool)
        elif kind == "number":
            ok = _number(value)
        else:  # a kind of setting checked where it is read
            continue
        if not ok:
            shown = list(value) if isinstance(value, tuple) else value
            raise SettingsError("wrong_type", key=name, kind=_Kind(kind), value=shown)


class _Kind(str):
    """The name of a kind of value, shown in the message's language (see SettingsError.text)."""


# Upper bounds of the clocks: beyond them a deadline lies past any date a calendar holds.
_LIMITS = {"triage_hours": 24 * 366, "resolution_days": 366, "acknowledgement_hours": 24 * 366}


def _check_register(s: Settings) -> None:
    """Refuse paths outside the register, an unknown phone region, an absurd file limit, and a
    retention term that is no whole number of years."""
    years = s.retention_years
    if not (float(years).is_integer() and 1 <= years <= 100):
        raise SettingsError("retention", value=years)
    _check_privacy(s.privacy)
    for name in ("complaints_dir", "schema_path", "cache_dir"):
        value = getattr(s, name)
        if not _inside(value):
            raise SettingsError("inside", key=name, value=value)
    if not 1024 <= s.max_file_bytes <= 16 * 1024 * 1024:
        raise SettingsError("file_bytes", value=s.max_file_bytes)
    _check_documents(s)
    if s.phone_region != "NL":  # import the library only when it must be asked
        import phonenumbers

        if s.phone_region not in phonenumbers.SUPPORTED_REGIONS:
            raise SettingsError("region", value=s.phone_region)


def _check_documents(s: Settings) -> None:
    """Refuse a document type the register cannot tell by content, and an absurd size limit."""
    for value in s.document_types:
        if value not in DOCUMENT_TYPES:
            raise SettingsError("document_type", value=value, options=", ".join(DOCUMENT_TYPES))
    if not 1024 <= s.document_max_bytes <= 100 * 1024 * 1024:
        raise SettingsError("document_bytes", value=s.document_max_bytes)


def _check_privacy(table: dict[str, Any]) -> None:
    """`[tool.klacht.privacy]`: known keys, `encrypt` true or false, `keys_dir` inside."""
    for key, value in table.items():
        if key not in ("encrypt", "keys_dir"):
            raise SettingsError("privacy", key=key)
        if key == "encrypt" and not isinstance(value, bool):
            raise SettingsError("privacy_encrypt", value=value)
        if key == "keys_dir" and not _inside(value):
            raise SettingsError("inside", key="privacy: keys_dir", value=value)


def _inside(value: object) -> bool:
    """Whether `value` is a relative path inside the register."""
    if not isinstance(value, str):
        return False
    parts = Path(value).parts
    return (
        bool(value.strip())
        and not Path(value).is_absolute()
        and ".." not in parts
        and ("\0" not in value)
    )


def _check_clocks(s: Settings) -> None:
    """Refuse clock and calendar settings that would give wrong or endless deadlines."""
    wrong = [
        SettingsError("positive", name=name)
        for name in ("triage_hours", "resolution_days")
        if not (_number(value := getattr(s, name)) and value > 0)
    ]
    if not (_number(s.acknowledgement_hours) and s.acknowledgement_hours >= 0):
        wrong.append(SettingsError("not_negative", name="acknowledgement_hours"))
    wrong += [
        SettingsError("fail_on", value=value, options=", ".join(CLOCKS))
        for value in s.fail_on
        if value not in CLOCKS
    ]
    wrong += [
        SettingsError("too_large", name=name, value=value, limit=limit)
        for name, limit in _LIMITS.items()
        if (value := getattr(s, name)) is not None and _number(value) and value > limit
    ]
    if not (_number(s.warn_fraction) and 0 < s.warn_fraction <= 1):
        wrong.append(SettingsError("fraction"))
    if not s.workdays or not all(_number(d) and d in range(1, 8) for d in s.workdays):
        wrong.append(SettingsError("workdays"))
    wrong += [
        SettingsError("extra_holiday", value=value)
        for value in s.extra_holidays
        if not _holiday_date(value)
    ]
    wrong += [
        SettingsError("removed_holiday", value=value)
        for value in s.removed_holidays
        if not isinstance(value, str) or not value.strip()
    ]
    if s.holidays_country not in ("", "NL"):  # import the library only when it must be asked
        import holidays

        if s.holidays_country not in holidays.list_supported_countries():
            wrong.append(SettingsError("country", value=s.holidays_country))
    if wrong:
        raise wrong[0]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _holiday_date(value: object) -> bool:
    """Whether `value` is "MM-DD" (29 February allowed) or "YYYY-MM-DD"."""
    if not isinstance(value, str) or len(value) not in (5, 10):
        return False
    try:
        date.fromisoformat(value if len(value) == 10 else f"2000-{value}")
    except ValueError:
        return False
    return True


def _klacht_table(pyproject: Path) -> dict[str, Any]:
    """The `[tool.klacht]` table of a pyproject.toml; SettingsError when it is not valid TOML."""
    try:
        with pyproject.open("rb") as handle:
            return tomllib.load(handle).get("tool", {}).get("klacht", {})
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError("toml", detail=str(exc)) from None


def load(root: Path | None = None, *, language: str | None = None) -> Settings:
    """Settings of the project at `root` (default: found upwards from the working directory).

    `language` (or the environment variable KLACHT_LANG) overrides the configured language.
    """
    override = language or os.environ.get("KLACHT_LANG")
    folder = find_root(root) if root is None else root.resolve()
    pyproject = folder / "pyproject.toml"
    table: dict[str, Any] = {}
    try:
        table = _klacht_table(pyproject) if pyproject.is_file() else {}
        settings = from_mapping(folder, table)
        if override and override not in LANGUAGES:
            raise SettingsError("override", value=override)
    except SettingsError as exc:
        exc.lang = _known_language(override, table)
        raise
    return replace(settings, language=override) if override else settings


def _known_language(override: str | None, table: dict[str, Any]) -> str:
    """The language of a settings error: the override if valid, else the configured one if
    valid, else Dutch."""
    return next((lang for lang in (override, table.get("language")) if lang in LANGUAGES), "nl")
