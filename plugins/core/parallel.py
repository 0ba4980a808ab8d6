"""Work on many files at once, on every core, with results in the order given.

The output checks read every file of a finished site (3,000 and more for a year of
stories). Each file is independent of the others, so ``map_chunks`` cuts the list into
chunks and hands them to worker processes; a short list (a small site, a warm build
where the caches answered for most files) stays in this process, where starting the
workers would cost more than it saves, and so does all work in a process that serves
pages from a thread (``stay_in_process``).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

#: Below this many items the work stays in this process.
MIN_ITEMS = 200
#: Chunks per worker: enough to even out pages of different lengths.
CHUNKS_PER_WORKER = 4


def workers() -> int:
    return os.cpu_count() or 1


_STAY_IN_PROCESS = False


def stay_in_process() -> None:
    """From now on, this process forks no workers. ``voces ver`` calls it before it
    serves pages from a thread while it rebuilds: a fork while that thread holds a lock
    can leave a worker waiting for ever."""
    global _STAY_IN_PROCESS
    _STAY_IN_PROCESS = True


def safe_to_fork() -> bool:
    return not _STAY_IN_PROCESS


def process_pool(max_workers: int) -> ProcessPoolExecutor:
    """A pool of worker processes: forked (they start at once and see the modules already
    imported), or started fresh (``forkserver``) in a process that serves pages from a
    thread (``stay_in_process``), where a fork could inherit a held lock."""
    method = "fork" if safe_to_fork() else "forkserver"
    return ProcessPoolExecutor(
        max_workers=max_workers, mp_context=multiprocessing.get_context(method)
    )


def map_chunks(function, items: list, *args, min_items: int = MIN_ITEMS) -> list:
    """``function(chunk, *args)`` over chunks of ``items``; the returned lists joined, in
    the order of ``items``.

    ``function`` and ``args`` must be picklable (a module-level function, plain data).
    Worker processes are forked: they start in a few milliseconds and see the modules
    already imported. An error in a worker is raised here, as if the work had run here.
    """
    count = workers()
    if count < 2 or len(items) < min_items or not safe_to_fork():
        return list(function(items, *args))
    size = -(-len(items) // (count * CHUNKS_PER_WORKER))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    with process_pool(count) as pool:
        results = pool.map(function, chunks, *([arg] * len(chunks) for arg in args))
        return [result for chunk in results for result in chunk]
