"""Vim 9 with ALE and editors/vim's linter, against the real server.

ALE applies no server-initiated edits, so the server's commands are not exercised here.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .harness import (
    HERE,
    Sandbox,
    assert_seed_diagnostics,
    assert_settings_reached_the_server,
    missing,
    require,
)

pytestmark = pytest.mark.editors


def require_ale(vim: str) -> None:
    probe = ["-N", "-u", "NONE", "-i", "NONE", "-es", "-c", "packadd ale", "-c", "qall!"]
    if subprocess.run([vim, *probe], capture_output=True, timeout=60).returncode != 0:
        missing("Vim has no ALE package (Debian: vim-ale)")


def test_ale_against_the_server(sandbox: Sandbox) -> None:
    vim = require("vim")
    require_ale(vim)
    shutil.copy(HERE / "vim" / "vimrc", sandbox.home / ".vimrc")
    results = sandbox.run(
        [vim, "--not-a-term", "-n", "-i", "NONE", "-S", str(HERE / "vim" / "check.vim")]
    )

    assert results["filetype"] == "markdown"
    assert {d["linter"] for d in results["diagnostics"]} == {"interview_notes"}
    assert_seed_diagnostics(results["diagnostics"], {"information": "warning", "hint": "warning"})
    assert {"SQL", "Document"} <= set(results["completion"])
    assert_settings_reached_the_server(results["tbd_lines"])
    assert results["completed_line"] == f"- Type (SQL/NoSQL): {results['completion'][0]}"
    checked = results["check_workspace"]
    assert checked["notes"] >= 2 and checked["findings"] >= len(results["diagnostics"])
