"""``interview-notes check``: find what is still empty, fix what can be fixed safely, and
report it the way CI wants it."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .. import batch
from ..analysis import analyze
from ..files import (
    Encoding,
    decode_with_encoding,
    read_note_with_encoding,
    write_note,
)
from ..findings import Finding
from ..fixes import fix_all
from ..severity import Severity
from ..workspace import Filter, Workspace, Workspaces, discover, why_skipped
from . import report
from .common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    LEVELS,
    FileProblem,
    add_file_options,
    file_filter,
    guarded,
    warn,
    worker_workspace,
    workspace_messages,
)

STDIN = "-"
UTF8 = Encoding()


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser("check", help="check notes (files or folders; - reads stdin)")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=report.FORMATS, default="text")
    check.add_argument(
        "--threshold",
        choices=tuple(LEVELS),
        default="warning",
        help="report and fail on findings at or above this severity (default: warning)",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (read errors still exit 2)",
    )
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes (they add what is missing, never delete) and report the rest",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff; exit 1 when there is any",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the path of the text read from - (for settings and output)",
    )
    add_file_options(check)
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print findings and errors, nothing else"
    )
    check.set_defaults(handler=run)


@dataclass(frozen=True)
class Checked:
    """What checking one file found. ``fixed`` is the text after the safe fixes (only when
    fixing and something changed); ``problem`` says why the file was not checked."""

    path: str
    findings: tuple[Finding, ...] = ()
    is_note: bool = False
    original: str | None = None
    fixed: str | None = None
    encoding: Encoding = UTF8
    applied: int = 0
    problem: FileProblem | None = None
    from_stdin: bool = False


def check_text(
    name: str, text: str, workspace: Workspace, fixing: bool, encoding: Encoding = UTF8
) -> Checked:
    """The findings of one text, after its safe fixes when ``fixing``."""
    analysis = analyze(text, workspace.templates, workspace.settings)
    fixed = fix_all(text, workspace.templates, workspace.settings, analysis) if fixing else None
    if fixed is not None:
        analysis = analyze(fixed.text, workspace.templates, workspace.settings)
    # Fixes and their edits stay here: the report needs positions and messages only.
    findings = tuple(dataclasses.replace(f, fixes=(), data={}) for f in analysis.findings)
    return Checked(
        name,
        findings,
        analysis.is_note,
        text if fixed is not None else None,
        fixed.text if fixed is not None else None,
        encoding,
        fixed.applied if fixed is not None else 0,
    )


def check_file(item: tuple[str, str, bool]) -> Checked:
    """Check one file (in a worker process when there are many); never raises, so one file
    that cannot be read or checked never stops the others."""
    name, root, fixing = item
    workspace = worker_workspace(Path(root))

    def work() -> Checked:
        limit = workspace.settings.max_document_size
        text, encoding = read_note_with_encoding(Path(name), limit)
        return check_text(name, text, workspace, fixing, encoding)

    found = guarded(work, "checked")
    return Checked(name, problem=found) if isinstance(found, FileProblem) else found


def run(args: argparse.Namespace) -> int:
    loaded = Workspaces()
    chosen = file_filter(args)
    found = discover([Path(p) for p in args.paths if p != STDIN], loaded, chosen)
    errors = list(found.errors)
    fixing = args.fix or args.diff
    results: list[Checked] = []
    if STDIN in args.paths:
        results += _check_stdin(args, loaded, chosen, fixing)
    items = [(str(path), str(workspace.root), fixing) for path, workspace in found.files]
    results += batch.run(check_file, items, args.jobs or None, shared_value=loaded)
    messages = [*found.skipped, *workspace_messages(loaded)]
    return _report(args, results, errors, messages)


def _check_stdin(
    args: argparse.Namespace, loaded: Workspaces, chosen: Filter, fixing: bool
) -> list[Checked]:
    """The text on stdin, checked as if it were the file ``--stdin-filename``."""
    data = sys.stdin.buffer.read()
    name = args.stdin_filename or STDIN
    passing_through = args.fix and not args.diff
    try:
        text, encoding = decode_with_encoding(data)
    except UnicodeDecodeError as error:
        if passing_through:
            sys.stdout.buffer.write(data)
        problem = FileProblem(f"not valid UTF-8 or UTF-16 (offset {error.start})")
        return [Checked(name, problem=problem, from_stdin=True)]
    path = Path(args.stdin_filename) if args.stdin_filename else None
    if path is not None and why_skipped(path, loaded, chosen) is not None:
        # An excluded file passes through unchanged: an editor's fix-on-save keeps its text.
        if passing_through:
            sys.stdout.write(text)
        return []
    workspace = loaded.of(path.parent if path is not None else Path.cwd())
    found = check_text(name, text, workspace, fixing, encoding)
    # With --fix the text goes back out whether or not anything was fixed.
    return [dataclasses.replace(found, original=text, from_stdin=True)]


def _report(
    args: argparse.Namespace, results: list[Checked], errors: list[str], messages: list[str]
) -> int:
    threshold = LEVELS[args.threshold]
    out = sys.stdout
    to_stdout = STDIN in args.paths and args.fix and not args.diff
    shown: list[tuple[str, Finding]] = []
    counts: Counter[Severity] = Counter()
    changed = applied = notes = 0
    for result in results:
        if result.problem is not None:
            result.problem.file_under(result.path, messages, errors)
            continue
        notes += result.is_note
        if result.fixed is not None:
            changed += 1
            applied += result.applied
        if result.from_stdin and to_stdout:
            out.write(result.fixed if result.fixed is not None else result.original or "")
        elif result.fixed is not None and args.diff:
            _diff(result, out)
        elif result.fixed is not None:
            try:
                write_note(Path(result.path), result.fixed, result.encoding)
            except OSError as error:
                errors.append(f"{result.path}: cannot write: {error.strerror or error}")
        found = [(result.path, f) for f in result.findings if f.severity <= threshold]
        counts.update(f.severity for _, f in found)
        shown.extend(found)
    if not args.diff:
        # With a fixed text on stdout the findings go to stderr, as in other linters.
        _print(args.format, shown, sys.stderr if to_stdout else out, errors)
    if not args.quiet:
        for message in messages:
            warn(message)
    for message in errors:
        warn(message)
    if not args.quiet:
        checked = sum(1 for result in results if result.problem is None)
        line = report.summary(checked, notes, counts)
        if args.diff:
            line += f"; {changed} {'file' if changed == 1 else 'files'} would change"
        elif args.fix:
            line += f"; fixed {applied} in {changed} {'file' if changed == 1 else 'files'}"
        print(line, file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if changed else EXIT_CLEAN
    return EXIT_FINDINGS if shown and not args.exit_zero else EXIT_CLEAN


def _print(format: str, shown: list[tuple[str, Finding]], out: TextIO, errors: list[str]) -> None:
    if format == "text":
        report.text(shown, out)
    elif format == "github":
        report.github(shown, out)
        for message in errors:
            path, _, problem = message.partition(": ")
            report.github_error(path, problem, out)
    elif format == "json":
        report.dump_json(report.json_findings(shown), out)
    else:
        report.dump_json(report.sarif(shown), out)


def _diff(result: Checked, out: TextIO) -> None:
    assert result.original is not None and result.fixed is not None
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.fixed.splitlines(keepends=True),
        fromfile=f"a/{result.path}",
        tofile=f"b/{result.path}",
    )
    for line in lines:
        out.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
