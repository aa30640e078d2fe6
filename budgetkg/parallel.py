"""Work shared out to worker processes, the results taken back in order.

Used by the parallel load (parse and map) and the parallel validation: each
keeps at most ``2 * jobs`` items in flight, so that the inputs are read (or
produced) only as the workers take them and memory stays flat.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

R = TypeVar("R")


def in_order(work: Callable[..., R], arguments: Iterable[tuple[object, ...]], jobs: int) -> Iterator[R]:
    """``work(*args)`` for each of ``arguments`` in ``jobs`` processes, yielded in the order given.

    ``arguments`` is consumed lazily, at most ``2 * jobs`` ahead of the results.
    Processes are spawned, not forked: the caller may hold an open store (RocksDB
    threads) that a forked child must not inherit.
    """
    upcoming = iter(arguments)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque[Future[R]] = deque(pool.submit(work, *args) for args in islice(upcoming, 2 * jobs))
        while pending:
            done = pending.popleft()
            pending.extend(pool.submit(work, *args) for args in islice(upcoming, 1))
            yield done.result()
