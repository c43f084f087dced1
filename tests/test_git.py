"""The one Git module and the one cache helper: errors, refs, blob ids, NUL-safe logs, and cache
files that are atomic, fingerprinted and never committed."""

from __future__ import annotations

import marshal
import subprocess

import pytest
from test_history import crafted_commit

from klacht import cache, git


def test_git_error_has_a_dutch_and_an_english_message(project):
    with pytest.raises(git.GitError) as caught:
        git.run(project.root, "rev-parse", "--verify", "bestaat-niet")
    assert caught.value.command == "rev-parse"
    assert caught.value.message("nl").startswith("git rev-parse mislukte: ")
    assert caught.value.message("en").startswith("git rev-parse failed: ")
    assert str(caught.value) == caught.value.message("nl")


def test_blob_id_is_what_git_hash_object_gives(project):
    raw = "id: K-2026-001\r\nnaam: Zoë \x00\x01\n".encode()
    expected = (
        subprocess.run(
            ["git", "hash-object", "--stdin"], input=raw, capture_output=True, check=True
        )
        .stdout.decode()
        .strip()
    )
    assert git.blob_id(raw, git.object_format(project.root)) == expected


def test_refs_default_branch_and_ancestry(project):
    project.record("K-2026-001")
    first = project.commit("een")
    project.git("checkout", "-q", "-b", "tak")
    project.record("K-2026-002")
    second = project.commit("twee")
    assert git.current_branch(project.root) == "refs/heads/tak"
    assert git.branches(project.root) == ["refs/heads/main", "refs/heads/tak"]
    assert git.default_branch(project.root) == "refs/heads/main"
    assert git.merge_base(project.root, "HEAD", "main") == first
    assert git.is_ancestor(project.root, first) is True
    assert git.is_ancestor(project.root, second, first) is False
    with pytest.raises(git.GitError):
        git.is_ancestor(project.root, "bestaat-niet")
    assert git.resolve(project.root, "bestaat-niet") is None
    assert git.is_shallow(project.root) is False
    assert git.is_shallow(project.root.parent) is False  # no repository at all


def test_log_takes_no_content_for_structure(project):
    project.record("K-2026-001")
    project.commit("een")
    project.record("K-2026-001", summary="Gewijzigd.")
    project.git("add", "-A")
    forged = b"x\x01" + b"f" * 40 + b"\x1fVervalst\x1fv@x\x1f2020-01-01T00:00:00+00:00\x1fnep"
    sha = crafted_commit(project, b"Ev\x01il\x1f <e@x>", forged + b"\nregel twee\n\x00verborgen")
    (commit, files), _ = list(git.log(project.root, "--", "complaints"))
    assert commit.sha == sha
    assert commit.author == "Ev\x01il\x1f"
    assert commit.subject == forged.decode() + " regel twee"
    assert commit.authored.isoformat() == "2025-11-18T10:50:00+01:00"
    assert [(f.status, f.new_path) for f in files] == [("M", "complaints/2026/K-2026-001.yaml")]


def test_log_survives_a_nul_in_a_name(project):
    project.record("K-2026-001")
    project.commit("een")
    project.record("K-2026-001", summary="Gewijzigd.")
    project.git("add", "-A")
    sha = crafted_commit(project, b"Ev\x00il <e@x>", b"onderwerp\x00rest\n")
    (commit, files), _ = list(git.log(project.root, "--", "complaints"))
    assert (commit.sha, commit.author, commit.subject) == (sha, "", "onderwerp")
    assert commit.authored == commit.committed  # Git left the author date unexpanded
    assert len(files) == 1


def test_log_paths_with_newlines_and_colons(project):
    project.write("complaints/2026/\n:100644 x.yaml", "id: x\n")
    project.commit("rare naam")
    ((_, files),) = list(git.log(project.root, "--", "complaints"))
    assert [f.new_path for f in files] == ["complaints/2026/\n:100644 x.yaml"]


def test_cache_file_is_atomic_fingerprinted_and_ignored_by_git(project):
    (project.root / ".gitignore").write_text("", encoding="utf-8")  # the register ignores nothing
    folder = project.root / ".cache" / "klacht"
    key = cache.fingerprint("a", project.root / "pyproject.toml")
    cache.store(folder / "x.marshal", key, {"data": [1, 2]})
    assert cache.load(folder / "x.marshal", key) == {"data": [1, 2]}
    assert cache.load(folder / "x.marshal", cache.fingerprint("b")) is None
    (folder / "kapot.marshal").write_bytes(b"\x00kapot")
    assert cache.load(folder / "kapot.marshal", key) is None
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "kapot.marshal", "x.marshal"]
    (folder / ".x.marshal.1234.tmp").write_bytes(marshal.dumps({}))  # as a killed run leaves it
    status = project.git("status", "--porcelain", "--untracked-files=all")
    assert ".gitignore" in status and ".cache" not in status


def test_every_cache_of_a_register_stays_out_of_git(project, cli):
    (project.root / ".gitignore").unlink()
    project.record("K-2026-001")
    project.commit("een")
    assert cli(project.root, "check")[0] == 0
    assert cli(project.root, "history", "K-2026-001")[0] == 0
    assert (project.root / ".cache/klacht/history.marshal").is_file()
    assert (project.root / ".cache/klacht/checks.marshal").is_file()
    assert project.git("status", "--porcelain", "--untracked-files=all") == ""
