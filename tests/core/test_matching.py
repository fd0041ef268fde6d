"""Heading matching against a table of real renames, both ways (``fixtures/renames.tsv``).

Each row is a heading as someone wrote it, its level, the template section it sits under and
the section it stands for (``-``: none). The note built for a row is the template's title, the
row's parent heading as the template writes it, and the row's heading; a heading written one
level up (``## What``) comes with its siblings written one level up too, as people flatten a
section. Disagreements with the table are listed in ``KNOWN`` with a reason, so any change in
what matching decides shows here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest
from interview_notes.matching import layout

from .expectations import FIXTURES, bundled_templates

TABLE = FIXTURES / "renames.tsv"
# Rows the matcher decides otherwise, each a judgement call a reader can check.
KNOWN: dict[str, str] = {
    "## What / Why / How -> 3Ws Framework": "no word of '3Ws Framework' is written",
    "## Interviewer feedback -> Feedback Received": "'interviewer' is a word of another section",
    "## Feedback from Interviewer -> Feedback Received": "as above",
    "## Self-Reflection -> Post-Interview Reflection": "one word of three, and 'self' is new",
    "## Overview -> -": "the one word of the template's overview heading that carries meaning",
    "## Date Formats -> -": "'date' weighs most in 'Interview Date'",
    "## Questions to Ask the Interviewer -> -": "shares 'questions' and 'interviewer'",
    "## About the Interviewer -> -": "'interviewer' is in one template heading only",
}


@dataclass(frozen=True)
class Row:
    heading: str
    level: int
    parent: str
    expected: str

    def __str__(self) -> str:
        return f"{'#' * self.level} {self.heading} -> {self.expected}"


def rows() -> list[Row]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [Row(r["heading"], int(r["level"]), r["parent"], r["expected"]) for r in reader]


ROWS = rows()


def matched(row: Row) -> str:
    """The template section the row's heading is matched to in its note, or ``-``."""
    template = bundled_templates().get("system-design")
    assert template is not None
    by_title = {s.title: s for s in template.sections}
    lines = [f"# {template.title}", ""]
    expected = by_title.get(row.expected)
    if row.parent != "-":
        parent = by_title[row.parent]
        lines += ["#" * parent.level + " " + parent.title, ""]
    owner = expected.parent if expected is not None and expected.level > row.level else None
    siblings = owner.children if owner is not None else [expected]
    target = 0
    for sibling in siblings:
        if sibling is expected:
            target = len(lines)
            lines += ["#" * row.level + " " + row.heading, "", "text", ""]
        elif sibling is not None:  # written one level up too, as people flatten a section
            lines += ["#" * row.level + " " + sibling.title, "", "text", ""]
    from interview_notes.structure import parse_note

    found = layout(parse_note("\n".join(lines)), template, named=True)
    assert found is not None
    section = found.parts[0].by_line.get(target)
    return section.section.title if section is not None else "-"


def test_the_table_has_enough_rows_both_ways() -> None:
    assert sum(row.expected != "-" for row in ROWS) >= 40
    assert sum(row.expected == "-" for row in ROWS) >= 40


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_renamed_heading(row: Row) -> None:
    got = matched(row)
    if str(row) in KNOWN:
        assert got != row.expected, f"now agrees with the table; drop it from KNOWN: {row}"
        return
    assert got == row.expected


def summary() -> tuple[int, int, int, int]:
    """Rows, agreements, false positives (matched where the table says none or another
    section) and false negatives (left unmatched where the table names a section)."""
    agree = false_pos = false_neg = 0
    for row in ROWS:
        got = matched(row)
        if got == row.expected:
            agree += 1
        elif got == "-":
            false_neg += 1
        else:
            false_pos += 1
    return len(ROWS), agree, false_pos, false_neg


if __name__ == "__main__":  # pragma: no cover - prints the figures for notes
    print(summary())
    for row in ROWS:
        got = matched(row)
        if got != row.expected:
            print(f"{row}\tgot {got}")
