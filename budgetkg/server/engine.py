"""The parent side of the query pool: a few worker processes, killed on timeout.

Each query takes an idle worker, waits for its answer at most ``timeout``
seconds, and gives the worker back. A worker that overruns is killed and
replaced, so one runaway query holds up nothing but its own client.

Writes (SPARQL Update, Graph Store Protocol) are rare and go to a separate,
read-write worker while no read runs: Oxigraph does not allow a read-only
opener beside a writer, so readers are drained first and restarted after the
write, then see the new data. A write also waits for any worker still being
started to replace a killed one, which would otherwise join the pool after the
write with the store as it was before.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from budgetkg.server import worker
from budgetkg.server.worker import Answer, Failure, Job

# spawn, not fork: the web process has threads and an event loop a child must not inherit.
_CONTEXT = multiprocessing.get_context("spawn")
_START_TIMEOUT = 60.0


class QueryTimeout(Exception):
    """The query ran past the timeout and its worker was stopped."""


class ServerBusy(Exception):
    """Every worker stayed busy for the whole timeout."""


class EngineError(Exception):
    """A worker died or the store could not be opened."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection

    @classmethod
    def start(cls, path: Path, writable: bool = False) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=worker.main, args=(child, str(path), writable), daemon=True)
        process.start()
        child.close()
        if not parent.poll(_START_TIMEOUT):
            process.kill()
            raise EngineError(f"a query worker did not open the store {path} within {_START_TIMEOUT:.0f}s")
        hello = parent.recv()
        if isinstance(hello, Failure):
            process.join()
            raise EngineError(hello.message)
        return cls(process, parent)

    def ask(self, job: Job, timeout: float) -> Answer | Failure:
        self.conn.send(job)
        if not self.conn.poll(timeout):
            self.kill()
            raise QueryTimeout("the query ran past its time and was stopped")
        try:
            return self.conn.recv()  # type: ignore[no-any-return]
        except EOFError:
            self.kill()
            raise EngineError("the query worker died while answering (out of memory?)") from None

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        self.conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()


class QueryEngine:
    """A pool of ``size`` read-only workers over the store at ``path``."""

    def __init__(self, path: Path, *, size: int = 2, timeout: float = 30.0) -> None:
        self.path = path
        self.size = size
        self.timeout = timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="sparql")
        self._readers = 0
        self._drained = asyncio.Event()
        self._no_writer = asyncio.Event()
        self._write_lock = asyncio.Lock()
        self.timeouts = 0
        self._respawning: set[asyncio.Future[None]] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        started = await asyncio.gather(*(loop.run_in_executor(self._threads, _Worker.start, self.path) for _ in range(self.size)))
        for w in started:
            self._all.add(w)
            self._idle.put_nowait(w)
        self._drained.set()
        self._no_writer.set()

    async def close(self) -> None:
        for w in list(self._all):
            w.stop()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def run(self, job: Job) -> Answer | Failure:
        """Answer a read-only job within the timeout.

        :raises QueryTimeout: the query overran; its worker was replaced.
        :raises ServerBusy: no worker became free within the timeout.
        """
        started = time.monotonic()
        await self._no_writer.wait()
        self._readers += 1
        self._drained.clear()
        try:
            try:
                w = await asyncio.wait_for(self._idle.get(), self.timeout)
            except TimeoutError:
                raise ServerBusy(f"all {self.size} query workers stayed busy for {self.timeout:g} s") from None
            remaining = max(self.timeout - (time.monotonic() - started), 0.001)
            loop = asyncio.get_running_loop()
            try:
                answer = await loop.run_in_executor(self._threads, w.ask, job, remaining)
            except (QueryTimeout, EngineError) as exc:
                self._all.discard(w)
                task = asyncio.ensure_future(self._replace())
                self._respawning.add(task)
                task.add_done_callback(self._respawning.discard)
                if isinstance(exc, QueryTimeout):
                    self.timeouts += 1
                    raise QueryTimeout(
                        f"the query ran longer than the server's timeout of {self.timeout:g} s and was stopped"
                    ) from None
                raise
            self._idle.put_nowait(w)
            return answer
        finally:
            self._readers -= 1
            if self._readers == 0:
                self._drained.set()

    async def _replace(self) -> None:
        loop = asyncio.get_running_loop()
        w = await loop.run_in_executor(self._threads, _Worker.start, self.path)
        self._all.add(w)
        self._idle.put_nowait(w)

    async def write(self, job: Job) -> Answer | Failure:
        """Run an update alone: readers drained, one read-write worker, readers restarted."""
        async with self._write_lock:
            self._no_writer.clear()
            try:
                await self._drained.wait()
                # A worker still being started to replace a killed one opened the store before
                # this write: let it join the pool, so that it is stopped with the others below
                # rather than joining afterwards and answering from the old data.
                if self._respawning:
                    await asyncio.gather(*self._respawning, return_exceptions=True)
                for w in list(self._all):
                    w.stop()
                self._all.clear()
                self._idle = asyncio.Queue()
                loop = asyncio.get_running_loop()
                writer = await loop.run_in_executor(self._threads, _Worker.start, self.path, True)
                try:
                    return await loop.run_in_executor(self._threads, writer.ask, job, self.timeout)
                finally:
                    if writer.process.is_alive():
                        writer.stop()
                    await self.start()
            finally:
                self._no_writer.set()
