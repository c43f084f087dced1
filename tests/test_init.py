"""`klacht init` makes a register that works at once, from a wheel of this package installed in a
clean virtual environment; the schema's copy is checked against the packaged one; a register of
the previous version upgrades."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import GIT_ENV, REPO, Project
from klacht import __version__, initialize, packaged

# What a wheel is built from (the tree as it is now, symlinks kept relative).
SOURCES = [
    "pyproject.toml",
    "README.md",
    "mkdocs.yml",
    ".gitlab-ci.yml",
    ".github",
    "scripts",
    "schema",
    "site",
    "complaints",
]
PREVIOUS = Path(__file__).parent / "fixtures" / "init-0.1.0"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtual environment with a wheel of this package built from a copy of this checkout.

    The wheel is installed without its dependencies, which come from the test environment's
    site-packages through a .pth line (installing matplotlib, MkDocs and the rest anew would take
    minutes); the test environment's editable install of this checkout is not visible there.
    """
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name,
                source / name,
                symlinks=True,
                ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"),
            )
        else:
            shutil.copy2(REPO / name, source / name)
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist", source],
        check=True,
        capture_output=True,
    )
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    wheel = next((work / "dist").glob("klachtenregister-*.whl"))
    subprocess.run(
        [*pip, "--python", venv / "bin" / "python", "install", "--no-deps", wheel],
        check=True,
        capture_output=True,
    )
    purelib = next((venv / "lib").glob("python3*/site-packages"))
    (purelib / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def run(venv: Path, cwd: Path, *command: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        **GIT_ENV,
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "NO_MKDOCS_2_WARNING": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{command}: {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def test_a_new_register_from_the_installed_wheel(installed, tmp_path):
    """init, new, check, the site and the pre-commit hook, all with the wheel's klacht."""
    where = run(installed, tmp_path, "python", "-c", "import klacht; print(klacht.__file__)")
    assert where.stdout.startswith(str(installed)), where.stdout  # not this checkout
    register = tmp_path / "firma"
    made = run(installed, tmp_path, "klacht", "init", "firma", "--forge", "gitlab")
    assert "firma" in made.stdout
    assert (register / ".gitlab-ci.yml").is_file() and not (register / ".github").exists()
    assert (register / ".git").is_dir() and (register / "complaints").is_dir()
    pyproject = (register / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"klachtenregister[site]=={__version__}"' in pyproject
    assert "*.docx binary" in (register / ".gitattributes").read_text(encoding="utf-8")

    new = run(
        installed,
        register,
        "klacht",
        "new",
        "--received-by",
        "Anouk Verbeek",
        "--channel",
        "telefoon",
        "--name",
        "Fictief Bedrijf B.V.",
        "--phone",
        "073-1234567",
        "--email",
        "",
        "--summary",
        "Rapportage te laat.",
        "--category",
        "communication",
        "--severity",
        "normal",
    )
    year = next((register / "complaints").iterdir())
    record = next(year.glob("K-*.yaml"))
    assert record.name in new.stdout + new.stderr
    checked = run(installed, register, "klacht", "check")
    assert "schema" not in checked.stderr  # the copy is current: nothing said about it
    run(installed, register, "python", "-m", "mkdocs", "build", "--strict")
    assert (register / "public" / "klachten" / record.stem / "index.html").is_file()

    # The pre-commit hook of the register runs the environment's klacht on a commit.
    run(installed, register, "git", "add", "-A")
    hook = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    os.environ.update(home)
    try:
        assert "klacht check" in run(installed, register, *hook).stdout
        record.write_text(record.read_text(encoding="utf-8").replace("summary:", "sumary:"))
        failed = run(installed, register, *hook, check=False)
        assert failed.returncode == 1 and "sumary" in failed.stdout
    finally:
        for key in home:
            os.environ.pop(key)

    # A folder that is not empty is refused, and nothing in it changes.
    before = sorted((p, p.stat().st_mtime_ns) for p in register.rglob("*") if ".git" not in p.parts)
    refused = run(installed, tmp_path, "klacht", "init", "firma", check=False)
    assert refused.returncode == 2 and "niet leeg" in refused.stderr
    assert before == sorted(
        (p, p.stat().st_mtime_ns) for p in register.rglob("*") if ".git" not in p.parts
    )


def test_init_files_for_each_forge():
    github, gitlab = initialize.files("github"), initialize.files("gitlab")
    assert ".github/workflows/klachten.yml" in github and ".gitlab-ci.yml" not in github
    assert ".gitlab-ci.yml" in gitlab and ".github/workflows/klachten.yml" not in gitlab
    for name in (
        "mkdocs.yml",
        "site/procedure.md",
        "site/handleiding.md",
        "site/bewaartermijn.md",
        ".gitignore",
        ".gitattributes",
        ".pre-commit-config.yaml",
        "complaints/.gitkeep",
        "schema/complaint.schema.json",
    ):
        assert name in github
    assert github["schema/complaint.schema.json"] == packaged.SCHEMA.read_bytes()
    assert not any(name.startswith("dot-") or "/dot-" in name for name in github)
    assert "@VERSION@" not in github["pyproject.toml"].decode()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, cli):
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "notes.txt").write_text("van ons")
    code, out, err = cli(tmp_path, "init", str(tmp_path / "register"))
    assert (code, out) == (2, "")
    assert "niet leeg" in err and "niets" in err
    assert [p.name for p in (tmp_path / "register").iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    assert cli(tmp_path, "--lang", "en", "init", str(tmp_path / "file"))[0] == 2
    assert not (tmp_path / "file.git").exists()


def test_init_into_an_empty_git_repository(tmp_path, cli):
    project = tmp_path / "leeg"
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    code, out, _ = cli(tmp_path, "init", str(project))
    assert code == 0 and (project / "pyproject.toml").is_file()
    assert cli(project, "check")[0] == 0


def test_the_repository_copy_of_the_schema_is_the_packaged_one(cli):
    """This example register's schema/ is what the package carries (scripts/klacht/schemas is a
    link to it): `klacht check` says nothing about it."""
    assert packaged.SCHEMA.read_bytes() == (REPO / "schema" / "complaint.schema.json").read_bytes()
    code, out, _ = cli(REPO, "schema")
    assert code == 0 and "versie 1." in out


def _with_version(project: Project, version: str, extra: str = "") -> None:
    text = packaged.schema_text().replace(
        f'"version": "{".".join(map(str, packaged.version_of(packaged.schema_text())))}"',
        f'"version": "{version}"',
    )
    project.write(
        "schema/complaint.schema.json",
        text.replace('"title": "Klacht"', extra, 1) if extra else text,
    )


def test_check_says_when_the_copy_is_outdated_and_how_to_refresh_it(project, cli):
    project.record("K-2026-001")
    _with_version(project, "0.9", '"title": "Klacht (oud)"')
    code, out, err = cli(project.root, "check")
    assert code == 0  # the records are valid all the same: checked with the packaged schema
    assert "schema/complaint.schema.json is verouderd (versie 0.9" in err
    assert "klacht schema --write" in err
    code, out, _ = cli(project.root, "check", "--format", "github")
    assert out.startswith("::warning file=schema/complaint.schema.json,line=1,col=1,")
    assert cli(project.root, "--lang", "en", "schema")[:2] == (1, "")
    code, out, _ = cli(project.root, "schema", "--write")
    assert code == 0 and "ververst" in out
    assert project.path_of("K-2026-001").exists()
    assert (
        project.root / "schema/complaint.schema.json"
    ).read_bytes() == packaged.SCHEMA.read_bytes()
    assert "schema" not in cli(project.root, "check")[2]


def test_copy_edited_newer_or_missing(project, cli):
    project.record("K-2026-001")
    _with_version(project, "99.0")
    assert "nieuwer (versie 99.0)" in cli(project.root, "check")[2]
    project.write("schema/complaint.schema.json", "{kapot")
    assert "wijkt af" in cli(project.root, "check")[2]
    _with_version(
        project,
        ".".join(map(str, packaged.version_of(packaged.schema_text()))),
        '"title": "Eigen titel"',
    )
    assert "wijkt af" in cli(project.root, "check")[2]
    assert "differs" in cli(project.root, "--lang", "en", "check")[2]


def test_validation_uses_the_packaged_schema_not_the_copy(project, cli):
    """A copy edited to allow anything changes nothing: klacht checks with its own schema."""
    project.record("K-2026-001", channel="fax")
    project.write("schema/complaint.schema.json", '{"version": "1.0"}')
    code, out, _ = cli(project.root, "check")
    assert code == 1 and "fax" in out


def test_upgrade_a_register_made_by_the_previous_version(tmp_path, cli):
    """The README's upgrade: a register from the previous version's `klacht init` (a copy of its
    output), the version pin raised, the schema copy refreshed, checked and built."""
    register = tmp_path / "firma"
    shutil.copytree(PREVIOUS, register)
    project = Project.__new__(Project)
    project.root = register
    project.git("init", "-q", "-b", "main")
    project.record("K-2026-001")
    project.commit("Klacht K-2026-001 geregistreerd")
    pyproject = register / "pyproject.toml"
    old = pyproject.read_text(encoding="utf-8")
    assert '"klachtenregister[site]==0.1.0"' in old
    pyproject.write_text(old.replace("==0.1.0", f"=={__version__}"), encoding="utf-8")
    code, _, err = cli(register, "check")
    assert code == 0
    cli(register, "schema", "--write")
    assert cli(register, "schema")[0] == 0
    assert "schema" not in cli(register, "check")[2]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=register,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (register / "public" / "klachten" / "K-2026-001" / "index.html").is_file()


def test_documents_are_binary_in_a_new_register(tmp_path, cli):
    """Every file in a complaint's folder is a document: Git never diffs, merges or converts the
    line ends of one, a .txt or .eml included; records stay text."""
    import subprocess

    register = tmp_path / "register"
    assert cli(tmp_path, "init", str(register))[0] == 0
    paths = [
        "complaints/2026/K-2026-001/notitie.txt",
        "complaints/2026/K-2026-001/mail.eml",
        "complaints/2026/K-2026-001/brief.pdf",
        "complaints/2026/K-2026-001.yaml",
    ]
    done = subprocess.run(
        ["git", "check-attr", "diff", "merge", "text", "--", *paths],
        cwd=register,
        capture_output=True,
        text=True,
        check=True,
    )
    found = {tuple(line.split(": ")[:2]): line.split(": ")[2] for line in done.stdout.splitlines()}
    for path in paths[:3]:
        assert (found[path, "diff"], found[path, "merge"], found[path, "text"]) == (
            "unset",
            "unset",
            "unset",
        )
    assert found[paths[3], "text"] == "set"
