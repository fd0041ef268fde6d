#!/usr/bin/env bash
# The VS Code extension's checks: lint, type-check, unit tests, the .vsix and its contents,
# and an end-to-end run in code-server driven by Chromium. Ends with "vscode: N passed, N failed".
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENT="$REPO/client-vscode"
export PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
export INTERVIEW_NOTES_PYTHON="$PYTHON"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

passed=0
failed=0

finish() {
  echo "vscode: $passed passed, $failed failed"
  if ((failed > 0)); then
    exit 1
  fi
  exit 0
}

# Runs one check that counts as one test.
check() {
  local name="$1" start=$SECONDS
  shift
  echo "=== vscode: $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "=== vscode: $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    echo "=== vscode: $name: FAILED ($((SECONDS - start)) s)"
  fi
}

# Runs node's test runner on compiled tests and counts each of its tests.
node_tests() {
  local name="$1" start=$SECONDS log
  shift
  log="$(mktemp)"
  echo "=== vscode: $name"
  node --test --test-concurrency=1 "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local pass fail
  pass="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)"
  fail="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)"
  rm -f "$log"
  passed=$((passed + ${pass:-0}))
  failed=$((failed + ${fail:-0}))
  if [[ $status -ne 0 && ${fail:-0} -eq 0 ]]; then
    failed=$((failed + 1))
  fi
  echo "=== vscode: $name: exit $status ($((SECONDS - start)) s)"
}

# Setup that everything after it needs: a failure ends the run.
setup() {
  echo "=== vscode: $1"
  shift
  if ! "$@"; then
    failed=$((failed + 1))
    echo "=== vscode: setup failed"
    finish
  fi
}

system_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v rg >/dev/null || missing+=(ripgrep)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  if [[ ${#missing[@]} -gt 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

cd "$CLIENT" || exit 1
setup "system packages" system_packages
setup "npm ci" npm ci --no-audit --no-fund
setup "compile tests" npx tsc -p tsconfig.test.json

check "eslint" npx eslint .
check "tsc --noEmit" npx tsc --noEmit -p .
node_tests "unit tests" out/test/unit/
check "package the .vsix" npm run --silent package
if [[ -f interview-notes.vsix ]]; then
  echo "vsix: $(stat -c %s interview-notes.vsix) bytes, $CLIENT/interview-notes.vsix"
fi
node_tests ".vsix contents" out/test/vsix/
check "install code-server" bash scripts/install-code-server.sh
node_tests "end-to-end in code-server" out/test/e2e/

finish
