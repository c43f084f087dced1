"""The CI templates for the firm's repository: valid for actionlint and for the forges' own
schemas, actions pinned to release commits, the right triggers and full histories, and their
scripts run here, in bash as the forges run them, against a real register with the exit
statuses CI relies on (the GitLab Code Quality report included)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import REPO

GITHUB = yaml.safe_load((REPO / ".github/workflows/klachten.yml").read_text(encoding="utf-8"))
GITLAB = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
ZEROS = "0" * 40
CONSTRAINTS = "constraints.txt"
PINNED = re.compile(r"^[\w-]+/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
# The release commits (read from each action's repository tags); Dependabot moves them on.
ACTIONS = {
    "actions/checkout": "v7.0.1",
    "actions/setup-python": "v7.0.0",
    "actions/upload-artifact": "v7.0.0",
    "actions/upload-pages-artifact": "v5.0.0",
    "actions/deploy-pages": "v5.0.0",
}
# The site job on both forges: the site for Pages, and the same site as one zip for disk.
SITE_SCRIPT = ["mkdocs build --strict", "klacht bundle --out klachtenregister.zip"]
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
SMTP_LOGIN = ("KLACHT_SMTP_USER", "KLACHT_SMTP_PASSWORD")
IDENTITIES = "secrets.KLACHT_AGE_IDENTITIES"
NO_SECRETS = {f"secrets.{name}": "" for name in SMTP_LOGIN} | {IDENTITIES: ""}


def steps(job: str) -> list[dict]:
    return GITHUB["jobs"][job]["steps"]


def runs(job: str) -> list[str]:
    return [step["run"].strip() for step in steps(job) if "run" in step]


def tool(name: str) -> str:
    """A command of the test extra, from this interpreter's venv."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is part of the test extra"
    return found


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_github_template_passes_actionlint():
    """actionlint (a fork that ships its binary on PyPI) knows every action's inputs and runtime,
    and shellchecks nothing here (no shellcheck): a Node 20 action or an unknown input fails."""
    done = run_tool(tool("actionlint"), "-no-color", ".github/workflows/klachten.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_fails_on_a_node20_action(tmp_path):
    old = (REPO / ".github/workflows/klachten.yml").read_text(encoding="utf-8")
    old = re.sub(r"actions/checkout@\S+ # \S+", "actions/checkout@v4", old)
    (tmp_path / "old.yml").write_text(old, encoding="utf-8")
    done = run_tool(tool("actionlint"), "-no-color", str(tmp_path / "old.yml"))
    assert done.returncode == 1 and 'runtime "node20" is deprecated' in done.stdout


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-workflows", ".github/workflows/klachten.yml"),
        ("vendor.dependabot", ".github/dependabot.yml"),
        ("vendor.gitlab-ci", ".gitlab-ci.yml"),
    ],
)
def test_templates_match_the_forges_schemas(schema, path):
    done = run_tool(tool("check-jsonschema"), "--builtin-schema", schema, path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_gitlab_schema_is_not_a_formality(tmp_path):
    broken = {**GITLAB, "pages": {**GITLAB["pages"], "rules": "always"}}
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    done = run_tool(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.gitlab-ci",
        str(tmp_path / "broken.yml"),
    )
    assert done.returncode == 1


def test_actions_pinned_to_release_commits():
    uses = [s["uses"] for job in GITHUB["jobs"].values() for s in job["steps"] if "uses" in s]
    lines = (REPO / ".github/workflows/klachten.yml").read_text(encoding="utf-8").splitlines()
    pinned = [line.split("uses: ", 1)[1] for line in lines if "uses: " in line]
    assert len(pinned) == len(uses) == 9
    assert all(PINNED.match(line) for line in pinned), pinned
    assert {line.split("@")[0]: line.split("# ")[1] for line in pinned} == ACTIONS
    dependabot = yaml.safe_load((REPO / ".github/dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in dependabot["updates"]}
    assert ecosystems == {("github-actions", "/"), ("pip", "/")}


def test_installs_are_pinned_and_cached():
    """Every install uses the constraints file; pip's cache is kept between runs on both forges;
    checks install the core only, the site job the `site` extra."""
    for job in ("check", "deadlines", "site"):
        setup = next(s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python"))
        assert setup["with"]["cache"] == "pip"
        assert setup["with"]["cache-dependency-path"].split() == ["pyproject.toml", CONSTRAINTS]
    assert runs("site")[0] == f"pip install -c {CONSTRAINTS} -e '.[site]'"
    assert GITLAB["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert GITLAB["default"]["cache"]["paths"] == [".cache/pip"]
    assert GITLAB["site"]["before_script"] == [f"pip install -c {CONSTRAINTS} -e '.[site]'"]


def test_constraints_pin_every_library_within_the_ranges():
    """The constraints file pins the core and the site stack, each version inside pyproject's
    range, so `pip install -c` of the templates can always be satisfied; the package carries it,
    and `klacht init` puts it beside the templates in a new register."""
    from klacht import initialize

    text = (REPO / CONSTRAINTS).read_bytes()
    assert (REPO / "scripts/klacht/constraints.txt").read_bytes() == text
    assert initialize.files("gitlab")["constraints.txt"] == text
    from packaging.requirements import Requirement

    pins: dict[str, list[str]] = {}
    for line in (REPO / CONSTRAINTS).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, rest = line.partition("==")
            pins.setdefault(name.lower(), []).append(rest.split(";")[0].strip())
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["site"]]
    for text in wanted:
        requirement = Requirement(text)
        versions = pins[requirement.name.lower()]
        assert all(requirement.specifier.contains(v) for v in versions), (text, versions)


def test_github_triggers_and_full_history():
    on = GITHUB[True]  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert on["push"] is None and on["pull_request"] is None  # every branch
    assert on["schedule"] == [{"cron": "0 6 * * 1-5"}]
    checkouts = [
        s
        for job in GITHUB["jobs"].values()
        for s in job["steps"]
        if s.get("uses", "").startswith("actions/checkout")
    ]
    assert len(checkouts) == 3 and all(s["with"]["fetch-depth"] == 0 for s in checkouts)
    assert GITHUB["permissions"] == {"contents": "read"}


def test_github_jobs():
    jobs = GITHUB["jobs"]
    assert "if" not in jobs["check"]  # checks run on every event
    assert runs("check")[0] == f"pip install -c {CONSTRAINTS} -e ."
    assert runs("check")[2] == "klacht check --format github"
    for job in ("check", "deadlines", "site"):  # privacy mode's keys, right after the install
        assert steps(job)[3]["env"] == {"IDENTITIES": "${{ secrets.KLACHT_AGE_IDENTITIES }}"}
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
    assert runs("site")[2:] == SITE_SCRIPT
    bundle = steps("site")[-2]  # the zip as a file of its own (no zip in a zip), not for long
    assert bundle["uses"].startswith("actions/upload-artifact@")
    assert bundle["with"] == {
        "path": "klachtenregister.zip",
        "archive": False,
        "retention-days": 14,
        "if-no-files-found": "error",
    }
    assert steps("site")[-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert steps("site")[-1]["with"] == {"path": "public"}
    assert jobs["publish"]["needs"] == "site"
    assert jobs["publish"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["publish"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert jobs["publish"]["if"] == "vars.PUBLISH_PAGES == 'true'"


def test_github_expressions_stay_out_of_scripts():
    """Branch names reach the shell through env, never pasted into a script (injection)."""
    assert not any(EXPRESSION.search(run) for job in GITHUB["jobs"] for run in runs(job))


def test_gitlab_jobs_and_full_history():
    assert GITLAB["variables"]["GIT_DEPTH"] == "0"
    assert GITLAB["stages"] == ["check", "site"]
    assert GITLAB["default"]["before_script"] == [f"pip install -c {CONSTRAINTS} -e ."]
    assert "rules" not in GITLAB["check"]
    assert GITLAB["check"]["script"] == [
        "klacht check --format gitlab > gl-code-quality-report.json || true",
        "klacht check",
    ]
    assert GITLAB["check"]["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality-report.json"},
    }
    assert GITLAB["audit-merge-request"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}
    ]
    assert GITLAB["audit-push"]["rules"] == [
        {"if": f'$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BEFORE_SHA != "{ZEROS}"'}
    ]
    assert GITLAB["deadlines"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert GITLAB["deadlines"]["script"] == ["klacht deadlines"]
    site = GITLAB["site"]
    assert site["needs"] == ["check"]  # not held back when the deadlines job fails
    assert site["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert site["script"] == SITE_SCRIPT
    assert site["artifacts"] == {
        "paths": ["public", "klachtenregister.zip"],
        "expire_in": "14 days",
    }
    pages = GITLAB["pages"]  # GitLab deploys the job named `pages`: gated like PUBLISH_PAGES
    assert pages["needs"] == ["site"] and pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [
        {"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $PUBLISH_PAGES == "true"'}
    ]


def bash(script: str, root, env: dict[str, str]) -> int:
    """Exit status of `script` run as the forges run it: bash, stop at the first failure."""
    done = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=root,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    return done.returncode


def github_step(job: str, step: dict, root, context: dict[str, str]) -> int:
    env = {
        k: EXPRESSION.sub(lambda m: context[m.group(1)], v) for k, v in step.get("env", {}).items()
    }
    return bash(step["run"], root, env)


def github_results(root, context: dict[str, str]) -> dict[str, int]:
    named = {"check": steps("check")[4:], "deadlines": steps("deadlines")[4:]}
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
        "check 0": 0,
        "check 1": 0,
        "check 2": 0,
        "deadlines 0": 1,
        "deadlines 1": 2,
    }
    assert gitlab_results(project.root, gitlab_env) == {
        "check": 0,
        "audit-merge-request": 0,
        "audit-push": 0,
        "deadlines": 1,
    }


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


def test_gitlab_code_quality_report_names_file_and_line(forge):
    """The check job's report: valid JSON GitLab reads, the problem at its file and line, the
    record's text as data; and `[]` when all is well."""
    project, _ = forge
    script = "\n".join(GITLAB["check"]["script"])
    assert bash(script, project.root, {}) == 0
    report = project.root / "gl-code-quality-report.json"
    assert json.loads(report.read_text(encoding="utf-8")) == []
    path = project.path_of("K-2025-002")
    path.write_text(path.read_text(encoding="utf-8").replace("channel: phone", "channel: fax"))
    assert bash(script, project.root, {}) == 1
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert len(issues) == 1
    issue = issues[0]
    assert issue["location"] == {"path": "complaints/2025/K-2025-002.yaml", "lines": {"begin": 4}}
    assert "fax" in issue["description"] and issue["severity"] == "major"
    assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    assert bash(script, project.root, {}) == 1  # the same problem keeps its fingerprint
    assert json.loads(report.read_text(encoding="utf-8"))[0]["fingerprint"] == issue["fingerprint"]


def test_privacy_keys_reach_the_job_as_a_file_only_it_reads(tmp_path):
    """The keys step writes the secret to a file that only the runner's user reads and names it
    in KLACHT_IDENTITIES for the later steps; without the secret it writes nothing."""
    github_env = tmp_path / "github_env"
    env = {"RUNNER_TEMP": str(tmp_path), "GITHUB_ENV": str(github_env)}
    keys = steps("check")[3]
    assert keys["env"] == {"IDENTITIES": f"${{{{ {IDENTITIES} }}}}"}
    secret = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
    assert github_step("check", keys, tmp_path, {IDENTITIES: ""}) == 0
    assert not github_env.exists() and not (tmp_path / "klacht-identities").exists()
    assert bash(keys["run"], tmp_path, {"IDENTITIES": secret, **env}) == 0
    identities = tmp_path / "klacht-identities"
    assert identities.read_text(encoding="utf-8") == secret + "\n"
    assert identities.stat().st_mode & 0o077 == 0
    assert github_env.read_text(encoding="utf-8") == f"KLACHT_IDENTITIES={identities}\n"


def test_push_audit_fails_when_the_old_commit_is_gone(forge):
    """A force push whose old commit the forge no longer has: the fetch fails, so the job does."""
    project, _ = forge
    gone = "1234567" * 5 + "89abc"
    push_step = steps("check")[6]
    assert github_step("check", push_step, project.root, {"github.event.before": gone}) != 0
    script = "\n".join(GITLAB["audit-push"]["script"])
    assert bash(script, project.root, {"CI_COMMIT_BEFORE_SHA": gone}) != 0


def test_site_job_builds_the_site_and_the_zip_that_opens_from_disk(project):
    """The site job's script, run as the forges run it in a register with the site's pages: the
    site for Pages and the zip for the artifacts, with the complaint's page in both."""
    shutil.copy(REPO / "mkdocs.yml", project.root)
    shutil.copytree(REPO / "site", project.root / "site")
    project.record("K-2026-001", received="2026-11-18T10:00:00+01:00")
    project.commit("Klacht K-2026-001 geregistreerd")
    assert bash("\n".join(SITE_SCRIPT), project.root, {"NO_MKDOCS_2_WARNING": "1"}) == 0
    assert (project.root / "public/klachten/K-2026-001/index.html").is_file()
    with zipfile.ZipFile(project.root / "klachtenregister.zip") as archive:
        names = set(archive.namelist())
    assert {"klachtenregister/index.html", "klachtenregister/klachten/K-2026-001.html"} <= names


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
