#!/usr/bin/env bash
# Benchmark guard: floor against this server on the template, a few keystrokes, in one run.
# Fails only on a gross regression (more than 5x the floor measured in the same run).
set -euo pipefail
REPO="${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$REPO/.venv/bin/python" "$REPO/benchmarks/run.py" --quick --guard --out "$out"
