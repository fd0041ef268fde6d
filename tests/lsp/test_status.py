"""``interviewNotes/workspaceStatus``: the rows and totals of ``interview-notes status`` for the
workspace folder, with the editor's unsaved text for open documents and ranges in the
client's position encoding."""

from __future__ import annotations

import json
import os
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from .support import (
    FILLED,
    SEED,
    NotesClient,
    open_document,
    plain,
    session,
    units,
    uri_for,
    write_files,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CLI = str(Path(sysconfig.get_path("scripts")) / "interview-notes")
STATUS = "interviewNotes/workspaceStatus"
SEED_TEXT = SEED.read_text(encoding="utf-8")
FILLED_TEXT = FILLED.read_text(encoding="utf-8")
CHOICE = "- Technology choice: React single-page app for the dashboard"
EXOTIC = "- 技术选择 😀 Technology choice:"
# One field emptied, with characters that count differently in UTF-8, UTF-16 and UTF-32.
HALF = FILLED_TEXT.replace(CHOICE, EXOTIC)
EXOTIC_LINE = HALF.splitlines().index(EXOTIC)
NOW = 1_780_000_000


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three notes of different completeness, a Markdown file that is not a note, and notes
    the workspace leaves out."""
    folder = tmp_path_factory.mktemp("status")
    files = {
        ".interview-notes.toml": "",
        ".gitignore": "private/\n",
        "notes/seed.md": SEED_TEXT,
        "notes/half.md": HALF,
        "done.md": FILLED_TEXT,
        "README.md": "# My notes\n\nNothing to fill in.\n",
        "private/secret.md": SEED_TEXT,
        "node_modules/pkg/readme.md": SEED_TEXT,
    }
    write_files(folder, files)
    # done.md was written last, seed.md first.
    for age, name in enumerate(["done.md", "notes/half.md", "notes/seed.md"]):
        os.utime(folder / name, (NOW - age * 3600, NOW - age * 3600))
    return folder


def cli_status(root: Path, *args: str) -> dict[str, Any]:
    run = subprocess.run(
        [CLI, "status", "--format", "json", *args, "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(run.stdout)
    return found


async def server_status(client: NotesClient, params: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = plain(await client.protocol.send_request_async(STATUS, params))
    return found


def path_uri(client: NotesClient, name: str) -> str:
    return (session(client).root / name).as_uri()


async def test_the_same_notes_and_counts_as_the_command_line(
    client: NotesClient, root: Path
) -> None:
    expected = cli_status(root)
    found = await server_status(client, {})
    assert (
        found["totals"]
        == expected["totals"]
        == {
            "files": 4,
            "notes": 3,
            "filled": 71,
            "total": 105,
            "percent": 67,
            "complete": 1,
        }
    )
    assert [row["path"] for row in found["notes"]] == [
        "notes/seed.md",
        "notes/half.md",
        "done.md",
    ]
    encoding = session(client).encoding
    for row, line in zip(found["notes"], expected["notes"], strict=True):
        assert row["uri"] == path_uri(client, row["path"])
        for key in ("path", "template", "filled", "total", "percent", "modified"):
            assert row[key] == line[key], key
        assert [{**part, "line": part["line"] + 1} for part in row["interviews"]] == line[
            "interviews"
        ]
        empty = line["firstEmpty"]
        if empty is None:
            assert row["next"] is None
            continue
        text = (root / row["path"]).read_text(encoding="utf-8").splitlines()[empty["line"] - 1]
        at = {"line": empty["line"] - 1, "character": units(text[: empty["column"] - 1], encoding)}
        assert row["next"] == {
            "label": empty["label"],
            "section": empty["section"],
            "range": {"start": at, "end": at},
        }
    # The emptied field's caret is after its label, counted in the client's units.
    half = found["notes"][1]["next"]
    assert half["label"] == "Frontend 技术选择 😀 technology choice"
    assert half["range"]["start"] == {"line": EXOTIC_LINE, "character": units(EXOTIC, encoding)}


async def test_sort_orders(client: NotesClient, root: Path) -> None:
    for order, names in (
        ("date", ["done.md", "notes/half.md", "notes/seed.md"]),
        ("path", ["done.md", "notes/half.md", "notes/seed.md"]),
        ("completeness", ["notes/seed.md", "notes/half.md", "done.md"]),
        ("nonsense", ["notes/seed.md", "notes/half.md", "done.md"]),
    ):
        found = await server_status(client, {"sort": order})
        assert [row["path"] for row in found["notes"]] == names, order
        if order != "nonsense":
            expected = cli_status(root, "--sort", order)
            assert [row["path"] for row in expected["notes"]] == names


async def test_open_documents_count_with_their_unsaved_text(
    client: NotesClient, root: Path
) -> None:
    encoding = session(client).encoding
    half, done = path_uri(client, "notes/half.md"), path_uri(client, "done.md")
    scratch = uri_for(client, "scratch.md")
    # Fill the empty field of half.md, empty the same field of done.md; neither is saved.
    open_document(client, half, HALF.replace(EXOTIC, CHOICE))
    open_document(client, done, HALF)
    open_document(client, scratch, SEED_TEXT)  # never saved: not a file of the workspace
    try:
        found = await server_status(client, {"sort": "path"})
        rows = {row["path"]: row for row in found["notes"]}
        assert set(rows) == {"done.md", "notes/half.md", "notes/seed.md"}
        assert (rows["notes/half.md"]["filled"], rows["notes/half.md"]["next"]) == (35, None)
        assert rows["done.md"]["filled"] == 34
        start = rows["done.md"]["next"]["range"]["start"]
        assert start == {"line": EXOTIC_LINE, "character": units(EXOTIC, encoding)}
        assert found["totals"]["complete"] == 1 and found["totals"]["filled"] == 71
        # The dates are the files' own.
        assert rows["done.md"]["modified"] == cli_status(root)["notes"][2]["modified"]
        # Typing in half.md shows at once.
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=2, uri=half),
                [types.TextDocumentContentChangeWholeDocument(SEED_TEXT)],
            )
        )
        found = await server_status(client, {})
        assert [(row["path"], row["filled"]) for row in found["notes"]] == [
            ("notes/half.md", 2),
            ("notes/seed.md", 2),
            ("done.md", 34),
        ]
    finally:
        for uri in (half, done, scratch):
            client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
            )
    # Closed without saving: the files on disk count again.
    found = await server_status(client, {})
    assert found["totals"] == cli_status(root)["totals"]
