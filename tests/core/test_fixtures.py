"""Every note under tests/fixtures/notes gives exactly the findings in its ``.expected`` file.

``<name>.expected`` holds one ``LINE:COL CODE`` line per finding (1-based, code points), in
document order; an empty file means the note gives no findings at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .expectations import (
    NOTES,
    analyze_text,
    expected_path,
    finding_lines,
    note_fixtures,
    read_expected,
    read_fixture,
)

FIXTURES = note_fixtures()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_fixture_gives_the_expected_findings(fixture: Path) -> None:
    assert expected_path(fixture).is_file(), f"{fixture.name} has no .expected file"
    found = finding_lines(analyze_text(read_fixture(fixture)))
    assert found == read_expected(fixture)


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 60


def test_every_expected_file_belongs_to_a_fixture() -> None:
    orphans = [p.name for p in NOTES.glob("*.expected") if not p.with_suffix(".md").is_file()]
    assert orphans == []


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("filled-note-crlf.md", b"\r\n"),
        ("seed-crlf.md", b"\r\n"),
        ("unfilled-row-crlf.md", b"\r\n"),
        ("mixed-line-endings.md", b"\r\n"),
        ("mixed-line-endings.md", b"\r-"),
        ("lone-cr-line-endings.md", b"\r"),
        ("bom-utf8.md", b"\xef\xbb\xbf# "),
        ("front-matter-after-bom.md", b"\xef\xbb\xbf---"),
        ("bom-before-root-label.md", b"\xef\xbb\xbf**Notes:**"),
    ],
)
def test_byte_exact_fixtures_keep_their_bytes(name: str, marker: bytes) -> None:
    """Guards the fixtures against line-ending normalisation by git or an editor."""
    data = (NOTES / name).read_bytes()
    assert marker in data
    if name == "lone-cr-line-endings.md":
        assert b"\n" not in data
    if name == "mixed-line-endings.md":
        assert data.replace(b"\r\n", b"").count(b"\n") > 0


def test_lf_fixtures_have_no_carriage_returns() -> None:
    byte_exact = {
        "filled-note-crlf.md",
        "seed-crlf.md",
        "unfilled-row-crlf.md",
        "mixed-line-endings.md",
        "lone-cr-line-endings.md",
    }
    stray = [f.name for f in FIXTURES if f.name not in byte_exact and b"\r" in f.read_bytes()]
    assert stray == []
