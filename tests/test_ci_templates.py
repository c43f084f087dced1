"""The CI templates for the firm's repository: valid, with the right triggers, and their klacht
commands run here against a real register with the exit statuses CI relies on."""

from __future__ import annotations

import os
import shlex
import subprocess
from string import Template

import yaml

from conftest import REPO

GITHUB = yaml.safe_load((REPO / ".github/workflows/klachten.yml").read_text(encoding="utf-8"))
GITLAB = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))


def github_runs(job: str) -> list[str]:
    return [step["run"] for step in GITHUB["jobs"][job]["steps"] if "run" in step]


def test_github_triggers_and_full_history():
    on = GITHUB[True]  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert on["schedule"] == [{"cron": "0 6 * * 1-5"}]
    for job in GITHUB["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["fetch-depth"] == 0
    assert "klacht check --format github" in github_runs("check")
    assert "schedule" in GITHUB["jobs"]["deadlines"]["if"]
    assert github_runs("deadlines")[-1] == "klacht deadlines --format github"
    assert "mkdocs build --strict" in github_runs("site")


def test_gitlab_jobs_and_full_history():
    assert GITLAB["variables"]["GIT_DEPTH"] == "0"
    assert GITLAB["check"]["script"] == ["klacht check"]
    assert GITLAB["deadlines"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert GITLAB["audit"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert GITLAB["pages"]["artifacts"]["paths"] == ["public"]


def run(command: str, root, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(shlex.split(command), cwd=root, env={**os.environ, **env},
                          capture_output=True, text=True)  # fmt: skip


def test_template_commands_run_against_a_register(project):
    project.record("K-2026-001", received="2026-11-18T10:42:00+01:00")
    project.commit("basis")
    project.git("branch", "doel")
    project.record("K-2026-002")
    project.commit("nieuwe klacht")
    project.git("update-ref", "refs/remotes/origin/doel", "doel")
    commands = {
        "github check": (github_runs("check")[1], {}),
        "github audit": (github_runs("check")[2].replace("${{ github.base_ref }}", "doel"), {}),
        "github deadlines": (github_runs("deadlines")[1], {}),
        "gitlab check": (GITLAB["check"]["script"][0], {}),
        "gitlab audit": (GITLAB["audit"]["script"][1].replace('"', ""), {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "doel"}),
        "gitlab deadlines": (GITLAB["deadlines"]["script"][0], {}),
    }  # fmt: skip
    results = {}
    for name, (command, env) in commands.items():
        results[name] = run(Template(command).safe_substitute(env), project.root, env).returncode
    # K-2026-001's triage (received 18 November) is overdue today: the deadline jobs turn red.
    assert results == {"github check": 0, "github audit": 0, "github deadlines": 1,
                       "gitlab check": 0, "gitlab audit": 0, "gitlab deadlines": 1}  # fmt: skip
    project.path_of("K-2026-001").unlink()
    assert run(commands["github audit"][0], project.root, {}).returncode == 1
