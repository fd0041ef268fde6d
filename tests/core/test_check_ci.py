"""``check`` as CI runs it: fixing, diffs, stdin, annotations, excludes, parallel runs."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from interview_notes.analysis import analyze
from interview_notes.cli import main
from interview_notes.findings import Applicability

from .expectations import bundled_templates
from .test_cli import FILLED, SEED, run

REALISTIC = Path(__file__).parent.parent / "fixtures" / "realistic" / "notes"
# A note with a section left out (a safe fix inserts it) and an empty field.
MISSING_SECTION = FILLED.replace("## Potential Issues & Solutions", "## Skipped", 1)


def cut_section(text: str, heading: str) -> str:
    """``text`` without the section under ``heading`` (up to the next ``## ``)."""
    start = text.index(heading)
    end = text.index("\n## ", start + 1) + 1
    return text[:start] + text[end:]


PARTIAL = cut_section(FILLED, "## Trade-offs Discussed")


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def lines_kept(before: str, after: str) -> bool:
    """Every line of ``before`` is in ``after``, in order: nothing was deleted or changed."""
    remaining = iter(after.splitlines())
    return all(any(line == other for other in remaining) for line in before.splitlines())


# --fix and --diff ------------------------------------------------------------------------
def test_fix_inserts_the_missing_section_and_reports_what_remains(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "note.md").write_text(PARTIAL, encoding="utf-8")
    code, out, err = run(capsys, "check", "--fix", "note.md")
    fixed = (folder / "note.md").read_text(encoding="utf-8")
    assert "## Trade-offs Discussed" in fixed and lines_kept(PARTIAL, fixed)
    # The inserted table is the template's, still to fill: reported, so the run fails.
    assert code == 1 and "IN005" in out and "IN001" not in out
    assert err.endswith("; fixed 1 in 1 file\n")
    code, _, err = run(capsys, "check", "--fix", "note.md")
    assert (folder / "note.md").read_text(encoding="utf-8") == fixed
    assert err.endswith("; fixed 0 in 0 files\n")


def test_fix_keeps_the_encoding_and_line_endings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = PARTIAL.replace("\n", "\r\n")
    (folder / "note.md").write_bytes(b"\xff\xfe" + crlf.encode("utf-16-le"))
    run(capsys, "check", "--fix", "note.md")
    data = (folder / "note.md").read_bytes()
    assert data.startswith(b"\xff\xfe")
    text = data[2:].decode("utf-16-le")
    assert "## Trade-offs Discussed\r\n" in text and "\n" not in text.replace("\r\n", "")


def test_diff_prints_what_fix_would_change_and_writes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "note.md").write_text(PARTIAL, encoding="utf-8")
    code, out, err = run(capsys, "check", "--diff", "note.md")
    assert code == 1
    assert out.startswith("--- a/note.md\n+++ b/note.md\n@@ ")
    assert "+## Trade-offs Discussed\n" in out
    assert not any(line.startswith("-") and not line.startswith("---") for line in out.splitlines())
    assert (folder / "note.md").read_text(encoding="utf-8") == PARTIAL
    assert err.endswith("; 1 file would change\n")
    run(capsys, "check", "--fix", "note.md")
    assert run(capsys, "check", "--diff", "note.md")[:2] == (0, "")


def test_fix_never_removes_a_blank_row_or_item(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FILLED.replace("| No joins |\n", "| No joins |\n| | | |\n", 1)
    (folder / "note.md").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--fix", "note.md")
    assert (folder / "note.md").read_text(encoding="utf-8") == text
    assert code == 1 and "IN005" in out


def test_fix_over_the_realistic_notes_keeps_every_line_and_leaves_nothing_fixable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(REALISTIC, notes, ignore=shutil.ignore_patterns("*.json", "*.expected"))
    (tmp_path / ".interview-notes.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = {path.name: path.read_bytes() for path in notes.glob("*.md")}
    assert len(before) >= 20
    main(["check", "--fix", "--exit-zero", "notes"])
    err = capsys.readouterr().err
    after = {path.name: path.read_bytes() for path in notes.glob("*.md")}
    changed = [name for name in before if before[name] != after[name]]
    assert changed, err
    templates = bundled_templates()
    for name, data in after.items():
        text = data.decode("utf-8-sig")
        assert lines_kept(before[name].decode("utf-8-sig"), text), name
        for finding in analyze(text, templates).findings:
            safe = [fix for fix in finding.fixes if fix.applicability is Applicability.SAFE]
            assert not safe, (name, finding)
    main(["check", "--fix", "--exit-zero", "notes"])
    assert {path.name: path.read_bytes() for path in notes.glob("*.md")} == after
    assert capsys.readouterr().err.endswith("; fixed 0 in 0 files\n")


# stdin -----------------------------------------------------------------------------------
def test_dash_reads_the_note_from_stdin(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, SEED)
    code, out, _ = run(capsys, "check", "-")
    assert code == 1 and out.startswith("-:")


def test_stdin_filename_names_the_output_and_finds_the_settings(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / ".interview-notes.toml").write_text(
        '[rules]\nempty-field = "off"\n', encoding="utf-8"
    )
    stdin(monkeypatch, SEED)
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "sub/note.md")
    assert code == 1 and out.startswith("sub/note.md:")
    assert "IN004" not in out


def test_fix_on_stdin_writes_the_fixed_note_to_stdout(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, PARTIAL)
    code, out, err = run(capsys, "check", "--fix", "-", "--stdin-filename", "note.md")
    assert "## Trade-offs Discussed" in out and lines_kept(PARTIAL, out)
    assert "note.md:" in err and "IN005" in err and code == 1


def test_an_excluded_stdin_file_passes_through_unchanged(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / ".interview-notes.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    stdin(monkeypatch, PARTIAL)
    code, out, _ = run(capsys, "check", "--fix", "-", "--stdin-filename", "drafts/x.md")
    assert (code, out) == (0, PARTIAL)


# formats ---------------------------------------------------------------------------------
def test_github_format_prints_one_annotation_per_finding(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "a, b.md").write_text(SEED, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "github", "a, b.md")
    lines = out.splitlines()
    assert code == 1 and lines
    assert all(line.startswith("::warning file=a%2C b.md,line=") for line in lines)
    first = lines[0]
    assert ",col=1,endLine=" in first and ",title=IN" in first and "::" in first[2:]


def test_github_format_reports_an_unreadable_file_as_an_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "bad.md").write_bytes(b"# x\n\xc3\x28\n")
    code, out, _ = run(capsys, "check", "--format", "github", "bad.md")
    assert code == 2 and out.startswith("::error file=bad.md::not valid UTF-8")


def test_sarif_declares_its_column_kind(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "sarif", "note.md")
    assert json.loads(out)["runs"][0]["columnKind"] == "unicodeCodePoints"


# which files -----------------------------------------------------------------------------
def checked(out: str) -> set[str]:
    return {line.split(":", 1)[0] for line in out.splitlines()}


def test_folders_skip_hidden_vendored_ignored_excluded_and_template_files(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "notes/a.md",
        "notes/old/b.md",
        "notes/ignored.md",
        ".obsidian/c.md",
        "node_modules/pkg/d.md",
        "env/e.md",
        ".interview-notes/templates/mine.md",
        "drafts/f.md",
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(SEED, encoding="utf-8")
    (folder / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (folder / ".gitignore").write_text("notes/ignored.md\n", encoding="utf-8")
    (folder / "notes" / ".gitignore").write_text("old/\n", encoding="utf-8")
    (folder / ".interview-notes.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    _, out, _ = run(capsys, "check", ".")
    assert checked(out) == {"notes/a.md"}
    _, out, _ = run(capsys, "check", "--no-ignore", ".")
    assert checked(out) == {"notes/a.md", "notes/ignored.md", "notes/old/b.md"}
    _, out, _ = run(capsys, "check", "--exclude", "notes/a.md", "--no-ignore", ".")
    assert checked(out) == {"notes/ignored.md", "notes/old/b.md"}
    # Named directly, an ignored file is checked; a template or an excluded file is not.
    _, out, err = run(
        capsys, "check", "notes/ignored.md", ".interview-notes/templates/mine.md", "drafts/f.md"
    )
    assert checked(out) == {"notes/ignored.md"}
    assert "mine.md: skipped: a template" in err and "f.md: skipped: excluded" in err


def test_include_keeps_only_the_matching_files(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("notes/a.md", "README.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(SEED, encoding="utf-8")
    (folder / ".interview-notes.toml").write_text('include = ["notes/"]\n', encoding="utf-8")
    _, out, _ = run(capsys, "check", ".")
    assert checked(out) == {"notes/a.md"}


def test_a_file_named_twice_is_checked_once(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "a.md").write_text(SEED, encoding="utf-8")
    _, once, _ = run(capsys, "check", "a.md")
    _, twice, err = run(capsys, "check", "a.md", "./a.md", ".")
    assert once == twice and err.startswith("1 file checked")


def test_a_pool_of_processes_reports_what_one_process_does(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(12):
        text = SEED if index % 3 else FILLED
        (folder / f"n{index:02}.md").write_text(text, encoding="utf-8")
    serial = run(capsys, "check", "--jobs", "1", ".")
    parallel = run(capsys, "check", "--jobs", "3", ".")
    assert serial == parallel and serial[0] == 1


def test_quiet_prints_the_findings_and_nothing_else(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "note.md").write_text(SEED, encoding="utf-8")
    code, out, err = run(capsys, "check", "--quiet", "note.md")
    assert code == 1 and out and err == ""
    _, _, err = run(capsys, "check", "note.md")
    assert err == "1 file checked, 1 note: 0 errors, 33 warnings, 0 information, 0 hints\n"


# new -------------------------------------------------------------------------------------
def test_new_dash_writes_the_note_to_stdout(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "new", "-", "--date", "2026-01-02")
    assert code == 0 and out.startswith("# System Design Interview Notes")
    assert "_Date: 2026-01-02_" in out and out.endswith("\n") and not out.endswith("\n\n")
    assert not (folder / "-").exists()


def test_a_bad_date_says_the_expected_format(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["new", "x.md", "--date", "2025-13-45"])
    assert exited.value.code == 2
    assert "expected YYYY-MM-DD, got '2025-13-45'" in capsys.readouterr().err


def test_new_from_a_subfolder_uses_the_workspace_templates_without_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "vault" / ".interview-notes" / "templates"
    templates.mkdir(parents=True)
    (templates / "behavioral.md").write_text(
        "# Behavioral Interview Notes\n\n## Story\n\n- Situation:\n- Result:\n\n"
        "## Reflection\n\n- Learned:\n",
        encoding="utf-8",
    )
    (tmp_path / "vault" / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "vault" / "notes")
    code, out, err = run(capsys, "new", "2026/star.md", "--template", "behavioral")
    assert code == 0, err
    text = (tmp_path / "vault" / "notes" / "2026" / "star.md").read_text(encoding="utf-8")
    assert text.startswith("# Behavioral Interview Notes") and text.endswith("\n")
    # The template is the workspace's, not a note of it.
    monkeypatch.chdir(tmp_path / "vault")
    _, out, _ = run(capsys, "check", ".")
    assert checked(out) == {"notes/2026/star.md"}


@pytest.mark.parametrize("text", ["# Shopping list\n\n- milk\n", FILLED], ids=["ordinary", "done"])
def test_fix_on_stdin_gives_back_a_text_with_nothing_to_fix_unchanged(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    stdin(monkeypatch, text)
    code, out, _ = run(capsys, "check", "--fix", "-")
    assert (code, out) == (0, text)
