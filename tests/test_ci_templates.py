"""The CI templates for the firm's repository: valid YAML with the right triggers and full
histories, and their scripts run here, in bash as the forges run them, against a real register
with the exit statuses CI relies on."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml

from conftest import REPO

GITHUB = yaml.safe_load((REPO / ".github/workflows/klachten.yml").read_text(encoding="utf-8"))
GITLAB = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
ZEROS = "0" * 40
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
SMTP_LOGIN = ("KLACHT_SMTP_USER", "KLACHT_SMTP_PASSWORD")
NO_SECRETS = {f"secrets.{name}": "" for name in SMTP_LOGIN}


def steps(job: str) -> list[dict]:
    return GITHUB["jobs"][job]["steps"]


def runs(job: str) -> list[str]:
    return [step["run"].strip() for step in steps(job) if "run" in step]


def test_github_triggers_and_full_history():
    on = GITHUB[True]  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert on["push"] is None and on["pull_request"] is None  # every branch
    assert on["schedule"] == [{"cron": "0 6 * * 1-5"}]
    checkouts = [s for job in GITHUB["jobs"].values() for s in job["steps"]
                 if s.get("uses", "").startswith("actions/checkout")]  # fmt: skip
    assert len(checkouts) == 3 and all(s["with"]["fetch-depth"] == 0 for s in checkouts)
    assert GITHUB["permissions"] == {"contents": "read"}


def test_github_jobs():
    jobs = GITHUB["jobs"]
    assert "if" not in jobs["check"]  # checks run on every event
    assert runs("check")[:2] == ["pip install -e .", "klacht check --format github"]
    audits = {s["if"]: s for s in steps("check") if "klacht audit" in s.get("run", "")}
    assert sorted(audits) == [
        "github.event_name == 'pull_request'",
        f"github.event_name == 'push' && github.event.before != '{ZEROS}'",
    ]
    assert all("--format github" in s["run"] for s in audits.values())
    assert jobs["deadlines"]["if"] == (
        "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    )
    assert runs("deadlines")[-2:] == ["klacht deadlines --format github", "klacht digest --send"]
    digest = steps("deadlines")[-1]
    assert digest["if"] == "${{ !cancelled() }}"  # also after a red deadline check
    assert digest["env"] == {name: f"${{{{ secrets.{name} }}}}" for name in SMTP_LOGIN}
    assert jobs["site"]["needs"] == "check"
    assert "github.event_name != 'pull_request'" in jobs["site"]["if"]
    assert "mkdocs build --strict" in runs("site")
    assert steps("site")[-1] == {"uses": "actions/upload-pages-artifact@v3",
                                 "with": {"path": "public"}}  # fmt: skip
    assert jobs["publish"]["needs"] == "site"
    assert jobs["publish"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["publish"]["steps"][0]["uses"] == "actions/deploy-pages@v4"


def test_github_expressions_stay_out_of_scripts():
    """Branch names reach the shell through env, never pasted into a script (injection)."""
    assert not any(EXPRESSION.search(run) for job in GITHUB["jobs"] for run in runs(job))


def test_gitlab_jobs_and_full_history():
    assert GITLAB["variables"]["GIT_DEPTH"] == "0"
    assert GITLAB["stages"] == ["check", "site"]
    assert GITLAB["default"]["before_script"] == ["pip install -e ."]
    assert "rules" not in GITLAB["check"] and GITLAB["check"]["script"] == ["klacht check"]
    assert GITLAB["audit-merge-request"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}
    ]
    assert GITLAB["audit-push"]["rules"] == [
        {"if": f'$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BEFORE_SHA != "{ZEROS}"'}
    ]
    assert GITLAB["deadlines"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert GITLAB["deadlines"]["script"] == ["klacht deadlines"]
    pages = GITLAB["pages"]
    assert pages["needs"] == ["check"]  # not held back when the deadlines job fails
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["script"] == ["mkdocs build --strict"]
    assert pages["artifacts"]["paths"] == ["public"]


def bash(script: str, root, env: dict[str, str]) -> int:
    """Exit status of `script` run as the forges run it: bash, stop at the first failure."""
    done = subprocess.run(["bash", "-e", "-c", script], cwd=root, env={**os.environ, **env},
                          capture_output=True, text=True)  # fmt: skip
    return done.returncode


def github_step(job: str, step: dict, root, context: dict[str, str]) -> int:
    env = {k: EXPRESSION.sub(lambda m: context[m.group(1)], v) for k, v in step.get("env", {}).items()}  # fmt: skip
    return bash(step["run"], root, env)


def github_results(root, context: dict[str, str]) -> dict[str, int]:
    named = {"check": steps("check")[3:], "deadlines": steps("deadlines")[3:]}
    return {
        f"{job} {i}": github_step(job, step, root, context)
        for job, found in named.items()
        for i, step in enumerate(found)
    }


def gitlab_results(root, env: dict[str, str]) -> dict[str, int]:
    jobs = ("check", "audit-merge-request", "audit-push", "deadlines")
    return {job: bash("\n".join(GITLAB[job]["script"]), root, env) for job in jobs}


@pytest.fixture
def forge(project):
    """A register pushed twice: `doel` is the target branch and the state before the last push;
    `origin` is the repository itself, so the templates' fetches run for real. K-2025-001's
    triage has been overdue since November 2025."""
    project.record("K-2025-001", received="2025-11-18T10:42:00+01:00")
    project.commit("basis")
    project.git("branch", "doel")
    before = project.git("rev-parse", "HEAD").strip()
    project.record("K-2025-002", received="2025-11-19T10:00:00+01:00")
    project.commit("nieuwe klacht")
    project.git("remote", "add", "origin", str(project.root))
    project.git("fetch", "-q", "origin")
    return project, before


def test_template_scripts_run_against_a_register(forge):
    project, before = forge
    context = {"github.base_ref": "doel", "github.event.before": before, **NO_SECRETS}
    gitlab_env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "doel", "CI_COMMIT_BEFORE_SHA": before}
    # Checks and audits pass; the daily deadline jobs turn red on the overdue triage; the
    # morning summary fails (exit 2) while [tool.klacht.mail] is not filled in.
    assert github_results(project.root, context) == {
        "check 0": 0, "check 1": 0, "check 2": 0, "deadlines 0": 1, "deadlines 1": 2,
    }  # fmt: skip
    assert gitlab_results(project.root, gitlab_env) == {
        "check": 0, "audit-merge-request": 0, "audit-push": 0, "deadlines": 1,
    }  # fmt: skip


def test_template_audits_fail_on_a_deleted_record(forge):
    project, before = forge
    project.path_of("K-2025-001").unlink()
    project.commit("klacht verwijderd")
    context = {"github.base_ref": "doel", "github.event.before": before, **NO_SECRETS}
    gitlab_env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "doel", "CI_COMMIT_BEFORE_SHA": before}
    results = github_results(project.root, context)
    assert (results["check 1"], results["check 2"]) == (1, 1)
    results = gitlab_results(project.root, gitlab_env)
    assert (results["audit-merge-request"], results["audit-push"]) == (1, 1)


def test_push_audit_fails_when_the_old_commit_is_gone(forge):
    """A force push whose old commit the forge no longer has: the fetch fails, so the job does."""
    project, _ = forge
    gone = "1234567" * 5 + "89abc"
    push_step = steps("check")[5]
    assert github_step("check", push_step, project.root, {"github.event.before": gone}) != 0
    script = "\n".join(GITLAB["audit-push"]["script"])
    assert bash(script, project.root, {"CI_COMMIT_BEFORE_SHA": gone}) != 0


def test_morning_summary_reaches_the_director(forge, tmp_path):
    """The digest step of both templates, run after the deadline check against a real SMTP
    server on 127.0.0.1: the director gets the summary naming the overdue complaint."""
    from smtp_util import smtp_server

    project, _ = forge
    assert GITLAB["digest"]["needs"] == ["deadlines"]
    assert GITLAB["digest"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "always"}
    ]
    with smtp_server(tmp_path) as server:
        settings = project.root / "pyproject.toml"
        settings.write_text(
            settings.read_text(encoding="utf-8")
            + "[tool.klacht.mail]\n"
            + f'host = "127.0.0.1"\nport = {server.port}\nstarttls = false\n'
            + 'from = "klachten@firma.nl"\nto = ["directeur@firma.nl"]\n',
            encoding="utf-8",
        )
        assert github_step("deadlines", steps("deadlines")[-1], project.root, NO_SECRETS) == 0
        assert bash("\n".join(GITLAB["digest"]["script"]), project.root, {}) == 0
        messages = server.inbox.messages()
    assert [m["To"] for m in messages] == ["directeur@firma.nl"] * 2
    for message in messages:
        assert "K-2025-001" in message.get_body(("plain",)).get_content()
