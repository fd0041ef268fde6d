"""``interview-notes status``: one row per note with what is filled and where to go on,
totals, three formats, three orders, and a completeness gate for CI."""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path

import pytest
from interview_notes.cli import main
from interview_notes.navigation import completeness_by_interview
from interview_notes.status import SectionSlots, slots_by_section

from .expectations import FIXTURES, analyze_text, bundled_templates, read_fixture

SEED = bundled_templates().get("system-design").text  # type: ignore[union-attr]
FILLED = read_fixture(FIXTURES / "notes" / "filled-note.md")
SCALING = "- Scaling strategy: stateless pods, autoscale on CPU"
TOOLS = "- Tools: Prometheus, Grafana, Loki"
# Two fields emptied: 33 of 35 filled, the first empty one is the scaling strategy.
HALF = FILLED.replace(SCALING, "- Scaling strategy:").replace(TOOLS, "- Tools:")
HALF_LINE = HALF.splitlines().index("- Scaling strategy:") + 1
SEED_LINE = SEED.splitlines().index("**Notes:**") + 1
DAY = 24 * 3600
NOW = 1_780_000_000  # a fixed moment, so the dates shown are known


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with three notes of different completeness, an ordinary Markdown file,
    and a note that .gitignore leaves out."""
    root = tmp_path / "notes"
    (root / "drafts").mkdir(parents=True)
    (root / ".interview-notes.toml").write_text("", encoding="utf-8")
    (root / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    (root / "seed.md").write_text(SEED, encoding="utf-8")
    (root / "half.md").write_text(HALF, encoding="utf-8")
    (root / "done.md").write_text(FILLED, encoding="utf-8")
    (root / "README.md").write_text("# My notes\n\nWhere I keep them.\n", encoding="utf-8")
    (root / "drafts" / "draft.md").write_text(SEED, encoding="utf-8")
    # seed.md was touched last, done.md first.
    for age, name in enumerate(["seed.md", "half.md", "done.md"]):
        os.utime(root / name, (NOW - age * DAY, NOW - age * DAY))
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["status", *args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(out: str) -> list[str]:
    """The note paths of the text output, in order."""
    return [match.group(1) for match in re.finditer(r"%\s+(\S+\.md)\s", out)]


def day(age: int) -> str:
    return datetime.fromtimestamp(NOW - age * DAY).date().isoformat()


# text ------------------------------------------------------------------------------------
def test_one_aligned_row_per_note_least_complete_first(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == [
        "2/35",
        "5%",
        "seed.md",
        "system-design",
        "first",
        "empty",
        f"{SEED_LINE}:11",
        "WHAT",
        "notes",
        day(0),
    ]
    assert lines[1].split()[:3] == ["33/35", "94%", "half.md"]
    assert lines[1].split()[4:8] == ["first", "empty", f"{HALF_LINE}:20", "Backend/API"]
    assert lines[2].split() == ["35/35", "100%", "done.md", "system-design", "complete", day(2)]
    # Columns line up: every row has its path, template and date at the same place.
    for word in ("system-design", day(0)[:4]):
        assert len({line.index(word) for line in lines[:3]}) == 1
    assert lines[3] == "3 notes in 4 files: 70/105 slots filled (66%), 1 complete"
    assert len(lines) == 4


def test_first_empty_slot_is_where_the_value_is_typed(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "--format", "json")
    rows = {row["path"]: row for row in json.loads(out)["notes"]}
    for name, text in (("seed.md", SEED), ("half.md", HALF)):
        empty = rows[name]["firstEmpty"]
        line = text.splitlines()[empty["line"] - 1]
        # 1-based, in code points: the caret goes right after the label.
        before = line[: empty["column"] - 1]
        assert before in ("**Notes:**", "- Scaling strategy:"), before
        assert line[empty["column"] - 1 :].strip() == ""
    assert rows["half.md"]["firstEmpty"]["label"] == "Backend/API scaling strategy"
    assert rows["half.md"]["firstEmpty"]["section"] == "Backend/API"
    assert rows["done.md"]["firstEmpty"] is None


def test_files_that_are_not_notes_are_counted_not_listed(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys)
    assert "README.md" not in out and "draft" not in out
    assert sorted(listed(out)) == ["done.md", "half.md", "seed.md"]
    _, out, _ = run(capsys, "--no-ignore")
    assert sorted(listed(out)) == ["done.md", "drafts/draft.md", "half.md", "seed.md"]
    assert "4 notes in 5 files" in out
    _, out, _ = run(capsys, "--exclude", "half.md", "--exclude", "seed*")
    assert listed(out) == ["done.md"]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("completeness", ["seed.md", "half.md", "done.md"]),
        ("date", ["seed.md", "half.md", "done.md"]),
        ("path", ["done.md", "half.md", "seed.md"]),
    ],
)
def test_sort_orders(
    folder: Path, capsys: pytest.CaptureFixture[str], order: str, expected: list[str]
) -> None:
    _, out, _ = run(capsys, "--sort", order)
    assert listed(out) == expected


def test_date_order_is_most_recent_first_whatever_the_completeness(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.utime(folder / "done.md", (NOW + DAY, NOW + DAY))
    _, out, _ = run(capsys, "--sort", "date")
    assert listed(out) == ["done.md", "seed.md", "half.md"]
    assert out.splitlines()[0].endswith(day(-1))
    _, out, _ = run(capsys)
    assert listed(out) == ["seed.md", "half.md", "done.md"]


def test_the_same_rows_with_a_process_pool(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, alone, _ = run(capsys, "--jobs", "1", "--format", "json")
    _, pooled, _ = run(capsys, "--jobs", "3", "--format", "json")
    assert json.loads(pooled) == json.loads(alone)


# json and markdown -----------------------------------------------------------------------
def test_json_lists_the_notes_and_the_totals(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--format", "json", "--sort", "path")
    assert code == 0 and err == ""
    found = json.loads(out)
    assert found["totals"] == {
        "files": 4,
        "notes": 3,
        "filled": 70,
        "total": 105,
        "percent": 66,
        "complete": 1,
    }
    rows = found["notes"]
    assert [(r["path"], r["template"], r["filled"], r["total"], r["percent"]) for r in rows] == [
        ("done.md", "system-design", 35, 35, 100),
        ("half.md", "system-design", 33, 35, 94),
        ("seed.md", "system-design", 2, 35, 5),
    ]
    assert rows[2]["firstEmpty"] == {
        "line": SEED_LINE,
        "column": 11,
        "label": "WHAT notes",
        "section": "1. WHAT - Understanding the Problem",
    }
    modified = datetime.fromisoformat(rows[0]["modified"])
    assert modified.tzinfo is not None and modified.timestamp() == NOW - 2 * DAY
    assert [(i["filled"], i["total"], i["percent"]) for i in rows[1]["interviews"]] == [
        (33, 35, 94)
    ]


def test_json_gives_each_interview_of_a_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "two.md").write_text(SEED + "\n" + FILLED, encoding="utf-8")
    _, out, _ = run(capsys, "--format", "json", "two.md")
    (row,) = json.loads(out)["notes"]
    assert (row["filled"], row["total"], row["percent"]) == (37, 70, 52)
    assert [(i["line"], i["filled"], i["total"]) for i in row["interviews"]] == [
        (1, 2, 35),
        (SEED.count("\n") + 2, 35, 35),
    ]


def test_sections_of_each_interview_with_their_empty_slots() -> None:
    analysis = analyze_text(SEED + "\n" + FILLED)
    sections = slots_by_section(analysis)
    first = [s for s in sections if s.line < SEED.count("\n") + 1]
    second = sections[len(first) :]
    assert [s.name for s in first] == [s.name for s in second]
    assert first[0] == SectionSlots("Interview Date", 2, 2, 2, (), False, first[0].interview)
    assert (sum(s.filled for s in first), sum(s.total for s in first)) == (2, 35)
    assert (sum(s.filled for s in second), sum(s.total for s in second)) == (35, 35)
    assert all(s.empty == () for s in second)
    assert [slot.label for slot in first[1].empty] == ["WHAT notes"]
    titles = [part.title for part in completeness_by_interview(analysis)]
    assert {s.interview for s in first} == {titles[0]} and {s.interview for s in second} == {
        titles[1]
    }
    # One interview: no interview named.
    assert {s.interview for s in slots_by_section(analyze_text(FILLED))} == {None}
    assert slots_by_section(analyze_text("# Shopping list\n\n- milk\n")) == []


def test_markdown_is_a_table_then_the_totals(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--format", "markdown")
    assert code == 0
    table, _, rest = out.partition("\n\n")
    lines = table.splitlines()
    assert lines[0] == "| Note | Template | Filled | Complete | First empty | Modified |"
    assert lines[1] == "| --- | --- | ---: | ---: | --- | --- |"
    assert lines[2] == (
        f"| seed.md | system-design | 2/35 | 5% | {SEED_LINE}:11 WHAT notes | {day(0)} |"
    )
    assert lines[4] == f"| done.md | system-design | 35/35 | 100% | - | {day(2)} |"
    assert len(lines) == 5
    assert rest == "3 notes in 4 files: 70/105 slots filled (66%), 1 complete\n"


@pytest.mark.skipif(sys.platform == "win32", reason="| in a file name")
def test_markdown_escapes_a_pipe_in_a_path(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "a|b.md").write_text(FILLED, encoding="utf-8")
    _, out, _ = run(capsys, "--format", "markdown", "a|b.md")
    row = out.splitlines()[2]
    assert row.startswith("| a\\|b.md | system-design |")
    assert len(re.split(r"(?<!\\)\|", row)) == 8  # six cells between seven bars


def test_quiet_prints_the_rows_only(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "other.markdown").write_text(SEED, encoding="utf-8")
    os.symlink(folder / "missing", folder / "broken.md")
    _, out, err = run(capsys, "--quiet")
    assert len(out.splitlines()) == 4 and "slots filled" not in out
    assert err == ""
    _, out, err = run(capsys)
    assert "broken.md: skipped" in err


# the gate --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("minimum", "code", "message"),
    [
        ("0", 0, ""),
        ("5", 0, ""),
        ("6", 1, "interview-notes: 1 note below 6% complete (--min-completeness 6)\n"),
        ("95", 1, "interview-notes: 2 notes below 95% complete (--min-completeness 95)\n"),
        ("100%", 1, "interview-notes: 2 notes below 100% complete (--min-completeness 100)\n"),
    ],
)
def test_min_completeness_fails_while_a_note_is_below(
    folder: Path, capsys: pytest.CaptureFixture[str], minimum: str, code: int, message: str
) -> None:
    found, out, err = run(capsys, "--min-completeness", minimum)
    assert (found, err) == (code, message)
    assert len(listed(out)) == 3  # the rows are printed either way


def test_min_completeness_passes_with_complete_notes_only(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--min-completeness", "100", "done.md")[0] == 0
    # Nothing to gate: a folder without notes passes.
    (folder / "empty").mkdir()
    code, out, _ = run(capsys, "--min-completeness", "100", "empty")
    assert (code, out) == (0, "0 notes in 0 files\n")


@pytest.mark.parametrize("value", ["101", "-1", "half"])
def test_min_completeness_is_a_percent(
    folder: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["status", "--min-completeness", value])
    assert exit_info.value.code == 2
    assert "expected a percent from 0 to 100" in capsys.readouterr().err


# errors ----------------------------------------------------------------------------------
def test_an_unreadable_file_is_named_and_exits_2_after_the_others(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "latin1.md").write_bytes(SEED.encode("utf-8") + b"caf\xe9\n")
    code, out, err = run(capsys, "--min-completeness", "100")
    assert code == 2  # an error outranks the gate
    assert "interview-notes: latin1.md: not valid UTF-8 or UTF-16" in err
    assert sorted(listed(out)) == ["done.md", "half.md", "seed.md"]
    assert "3 notes in 4 files" in out  # the file that could not be read was not read
    code, _, err = run(capsys, "missing.md")
    assert code == 2 and "missing.md: no such file or folder" in err


def test_a_file_over_the_size_limit_is_skipped_not_an_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / ".interview-notes.toml").write_text("maxDocumentSize = 100000\n", encoding="utf-8")
    (folder / "huge.md").write_text(SEED * 60, encoding="utf-8")
    code, out, err = run(capsys)
    assert code == 0
    assert "huge.md: skipped: " in err and "huge.md" not in out
