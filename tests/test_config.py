"""Settings are validated: a value that makes no sense is refused with a message naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from klacht import config


def refused(**table: object) -> str:
    with pytest.raises(config.SettingsError) as info:
        config.from_mapping(Path("/register"), table)
    return info.value.text("nl")


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"retention_years": 0.01}, "retention_years moet een heel aantal jaren zijn, minstens 1"),
        ({"retention_years": 0}, "retention_years moet een heel aantal jaren zijn"),
        ({"retention_years": 2.5}, "retention_years moet een heel aantal jaren zijn"),
        ({"retention_years": -2}, "retention_years moet een heel aantal jaren zijn"),
        ({"retention_years": "2"}, "retention_years moet een getal zijn, niet '2'"),
        ({"triage_hours": -4}, "triage_hours moet een getal groter dan 0 zijn"),
        ({"resolution_days": 1e300}, "resolution_days is te groot (1e+300; hooguit 366)"),
        ({"acknowledgement_hours": True}, "acknowledgement_hours moet een getal zijn, 0 of groter"),
        ({"clock": "lunar"}, "clock moet 'working' of 'calendar' zijn, niet 'lunar'"),
        ({"timezone": "Europe/Atlantis"}, "timezone 'Europe/Atlantis' is onbekend"),
        ({"timezone": 5}, "timezone moet tekst zijn, niet 5"),
        ({"complaints_dir": 5}, "complaints_dir moet tekst zijn, niet 5"),
        ({"complaints_dir": "../elders"}, "complaints_dir moet een pad binnen het register zijn"),
        ({"cache_dir": "/tmp/cache"}, "cache_dir moet een pad binnen het register zijn"),
        ({"categories": ["a", 3]}, "categories moet een lijst van teksten zijn, niet ['a', 3]"),
        ({"workdays": ["ma"]}, "workdays moet een lijst van hele getallen zijn, niet ['ma']"),
        ({"max_file_bytes": 10}, "max_file_bytes moet tussen 1024 en 16777216 (16 MB) liggen"),
        ({"max_file_bytes": 2.5}, "max_file_bytes moet een heel getal zijn, niet 2.5"),
        ({"phone_region": "XX"}, "phone_region 'XX' is geen bekende landcode"),
        ({"edit_url": ["x"]}, "edit_url moet tekst zijn, niet ['x']"),
    ],
)
def test_settings_that_make_no_sense_are_refused(table, expected):
    assert expected in refused(**table)


def test_the_message_names_the_table_and_speaks_english_too():
    with pytest.raises(config.SettingsError) as info:
        config.from_mapping(Path("/register"), {"retention_years": 0.01})
    assert info.value.text("en").startswith(
        "pyproject.toml: [tool.klacht] retention_years must be a whole number of years"
    )


def test_sensible_settings_pass():
    settings = config.from_mapping(
        Path("/register"),
        {"retention_years": 7, "triage_hours": 24.5, "phone_region": "BE", "workdays": [1, 2]},
    )
    assert (settings.retention_years, settings.phone_region) == (7, "BE")


def test_a_wrong_setting_stops_every_command_with_the_message(project, cli):
    (project.root / "pyproject.toml").write_text(
        "[tool.klacht]\nretention_years = 0.01\n", encoding="utf-8"
    )
    code, out, err = cli(project.root, "anonymize")
    assert (code, out) == (2, "")
    assert err.startswith("klacht: pyproject.toml: [tool.klacht] retention_years moet een heel")
