#!/usr/bin/env bash
# Benchmark guard: this server against the floors (empty and payload) on the template, a few
# keystrokes with each typing model ("in words", "anywhere"), in one run. Fails only on a gross
# regression (more than 5x the payload floor measured in the same run); exit 2 if unmeasured.
set -euo pipefail
REPO="${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$REPO/.venv/bin/python" "$REPO/benchmarks/run.py" --quick --guard --out "$out"
