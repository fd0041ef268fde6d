"""Real Markdown written by others: the analysis never crashes and stays silent on non-notes.

Runs over ``../shared/corpus`` when it is present, and always over the copies of its hardest
files in ``tests/fixtures/corpus`` (attribution in ``SOURCES.tsv`` there).
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest

from .expectations import FIXTURES, analyze_text

SHARED_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
LOCAL_CORPUS = FIXTURES / "corpus"
KINDS = ("notes_like", "other")


def corpus_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for kind in KINDS for p in (root / kind).rglob("*") if p.is_file())


def read_corpus_text(path: Path) -> str | None:
    """UTF-8 with or without BOM, UTF-16 with BOM; ``None`` when the bytes are neither."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def case_id(path: Path) -> str:
    return f"{path.parents[1].name}/{path.parent.name}/{path.name}"


FILES = corpus_files(LOCAL_CORPUS) + corpus_files(SHARED_CORPUS)


@pytest.mark.parametrize("path", FILES, ids=case_id)
def test_no_crash_and_no_findings_on_files_that_are_not_notes(path: Path) -> None:
    text = read_corpus_text(path)
    if text is None:
        pytest.skip(f"{path.name}: neither UTF-8 nor UTF-16 with a BOM")
    analysis = analyze_text(text)
    assert not analysis.is_note
    assert analysis.findings == []


def test_local_corpus_covers_the_hard_cases() -> None:
    files = corpus_files(LOCAL_CORPUS)
    assert len(files) >= 12
    raw = {p.name: p.read_bytes() for p in files}
    assert any(data.startswith(codecs.BOM_UTF16_LE) for data in raw.values()), "UTF-16LE"
    assert any(data.startswith(codecs.BOM_UTF8) for data in raw.values()), "UTF-8 BOM"
    assert any(data == b"" for data in raw.values()), "empty document"
    assert any(b"\r\n" in data and b"\n" in data.replace(b"\r\n", b"") for data in raw.values()), (
        "mixed"
    )
    assert any(len(data) > 100_000 for data in raw.values()), "huge file"


def test_local_corpus_files_are_attributed() -> None:
    with (LOCAL_CORPUS / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    listed = {row["saved_name"] for row in rows}
    present = {f"{p.parent.name}/{p.name}" for p in corpus_files(LOCAL_CORPUS)}
    assert listed == present
    assert all(row["repo"] and row["commit"] and row["license"] for row in rows)


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_local_corpus_files_are_byte_for_byte_copies() -> None:
    for path in corpus_files(LOCAL_CORPUS):
        original = SHARED_CORPUS / path.parent.name / path.name
        assert path.read_bytes() == original.read_bytes(), path.name
