"""What the ecosystem tests share: a user's repository of notes, git, and this project's files."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILLED_NOTE = (ROOT / "tests" / "fixtures" / "notes" / "filled-note.md").read_text(encoding="utf-8")

EMPTY_FIELD = "- Technology choice:"
FILLED_FIELD = "- Technology choice: React Native"
MISSING_FIELD = "- Scaling strategy: stateless pods, autoscale on CPU"
FIELD_BEFORE_MISSING = "- Technology stack: Go, gRPC between services"

# A filled note with one field emptied (IN004, which no safe fix touches) and one field deleted
# (IN013, which the safe fix inserts back, empty).
STRIPE_NOTE = FILLED_NOTE.replace(FILLED_FIELD, EMPTY_FIELD).replace(MISSING_FIELD + "\n", "")
assert STRIPE_NOTE.count(EMPTY_FIELD + "\n") == 1
assert MISSING_FIELD not in STRIPE_NOTE
EMPTY_FIELD_LINE = STRIPE_NOTE.splitlines().index(EMPTY_FIELD) + 1
"""1-based line of the empty field in `STRIPE_NOTE`."""

# A custom template: a note shape of its own, and left empty as a template is.
BEHAVIORAL_TEMPLATE = """\
# Behavioral Interview Notes

## Situation
**Context:**

## Action
**What I did:**

## Result
**Outcome:**
"""

README = "# My interview prep\n\nOne note per interview, in `notes/`.\n"

# Dropped from the environment of git and the programs under test, so that a test run inside a
# git hook, a virtual environment or a user's git configuration behaves as on a bare machine.
_DROPPED = ("GIT_", "PRE_COMMIT", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(reason: str) -> NoReturn:
    """Fails when `CI` is set, where everything these tests need is installed; skips elsewhere."""
    if in_ci():
        pytest.fail(f"{reason} (required when CI is set)", pytrace=False)
    pytest.skip(reason)


def require_program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(f"{name} not found on PATH")
    return found


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """This process's environment without git, pre-commit and virtualenv state; an empty git
    configuration under `home`, and a fixed author for commits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}
    config = home / "gitconfig"
    if not config.exists():
        config.write_text("", encoding="utf-8")
    env.update(
        GIT_CONFIG_GLOBAL=str(config),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Interview Notes Tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="Interview Notes Tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
    )
    env.update(extra)
    return env


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


def write_notes_repo(folder: Path) -> None:
    """A user's folder of notes: one filled, one with an empty and a deleted field, a README
    that is not a note, and a custom template that must never be checked as a note."""
    files = {
        "README.md": README,
        "notes/clean.md": FILLED_NOTE,
        "notes/stripe.md": STRIPE_NOTE,
        ".interview-notes/templates/behavioral.md": BEHAVIORAL_TEMPLATE,
    }
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class Snapshot:
    path: Path
    rev: str


_SKIPPED_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "build",
    "dist",
    ".e2e",
    ".tools",
}


def _project_files() -> list[str]:
    """The files of the working tree that git would commit: tracked ones as they are now, and new
    ones not ignored. Without git, the tree without caches and environments."""
    # The user's own git configuration, which may be needed to read this checkout at all
    # (`safe.directory`); no lock taken, nothing written.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_OPTIONAL_LOCKS"] = "0"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if (ROOT / ".git").exists() and listed.returncode == 0:
        names = set(listed.stdout.split("\0"))
        return sorted(name for name in names if name and (ROOT / name).is_file())
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS and not d.endswith(".egg-info")]
        found += [os.path.relpath(os.path.join(folder, f), ROOT) for f in files]
    return sorted(found)


def snapshot_project(base: Path) -> Snapshot:
    """This project's working tree, committed as it is into a new repository under `base`.

    `pre-commit try-repo` on a dirty tree commits only modified tracked files and what is staged
    (`git add -u`), so a new file, `.pre-commit-hooks.yaml` itself before its first commit, would
    be missing; a copy also keeps pip's in-tree build out of the working tree.
    """
    require_program("git")
    env = clean_env(base)
    target = base / "interview-notes-lsp"
    for name in _project_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination)
    git(target, env, "init", "-q")
    git(target, env, "add", "-A")
    git(target, env, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    return Snapshot(target, git(target, env, "rev-parse", "HEAD").strip())
