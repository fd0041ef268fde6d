"""Reading note files from disk: encodings, sizes and the workspace around them."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .settings import Settings, find_workspace_root, load_workspace_settings
from .template import TemplateSet

NOTE_SUFFIXES = (".md", ".markdown")


class ReadError(Exception):
    """A file that cannot be read as text; the message says why and what to do."""


def decode(data: bytes) -> str:
    """Text from UTF-8 (with or without BOM) or UTF-16 (with BOM, or plainly ASCII-like)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if len(data) >= 4 and data[1:4:2] == b"\0\0" and data[0:4:2] != b"\0\0":
        return data.decode("utf-16-le")
    if len(data) >= 4 and data[0:4:2] == b"\0\0" and data[1:4:2] != b"\0\0":
        return data.decode("utf-16-be")
    return data.decode("utf-8")


def read_note(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from error
    try:
        return decode(data)
    except UnicodeDecodeError as error:
        raise ReadError(
            f"not valid UTF-8 or UTF-16 (byte {data[error.start]:#04x} at offset {error.start});"
            " save the file as UTF-8"
        ) from error


def collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Markdown files under ``paths`` (folders recursively, sorted), and paths that don't exist."""
    found: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*") if p.suffix.lower() in NOTE_SUFFIXES and p.is_file()
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            missing.append(f"{path}: no such file or folder")
    return found, missing


@dataclass
class Workspace:
    """Settings and templates of the folder a note lives in, loaded once."""

    root: Path
    settings: Settings
    templates: TemplateSet
    messages: list[str]

    @classmethod
    def load(cls, start: Path, base: Settings | None = None) -> Workspace:
        root = find_workspace_root(start.resolve())
        settings, messages = load_workspace_settings(root)
        if base is not None:
            settings = base
        folder = root / settings.templates_folder
        paths = [root / path for path in settings.templates]
        templates = TemplateSet.load(folder, paths, root)
        return cls(root, settings, templates, [*messages, *templates.errors])
