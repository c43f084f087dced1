"""The core install (`pip install klachtenregister`, the pre-commit hook's): a real virtual
environment with only the package's core dependencies, in which every command but the site's
works, no module of the site stack can be imported, and `klacht pages` names the pip command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import GIT_ENV, REPO, Project

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SITE_STACK = ("mkdocs", "material", "matplotlib", "xlsxwriter", "openpyxl", "icalendar")
NOW = "2026-11-24T12:00+01:00"


@pytest.fixture(scope="module")
def core_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the core dependencies (from PyPI, through uv's cache) and this checkout's
    package on its path (a .pth file: building it here would write into the checkout)."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv, "uv is part of the test extra"
    venv = tmp_path_factory.mktemp("core") / "venv"
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    requirements = venv.parent / "core.txt"
    requirements.write_text("\n".join(PYPROJECT["project"]["dependencies"]), encoding="utf-8")
    install = [uv, "pip", "install", "-q", "--python", str(python), "-r", str(requirements)]
    subprocess.run(install, check=True)
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    (site_packages / "klacht.pth").write_text(str(REPO / "scripts") + "\n", encoding="utf-8")
    return python


def klacht(python: Path, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "KLACHT_NOW": NOW}
    env.pop("KLACHT_LANG", None)
    command = [str(python), "-m", "klacht.cli", "--root", str(root), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_core_dependencies_are_not_the_site_stack():
    names = " ".join(PYPROJECT["project"]["dependencies"]).lower()
    assert not any(module in names for module in SITE_STACK)
    site = " ".join(PYPROJECT["project"]["optional-dependencies"]["site"]).lower()
    assert all(name in site for name in ("mkdocs", "material", "matplotlib", "icalendar"))
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all(not hook.get("additional_dependencies") for hook in hooks)  # the core only


def test_core_venv_has_no_site_stack(core_python):
    probe = f"import importlib.util as u; print([m for m in {SITE_STACK!r} if u.find_spec(m)])"
    done = subprocess.run([str(core_python), "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr


def test_every_core_command_works_without_the_site_stack(core_python, tmp_path):
    project = Project(tmp_path / "register")
    new = ["--received-by", "Anouk Verbeek", "--name", "Jansen B.V.", "--phone", "0612345678"]
    new += ["--summary", "Rapportage te laat", "--now", NOW]
    done = klacht(core_python, project.root, "new", *new)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Klacht K-2026-001 geregistreerd: complaints/2026/K-2026-001.yaml\n"
    project.commit("K-2026-001 geregistreerd")
    done = klacht(core_python, project.root, "check")
    assert done.returncode == 0 and "alles in orde" in done.stdout + done.stderr
    done = klacht(core_python, project.root, "deadlines")  # 1: a deadline is overdue
    assert done.returncode in (0, 1) and "K-2026-001" in done.stdout, done.stderr
    assert "termijnen in totaal" in done.stdout
    done = klacht(core_python, project.root, "register", "--format", "csv")
    assert done.returncode == 0 and "Jansen B.V." in done.stdout, done.stderr
    done = klacht(core_python, project.root, "history", "K-2026-001")
    assert done.returncode == 0 and "Anouk Verbeek" in done.stdout, done.stderr
    done = klacht(core_python, project.root, "audit", "--base", "HEAD")
    assert done.returncode == 0, done.stderr
    project.path_of("K-2026-001").unlink()
    done = klacht(core_python, project.root, "audit", "--base", "HEAD")
    assert done.returncode == 1 and "K-2026-001" in done.stdout + done.stderr


def test_site_command_names_the_extra_in_dutch(core_python, tmp_path):
    project = Project(tmp_path / "register")
    done = klacht(core_python, project.root, "pages", "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("klacht: klacht pages heeft de site-onderdelen nodig, maar ")
    assert done.stderr.endswith("Installeer ze met: pip install 'klachtenregister[site]'\n")
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()
    done = klacht(core_python, project.root, "--lang", "en", "pages", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "Install them with: pip install 'klachtenregister[site]'" in done.stderr


def test_a_check_only_install_checks_a_register_in_privacy_mode(core_python, tmp_path):
    """No pyrage in the core: encrypted values are read as without a key; registering says
    which extra it needs."""
    from klacht import privacy

    project = Project(tmp_path / "register", "\n[tool.klacht.privacy]\nencrypt = true\n")
    _secret, public = privacy.new_identity()
    project.write("keys/2026.pub", public + "\n")
    customer = {
        "name": privacy.encrypt("Jansen B.V.", public),
        "phone": privacy.encrypt("0612345678", public),
    }
    project.record("K-2026-001", customer=customer)
    done = klacht(core_python, project.root, "check")
    assert done.returncode == 0 and "alles in orde" in done.stdout + done.stderr, done.stderr
    done = klacht(core_python, project.root, "register", "--format", "csv")
    assert done.returncode == 0 and "[versleuteld]" in done.stdout, done.stderr
    new = ["--received-by", "Anouk", "--name", "Piet", "--phone", "0612345678"]
    done = klacht(core_python, project.root, "new", *new, "--summary", "Te laat", "--now", NOW)
    assert done.returncode == 1 and "pip install 'klachtenregister[privacy]'" in done.stderr
