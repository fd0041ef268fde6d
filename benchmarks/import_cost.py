"""What Python spends importing modules before `interview-notes check` starts its work.

`python -X importtime` prints one line per imported module with its self time in microseconds;
the import cost of a command is the sum of those self times over the whole run (the
interpreter's own start-up imports included, nothing subtracted). `-c pass` gives the
interpreter's share for reference.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|", re.MULTILINE)
RUNS = 5


@dataclass(frozen=True)
class ImportCost:
    """Medians (ms) of the summed self times, and every run's sum."""

    check_ms: float
    bare_ms: float
    check_runs: list[float]
    bare_runs: list[float]
    modules: int


def summed_self_ms(arguments: list[str], cwd: Path) -> tuple[float, int]:
    """One run of `python -X importtime ARGUMENTS`: summed self times (ms), modules imported."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"exit code {done.returncode}: {done.stderr.strip()[-500:]}")
    selves = [int(found) for found in IMPORT_LINE.findall(done.stderr)]
    if not selves:
        raise RuntimeError("no -X importtime lines on stderr")
    return sum(selves) / 1000, len(selves)


def measure(script: str, runs: int = RUNS) -> ImportCost:
    """`script check EMPTY.md` and `-c pass`, each once to warm up and then `runs` times.

    `script` is the `interview-notes` console script; running it with this interpreter
    imports exactly what the installed command imports.
    """
    with tempfile.TemporaryDirectory(prefix="bench-import-") as scratch:
        root = Path(scratch)
        (root / "empty.md").write_text("", encoding="utf-8")
        check = [script, "check", "empty.md"]
        summed_self_ms(check, root)
        summed_self_ms(["-c", "pass"], root)
        check_runs, bare_runs, modules = [], [], 0
        for _ in range(runs):
            total, modules = summed_self_ms(check, root)
            check_runs.append(total)
            bare_runs.append(summed_self_ms(["-c", "pass"], root)[0])
    return ImportCost(
        check_ms=statistics.median(check_runs),
        bare_ms=statistics.median(bare_runs),
        check_runs=check_runs,
        bare_runs=bare_runs,
        modules=modules,
    )
