"""Headless Neovim with the client-neovim plugin, against the real server."""

from __future__ import annotations

import re
import shutil
from typing import Any

import pytest

from .harness import (
    HERE,
    REPO,
    SEED_COUNTS,
    SEED_LINES,
    Sandbox,
    assert_seed_diagnostics,
    assert_settings_reached_the_server,
    require,
    seed_line,
)

pytestmark = pytest.mark.editors

SCRIPTS = HERE / "neovim"


def run_neovim(sandbox: Sandbox, script: str = "check.lua") -> dict[str, Any]:
    nvim = require("nvim")
    config = sandbox.home / ".config" / "nvim"
    config.mkdir(parents=True)
    shutil.copy(SCRIPTS / "init.lua", config / "init.lua")
    # `-l` alone skips the user's config; `-u` loads it as startup would.
    return sandbox.run([nvim, "-u", str(config / "init.lua"), "-l", str(SCRIPTS / script)])


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
    new_note = results["new_note"]
    assert new_note["exists"]
    # The server asks the template's questions; the first is answered, the others skipped.
    assert len(results["prompts"]) >= 2, results["prompts"]
    assert "company: Acme" in new_note["lines"]
    assert any(line.startswith("# System Design Interview Notes") for line in new_note["lines"])
    # The cursor is at the first empty slot, not on line 1.
    assert new_note["cursor"][0] > 1
    # The note is written to disk with its content, not left in an unsaved buffer.
    assert new_note["on_disk"] == new_note["lines"]

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


def test_lsp_config_without_setup(sandbox: Sandbox) -> None:
    """`vim.lsp.enable("interview_notes")` with only client-neovim/ on the runtimepath."""
    nvim = require("nvim")
    results = sandbox.run([nvim, "-u", "NONE", "-l", str(SCRIPTS / "enable.lua")])

    assert results["cmd"] == ["interview-notes-lsp"]
    assert results["filetypes"] == ["markdown"]
    assert results["root_markers"] == [
        ".interview-notes.toml",
        ".interview-notes",
        "pyproject.toml",
        ".git",
    ]
    assert results["root_dir"] == str(sandbox.project)
    assert results["commands"] is False
    assert_seed_diagnostics(results["diagnostics"])


ARTIFACTS = HERE / ".artifacts"


def test_workspace_check_and_status(sandbox: Sandbox) -> None:
    """Check Workspace fills the quickfix list with the findings of closed notes, with their rule
    codes, while progress arrives; Status lists every note; the screens are kept as text."""
    sandbox.env["INTERVIEW_NOTES_ARTIFACTS"] = str(ARTIFACTS)
    nvim = require("nvim")
    config = sandbox.home / ".config" / "nvim"
    config.mkdir(parents=True)
    shutil.copy(SCRIPTS / "init.lua", config / "init.lua")
    results = sandbox.run(
        [nvim, "-u", str(config / "init.lua"), "-l", str(SCRIPTS / "workspace.lua")]
    )

    assert results["status"] == "2/35", results["status"]
    assert any("2/35" in str(title) for title in results["codelens"]), results["codelens"]
    assert all(
        re.match(r"IN\d{3} ", item["text"]) for item in results["diagnostics_quickfix"]["items"]
    )

    check = results["check"]
    paths = {item["path"] for item in check["items"]}
    assert {"notes.md", "closed.md", "tbd.md"} <= paths, paths
    closed = [item for item in check["items"] if item["path"] == "closed.md"]
    assert len(closed) == sum(SEED_COUNTS.values())
    assert all(re.match(r"IN\d{3} \S", item["text"]) for item in check["items"])
    assert any(item["text"].startswith("IN004 ") for item in closed)
    assert results["check_window"]
    kinds = [event["kind"] for event in results["progress"]]
    assert kinds[0] == "begin" and kinds[-1] == "end", results["progress"]
    assert any(re.search(r"\d+/\d+ notes", text) for text in results["echoed"]), results["echoed"]
    summaries = [n["message"] for n in results["notified"] if "findings" in n["message"]]
    assert summaries and "notes checked" in summaries[-1], results["notified"]
    screen = (ARTIFACTS / "neovim-check-workspace-quickfix.txt").read_text(encoding="utf-8")
    assert "closed.md" in screen and "IN0" in screen

    for listed in [results["status_server"], results["status_cli"]]:
        rows = {item["path"]: item for item in listed["items"]}
        assert {"notes.md", "closed.md", "tbd.md"} <= set(rows), listed
        row = rows["closed.md"]
        assert re.match(r"2/35 \(5%\) first empty: \S", row["text"]), row
        assert row["lnum"] == seed_line("**Notes:**") + 1
        assert row["col"] == len("**Notes:**") + 1
    assert results["picker"] is False


def findings(diagnostics: list[dict[str, Any]], without_line: int | None = None) -> list[Any]:
    """(line, code) of each diagnostic, sorted; those of `without_line` left out."""
    return sorted((d["line"], d["code"]) for d in diagnostics if d["line"] != without_line)


def typed_into_the_field(results: dict[str, Any]) -> None:
    """Typing went to the server as ranged changes of the typed field, and left it empty."""
    typed = results["typed_line"]
    assert results["typed_text"] == SEED_LINES[typed] == "- Technology choice:"
    assert results["changes"], "no didChange"
    assert all(change["line"] is not None for change in results["changes"]), results["changes"]
    assert {change["line"] for change in results["changes"]} == {typed, results["moved_line"]}
    assert (typed, "IN004") in findings(results["before"])
    assert (results["moved_line"], "IN004") in findings(results["before"])


def test_focus_mode_quiets_the_field_being_typed_in(sandbox: Sandbox) -> None:
    """The field being typed in shows no diagnostic, though it is still empty; the others keep
    theirs. Its warning comes back when the next edit is in another field, and that field's
    when the note is saved."""
    results = run_neovim(sandbox, "focus.lua")

    assert results["settings"] == {"interviewNotes": {"naWords": ["N/A", "tbd"]}}
    typed_into_the_field(results)
    typed, moved = results["typed_line"], results["moved_line"]
    before = findings(results["before"])
    assert findings(results["typed"]) == findings(results["before"], typed)
    assert (moved, "IN004") in findings(results["typed"])
    assert findings(results["moved"]) == findings(results["before"], moved)
    assert results["saves"] == 1
    assert findings(results["saved"]) == before


def test_focus_mode_off_keeps_the_warning_while_typing(sandbox: Sandbox) -> None:
    sandbox.env["INTERVIEW_NOTES_FOCUS_MODE"] = "off"
    results = run_neovim(sandbox, "focus.lua")

    assert results["settings"]["interviewNotes"]["focusMode"] is False
    typed_into_the_field(results)
    before = findings(results["before"])
    assert findings(results["typed"]) == before
    assert findings(results["moved"]) == before
