"""Shared by the fixture tests and ``update_expected.py``: how fixtures are read and how
findings are written in ``<fixture>.expected`` files (``LINE:COL CODE``, 1-based, code points)."""

from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path

from interview_notes.analysis import Analysis, analyze
from interview_notes.settings import Settings
from interview_notes.template import TemplateSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOTES = FIXTURES / "notes"
EXPECTED_SUFFIX = ".expected"


@lru_cache(maxsize=1)
def bundled_templates() -> TemplateSet:
    return TemplateSet.load()


def analyze_text(text: str, settings: Settings | None = None) -> Analysis:
    """The analysis a user gets for ``text`` with the bundled template."""
    return analyze(text, bundled_templates(), settings)


def decode(data: bytes) -> str:
    """Text as the tools read it: UTF-16 with a BOM, else UTF-8 (a UTF-8 BOM is kept as the
    first code point, so fixtures also check that positions stay exact behind it)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8")


def read_fixture(path: Path) -> str:
    return decode(path.read_bytes())


def finding_lines(analysis: Analysis) -> list[str]:
    """Findings as ``LINE:COL CODE`` lines, 1-based, in document order."""
    ordered = sorted(
        analysis.findings, key=lambda f: (f.span.start_line, f.span.start_col, f.rule.code)
    )
    return [f"{f.span.start_line + 1}:{f.span.start_col + 1} {f.rule.code}" for f in ordered]


def expected_path(fixture: Path) -> Path:
    return fixture.with_suffix(EXPECTED_SUFFIX)


def read_expected(fixture: Path) -> list[str]:
    text = expected_path(fixture).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_expected(fixture: Path, lines: list[str]) -> None:
    expected_path(fixture).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def note_fixtures() -> list[Path]:
    return sorted(NOTES.glob("*.md"))
