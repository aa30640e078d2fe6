"""The query pool for a remote store: requests to its SPARQL service, a few at a time.

The remote service does the work, so no worker processes are needed: each job
takes one of ``size`` connections, in a thread, and waits at most ``timeout``
seconds for the answer (the service is told nothing of the timeout: Virtuoso
would cut the query short and answer with part of the result). Answers are
built exactly as the embedded store's workers build them (`worker.answer`).

Writes are forwarded when the server was started with a token: a SPARQL Update
goes to the service's update endpoint as it is; a Graph Store PUT replaces the
named graph atomically (staging graph, then one update), POST adds to it,
DELETE drops it. The default graph of a remote store is the union of its
graphs, so Graph Store writes must name a graph.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pyoxigraph as ox
from rdflib import URIRef

from budgetkg.remote import RemoteError, RemoteStore, RemoteTimeout, endpoints_from_env
from budgetkg.server.engine import EngineError, QueryTimeout, ServerBusy
from budgetkg.server.worker import Answer, Failure, Job, answer, to_ox
from budgetkg.store import StoreError


class RemoteEngine:
    """Jobs sent to the SPARQL service whose query endpoint is ``url``."""

    def __init__(self, url: str, *, size: int = 2, timeout: float = 30.0) -> None:
        self.url = url
        self.size = size
        self.timeout = timeout
        self.timeouts = 0
        self._threads = ThreadPoolExecutor(max_workers=size + 1, thread_name_prefix="remote-sparql")
        self._idle: asyncio.Queue[RemoteStore] = asyncio.Queue()
        self._all: list[RemoteStore] = []
        self._write_lock = asyncio.Lock()

    def _open(self, writable: bool = False) -> RemoteStore:
        endpoints = replace(endpoints_from_env(self.url), timeout=self.timeout)
        try:
            return RemoteStore(endpoints, read_only=not writable)
        except StoreError as exc:
            raise EngineError(str(exc)) from None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for _ in range(self.size):
            store = await loop.run_in_executor(self._threads, self._open)
            self._all.append(store)
            self._idle.put_nowait(store)

    async def close(self) -> None:
        for store in self._all:
            store.close()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def run(self, job: Job) -> Answer | Failure:
        """Answer a read-only job within the timeout.

        :raises QueryTimeout: the service did not answer in time.
        :raises ServerBusy: no connection became free within the timeout.
        """
        try:
            store = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise ServerBusy(f"all {self.size} connections to the SPARQL service stayed busy for {self.timeout:g} s") from None
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._threads, self._execute, store, job)
        finally:
            self._idle.put_nowait(store)

    async def write(self, job: Job) -> Answer | Failure:
        """Forward an update or a Graph Store write, one at a time."""
        async with self._write_lock:
            loop = asyncio.get_running_loop()
            try:
                store = await loop.run_in_executor(self._threads, self._open, True)
            except EngineError as exc:
                return Failure("error", str(exc))
            try:
                return await loop.run_in_executor(self._threads, self._execute, store, job)
            finally:
                store.close()

    def _execute(self, store: RemoteStore, job: Job) -> Answer | Failure:
        try:
            if job.graph_write is not None:
                return _write_graph(store, job.graph_write)
            if job.form == "update":
                store.update(job.sparql)
                return Answer(changed=True)
            subs = {k: to_ox(v) for k, v in job.substitutions}
            result = store.query_dataset(
                job.sparql, subs, default_graphs=job.default_graphs or (), named_graphs=job.named_graphs or ()  # type: ignore[arg-type]
            )
            return answer(result, job)
        except RemoteTimeout:
            self.timeouts += 1
            raise QueryTimeout(f"the SPARQL service did not answer within the server's timeout of {self.timeout:g} s") from None
        except SyntaxError as exc:
            return Failure("syntax", str(exc))
        except RemoteError as exc:
            return Failure("error", str(exc))
        except (ValueError, TypeError) as exc:
            return Failure("error", f"{type(exc).__name__}: {exc}")


def _write_graph(store: RemoteStore, write: tuple[str, str | None, bytes, str]) -> Answer | Failure:
    action, graph, data, media_type = write
    if graph is None:
        return Failure("refused", "the default graph of a remote store is the union of its graphs: name a graph (?graph=IRI)")
    existed = graph in store.graphs()
    if action == "delete":
        store.remove_graph(graph)
        return Answer(changed=existed)
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        return Failure("error", f"unsupported RDF media type {media_type}")
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(data, fmt)}
    if action == "post":
        triples |= {(t.subject, t.predicate, t.object) for t in store.graph_triples(graph)}
    store.replace_graph(URIRef(graph), triples)  # type: ignore[arg-type]
    return Answer(changed=existed)
