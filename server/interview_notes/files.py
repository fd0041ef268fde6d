"""Reading note files from disk: encodings, sizes and the workspace around them."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .settings import (
    FileTooLargeError,
    NotRegularFileError,
    Settings,
    find_workspace_root,
    load_workspace_settings,
    read_regular_file,
)
from .template import TemplateSet

NOTE_SUFFIXES = (".md", ".markdown")
# UTF-8 takes at most four bytes per character, UTF-16 four per surrogate pair: a file of more
# than four bytes per allowed character is too large whatever its encoding.
BYTES_PER_CHARACTER = 4


class ReadError(Exception):
    """A file that cannot be read as text; the message says why and what to do."""


class TooLargeError(ReadError):
    """A file over the size limit: skipped, not an error."""


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


def read_note(path: Path, max_chars: int | None = None) -> str:
    """A note's text. Only regular files are opened; with ``max_chars`` a file over
    ``4 * max_chars`` bytes is refused before it is read, and the text after decoding must
    fit too, so a huge or endless file costs neither memory nor time."""
    max_bytes = None if max_chars is None else max_chars * BYTES_PER_CHARACTER
    try:
        data = read_regular_file(path, max_bytes)
    except FileTooLargeError as error:
        raise TooLargeError(
            f"skipped: more than {max_bytes} bytes (maxDocumentSize is {max_chars} characters)"
        ) from error
    except NotRegularFileError as error:
        raise ReadError("not a regular file") from error
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from error
    try:
        text = decode(data)
    except UnicodeDecodeError as error:
        raise ReadError(
            f"not valid UTF-8 or UTF-16 (byte {data[error.start]:#04x} at offset {error.start});"
            " save the file as UTF-8"
        ) from error
    if max_chars is not None and len(text) > max_chars:
        raise TooLargeError(
            f"skipped: {len(text)} characters is more than maxDocumentSize ({max_chars})"
        )
    return text


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk(folder: Path, skipped: list[str]) -> list[Path]:
    """Markdown files under ``folder``. Folder links are not entered and file links leading
    out of ``folder`` are skipped (named in ``skipped``): checking a folder reads that folder."""
    boundary = folder.resolve()
    found: list[Path] = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in files:
            path = Path(current, name)
            if path.suffix.lower() not in NOTE_SUFFIXES:
                continue
            try:
                linked = path.is_symlink()
                resolved = path.resolve() if linked else path
                mode = path.stat().st_mode
            except (OSError, RuntimeError):
                skipped.append(f"{path}: skipped: a broken or looping link")
                continue
            if linked and not _inside(resolved, boundary):
                skipped.append(f"{path}: skipped: a link to {resolved}, outside {boundary}")
                continue
            if not stat.S_ISREG(mode):
                skipped.append(f"{path}: skipped: not a regular file")
                continue
            found.append(path)
    return sorted(found)


def collect(paths: list[Path], skipped: list[str] | None = None) -> tuple[list[Path], list[str]]:
    """Markdown files under ``paths`` (folders recursively, sorted), and paths that don't exist.

    Files left out on purpose (links out of a folder, FIFOs) are named in ``skipped``.
    """
    found: list[Path] = []
    missing: list[str] = []
    notes = [] if skipped is None else skipped
    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            missing.append(f"{path}: no such file or folder")
            continue
        except (OSError, ValueError, RuntimeError) as error:
            missing.append(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}")
            continue
        if stat.S_ISDIR(mode):
            found.extend(_walk(path, notes))
        elif stat.S_ISREG(mode):
            found.append(path)
        else:
            missing.append(f"{path}: not a regular file")
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
        templates = TemplateSet.configured(settings, root)
        return cls(root, settings, templates, [*messages, *templates.errors])
