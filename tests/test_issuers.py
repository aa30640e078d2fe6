"""The issuer registry (ontology/issuers.ttl): well formed, agrees with the IRIs, never guesses."""

from __future__ import annotations

import doctest

import pytest
from rdflib.namespace import SKOS

from budgetkg import iris, issuers
from budgetkg.vocab import BKG

# The 机关代字 of domain.md §4 and of the documents, with organ, level and kind.
EXPECTED = {
    "国发": ("国务院", "central", "government"),
    "国务院令": ("国务院", "central", "government"),
    "国办发": ("国务院办公厅", "central", "government"),
    "国办函": ("国务院办公厅", "central", "government"),
    "国办秘函": ("国务院办公厅秘书局", "central", "government"),
    "国办电政函": ("国务院办公厅电子政务办公室", "central", "government"),
    "财预": ("财政部预算司", "central", "department"),
    "沪委发": ("中共上海市委", "municipal", "party"),
    "沪委办": ("中共上海市委办公厅", "municipal", "party"),
    "沪委办发": ("中共上海市委办公厅", "municipal", "party"),
    "沪府发": ("上海市人民政府", "municipal", "government"),
    "沪府规": ("上海市人民政府", "municipal", "government"),
    "沪府令": ("上海市人民政府", "municipal", "government"),
    "沪府办": ("上海市人民政府办公厅", "municipal", "government"),
    "沪府办发": ("上海市人民政府办公厅", "municipal", "government"),
    "沪府办规": ("上海市人民政府办公厅", "municipal", "government"),
    "普发改投": ("上海市普陀区发展和改革委员会", "district", "department"),
    "普建委": ("上海市普陀区建设和管理委员会", "district", "department"),
    "普财建函": ("上海市普陀区财政局", "district", "department"),
}


def test_registry_lists_the_known_codes() -> None:
    found = {code: (i.organ, i.level, i.kind) for code, i in issuers.registry().items()}
    assert found == EXPECTED


@pytest.mark.parametrize("code", ["沪审改办发", "沪肺炎防控办", "沪经信推", "财政部令", ""])
def test_codes_not_in_the_registry_stay_unknown(code: str) -> None:
    assert issuers.lookup(code) is None


def test_registry_iris_are_the_ones_iris_mints() -> None:
    graph = issuers.registry_graph()
    for code in graph.subjects(predicate=None, object=BKG.IssuerCode):
        assert code == iris.issuer_code(str(graph.value(code, SKOS.notation)))
    for organ in set(graph.objects(None, BKG.organLevel)):
        assert organ in {iris.organ_level(k) for k in issuers.LEVELS}
    for kind in set(graph.objects(None, BKG.organKind)):
        assert kind in {iris.organ_kind(k) for k in issuers.KINDS}
    assert (iris.organization("国务院办公厅"), SKOS.prefLabel, None) in graph


def test_a_code_without_an_organ_is_an_error(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "issuers.ttl"
    bad.write_text(
        "@prefix bkg: <https://w3id.org/budgetkg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"<{iris.issuer_code('沪X')}> a bkg:IssuerCode ; skos:notation \"沪X\" .\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(issuers, "registry_path", lambda: bad)
    issuers.registry_graph.cache_clear()
    issuers.registry.cache_clear()
    try:
        with pytest.raises(issuers.RegistryError, match="沪X: needs exactly one bkg:issuingOrgan"):
            issuers.registry()
    finally:
        issuers.registry_graph.cache_clear()
        issuers.registry.cache_clear()


def test_docstring_examples() -> None:
    result = doctest.testmod(issuers)
    assert result.attempted > 0 and result.failed == 0
