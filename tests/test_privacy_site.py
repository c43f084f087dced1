"""The site of a register in privacy mode, built with the real `mkdocs build`: decrypted where
the key is present, `[versleuteld]` without it, and no decrypted value in any cache."""

from __future__ import annotations

import subprocess

import pytest
from site_util import build_site
from test_privacy import NAME, PRIVACY, Keys, register, with_key

from conftest import Project
from klacht import privacy


@pytest.fixture
def sealed(tmp_path, cli, monkeypatch) -> Keys:
    monkeypatch.delenv(privacy.ENVIRONMENT, raising=False)
    return Keys(Project(tmp_path / "register", PRIVACY), cli, tmp_path)


def grep(needle: str, *folders) -> str:
    done = subprocess.run(
        ["grep", "-r", "-a", "-l", needle, *map(str, folders)], capture_output=True, text=True
    )
    return done.stdout


def test_the_site_decrypts_with_the_key_and_keeps_no_decrypted_page(sealed, monkeypatch):
    record_id = register(sealed)
    sealed.project.commit(f"Klacht {record_id}")
    site = build_site(sealed.project)
    page = (site / "klachten" / record_id / "index.html").read_text(encoding="utf-8")
    assert "[versleuteld]" in page and NAME not in page
    register_page = (site / "register" / "index.html").read_text(encoding="utf-8")
    assert "[versleuteld]" in register_page
    with_key(monkeypatch, sealed)
    site = build_site(sealed.project)
    page = (site / "klachten" / record_id / "index.html").read_text(encoding="utf-8")
    assert NAME in page and "[versleuteld]" not in page and "age:YWdl" not in page.split("<form")[0]
    assert NAME in (site / "register" / "index.html").read_text(encoding="utf-8")
    cache = sealed.project.root / ".cache"
    assert cache.is_dir() and grep(NAME, cache) == "" and grep("Jansen", cache) == ""
    site = build_site(sealed.project)  # a second build: rendered anew, still nothing kept
    assert NAME in (site / "klachten" / record_id / "index.html").read_text(encoding="utf-8")
    assert grep("Jansen", cache) == ""
