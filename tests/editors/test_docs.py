"""The editor docs agree with the server's settings table in docs/server.md."""

from __future__ import annotations

import re

import pytest

from .harness import REPO

HELP = REPO / "client-neovim" / "doc" / "interview_notes.txt"
EDITOR_PAGES = ["neovim.md", "emacs.md", "vim.md", "helix.md"]


def server_settings() -> dict[str, str]:
    """Key -> default, from the settings table of docs/server.md."""
    text = (REPO / "docs" / "server.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \|[^|]+\| `([^`]*)` \|", text, flags=re.MULTILINE)
    assert rows, "no settings table in docs/server.md"
    return dict(rows)


@pytest.mark.parametrize(("key", "default"), sorted(server_settings().items()))
def test_neovim_help_lists_each_setting_with_its_default(key: str, default: str) -> None:
    help_text = HELP.read_text(encoding="utf-8")
    assert re.search(rf"^\s+`{key}`\s.*`{re.escape(default)}`$", help_text, flags=re.MULTILINE)


@pytest.mark.parametrize("page", EDITOR_PAGES)
def test_editor_pages_point_to_the_settings_table(page: str) -> None:
    text = (REPO / "docs" / "editors" / page).read_text(encoding="utf-8")
    assert "../server.md#settings-section-interviewnotes" in text
