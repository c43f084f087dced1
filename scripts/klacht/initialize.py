"""A new register from the package's skeleton: settings with a dependency on this version of the
package, the site configuration and hand-written pages, the schema for editors, CI for one forge,
Git's and pre-commit's configuration, and an empty complaints folder.

`files` is what a new register holds (pure); `create` writes it into an empty folder.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from klacht import __version__, packaged

FORGES = ("github", "gitlab")
# Skeleton names that stand for dot files (package data leaves dot files out).
_DOT = "dot-"


class NotEmpty(Exception):
    """The target folder holds something already: nothing was written."""


def _target_name(relative: Path) -> str:
    return "/".join(
        "." + part[len(_DOT) :] if part.startswith(_DOT) else part for part in relative.parts
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        _target_name(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "forge" not in path.relative_to(folder).parts[:1]
    }


def files(forge: str = "github", version: str = __version__) -> dict[str, bytes]:
    """Every file of a new register by its path, for `forge` (github or gitlab)."""
    skeleton = packaged.SKELETON
    tree = _tree(skeleton)
    tree |= _tree(skeleton / "forge" / forge)
    template = tree.pop("pyproject.toml.in").decode("utf-8")
    settings = template.replace("@VERSION@", version).replace("@FORGE@", forge)
    tree["pyproject.toml"] = settings.encode("utf-8")
    tree["schema/complaint.schema.json"] = packaged.SCHEMA.read_bytes()
    tree["complaints/.gitkeep"] = b""
    return tree


def create(target: Path, forge: str = "github") -> list[str]:
    """Write a new register into `target` (made if missing; a Git repository, made if missing).
    NotEmpty when `target` holds anything but an empty Git repository."""
    if target.exists() and (not target.is_dir() or any(p.name != ".git" for p in target.iterdir())):
        raise NotEmpty(str(target))
    content = files(forge)
    target.mkdir(parents=True, exist_ok=True)
    if not (target / ".git").exists():
        subprocess.run(
            ["git", "init", "-q", "-b", "main", str(target)], check=True, capture_output=True
        )
    for name, data in content.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sorted(content)
