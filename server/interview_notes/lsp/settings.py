"""Settings from initializationOptions, workspace/configuration and didChangeConfiguration,
over ``.interview-notes.toml``; the templates folder is watched so edits re-check notes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.uris import to_fs_path

from ..files import MARKDOWN_SUFFIXES
from ..settings import CONFIG_FILE, Settings
from ..template import TemplateSet
from ..workspace import EDITOR_SETTINGS, GITIGNORE, Workspace
from . import check, diagnostics
from .server import NotesServer

SECTION = EDITOR_SETTINGS
WATCH_ID = "interview-notes-watched-files"
WATCHED = [
    *(f"**/*{suffix}" for suffix in MARKDOWN_SUFFIXES),
    f"**/{CONFIG_FILE}",
    "**/pyproject.toml",
    f"**/{GITIGNORE}",
]


def section_of(raw: Any) -> Mapping[str, Any] | None:
    """Our section, whether sent bare or wrapped as ``{"interviewNotes": {...}}``."""
    if not isinstance(raw, Mapping):
        return None
    inner = raw.get(SECTION)
    return inner if isinstance(inner, Mapping) else raw


def load(ls: NotesServer) -> list[str]:
    """Settings and templates from every source; returns the problems found.

    Never raises: a failing ``initialize`` would leave the editor without a server.
    """
    folder = ls.root
    if folder is None:
        ls.notes_workspace = None
        settings, templates, errors = Workspace.without_folder(ls.client_settings)
    else:
        # The same workspace as the command line's: root, settings files, templates; the
        # editor's settings over them. Paths are confined to that root.
        ls.notes_workspace = Workspace.load(folder, ls.client_settings)
        settings, templates = ls.notes_workspace.settings, ls.notes_workspace.templates
        errors = list(ls.notes_workspace.messages)
    # Reloading what is already in force (the client answering workspace/configuration
    # with what initialize sent) keeps every analysis and result id.
    if _signature(settings, templates) != _signature(ls.settings, ls.templates):
        ls.settings, ls.templates = settings, templates
        ls.invalidate()
    return errors


def _signature(settings: Settings, templates: TemplateSet) -> tuple[object, ...]:
    return settings, tuple((t.name, t.text, t.path) for t in templates.templates)


def reload(ls: NotesServer, recheck: bool = True) -> None:
    """Apply the current sources, name each bad value once, and re-check open notes."""
    errors = load(ls)
    for error in errors:
        if error not in ls.reported:
            ls.show(error)
    ls.reported = set(errors)
    if not recheck:
        return
    diagnostics.refresh(ls)
    if get_capability(ls.client_capabilities, "workspace.code_lens.refresh_support", False):
        ls.workspace_code_lens_refresh(None)


async def pull(ls: NotesServer) -> None:
    """Ask the client for our section when it answers workspace/configuration."""
    if not get_capability(ls.client_capabilities, "workspace.configuration", False):
        return
    item = types.ConfigurationItem(scope_uri=ls.workspace.root_uri, section=SECTION)
    try:
        answer = await ls.workspace_configuration_async(types.ConfigurationParams([item]))
    except Exception as error:
        ls.log(f"workspace/configuration failed: {error!r}")
        return
    found = section_of(answer[0]) if answer else None
    if found:
        ls.client_settings = found


def initialize(ls: NotesServer, params: types.InitializeParams) -> None:
    ls.adopt_workspace()
    ls.client_settings = section_of(params.initialization_options)
    load(ls)


async def initialized(ls: NotesServer, params: types.InitializedParams) -> None:
    await pull(ls)
    reload(ls, recheck=bool(ls.workspace.text_documents))
    check.on_startup(ls)
    if get_capability(
        ls.client_capabilities, "workspace.did_change_watched_files.dynamic_registration", False
    ):
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = types.Registration(
            WATCH_ID, types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
        )
        try:
            await ls.client_register_capability_async(types.RegistrationParams([registration]))
        except Exception as error:
            ls.log(f"cannot watch the templates folder: {error!r}", types.MessageType.Warning)


async def did_change_configuration(
    ls: NotesServer, params: types.DidChangeConfigurationParams
) -> None:
    pushed = section_of(params.settings)
    if pushed:
        ls.client_settings = pushed
    else:
        await pull(ls)
    reload(ls, recheck=bool(ls.workspace.text_documents))


def did_change_watched_files(ls: NotesServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Only templates and settings files matter; a changed note is re-read when opened."""
    if any(_affects(ls, change.uri) for change in params.changes):
        reload(ls)


def _affects(ls: NotesServer, uri: str) -> bool:
    path_text = to_fs_path(uri)
    if not path_text:
        return False
    path = Path(path_text)
    if path.name in (CONFIG_FILE, "pyproject.toml", GITIGNORE):
        return True
    workspace = ls.notes_workspace
    if workspace is None:
        return False
    return workspace.is_template(path.resolve())


def register(ls: NotesServer) -> None:
    ls.feature(types.INITIALIZE)(initialize)
    ls.feature(types.INITIALIZED)(initialized)
    ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched_files)
