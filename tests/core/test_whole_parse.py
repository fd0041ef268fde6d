"""The first analysis of a note parses it once and cuts the tokens into its chunks: each chunk's
tokens are those the parser makes of the chunk's lines alone, and the analysis is a fresh one's."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from interview_notes.incremental import IncrementalAnalyzer, split_points
from interview_notes.settings import Settings
from interview_notes.structure import WholeParse, markdown_parser, parse_lines
from interview_notes.text import SourceText

from .expectations import FIXTURES, analyze_text, bundled_templates, read_fixture
from .test_corpus import FILES as CORPUS_FILES
from .test_corpus import read_corpus_text
from .test_incremental_steps import seen

SEED = bundled_templates().templates[0].text
TRICKY = {
    "html block across a heading": SEED + "\n<div>\n# not a chunk of its own\n\n</div>\n# Next\n",
    "unclosed fence": SEED.replace("## Feedback Received", "```\n## Feedback Received", 1),
    "list before a heading": "# T\n\n- a\n- b\n\n\n## H\n\ntext\n## I\n> quote\n# J\n    code\n",
    "setext and tables": "# T\nText\n===\n| a | b |\n|---|---|\n| 1 | 2 |\n# U\n| x |\n",
    "comment across headings": "# T\n<!--\n# hidden\n-->\n## After\n",
    "front matter": "---\ntitle: x\n---\n" + SEED,
}
FILES = sorted(p for p in FIXTURES.rglob("*.md") if "corpus" not in p.parts)


def texts() -> list[tuple[str, str]]:
    found = [(name, text) for name, text in TRICKY.items()]
    found += [(str(p.relative_to(FIXTURES)), read_fixture(p)) for p in FILES]
    for path in CORPUS_FILES:
        text = read_corpus_text(path)
        if text is not None:
            found.append((path.name, text))
    return found


def shape(tokens: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (t.type, t.tag, t.nesting, t.level, t.map, t.content, t.info, t.markup, t.hidden)
        for t in tokens
    ]


@pytest.mark.parametrize(("name", "text"), texts(), ids=[name for name, _ in texts()])
def test_cut_tokens_are_those_of_each_chunk_alone(name: str, text: str) -> None:
    _, body_start, lines = parse_lines(SourceText(text))
    bounds = [*split_points(lines, body_start), len(lines)]
    whole = WholeParse(lines)
    for start, end in pairwise(bounds):
        cut = whole.chunk_tokens(start, end)
        if cut is None:
            continue
        alone = "\n".join(lines[start:end]) + ("\n" if end < len(lines) else "")
        assert shape(cut) == shape(markdown_parser().parse(alone)), f"{name}: lines {start}-{end}"


@pytest.mark.parametrize(("name", "text"), texts(), ids=[name for name, _ in texts()])
def test_a_first_analysis_is_a_fresh_one(name: str, text: str) -> None:
    first = IncrementalAnalyzer(bundled_templates(), Settings()).analyze(text)
    assert seen(first) == seen(analyze_text(text))


def test_thousands_of_headings_are_parsed_once() -> None:
    text = SEED + "## H\n\ntext\n" * 3000
    calls: list[int] = []
    parser = markdown_parser()
    real = parser.parse

    def counting(source: str, env: Any = None) -> Any:
        calls.append(len(source))
        return real(source, env)

    parser.parse = counting  # type: ignore[method-assign,assignment]
    try:
        IncrementalAnalyzer(bundled_templates(), Settings()).analyze(text)
    finally:
        parser.parse = real  # type: ignore[method-assign]
    assert len(calls) <= 3, f"the parser ran {len(calls)} times"
