"""Validation time per document (budgetkg) against pySHACL over the union of all documents, in one run.

    .venv/bin/python benchmarks/validation.py STORE_DIR FILES...
"""
import sys, time
from pathlib import Path
import pyoxigraph as ox, pyshacl
from rdflib import Graph
from budgetkg.loading import load_document
from budgetkg.store import GraphStore
from budgetkg.validation import load_shapes, validate, document_graphs
files = [Path(p) for p in sys.argv[2:]]
with GraphStore(Path(sys.argv[1])) as store:
    for f in files: load_document(store, f)
    shapes = load_shapes()
    for run in range(2):
        t = time.perf_counter(); report = validate(store, shapes=shapes); total = time.perf_counter() - t
    for d, s in report.seconds.items(): print(f"budgetkg  {s:6.2f} s  {report.files.get(d, d)}")
    print(f"budgetkg  {total:6.2f} s  all {len(report.documents)} documents, {len(report.findings)} findings")
    union = Graph()
    for name in document_graphs(store).values():
        union.parse(data=store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)), format="nt")
    t = time.perf_counter()
    conforms, results, _ = pyshacl.validate(union, shacl_graph=shapes.graph, inference="none")
    print(f"pyshacl   {time.perf_counter() - t:6.2f} s  union of all documents ({len(union)} triples), {len(list(results.subjects(None, None))) if hasattr(results, 'subjects') else results}")
