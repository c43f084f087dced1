"""Settings of a complaints register, read from `[tool.klacht]` in the project's pyproject.toml."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

LANGUAGES = ("nl", "en")


class SettingsError(Exception):
    """A setting in pyproject.toml is wrong; the message is Dutch and names the setting."""


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
    acknowledgement_hours: float | None = None
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
    # Link prefix for "edit this record" on the forge; the record path is appended.
    edit_url: str = ""
    max_file_bytes: int = 256 * 1024
    cache_dir: str = ".cache/klacht"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def complaints_path(self) -> Path:
        return self.root / self.complaints_dir

    @property
    def schema_file(self) -> Path:
        return self.root / self.schema_path


_TUPLE_FIELDS = {
    "categories",
    "workdays",
    "extra_holidays",
    "removed_holidays",
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
            raise SettingsError(f"pyproject.toml: onbekende instelling [tool.klacht] {key}")
        if name in _TUPLE_FIELDS:
            if not isinstance(value, list):
                raise SettingsError(f"pyproject.toml: [tool.klacht] {key} moet een lijst zijn")
            value = tuple(value)
        values[name] = value
    settings = Settings(root=root, **values)
    if settings.language not in LANGUAGES:
        raise SettingsError(
            f"pyproject.toml: [tool.klacht] language moet 'nl' of 'en' zijn, niet {settings.language!r}"
        )
    if settings.clock not in ("working", "calendar"):
        raise SettingsError(
            "pyproject.toml: [tool.klacht] clock moet 'working' of 'calendar' zijn, "
            f"niet {settings.clock!r}"
        )
    try:
        settings.tz  # noqa: B018 - validates the time zone name
    except Exception as exc:  # zoneinfo raises several kinds
        raise SettingsError(
            f"pyproject.toml: [tool.klacht] timezone {settings.timezone!r} is onbekend"
        ) from exc
    _check_clocks(settings)
    return settings


def _check_clocks(s: Settings) -> None:
    """Refuse clock and calendar settings that would give wrong or endless deadlines."""
    wrong = [
        f"{name} moet een getal groter dan 0 zijn"
        for name in ("triage_hours", "resolution_days", "acknowledgement_hours")
        if (value := getattr(s, name)) is not None and not (_number(value) and value > 0)
    ]
    if not (_number(s.warn_fraction) and 0 < s.warn_fraction <= 1):
        wrong.append("warn_fraction moet een getal tussen 0 en 1 zijn")
    if not s.workdays or not all(_number(d) and d in range(1, 8) for d in s.workdays):
        wrong.append("workdays moet weekdagen 1 (maandag) t/m 7 (zondag) noemen")
    wrong += [
        f"extra_holidays: {value!r} is geen datum 'MM-DD' of 'JJJJ-MM-DD'"
        for value in s.extra_holidays
        if not _holiday_date(value)
    ]
    wrong += [
        f"removed_holidays: {value!r} is geen datum of naam van een feestdag"
        for value in s.removed_holidays
        if not isinstance(value, str) or not value.strip()
    ]
    if s.holidays_country not in ("", "NL"):  # import the library only when it must be asked
        import holidays

        if s.holidays_country not in holidays.list_supported_countries():
            wrong.append(f"holidays_country {s.holidays_country!r} is onbekend")
    if wrong:
        raise SettingsError("pyproject.toml: [tool.klacht] " + wrong[0])


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
        raise SettingsError(
            f"pyproject.toml: de opmaak (TOML) klopt niet; technisch: {exc}"
        ) from None


def load(root: Path | None = None, *, language: str | None = None) -> Settings:
    """Settings of the project at `root` (default: found upwards from the working directory).

    `language` (or the environment variable KLACHT_LANG) overrides the configured language.
    """
    folder = find_root(root) if root is None else root.resolve()
    pyproject = folder / "pyproject.toml"
    settings = from_mapping(folder, _klacht_table(pyproject) if pyproject.is_file() else {})
    override = language or os.environ.get("KLACHT_LANG")
    if override:
        if override not in LANGUAGES:
            raise SettingsError(f"taal moet 'nl' of 'en' zijn, niet {override!r}")
        settings = replace(settings, language=override)
    return settings
