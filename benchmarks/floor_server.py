"""The floor: a bare pygls server that publishes no findings.

It pays only for JSON-RPC, pygls dispatch and incremental document sync, so no
Python language server can answer a didOpen or a didChange faster than it does.
"""

from lsprotocol import types
from pygls.lsp.server import LanguageServer

server = LanguageServer(
    "floor-server", "1.0.0", text_document_sync_kind=types.TextDocumentSyncKind.Incremental
)


def publish_empty(ls: LanguageServer, uri: str) -> None:
    document = ls.workspace.get_text_document(uri)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=document.version)
    )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    publish_empty(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    publish_empty(ls, params.text_document.uri)


if __name__ == "__main__":
    server.start_io()
