"""Builds the server and registers every feature module's handlers."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter

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
from .protocol import NotesProtocol
from .server import NotesServer


def shutdown(ls: NotesServer, *args: Any) -> None:
    ls.shut_down = True
    for task in ls.analysing.values():
        task.cancel()


def exit_server(ls: NotesServer, *args: Any) -> None:
    ls.exit_code = 0 if ls.shut_down else 1


def use_protocol(ls: NotesServer, protocol_cls: type[NotesProtocol]) -> None:
    """Give the server ``protocol_cls`` as pygls's ``protocol_cls`` argument would: NotesServer
    builds pygls's default protocol, and nothing is registered on it yet."""
    if ls.protocol.fm.features or ls.protocol.fm.commands:
        raise RuntimeError("the protocol is replaced before any handler is registered")
    ls.protocol = protocol_cls(ls, default_converter())


def create_server(test_commands: bool = False) -> NotesServer:
    """The server; ``test_commands`` adds commands only the test suite uses."""
    ls = NotesServer(test_commands)
    use_protocol(ls, NotesProtocol)
    modules = (settings, diagnostics, code_actions, commands, check, completion, navigation, status)
    for module in modules:
        module.register(ls)
    templates.register(ls)
    slots.register(ls)
    ls.feature(types.SHUTDOWN)(shutdown)
    ls.feature(types.EXIT)(exit_server)
    return ls
