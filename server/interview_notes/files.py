"""Reading and writing note files: encodings and sizes."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .settings import FileTooLargeError, NotRegularFileError, read_regular_file

# Every file with one of these suffixes may be a note; the analysis decides whether it is.
MARKDOWN_SUFFIXES = (".md", ".markdown")
# UTF-8 takes at most four bytes per character, UTF-16 four per surrogate pair: a file of more
# than four bytes per allowed character is too large whatever its encoding.
BYTES_PER_CHARACTER = 4


class ReadError(Exception):
    """A file that cannot be read as text; the message says why and what to do."""


class TooLargeError(ReadError):
    """A file over the size limit: skipped, not an error."""


@dataclass(frozen=True)
class Encoding:
    """How a note's bytes encode its text, so that a fixed note is written back the same way."""

    codec: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec, "surrogatepass")


def sniff(data: bytes) -> Encoding:
    """UTF-8 (with or without BOM) or UTF-16 (with BOM, or plainly ASCII-like)."""
    if data.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", codecs.BOM_UTF8)
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return Encoding(codec, bom)
    if len(data) >= 4 and data[1:4:2] == b"\0\0" and data[0:4:2] != b"\0\0":
        return Encoding("utf-16-le")
    if len(data) >= 4 and data[0:4:2] == b"\0\0" and data[1:4:2] != b"\0\0":
        return Encoding("utf-16-be")
    return Encoding()


def decode_with_encoding(data: bytes) -> tuple[str, Encoding]:
    found = sniff(data)
    return data[len(found.bom) :].decode(found.codec), found


def read_note(path: Path, max_chars: int | None = None) -> str:
    """A note's text (see :func:`read_note_with_encoding`)."""
    return read_note_with_encoding(path, max_chars)[0]


def read_note_with_encoding(path: Path, max_chars: int | None = None) -> tuple[str, Encoding]:
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
        text, encoding = decode_with_encoding(data)
    except UnicodeDecodeError as error:
        raise ReadError(
            f"not valid UTF-8 or UTF-16 (byte {data[error.start]:#04x} at offset {error.start});"
            " save the file as UTF-8"
        ) from error
    if max_chars is not None and len(text) > max_chars:
        raise TooLargeError(
            f"skipped: {len(text)} characters is more than maxDocumentSize ({max_chars})"
        )
    return text, encoding


def write_note(path: Path, text: str, encoding: Encoding) -> None:
    """Replace a note's text, in its own encoding, without a moment when the file is half
    written: the text goes to a new file beside it that then takes its place. A link is
    followed, so the file it leads to changes, and the file keeps its permissions."""
    target = path.resolve()
    replace_file(target, encoding.encode(text), stat.S_IMODE(target.stat().st_mode))


def replace_file(path: Path, data: bytes, mode: int) -> None:
    """Write ``path`` whole with permissions ``mode``: a new file beside it, then an atomic
    rename, which replaces the name (never writing through a link at it) and leaves no
    half-written file, even when writing fails."""
    import tempfile  # only for writing: a `check` without --fix never needs it

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
