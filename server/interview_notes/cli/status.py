"""``interview-notes status``: how complete each note is, what to write next, and a gate that
fails CI while a note is below a given completeness."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .. import batch
from ..analysis import analyze
from ..files import read_note
from ..status import (
    SORTS,
    NoteStatus,
    Totals,
    below,
    modified_day,
    note_status,
    sort_statuses,
    totals,
)
from ..workspace import Workspaces, discover
from . import report
from .common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    FileProblem,
    add_file_options,
    file_filter,
    guarded,
    warn,
    worker_workspace,
    workspace_messages,
)

FORMATS = ("text", "json", "markdown")


def _percent(value: str) -> int:
    """A ``--min-completeness`` value: a whole percent from 0 to 100."""
    problem = f"expected a percent from 0 to 100, got {value!r}"
    try:
        found = int(value.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(problem) from None
    if not 0 <= found <= 100:
        raise argparse.ArgumentTypeError(problem)
    return found


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = commands.add_parser(
        "status", help="how complete each note is, and where its first empty slot is"
    )
    status.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .)"
    )
    status.add_argument("--format", choices=FORMATS, default="text")
    status.add_argument(
        "--sort",
        choices=SORTS,
        default="completeness",
        help="least complete first, most recently modified first, or by path "
        "(default: completeness)",
    )
    status.add_argument(
        "--min-completeness",
        type=_percent,
        metavar="N",
        help="exit 1 when a note is less than N percent complete",
    )
    add_file_options(status)
    status.add_argument(
        "--quiet", "-q", action="store_true", help="print the notes and errors, nothing else"
    )
    status.set_defaults(handler=run)


@dataclass(frozen=True)
class Read:
    """One file's row (``None`` when it is not a note), or why it could not be read."""

    path: str
    status: NoteStatus | None = None
    problem: FileProblem | None = None


def status_file(item: tuple[str, str]) -> Read:
    """Read and analyse one file (in a worker process when there are many); never raises,
    so one bad file never stops the others. Only the small row travels back."""
    name, root = item
    workspace = worker_workspace(Path(root))
    path = Path(name)

    def work() -> Read:
        # Taken before reading: an edit made meanwhile makes the row look older, never newer.
        modified = path.stat().st_mtime
        text = read_note(path, workspace.settings.max_document_size)
        analysis = analyze(text, workspace.templates, workspace.settings)
        return Read(name, note_status(name, analysis, modified))

    found = guarded(work, "read")
    return Read(name, problem=found) if isinstance(found, FileProblem) else found


def run(args: argparse.Namespace) -> int:
    loaded = Workspaces()
    chosen = file_filter(args)
    found = discover([Path(p) for p in args.paths], loaded, chosen)
    items = [(str(path), str(workspace.root)) for path, workspace in found.files]
    errors = list(found.errors)
    messages = [*found.skipped, *workspace_messages(loaded)]
    statuses: list[NoteStatus] = []
    read = 0
    for result in batch.run(status_file, items, args.jobs or None, shared_value=loaded):
        if result.problem is not None:
            result.problem.file_under(result.path, messages, errors)
            continue
        read += 1
        if result.status is not None:
            statuses.append(result.status)
    rows = sort_statuses(statuses, args.sort)
    summed = totals(rows, read)
    _print(args.format, rows, summed, sys.stdout, quiet=args.quiet)
    if not args.quiet:
        for message in messages:
            warn(message)
    for message in errors:
        warn(message)
    if errors:
        return EXIT_ERROR
    if args.min_completeness is not None:
        failing = below(rows, args.min_completeness)
        if failing:
            count = len(failing)
            warn(
                f"{count} {report.plural('note', count)} below {args.min_completeness}% complete "
                f"(--min-completeness {args.min_completeness})"
            )
            return EXIT_FINDINGS
    return EXIT_CLEAN


# output ----------------------------------------------------------------------------------
def _print(format: str, rows: list[NoteStatus], summed: Totals, out: TextIO, quiet: bool) -> None:
    if format == "json":
        report.dump_json(json_report(rows, summed), out)
    elif format == "markdown":
        markdown(rows, summed, out, quiet)
    else:
        text(rows, summed, out, quiet)


def _next(status: NoteStatus) -> str:
    """Where to go on writing, 1-based as editors and ``check`` count."""
    where = _first_empty(status)
    return "complete" if where is None else f"first empty {where}"


def _first_empty(status: NoteStatus) -> str | None:
    """The first empty slot as ``line:column label``, 1-based; ``None`` in a full note."""
    empty = status.first_empty
    return None if empty is None else f"{empty.line + 1}:{empty.column + 1} {empty.label}"


def text(rows: Sequence[NoteStatus], summed: Totals, out: TextIO, quiet: bool = False) -> None:
    """One aligned line per note, then the totals:
    ``28/35   80%  notes/stripe.md  system-design  first empty 44:11 HOW notes  2025-11-04``."""
    table = [
        (
            f"{row.filled}/{row.total}",
            f"{row.percent}%",
            row.path,
            row.template,
            _next(row),
            modified_day(row.modified),
        )
        for row in rows
    ]
    if table:
        widths = [max(_width(line[i]) for line in table) for i in range(len(table[0]))]
        for line in table:
            counts = _pad(line[0], widths[0], right=True)
            percent = _pad(line[1], max(widths[1], 4), right=True)
            cells = zip(line[2:5], widths[2:5], strict=True)
            middle = "  ".join(_pad(cell, width) for cell, width in cells)
            out.write(f"{counts}  {percent}  {middle}  {line[5]}\n")
    if not quiet:
        out.write(summary(summed) + "\n")


def _width(value: str) -> int:
    """Terminal columns: wide characters (CJK, most emoji) take two, so columns after a
    Chinese heading or an emoji still line up."""
    if value.isascii():
        return len(value)
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in value
    )


def _pad(value: str, width: int, right: bool = False) -> str:
    room = " " * max(0, width - _width(value))
    return room + value if right else value + room


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def markdown(rows: Sequence[NoteStatus], summed: Totals, out: TextIO, quiet: bool = False) -> None:
    """A table for a pull request comment or a job summary, then the totals."""
    out.write("| Note | Template | Filled | Complete | First empty | Modified |\n")
    out.write("| --- | --- | ---: | ---: | --- | --- |\n")
    for row in rows:
        where = _first_empty(row) or "-"
        cells = (
            _cell(row.path),
            _cell(row.template),
            f"{row.filled}/{row.total}",
            f"{row.percent}%",
            _cell(where),
            modified_day(row.modified),
        )
        out.write("| " + " | ".join(cells) + " |\n")
    if not quiet:
        out.write("\n" + summary(summed) + "\n")


def json_report(rows: Sequence[NoteStatus], summed: Totals) -> dict[str, Any]:
    """Lines and columns 1-based, as in ``check --format json``."""
    return {
        "notes": [_json_row(row) for row in rows],
        "totals": summed.as_json(),
    }


def _json_row(row: NoteStatus) -> dict[str, Any]:
    empty = row.first_empty
    first_empty = None
    if empty is not None:
        first_empty = {
            "line": empty.line + 1,
            "column": empty.column + 1,
            "label": empty.label,
            "section": empty.section,
        }
    return row.as_json(1, firstEmpty=first_empty)


def summary(summed: Totals) -> str:
    """``3 notes in 5 files: 65/105 slots filled (61%), 1 complete``."""
    head = (
        f"{summed.notes} {report.plural('note', summed.notes)} in "
        f"{summed.files} {report.plural('file', summed.files)}"
    )
    if not summed.notes:
        return head
    return (
        f"{head}: {summed.filled}/{summed.total} slots filled ({summed.percent}%), "
        f"{summed.complete} complete"
    )
