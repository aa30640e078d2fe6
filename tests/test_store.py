"""The store keeps exactly the mapped triples, and replacing a graph is exact."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from budgetkg.loading import load_document
from budgetkg.mapping import canonical_decimal, map_disclosure
from budgetkg import store
from budgetkg.store import GraphStore
from budgetkg.terms import nquads, quads, rdflib_graph

from conftest import SAMPLE_2019, SAMPLE_2023, parsed


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("976000.00", "976000"), ("0.00", "0"), ("-0", "0"), ("1234.50", "1234.5"), ("0.005", "0.005"), ("12E+3", "12000")],
)
def test_decimals_are_written_in_canonical_form(value: str, canonical: str) -> None:
    assert canonical_decimal(Decimal(value)) == canonical


@pytest.mark.parametrize("path", [SAMPLE_2019, SAMPLE_2023], ids=lambda p: p.stem)
def test_stored_graph_equals_mapped_triples(tmp_path: Path, path: Path) -> None:
    """Regression: decimals such as 976000.00 were stored as 976000, so a reload rewrote them."""
    mapped = map_disclosure(parsed(path))
    with GraphStore(tmp_path / "s") as db:
        load_document(db, path)
        stored = set(db.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(mapped.name))))
    assert stored == set(quads(mapped.name, mapped.triples))


@pytest.mark.parametrize("path", [SAMPLE_2019, SAMPLE_2023], ids=lambda p: p.stem)
def test_the_n_quads_a_parallel_load_sends_are_the_mapped_quads(path: Path) -> None:
    mapped = map_disclosure(parsed(path))
    sent = set(ox.parse(nquads(mapped.name, mapped.triples), format=ox.RdfFormat.N_QUADS))
    assert sent == set(quads(mapped.name, mapped.triples))


def test_n_quads_escape_what_the_syntax_requires() -> None:
    subject, graph = URIRef("https://w3id.org/budgetkg/id/doc/《办法》（2023）"), URIRef("https://w3id.org/budgetkg/id/g")
    objects = [
        Literal('引号"与\\反斜杠', lang="zh"),
        Literal("第一行\n第二行\r\t制表"),
        Literal("976000.5", datatype=XSD.decimal),
        Literal(True),
        URIRef("https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号"),
    ]
    triples = [(subject, URIRef(f"https://w3id.org/budgetkg/ontology#p{n}"), o) for n, o in enumerate(objects)]
    assert set(ox.parse(nquads(graph, triples), format=ox.RdfFormat.N_QUADS)) == set(quads(graph, triples))


def test_terms_made_afresh_for_each_triple_are_each_converted() -> None:
    """Terms are converted once and found again by identity: a term freed meanwhile must not lend its id to another."""

    def afresh():  # each triple's terms are dropped before the next are made, so CPython reuses their memory
        for n in range(2000):
            yield URIRef(f"https://w3id.org/budgetkg/id/s{n}"), URIRef("https://w3id.org/budgetkg/ontology#p"), Literal(n)

    graph = URIRef("https://w3id.org/budgetkg/id/g")
    expected = {ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.Literal(str(o), datatype=ox.NamedNode(str(XSD.integer))), ox.NamedNode(str(graph))) for s, p, o in afresh()}
    assert set(quads(graph, afresh())) == expected
    assert set(ox.parse(nquads(graph, afresh()), format=ox.RdfFormat.N_QUADS)) == expected


@pytest.mark.parametrize("path", [SAMPLE_2019, SAMPLE_2023], ids=lambda p: p.stem)
def test_store_triples_as_an_rdflib_graph_are_what_rdflib_parses_from_them(path: Path) -> None:
    """Validation hands pySHACL the document's triples converted term by term; rdflib must see the same graph as from N-Triples."""
    mapped = map_disclosure(parsed(path))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads(mapped.name, mapped.triples)]
    parsed_back = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert set(rdflib_graph(triples)) == set(parsed_back)
    assert set(parsed_back) == set(mapped.triples)


def test_replacing_with_other_triples_leaves_only_them(tmp_path: Path) -> None:
    mapped = map_disclosure(parsed(SAMPLE_2019))
    kept = frozenset(list(sorted(mapped.triples))[:10])
    with GraphStore(tmp_path / "s") as db:
        db.replace_graph(mapped.name, mapped.triples)
        assert db.replace_graph(mapped.name, kept) == 10
        assert db.count(str(mapped.name)) == 10
        assert db.graphs() == [str(mapped.name)]


def test_a_reader_sees_a_new_graph_whole_or_not_at_all(tmp_path: Path) -> None:
    """A new graph is written in bulk (not a transaction): one ingestion, so a reader never sees part of it."""
    mapped = map_disclosure(parsed(SAMPLE_2023))
    seen: list[int] = []
    with GraphStore(tmp_path / "s") as db:
        writer = threading.Thread(target=db.replace_graph, args=(mapped.name, mapped.triples))
        writer.start()
        while writer.is_alive():
            seen.append(db.count(str(mapped.name)))
        writer.join()
        seen.append(db.count(str(mapped.name)))
    assert set(seen) <= {0, len(mapped.triples)}
    assert seen[-1] == len(mapped.triples)


def test_a_graph_too_big_for_one_bulk_batch_is_added_by_a_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mapped = map_disclosure(parsed(SAMPLE_2019))
    monkeypatch.setattr(store, "BULK_LIMIT", 10)
    calls: list[str] = []
    with GraphStore(tmp_path / "s") as db:
        real = db.ox
        db.ox = _Recording(real, calls)  # type: ignore[assignment]
        assert db.replace_graph(mapped.name, mapped.triples) == len(mapped.triples)
        db.ox = real
        stored = set(db.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(mapped.name))))
    assert "extend" in calls and "bulk_extend" not in calls
    assert stored == set(quads(mapped.name, mapped.triples))


class _Recording:
    """A pyoxigraph store that notes which of its methods are called."""

    def __init__(self, inner: ox.Store, calls: list[str]) -> None:
        self.inner, self.calls = inner, calls

    def __getattr__(self, name: str) -> object:
        self.calls.append(name)
        return getattr(self.inner, name)


_KILLED_BULK_WRITE = """
import sys
import pyoxigraph as ox
ox.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
"""


def test_the_files_of_a_killed_bulk_write_are_removed_at_the_next_open(tmp_path: Path) -> None:
    """Regression: a bulk write killed while building its files left them in the store folder for good."""
    folder = tmp_path / "s"
    with GraphStore(folder) as db:
        load_document(db, SAMPLE_2019)
        before = set(db.ox)
    data = tmp_path / "big.nq"
    with data.open("w", encoding="utf-8") as out:  # more than one bulk batch, so files are written before the end
        out.writelines(f'<urn:x:s{i}> <urn:x:p> "{i}" <urn:x:g> .\n' for i in range(2_500_000))
    writer = subprocess.Popen([sys.executable, "-c", _KILLED_BULK_WRITE, str(folder), str(data)])
    try:
        deadline = time.monotonic() + 120
        while not list(folder.glob("bulk-*.sst")):
            assert writer.poll() is None, "the bulk write ended before it wrote any file"
            assert time.monotonic() < deadline, "the bulk write wrote no file in 120 s"
            time.sleep(0.05)
    finally:
        writer.kill()
        writer.wait()
    assert list(folder.glob("bulk-*.sst")), "the killed write left nothing to clean up: the test shows nothing"
    with GraphStore(folder, read_only=True) as reader:  # a reader removes nothing: a writer may be at work
        assert set(reader.ox) == before
    assert list(folder.glob("bulk-*.sst"))
    with GraphStore(folder) as db:
        assert set(db.ox) == before
    assert not list(folder.glob("bulk-*.sst"))
