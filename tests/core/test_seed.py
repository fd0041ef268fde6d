"""The seed template, analysed as a note, reports each of its 33 empty slots."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from interview_notes.analysis import Analysis
from interview_notes.findings import Finding
from interview_notes.severity import Severity

from .expectations import analyze_text

SHARED_SEED = (
    Path(__file__).resolve().parents[3] / "shared" / "seed" / "system-design-interview-notes.md"
)
IN004_LINES = [61, 62, 63, 66, 67, 68, 71, 72, 73, 76, 77, 78, 81, 82, 85, 86, 87]


def bundled_text() -> str:
    template = resources.files("interview_notes").joinpath("templates").joinpath("system-design.md")
    return template.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed() -> Analysis:
    return analyze_text(bundled_text())


def lines_of(findings: list[Finding], code: str) -> list[int]:
    return [f.span.start_line + 1 for f in findings if f.rule.code == code]


def test_seed_is_recognised_as_a_note(seed: Analysis) -> None:
    assert seed.is_note
    assert seed.template is not None and seed.template.name == "system-design"


def test_seed_has_exactly_33_warnings(seed: Analysis) -> None:
    warnings = [f for f in seed.findings if f.severity == Severity.WARNING]
    assert len(warnings) == 33
    assert Counter(f.rule.code for f in warnings) == {
        "IN003": 9,
        "IN004": 17,
        "IN005": 4,
        "IN008": 3,
    }


def test_seed_reports_the_three_empty_notes(seed: Analysis) -> None:
    notes = [f for f in seed.findings if f.rule.code == "IN003" and f.slot == "Notes"]
    assert [f.span.start_line + 1 for f in notes] == [17, 27, 38]


def test_seed_reports_the_17_component_fields(seed: Analysis) -> None:
    assert lines_of(seed.findings, "IN004") == IN004_LINES


def test_seed_reports_the_four_unfilled_rows(seed: Analysis) -> None:
    assert lines_of(seed.findings, "IN005") == [95, 96, 104, 105]


def test_seed_reports_the_three_empty_follow_up_bullets(seed: Analysis) -> None:
    assert lines_of(seed.findings, "IN008") == [111, 112, 113]


def test_seed_reports_the_six_feedback_and_reflection_labels(seed: Analysis) -> None:
    labels = [f.slot for f in seed.findings if f.rule.code == "IN003" and f.slot != "Notes"]
    assert labels == [
        "Strengths",
        "Areas for Improvement",
        "Interviewer Comments",
        "What went well",
        "What could be improved",
        "Key learnings",
    ]
    assert lines_of(seed.findings, "IN003")[3:] == [119, 121, 123, 129, 131, 133]


def test_seed_gives_13_unchecked_hints(seed: Analysis) -> None:
    hints = [f for f in seed.findings if f.rule.code == "IN010"]
    assert len(hints) == 13
    assert all(f.severity == Severity.HINT for f in hints)


def test_seed_diagram_is_template_content(seed: Analysis) -> None:
    info = [f for f in seed.findings if f.rule.code == "IN011"]
    assert all(f.severity == Severity.INFORMATION for f in info)
    diagram = [f for f in info if f.span.start_line + 1 == 44]
    assert len(diagram) == 1
    # The example date and duration are template content too (docs/rules/IN011).
    assert sorted(f.slot for f in info if f is not diagram[0]) == ["Date", "Duration"]


def test_seed_gives_nothing_else(seed: Analysis) -> None:
    assert len(seed.findings) == 33 + 13 + 3


def test_seed_slots_are_empty_but_the_example_date(seed: Analysis) -> None:
    empty = [slot for slot in seed.slots if not slot.filled]
    assert len(empty) == 33
    # The example date and duration count as filled (they are reported by IN011 instead).
    assert [slot.label for slot in seed.slots if slot.filled] == [
        "Interview Date date",
        "Interview Date duration",
    ]


@pytest.mark.skipif(not SHARED_SEED.is_file(), reason="../shared/seed is not present")
def test_bundled_template_is_the_seed() -> None:
    assert bundled_text().encode("utf-8") == SHARED_SEED.read_bytes()
