"""Loading under stress: in parallel, killed half-way, and queried while it runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.corpus import write
from budgetkg import iris, loading
from budgetkg.loaders.errors import DocumentError
from budgetkg.loading import Loaded, load_documents
from budgetkg.queries import catalog
from budgetkg.store import GraphStore

DOCUMENTS = 16
BUDGETKG = str(Path(sys.executable).parent / "budgetkg")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sorted(g.path for g in write(tmp_path_factory.mktemp("corpus"), DOCUMENTS, seed=5))


@pytest.fixture(scope="module")
def clean(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[ox.Quad]]:
    """Every graph after a clean, uninterrupted ``budgetkg load``: what every other load must equal."""
    store = tmp_path_factory.mktemp("clean") / "store"
    done = subprocess.run([BUDGETKG, "load", str(corpus[0].parent), "--store", str(store)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    with GraphStore(store) as db:
        return _graphs(db)


# Graphs the load command derives from all documents after loading them (policy resolution, issuers).
DERIVED = {str(iris.issuer_registry_graph()), str(iris.resolution_graph())}


def _documents(graphs: dict[str, set[ox.Quad]]) -> dict[str, set[ox.Quad]]:
    return {name: quads for name, quads in graphs.items() if name not in DERIVED}


def _graphs(db: GraphStore) -> dict[str, set[ox.Quad]]:
    return {name: set(db.ox.quads_for_pattern(None, None, None, ox.NamedNode(name))) for name in db.graphs()}


def test_parallel_load_writes_the_same_graphs_as_one_process(
    corpus: list[Path], clean: dict[str, set[ox.Quad]], tmp_path: Path
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a budget at all", encoding="utf-8")
    files = [*corpus[:5], bad, *corpus[5:]]
    with GraphStore(tmp_path / "store") as db:
        results = list(load_documents(db, files, jobs=2))
        # In the order given, the bad file reported in its place, the others loaded.
        assert [r.path for r in results] == files
        assert isinstance(results[5], DocumentError) and results[5].issues[0].slug == "not-a-disclosure"
        assert _graphs(db) == _documents(clean)


def _load_and_kill(corpus_dir: Path, store: Path, after: int) -> int:
    """Start ``budgetkg load``, SIGKILL it (and its workers) once ``after`` documents are in the store."""
    process = subprocess.Popen(
        [BUDGETKG, "load", str(corpus_dir), "--store", str(store), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    loaded = 0
    deadline = time.monotonic() + 120
    while loaded < after and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            # A read-only view, as a second reader sees the store while the load holds it.
            loaded = sum(1 for _ in ox.Store.read_only(str(store)).named_graphs())
        except (OSError, RuntimeError):
            continue  # the store is still being created
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the load finished before it could be killed"
    return loaded


def test_a_load_killed_half_way_leaves_each_document_whole_or_absent(
    corpus: list[Path], clean: dict[str, set[ox.Quad]], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    for after in (2, 6, 10):  # killed three times, further on each time
        _load_and_kill(corpus[0].parent, store, after)
        with GraphStore(store) as db:
            graphs = _documents(_graphs(db))
        assert graphs, "some documents were loaded before the kill"
        assert set(graphs) <= set(clean), f"graphs that are no document: {set(graphs) - set(clean)}"
        for name, quads in graphs.items():
            assert quads == clean[name], f"{name} is partial after the kill: {len(quads)} of {len(clean[name])} triples"
    done = subprocess.run([BUDGETKG, "load", str(corpus[0].parent), "--store", str(store)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    with GraphStore(store) as db:
        assert _graphs(db) == clean


def test_queries_during_a_load_are_answered(corpus: list[Path], clean: dict[str, set[ox.Quad]], tmp_path: Path) -> None:
    """A thread queries the store while another loads into it (a server loading while it serves)."""
    query = catalog()["projects-citing-policy"]
    numbers = sorted({q.object.value for quads in _documents(clean).values() for q in quads
                      if q.predicate.value.endswith("#docNumber")})
    errors: list[BaseException] = []
    answered: list[int] = []
    with GraphStore(tmp_path / "store") as db:
        def load() -> None:
            try:
                for result in load_documents(db, corpus):
                    assert isinstance(result, Loaded)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        loader = threading.Thread(target=load)
        loader.start()
        k = 0
        while loader.is_alive():
            try:
                rows = list(db.query(query.text, {"docNumber": ox.Literal(numbers[k % len(numbers)])}))
                answered.append(len(rows))
            except BaseException as exc:
                errors.append(exc)
                break
            k += 1
        loader.join()
        assert errors == []
        assert len(answered) > DOCUMENTS, "the queries ran all along the load"
        assert _graphs(db) == _documents(clean)


def test_readers_during_a_parallel_load_see_each_document_whole(
    corpus: list[Path], clean: dict[str, set[ox.Quad]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New documents are written in bulk, several at once: a reader sees each of them all or not at all."""
    monkeypatch.setattr(loading, "BATCH", 20_000)  # a few documents a batch, so that the load takes several
    sizes = {name: len(quads) for name, quads in _documents(clean).items()}
    seen: list[dict[str, int]] = []
    errors: list[BaseException] = []
    with GraphStore(tmp_path / "store") as db:
        def load() -> None:
            try:
                for result in load_documents(db, corpus, jobs=2):
                    assert isinstance(result, Loaded)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        loader = threading.Thread(target=load)
        loader.start()
        while loader.is_alive():
            seen.append({name: db.count(name) for name in db.graphs()})
        loader.join()
        assert errors == []
        seen.append({name: db.count(name) for name in db.graphs()})
    partial = [(name, n, sizes[name]) for view in seen for name, n in view.items() if n != sizes[name]]
    assert partial == [], "a reader saw part of a document"
    assert any(0 < len(view) < DOCUMENTS for view in seen), "the reader saw the load under way"
    assert seen[-1] == sizes


def test_a_parallel_reload_replaces_changed_documents_and_adds_new_ones(
    corpus: list[Path], clean: dict[str, set[ox.Quad]], tmp_path: Path
) -> None:
    documents = _documents(clean)
    changed, unchanged = sorted(documents)[:2]
    with GraphStore(tmp_path / "store") as db:
        db.ox.extend(sorted(documents[changed], key=str)[:10])  # an older version of one document
        db.ox.extend(documents[unchanged])
        results = list(load_documents(db, corpus, jobs=2))
        assert all(isinstance(r, Loaded) for r in results)
        assert {r.graph: r.triples for r in results if isinstance(r, Loaded)} == {n: len(q) for n, q in documents.items()}
        assert _graphs(db) == documents


def test_a_parallel_load_writes_new_documents_in_batches_of_at_most_batch_quads(
    corpus: list[Path], clean: dict[str, set[ox.Quad]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch bound is what keeps the load's memory flat and each write one atomic ingestion."""
    monkeypatch.setattr(loading, "BATCH", 20_000)
    written: list[int] = []
    with GraphStore(tmp_path / "store") as db:
        add = db.add_new_graphs

        def recorded(data: bytes, count: int) -> None:
            written.append(count)
            add(data, count)

        monkeypatch.setattr(db, "add_new_graphs", recorded)
        results = list(load_documents(db, corpus, jobs=2))
        assert all(isinstance(r, Loaded) for r in results)
        assert _graphs(db) == _documents(clean)
    assert len(written) > 1 and max(written) <= 20_000, written
    assert sum(written) == sum(len(q) for q in _documents(clean).values())
