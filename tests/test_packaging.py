"""The package as PyPI and a firm get it: an sdist and a wheel built for real (by uv, from the
files Git tracks), with the licence, the classifiers, the version of `klacht.__version__`, the
core dependencies apart from the extras, the constraints file, and no tests in the sdist."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import REPO
from klacht import __version__


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel of a copy of the files Git would commit (the checkout stays
    untouched)."""
    source = tmp_path_factory.mktemp("source")
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "-co", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    for name in tracked.stdout.decode().split("\0"):
        if name and (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv, "uv is part of the test extra"
    done = subprocess.run(
        [uv, "build", "-q", "--out-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return {"sdist": next(out.glob("*.tar.gz")), "wheel": next(out.glob("*.whl"))}


def test_sdist_has_no_tests_and_the_documents(built):
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert not any(name.startswith(("tests/", "benchmarks/", "complaints/")) for name in names)
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml"} <= names
    assert "scripts/klacht/constraints.txt" in names


def test_wheel_metadata(built):
    assert built["wheel"].name == f"klachtenregister-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
        meta = email.message_from_bytes(
            wheel.read(f"klachtenregister-{__version__}.dist-info/METADATA")
        )
    assert {
        "klacht/constraints.txt",
        "klacht/site/assets/klacht.css",
        "klacht/locale/nl/LC_MESSAGES/klacht.mo",
    } <= names
    assert meta["Version"] == __version__ and meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier")
    assert "Natural Language :: Dutch" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert set(meta.get_all("Provides-Extra")) == {"site", "privacy", "test"}
    core = [Requirement(r) for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    assert sorted(r.name.lower() for r in core) == [
        "babel",
        "holidays",
        "jinja2",
        "jsonschema-rs",
        "markupsafe",
        "phonenumbers",
        "pyyaml",
    ]


def test_changelog_names_the_version():
    """A release's CHANGELOG entry is written before its tag `v<version>` (README: Releasing)."""
    headings = [
        line for line in (REPO / "CHANGELOG.md").read_text().splitlines() if line.startswith("## ")
    ]
    assert headings[0] in ("## Unreleased", f"## {__version__}")
    assert f"## {__version__}" in headings
