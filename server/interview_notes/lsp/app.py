"""Builds the server and registers every feature module's handlers."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from . import (
    check,
    code_actions,
    commands,
    completion,
    diagnostics,
    navigation,
    settings,
    slots,
    status,
    templates,
)
from .server import NotesServer


def shutdown(ls: NotesServer, *args: Any) -> None:
    ls.shut_down = True
    ls.documents.stop_analyses()


def exit_server(ls: NotesServer, *args: Any) -> None:
    ls.exit_code = 0 if ls.shut_down else 1


def create_server(test_commands: bool = False) -> NotesServer:
    """The server; ``test_commands`` adds commands only the test suite uses."""
    ls = NotesServer(test_commands)
    modules = (settings, diagnostics, code_actions, commands, check, completion, navigation, status)
    for module in modules:
        module.register(ls)
    templates.register(ls)
    slots.register(ls)
    ls.feature(types.SHUTDOWN)(shutdown)
    ls.feature(types.EXIT)(exit_server)
    return ls
