"""The project's checks, one nox session each: ``.venv/bin/nox -s lint typecheck tests``.

The sessions run the tools already installed in ``.venv`` (``pip install -e ".[dev]"``, which
``bash scripts/test.sh`` does on a fresh machine) instead of building an environment of their
own, so CI installs nothing twice. ``tests-3.10`` is the exception: it keeps ``.venv-3.10``,
made with a Python 3.10 interpreter when the machine has one.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
PYTEST = (PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider")
OLDEST = "3.10"
OLDEST_VENV = ROOT / f".venv-{OLDEST}"

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.default_venv_backend = "none"


def tool(name: str) -> str:
    return str(BIN / name)


@nox.session(venv_backend="none")
def lint(session: nox.Session) -> None:
    """ruff, and the generated files are current: the snippets, and everything
    ``scripts/rule_docs.py`` writes (rule tables and pages, settings schema, the VS Code rules
    setting)."""
    session.run(tool("ruff"), "check", ".")
    session.run(
        tool("ruff"), "format", "--check", "server", "tests", "benchmarks", "scripts", "noxfile.py"
    )
    session.run(tool("interview-notes"), "snippets", "--check")
    session.run(PYTHON, "scripts/rule_docs.py", "--check")


@nox.session(venv_backend="none")
def typecheck(session: nox.Session) -> None:
    """mypy over the files ``[tool.mypy]`` names: the package, tests, benchmarks, scripts."""
    session.run(tool("mypy"))


@nox.session(venv_backend="none")
def tests(session: nox.Session) -> None:
    """The test suite but the real-editor tests (the ``editors`` session runs those)."""
    session.run(*PYTEST, "-m", "not editors", *session.posargs)


@nox.session(venv_backend="none")
def editors(session: nox.Session) -> None:
    """Installs Emacs, Vim and their plugins when missing (as root), then the real-editor tests."""
    session.run("bash", ".ci/editors.sh")
    session.run(*PYTEST, "-m", "editors", "tests/editors", *session.posargs)


@nox.session(venv_backend="none")
def vscode(session: nox.Session) -> None:
    """The VS Code extension: lint, types, unit tests, the .vsix and an end-to-end run."""
    session.run("bash", ".ci/vscode.sh")


@nox.session(venv_backend="none")
def bench(session: nox.Session) -> None:
    """The benchmark guard: fails only on a gross regression against a floor measured here."""
    session.run("bash", ".ci/bench.sh")


def oldest_python() -> str | None:
    """A Python 3.10 interpreter: on ``PATH``, or installed by pyenv."""
    found = shutil.which(f"python{OLDEST}")
    candidates = [found] if found else []
    roots = [os.environ.get("PYENV_ROOT", ""), str(Path.home() / ".pyenv")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        answer = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        roots.insert(0, answer.stdout.strip())
    for root in filter(None, roots):
        pattern = f"{root}/versions/{OLDEST}*/bin/python{OLDEST}"
        candidates += sorted(glob.glob(pattern), reverse=True)
    for candidate in candidates:
        # A pyenv shim is on PATH even where that version is not installed: ask it.
        check = [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
        answer = subprocess.run(check, capture_output=True, text=True, check=False)
        if answer.returncode == 0 and answer.stdout.strip() == OLDEST:
            return candidate
    return None


@nox.session(name=f"tests-{OLDEST}", venv_backend="none")
def tests_oldest(session: nox.Session) -> None:
    """The core tests on the oldest Python ``requires-python`` allows, in ``.venv-3.10``."""
    interpreter = oldest_python()
    if interpreter is None:
        here = ".".join(map(str, sys.version_info[:2]))
        session.log(
            f"tests-{OLDEST}: skipped, no Python {OLDEST} found (python{OLDEST} on PATH, or "
            f"pyenv): requires-python is >={OLDEST}, but the tests ran on Python {here} only"
        )
        return
    python = OLDEST_VENV / "bin" / "python"
    if not python.exists():
        session.run(interpreter, "-m", "venv", str(OLDEST_VENV))
        # Kept out of git and of ruff, which both read .gitignore files.
        (OLDEST_VENV / ".gitignore").write_text("*\n", encoding="utf-8")
        session.run(str(python), "-m", "pip", "install", "-q", "--upgrade", "pip")
    session.run(str(python), "-m", "pip", "install", "-q", "-e", ".[test]")
    session.run(str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/core")
