"""The store keeps exactly the mapped triples, and replacing a graph is exact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.loading import load_document
from budgetkg.mapping import canonical_decimal, map_disclosure
from budgetkg.store import GraphStore
from budgetkg.terms import quads

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


def test_replacing_with_other_triples_leaves_only_them(tmp_path: Path) -> None:
    mapped = map_disclosure(parsed(SAMPLE_2019))
    kept = frozenset(list(sorted(mapped.triples))[:10])
    with GraphStore(tmp_path / "s") as db:
        db.replace_graph(mapped.name, mapped.triples)
        assert db.replace_graph(mapped.name, kept) == 10
        assert db.count(str(mapped.name)) == 10
        assert db.graphs() == [str(mapped.name)]
