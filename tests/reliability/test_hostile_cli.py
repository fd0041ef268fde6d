"""Hostile files through ``interview-notes check``: it names what it cannot read, keeps
checking the rest, and never crashes or hangs."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from interview_notes.cli import main

from .inputs import HOSTILE, hostile_text
from .support import LOCAL_CORPUS, SHARED_CORPUS, seed_text

SEED = seed_text()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".interview-notes.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def corpus_files() -> list[Path]:
    roots = [LOCAL_CORPUS, SHARED_CORPUS]
    return sorted(
        path
        for root in roots
        if root.is_dir()
        for kind in ("notes_like", "other")
        for path in (root / kind).rglob("*")
        if path.is_file()
    )


def test_every_corpus_file_is_checked_without_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    files = corpus_files()
    assert len(files) >= 12
    code, out, err = check(capsys, "--format", "json", *map(str, files))
    assert code in (0, 2), err
    assert json.loads(out) == []
    assert "Traceback" not in err
    *messages, summary = err.splitlines()
    for line in messages:
        assert "not valid UTF-8" in line or "interview-notes:" in line
    assert summary.startswith(f"{len(set(files))} files checked, 0 notes: 0 errors")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_checked_quickly(
    name: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = hostile_text(name).encode("utf-8", "surrogatepass")
    (folder / "note.md").write_bytes(data)
    started = time.monotonic()
    code, out, err = check(capsys, "note.md")
    assert time.monotonic() - started < 5
    if name == "lone-surrogates":
        assert code == 2 and "note.md: not valid UTF-8 or UTF-16" in err
        return
    assert code in (0, 1), err
    assert "Traceback" not in err and "RecursionError" not in err
    for line in out.splitlines():
        assert line.startswith("note.md:")


def test_ten_megabyte_note_is_skipped_by_name_and_the_others_are_checked(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = (SEED * (10_000_000 // len(SEED) + 1))[:10_000_000]
    (folder / "big.md").write_text(big, encoding="utf-8")
    (folder / "small.md").write_text(SEED, encoding="utf-8")
    started = time.monotonic()
    code, out, err = check(capsys, "big.md", "small.md")
    assert time.monotonic() - started < 10
    # Skipped from its size on disk, before it is read.
    assert "big.md: skipped: more than 4000000 bytes (maxDocumentSize is 1000000 characters)" in err
    assert code == 1
    assert out and all(line.startswith("small.md:") for line in out.splitlines())


def test_invalid_utf8_is_named_and_the_other_files_still_checked(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "a-broken.md").write_bytes(SEED.encode() + b"\n\xff\xfe\xc3(\n")
    (folder / "b-fine.md").write_text(SEED, encoding="utf-8")
    code, out, err = check(capsys, "a-broken.md", "b-fine.md")
    assert code == 2
    assert "a-broken.md: not valid UTF-8 or UTF-16" in err
    assert out and all(line.startswith("b-fine.md:") for line in out.splitlines())


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16-le"),
        lambda text: text.encode("utf-16-be"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_utf16_with_and_without_bom_reads_as_the_same_note(
    encode: object, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert callable(encode)
    (folder / "plain.md").write_text(SEED, encoding="utf-8")
    (folder / "other.md").write_bytes(encode(SEED))
    _, plain, _ = check(capsys, "plain.md")
    code, other, err = check(capsys, "other.md")
    assert code == 1, err
    assert other.replace("other.md:", "plain.md:") == plain


def test_nul_bytes_are_text_not_an_end(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "nul.md").write_bytes(SEED.replace("- Technology choice:", "- \0:").encode())
    code, out, err = check(capsys, "nul.md")
    assert code == 1, err
    assert out.count("nul.md:") > 5


@pytest.mark.parametrize(
    "config",
    [
        'maxDocumentSize = "big"\nrecognition = "yes"\nrules = 3\nnaWords = [1, 2]\n',
        "templates = 5\ntemplatesFolder = []\nrequiredSections = {a = 1}\n",
        "this is [not toml\n",
    ],
    ids=["wrong-types", "more-wrong-types", "not-toml"],
)
def test_settings_of_the_wrong_type_are_named_and_defaults_used(
    config: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / ".interview-notes.toml").write_text(config, encoding="utf-8")
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    code, out, err = check(capsys, "note.md")
    assert code == 1
    assert out.count("note.md:") > 5
    assert ".interview-notes.toml" in err
    assert "Traceback" not in err


def test_new_never_overwrites(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "mine.md").write_text("my own words\n", encoding="utf-8")
    assert main(["new", "mine.md"]) == 2
    assert "already exists; not overwritten" in capsys.readouterr().err
    assert (folder / "mine.md").read_text(encoding="utf-8") == "my own words\n"


def test_new_does_not_write_through_a_dangling_link(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = folder.parent / f"{folder.name}-outside.md"
    (folder / "link.md").symlink_to(outside)
    assert main(["new", "link.md"]) == 2
    assert not outside.exists()
    assert "already exists; not overwritten" in capsys.readouterr().err


def test_the_command_line_in_a_process_names_unreadable_files(folder: Path) -> None:
    (folder / "bad.md").write_bytes(b"\xff\xff\xff")
    (folder / "good.md").write_text(SEED, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "interview_notes", "check", "bad.md", "good.md"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "bad.md: not valid UTF-8 or UTF-16" in done.stderr
    assert "good.md:" in done.stdout
