"""Settings from initializationOptions, workspace/configuration and didChangeConfiguration,
over ``.interview-notes.toml``; the templates folder is watched so edits re-check notes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import to_fs_path

from ..analysis import unknown_rules
from ..settings import CONFIG_FILE, Settings, load_workspace_settings, parse_settings
from ..template import TemplateSet
from . import diagnostics
from .server import NotesServer

SECTION = "interviewNotes"
WATCH_ID = "interview-notes-watched-files"
WATCHED = ["**/*.md", "**/*.markdown", f"**/{CONFIG_FILE}", "**/pyproject.toml"]


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
    root = ls.root
    base, errors = load_workspace_settings(root) if root else (Settings(), [])
    settings, more = parse_settings(ls.client_settings, base=base, source=SECTION)
    errors += more
    errors += [f"{SECTION}: rules: unknown rule {name!r}" for name in unknown_rules(settings)]
    # Editor settings are confined as the workspace's own: relative paths start at the root,
    # and no path may lead outside it or the user config folder.
    templates = TemplateSet.configured(settings, root)
    ls.settings, ls.templates = settings, templates
    ls.invalidate()
    return errors + templates.errors


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
    if ls.capability("workspace", "code_lens", "refresh_support"):
        ls.workspace_code_lens_refresh(None)


async def pull(ls: NotesServer) -> None:
    """Ask the client for our section when it answers workspace/configuration."""
    if not ls.capability("workspace", "configuration"):
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
    if ls.capability("workspace", "did_change_watched_files", "dynamic_registration"):
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
    if path.name in (CONFIG_FILE, "pyproject.toml"):
        return True
    root = ls.root
    folder = Path(ls.settings.templates_folder)
    folder = root / folder if root is not None else folder
    listed = {(root / p if root else Path(p)).resolve() for p in ls.settings.templates}
    return path.parent.resolve() == folder.resolve() or path.resolve() in listed


def register(ls: NotesServer) -> None:
    ls.feature(types.INITIALIZE)(initialize)
    ls.feature(types.INITIALIZED)(initialized)
    ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched_files)
