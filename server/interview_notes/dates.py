"""Whether the value of a ``Date:`` or ``Duration:`` field can be read.

Pure functions over one field value, used by the unreadable-date rule (no editor types here).
Dates are read by python-dateutil, after a little linear-time pre-processing for what it does
not read the way a note means it: CJK dates (``2026年1月5日``), a trailing note in parentheses
(``(Tue)``), and numeric dates, whose day/month order follows the rules of :func:`parse_date`
rather than dateutil's guesses. Durations are read by a small hand-written scanner, since
dateutil has no duration parser.

Every step is linear in the length of the value, and values longer than :data:`MAX_LENGTH`
characters (after trimming surrounding whitespace) are unreadable, so dateutil never sees more
than that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from datetime import date, datetime

from dateutil.parser import parse as _dateutil_parse

MAX_LENGTH = 200
"""Longest value (after trimming) that is read at all: no real date or duration is longer, and
the cap bounds the work any value can cost."""

# Two defaults that differ in year, month and day: dateutil fills what the text does not say
# from ``default``, so a field it reads the same way under both was written in full. Both years
# are leap years, so a written 29 February does not fail under one default only.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 2, 2))

# Curly apostrophes (``Nov 4 \u201925``), which NFKC leaves alone.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})

# ``2026年1月5日``, ``2026년 1월 5일``: dateutil knows no CJK. Every ``\s*`` sits between a digit
# and a CJK character or between two CJK characters, so no two quantifiers compete.
_CJK_DATE = re.compile(r"([0-9]{4})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日일号號]")

# Three numbers with one separator repeated: ``2025-11-04``, ``04/11/2025``, ``04.11.2025``.
# Bounded quantifiers only, so a search costs O(1) per starting position.
_NUMERIC_DATE = re.compile(r"(?<![0-9])([0-9]{1,4})([-/.])([0-9]{1,2})\2([0-9]{1,4})(?![0-9])")

# Runs of digits, with the apostrophe of a two-digit year (``'25``).
_DIGIT_RUN = re.compile(r"'?[0-9]+")


def parse_date(text: str, day_first: bool | None = None) -> date | None:
    """The calendar day ``text`` names, or None when it does not name a year, month and day.

    An ambiguous numeric date (``04/11/2025``) is read day first when ``day_first`` is true,
    month first when it is false; when it is None, dotted dates (``04.11.2025``, written so where
    the day comes first) are read day first and others month first. Either order gives way when
    the first number cannot be a month or the second cannot (``13/11/2025``). A year-first date is
    always year, month, day. Numeric dates need a four-digit year; a two-digit year is read only
    after an apostrophe (``Nov 4 '25``), where it cannot be mistaken for a day.
    """
    value = _normalize(text)
    if value is None:
        return None
    value = _CJK_DATE.sub(r"\1-\2-\3 ", value, count=1)
    numeric = _NUMERIC_DATE.search(value)
    if numeric is not None:
        day = _numeric_date(numeric, day_first)
        if day is None:
            return None
        # Written back as ISO, which dateutil reads one way only (with yearfirst, not dayfirst).
        value = f"{value[: numeric.start()]}{day.isoformat()}{value[numeric.end() :]}"
        dayfirst, yearfirst = False, True
    else:
        dayfirst, yearfirst = bool(day_first), False
    try:
        first, second = [
            _dateutil_parse(
                value, default=default, dayfirst=dayfirst, yearfirst=yearfirst, ignoretz=True
            )
            for default in _DEFAULTS
        ]
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date() or not _year_written(value, first.year):
        return None
    return first.date()


def readable_date(text: str, day_first: bool | None = None) -> bool:
    """Whether ``text`` names a calendar day (see :func:`parse_date`)."""
    return parse_date(text, day_first) is not None


def readable_duration(text: str) -> bool:
    """Whether ``text`` is a length of time in hours and minutes that can be compared or summed.

    Read: ``45 min``, ``1h30``, ``1 hour 30 minutes``, ``1.5 hours``, ``1:30``, ``45-60 min``,
    ``~45 min``, ``90'``, ``45分钟``, ``1時間``, ``45분``, a trailing note in parentheses, and sums
    such as ``45 minutes + 10 min Q&A``, whose parts may be named. Not read: words for amounts
    (``an hour``, ``a while``), a number without a unit, days, and a lone figure followed by
    free text (``45 min forever``; put the note in parentheses).
    """
    value = _normalize(text)
    return value is not None and _DurationReader(_tokens(value)).read()


def _normalize(text: str) -> str | None:
    """``text`` trimmed, in NFKC (full-width digits and brackets become ASCII), without a
    trailing parenthesised note; None when empty or longer than :data:`MAX_LENGTH`."""
    value = text.strip()
    if not value or len(value) > MAX_LENGTH:
        return None
    value = unicodedata.normalize("NFKC", value).translate(_QUOTES).strip()
    if value.endswith(")"):
        start = value.rfind("(")
        if start > 0:
            value = value[:start].rstrip()
    # NFKC can lengthen a value, so the cap is checked again on what the parsers will see.
    return value if value and len(value) <= MAX_LENGTH else None


def _numeric_date(match: re.Match[str], day_first: bool | None) -> date | None:
    """The day three numbers name in the order :func:`parse_date` describes, or None."""
    first, separator, middle, last = match.groups()
    if len(first) == 4 and len(last) <= 2:
        return _day(int(first), int(middle), int(last))
    if len(last) != 4 or len(first) > 2:
        return None
    year, a, b = int(last), int(first), int(middle)
    if day_first is None:
        day_first = separator == "."
    preferred, other = ((b, a), (a, b)) if day_first else ((a, b), (b, a))
    return _day(year, *preferred) or _day(year, *other)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_written(value: str, year: int) -> bool:
    """Whether ``year`` is written in full or after an apostrophe: dateutil also takes a bare
    two-digit number (``4 Nov 25``) as a year, where it may as well be a day."""
    for run in _DIGIT_RUN.findall(value):
        digits = run.lstrip("'")
        if len(digits) == 4 and int(digits) == year:
            return True
        if run.startswith("'") and len(digits) == 2 and int(digits) == year % 100:
            return True
    return False


_Token = tuple[str, str]  # (kind, text): kind is "num", "word" (casefolded) or "sym"

_HOURS = frozenset({"h", "hr", "hrs", "hour", "hours", "小时", "小時", "時間", "시간"})
_MINUTES = frozenset(
    {"m", "min", "mins", "minute", "minutes", "'", "\u2032", "分", "分钟", "分鐘", "分間", "분"}
)
_UNIT_RANK = {**dict.fromkeys(_HOURS, 0), **dict.fromkeys(_MINUTES, 1)}
_PREFIXES = frozenset(
    {"~", "≈", "about", "around", "approx", "approximately", "roughly", "circa", "ca"}
)
_RANGE = frozenset({"-", "\u2013", "\u2014", "~", "\u301c", "to"})  # hyphen, en/em dash, tildes
_JOINERS = frozenset({",", "and"})
_LABEL_SYMBOLS = frozenset({"&", "/", "-", "'", "."})


def _tokens(value: str) -> list[_Token]:
    """Numbers (``1.5`` is one), runs of letters (CJK included) and single other characters;
    whitespace only separates. One pass, so linear."""
    tokens: list[_Token] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        j = i + 1
        if ch.isspace():
            i = j
            continue
        if "0" <= ch <= "9":
            while j < n and "0" <= value[j] <= "9":
                j += 1
            if j + 1 < n and value[j] == "." and "0" <= value[j + 1] <= "9":
                j += 2
                while j < n and "0" <= value[j] <= "9":
                    j += 1
            tokens.append(("num", value[i:j]))
        elif ch.isalpha():
            while j < n and value[j].isalpha():
                j += 1
            tokens.append(("word", value[i:j].casefold()))
        else:
            tokens.append(("sym", ch))
        i = j
    return tokens


class _DurationReader:
    """A recursive-descent reader over the tokens of one duration; it only moves forward.

    value    := term ("+" term)*                  a term may carry a label only in a sum
    term     := prefix? (clock | measure+)
    clock    := INT{1,2} ":" INT{2} hours-unit?    minutes under 60
    measure  := amount unit "."? joiner?           hours before minutes
    amount   := NUM (range NUM)?                   a range goes up
    after an hours unit, a bare INT under 60 is minutes (``1h30``).
    """

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def read(self) -> bool:
        terms, labelled = 0, False
        while True:
            if not self._term():
                return False
            terms += 1
            labelled = self._label() or labelled
            if self.at == len(self.tokens):
                return not labelled or terms > 1
            if not self._take({"+"}):
                return False

    def _peek(self, ahead: int = 0) -> _Token | None:
        index = self.at + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def _take(self, texts: Container[str]) -> bool:
        token = self._peek()
        if token is not None and token[0] != "num" and token[1] in texts:
            self.at += 1
            return True
        return False

    def _number(self) -> float | None:
        token = self._peek()
        if token is None or token[0] != "num":
            return None
        self.at += 1
        return float(token[1])

    def _term(self) -> bool:
        if self._take(_PREFIXES):
            self._take({"."})
        return self._clock() or self._measures()

    def _clock(self) -> bool:
        hours, colon, minutes = self._peek(), self._peek(1), self._peek(2)
        if not (
            hours is not None
            and minutes is not None
            and hours[0] == "num"
            and hours[1].isdigit()
            and len(hours[1]) <= 2
            and colon == ("sym", ":")
            and minutes[0] == "num"
            and minutes[1].isdigit()
            and len(minutes[1]) == 2
            and int(minutes[1]) < 60
        ):
            return False
        self.at += 3
        if self._take(_HOURS):
            self._take({"."})
        return True

    def _measures(self) -> bool:
        rank = -1
        while True:
            if not self._amount():
                return False
            unit = self._peek()
            unit_rank = None if unit is None or unit[0] == "num" else _UNIT_RANK.get(unit[1])
            if unit_rank is None or unit_rank <= rank:
                return False
            self.at += 1
            rank = unit_rank
            self._take({"."})
            if rank == 0 and self._bare_minutes():
                return True
            before_joiner = self.at
            self._take(_JOINERS)
            following = self._peek()
            if following is None or following[0] != "num":
                self.at = before_joiner
                return True

    def _amount(self) -> bool:
        low = self._number()
        if low is None:
            return False
        following = self._peek(1)
        if following is not None and following[0] == "num" and self._take(_RANGE):
            high = self._number()
            return high is not None and low < high
        return True

    def _bare_minutes(self) -> bool:
        """``30`` in ``1h30``: an integer under 60 that no unit follows."""
        minutes, following = self._peek(), self._peek(1)
        if (
            minutes is None
            or minutes[0] != "num"
            or not minutes[1].isdigit()
            or len(minutes[1]) > 2
            or int(minutes[1]) >= 60
            or (following is not None and following[0] != "num" and following[1] in _UNIT_RANK)
            or (following is not None and following[0] != "num" and following[1] in _RANGE)
        ):
            return False
        self.at += 1
        self._take({"."})
        return True

    def _label(self) -> bool:
        """Words naming a part of a sum (``10 min Q&A``); numbers end a label."""
        start = self.at
        while (token := self._peek()) is not None and (
            token[0] == "word" or (token[0] == "sym" and token[1] in _LABEL_SYMBOLS)
        ):
            self.at += 1
        return self.at > start
