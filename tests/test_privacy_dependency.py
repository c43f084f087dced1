"""The firm's register and the privacy extra: `klacht encrypt` (switching privacy mode on) adds
`privacy` to the register's dependency on klachtenregister when it can do so exactly (every other
byte of pyproject.toml as it was), and otherwise names the line to change. And the CI templates'
`pip install -e '.[site]'` installs a new register without pip's warning about an extra it lacks.
Real registers from `klacht init`, real pip (offline: everything is installed here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GIT_ENV
from klacht import __version__, dependency, initialize, privacy

PRIVACY = "\n[tool.klacht.privacy]\nencrypt = true\n"
OLD = f'"klachtenregister[site]=={__version__}"'
NEW = f'"klachtenregister[site,privacy]=={__version__}"'


def skeleton() -> str:
    return initialize.files("github")["pyproject.toml"].decode("utf-8")


def test_the_requirement_gains_the_extra_and_nothing_else_changes():
    text = skeleton()
    advice = dependency.privacy_advice(text)
    assert advice is not None and advice.text == text.replace(OLD, NEW)
    assert advice.line == text[: text.index(OLD)].count("\n") + 1
    assert (advice.old, advice.new) == (OLD.strip('"'), NEW.strip('"'))
    assert dependency.privacy_advice(advice.text) is None  # done: nothing more to say
    crlf = text.replace("\n", "\r\n")
    assert dependency.privacy_advice(crlf).text == crlf.replace(OLD, NEW)
    assert dependency.with_extra("klachtenregister>=0.1") == "klachtenregister[privacy]>=0.1"
    assert dependency.with_extra("Klachtenregister[SITE] ==0.1") == (
        "Klachtenregister[SITE,privacy] ==0.1"
    )
    assert dependency.with_extra("klachtenregister-gegevens==1") is None


def test_by_hand_when_it_cannot_be_done_exactly():
    text = skeleton()
    single = text.replace(OLD, OLD.replace('"', "'"))
    advice = dependency.privacy_advice(single)
    assert advice is not None and advice.text is None and advice.new == NEW.strip('"')
    twice = text + f"# {OLD}\n"
    assert dependency.privacy_advice(twice).text is None
    assert dependency.privacy_advice("[project]\nname = 'x'\n") is None
    assert dependency.privacy_advice("[project\n") is None  # not TOML: left to the settings


@pytest.fixture
def register(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new register from `klacht init`, one complaint committed, privacy mode set."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(privacy.ENVIRONMENT, raising=False)
    root = tmp_path / "firma"
    assert cli(tmp_path, "init", str(root))[0] == 0
    given = ["--received-by", "A", "--name", "Jan Jansen", "--phone", "073-1234567"]
    given += ["--summary", "Te laat.", "--now", "2026-11-20T10:00+01:00"]
    assert cli(root, "new", *given)[0] == 0
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "begin"], cwd=root, check=True)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(PRIVACY)
    assert cli(root, "keys", "new", "2026")[0] == 0
    return root


def test_encrypt_adds_the_privacy_extra_to_the_register(register, cli):
    pyproject = register / "pyproject.toml"
    before = pyproject.read_text(encoding="utf-8")
    line = before[: before.index(OLD)].count("\n") + 1
    code, out, _ = cli(register, "encrypt")
    assert code == 0
    assert pyproject.read_text(encoding="utf-8") == before.replace(OLD, NEW)
    assert (
        f"pyproject.toml:{line}: de afhankelijkheid is nu {NEW.strip(chr(34))}, zodat pyrage "
        "mee geïnstalleerd wordt (ook in CI); installeer opnieuw met: pip install -e . en commit "
        "pyproject.toml"
    ) in out.splitlines()
    code, out, err = cli(register, "encrypt")
    assert code == 0 and "pyproject.toml" not in out + err


def test_encrypt_names_the_line_when_it_cannot_rewrite_it(register, cli):
    pyproject = register / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace(OLD, OLD.replace('"', "'"))
    pyproject.write_text(text, encoding="utf-8")
    line = text[: text.index(OLD.replace('"', "'"))].count("\n") + 1
    code, _, err = cli(register, "--lang", "en", "encrypt")
    assert code == 0
    assert pyproject.read_text(encoding="utf-8") == text  # left as it was
    assert (
        f"pyproject.toml:{line}: change the dependency {OLD.strip(chr(34))} into "
        f"{NEW.strip(chr(34))} so that pyrage is installed too (in CI as well), and install "
        "again: pip install -e ."
    ) in err.splitlines()


def pip_dry_run(root: Path, target: str) -> subprocess.CompletedProcess[str]:
    """pip resolving the register as CI installs it, offline: klachtenregister and its extras
    are installed in this environment already."""
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index"]
    command += ["--no-build-isolation", "-e", target]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_the_ci_install_of_a_new_register_warns_of_nothing(register, cli):
    for target in (".", ".[site]"):
        done = pip_dry_run(register, target)
        assert done.returncode == 0, done.stderr
        assert "WARNING" not in done.stderr, done.stderr
    assert cli(register, "encrypt")[0] == 0
    done = pip_dry_run(register, ".[site]")
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    # The check is no formality: a register without the extra gets the warning.
    pyproject = register / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("\nsite = [", "\nsitex = ["), encoding="utf-8")
    done = pip_dry_run(register, ".[site]")
    assert "does not provide the extra 'site'" in done.stderr
