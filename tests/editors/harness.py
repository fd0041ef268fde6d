"""What the real-editor tests share: a throwaway home and project, running an editor, expectations.

Under CI=true a missing editor or server fails the test; elsewhere the test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SEED = HERE / "fixtures" / "system-design-interview-notes.md"
SERVER = "interview-notes-lsp"
TIMEOUT_SECONDS = 90

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
TBD_NOTE = SEED.read_text(encoding="utf-8").replace(
    "- Technology choice:", "- Technology choice: tbd"
)
"""The seed with a field set to a word that only the editors' `naWords` setting makes count."""


def search_path() -> str:
    """PATH with the scripts folder of this Python, where `interview-notes-lsp` is, first."""
    return os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", "")])


def missing(reason: str) -> NoReturn:
    """Fails under CI=true, where every editor must be installed; skips elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def require(program: str) -> str:
    found = shutil.which(program, path=search_path())
    if found is None:
        missing(f"{program} not found on PATH")
    return found


def seed_line(prefix: str) -> int:
    """0-based number of the first seed line that starts with `prefix`."""
    return next(i for i, line in enumerate(SEED_LINES) if line.startswith(prefix))


@dataclass
class Sandbox:
    """A temporary HOME with XDG folders, and a project holding a copy of the seed note."""

    home: Path
    project: Path
    results: Path
    env: dict[str, str]

    def run(self, argv: list[str]) -> dict[str, Any]:
        """Runs an editor to completion and returns the results its script wrote."""
        process = subprocess.Popen(
            argv,
            cwd=self.project,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            pytest.fail(
                f"{argv[0]} timed out after {TIMEOUT_SECONDS}s:\n{output.decode(errors='replace')}"
            )
        text = output.decode(errors="replace")
        assert process.returncode == 0, f"{argv[0]} exited {process.returncode}:\n{text}"
        assert self.results.exists(), f"{argv[0]} wrote no results:\n{text}"
        results: dict[str, Any] = json.loads(self.results.read_text(encoding="utf-8"))
        return results


def make_sandbox(tmp_path: Path) -> Sandbox:
    require(SERVER)
    home = tmp_path / "home"
    xdg = {
        name: home / folder
        for name, folder in [
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_STATE_HOME", ".local/state"),
            ("XDG_CACHE_HOME", ".cache"),
        ]
    }
    for folder in xdg.values():
        folder.mkdir(parents=True)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".interview-notes.toml").write_text("", encoding="utf-8")
    shutil.copyfile(SEED, project / "notes.md")
    (project / "tbd.md").write_text(TBD_NOTE, encoding="utf-8")
    results = tmp_path / "results.json"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("XDG_")},
        **{key: str(value) for key, value in xdg.items()},
        "HOME": str(home),
        "PATH": search_path(),
        "INTERVIEW_NOTES_REPO": str(REPO),
        "INTERVIEW_NOTES_PROJECT": str(project),
        "INTERVIEW_NOTES_RESULTS": str(results),
    }
    return Sandbox(home, project, results, env)


SEED_COUNTS = {"warning": 33, "hint": 13, "information": 3}
"""The seed's findings: empty slots warn, open checklist items hint, and the example date,
duration and diagram left from the template inform."""


def assert_settings_reached_the_server(lines_flagged_in_tbd_note: list[int]) -> None:
    """`naWords: ["N/A", "tbd"]`, set in the editor, makes `- Technology choice: tbd` filled."""
    assert lines_flagged_in_tbd_note, "no diagnostics in tbd.md"
    assert seed_line("- Technology choice:") not in lines_flagged_in_tbd_note
    assert seed_line("- Key features:") in lines_flagged_in_tbd_note


def assert_seed_diagnostics(
    diagnostics: list[dict[str, Any]], shown_as: dict[str, str] | None = None
) -> None:
    """Checks an editor's diagnostics of the seed note, by line and severity.

    `shown_as` names the severity an editor reports instead of the LSP one, where it folds some
    together (Eglot 1.9 shows information and hints as notes; ALE 3.3 shows both as warnings).
    """
    names = {severity: severity for severity in SEED_COUNTS} | (shown_as or {})
    expected_counts: dict[str, int] = {}
    for severity, count in SEED_COUNTS.items():
        expected_counts[names[severity]] = expected_counts.get(names[severity], 0) + count
    lines: dict[str, set[int]] = {}
    for diagnostic in diagnostics:
        lines.setdefault(diagnostic["severity"], set()).add(diagnostic["line"])
    counts = {name: sum(d["severity"] == name for d in diagnostics) for name in lines}
    assert counts == expected_counts, diagnostics

    assert {
        seed_line("**Notes:**"),
        seed_line("- Technology choice:"),
        seed_line("- Type (SQL/NoSQL):"),
        seed_line("| | | |"),
        SEED_LINES.index("-"),
        seed_line("**Strengths:**"),
        seed_line("**Key learnings:**"),
    } <= lines[names["warning"]]
    checklist = {i for i, line in enumerate(SEED_LINES) if line.startswith("- [ ]")}
    assert checklist <= lines[names["hint"]]
    assert {
        seed_line("_Date:"),
        seed_line("_Duration:"),
        seed_line("```"),
    } <= lines[names["information"]]
