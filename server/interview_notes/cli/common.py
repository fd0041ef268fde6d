"""What every command shares: exit codes, severities by name, messages, loaded workspaces."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .. import batch
from ..files import ReadError, TooLargeError
from ..severity import Severity
from ..workspace import Filter, Workspace, Workspaces

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "information": Severity.INFORMATION,
    "hint": Severity.HINT,
}


Done = TypeVar("Done")


@dataclass(frozen=True)
class FileProblem:
    """Why one file was not read or checked. A file over the size limit is skipped on
    purpose: said, but not an error."""

    message: str
    too_large: bool = False

    def file_under(self, path: str, messages: list[str], errors: list[str]) -> None:
        (messages if self.too_large else errors).append(f"{path}: {self.message}")


def guarded(work: Callable[[], Done], verb: str) -> Done | FileProblem:
    """``work`` on one file, or what stopped it: one file never stops the others."""
    try:
        return work()
    except TooLargeError as problem:
        return FileProblem(str(problem), too_large=True)
    except ReadError as problem:
        return FileProblem(str(problem))
    except OSError as error:
        return FileProblem(f"cannot read: {error.strerror or error}")
    except MemoryError:
        return FileProblem(f"not {verb}: out of memory")
    except RecursionError:
        return FileProblem(f"not {verb}: nested too deeply")
    except Exception as error:
        return FileProblem(f"not {verb}: internal error {error!r}")


def warn(message: str) -> None:
    print(f"interview-notes: {message}", file=sys.stderr)


def workspace_messages(loaded: Workspaces) -> list[str]:
    """The problems found while loading settings and templates, each once."""
    found: list[str] = []
    for workspace in loaded.loaded.values():
        found += workspace.messages
    return list(dict.fromkeys(found))


def worker_workspace(root: Path) -> Workspace:
    """In a worker of :func:`batch.run`: the workspace the command loaded (shared with its
    workers), or loaded here when the workers started afresh."""
    found = batch.shared()
    if not isinstance(found, Workspaces):
        found = Workspaces()
        batch.share(found)
    return found.of(root)


def add_file_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose which files a command reads."""
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files matching this .gitignore-style pattern (repeatable)",
    )
    parser.add_argument(
        "--no-ignore", action="store_true", help="read files that .gitignore leaves out too"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="processes to use (default: one per core when there are many files; 1: no pool)",
    )


def file_filter(args: argparse.Namespace) -> Filter:
    return Filter(tuple(args.exclude), respect_gitignore=not args.no_ignore)
