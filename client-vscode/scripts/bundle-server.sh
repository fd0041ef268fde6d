#!/usr/bin/env bash
# Puts the Python server and its pure-Python dependencies into bundled/libs. The extension
# contributes no snippets: the server's completion offers the template, its sections and
# components where they fit.
# The dependencies are installed at the exact versions of bundle-constraints.txt; the build
# fails when a bundled distribution is not pinned there. After changing the dependencies in
# pyproject.toml, run with --update-constraints to resolve afresh and rewrite that file.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
[[ -x "$PYTHON" ]] || PYTHON=python3
LIBS="$HERE/bundled/libs"
OLDEST_PYTHON=3.10
CONSTRAINTS="$HERE/bundle-constraints.txt"

update=false
case "${1:-}" in
  "") ;;
  --update-constraints) update=true ;;
  *)
    echo "usage: bundle-server.sh [--update-constraints]" >&2
    exit 2
    ;;
esac
constraint=()
if ! $update; then
  if [[ ! -f "$CONSTRAINTS" ]]; then
    echo "$CONSTRAINTS is missing (create it with --update-constraints)" >&2
    exit 1
  fi
  constraint=(--constraint "$CONSTRAINTS")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wheels="$work/wheels"
source="$work/source"

pip_target() {
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-compile --target "$LIBS" \
    --only-binary=:all: --implementation py --abi none --platform any \
    --python-version "$OLDEST_PYTHON" ${constraint[@]+"${constraint[@]}"} "$@"
}

# Build from a copy so that no build/ or stale build output is left in (or taken from) the repo.
mkdir -p "$source"
cp -R "$REPO/pyproject.toml" "$REPO/README.md" "$REPO/server" "$source/"
find "$source/server" \( -name __pycache__ -o -name '*.egg-info' \) -prune -exec rm -rf {} +
rm -rf "$LIBS"
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$wheels" "$source"
pip_target "$wheels"/*.whl
# Only pure-Python wheels are accepted, so the same files serve every supported Python once
# the oldest one's conditional dependencies are added.
for _ in 1 2 3 4 5; do
  missing="$("$PYTHON" "$HERE/scripts/missing_requirements.py" "$LIBS" "$OLDEST_PYTHON")"
  [[ -z "$missing" ]] && break
  mapfile -t requirements <<<"$missing"
  pip_target --no-deps "${requirements[@]}"
done
if [[ -n "$missing" ]]; then
  echo "still missing for Python $OLDEST_PYTHON: $missing" >&2
  exit 1
fi
rm -rf "$LIBS/bin"
find "$LIBS" -name __pycache__ -type d -prune -exec rm -rf {} +

# The server's own wheel is built from this commit, so only its dependencies are pinned.
built=("$wheels"/*.whl)
project="$(basename "${built[0]}")"
project="${project%%-*}"
if $update; then
  "$PYTHON" "$HERE/scripts/bundle_constraints.py" write "$LIBS" "$CONSTRAINTS" "$project"
else
  "$PYTHON" "$HERE/scripts/bundle_constraints.py" check "$LIBS" "$CONSTRAINTS" "$project"
fi

echo "bundled: $(du -sh "$LIBS" | cut -f1) in $LIBS"
