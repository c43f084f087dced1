"""The exact output of `klacht check` and `klacht pages --out` for the golden register.

A difference fails with the file it is in. When the change is intended, refresh the expected files
with `.venv/bin/python tests/golden/refresh.py` and read their diff before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import refresh

REFRESH = "intended? refresh with `.venv/bin/python tests/golden/refresh.py` and read the diff"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return refresh.outputs(tmp_path_factory.mktemp("golden") / "register")


def _compare(made: dict[str, bytes], prefix: str) -> None:
    want = {k: v for k, v in refresh.expected().items() if k.startswith(prefix)}
    got = {k: v for k, v in made.items() if k.startswith(prefix)}
    assert sorted(got) == sorted(want), REFRESH
    for name, data in want.items():
        assert got[name].decode("utf-8") == data.decode("utf-8"), f"{name}: {REFRESH}"


def test_check_output(made: dict[str, bytes]) -> None:
    _compare(made, "check-")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_generated_pages(made: dict[str, bytes], lang: str) -> None:
    _compare(made, f"pages-{lang}/")


def test_the_golden_register_is_fixed(tmp_path: Path) -> None:
    """The same commits on every machine: the ids do not depend on the clock or the user."""
    first = refresh.make_register(tmp_path / "a").git("log", "--format=%H %an %ad")
    second = refresh.make_register(tmp_path / "b").git("log", "--format=%H %an %ad")
    assert first == second
    assert len(first.splitlines()) > len(list(refresh.RECORDS.rglob("*.yaml")))
