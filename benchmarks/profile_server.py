"""Profile interview-notes-lsp while the benchmark's editor types into the 5,000-line note.

Usage: python benchmarks/profile_server.py [--edits N] [--template] [--py-spy] [--out DIR]

cProfile (on every thread, see cprofile_server.py) writes server.prof and prints the functions
that dominate; with --py-spy the same session runs again with py-spy attached once the server
is initialized, sampling every thread while it holds the GIL.
"""

from __future__ import annotations

import argparse
import collections
import pstats
import re
import subprocess
import sys
import time
from pathlib import Path

from documents import load_template, long_note
from lsp_bench import ServerSpec, Workload, executable, run_session

HERE = Path(__file__).resolve().parent
ATTACH_SECONDS = 1.0
LINE_NUMBER = re.compile(r":\d+\)$")
WAITING = {
    "<method 'get' of '_queue.SimpleQueue' objects>",
    "<method 'poll' of 'select.epoll' objects>",
    "<method 'readline' of '_io.BufferedReader' objects>",
    "<method 'acquire' of '_thread.lock' objects>",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Profile the server on the long note.")
    parser.add_argument("--edits", type=int, default=200, help="keystrokes to type")
    parser.add_argument("--template", action="store_true", help="the template, not the long note")
    parser.add_argument("--py-spy", action="store_true", help="also sample with py-spy")
    parser.add_argument("--top", type=int, default=25, help="functions to print")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where profiles go")
    return parser.parse_args(argv)


def cprofile(output: Path) -> ServerSpec:
    return ServerSpec("cProfile", [sys.executable, str(HERE / "cprofile_server.py"), str(output)])


class PySpy:
    """Attaches py-spy to the server once it is initialized; waits for its samples after."""

    def __init__(self, executable: str, output: Path) -> None:
        self.executable = executable
        self.output = output
        self.recorder: subprocess.Popen[bytes] | None = None

    @classmethod
    def find(cls, output: Path) -> PySpy | None:
        found = executable("py-spy")
        if found is None:
            print("py-spy not installed (pip install py-spy)")
        return cls(found, output) if found else None

    def attach(self, pid: int) -> None:
        record = ["record", "--pid", str(pid), "--format", "raw", "--rate", "500", "--gil"]
        self.recorder = subprocess.Popen(
            [self.executable, *record, "-o", str(self.output)], stdout=subprocess.DEVNULL
        )
        time.sleep(ATTACH_SECONDS)

    def wait(self) -> None:
        if self.recorder is not None:
            self.recorder.wait(timeout=60)


def print_cprofile(path: Path, top: int) -> None:
    """The top functions, leaving out the blocking calls in which the server waits for work."""
    for order in ("tottime", "cumulative"):
        print(f"\n### cProfile, top {top} by {order} (waiting left out)\n")
        stats = pstats.Stats(str(path))
        for key in [key for key in stats.stats if key[2] in WAITING]:  # type: ignore[attr-defined]
            del stats.stats[key]  # type: ignore[attr-defined]
        stats.strip_dirs().sort_stats(order).print_stats(top)


def print_py_spy(path: Path, top: int) -> None:
    """Own and total share of the samples that held the GIL, per function (lines merged)."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack.strip():
            continue
        count = int(count_text)
        frames = [LINE_NUMBER.sub(")", frame) for frame in stack.split(";")]
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    for title, counter in (("own", own), ("total", total)):
        print(f"\n### py-spy, top {top} by {title} samples ({samples} samples)\n")
        for frame, count in counter.most_common(top):
            print(f"{100 * count / samples:5.1f}%  {frame}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    template = load_template()
    document = template if args.template else long_note(template)
    workload = Workload(edits=args.edits, bursts=10, burst_size=10)
    prof = args.out / "server.prof"
    session = run_session(cprofile(prof), document, workload, seed=0)
    print(f"{document.name}: {session.findings_on_open} findings on open")
    print_cprofile(prof, args.top)
    spy = PySpy.find(args.out / "server.py-spy.txt") if args.py_spy else None
    if spy is not None:
        plain = ServerSpec("server", [executable("interview-notes-lsp") or "interview-notes-lsp"])
        run_session(plain, document, workload, seed=0, on_ready=spy.attach)
        spy.wait()
        print_py_spy(spy.output, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
