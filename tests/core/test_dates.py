"""Dates and durations a writer may type, and the ones IN012 reports."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from interview_notes import dates
from interview_notes.dates import MAX_LENGTH, parse_date, readable_date, readable_duration

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
        "2025-11-04 14:00",
        "2025-11-04 (Tue)",
        "2025-11-04T14:00:00Z",
        "November 4, 2025 at 2pm PST",
        "Tue 4 Nov 2025",
        "4. November 2025",
        "04-Nov-2025",
        "2025.11.04",
        "Nov 4 '25",
        "Nov 4 \u201925",
    ],
)
def test_readable_dates(value: str) -> None:
    assert parse_date(value) == date(2025, 11, 4)
    assert readable_date(value)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("Sept 4, 2025", date(2025, 9, 4)),
        ("13/11/2025", date(2025, 11, 13)),
        ("2026年1月5日", date(2026, 1, 5)),
        ("2026年1月5日\uff08月\uff09", date(2026, 1, 5)),
        ("２０２６年１月５日", date(2026, 1, 5)),
        ("2026년 1월 5일", date(2026, 1, 5)),
        ("2026년 1월 5일 (월)", date(2026, 1, 5)),
        ("February 29, 2024", date(2024, 2, 29)),
    ],
)
def test_readable_dates_name_their_day(value: str, day: date) -> None:
    assert parse_date(value) == day
    assert readable_date(value)


@pytest.mark.parametrize(
    "value",
    [
        "next Tuesday",
        "yesterday",
        "Novmber 4, 2025",
        "2025-13-01",
        "2025-02-30",
        "February 29, 2025",
        "11/04",
        "November 4",
        "November 2025",
        "2025",
        "",
        "   ",
        "soon",
        "tbd later",
        "TBD",
        "Q4",
        "14:00",
        # Two-digit years only after an apostrophe: otherwise they may as well be days.
        "11/04/25",
        "4 Nov 25",
        "1" * 10_000,
        " " * 10_000,
        "a" * 10_000,
    ],
)
def test_unreadable_dates(value: str) -> None:
    assert parse_date(value) is None
    assert not readable_date(value)


@pytest.mark.parametrize(
    ("value", "month_first", "day_first"),
    [
        ("04/11/2025", date(2025, 4, 11), date(2025, 11, 4)),
        ("04-11-2025", date(2025, 4, 11), date(2025, 11, 4)),
        # The first number cannot be a month, or the second cannot: one reading only.
        ("13/11/2025", date(2025, 11, 13), date(2025, 11, 13)),
        ("11/13/2025", date(2025, 11, 13), date(2025, 11, 13)),
        # Year first is always year, month, day.
        ("2025-11-04", date(2025, 11, 4), date(2025, 11, 4)),
        ("2025/04/11", date(2025, 4, 11), date(2025, 4, 11)),
    ],
)
def test_numeric_day_and_month_order(value: str, month_first: date, day_first: date) -> None:
    assert parse_date(value) == month_first
    assert parse_date(value, day_first=False) == month_first
    assert parse_date(value, day_first=True) == day_first


def test_dotted_dates_are_day_first_unless_told() -> None:
    assert parse_date("04.11.2025") == date(2025, 11, 4)
    assert parse_date("04.11.2025", day_first=True) == date(2025, 11, 4)
    assert parse_date("04.11.2025", day_first=False) == date(2025, 4, 11)


def test_day_first_does_not_change_what_is_readable() -> None:
    for value in ("04/11/2025", "13/11/2025", "Nov 4, 2025", "2025-11-04", "2025-02-30", "11/04"):
        assert readable_date(value, day_first=True) == readable_date(value, day_first=False)


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
        "1 hour and 30 minutes",
        "1h30m",
        "1h 30m",
        "1h30",
        "90m",
        "1:30",
        "1.5 hours",
        "~45 min",
        "about 45 minutes",
        "approx. 1h",
        "45 MIN",
        "45 min.",
        "45 minutes (ran over)",
        "45-60 min",
        "45\u201360 minutes",
        "45 to 60 min",
        "90'",
        "45分钟",
        "1小时30分钟",
        "45分",
        "1時間",
        "1時間30分",
        "45분",
        "1시간 30분",
        # A sum may name its parts.
        "45 minutes + 10 min Q&A",
        "45 min + 10 min",
    ],
)
def test_readable_durations(value: str) -> None:
    assert readable_duration(value)


@pytest.mark.parametrize(
    "value",
    [
        "about an hour",
        "an hour",
        "half an hour",
        "a while",
        "45",
        "1 day",
        "forever",
        "long",
        "TBD",
        "1:3",
        "1:75",
        "",
        # A lone figure followed by free text: the note belongs in parentheses.
        "45 min forever",
        "60-45 min",
        "30m 1h",
        "45 min +",
        "1" * 10_000,
        " " * 10_000,
        "1 h " * 2_500,
    ],
)
def test_unreadable_durations(value: str) -> None:
    assert not readable_duration(value)


def test_values_over_the_cap_are_unreadable_but_surrounding_space_is_not_counted() -> None:
    padding = " " * MAX_LENGTH
    assert readable_date(f"{padding}2025-11-04{padding}")
    assert readable_duration(f"{padding}45 min{padding}")
    assert not readable_date("2025-11-04" + " x" * MAX_LENGTH)
    assert not readable_duration("45 min" + " (x)" * MAX_LENGTH)


ADVERSARIAL = [
    " " * 50_000,
    "\t" * 50_000,
    "1" * 50_000,
    "1 h " * 12_500,
    "-" * 50_000,
    ":" * 50_000,
    "年" * 50_000,
    "1-" * 25_000,
    "1:" * 25_000,
    "2025-" * 10_000,
    "2025年1月" * 7_143,
    " \t1" * 16_666,
    "a" * 50_000,
    "Nov 4, " * 7_142,
    "(" * 25_000 + ")" * 25_000,
    "1" * 49_999 + "h",
    "1." * 25_000,
    " " * 24_995 + "2025-11-04" + "\t" * 24_995,
    " " * 24_997 + "45 min" + " " * 24_997,
    "'" + "9" * 49_998 + "'",
]


@pytest.mark.parametrize("value", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_values_are_judged_quickly(value: str) -> None:
    assert len(value) >= 49_990
    assert readable_date("2025-11-04")  # dateutil is warm before the clock starts
    for judge in (readable_date, readable_duration):
        start = time.perf_counter()
        judge(value)
        assert time.perf_counter() - start < 0.05, judge.__name__


@given(st.text(max_size=3 * MAX_LENGTH))
def test_any_text_is_judged_and_dateutil_never_sees_more_than_the_cap(text: str) -> None:
    seen: list[int] = []
    real = dates._dateutil_parse

    def spy(value: str, **kwargs: Any) -> datetime:
        seen.append(len(value))
        return real(value, **kwargs)

    dates._dateutil_parse = spy  # type: ignore[assignment]
    try:
        readable_date(text)
        readable_date(text, day_first=True)
        readable_duration(text)
    finally:
        dates._dateutil_parse = real
    assert all(length <= MAX_LENGTH for length in seen)


def findings_for(date: str, duration: str) -> list[tuple[str, str]]:
    text = FILLED.replace("_Date: 2025-11-11_", f"_Date: {date}_").replace(
        "_Duration: 45 minutes_", f"_Duration: {duration}_"
    )
    return [(f.rule.code, f.slot) for f in analyze_text(text).findings]


def test_unreadable_values_are_reported_with_how_to_write_them() -> None:
    text = FILLED.replace("_Date: 2025-11-11_", "_Date: next Tuesday_")
    [finding] = analyze_text(text).findings
    assert finding.rule.code == "IN012"
    # The message does not repeat the value it sits on, and says how to write it.
    assert "next Tuesday" not in finding.message and "2025-11-04" in finding.message


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
