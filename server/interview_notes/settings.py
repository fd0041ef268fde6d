"""Typed settings, parsed once from editor settings, ``.interview-notes.toml`` or pyproject.

A bad value never stops the analysis: it is reported with its key and the key keeps its
default. Unknown keys are ignored. Keys may be written camelCase, snake_case or kebab-case.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .severity import Severity

CONFIG_FILE = ".interview-notes.toml"
USER_CONFIG_NAME = "interview-notes"
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


@dataclass(frozen=True)
class Settings:
    """Everything a user can configure; the defaults are the documented ones."""

    rules: dict[str, str] = field(default_factory=dict)
    recognition: bool = True
    templates_folder: str = ".interview-notes/templates"
    templates: list[str] = field(default_factory=list)
    default_template: str = "system-design"
    required_sections: list[str] | None = None
    na_words: list[str] = field(default_factory=lambda: ["N/A", "n/a", "none", "-"])
    max_document_size: int = 1_000_000
    unchecked_items: str = "while-empty"
    date_order: str = "month-first"

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

    @property
    def na_set(self) -> frozenset[str]:
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


def _check(name: str, value: Any) -> str | None:
    """Why ``value`` is not valid for the setting ``name``; ``None`` when it is."""
    if name == "rules":
        if not isinstance(value, Mapping):
            return "expected a table of rule -> severity"
        for rule, severity in value.items():
            if not isinstance(severity, str) or severity.lower() not in SEVERITY_WORDS:
                words = ", ".join(sorted(set(SEVERITY_WORDS)))
                return f"rule {rule!r}: expected one of {words}"
        return None
    if name == "recognition":
        return None if isinstance(value, bool) else "expected true or false"
    if name in ("templates_folder", "default_template"):
        return None if isinstance(value, str) and value.strip() else "expected a non-empty string"
    if name in ("templates", "na_words"):
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


def parse_settings(
    raw: Mapping[str, Any] | None, base: Settings | None = None, source: str = "settings"
) -> tuple[Settings, list[str]]:
    """Settings from a mapping over ``base``; returns them with one message per bad key."""
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
            continue
        problem = _check(found.name, value)
        if problem:
            errors.append(f"{source}: {camel(found.name)}: {problem}; using the default")
            continue
        if found.name == "rules":
            value = {**settings.rules, **{str(k): str(v) for k, v in value.items()}}
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


def _load_toml(path: Path) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    text = read_regular_file(path, MAX_SETTINGS_BYTES).decode("utf-8")
    return tomllib.loads(text)


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


def _present(path: Path) -> bool:
    """Whether something is at ``path``: a dangling link or an unreadable folder counts as no."""
    try:
        return path.exists()
    except OSError:
        return False


def _regular(path: Path) -> bool:
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
    if _present(config):
        if _regular(config):
            data, problem = _settings_file(config)
            if problem is not None:
                return Settings(), [problem]
            return parse_settings(data, source=str(config))
        # As before, a settings file that is not a file leaves the pyproject in charge.
        messages.append(f"{config}: not a regular file; ignored")
    if _present(pyproject):
        if not _regular(pyproject):
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
        table = tool.get("interview-notes")
        settings, errors = parse_settings(table, source=f"{pyproject} [tool.interview-notes]")
        return settings, [*messages, *errors]
    return Settings(), messages


def find_workspace_root(start: Path) -> Path:
    """The nearest folder above ``start`` holding a settings file or ``.git``."""
    for folder in [start, *start.parents]:
        if _regular(folder / CONFIG_FILE) or _present(folder / ".git"):
            return folder
        if _regular(folder / "pyproject.toml"):
            return folder
    return start


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
