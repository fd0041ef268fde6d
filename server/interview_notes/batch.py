"""Many files at once: in this process, or in a pool of processes when there are enough
files to pay for starting one (a worker costs tens of milliseconds; a note a millisecond or
two)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files one process is as fast as a pool (measured: benchmarks/cli.py).
POOL_MIN_FILES = 48
MAX_WORKERS = 8
_shared: Any = None


def shared() -> Any:
    """What :func:`run` was given to share with every call (the loaded workspaces)."""
    return _shared


def share(value: Any) -> None:
    global _shared
    _shared = value


def _context() -> Any:
    """Forked workers inherit what is loaded (templates parsed, settings read) for free;
    where there is no fork, workers start afresh and load it again."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def workers_for(count: int, jobs: int | None) -> int:
    """How many processes check ``count`` files: ``jobs`` when given (1 means this process
    only), otherwise one per core when there are enough files."""
    if jobs is not None and jobs > 0:
        return max(1, min(jobs, count))
    if count < POOL_MIN_FILES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS, count // (POOL_MIN_FILES // 2)))


def run(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int | None = None,
    shared_value: Any = None,
) -> Iterator[Result]:
    """``function`` over ``items``, results in order. ``function`` must be a module-level
    function (workers import it) and reaches ``shared_value`` through :func:`shared`. A pool that
    breaks (a worker killed for memory) leaves the files to this process."""
    workers = workers_for(len(items), jobs)
    share(shared_value)
    if workers > 1:
        # Imported only for a pool: they cost more than checking a few files.
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            with ProcessPoolExecutor(
                workers, initializer=share, initargs=(shared_value,), mp_context=_context()
            ) as pool:
                chunk = max(1, min(16, len(items) // (workers * 4)))
                results = list(pool.map(function, items, chunksize=chunk))
        except (BrokenProcessPool, OSError):
            results = None
        if results is not None:
            yield from results
            return
    for item in items:
        yield function(item)
