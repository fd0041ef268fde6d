"""The composite GitHub Action in `action.yml`, run as a GitHub runner runs it.

`Runner` does the runner's part: it fills in each step's `${{ ... }}` expressions from the contexts
a runner gives (`github.action_path`, `runner.temp`, `inputs.*`, `steps.*.outputs.*`), decides
each step's `if:`, gives each step its `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` files and runs its
script with `bash --noprofile --norc -eo pipefail` in the workspace. The install step pip-installs
this project from a clean copy of it (PyPI and pip's cache), once for the module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .support import (
    EMPTY_FIELD_LINE,
    FILLED_NOTE,
    ROOT,
    STRIPE_NOTE,
    Snapshot,
    clean_env,
    missing,
)
from .support import write_notes_repo as write_workspace

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
CONDITION = re.compile(r"^([\w.-]+)\s*(==|!=)\s*'([^']*)'$")
ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
ESCAPE = re.compile(r"%(25|0D|0A|3A|2C)")
INPUTS = {"paths", "version", "args", "fail-on-findings", "sarif-file", "summary"}


def _load_action() -> dict[str, Any]:
    try:
        import yaml
    except ImportError:
        missing("PyYAML is not installed (it comes with pre-commit: pip install -e '.[test]')")
    with (ROOT / "action.yml").open(encoding="utf-8") as file:
        action: dict[str, Any] = yaml.safe_load(file)
    return action


@dataclass
class StepRun:
    name: str
    skipped: bool
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""


@dataclass
class Runner:
    """The part of a GitHub runner that runs a composite action's steps."""

    action_path: Path
    workspace: Path
    temp: Path
    inputs: dict[str, str]
    steps: dict[str, dict[str, str]] = field(default_factory=dict)
    count: int = 0

    def lookup(self, name: str) -> str:
        contexts: dict[str, Any] = {
            "github": {"action_path": str(self.action_path), "workspace": str(self.workspace)},
            "runner": {"temp": str(self.temp), "os": "Linux"},
            "inputs": self.inputs,
            "steps": {key: {"outputs": value} for key, value in self.steps.items()},
        }
        value: Any = contexts
        for part in name.split("."):
            assert isinstance(value, Mapping), f"cannot look up {name!r}"
            if part not in value:
                assert value is not contexts, f"unknown context in {name!r}"
                return ""  # GitHub gives null, which a string turns into ''
            value = value[part]
        assert isinstance(value, str), f"{name!r} is not a string"
        return value

    def substitute(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.lookup(m.group(1)), str(text))

    def condition(self, expression: str) -> bool:
        """The `if:` forms action.yml uses: `context.path == 'text'` and `!=`, compared as GitHub
        compares strings, ignoring case."""
        found = CONDITION.match(EXPRESSION.sub(r"\1", expression).strip())
        assert found, f"this runner does not evaluate `if: {expression}`"
        name, operator, literal = found.groups()
        equal = self.lookup(name).casefold() == literal.casefold()
        return equal if operator == "==" else not equal

    def env(self, step: dict[str, Any], outputs: Path, summary: Path) -> dict[str, str]:
        # The interpreter running the tests (Python 3.10 or later) first on PATH, as
        # actions/setup-python puts one; this virtual environment's scripts, such as an
        # installed `interview-notes`, off it.
        bin_dir = self.temp / "bin"
        if not bin_dir.exists():
            bin_dir.mkdir()
            for name in ("python3", "python"):
                (bin_dir / name).symlink_to(sys.executable)
        scripts = Path(sys.executable).parent
        searched = [p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != scripts]
        path = os.pathsep.join([str(bin_dir), *searched])
        env = clean_env(
            self.temp,
            PATH=path,
            CI="true",
            GITHUB_ACTIONS="true",
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_ACTION_PATH=str(self.action_path),
            GITHUB_OUTPUT=str(outputs),
            GITHUB_STEP_SUMMARY=str(summary),
            GITHUB_ENV=str(self.temp / "github_env"),
            GITHUB_PATH=str(self.temp / "github_path"),
            RUNNER_TEMP=str(self.temp),
            RUNNER_OS="Linux",
        )
        env.update({key: self.substitute(value) for key, value in step.get("env", {}).items()})
        return env

    def run_step(self, step: dict[str, Any]) -> StepRun:
        name = step.get("name", step.get("id", "step"))
        if "if" in step and not self.condition(str(step["if"])):
            return StepRun(name, skipped=True)
        assert step["shell"] == "bash"
        self.count += 1
        files = self.temp / f"step-{self.count}"
        files.mkdir()
        script, outputs, summary = files / "script.sh", files / "output", files / "summary"
        script.write_text(self.substitute(step["run"]), encoding="utf-8")
        outputs.touch()
        summary.touch()
        bash = shutil.which("bash")
        assert bash is not None
        done = subprocess.run(
            [bash, "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=self.env(step, outputs, summary),
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        run = StepRun(
            name,
            skipped=False,
            returncode=done.returncode,
            stdout=done.stdout,
            stderr=done.stderr,
            outputs=_read_outputs(outputs.read_text(encoding="utf-8")),
            summary=summary.read_text(encoding="utf-8"),
        )
        if "id" in step:
            self.steps[step["id"]] = run.outputs
        return run

    def run(self, steps: list[dict[str, Any]]) -> list[StepRun]:
        """Every step in order; after a failure the rest are skipped, as `if: success()` does."""
        runs: list[StepRun] = []
        for step in steps:
            if runs and not runs[-1].skipped and runs[-1].returncode != 0:
                runs.append(StepRun(step.get("name", ""), skipped=True))
                continue
            runs.append(self.run_step(step))
        return runs


def _read_outputs(text: str) -> dict[str, str]:
    """`name=value` lines and `name<<DELIMITER` blocks, as the runner reads `GITHUB_OUTPUT`."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            for part in lines:
                if part == delimiter:
                    break
                body.append(part)
            outputs[name] = "\n".join(body)
        elif line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


def _annotations(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """Workflow-command annotations: (level, properties, message), escapes undone."""

    def unescape(value: str) -> str:
        return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)

    found = []
    for line in stdout.splitlines():
        match = ANNOTATION.match(line)
        if match:
            level, properties, message = match.groups()
            pairs = dict(part.split("=", 1) for part in properties.split(",") if part)
            found.append((level, {k: unescape(v) for k, v in pairs.items()}, unescape(message)))
    return found


def _note_path(annotation: tuple[str, dict[str, str], str]) -> str:
    return Path(annotation[1]["file"]).as_posix().removeprefix("./")


def _inputs(action: dict[str, Any], **chosen: str) -> dict[str, str]:
    """What the runner gives as `inputs`: each input's default, overridden by `with:`."""
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(chosen)
    return values


@dataclass
class ActionRun:
    runner: Runner
    steps: list[dict[str, Any]]
    runs: list[StepRun]

    def by_name(self, name: str) -> StepRun:
        """The run of a step before `Check notes`, which must have succeeded, or of that step."""
        for run in self.runs:
            if run.name == name:
                return run
            assert not run.skipped and run.returncode == 0, (
                f"step {run.name!r} failed ({run.returncode}):\n{run.stdout}{run.stderr}"
            )
        raise AssertionError(f"no step {name!r}")


@pytest.fixture(scope="module")
def action_run(project_snapshot: Snapshot, tmp_path_factory: pytest.TempPathFactory) -> ActionRun:
    """The whole action, run once over a workspace of notes, with a SARIF file asked for."""
    action = _load_action()
    workspace = tmp_path_factory.mktemp("workspace")
    write_workspace(workspace)
    runner = Runner(
        action_path=project_snapshot.path,
        workspace=workspace,
        temp=tmp_path_factory.mktemp("runner-temp"),
        inputs=_inputs(action, **{"sarif-file": "reports/notes.sarif"}),
    )
    steps = action["runs"]["steps"]
    return ActionRun(runner, steps, runner.run(steps))


def _rerun(
    run: ActionRun, names: list[str], workspace: Path, temp: Path, **chosen: str
) -> list[StepRun]:
    """Steps of the action run again with other inputs or in another workspace, reusing the
    installation of `run`; what they write goes to `temp`."""
    run.by_name("Read paths and arguments")  # the installation worked
    temp.mkdir(parents=True, exist_ok=True)
    install = dict(run.runner.steps["install"], home=str(temp))
    runner = Runner(
        action_path=run.runner.action_path,
        workspace=workspace,
        temp=temp,
        inputs=_inputs(_load_action(), **chosen),
        steps={"install": install},
    )
    steps = [step for step in run.steps if step["name"] in names]
    assert len(steps) == len(names), names
    return runner.run(steps)


CHECK = ["Read paths and arguments", "Check notes"]


def test_action_metadata() -> None:
    action = _load_action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == INPUTS
    assert action["inputs"]["paths"]["default"] == "."
    assert action["inputs"]["version"]["default"] == ""
    assert action["inputs"]["fail-on-findings"]["default"] == "true"
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
        assert spec.get("required") is False, name
    steps = action["runs"]["steps"]
    assert [step["name"] for step in steps] == [
        "Install interview-notes",
        "Read paths and arguments",
        "Write SARIF",
        "Summarise completeness",
        "Check notes",
    ]
    for step in steps:
        assert step["shell"] == "bash"
        # Inputs reach a script only through its environment: never pasted into its text,
        # where a value could run as a command.
        assert not EXPRESSION.search(step["run"]), step["name"]
    assert "${{ github.action_path }}" in steps[0]["env"].values()
    assert action["outputs"]["executable"]["value"] == "${{ steps.install.outputs.executable }}"
    assert "--format github" in steps[-1]["run"]


def test_action_installs_and_annotates_findings(action_run: ActionRun) -> None:
    runs = action_run.runs
    install = action_run.by_name("Install interview-notes")
    assert install.returncode == 0, install.stderr
    assert re.search(r"interview-notes \d", install.stdout), install.stdout
    assert Path(install.outputs["executable"]).is_file()
    assert [run.skipped for run in runs] == [False] * len(runs)
    for run in runs[:-1]:
        assert run.returncode == 0, f"{run.name}:\n{run.stdout}{run.stderr}"

    check = action_run.by_name("Check notes")
    assert check.returncode == 1, check.stdout + check.stderr
    found = _annotations(check.stdout)
    assert found, check.stdout
    # Only the note with empty slots is annotated: not the filled note, the README or the
    # workspace's own template.
    assert {_note_path(a) for a in found} == {"notes/stripe.md"}, check.stdout
    assert {level for level, _, _ in found} == {"warning"}
    empty_field = [a for a in found if a[1]["line"] == str(EMPTY_FIELD_LINE)]
    assert len(empty_field) == 1, check.stdout
    assert "IN004" in empty_field[0][1].get("title", "") + empty_field[0][2]
    assert any("IN013" in a[1].get("title", "") + a[2] for a in found), check.stdout


def test_action_writes_sarif(action_run: ActionRun) -> None:
    action_run.by_name("Check notes")
    sarif_file = action_run.runner.workspace / "reports" / "notes.sarif"
    sarif = json.loads(sarif_file.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert {r["ruleId"] for r in results} == {"IN004", "IN013"}
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].removeprefix("./")
        for r in results
    }
    assert uris == {"notes/stripe.md"}


def test_action_summarises_completeness(action_run: ActionRun) -> None:
    summary = action_run.by_name("Summarise completeness").summary
    assert summary.startswith("### Interview notes\n"), summary
    assert "stripe.md" in summary and "clean.md" in summary, summary


def test_action_without_fail_on_findings_annotates_and_passes(
    action_run: ActionRun, tmp_path: Path
) -> None:
    workspace = action_run.runner.workspace
    *_, check = _rerun(action_run, CHECK, workspace, tmp_path, **{"fail-on-findings": "false"})
    assert check.returncode == 0, check.stdout + check.stderr
    assert {_note_path(a) for a in _annotations(check.stdout)} == {"notes/stripe.md"}


def test_action_passes_on_clean_notes(action_run: ActionRun, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    (workspace / "notes").mkdir(parents=True)
    (workspace / "notes" / "clean.md").write_text(FILLED_NOTE, encoding="utf-8", newline="\n")
    *_, check = _rerun(action_run, CHECK, workspace, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert _annotations(check.stdout) == []


def test_action_splits_paths_and_args_as_a_shell_would(
    action_run: ActionRun, tmp_path: Path
) -> None:
    workspace = tmp_path / "workspace"
    for name, text in {
        "notes/stripe copy.md": STRIPE_NOTE,
        "notes/clean.md": FILLED_NOTE,
        "drafts/stripe.md": STRIPE_NOTE,
    }.items():
        (workspace / name).parent.mkdir(parents=True, exist_ok=True)
        (workspace / name).write_text(text, encoding="utf-8", newline="\n")
    paths = "'notes/stripe copy.md'\nnotes/clean.md"

    *_, check = _rerun(action_run, CHECK, workspace, tmp_path / "1", paths=paths)
    assert check.returncode == 1, check.stdout + check.stderr
    assert {_note_path(a) for a in _annotations(check.stdout)} == {"notes/stripe copy.md"}

    args = "--threshold 'error'"
    *_, check = _rerun(action_run, CHECK, workspace, tmp_path / "2", paths=paths, args=args)
    assert check.returncode == 0, check.stdout + check.stderr
    assert _annotations(check.stdout) == []


def test_action_skips_sarif_unless_asked(action_run: ActionRun, tmp_path: Path) -> None:
    (run,) = _rerun(action_run, ["Write SARIF"], action_run.runner.workspace, tmp_path)
    assert run.skipped


def test_docs_list_every_input_with_its_default() -> None:
    action = _load_action()
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text[text.index("## GitHub Actions") :]
    rows = re.findall(r"^\| `([\w-]+)` \| (?:`([^`]*)`)? *\|", section, flags=re.MULTILINE)
    assert dict(rows) == {name: spec["default"] for name, spec in action["inputs"].items()}
