"""Real SPARQL clients against `budgetkg serve` on the samples: SPARQLWrapper, rdflib's SPARQLStore, curl."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

PREFIX = "PREFIX bkg: <https://w3id.org/budgetkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
CITING = PREFIX + """
SELECT ?name ?amount WHERE {
  ?project bkg:justifiedBy <https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号> ;
           rdfs:label ?name ; bkg:budgetAmount ?amount .
} ORDER BY ?name
"""
EXPECTED = [("2023年数字化建设项目", "333498400"), ("2023年数字化运维及综合保障项目", "389283400")]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(server: str, method: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setMethod(method)
    client.setQuery(CITING)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    assert [(r["name"]["value"], r["amount"]["value"]) for r in rows] == EXPECTED


def test_sparqlwrapper_xml_csv_ask_construct(server: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(CITING)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 2  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    assert b"333498400" in client.query().convert()  # type: ignore[operator]
    client.setQuery(PREFIX + "ASK { ?p bkg:budgetAmount 389283400.0 }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True  # type: ignore[index]
    client.setQuery(PREFIX + "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a bkg:Project ; rdfs:label ?n }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 8  # the eight projects of the two samples
    assert (None, None, Literal("数据运营项目", lang="zh")) in graph


def test_sparqlwrapper_sees_syntax_error(server: str) -> None:
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery("SELECT ?x WHERE { ?x }")
    with pytest.raises(QueryBadFormed, match="syntax error"):
        client.query()


def test_rdflib_sparqlstore(server: str) -> None:
    store = SPARQLStore(server + "/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(CITING))
    assert [(str(r.name), str(r.amount)) for r in rows] == EXPECTED  # type: ignore[union-attr]
    policy = URIRef("https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号")
    projects = set(graph.subjects(URIRef("https://w3id.org/budgetkg/ontology#justifiedBy"), policy))
    assert len(projects) == 2
    assert len(store) > 10000  # SPARQLStore counts with COUNT(*) over the union default graph
    store.close()


def test_curl(server: str) -> None:
    curl = shutil.which("curl")
    assert curl, "curl is needed for this test (Debian package curl)"
    out = subprocess.run(
        [curl, "-sS", "-f", "-H", "Accept: text/csv", "--data-urlencode", "query=" + CITING, server + "/sparql"],
        capture_output=True, check=True, text=True,
    ).stdout
    assert out.splitlines() == ["name,amount", *(f"{n},{a}" for n, a in EXPECTED)]
    page = subprocess.run(
        [curl, "-sS", "-f", "-H", "Accept: application/ld+json", server + "/id/policy/%E6%B2%AA%E5%A7%94%E5%8A%9E%E3%80%942021%E3%80%9515%E5%8F%B7"],
        capture_output=True, check=True, text=True,
    ).stdout
    data = json.loads(page)
    assert any("沪委办〔2021〕15号" in json.dumps(node, ensure_ascii=False) for node in data)


def test_resource_pages_negotiate_rdf(server: str) -> None:
    import httpx

    page = server + "/id/policy/%E6%B2%AA%E5%A7%94%E5%8A%9E%E3%80%942021%E3%80%9515%E5%8F%B7"
    policy = URIRef("https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    title = "关于推进市政府各部门信息化职能整合优化工作的实施方案"
    for media, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")):
        response = httpx.get(page, headers={"Accept": media})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        graph = Graph().parse(data=response.content, format=fmt)
        assert (policy, label, Literal(title, lang="zh")) in graph
    jsonld = httpx.get(page, headers={"Accept": "application/ld+json"})
    node = next(n for n in jsonld.json() if n["@id"] == str(policy))
    assert {"@value": title, "@language": "zh"} in node[str(label)]
    html = httpx.get(page, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.headers["content-type"].startswith("text/html") and "722,781,800 元" in html.text
    assert httpx.get(page, headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(server + "/id/policy/none", headers={"Accept": "text/turtle"}).status_code == 404
