"""The language server: a thin LSP layer over the pure core.

``main`` parses the command line before importing pygls, so ``--version`` answers at once.
Over ``--tcp`` and ``--ws`` any local process (or browser page) could connect, so a client
must present a token: ``INTERVIEW_NOTES_TOKEN``, or one generated and printed at start.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import secrets
import sys

from .. import __version__

LOG_LEVELS = ("debug", "info", "warning", "error")
TOKEN_ENV = "INTERVIEW_NOTES_TOKEN"


def parser() -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(
        prog="interview-notes-lsp", description="Language server for system-design interview notes."
    )
    transport = found.add_mutually_exclusive_group()
    transport.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (default)")
    transport.add_argument("--tcp", action="store_true", help="listen on a TCP socket")
    transport.add_argument("--ws", action="store_true", help="listen on a WebSocket")
    found.add_argument("--host", default="127.0.0.1", help="host for --tcp and --ws")
    found.add_argument("--port", type=int, default=2087, help="port for --tcp and --ws")
    found.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="URL",
        help="a browser origin allowed to connect over --ws (repeatable; none by default)",
    )
    found.add_argument("--log-file", help="also write the log to this file")
    found.add_argument("--log-level", choices=LOG_LEVELS, default="warning")
    found.add_argument("--test-commands", action="store_true", help=argparse.SUPPRESS)
    found.add_argument("--version", action="version", version=f"interview-notes {__version__}")
    return found


def configure_logging(level: str, log_file: str | None) -> None:
    """Log to stderr (stdout carries the protocol) and optionally to a file."""
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logging.basicConfig(
        level=getattr(logging, level.upper()),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.ws and importlib.util.find_spec("websockets") is None:
        print(
            "interview-notes-lsp: --ws needs the websockets package: "
            "pip install 'interview-notes-lsp[ws]'",
            file=sys.stderr,
        )
        return 2
    configure_logging(args.log_level, args.log_file)
    token = network_token() if args.tcp or args.ws else ""
    from . import transport
    from .app import create_server

    server = create_server(args.test_commands)
    if args.tcp or args.ws:
        gate = transport.Gate(token, args.allow_origin)
        serve = transport.serve_tcp if args.tcp else transport.serve_ws
        serve(server, args.host, args.port, gate)
        return server.exit_code
    transport.serve_stdio(server)
    # The stdin reader thread may still block on a client that sent `exit` but keeps the
    # pipe open; leave without joining it.
    logging.shutdown()
    os._exit(server.exit_code)


def network_token() -> str:
    """The token network clients must present; a generated one is shown once, as only the
    person starting the server can then pass it to the editor."""
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        token = secrets.token_urlsafe(32)
        print(f"interview-notes-lsp: token: {token}", file=sys.stderr, flush=True)
    return token
