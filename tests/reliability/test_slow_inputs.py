"""Text shaped to make regular expressions backtrack is checked in well under a second.

Each input is a long run of spaces or brackets where a pattern used to try every way to split
it: an inline field, a heading, a front-matter value and an inline comment padded with spaces,
a heading of brackets, and a list item typed at in an editor; and a line ending in many
comments, which were taken off one copy of the line at a time. They go through
``interview-notes check`` (in-process, and the worst once as a separate process), through the
incremental analysis the language server keeps, before and after a one-character edit, and
through completion.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from interview_notes.analysis import analyze
from interview_notes.cli import main
from interview_notes.completion import complete
from interview_notes.incremental import IncrementalAnalyzer
from interview_notes.settings import Settings
from interview_notes.template import TemplateSet

from .support import seed_text

LIMIT = 1.0
"""Seconds a check of one input may take; each took from one to twenty before."""
SEED = seed_text()
RUN = 30_000

SLOW_INPUTS: dict[str, Callable[[], str]] = {
    "inline-field-padded": lambda: "_a: " + " " * 2_000 + "b\n",
    "inline-field-padded-in-note": lambda: SEED + "\n_a: " + " " * 2_000 + "b\n",
    "heading-padded": lambda: "# x" + " " * RUN + "#x\n",
    "heading-padded-in-note": lambda: SEED + "\n## Risks" + " " * RUN + "#x\n",
    "heading-trailing-spaces-in-note": lambda: SEED + "\n## Risks" + " " * RUN + "\n",
    "heading-of-brackets": lambda: "# " + "[" * RUN + "\n",
    "heading-of-brackets-in-note": lambda: SEED + "\n## " + "[" * RUN + "\n",
    "front-matter-padded": lambda: "---\ntemplate: a" + " " * RUN + "b\n---\n" + SEED,
    "directive-never-closed": lambda: SEED + "\n<!-- interview-notes-disable" + " " * RUN + "\n",
    "directives-never-closed": lambda: SEED + "\n" + "<!-- interview-notes-disable " * 2_000 + "\n",
    "comments-ending-a-line-in-note": lambda: SEED + "\nx" + "<!---->" * 50_000 + "\n",
}
"""Each input by name; those "in a note" follow the template so that every rule runs."""
WORST = "inline-field-padded"
"""The input that took longest before (cubic time: twenty seconds for two kilobytes)."""
# ``- `` and a long run of spaces before a name too long to be a field's: typed in an editor,
# completion used to try every split of the spaces.
FIELD_LINE = "- " + " " * RUN + "x" * 61 + ":"


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".interview-notes.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet.load()


def _write(folder: Path, name: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(SLOW_INPUTS[name](), encoding="utf-8", newline="\n")
    return path


def test_the_inputs_are_what_they_say() -> None:
    """The first input is the two-kilobyte file; those in a note are recognised as notes, so
    that the findings (and the inline comments that turn them off) are computed."""
    assert len(SLOW_INPUTS["inline-field-padded"]().encode()) > 2_000
    templates = TemplateSet.load()
    for name, build in SLOW_INPUTS.items():
        if name.endswith("-in-note") or name.startswith(("front-matter", "directive")):
            assert analyze(build(), templates).is_note, name


@pytest.mark.parametrize("name", sorted(SLOW_INPUTS))
def test_check_is_quick(name: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Once on the template itself, so that what every check loads first is not timed.
    warm_up = folder / "warm-up.md"
    warm_up.write_text(SEED, encoding="utf-8")
    main(["check", "--exit-zero", str(warm_up)])
    capsys.readouterr()
    path = _write(folder, name)
    took, code = _timed(lambda: main(["check", "--format", "json", str(path)]))
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert out.startswith("["), out[:200]
    assert took < LIMIT, f"{name}: check took {took:.2f} s"


def test_check_is_quick_in_a_separate_process(folder: Path) -> None:
    path = _write(folder, WORST)
    command = [sys.executable, "-m", "interview_notes", "check", str(path)]
    took, done = _timed(
        lambda: subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    )
    assert isinstance(done, subprocess.CompletedProcess)
    assert done.returncode in (0, 1), done.stderr
    assert took < LIMIT, f"{WORST}: interview-notes check took {took:.2f} s"


@pytest.mark.parametrize("name", sorted(SLOW_INPUTS))
def test_incremental_analysis_is_quick(name: str, templates: TemplateSet) -> None:
    """The analysis the server keeps, on the input and after one character typed in the middle
    of its longest line."""
    text = SLOW_INPUTS[name]()
    analyzer = IncrementalAnalyzer(templates, Settings())
    took, _ = _timed(lambda: analyzer.analyze(text))
    assert took < LIMIT, f"{name}: analysis took {took:.2f} s"
    longest = max(text.split("\n"), key=len)
    middle = text.index(longest) + len(longest) // 2
    edited = text[:middle] + "x" + text[middle:]
    took, _ = _timed(lambda: analyzer.analyze(edited))
    assert took < LIMIT, f"{name}: analysis after an edit took {took:.2f} s"


def test_completion_on_a_long_field_line_is_quick(templates: TemplateSet) -> None:
    text = SEED + "\n### Cache\n" + FIELD_LINE + "\n"
    analysis = analyze(text, templates)
    line = text.count("\n") - 1
    assert analysis.note.source.lines[line] == FIELD_LINE
    took, _ = _timed(lambda: complete(analysis, templates, line, len(FIELD_LINE), snippets=True))
    assert took < LIMIT, f"completion took {took:.2f} s"
