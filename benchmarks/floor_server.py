"""The floors: bare pygls servers that publish diagnostics without analysing anything.

Usage: python benchmarks/floor_server.py [--diagnostics N] [--lines L]

Without options it is the empty floor: it publishes an empty list on every didOpen and
didChange, paying only for JSON-RPC, pygls dispatch and incremental document sync, so no
Python language server can answer faster. With `--diagnostics N` it is the payload floor: it
publishes the same N diagnostics every time (ranges spread over the first L lines, messages of
about 60 characters, a severity, a code, a link to the rule's page, a source and data naming
the rule and a fix, as this server's diagnostics have), built once at startup and sent through
pygls's normal path, so it also pays pygls's cost of converting and encoding N diagnostics.
"""

from __future__ import annotations

import argparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

SOURCE = "interview-notes"
MESSAGES = (
    ("IN010", "Guiding question not yet answered: answer it, then check it."),
    ("IN011", "This is still the template's example value: write your own."),
    ("IN003", "Section 'Notes' is empty: write what was discussed in it."),
    ("IN005", "Table 'Trade-offs Discussed' has a row with no values in it."),
)
# The same shape as this server's diagnostics: a link to the rule's page, and data naming the
# rule and the fixes on offer, so the floor encodes as many bytes as the server sends.
DOCS = "https://github.com/interview-notes-lsp/interview-notes-lsp/blob/main/docs/rules"
FIX = "Disable this rule for this line"
SEVERITIES = (
    types.DiagnosticSeverity.Information,
    types.DiagnosticSeverity.Hint,
    types.DiagnosticSeverity.Warning,
)


def build_diagnostics(count: int, lines: int) -> list[types.Diagnostic]:
    """`count` plausible diagnostics spread evenly over the first `lines` lines."""
    diagnostics = []
    for index in range(count):
        line = index * max(lines, 1) // max(count, 1)
        code, message = MESSAGES[index % len(MESSAGES)]
        start = index % 8
        diagnostics.append(
            types.Diagnostic(
                range=types.Range(
                    start=types.Position(line=line, character=start),
                    end=types.Position(line=line, character=start + 12 + index % 20),
                ),
                message=message,
                severity=SEVERITIES[index % len(SEVERITIES)],
                code=code,
                code_description=types.CodeDescription(href=f"{DOCS}/{code}.md"),
                source=SOURCE,
                data={"id": f"{code}|{line}:{start}", "rule": code.lower(), "fixes": [FIX]},
            )
        )
    return diagnostics


class FloorServer(LanguageServer):
    def __init__(self, diagnostics: list[types.Diagnostic]) -> None:
        super().__init__(
            "floor-server", "1.0.0", text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.payload = diagnostics


def publish(ls: FloorServer, uri: str) -> None:
    document = ls.workspace.get_text_document(uri)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=ls.payload, version=document.version)
    )


def make_server(diagnostics: list[types.Diagnostic]) -> FloorServer:
    server = FloorServer(diagnostics)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FloorServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FloorServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A bare pygls server: the benchmark's floor.")
    parser.add_argument("--diagnostics", type=int, default=0, help="diagnostics per publish")
    parser.add_argument("--lines", type=int, default=100, help="lines the ranges spread over")
    args = parser.parse_args(argv)
    make_server(build_diagnostics(args.diagnostics, args.lines)).start_io()


if __name__ == "__main__":
    main()
