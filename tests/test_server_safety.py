"""Timeouts, writes behind a token, LOAD, result limits and CORS, each on a server started for it."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from budgetkg.server.engine import QueryEngine, QueryTimeout, _Worker
from budgetkg.server.running import running_server
from budgetkg.server.worker import Answer, Job

RESULTS_JSON = {"Accept": "application/sparql-results+json"}
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "PREFIX bkg: <https://w3id.org/budgetkg/ontology#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a bkg:Project }"
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def guarded(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on its own copy of the store: 2 s timeout, writes with a token, CORS for one origin."""
    copy = tmp_path_factory.mktemp("guarded") / "store"
    shutil.copytree(sample_store, copy)
    args = ["--timeout", "2", "--workers", "2", "--token", TOKEN, "--cors", "https://analyst.example", "--max-result-bytes", "200000"]
    with running_server(copy, *args) as base:
        yield base


def test_forever_query_stopped_while_others_are_served(guarded: str) -> None:
    outcome: dict[str, object] = {}

    def forever() -> None:
        started = time.monotonic()
        response = httpx.get(guarded + "/sparql", params={"query": FOREVER}, headers=RESULTS_JSON, timeout=60)
        outcome["status"], outcome["text"], outcome["elapsed"] = response.status_code, response.text, time.monotonic() - started

    thread = threading.Thread(target=forever)
    thread.start()
    time.sleep(0.3)  # the runaway query now holds one worker
    served = 0
    while thread.is_alive():
        started = time.monotonic()
        response = httpx.get(guarded + "/sparql", params={"query": SIMPLE}, headers=RESULTS_JSON, timeout=30)
        assert response.status_code == 200
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "8"
        assert time.monotonic() - started < 1.5, "a simple query waited behind the runaway one"
        served += 1
    thread.join()
    assert served >= 5, f"only {served} queries were served while the runaway query ran"
    assert outcome["status"] == 504
    assert "timeout of 2 s" in str(outcome["text"])
    assert 1.9 < float(outcome["elapsed"]) < 10  # type: ignore[arg-type]
    health = httpx.get(guarded + "/health").json()
    assert health["timeouts"] >= 1
    after = httpx.get(guarded + "/sparql", params={"query": SIMPLE}, headers=RESULTS_JSON)
    assert after.status_code == 200  # the killed worker was replaced


def test_result_over_limit_is_refused_not_truncated(guarded: str) -> None:
    response = httpx.get(guarded + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=RESULTS_JSON, timeout=30)
    assert response.status_code == 507
    assert "200000 bytes" in response.text


def test_update_needs_the_token(guarded: str) -> None:
    update = 'INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "注记"@zh } }'
    headers = {"Content-Type": "application/sparql-update"}
    denied = httpx.post(guarded + "/sparql", content=update.encode(), headers=headers)
    assert denied.status_code == 401 and denied.headers["www-authenticate"].startswith("Bearer")
    wrong = httpx.post(guarded + "/sparql", content=update.encode(), headers={**headers, "Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    done = httpx.post(guarded + "/sparql", content=update.encode(), headers={**headers, "Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert done.status_code == 204, done.text
    ask = httpx.get(guarded + "/sparql", params={"query": 'ASK { ?s ?p "注记"@zh }'}, headers=RESULTS_JSON)
    assert ask.json()["boolean"] is True
    description = httpx.get(guarded + "/sparql", headers={"Accept": "text/turtle"}).text
    assert "SPARQL11Update" in description


def test_load_refused_even_with_the_token(guarded: str) -> None:
    response = httpx.post(
        guarded + "/sparql",
        content=b"LOAD <http://127.0.0.1:9/secret> INTO GRAPH <https://example.org/x>",
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 403 and "--allow-load" in response.text


def test_graph_store_writes(guarded: str) -> None:
    graph = {"graph": "https://example.org/gsp"}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    turtle = '<https://example.org/s> <https://example.org/p> "甲" .'
    assert httpx.put(guarded + "/graph-store", params=graph, content=turtle.encode(), headers={"Content-Type": "text/turtle"}).status_code == 401
    created = httpx.put(guarded + "/graph-store", params=graph, content=turtle.encode(), headers={**auth, "Content-Type": "text/turtle"}, timeout=60)
    assert created.status_code == 201
    got = httpx.get(guarded + "/graph-store", params=graph, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and '"甲"' in got.text
    bad = httpx.post(guarded + "/graph-store", params=graph, content=b"x", headers={**auth, "Content-Type": "image/png"})
    assert bad.status_code == 415
    assert httpx.delete(guarded + "/graph-store", params=graph, headers=auth, timeout=60).status_code == 204
    assert httpx.get(guarded + "/graph-store", params=graph).status_code == 404


def test_cors(guarded: str, server: str) -> None:
    preflight = httpx.options(
        guarded + "/sparql",
        headers={"Origin": "https://analyst.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Content-Type"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://analyst.example"
    simple = httpx.get(guarded + "/sparql", params={"query": SIMPLE}, headers={**RESULTS_JSON, "Origin": "https://analyst.example"})
    assert simple.headers["access-control-allow-origin"] == "https://analyst.example"
    other = httpx.get(guarded + "/sparql", params={"query": SIMPLE}, headers={**RESULTS_JSON, "Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
    closed = httpx.get(server + "/sparql", params={"query": SIMPLE}, headers={**RESULTS_JSON, "Origin": "https://analyst.example"})
    assert "access-control-allow-origin" not in closed.headers  # off unless configured


def test_a_worker_replaced_during_a_write_sees_the_write(
    sample_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed on timeout is replaced in the background. A write that starts while the
    replacement is still starting must not leave that worker, which opened the store before the
    write, in the pool: it would answer from the old data (seen under load: an ASK after an
    INSERT answered false)."""
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    real_start = _Worker.start
    replacing = threading.Event()

    def start(path: Path, writable: bool = False) -> _Worker:
        if writable or not replacing.is_set():
            return real_start(path, writable)
        replacing.clear()
        worker = real_start(path, writable)  # opened now, before the write …
        time.sleep(1.5)  # … and handed over only after it, as a slow start under load does
        return worker

    monkeypatch.setattr(_Worker, "start", start)
    note = 'INSERT DATA { GRAPH <https://example.org/notes> { <https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "注记"@zh } }'

    async def scenario() -> tuple[bool | None, int]:
        engine = QueryEngine(copy, size=1, timeout=1)
        await engine.start()
        try:
            replacing.set()
            with pytest.raises(QueryTimeout):
                await engine.run(Job(FOREVER, "select"))
            await asyncio.sleep(0.2)  # the replacement is starting
            written = await engine.write(Job(note, "update"))
            assert isinstance(written, Answer) and written.changed
            answers = [await engine.run(Job('ASK { ?s ?p "注记"@zh }', "ask")) for _ in range(4)]
            await asyncio.sleep(2)  # whatever was still starting has finished by now
            answers += [await engine.run(Job('ASK { ?s ?p "注记"@zh }', "ask")) for _ in range(4)]
            assert all(isinstance(a, Answer) for a in answers)
            return all(a.boolean for a in answers if isinstance(a, Answer)), len(engine._all)
        finally:
            await engine.close()

    # In a thread of its own: the browser tests may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        seen, workers = thread.submit(asyncio.run, scenario()).result()
    assert seen is True
    assert workers == 1
