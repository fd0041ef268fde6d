"""The hooks in `.pre-commit-hooks.yaml`, installed by pre-commit from this repository at one commit
and run over a user's repository of notes, as `pre-commit try-repo` and a `.pre-commit-config.yaml`
with `repo:` and `rev:` run them.

pre-commit builds the hooks' Python environment with pip (from PyPI and pip's cache): once for the
tests that share `PRE_COMMIT_HOME`, once more for `try-repo`, which always uses a store of its own.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .support import (
    EMPTY_FIELD,
    EMPTY_FIELD_LINE,
    FIELD_BEFORE_MISSING,
    FILLED_NOTE,
    ROOT,
    STRIPE_NOTE,
    Snapshot,
    clean_env,
    git,
    missing,
    write_notes_repo,
)

HOOK_IDS = ["interview-notes", "interview-notes-fix"]
MODIFIED = "- files were modified by this hook"


def _require_pre_commit() -> None:
    if importlib.util.find_spec("pre_commit") is None:
        missing("pre-commit is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit store for the module: the hooks' environment is built once."""
    _require_pre_commit()
    return tmp_path_factory.mktemp("pre-commit-home")


def _notes_repo(folder: Path, config: str | None = None) -> Path:
    repo = folder / "notes-repo"
    repo.mkdir()
    write_notes_repo(repo)
    if config is not None:
        (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = clean_env(folder)
    git(repo, env, "init", "-q")
    git(repo, env, "add", "-A")
    return repo


def _config(snapshot: Snapshot, hook: str) -> str:
    """The configuration README.md tells users to write, pointing at the snapshot."""
    return (
        "repos:\n"
        f"  - repo: {snapshot.path}\n"
        f"    rev: {snapshot.rev}\n"
        "    hooks:\n"
        f"      - id: {hook}\n"
    )


def _pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(home.parent, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _output(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


def _status(output: str, name: str) -> str:
    """`Passed`, `Failed` or `Skipped`: what pre-commit printed after the hook's name."""
    found = re.search(rf"^{re.escape(name)}\.+(\w+)$", output, re.MULTILINE)
    assert found, f"no status line for {name!r}:\n{output}"
    return found.group(1)


def _assert_lists_only_stripe(output: str, codes: set[str]) -> None:
    """Findings name `notes/stripe.md` with exactly `codes`; the clean note, the README and the
    custom template are never named."""
    listed = re.findall(r"^(\S+?):(\d+):(\d+): (\w+) (IN\d{3}) ", output, re.MULTILINE)
    assert listed, output
    assert {path for path, *_ in listed} == {"notes/stripe.md"}, output
    assert {code for *_, code in listed} == codes, output
    assert ("notes/stripe.md", str(EMPTY_FIELD_LINE), "1", "warning", "IN004") in listed, output


def _assert_kept_every_line(before: str, after: str) -> None:
    """Every line of `before` is in `after`, in the same order."""
    remaining = iter(after.splitlines())
    for line in before.splitlines():
        assert any(line == other for other in remaining), f"line lost or moved: {line!r}"


def test_manifest_is_valid() -> None:
    _require_pre_commit()
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [hook["id"] for hook in hooks] == HOOK_IDS
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["interview-notes"]["entry"] == "interview-notes check"
    assert by_id["interview-notes-fix"]["entry"] == "interview-notes check --fix"
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
        # Which files are notes is the command's business, as in the editor: no filter here.
        assert hook["files"] == "" and hook["exclude"] == "^$"


def test_check_hook_fails_naming_what_is_empty(
    project_snapshot: Snapshot, pre_commit_home: Path, tmp_path: Path
) -> None:
    repo = _notes_repo(tmp_path, _config(project_snapshot, "interview-notes"))

    done = _pre_commit(repo, pre_commit_home, "run", "--all-files")

    output = _output(done)
    assert done.returncode == 1, output
    assert _status(output, "interview-notes") == "Failed"
    assert "- exit code: 1" in output
    assert MODIFIED not in output
    _assert_lists_only_stripe(output, {"IN004", "IN013"})
    assert (repo / "notes" / "stripe.md").read_text(encoding="utf-8") == STRIPE_NOTE


def test_check_hook_passes_on_clean_notes(
    project_snapshot: Snapshot, pre_commit_home: Path, tmp_path: Path
) -> None:
    repo = _notes_repo(tmp_path, _config(project_snapshot, "interview-notes"))

    done = _pre_commit(repo, pre_commit_home, "run", "--files", "notes/clean.md", "README.md")

    assert done.returncode == 0, _output(done)
    assert _status(_output(done), "interview-notes") == "Passed"


def test_fix_hook_inserts_the_missing_field_then_reports_what_remains(
    project_snapshot: Snapshot, pre_commit_home: Path, tmp_path: Path
) -> None:
    repo = _notes_repo(tmp_path, _config(project_snapshot, "interview-notes-fix"))
    note = repo / "notes" / "stripe.md"

    first = _pre_commit(repo, pre_commit_home, "run", "--all-files")

    output = _output(first)
    assert first.returncode == 1, output
    assert _status(output, "interview-notes (fix)") == "Failed"
    assert MODIFIED in output
    fixed = note.read_text(encoding="utf-8")
    lines = fixed.splitlines()
    # The deleted field is back, empty, in its section; the user's lines are all kept; the empty
    # field is left for the user (marking it N/A is not a safe fix).
    assert "- Scaling strategy:" in lines
    assert lines.index("- Scaling strategy:") > lines.index(FIELD_BEFORE_MISSING)
    assert EMPTY_FIELD in lines
    _assert_kept_every_line(STRIPE_NOTE, fixed)
    assert (repo / "notes" / "clean.md").read_text(encoding="utf-8") == FILLED_NOTE

    second = _pre_commit(repo, pre_commit_home, "run", "--all-files")

    output = _output(second)
    assert second.returncode == 1, output
    assert _status(output, "interview-notes (fix)") == "Failed"
    assert MODIFIED not in output
    _assert_lists_only_stripe(output, {"IN004"})
    assert note.read_text(encoding="utf-8") == fixed


def test_try_repo_runs_both_hooks(project_snapshot: Snapshot, tmp_path: Path) -> None:
    _require_pre_commit()
    repo = _notes_repo(tmp_path)
    home = tmp_path / "pre-commit-home"

    done = _pre_commit(repo, home, "try-repo", str(project_snapshot.path), "--all-files")

    output = _output(done)
    assert done.returncode == 1, output
    assert f"rev: {project_snapshot.rev}" in output
    # pre-commit runs the hooks in the order of their ids: the check sees the note as written.
    assert _status(output, "interview-notes") == "Failed"
    assert _status(output, "interview-notes (fix)") == "Failed"
    check, fix = output.split("interview-notes (fix)", 1)
    _assert_lists_only_stripe(check, {"IN004", "IN013"})
    assert MODIFIED not in check
    assert MODIFIED in fix
    assert "- Scaling strategy:" in (repo / "notes" / "stripe.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", ["README.md", "docs/ci.md"])
def test_docs_name_the_hooks_and_this_repository(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert "repo: local" not in text
    assert "repo: https://github.com/interview-notes-lsp/interview-notes-lsp" in text
    named = set(re.findall(r"- id: ([\w-]+)", text))
    assert named and named <= set(HOOK_IDS), named
