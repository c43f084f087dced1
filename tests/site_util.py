"""Building the site of a temp register with the real `mkdocs build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

NOW = "2026-11-24T12:00+01:00"


def build_site(project, language: str = "nl") -> Path:
    """Copy mkdocs.yml and the hand-written pages into the project and build it; returns public/."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if language != "nl":
        config = config.replace("language: nl ", f"language: {language} ")
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "site", project.root / "site", dirs_exist_ok=True)
    env = {**os.environ, "KLACHT_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return project.root / "public"
