"""The folder notes live in: its root, settings, templates, which files are notes, new notes.

The command line and the language server both ask this module, so a workspace gets the same
answer in CI and in the editor: the same root, the same settings, the same templates and the
same list of note files.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .analysis import unknown_rule_messages
from .files import MARKDOWN_SUFFIXES
from .globs import PatternSet
from .settings import (
    CONFIG_FILE,
    MAX_SETTINGS_BYTES,
    Settings,
    confine_path,
    is_regular,
    load_workspace_settings,
    loads_toml,
    parse_settings,
    present,
    read_regular_file,
)
from .template import Template, TemplateSet, render_template, required_section_problems

PROJECT_FOLDER = ".interview-notes"
# The section an editor keeps its settings in, which messages about them name.
EDITOR_SETTINGS = "interviewNotes"
VCS_MARKERS = (".git", ".hg", ".svn", ".jj")
# Folders that hold other people's files: never walked into (hidden folders neither).
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "bower_components"})
# A folder holding one of these is a virtual environment (venv, virtualenv, conda).
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")
GITIGNORE = ".gitignore"


# root ------------------------------------------------------------------------------------
def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _small_text(path: Path) -> str | None:
    """A settings-sized file's text; ``None`` when it is no regular file, is too large or
    cannot be read (read_regular_file refuses all three with an OSError)."""
    try:
        return read_regular_file(path, MAX_SETTINGS_BYTES).decode("utf-8", "replace")
    except OSError:
        return None


def _has_tool_table(pyproject: Path) -> bool:
    """Whether a pyproject holds ``[tool.interview-notes]``; one that cannot be read does
    not, and one that cannot be parsed does when the table's header is written in it (its
    settings problem is then reported from this root)."""
    text = _small_text(pyproject)
    if text is None or "interview-notes" not in text:
        return False
    try:
        data = loads_toml(text)
    except (ValueError, RecursionError, MemoryError):
        return "[tool.interview-notes" in text.replace(" ", "")
    tool = data.get("tool") if isinstance(data, Mapping) else None
    return isinstance(tool, Mapping) and "interview-notes" in tool


def is_root(folder: Path) -> bool:
    """A folder that holds the settings of the notes below it, or a repository's top."""
    return (
        is_regular(folder / CONFIG_FILE)
        or _is_folder(folder / PROJECT_FOLDER)
        or any(present(folder / marker) for marker in VCS_MARKERS)
        or _has_tool_table(folder / "pyproject.toml")
    )


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that :func:`is_root`; ``start`` when none is."""
    try:
        start = start.resolve()
    except (OSError, RuntimeError):
        return start
    while not _is_folder(start) and start != start.parent:
        start = start.parent  # a file, or a folder a new note will create
    for folder in [start, *start.parents]:
        if is_root(folder):
            return folder
    return start


# settings and templates ------------------------------------------------------------------
@dataclass(frozen=True)
class Workspace:
    """The settings and templates in force under a root, loaded once, with every problem
    found while loading them."""

    root: Path
    settings: Settings
    templates: TemplateSet
    messages: tuple[str, ...] = ()

    @classmethod
    def load(
        cls,
        start: Path,
        overrides: Mapping[str, Any] | None = None,
    ) -> Workspace:
        """The workspace of the folder ``start`` is in. ``overrides`` (an editor's settings)
        are layered over the workspace's own files, key by key."""
        return cls.at_root(find_root(start), overrides)

    @classmethod
    def at_root(cls, root: Path, overrides: Mapping[str, Any] | None = None) -> Workspace:
        """The workspace whose root :func:`find_root` gave (see :meth:`load`)."""
        settings, messages = load_workspace_settings(root)
        if overrides:
            settings, more = parse_settings(overrides, base=settings, source=EDITOR_SETTINGS)
            messages = [*messages, *more]
        templates, more = _templates_and_problems(settings, root)
        return cls(root, settings, templates, (*messages, *more))

    @classmethod
    def without_folder(
        cls, overrides: Mapping[str, Any] | None
    ) -> tuple[Settings, TemplateSet, list[str]]:
        """Settings and templates of an editor with no folder open: its own settings only,
        and no relative path to follow."""
        settings, messages = parse_settings(overrides, source=EDITOR_SETTINGS)
        templates, more = _templates_and_problems(settings, None)
        return settings, templates, [*messages, *more]

    def template(self, name: str | None = None) -> Template | None:
        """A template by name; the configured default without one."""
        return self.templates.get(name or self.settings.default_template)

    @cached_property
    def template_paths(self) -> frozenset[Path]:
        """The files of the templates in force."""
        return frozenset(
            Path(template.path).resolve() for template in self.templates.templates if template.path
        )

    @cached_property
    def templates_folder(self) -> Path | None:
        folder, _ = confine_path("templatesFolder", self.settings.templates_folder, self.root)
        return folder

    def is_template(self, resolved: Path) -> bool:
        """Whether a file (its resolved path) is a template in force or lies in the
        templates folder: a template is never checked as a note."""
        folder = self.templates_folder
        return resolved in self.template_paths or (folder is not None and resolved.parent == folder)


def _templates_and_problems(settings: Settings, root: Path | None) -> tuple[TemplateSet, list[str]]:
    """The templates the settings name, and what is wrong with the settings beyond their
    shape: unknown rule names, required sections no template has, unreadable templates."""
    templates = TemplateSet.configured(settings, root)
    problems = [
        *unknown_rule_messages(settings),
        *required_section_problems(settings, templates),
        *templates.errors,
    ]
    return templates, problems


class Workspaces:
    """Workspaces by root, loaded once each: the files of one command may lie in several."""

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        self.overrides = overrides
        self.loaded: dict[Path, Workspace] = {}

    def of(self, path: Path) -> Workspace:
        """The workspace ``path`` is in; a root already loaded is its own workspace, with no
        search for markers again (each file of a command names its root)."""
        found = self.loaded.get(path)
        if found is not None:
            return found
        root = find_root(path)
        found = self.loaded.get(root)
        if found is None:
            found = self.loaded[root] = Workspace.at_root(root, self.overrides)
        return found


# note discovery --------------------------------------------------------------------------
@dataclass(frozen=True)
class Filter:
    """What to leave out besides the workspace's own ``exclude``: patterns given on the
    command line, and whether ``.gitignore`` files count."""

    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True


@dataclass
class Discovery:
    """The note files found (each once, in order), paths that could not be used, and files
    left out on purpose with the reason."""

    files: list[tuple[Path, Workspace]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.files]


def _read_gitignore(folder: Path) -> PatternSet | None:
    text = _small_text(folder / GITIGNORE)
    return None if text is None else PatternSet(text.splitlines()) or None


class _Policy:
    """Which files under one workspace's root are notes."""

    def __init__(self, workspace: Workspace, chosen: Filter) -> None:
        self.root = workspace.root
        self.workspace = workspace
        self.exclude = PatternSet([*workspace.settings.exclude, *chosen.exclude])
        self.include = PatternSet(workspace.settings.include)
        self.gitignore = chosen.respect_gitignore and workspace.settings.respect_gitignore
        self._ignores: dict[Path, PatternSet | None] = {}

    def relative(self, path: Path) -> str | None:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def chosen(self, path: Path, resolved: Path) -> str | None:
        """Why a Markdown file is not a note of this workspace; ``None`` when it is one."""
        if self.workspace.is_template(resolved):
            return "a template"
        relative = self.relative(path) or self.relative(resolved)
        if relative is None:
            return None
        if self.exclude.names(relative):
            return "excluded"
        if self.include and not self.include.names(relative):
            return "not included"
        return None

    def ignored(self, path: Path, is_folder: bool) -> bool:
        """Whether ``.gitignore`` files from the root down to ``path`` leave it out; the
        deepest file that has a say decides, as in git."""
        if not self.gitignore:
            return False
        relative = self.relative(path)
        if relative is None:
            return False
        parts = relative.split("/")
        verdict: bool | None = None
        for depth in range(len(parts)):
            folder = self.root.joinpath(*parts[:depth])
            spec = self._gitignore(folder)
            if spec is None:
                continue
            result = spec.decide(parts[depth:], is_folder)
            if result is not None:
                verdict = result
        return bool(verdict)

    def _gitignore(self, folder: Path) -> PatternSet | None:
        if folder not in self._ignores:
            self._ignores[folder] = _read_gitignore(folder)
        return self._ignores[folder]

    def skip_folder(self, folder: Path) -> bool:
        name = folder.name
        if name.startswith(".") or name in SKIPPED_FOLDERS:
            return True
        if any(present(folder / marker) for marker in ENVIRONMENT_MARKERS):
            return True
        templates = self.workspace.templates_folder
        if templates is not None and folder.resolve() == templates:
            return True
        relative = self.relative(folder)
        if relative and self.exclude.names(relative, is_folder=True):
            return True
        return self.ignored(folder, is_folder=True)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def discover(
    paths: Sequence[Path],
    workspaces: Workspaces,
    chosen: Filter = Filter(),
    limit: int | None = None,
) -> Discovery:
    """The note files under ``paths``: files named directly, and the Markdown files of
    folders (sorted) without hidden folders, ``node_modules``, virtual environments, the
    templates, files ``.gitignore`` leaves out and the ``exclude`` patterns. A file named
    directly is checked even in a hidden or ignored folder, but never when it is a
    template or excluded. Each file is listed once; at most ``limit`` files."""
    found = Discovery()
    seen: dict[Path, int] = {}
    policies: dict[Path, _Policy] = {}

    def policy_of(workspace: Workspace) -> _Policy:
        if workspace.root not in policies:
            policies[workspace.root] = _Policy(workspace, chosen)
        return policies[workspace.root]

    def add(path: Path, resolved: Path, workspace: Workspace) -> bool:
        """Each file once, under its own name rather than a link's when both are found."""
        if resolved in seen:
            index = seen[resolved]
            if found.files[index][0].is_symlink() and not path.is_symlink():
                found.files[index] = (path, workspace)
            return True
        seen[resolved] = len(found.files)
        found.files.append((path, workspace))
        return limit is None or len(found.files) < limit

    for path in paths:
        try:
            mode = path.stat().st_mode
            resolved = path.resolve()
        except FileNotFoundError:
            found.errors.append(f"{path}: no such file or folder")
            continue
        except (OSError, ValueError, RuntimeError) as error:
            found.errors.append(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}")
            continue
        if stat.S_ISDIR(mode):
            workspace = workspaces.of(path)
            for file, resolved in _walk(path, policy_of(workspace), found.skipped):
                if not add(file, resolved, workspace):
                    return found
        elif stat.S_ISREG(mode):
            workspace = workspaces.of(path.parent)
            why = policy_of(workspace).chosen(path.absolute(), resolved)
            if why is not None:
                found.skipped.append(f"{path}: skipped: {why}")
            elif not add(path, resolved, workspace):
                return found
        else:
            found.errors.append(f"{path}: not a regular file")
    return found


def why_skipped(path: Path, workspaces: Workspaces, chosen: Filter = Filter()) -> str | None:
    """Why a file named directly would be left out (a template, excluded); ``None`` when it
    would be checked. For text that has a name but is not read from disk (stdin)."""
    workspace = workspaces.of(path.parent)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    return _Policy(workspace, chosen).chosen(path.absolute(), resolved)


def _walk(folder: Path, policy: _Policy, skipped: list[str]) -> Iterator[tuple[Path, Path]]:
    """Note files under ``folder``, sorted, each as shown and resolved. Folder links are
    not entered and file links leading out of ``folder`` are skipped (named in ``skipped``):
    checking a folder reads that folder. The walk starts from the resolved folder and
    enters no link, so only a file that is a link needs resolving."""
    top = boundary = folder.resolve()
    for current, dirs, files in os.walk(top, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(name for name in dirs if not policy.skip_folder(here / name))
        for name in sorted(files):
            path = here / name
            if not is_markdown(path):
                continue
            try:
                linked = path.is_symlink()
                resolved = path.resolve() if linked else path
                mode = path.stat().st_mode
            except (OSError, RuntimeError):
                skipped.append(f"{_shown(path, folder, top)}: skipped: a broken or looping link")
                continue
            if linked and not _inside(resolved, boundary):
                shown = _shown(path, folder, top)
                skipped.append(f"{shown}: skipped: a link to {resolved}, outside {boundary}")
                continue
            if not stat.S_ISREG(mode):
                skipped.append(f"{_shown(path, folder, top)}: skipped: not a regular file")
                continue
            if policy.chosen(path, resolved) is not None or policy.ignored(path, False):
                continue
            yield _shown(path, folder, top), resolved


def _shown(path: Path, folder: Path, top: Path) -> Path:
    """``path`` as the user wrote its folder: relative when the folder was relative."""
    return folder / path.relative_to(top)


# new notes -------------------------------------------------------------------------------
def note_file_name(name: str | None = None, today: date | None = None) -> str:
    """The file name of a new note: the name given, or ``YYYY-MM-DD-interview-notes``, with
    ``.md`` added unless it already has a Markdown suffix."""
    chosen = (name or "").strip() or f"{(today or date.today()).isoformat()}-interview-notes"
    return chosen if chosen.lower().endswith(MARKDOWN_SUFFIXES) else f"{chosen}.md"


def new_note_text(
    template: Template, today: date | None = None, values: Mapping[str, str] | None = None
) -> str:
    """The text of a new note, ending with one newline. ``values`` are the answers to the
    template's variables (see :mod:`.variables`): given, even all skipped, the note's front
    matter names its template and holds them, and the title shows the company and question."""
    from .variables import fill_variables  # for new notes only, not for `check` or `status`

    text = fill_variables(template, render_template(template, today), values)
    return text if text.endswith("\n") else text + "\n"


def write_new_note(path: Path, text: str) -> None:
    """Create ``path`` (and its folders) holding ``text``; an existing file is never touched
    (``FileExistsError``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="") as handle:
        handle.write(text)
