"""Whole-corpus runs of command-line linters: wall time, CPU time and peak RSS."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")
LINT_EXIT_CODES = (0, 1)
CRASH_MARKER = b"Traceback (most recent call last)"
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps([wall, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


@dataclass(frozen=True)
class Tool:
    name: str
    argv: list[str]


class ToolError(RuntimeError):
    """A linter crashed instead of reporting findings."""


@dataclass(frozen=True)
class CliRun:
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    exit_code: int


def markdown_files(root: Path) -> list[str]:
    """Every Markdown file under `root`, relative to it, in a stable order."""
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and path.suffix in MARKDOWN_SUFFIXES
    )


def ten_copies(corpus: Path, into: Path) -> Path:
    for index in range(10):
        shutil.copytree(corpus, into / f"copy-{index}")
    return into


def verify_tool(tool: Tool, root: Path, files: list[str]) -> None:
    """Run the tool once, unmeasured, and raise ToolError unless it linted normally.

    The linters exit with 1 when they find something, as Python does on an uncaught exception,
    so a traceback on stderr is what tells a crash from findings.
    """
    done = subprocess.run(
        [*tool.argv, *files],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    if done.returncode not in LINT_EXIT_CODES or CRASH_MARKER in done.stderr:
        lines = done.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise ToolError(f"{tool.name} exited with {done.returncode}: " + " / ".join(lines))


def run_tool(tool: Tool, root: Path, files: list[str]) -> CliRun:
    """Run the tool once over `files` (relative to `root`, its working directory).

    A small launcher process forks the tool and reads its resource usage: a child spawned
    straight from this (much larger) process would report this process's RSS as its own peak.
    """
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER]
    done = subprocess.run(
        [*launcher, *tool.argv, *files], cwd=root, capture_output=True, text=True, check=True
    )
    wall, cpu, peak_kib, exit_code = json.loads(done.stdout)
    if exit_code not in LINT_EXIT_CODES:
        raise ToolError(f"{tool.name} exited with {exit_code} in {root}")
    return CliRun(wall_s=wall, cpu_s=cpu, peak_rss_mib=peak_kib / 1024, exit_code=exit_code)
