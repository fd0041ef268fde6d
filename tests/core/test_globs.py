"""``.gitignore``-style patterns as ``.gitignore``, ``exclude`` and ``include`` use them."""

from __future__ import annotations

import time

import pytest
from interview_notes.globs import MAX_PATTERN_CHARS, PatternSet


@pytest.mark.parametrize(
    ("pattern", "path", "named"),
    [
        ("drafts/", "drafts/x.md", True),
        ("drafts/", "notes/drafts/x.md", True),
        ("drafts/", "drafts.md", False),
        ("/drafts", "notes/drafts/x.md", False),
        ("/drafts", "drafts/x.md", True),
        ("*.tmp.md", "a/b/c.tmp.md", True),
        ("notes/*.md", "notes/a.md", True),
        ("notes/*.md", "notes/sub/a.md", False),
        ("notes/**/*.md", "notes/sub/deeper/a.md", True),
        ("notes/**/*.md", "notes/a.md", True),
        ("**/archive", "x/y/archive/a.md", True),
        ("archive/**", "archive/a.md", True),
        ("a?c.md", "abc.md", True),
        ("a?c.md", "a/c.md", False),
        ("[ab].md", "b.md", True),
        ("[^ab].md", "b.md", False),
        ("[!ab].md", "c.md", True),
        ("\\#notes.md", "#notes.md", True),
        ("# a comment", "# a comment", False),
        ("\\*.md", "*.md", True),
        ("\\*.md", "a.md", False),
        ("trailing.md   ", "trailing.md", True),
    ],
)
def test_a_pattern_names_the_paths_git_would(pattern: str, path: str, named: bool) -> None:
    assert PatternSet([pattern]).names(path) is named


def test_the_last_matching_pattern_decides_and_a_folder_left_out_stays_out() -> None:
    patterns = PatternSet(["*.md", "!keep.md"])
    assert patterns.names("a.md") and not patterns.names("keep.md")
    # A file cannot be brought back from a folder that is left out, as in git.
    assert PatternSet(["old/", "!old/keep.md"]).names("old/keep.md")


def test_folder_only_patterns_name_folders_not_files() -> None:
    patterns = PatternSet(["build/"])
    assert patterns.decide(["build"], is_folder=True) is True
    assert patterns.decide(["build"], is_folder=False) is None


@pytest.mark.parametrize(
    "pattern",
    [
        "*a" * 60 + "*b",
        "**/a*" * 40 + "x",
        "*/" * 100 + "x",
        "?*" * 120,
        "[a-z]*" * 60 + "!",
    ],
)
def test_hostile_patterns_match_long_paths_quickly(pattern: str) -> None:
    patterns = PatternSet([pattern[:MAX_PATTERN_CHARS]] * 50)
    path = "/".join(["a" * 255] * 30) + "/" + "a" * 250 + ".md"
    started = time.perf_counter()
    patterns.names(path)
    assert time.perf_counter() - started < 1.0


def test_overlong_patterns_and_too_many_patterns_are_dropped() -> None:
    assert not PatternSet(["x" * (MAX_PATTERN_CHARS + 1)])
    assert len(PatternSet([f"p{index}" for index in range(5000)]).globs) == 1000
