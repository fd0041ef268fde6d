"""The ``interview-notes`` command line, run in-process on notes in a temporary folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from interview_notes.cli import main

from .expectations import NOTES, bundled_templates

SEED = bundled_templates().get("system-design").text  # type: ignore[union-attr]
FILLED = (NOTES / "filled-note.md").read_text(encoding="utf-8")
LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<severity>error|warning|information|hint) (?P<code>IN\d{3}) (?P<message>.+)$"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_note_exits_0_with_only_the_summary(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "note.md").write_text(FILLED, encoding="utf-8")
    summary = "1 file checked, 1 note: 0 errors, 0 warnings, 0 information, 0 hints\n"
    assert run(capsys, "check", "note.md") == (0, "", summary)
    assert run(capsys, "check", "--quiet", "note.md") == (0, "", "")


def test_findings_exit_1_with_one_editor_line_each(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    code, out, _ = run(capsys, "check", "note.md")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 33  # warnings and above by default
    matches = [LINE.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    assert lines[0].startswith("note.md:17:1: warning IN003 Nothing is written after this label")


def test_threshold_hint_shows_everything(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--threshold", "hint", "note.md")
    assert code == 1
    assert len(out.splitlines()) == 49


def test_threshold_error_on_warnings_exits_0(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    assert run(capsys, "check", "--threshold", "error", "note.md")[:2] == (0, "")


def test_json_output_parses(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", "note.md")
    findings = json.loads(out)
    assert code == 1 and len(findings) == 33
    assert (
        findings[0]["line"] == 17 and findings[0]["column"] == 1 and findings[0]["code"] == "IN003"
    )


def test_sarif_output_parses(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "sarif", "note.md")
    sarif = json.loads(out)
    assert code == 1 and sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert len(results) == 33
    assert {r["ruleId"] for r in results} == {"IN003", "IN004", "IN005", "IN008"}


def test_sarif_says_its_columns_count_code_points(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SARIF's default is UTF-16 code units; after an emoji the two differ."""
    text = SEED.replace("_Date: November 4, 2025_", "_😀 Date: November 4, 2025_")
    (folder / "note.md").write_text(text, encoding="utf-8")
    argv = ("check", "--format", "sarif", "--threshold", "information", "note.md")
    _, out, _ = run(capsys, *argv)
    sarif_run = json.loads(out)["runs"][0]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    example = next(r for r in sarif_run["results"] if r["ruleId"] == "IN011")
    region = example["locations"][0]["physicalLocation"]["region"]
    # "_😀 Date: " is 9 code points (10 UTF-16 units): the value starts in column 10.
    assert region["startColumn"] == 10


def test_undecodable_file_is_named_and_others_are_still_checked(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "a-broken.md").write_bytes("# Entretien\n\nPréparation\n".encode("latin-1"))
    (folder / "b-note.md").write_text(SEED, encoding="utf-8")
    code, out, err = run(capsys, "check", ".")
    assert code == 2
    assert "a-broken.md" in err
    assert len(out.splitlines()) == 33 and "b-note.md:17:1" in out


def test_utf16_and_bom_notes_are_read(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "utf16.md").write_bytes(SEED.encode("utf-16"))
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + SEED.replace("\n", "\r\n").encode("utf-8"))
    code, out, err = run(capsys, "check", "-q", "utf16.md", "bom.md")
    assert (code, err) == (1, "")
    assert out.count("utf16.md:17:1: warning IN003") == 1
    assert out.count("bom.md:17:1: warning IN003") == 1


def test_folders_are_searched_for_markdown(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.markdown").write_text(SEED, encoding="utf-8")
    (folder / "notes.txt").write_text(SEED, encoding="utf-8")
    (folder / "README.md").write_text("# Readme\n\n- \n", encoding="utf-8")
    code, out, _ = run(capsys, "check", ".")
    assert code == 1
    assert {line.split(":", 1)[0] for line in out.splitlines()} == {str(Path("sub/deep.markdown"))}


def test_missing_path_exits_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "nowhere.md")
    assert code == 2 and "nowhere.md" in err


def test_usage_error_exits_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check"])
    assert exit_.value.code == 2


def test_new_writes_a_dated_note(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "new", "loop/twitter.md", "--date", "2026-01-12")
    assert code == 0
    text = (folder / "loop" / "twitter.md").read_text(encoding="utf-8")
    assert "_Date: 2026-01-12_" in text
    assert run(capsys, "check", "loop/twitter.md")[0] == 1


def test_new_refuses_to_overwrite(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "note.md").write_text("my notes\n", encoding="utf-8")
    code, _, err = run(capsys, "new", "note.md")
    assert code == 2 and "note.md" in err
    assert (folder / "note.md").read_text(encoding="utf-8") == "my notes\n"
