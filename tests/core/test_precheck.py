"""The pre-check that rules a text out as a note without parsing it: it may let a non-note
through (the full analysis then says no), but never rules out a note."""

from __future__ import annotations

import difflib
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_notes.analysis import analyze, recognize
from interview_notes.matching import _TYPO_CUTOFF, profile
from interview_notes.precheck import could_be_note
from interview_notes.settings import Settings
from interview_notes.structure import parse_note
from interview_notes.text import SourceText

from .expectations import FIXTURES, bundled_templates, read_fixture
from .test_corpus import FILES as CORPUS_FILES
from .test_corpus import read_corpus_text

TEMPLATE = bundled_templates().templates[0]
HEADINGS = [line for line in TEMPLATE.note.source.lines if line.startswith("#")]
NOTE_FIXTURES = sorted(p for p in FIXTURES.rglob("*.md") if "corpus" not in p.parts)


def fully_recognised(text: str, options: Settings | None = None) -> bool:
    source = SourceText(text)
    return recognize(parse_note(source), bundled_templates(), options or Settings()) is not None


def passes(text: str, options: Settings | None = None) -> bool:
    return could_be_note(SourceText(text), bundled_templates(), options or Settings())


def assert_never_rules_out_a_note(text: str) -> None:
    if fully_recognised(text):
        assert passes(text), "the pre-check ruled out a note"


@pytest.mark.parametrize("path", NOTE_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_note_passes(path: Path) -> None:
    assert_never_rules_out_a_note(read_fixture(path))


def _rewrite_headings(text: str, rewrite: object, rng: random.Random) -> str:
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        match = re.match(r"^(#{1,6}) (.*)$", line)
        if match is None or rng.random() < 0.3:
            out.append(line)
            continue
        assert callable(rewrite)
        out.extend(rewrite(len(match.group(1)), match.group(2), rng))
    return "\n".join(out)


def _setext(level: int, title: str, rng: random.Random) -> list[str]:
    if level > 2:
        return [f"{'#' * level} {title}"]
    return [title, ("=" if level == 1 else "-") * rng.randint(1, 8) + " " * rng.randint(0, 2)]


def _indented(level: int, title: str, rng: random.Random) -> list[str]:
    return [" " * rng.randint(0, 3) + "#" * level + "\t" * rng.randint(0, 1) + f" {title} ##"]


def _slip(level: int, title: str, rng: random.Random) -> list[str]:
    chars = list(title)
    if len(chars) > 3:
        index = rng.randrange(len(chars) - 1)
        chars[index], chars[index + 1] = chars[index + 1], chars[index]
    return [f"{'#' * level} {''.join(chars)}"]


def _commented(level: int, title: str, rng: random.Random) -> list[str]:
    return [f"{'#' * level} {title} <!-- {rng.random():.3f} -->"]


REWRITES = {"setext": _setext, "indented": _indented, "slip": _slip, "commented": _commented}


@pytest.mark.parametrize("kind", sorted(REWRITES))
@pytest.mark.parametrize("path", NOTE_FIXTURES[:40], ids=lambda p: p.stem)
def test_headings_written_otherwise_still_pass(path: Path, kind: str) -> None:
    text = read_fixture(path)
    for seed in range(3):
        rewritten = _rewrite_headings(text, REWRITES[kind], random.Random(seed))
        assert_never_rules_out_a_note(rewritten)
        assert_never_rules_out_a_note("\ufeff" + rewritten.replace("\n", "\r\n"))


LINES = st.sampled_from(
    [
        *HEADINGS,
        *(heading.lstrip("#").strip() for heading in HEADINGS),
        *(heading.upper() for heading in HEADINGS),
        "===",
        "---",
        "- - -",
        "",
        "   ",
        "```",
        "~~~",
        "<!--",
        "-->",
        "> ## Trade-offs Discussed",
        "- ## Feedback Received",
        "    ## Interview Date",
        "\t## Interview Date",
        "**Interview Date:** 2026-01-01",
        "| a | b |",
        "|---|---|",
        "Some text",
        "#hashtag",
        "## Tradeofs Discused",
        "## Folow-up Questions",
        "## Feeback Recieved",
        "# System Design Interview Notes: Uber",
        "---\ntemplate: system-design\n---",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=30))
def test_documents_of_heading_like_lines(lines: list[str]) -> None:
    assert_never_rules_out_a_note("\n".join(lines))


def test_recognition_turned_off_rules_out_all_but_named_notes() -> None:
    off = Settings(recognition=False)
    text = "\n\n".join(HEADINGS)
    assert not passes(text, off)
    assert passes("---\ntemplate: system-design\n---\n" + text, off) == fully_recognised(
        "---\ntemplate: system-design\n---\n" + text, off
    )


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_files_are_never_notes_and_most_never_parsed(path: Path) -> None:
    text = read_corpus_text(path)
    if text is None:
        pytest.skip("not UTF-8 or UTF-16")
    assert_never_rules_out_a_note(text)


def test_ordinary_documents_are_ruled_out_without_parsing() -> None:
    readme = (
        "# Project\n\nText.\n\n## Installation\n\n```sh\n## not a heading\n```\n\n"
        "## Usage\n\nMore.\n\nContributing\n------------\n\n## License\n\nMIT\n"
    )
    assert not passes(readme)
    analysis = analyze(readme, bundled_templates())
    assert not analysis.is_note
    # The structure is still there for those who ask (outline, folding), parsed on demand.
    assert [s.title for s in analysis.note.sections] == [
        "Project",
        "Installation",
        "Usage",
        "Contributing",
        "License",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghiklmnoprstuvwy", min_size=5, max_size=14))
def test_slips_are_mapped_as_difflib_maps_them(token: str) -> None:
    found = profile(TEMPLATE)
    spellings = found._spellings
    close = difflib.get_close_matches(token, spellings, 1, _TYPO_CUTOFF)
    expected = spellings[close[0]] if close else (token,)
    if token in found.weights:
        expected = (token,)
    assert found.known([token]) == frozenset(expected)


def test_slips_of_template_words_are_mapped() -> None:
    found = profile(TEMPLATE)
    rng = random.Random(5)
    for word in list(found._spellings):
        chars = list(word)
        index = rng.randrange(len(chars) - 1)
        chars[index], chars[index + 1] = chars[index + 1], chars[index]
        slip = "".join(chars)
        close = difflib.get_close_matches(slip, found._spellings, 1, _TYPO_CUTOFF)
        expected = found._spellings[close[0]] if close else (slip,)
        if slip in found.weights:
            expected = (slip,)
        assert found.known([slip]) == frozenset(expected)


def _slipped_heading(heading: str, rng: random.Random) -> str:
    """The heading's long words only, each with two letters swapped: a note written so is
    recognised through the slips alone."""

    def slip(word: str) -> str:
        index = rng.randrange(1, len(word) - 2)
        return word[:index] + word[index + 1] + word[index] + word[index + 2 :]

    marks = heading.split(" ", 1)[0]
    return " ".join([marks, *(slip(word) for word in re.findall(r"[A-Za-z]{5,}", heading))])


def test_notes_whose_every_heading_has_a_slip_pass() -> None:
    recognised = 0
    for seed in range(20):
        rng = random.Random(seed)
        text = "\n\n".join(_slipped_heading(heading, rng) for heading in HEADINGS[1:])
        recognised += fully_recognised(text)
        assert_never_rules_out_a_note(text)
    assert recognised >= 10, "the slipped notes should mostly still be notes"
