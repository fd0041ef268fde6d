"""Notes as people write them and ordinary documents that look like notes, checked against
human judgements (``fixtures/realistic/*/*.truth.json``) and against exact findings
(``*.expected``, reviewed line by line against the truth files).

Where the analysis and the human judgement differ, ``KNOWN`` says where and why, so that a
change in what the analysis decides shows here either way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from interview_notes.analysis import Analysis
from interview_notes.structure import normalize_key

from .expectations import FIXTURES, analyze_text, finding_lines, read_expected

REALISTIC = FIXTURES / "realistic"
NOTES = sorted((REALISTIC / "notes").glob("*.md"))
NON_NOTES = sorted((REALISTIC / "non-notes").glob("*.md"))
# (fixture, what) pairs where the analysis knowingly differs from the human judgement.
KNOWN: dict[tuple[str, str], str] = {}


def truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_suffix(".truth.json").read_text("utf-8"))
    return data


def analysis(path: Path) -> Analysis:
    return analyze_text(path.read_text(encoding="utf-8"))


def test_there_are_enough_fixtures_both_ways() -> None:
    assert len(NOTES) >= 15
    assert len(NON_NOTES) >= 15


@pytest.mark.parametrize("path", NON_NOTES, ids=lambda p: p.stem)
def test_an_ordinary_document_gets_nothing(path: Path) -> None:
    assert not truth(path)["is_note"]
    found = analysis(path)
    assert not found.is_note
    assert found.findings == []


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_a_note_is_recognised_with_each_interview(path: Path) -> None:
    found = analysis(path)
    assert found.is_note
    assert found.layout is not None
    assert len(found.layout.parts) == truth(path).get("interviews", 1)


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_headings_stand_for_the_sections_a_reader_sees(path: Path) -> None:
    found = analysis(path)
    assert found.layout is not None
    wanted = {normalize_key(k): normalize_key(v) for k, v in truth(path)["headings"].items()}
    got = {}
    for section in found.note.sections:
        match = found.layout.template_section(section)
        if section.key in wanted:
            got[section.key] = normalize_key(match.title) if match is not None else "-"
    differ = {k: (wanted[k], got.get(k)) for k in wanted if got.get(k) != wanted[k]}
    known = KNOWN.get((path.stem, "headings"))
    assert not differ or known, differ


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_missing_sections_and_fields_are_those_a_reader_sees(path: Path) -> None:
    found = analysis(path)
    data = truth(path)
    missing = sorted(normalize_key(f.slot) for f in found.findings if f.code == "IN001")
    if "by_interview" in data:
        wanted = sorted(
            normalize_key(title)
            for part in data["by_interview"]
            for title in part.get("missing_sections", [])
        )
    else:
        wanted = sorted(normalize_key(title) for title in data["missing_sections"])
    fields = sorted(normalize_key(f.slot) for f in found.findings if f.code == "IN013")
    wanted_fields = sorted(normalize_key(item["field"]) for item in data["missing_fields"])
    if (path.stem, "missing") in KNOWN:
        assert (missing, fields) != (wanted, wanted_fields), "now agrees: drop it from KNOWN"
        return
    assert missing == wanted
    assert fields == wanted_fields


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_every_empty_place_a_reader_sees_is_reported(path: Path) -> None:
    found = analysis(path)
    reported = {f.span.start_line + 1 for f in found.findings}
    empty = [item for item in truth(path)["empty"] if item["what"] != "section"]
    unreported = [item for item in empty if item["line"] not in reported]
    if (path.stem, "empty") in KNOWN:
        assert unreported, "now agrees: drop it from KNOWN"
        return
    assert unreported == []


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.stem)
def test_a_note_gives_its_expected_findings(path: Path) -> None:
    assert finding_lines(analysis(path)) == read_expected(path)
