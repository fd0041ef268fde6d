"""Typed settings, parsed once from editor settings, ``.interview-notes.toml`` or pyproject.

A bad value never stops the analysis: it is reported with its key and that key alone keeps
its default (in ``rules``, that rule alone). Unknown keys in a settings file are reported with
the closest known name; the editor's section may carry its client's own keys, so there they
are ignored. Keys may be written camelCase, snake_case or kebab-case.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .severity import Severity

CONFIG_FILE = ".interview-notes.toml"
USER_CONFIG_NAME = "interview-notes"
# The table of ``pyproject.toml`` under ``[tool]`` that holds the settings.
TOOL_TABLE = "interview-notes"
# Settings files are small; a larger one is not read (a pyproject of a megabyte is unheard of).
MAX_SETTINGS_BYTES = 1_000_000
# When guiding questions left unchecked are reported: while their section has no notes, always
# or never.
UNCHECKED_ITEMS = ("while-empty", "always", "never")
# How a numeric date such as 04/11/2025 is read when both orders are possible.
DATE_ORDERS = ("month-first", "day-first")
SEVERITY_WORDS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "information": Severity.INFORMATION,
    "info": Severity.INFORMATION,
    "hint": Severity.HINT,
    "off": None,
}


def _about(description: str, **schema: Any) -> dict[str, Any]:
    """A field's metadata: what the JSON Schema and the docs say about it."""
    return {"description": description, **schema}


@dataclass(frozen=True)
class Settings:
    """Everything a user can configure; the defaults are the documented ones. Each field's
    metadata describes it for the JSON Schema (``schema.py``)."""

    rules: dict[str, str] = field(
        default_factory=dict,
        metadata=_about("Severity per rule, named by code (`IN004`) or alias (`empty-field`)."),
    )
    recognition: bool = field(
        default=True,
        metadata=_about(
            "Recognise notes by a title heading or four of the template's sections; when "
            "false only front matter `template:` makes a note."
        ),
    )
    templates_folder: str = field(
        default=".interview-notes/templates",
        metadata=_about(
            "Folder of your own templates (`*.md`), relative to the workspace root.",
            nonEmpty=True,
        ),
    )
    templates: list[str] = field(
        default_factory=list,
        metadata=_about(
            "More template files: paths relative to the workspace root, or absolute paths "
            "inside it or the user config folder."
        ),
    )
    default_template: str = field(
        default="system-design",
        metadata=_about(
            "The template used by insert-template, new note and snippets.", nonEmpty=True
        ),
    )
    required_sections: list[str] | None = field(
        default=None,
        metadata=_about(
            "Section titles that must be present; null (or absent) means every section of "
            "the template."
        ),
    )
    na_words: list[str] = field(
        default_factory=lambda: ["N/A", "n/a", "none", "-"],
        metadata=_about("Values that count as deliberately filled (case-insensitive)."),
    )
    max_document_size: int = field(
        default=1_000_000,
        metadata=_about("Documents with more characters are not analysed.", minimum=1),
    )
    unchecked_items: str = field(
        default="while-empty",
        metadata=_about(
            "When unchecked guiding questions (unchecked-item) are reported: while nothing else is "
            "written in their section, always, or never.",
            choices=UNCHECKED_ITEMS,
        ),
    )
    date_order: str = field(
        default="month-first",
        metadata=_about(
            "How a numeric date such as 04/11/2025 is read when both orders are possible.",
            choices=DATE_ORDERS,
        ),
    )
    exclude: list[str] = field(
        default_factory=list,
        metadata=_about(
            "`.gitignore`-style patterns, from the workspace root, of files that are never "
            "checked (`drafts/`, `**/archive/*.md`), even when named on the command line."
        ),
    )
    include: list[str] = field(
        default_factory=list,
        metadata=_about(
            "When not empty, only Markdown files matching one of these `.gitignore`-style "
            "patterns are checked."
        ),
    )
    respect_gitignore: bool = field(
        default=True,
        metadata=_about("Leave out the files `.gitignore` files leave out when walking folders."),
    )
    focus_mode: bool = field(
        default=True,
        metadata=_about(
            "Editors only: the slot holding the most recent edit shows no diagnostic until "
            "an edit lands in another slot or the document is saved."
        ),
    )
    workspace_diagnostics: bool = field(
        default=False,
        metadata=_about(
            "Editors only: answer `workspace/diagnostic` with every note of the workspace; "
            "when false only open documents are reported (Check Workspace reports the rest)."
        ),
    )
    check_workspace_on_startup: bool = field(
        default=False,
        metadata=_about(
            "Editors only: check every note of the workspace when the language server starts."
        ),
    )

    def severity_for(self, code: str, alias: str, default: Severity) -> Severity | None:
        """The configured severity of a rule, ``None`` when it is off."""
        for key in (code.casefold(), alias.casefold()):
            if key in self._rule_severities:
                return self._rule_severities[key]
        return default

    @cached_property
    def _rule_severities(self) -> dict[str, Severity | None]:
        """Rule names compared ignoring case, as codes and aliases are everywhere else."""
        return {name.casefold(): SEVERITY_WORDS[word.lower()] for name, word in self.rules.items()}

    @cached_property
    def na_set(self) -> frozenset[str]:
        """``na_words`` compared ignoring case and spaces (asked for every value checked)."""
        return frozenset(word.strip().casefold() for word in self.na_words)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def defaults_json() -> dict[str, Any]:
    """The defaults with their wire (camelCase) names, as editor clients declare them."""
    defaults = Settings()
    return {camel(f.name): getattr(defaults, f.name) for f in dataclasses.fields(Settings)}


def _flat(key: str) -> str:
    return key.replace("_", "").replace("-", "").lower()


_FIELDS = {_flat(f.name): f for f in dataclasses.fields(Settings)}
# Keys a settings file may hold besides the settings: taplo and Even Better TOML read a
# document's schema from ``$schema``.
SCHEMA_KEY = "$schema"
# How close a misspelt name must be to a known one to be suggested (difflib's ratio).
_CLOSE = 0.6
# Closer still for a ``[tool]`` table: a pyproject holds many tools' tables.
_CLOSE_TOOL = 0.85


def closest(
    name: str,
    known: Iterable[str],
    cutoff: float = _CLOSE,
    normalize: Callable[[str], str] | None = None,
) -> str | None:
    """The known name nearest to ``name`` for a "did you mean", both compared as
    ``normalize`` gives them (as :func:`_flat` compares setting keys by default); ``None``
    when nothing is near. Settings, rules and required sections all suggest with it."""
    flat = _flat if normalize is None else normalize
    by_flat = {flat(candidate): candidate for candidate in known}
    found = difflib.get_close_matches(flat(name), list(by_flat), n=1, cutoff=cutoff)
    return by_flat[found[0]] if found else None


def _severity_problem(severity: Any) -> str | None:
    if isinstance(severity, str) and severity.lower() in SEVERITY_WORDS:
        return None
    return f"expected one of {', '.join(sorted(set(SEVERITY_WORDS)))}"


def _check(name: str, value: Any) -> str | None:
    """Why ``value`` is not valid for the setting ``name``; ``None`` when it is. The entries
    of ``rules`` are checked one by one in :func:`_rules`."""
    if name == "rules":
        return None if isinstance(value, Mapping) else "expected a table of rule -> severity"
    if name in (
        "recognition",
        "respect_gitignore",
        "focus_mode",
        "workspace_diagnostics",
        "check_workspace_on_startup",
    ):
        return None if isinstance(value, bool) else "expected true or false"
    if name in ("templates_folder", "default_template"):
        return None if isinstance(value, str) and value.strip() else "expected a non-empty string"
    if name in ("templates", "na_words", "exclude", "include"):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "expected a list of strings"
    if name == "required_sections":
        if value is None:
            return None
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "expected a list of section titles or null"
    if name == "unchecked_items":
        ok = isinstance(value, str) and value in UNCHECKED_ITEMS
        return None if ok else f"expected one of {', '.join(UNCHECKED_ITEMS)}"
    if name == "date_order":
        ok = isinstance(value, str) and value in DATE_ORDERS
        return None if ok else f"expected one of {', '.join(DATE_ORDERS)}"
    if name == "max_document_size":
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return None if ok else "expected a positive integer"
    return None


def _rules(value: Mapping[Any, Any], source: str) -> tuple[dict[str, str], list[str]]:
    """The valid entries of a ``rules`` table and one message per bad one: a bad severity
    costs that rule its override, not every rule theirs."""
    kept: dict[str, str] = {}
    errors: list[str] = []
    for rule, severity in value.items():
        problem = _severity_problem(severity)
        if problem:
            errors.append(f"{source}: rules: {str(rule)!r}: {problem}; using the default")
            continue
        kept[str(rule)] = str(severity)
    return kept, errors


def _unknown(key: str, value: Any, source: str, table: str) -> str:
    """The message for a key that is no setting, naming the closest one."""
    near = closest(key, [camel(f.name) for f in _FIELDS.values()])
    if isinstance(value, Mapping):
        where = f"{table}." if table else ""
        hint = f"; did you mean `[{where}{near}]`?" if near else ""
        return f"{source}: [{where}{key}]: unknown table, ignored{hint}"
    hint = f"; did you mean `{near}`?" if near else ""
    return f"{source}: {key}: unknown setting, ignored{hint}"


def parse_settings(
    raw: Mapping[str, Any] | None,
    base: Settings | None = None,
    source: str = "settings",
    *,
    report_unknown: bool = False,
    table: str = "",
) -> tuple[Settings, list[str]]:
    """Settings from a mapping over ``base``; returns them with one message per bad key.

    Each key is checked on its own: a bad value falls back to ``base`` for that key only.
    With ``report_unknown`` (a settings file, not an editor's section, which may hold its
    client's own keys) a key that is no setting is reported with the closest one; ``table``
    is where the mapping sits in its file (``tool.interview-notes``), for those messages.
    """
    settings = base or Settings()
    if raw is None:
        return settings, []
    if not isinstance(raw, Mapping):
        return settings, [f"{source}: expected a table of settings, got {type(raw).__name__}"]
    changes: dict[str, Any] = {}
    errors: list[str] = []
    for key, value in raw.items():
        found = _FIELDS.get(_flat(str(key)))
        if found is None:
            if report_unknown and key != SCHEMA_KEY:
                errors.append(_unknown(str(key), value, source, table))
            continue
        problem = _check(found.name, value)
        if problem:
            errors.append(f"{source}: {camel(found.name)}: {problem}; using the default")
            continue
        if found.name == "rules":
            kept, bad = _rules(value, source)
            errors += bad
            value = {**settings.rules, **kept}
        changes[found.name] = list(value) if isinstance(value, list) else value
    return dataclasses.replace(settings, **changes), errors


class NotRegularFileError(OSError):
    """A folder, FIFO, device or socket: reading it could block or never end."""


class FileTooLargeError(OSError):
    """A file larger than its reader allows; it is not read at all."""


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_regular_file(path: Path, max_bytes: int | None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    The file is checked with ``stat`` before it is opened (opening some devices has effects),
    opened without blocking, checked again on the open descriptor (the path may have changed
    in between) and read no further than one byte past the limit, so a FIFO, ``/dev/zero`` or
    a sparse file of gigabytes costs nothing.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotRegularFileError(f"{path}: not a regular file")
    fd = os.open(path, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(f"{path}: not a regular file")
        if max_bytes is None:
            return handle.read()
        if info.st_size > max_bytes:
            raise FileTooLargeError(f"{path}: larger than {max_bytes} bytes")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLargeError(f"{path}: larger than {max_bytes} bytes")
    return data


def loads_toml(text: str) -> Any:
    """Parsed TOML; raises ``ValueError`` on a syntax error."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    return tomllib.loads(text)


def _load_toml(path: Path) -> Any:
    return loads_toml(read_regular_file(path, MAX_SETTINGS_BYTES).decode("utf-8"))


def _settings_file(path: Path) -> tuple[Any, str | None]:
    """The parsed TOML of a settings file, or why it cannot be used (never an exception)."""
    try:
        return _load_toml(path), None
    except (NotRegularFileError, FileTooLargeError) as error:
        return None, f"{error}; ignored"
    except OSError as error:
        return None, f"{path}: {error.strerror or error}; ignored"
    except (ValueError, RecursionError, MemoryError) as error:
        # tomllib's TOMLDecodeError and UnicodeDecodeError are ValueErrors.
        return None, f"{path}: {error}; using the defaults"


def present(path: Path) -> bool:
    """Whether something is at ``path``: a dangling link or an unreadable folder counts as no."""
    try:
        return path.exists()
    except OSError:
        return False


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def load_workspace_settings(root: Path) -> tuple[Settings, list[str]]:
    """Settings from ``.interview-notes.toml`` or ``[tool.interview-notes]`` under ``root``.

    A file that cannot be used, or a value of the wrong type at any level, gives a message and
    the defaults; settings must never stop a check or a server.
    """
    config = root / CONFIG_FILE
    pyproject = root / "pyproject.toml"
    messages: list[str] = []
    if present(config):
        if is_regular(config):
            data, problem = _settings_file(config)
            if problem is not None:
                return Settings(), [problem]
            return parse_settings(data, source=str(config), report_unknown=True)
        # As before, a settings file that is not a file leaves the pyproject in charge.
        messages.append(f"{config}: not a regular file; ignored")
    if present(pyproject):
        if not is_regular(pyproject):
            return Settings(), [*messages, f"{pyproject}: not a regular file; ignored"]
        data, problem = _settings_file(pyproject)
        if problem is not None:
            return Settings(), [*messages, problem]
        tool = data.get("tool") if isinstance(data, Mapping) else None
        if tool is None:
            return Settings(), messages
        if not isinstance(tool, Mapping):
            found = type(tool).__name__
            problem = f"{pyproject}: tool: expected a table, got {found}; using the defaults"
            return Settings(), [*messages, problem]
        if TOOL_TABLE not in tool:
            return Settings(), [*messages, *_misspelt_tool_table(tool, pyproject)]
        settings, errors = parse_settings(
            tool[TOOL_TABLE],
            source=f"{pyproject} [tool.{TOOL_TABLE}]",
            report_unknown=True,
            table=f"tool.{TOOL_TABLE}",
        )
        return settings, [*messages, *errors]
    return Settings(), messages


def _misspelt_tool_table(tool: Mapping[Any, Any], pyproject: Path) -> list[str]:
    """A message for ``[tool.interview_notes]`` or ``[tool.interview-note]``: settings that
    would otherwise be ignored without a word. Other tools' tables are far from the name."""
    for key in tool:
        if closest(str(key), [TOOL_TABLE], cutoff=_CLOSE_TOOL) is not None:
            return [
                f"{pyproject}: [tool.{key}]: unknown table, ignored; "
                f"did you mean `[tool.{TOOL_TABLE}]`?"
            ]
    return []


def user_config_folder() -> Path | None:
    """``$XDG_CONFIG_HOME/interview-notes``, by default ``~/.config/interview-notes``."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if base and os.path.isabs(base):
        return Path(base) / USER_CONFIG_NAME
    try:
        return Path.home() / ".config" / USER_CONFIG_NAME
    except (RuntimeError, KeyError, OSError):
        return None


def trusted_folders(root: Path | None) -> list[Path]:
    """Where path settings may lead: the workspace and the user's own config folder.

    Anything else (``/dev/zero``, ``~/.bashrc``, a link committed to a repository) would be
    read as a template and its text shown in completions and written into notes.
    """
    folders = [root, user_config_folder()]
    found: list[Path] = []
    for folder in folders:
        if folder is None:
            continue
        try:
            found.append(folder.resolve())
        except (OSError, RuntimeError, ValueError):
            continue
    return found


def _inside(path: Path, folders: Sequence[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def confine_path(setting: str, value: str, root: Path | None) -> tuple[Path | None, str | None]:
    """The resolved path of a path setting, or ``None`` and a message naming the setting.

    Relative paths are taken from the workspace root; after links are followed the path must
    stay inside :func:`trusted_folders`.
    """
    path = Path(value)
    if not path.is_absolute():
        if root is None:
            return None, f"{setting}: {value} is relative and there is no workspace folder; ignored"
        path = root / path
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError, ValueError) as error:
        return None, f"{setting}: {value}: {error}; ignored"
    if not _inside(resolved, trusted_folders(root)):
        return None, (
            f"{setting}: {value} is outside the workspace and the user config folder; ignored"
        )
    return resolved, None
