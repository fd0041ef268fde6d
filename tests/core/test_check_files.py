"""``check`` reads only what it must: sizes before contents, no links out of the folders it
walks, and one bad file never stops the others. ``snippets`` never writes through a link."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest
from interview_notes import files
from interview_notes.cli import check as check_command
from interview_notes.cli import main

from .expectations import bundled_templates
from .test_confinement import assert_clean, run_cli

SEED = bundled_templates().get("system-design").text  # type: ignore[union-attr]
FINDINGS = 33  # warnings and above in the bundled template, as in test_cli
SPARSE_BYTES = 2 * 1024**3
needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / ".interview-notes.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def checked(out: str) -> set[str]:
    return {line.split(":", 1)[0] for line in out.splitlines()}


# sizes --------------------------------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="sparse files")
def test_a_sparse_file_of_2_gb_is_skipped_without_being_read(folder: Path) -> None:
    with (folder / "a-huge.md").open("wb") as handle:
        handle.truncate(SPARSE_BYTES)
    (folder / "b-note.md").write_text(SEED, encoding="utf-8")
    for targets in (["."], ["a-huge.md", "b-note.md"]):
        result = run_cli(folder, "check", *targets)
        assert_clean(result)
        assert result.code == 1  # a skipped file is not an error; the note has findings
        assert f"a-huge.md: skipped: more than {4 * 1_000_000} bytes" in result.err
        assert len(result.out.splitlines()) == FINDINGS
        assert checked(result.out) == {"b-note.md"}
        # The child is capped at 2 GB of address space; reading the file could not even
        # start. What it did use is the interpreter and one note.
        assert 0 < result.peak < 150 * 1024**2, result.peak


def test_sizes_are_compared_in_bytes_before_reading_and_in_characters_after(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / ".interview-notes.toml").write_text("maxDocumentSize = 100\n", encoding="utf-8")
    (folder / "bytes.md").write_text("x" * 401, encoding="utf-8")
    (folder / "characters.md").write_text("x" * 101, encoding="utf-8")
    (folder / "wide.md").write_text("é" * 100, encoding="utf-8")  # 200 bytes, 100 characters
    (folder / "small.md").write_text("# Notes\n\n- \n", encoding="utf-8")
    code, out, err = run(capsys, "check", ".")
    assert code == 0 and out == ""
    assert "bytes.md: skipped: more than 400 bytes (maxDocumentSize is 100 characters)" in err
    assert "characters.md: skipped: 101 characters is more than maxDocumentSize (100)" in err
    assert "wide.md" not in err and "small.md" not in err


# links --------------------------------------------------------------------------------
@needs_symlinks
def test_a_file_link_out_of_the_folder_is_skipped(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = folder.parent / "private.md"
    outside.write_text(SEED, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "inside.md").write_text(SEED, encoding="utf-8")
    (folder / "leak.md").symlink_to(outside)
    (folder / "alias.md").symlink_to(folder / "sub" / "inside.md")
    code, out, err = run(capsys, "check", ".")
    assert code == 1
    assert f"leak.md: skipped: a link to {outside.resolve()}, outside {folder.resolve()}" in err
    # A link to a file of the folder is that file: checked once, under its own name.
    assert checked(out) == {str(Path("sub/inside.md"))}
    # Named on the command line, a link is the user's own choice and is checked.
    code, out, _ = run(capsys, "check", "leak.md")
    assert code == 1 and checked(out) == {"leak.md"}


@needs_symlinks
def test_a_folder_link_is_not_followed(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = folder.parent / "elsewhere"
    outside.mkdir()
    (outside / "theirs.md").write_text(SEED, encoding="utf-8")
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "mine.md").write_text(SEED, encoding="utf-8")
    code, out, err = run(capsys, "check", "--quiet", ".")
    assert (code, err) == (1, "")
    assert checked(out) == {"mine.md"}


# one bad file never stops the others --------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_among_the_notes_is_not_opened(folder: Path) -> None:
    os.mkfifo(folder / "a-pipe.md")
    (folder / "b-note.md").write_text(SEED, encoding="utf-8")
    result = run_cli(folder, "check", ".")
    assert_clean(result)
    assert result.code == 1 and "a-pipe.md: skipped: not a regular file" in result.err
    assert checked(result.out) == {"b-note.md"}
    named = run_cli(folder, "check", "a-pipe.md", "b-note.md")
    assert_clean(named)
    assert named.code == 2 and "a-pipe.md: not a regular file" in named.err
    assert checked(named.out) == {"b-note.md"}


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads unreadable files"
)
def test_an_unreadable_file_exits_2_after_checking_the_rest(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = folder / "a-locked.md"
    locked.write_text(SEED, encoding="utf-8")
    locked.chmod(0)
    (folder / "b-note.md").write_text(SEED, encoding="utf-8")
    try:
        code, out, err = run(capsys, "check", ".")
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 2 and "a-locked.md: cannot read" in err
    assert checked(out) == {"b-note.md"}


def test_a_read_error_exits_2_after_checking_the_rest(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As :func:`test_an_unreadable_file_exits_2_after_checking_the_rest`, also as root."""
    real = files.read_regular_file

    def failing(path: Path, max_bytes: int | None) -> bytes:
        if path.name == "a-bad.md":
            raise OSError(errno.EIO, "Input/output error")
        return real(path, max_bytes)

    monkeypatch.setattr(files, "read_regular_file", failing)
    (folder / "a-bad.md").write_text(SEED, encoding="utf-8")
    (folder / "b-note.md").write_text(SEED, encoding="utf-8")
    code, out, err = run(capsys, "check", ".")
    assert code == 2 and "a-bad.md: cannot read: Input/output error" in err
    assert checked(out) == {"b-note.md"}


@pytest.mark.parametrize("error", [MemoryError, RecursionError, ValueError])
def test_a_file_that_fails_to_check_exits_2_after_the_rest(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: type[Exception],
) -> None:
    real = check_command.analyze

    def failing(text: str, *args: object, **kwargs: object) -> object:
        if "FAIL HERE" in text:
            raise error("boom")
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(check_command, "analyze", failing)
    (folder / "a-bad.md").write_text(SEED + "\nFAIL HERE\n", encoding="utf-8")
    (folder / "b-note.md").write_text(SEED, encoding="utf-8")
    code, out, err = run(capsys, "check", ".")
    assert code == 2 and "a-bad.md: not checked" in err
    assert checked(out) == {"b-note.md"}


# snippets -----------------------------------------------------------------------------
@needs_symlinks
@pytest.mark.parametrize("name", ["markdown.json", "package.json"])
def test_snippets_refuse_to_write_through_a_link(
    folder: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = folder.parent / "precious.json"
    target.write_text("keep me\n", encoding="utf-8")
    output = folder / "snippets"
    output.mkdir()
    (output / name).symlink_to(target)
    code, out, err = run(capsys, "snippets", "--output", "snippets")
    assert code == 2 and out == ""
    assert f"{Path('snippets') / name}: is a symbolic link; not written" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert (output / name).is_symlink()
    assert sorted(path.name for path in output.iterdir()) == [name]


def test_snippets_replace_files_whole_and_leave_no_temporary_files(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = folder / "snippets"
    output.mkdir()
    (output / "markdown.json").write_text("old\n", encoding="utf-8")
    code, out, _ = run(capsys, "snippets", "--output", "snippets")
    assert code == 0 and len(out.splitlines()) == 2
    assert sorted(path.name for path in output.iterdir()) == ["markdown.json", "package.json"]
    assert (output / "markdown.json").read_text(encoding="utf-8").startswith("{")
    if os.name == "posix":
        mask = os.umask(0)
        os.umask(mask)
        assert stat.S_IMODE((output / "package.json").stat().st_mode) == 0o666 & ~mask
    assert run(capsys, "snippets", "--output", "snippets", "--check")[0] == 0
