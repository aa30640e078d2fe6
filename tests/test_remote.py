"""The remote store on a real Virtuoso: the same rows as the embedded store, atomic replaces, clear errors.

The end-to-end path is in test_end_to_end.py (both backends); these are what only a
remote store can get wrong.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from budgetkg import remote
from budgetkg.backend import open_store
from budgetkg.cli import app
from budgetkg.loading import load_document
from budgetkg.mapping import map_disclosure
from budgetkg.policies import refresh
from budgetkg.queries import catalog
from budgetkg.remote import Endpoints, RemoteError, RemoteStore, endpoints_from_env
from budgetkg.rows import Iri, Row, select
from budgetkg.store import GraphStore, StoreError
from budgetkg.terms import quads

from conftest import SAMPLE_2019, parsed
from stores import SAMPLES, loaded

runner = CliRunner()
POLICY = "https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号"
PROJECT = "https://w3id.org/budgetkg/id/doc/上海市大数据中心/2023/部门预算/project/2"


@pytest.fixture
def server(virtuoso, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for name, value in virtuoso.env.items():
        monkeypatch.setenv(name, value)
    return virtuoso


@pytest.fixture
def empty(server) -> Iterator[RemoteStore]:  # type: ignore[no-untyped-def]
    with RemoteStore(endpoints_from_env(server.query)) as store:
        for graph in store.graphs():
            store.remove_graph(graph)
        yield store


@pytest.fixture
def both(empty: RemoteStore, tmp_path: Path) -> Iterator[tuple[GraphStore, RemoteStore]]:
    """The two samples, resolved, in an embedded store and in Virtuoso."""
    for path in SAMPLES:
        load_document(empty, path)
    refresh(empty)
    with loaded(tmp_path / "store", SAMPLES) as embedded:
        yield embedded, empty


def _multiset(rows: list[Row]) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted((k, repr(v)) for k, v in row.items())) for row in rows)


def test_every_named_query_gives_the_same_rows(both: tuple[GraphStore, RemoteStore]) -> None:
    embedded, virtuoso = both
    bindings = {"policy": Iri(POLICY), "project": Iri(PROJECT), "docNumber": "沪委办〔2021〕15号"}
    for name, query in sorted(catalog().items()):
        expected = select(embedded, name)
        assert expected, name
        assert _multiset(select(virtuoso, name)) == _multiset(expected), name
        if query.parameters:
            given = {p: bindings[p] for p in query.parameters}
            one = select(embedded, name, **given)
            assert one, name
            assert _multiset(select(virtuoso, name, **given)) == _multiset(one), name


def test_graphs_read_back_exactly(empty: RemoteStore) -> None:
    """Decimals, dates, booleans and language tags: the graph says what the document says."""
    mapped = map_disclosure(parsed(SAMPLE_2019))
    load_document(empty, SAMPLE_2019)
    name = ox.NamedNode(str(mapped.name))
    assert {ox.Quad(t.subject, t.predicate, t.object, name) for t in empty.graph_triples(str(mapped.name))} == set(quads(mapped.name, mapped.triples))
    assert empty.graphs() == [str(mapped.name)]  # Virtuoso's own graphs are not ours


def test_a_failed_load_leaves_the_old_graph_and_no_staging(empty: RemoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    mapped = map_disclosure(parsed(SAMPLE_2019))
    kept = sorted(mapped.triples)[:10]
    empty.replace_graph(mapped.name, kept)
    monkeypatch.setattr(remote, "CHUNK_TRIPLES", 1000)
    sent = []
    send = RemoteStore._send

    def failing(self: RemoteStore, method: str, url: str, **kwargs: object) -> object:
        sent.append(url)
        if len(sent) == 3:
            raise RemoteError("the connection dropped")
        return send(self, method, url, **kwargs)

    monkeypatch.setattr(RemoteStore, "_send", failing)
    with pytest.raises(RemoteError, match="dropped"):
        empty.replace_graph(mapped.name, mapped.triples)
    monkeypatch.setattr(RemoteStore, "_send", send)
    assert empty.count(str(mapped.name)) == 10
    assert not [g for g in empty._all_graphs() if g.startswith(remote._STAGING)]
    # and the replace, done again, puts in the whole document in chunks
    assert empty.replace_graph(mapped.name, mapped.triples) == len(set(mapped.triples))
    assert empty.count(str(mapped.name)) == len(set(mapped.triples))


def test_an_unchanged_document_writes_nothing(empty: RemoteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(empty, SAMPLE_2019)
    writes: list[object] = []
    monkeypatch.setattr(RemoteStore, "update", lambda self, sparql: writes.append(sparql))
    monkeypatch.setattr(RemoteStore, "_send_triples", lambda self, graph, triples: writes.append(graph))
    load_document(empty, SAMPLE_2019)
    assert writes == []


def test_old_staging_graphs_are_removed_on_open_and_young_ones_kept(empty: RemoteStore) -> None:
    old = f"{remote._STAGING}{int(time.time()) - 2 * int(remote.STAGING_MAX_AGE)}:left-over"
    young = f"{remote._STAGING}{int(time.time())}:running"
    for graph in (old, young):
        empty.update(f"INSERT DATA {{ GRAPH {ox.NamedNode(graph)} {{ <urn:s> <urn:p> <urn:o> }} }}")
    with RemoteStore(empty.endpoints) as reopened:
        left = [g for g in reopened._all_graphs() if g.startswith(remote._STAGING)]
        assert left == [young]
        reopened.update(f"DROP SILENT GRAPH {ox.NamedNode(young)}")


def test_a_syntax_error_is_a_syntax_error(empty: RemoteStore) -> None:
    with pytest.raises(SyntaxError, match="HTTP 400"):
        empty.query("SELECT WHERE {")
    result = runner.invoke(app, ["query", "-", "--store", empty.location], input="SELECT ?x WHERE { ?x }")
    assert result.exit_code == 2 and "query error" in result.output


def test_no_service_is_a_store_error(server) -> None:  # type: ignore[no-untyped-def]
    from budgetkg.server.running import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(StoreError, match="no SPARQL service at"):
        open_store(url)
    result = runner.invoke(app, ["info", "--store", url])
    assert result.exit_code == 2 and "no SPARQL service at" in result.output


def test_wrong_password_is_refused_and_not_shown(server, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BUDGETKG_STORE_PASSWORD", "not-the-password")
    endpoints = endpoints_from_env(server.query)
    assert "not-the-password" not in repr(endpoints)
    with RemoteStore(endpoints) as store, pytest.raises(RemoteError, match="HTTP 401") as caught:
        store.remove_graph("https://w3id.org/budgetkg/id/nothing")
    assert "not-the-password" not in str(caught.value)


def test_without_a_graph_store_endpoint_triples_go_by_update_and_are_checked(server) -> None:  # type: ignore[no-untyped-def]
    """Virtuoso's INSERT DATA turns 976000^^xsd:decimal into an integer: the load refuses rather than change a figure."""
    endpoints = endpoints_from_env(server.query)
    plain = Endpoints(endpoints.query, endpoints.update, None, endpoints.user, endpoints.password)
    mapped = map_disclosure(parsed(SAMPLE_2019))
    text = ox.NamedNode("https://w3id.org/budgetkg/id/test/text")
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    labels = sorted(
        ((t.subject, t.predicate, t.object) for t in quads(mapped.name, mapped.triples) if not (isinstance(t.object, ox.Literal) and t.object.datatype == decimal)),
        key=str,
    )
    with RemoteStore(plain) as store:
        for graph in store.graphs():
            store.remove_graph(graph)
        assert store.replace_graph(URIRef(text.value), labels[:2500]) == 2500  # three requests
        assert set(store.graph_triples(text.value)) == {ox.Triple(*t) for t in labels[:2500]}
        with pytest.raises(RemoteError, match="BUDGETKG_STORE_GRAPH_STORE"):
            store.replace_graph(mapped.name, mapped.triples)
        assert store.graphs() == [text.value]
        assert not [g for g in store._all_graphs() if g.startswith(remote._STAGING)]


def test_a_cut_answer_is_an_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Virtuoso cuts answers at ResultSetMaxRows: SELECTs say so in a header, graphs do not."""
    from virtuoso import running_virtuoso

    with running_virtuoso(tmp_path_factory.mktemp("small"), max_rows=1000) as small:
        endpoints = Endpoints(small.query, small.env["BUDGETKG_STORE_UPDATE"], small.env["BUDGETKG_STORE_GRAPH_STORE"], "dba", "dba")
        mapped = map_disclosure(parsed(SAMPLE_2019))
        with RemoteStore(endpoints) as store:
            store.replace_graph(mapped.name, mapped.triples)
            assert store.count(str(mapped.name)) == len(set(mapped.triples))
            with pytest.raises(RemoteError, match="ResultSetMaxRows"):
                store.graph_triples(str(mapped.name))
            with pytest.raises(RemoteError, match="ResultSetMaxRows"):
                list(store.query("SELECT * WHERE { ?s ?p ?o }"))


def test_the_server_forwards_writes_to_the_service(empty: RemoteStore) -> None:
    """`budgetkg serve --token` over a remote store: updates and Graph Store writes go to the service."""
    import httpx

    from budgetkg.server.running import running_server

    graph = "https://w3id.org/budgetkg/id/test/served"
    auth = {"Authorization": "Bearer secret"}
    with running_server(empty.location, "--token", "secret") as base:  # type: ignore[arg-type]
        put = httpx.put(f"{base}/graph-store", params={"graph": graph}, content=b"<urn:s> <urn:p> 1.50 .", headers={**auth, "Content-Type": "text/turtle"}, timeout=60)
        assert put.status_code == 201, put.text
        assert empty.graph_triples(graph) == [ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))]
        got = httpx.get(f"{base}/graph-store", params={"graph": graph}, headers={"Accept": "application/n-triples"}, timeout=60)
        assert got.status_code == 200 and "<urn:s> <urn:p>" in got.text
        update = f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:s> <urn:q> \"文\"@zh }} }}"
        posted = httpx.post(f"{base}/sparql", data={"update": update}, headers=auth, timeout=60)
        assert posted.status_code == 204, posted.text
        assert empty.count(graph) == 2
        refused = httpx.post(f"{base}/sparql", data={"update": update}, timeout=60)
        assert refused.status_code == 401
        default = httpx.put(f"{base}/graph-store", params={"default": ""}, content=b"<urn:s> <urn:p> 1 .", headers={**auth, "Content-Type": "text/turtle"}, timeout=60)
        assert default.status_code == 400 and "name a graph" in default.text
        deleted = httpx.delete(f"{base}/graph-store", params={"graph": graph}, headers=auth, timeout=60)
        assert deleted.status_code == 204
        assert empty.count(graph) == 0


# Page queries whose answers differ on Virtuoso 7.2, each with the reason; every other
# page query must give the same rows.
PAGE_DIFFERENCES = {
    "default-graph-content": "Virtuoso's default graph holds its own system graphs too",
    "neighbourhood": "Virtuoso leaves ?own unbound in some rows of OPTIONAL { ?node rdf:type ?own FILTER(...) }: extra rows",
    "top-policies": "SAMPLE(?anyLabel) picks another of a policy's titles",
}


def test_page_queries_give_the_same_rows(both: tuple[GraphStore, RemoteStore]) -> None:
    from budgetkg.server.pagequeries import page_query

    embedded, virtuoso = both
    document = "https://w3id.org/budgetkg/id/doc/上海市大数据中心/2023/部门预算"
    things = [document, PROJECT, POLICY, "https://w3id.org/budgetkg/id/code/econ/30101", document + "/table/income/row/3"]
    values = {"this": things, "g": [document + "/graph"], "needle": ["数据"], "docNumber": ["沪委办〔2021〕15号"]}
    folder = Path(__file__).resolve().parents[1] / "budgetkg" / "server" / "queries"
    checked = set()
    for path in sorted(folder.glob("*.rq")):
        query = page_query(path.stem)
        if path.stem in PAGE_DIFFERENCES:
            continue
        params = list(query.parameters)
        cases: list[dict[str, ox.NamedNode | ox.Literal]] = [{}]
        for param in params[:1]:
            make = ox.NamedNode if param in ("this", "g") else ox.Literal
            cases = [{param: make(v)} for v in values[param]]
        for subs in cases:
            expected, got = embedded.query(query.text, subs), virtuoso.query(query.text, subs)
            if isinstance(expected, ox.QueryBoolean):
                assert bool(got) == bool(expected), (path.stem, subs)
            elif isinstance(expected, ox.QuerySolutions):
                names = [v.value for v in expected.variables]
                rows = sorted(tuple(str(s[n]) for n in names) for s in expected)
                assert sorted(tuple(str(s[n]) for n in names) for s in got) == rows, (path.stem, subs)
            else:
                assert set(got) == set(expected), (path.stem, subs)
        checked.add(path.stem)
    assert {"disclosure-cells", "project-summary", "resource-outgoing", "graph-content"} <= checked
