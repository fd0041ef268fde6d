"""What the language server tests share: the server command, clients, and edit helpers."""

from __future__ import annotations

import asyncio
import re
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED = REPO / "server" / "interview_notes" / "templates" / "system-design.md"
FILLED = HERE / "fixtures" / "filled-note.md"
# As users start it; the shared test clients add the test-only commands.
USER_SERVER = [str(Path(sysconfig.get_path("scripts")) / "interview-notes-lsp")]
SERVER = [*USER_SERVER, "--test-commands"]
LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Real clients' capabilities; between them they cover every position encoding and both ways
# of getting diagnostics (VS Code and Emacs are pushed to, Neovim pulls).
CLIENTS = {
    "visual_studio_code": "utf-16",
    "neovim": "utf-8",
    "emacs": "utf-32",
}


@dataclass
class Session:
    """What a test needs to know about its client, and what the client received."""

    name: str
    encoding: str
    pull: bool
    root: Path
    edits: list[types.WorkspaceEdit] = field(default_factory=list)
    registrations: list[types.Registration] = field(default_factory=list)
    lens_refreshes: int = 0


class NotesClient(LanguageClient):
    """pytest-lsp's client, also remembering the version each push was for."""

    session: Session
    versions: dict[str, int | None]


def record_publish(client: NotesClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.versions[params.uri] = params.version


def make_client() -> NotesClient:
    client = NotesClient(converter_factory=default_converter)
    client.versions = {}
    features = {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record_publish}
    register_lsp_features(client, features)
    return client


def session(client: NotesClient) -> Session:
    return client.session


async def start(
    client: NotesClient, name: str, root: Path, options: dict[str, Any] | None = None
) -> Session:
    """Initialize ``client`` as the named editor would, recording edits and registrations."""
    capabilities = client_capabilities(name)
    documents = capabilities.text_document
    pulls = documents is not None and documents.diagnostic is not None
    state = Session(name, CLIENTS[name], pulls, root)
    client.session = state

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        state.edits.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        state.registrations.extend(params.registrations)

    @client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def refresh_lenses(params: None) -> None:
        state.lens_refreshes += 1

    folder = types.WorkspaceFolder(uri=root.as_uri(), name=root.name)
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            workspace_folders=[folder],
            initialization_options=options,
        )
    )
    assert result.capabilities.position_encoding == state.encoding
    return state


def split(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def position(text: str, line: int, col: int, encoding: str) -> types.Position:
    """A code-point position as the client counts it."""
    return types.Position(line, units(split(text)[line][:col], encoding))


def offset(text: str, where: types.Position, encoding: str) -> int:
    lines = split(text)
    starts = [0]
    for match in LINE_BREAK.finditer(text):
        starts.append(match.end())
    line = lines[where.line]
    col = 0
    while col < len(line) and units(line[:col], encoding) < where.character:
        col += 1
    return starts[where.line] + col


def apply(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    spans = sorted(
        (
            (offset(text, e.range.start, encoding), offset(text, e.range.end, encoding), e.new_text)
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def apply_workspace_edit(
    edit: types.WorkspaceEdit, texts: dict[str, str], encoding: str
) -> dict[str, str]:
    """The documents after ``edit``, as a client would apply it."""
    result = dict(texts)
    for uri, edits in (edit.changes or {}).items():
        result[uri] = apply(result[uri], list(edits), encoding)
    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile):
            assert change.options is not None and not change.options.overwrite
            assert change.uri not in result
            result[change.uri] = ""
        elif isinstance(change, types.TextDocumentEdit):
            uri = change.text_document.uri
            plain = [e for e in change.edits if isinstance(e, types.TextEdit)]
            result[uri] = apply(result[uri], plain, encoding)
    return result


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


def open_document(client: NotesClient, uri: str, text: str, version: int = 1) -> None:
    client.diagnostics.pop(uri, None)
    client.versions.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", version, text))
    )


async def diagnostics(client: NotesClient, uri: str) -> list[types.Diagnostic]:
    """The document's diagnostics however this client gets them: pulled or pushed."""
    if session(client).pull:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert uri not in client.diagnostics, "a pulling client must not be pushed to"
        return list(report.items)
    return list(await pushed(client, uri))


async def pushed(
    client: NotesClient, uri: str, version: int | None = None, timeout: float = 10
) -> list[types.Diagnostic]:
    """The diagnostics next pushed for ``uri`` (for ``version`` when given)."""

    async def wait() -> list[types.Diagnostic]:
        while uri not in client.diagnostics or (
            version is not None and client.versions.get(uri) != version
        ):
            await asyncio.sleep(0.005)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(wait(), timeout)


def uri_for(client: NotesClient, name: str) -> str:
    """A file URI of its own for each client, as the servers share one workspace folder."""
    return (session(client).root / f"{session(client).name}-{name}").as_uri()


async def message(client: NotesClient, text: str, log: bool = False, timeout: float = 10) -> str:
    """The first window/showMessage (or logMessage) containing ``text``, once it arrived."""

    async def wait() -> str:
        while True:
            for shown in client.log_messages if log else client.messages:
                if text in shown.message:
                    return shown.message
            await asyncio.sleep(0.005)

    return await asyncio.wait_for(wait(), timeout)


async def execute(client: NotesClient, command: str, *arguments: Any) -> Any:
    """The answer of one of the server's commands; a command that answers nothing fails."""
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command, list(arguments))
    )
    assert result is not None, f"{command} answered nothing"
    return result


def plain(value: Any) -> Any:
    """A custom request's answer (nested named tuples) as plain JSON values."""
    if hasattr(value, "_asdict"):
        return {key: plain(item) for key, item in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Files by path relative to ``folder``, their folders made as needed."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
