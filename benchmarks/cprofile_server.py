"""Run interview-notes-lsp over stdio with cProfile on every thread; write the stats on exit.

Usage: python benchmarks/cprofile_server.py OUTPUT.prof

`python -m cProfile` sees only the main thread and writes nothing when the server leaves with
`os._exit` (it does, so as not to wait for its blocked stdin reader). Here each new thread gets
its own profiler, and the merged stats are written just before the process exits.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import threading
from types import FrameType
from typing import Any

profiles: list[cProfile.Profile] = []


def profile_current_thread(frame: FrameType, event: str, arg: Any) -> None:
    sys.setprofile(None)
    profile = cProfile.Profile()
    profiles.append(profile)
    profile.enable()


def write_stats(path: str) -> None:
    stats = pstats.Stats(*profiles)
    stats.dump_stats(path)


def main() -> None:
    output = sys.argv.pop(1)
    real_exit = os._exit

    def exit_after_writing(code: int) -> None:
        write_stats(output)
        real_exit(code)

    os._exit = exit_after_writing  # type: ignore[assignment]
    threading.setprofile(profile_current_thread)
    main_thread = cProfile.Profile()
    profiles.append(main_thread)
    main_thread.enable()

    from interview_notes.lsp import main as server_main

    code = server_main([])
    write_stats(output)
    sys.exit(code)


if __name__ == "__main__":
    main()
