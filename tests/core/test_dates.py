"""Dates and durations a writer may type, and the ones IN012 reports."""

from __future__ import annotations

import pytest
from interview_notes.rules.unreadable_date import readable_date, readable_duration

from .expectations import NOTES, analyze_text, read_fixture

FILLED = read_fixture(NOTES / "filled-note.md")


@pytest.mark.parametrize(
    "value",
    [
        "2025-11-04",
        "2025/11/04",
        "November 4, 2025",
        "Nov 4, 2025",
        "4 November 2025",
        "4 Nov 2025",
        "November 4 2025",
        "11/04/2025",
        "04.11.2025",
        "November 4th, 2025",
        "Tuesday, November 4, 2025",
        "Tuesday November 4 2025",
        " 2025-11-04 ",
        "November 4, 2025.",
    ],
)
def test_readable_dates(value: str) -> None:
    assert readable_date(value)


@pytest.mark.parametrize(
    "value",
    [
        "next Tuesday",
        "Novmber 4, 2025",
        "2025-13-01",
        "2025-02-30",
        "11/04",
        "yesterday",
        "2025",
        "",
    ],
)
def test_unreadable_dates(value: str) -> None:
    assert not readable_date(value)


@pytest.mark.parametrize(
    "value",
    [
        "31 minutes",
        "45 min",
        "45 mins",
        "1h",
        "1 hour",
        "2 hours",
        "1 hour 30 minutes",
        "1h30m",
        "90m",
        "1:30",
        "1.5 hours",
        "~45 min",
        "about 45 minutes",
        "45 MIN",
        "45 min.",
    ],
)
def test_readable_durations(value: str) -> None:
    assert readable_duration(value)


@pytest.mark.parametrize(
    "value", ["about an hour", "45", "half an hour", "1 day", "forever", "1:3"]
)
def test_unreadable_durations(value: str) -> None:
    assert not readable_duration(value)


def findings_for(date: str, duration: str) -> list[tuple[str, str]]:
    text = FILLED.replace("_Date: 2025-11-11_", f"_Date: {date}_").replace(
        "_Duration: 45 minutes_", f"_Duration: {duration}_"
    )
    return [(f.rule.code, f.slot) for f in analyze_text(text).findings]


def test_unreadable_values_are_reported_with_how_to_write_them() -> None:
    text = FILLED.replace("_Date: 2025-11-11_", "_Date: next Tuesday_")
    [finding] = analyze_text(text).findings
    assert finding.rule.code == "IN012"
    assert "'next Tuesday'" in finding.message and "2025-11-04" in finding.message


@pytest.mark.parametrize(
    ("date", "duration"), [("N/A", "n/a"), ("none", "-"), ("2025-11-11 <!-- Tuesday -->", "1h")]
)
def test_na_words_and_comments_are_not_unreadable(date: str, duration: str) -> None:
    assert findings_for(date, duration) == []


def test_empty_date_is_an_empty_field_not_an_unreadable_one() -> None:
    assert findings_for("<!-- later -->", "") == [("IN004", "Date"), ("IN004", "Duration")]


def test_a_date_field_anywhere_is_read() -> None:
    text = FILLED.replace(
        "- Tools: Prometheus, Grafana, Loki\n", "- Tools: Prometheus\n- Review date: soon\n"
    )
    assert [(f.rule.code, f.slot) for f in analyze_text(text).findings] == [
        ("IN012", "Review date")
    ]


def test_update_strategy_is_not_a_date() -> None:
    text = FILLED.replace(
        "- Tools: Prometheus, Grafana, Loki\n", "- Tools: Prometheus\n- Update strategy: rolling\n"
    )
    assert analyze_text(text).findings == []
