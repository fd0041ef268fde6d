#!/usr/bin/env bash
# Installs code-server locally into client-vscode/.e2e/code-server for the end-to-end test.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# The @vscode/ripgrep that code-server 4.100.3 pins, and the ripgrep release it downloads.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_TAG=v13.0.0-10
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$HERE/.e2e"
PREFIX="$E2E/code-server"
BIN="$PREFIX/node_modules/code-server/out/node/entry.js"

RG_BIN="$PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

if [[ -f "$BIN" && -x "$RG_BIN" ]]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $PREFIX"
  exit 0
fi

RG="$(command -v rg || true)"
if [[ -z "$RG" ]]; then
  echo "ripgrep (rg) is needed: apt-get install -y ripgrep" >&2
  exit 1
fi

case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

mkdir -p "$PREFIX" "$E2E/tmp"
export TMPDIR="$E2E/tmp"

# @vscode/ripgrep's postinstall downloads a binary from outside the npm registry;
# it takes a cached archive instead, so seed its cache with the system rg.
cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
seed="$(mktemp -d)"
mkdir -p "$cache"
cp "$RG" "$seed/rg"
tar czf "$cache/ripgrep-$RIPGREP_TAG-$RG_TARGET.tar.gz" -C "$seed" rg
rm -rf "$seed"

# As root, code-server's postinstall needs unsafe-perm, and node-pty's build runs `npx node-gyp`.
# The nested installs of VS Code's own modules need their install scripts (native builds).
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
echo '{"name": "e2e-code-server", "private": true}' >"$PREFIX/package.json"
npm install --prefix "$PREFIX" --no-package-lock "code-server@$CODE_SERVER_VERSION"
test -f "$BIN" && test -x "$RG_BIN"
echo "code-server $CODE_SERVER_VERSION installed in $PREFIX"
