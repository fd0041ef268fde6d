#!/usr/bin/env bash
# Install everything on a fresh machine and run every check: lint, types, snippets,
# unit and server tests, real-editor tests, the VS Code extension, and the benchmark guard.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
export REPO

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

bash .ci/editors.sh

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check server tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== snippets are current"
.venv/bin/interview-notes snippets --check

echo "== benchmark guard"
bash .ci/bench.sh

echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider

echo "== VS Code extension"
bash .ci/vscode.sh
