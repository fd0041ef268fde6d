"""Headless Neovim with the client-neovim plugin, against the real server."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from .harness import (
    HERE,
    REPO,
    Sandbox,
    assert_seed_diagnostics,
    assert_settings_reached_the_server,
    require,
    seed_line,
)

pytestmark = pytest.mark.editors

SCRIPTS = HERE / "neovim"


def run_neovim(sandbox: Sandbox) -> dict[str, Any]:
    nvim = require("nvim")
    config = sandbox.home / ".config" / "nvim"
    config.mkdir(parents=True)
    shutil.copy(SCRIPTS / "init.lua", config / "init.lua")
    # `-l` alone skips the user's config; `-u` loads it as startup would.
    return sandbox.run([nvim, "-u", str(config / "init.lua"), "-l", str(SCRIPTS / "check.lua")])


def test_plugin_against_the_server(sandbox: Sandbox) -> None:
    results = run_neovim(sandbox)

    assert_seed_diagnostics(results["diagnostics"])
    assert all(d["source"] == "interview-notes" for d in results["diagnostics"])
    assert results["root_dir"] == str(sandbox.project)
    assert results["init_options"] == {"naWords": ["N/A", "tbd"]}
    assert results["settings"] == {"interviewNotes": {"naWords": ["N/A", "tbd"]}}
    assert {"SQL", "Document"} <= set(results["completion"])
    assert_settings_reached_the_server(results["tbd_lines"])

    first, second = results["next_empty"]
    assert seed_line("**Notes:**") == first < second
    # After the second WHY/HOW label: the cursor is at the label's end, nothing is selected.
    assert results["next_empty_column"] == len("**Notes:**") - 1
    assert results["next_empty_mode"] == "n"

    assert results["inserted"][0] == "# System Design Interview Notes"
    assert results["new_note"]["exists"]
    assert results["new_note"]["lines"][0] == "# System Design Interview Notes"

    assert results["luasnip_paths"] == [str(REPO / "snippets")]
    health = "\n".join(results["health"])
    for expected in ["server: ", "version: interview-notes ", "Python: Python 3.", "snippets: "]:
        assert expected in health, health
    assert "ERROR" not in health, health


def test_fallback_without_vim_lsp_enable(sandbox: Sandbox) -> None:
    sandbox.env["INTERVIEW_NOTES_WITHOUT_ENABLE"] = "1"
    results = run_neovim(sandbox)

    assert_seed_diagnostics(results["diagnostics"])
    assert results["root_dir"] == str(sandbox.project)
    assert {"SQL", "Document"} <= set(results["completion"])
    assert_settings_reached_the_server(results["tbd_lines"])
