"""Emacs in batch mode with Eglot and editors/emacs/interview-notes.el, against the real server."""

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
    seed_line,
)

pytestmark = pytest.mark.editors


def require_emacs_packages(emacs: str) -> None:
    probe = "(progn (package-activate-all) (require 'eglot) (require 'markdown-mode))"
    found = subprocess.run([emacs, "--batch", "--eval", probe], capture_output=True, timeout=60)
    if found.returncode != 0:
        missing("Emacs lacks eglot or markdown-mode (Debian: elpa-eglot, elpa-markdown-mode)")


def test_eglot_against_the_server(sandbox: Sandbox) -> None:
    emacs = require("emacs")
    require_emacs_packages(emacs)
    config = sandbox.home / ".emacs.d"
    config.mkdir()
    shutil.copy(HERE / "emacs" / "init.el", config / "init.el")
    # Without -Q: Debian's site-lisp, where the packages live, must load.
    results = sandbox.run([emacs, "--batch", "-l", str(HERE / "emacs" / "check.el")])

    assert results["mode"] == "markdown-mode"
    assert_seed_diagnostics(results["diagnostics"], {"information": "note", "hint": "note"})
    assert {"SQL", "Document"} <= set(results["completion"])
    assert_settings_reached_the_server(results["tbd_lines"])
    assert results["next_empty"] == seed_line("**Notes:**")
    # Check Workspace ran on the server: the sandbox's notes, the seed's findings among them.
    checked = results["check_workspace"]
    assert checked["notes"] >= 2 and checked["findings"] >= len(results["diagnostics"])
    assert results["inserted"][0] == "# System Design Interview Notes"
    new_note = results["new_note"]
    # Point is at the first empty slot, past the title.
    assert new_note.pop("point_line") > 1
    assert new_note == {
        "visiting": True,
        "exists": True,
        "first_line": "# System Design Interview Notes",
    }
