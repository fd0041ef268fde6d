#!/usr/bin/env bash
# Install everything on a fresh machine and run every check: lint, types, snippets,
# unit and server tests, real-editor tests, the VS Code extension, and the benchmark guard.
# Each check is a nox session of noxfile.py (`.venv/bin/nox -l` lists them); the first that
# fails ends the run.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
export REPO

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

session() {
  .venv/bin/nox -s "$1"
}

session editors    # installs Emacs and Vim when missing, then the real-editor tests
session lint       # ruff, snippets, settings schema, rule docs
session typecheck  # mypy
session bench      # the benchmark guard
session tests      # pytest, but the real-editor tests
session tests-3.10 # the core tests on Python 3.10, when the machine has it
session vscode     # the VS Code extension
