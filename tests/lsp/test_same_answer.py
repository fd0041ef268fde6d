"""The command line and the language server give the same answer for one workspace: the same
note files and the same findings, from one policy in the core."""

from __future__ import annotations

import asyncio
import json
import sysconfig
from asyncio.subprocess import PIPE
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import to_fs_path

from .support import FILLED, SEED, NotesClient, write_files

pytestmark = pytest.mark.asyncio(loop_scope="module")
CLI = str(Path(sysconfig.get_path("scripts")) / "interview-notes")
KEY_FEATURES = "- Key features: create links, custom aliases, click charts"
BEHAVIORAL = """# Behavioral Interview Notes

## Story

- Situation:
- Result:

## Reflection

- Learned:
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault without ``.git``: settings, a custom template, notes, and files to skip."""
    folder = tmp_path_factory.mktemp("vault")
    seed = SEED.read_text(encoding="utf-8")
    filled = FILLED.read_text(encoding="utf-8")
    files = {
        ".interview-notes.toml": (
            'exclude = ["drafts/"]\nworkspaceDiagnostics = true\n\n[rules]\nIN011 = "off"\n'
        ),
        ".interview-notes/templates/behavioral.md": BEHAVIORAL,
        ".gitignore": "private/\n",
        "notes/stripe.md": seed,
        "notes/done.md": filled,
        "notes/star.md": "---\ntemplate: behavioral\n---\n" + BEHAVIORAL,
        "notes/2026/partial.md": filled.replace(KEY_FEATURES, "- Key features:"),
        "README.md": "# My vault\n\nNothing to see.\n",
        "drafts/wip.md": seed,
        "private/secret.md": seed,
        ".obsidian/cache.md": seed,
        "node_modules/pkg/readme.md": seed,
    }
    write_files(folder, files)
    return folder


Finding = tuple[str, int, int, str, str]


async def cli(root: Path, *args: str) -> tuple[str, str]:
    """Run the command line in ``root`` without blocking the client's event loop."""
    process = await asyncio.create_subprocess_exec(CLI, *args, cwd=root, stdout=PIPE, stderr=PIPE)
    out, err = await process.communicate()
    assert process.returncode == 0, err
    return out.decode(), err.decode()


async def cli_answer(root: Path) -> tuple[set[str], set[Finding]]:
    """Files with findings, and findings, from ``interview-notes check --format json``."""
    args = ["check", "--format", "json", "--threshold", "hint", "--exit-zero"]
    out, _ = await cli(root, *args, "-q", ".")
    found = json.loads(out)
    findings = {(f["path"], f["line"], f["column"], f["code"], f["message"]) for f in found}
    return {f[0] for f in findings}, findings


async def server_answer(client: NotesClient, root: Path) -> tuple[set[str], set[str], set[Finding]]:
    """Files reported, files with findings, and findings, from ``workspace/diagnostic``."""
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams([]))
    files: set[str] = set()
    findings: set[Finding] = set()
    for item in report.items:
        assert isinstance(item, types.WorkspaceFullDocumentDiagnosticReport)
        path = Path(to_fs_path(item.uri) or "").relative_to(root).as_posix()
        files.add(path)
        for diagnostic in item.items:
            start = diagnostic.range.start
            code = str(diagnostic.code)
            findings.add((path, start.line + 1, start.character + 1, code, diagnostic.message))
    return files, {f[0] for f in findings}, findings


async def test_the_cli_and_the_server_check_the_same_files_and_find_the_same(
    client: NotesClient, root: Path
) -> None:
    cli_files, cli_findings = await cli_answer(root)
    server_files, with_findings, server_findings = await server_answer(client, root)
    expected = {
        "README.md",
        "notes/stripe.md",
        "notes/done.md",
        "notes/star.md",
        "notes/2026/partial.md",
    }
    assert server_files == expected
    assert (
        with_findings == cli_files == {"notes/stripe.md", "notes/star.md", "notes/2026/partial.md"}
    )
    assert server_findings == cli_findings
    assert not any(f[3] == "IN011" for f in cli_findings)
    _, summary = await cli(root, "check", "--exit-zero", ".")
    assert summary.startswith("5 files checked, 4 notes:")
