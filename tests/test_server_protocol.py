"""The SPARQL 1.1 Protocol at /sparql, as the W3C protocol test cases (query part) exercise it.

Each case is data: the W3C test's name, the request, and what the answer must
be. The dataset is the two sample documents: one named graph each, the default
graph their union.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

import httpx
import pytest

from budgetkg import iris

G2019 = str(iris.graph("上海市大数据中心", 2019, "部门预算"))
G2023 = str(iris.graph("上海市大数据中心", 2023, "部门预算"))
BKG = "PREFIX bkg: <https://w3id.org/budgetkg/ontology#>\n"
YEARS = BKG + "SELECT DISTINCT ?year WHERE { ?d a bkg:Disclosure ; bkg:fiscalYear ?year } ORDER BY ?year"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
FULL = BKG + "SELECT DISTINCT ?year ?g WHERE { ?d a bkg:Disclosure ; bkg:fiscalYear ?year . GRAPH ?g { ?x a bkg:Disclosure } }"
FROM_2023 = BKG + f"SELECT DISTINCT ?year FROM <{G2023}> WHERE {{ ?d a bkg:Disclosure ; bkg:fiscalYear ?year }}"
ASK = BKG + "ASK { ?d a bkg:Disclosure }"
CONSTRUCT = BKG + "CONSTRUCT { ?d a bkg:Disclosure } WHERE { ?d a bkg:Disclosure }"
DESCRIBE = BKG + "DESCRIBE ?d WHERE { ?d a bkg:Disclosure ; bkg:fiscalYear \"2019\"^^<http://www.w3.org/2001/XMLSchema#gYear> }"
FORM = "application/x-www-form-urlencoded"
RESULTS_JSON = "application/sparql-results+json"


def column(name: str) -> Callable[[bytes], list[str]]:
    def values(body: bytes) -> list[str]:
        return [b[name]["value"] for b in json.loads(body)["results"]["bindings"]]

    return values


@dataclass(frozen=True)
class Case:
    name: str  # the W3C protocol test it follows
    method: str
    params: list[tuple[str, str]] = field(default_factory=list)  # query string
    body: bytes | None = None
    content_type: str | None = None
    accept: str | None = None
    status: int = 200
    media_type: str | None = None
    extract: Callable[[bytes], object] | None = None
    expected: object = None


def form(*pairs: tuple[str, str]) -> bytes:
    return urlencode(pairs).encode()


CASES = [
    Case("query_get", "GET", [("query", YEARS)], accept=RESULTS_JSON, media_type=RESULTS_JSON, extract=column("year"), expected=["2019", "2023"]),
    Case("query_post_form", "POST", body=form(("query", YEARS)), content_type=FORM, accept=RESULTS_JSON, media_type=RESULTS_JSON, extract=column("year"), expected=["2019", "2023"]),
    Case("query_post_direct", "POST", body=YEARS.encode(), content_type="application/sparql-query", accept=RESULTS_JSON, media_type=RESULTS_JSON, extract=column("year"), expected=["2019", "2023"]),
    Case("query_dataset_default_graph", "GET", [("query", YEARS), ("default-graph-uri", G2019)], accept=RESULTS_JSON, extract=column("year"), expected=["2019"]),
    Case("query_dataset_default_graphs_get", "GET", [("query", YEARS), ("default-graph-uri", G2019), ("default-graph-uri", G2023)], accept=RESULTS_JSON, extract=column("year"), expected=["2019", "2023"]),
    Case("query_dataset_default_graphs_post", "POST", [("default-graph-uri", G2023)], body=YEARS.encode(), content_type="application/sparql-query", accept=RESULTS_JSON, extract=column("year"), expected=["2023"]),
    Case("query_dataset_named_graphs_post", "POST", body=form(("query", GRAPHS), ("named-graph-uri", G2019), ("named-graph-uri", G2023)), content_type=FORM, accept=RESULTS_JSON, extract=column("g"), expected=[G2019, G2023]),
    Case("query_dataset_named_graphs_get", "GET", [("query", GRAPHS), ("named-graph-uri", G2023)], accept=RESULTS_JSON, extract=column("g"), expected=[G2023]),
    Case("query_dataset_full", "GET", [("query", FULL), ("default-graph-uri", G2019), ("named-graph-uri", G2023)], accept=RESULTS_JSON, extract=lambda b: [(r["year"]["value"], r["g"]["value"]) for r in json.loads(b)["results"]["bindings"]], expected=[("2019", G2023)]),
    Case("query_multiple_dataset", "GET", [("query", FROM_2023), ("default-graph-uri", G2019)], accept=RESULTS_JSON, extract=column("year"), expected=["2019"]),
    Case("query_content_type_select", "GET", [("query", YEARS)], accept="application/sparql-results+xml", media_type="application/sparql-results+xml", extract=lambda b: b.count(b"<result>"), expected=2),
    Case("query_content_type_ask", "GET", [("query", ASK)], accept=RESULTS_JSON, media_type=RESULTS_JSON, extract=lambda b: json.loads(b)["boolean"], expected=True),
    Case("query_content_type_describe", "GET", [("query", DESCRIBE)], accept="text/turtle", media_type="text/turtle", extract=lambda b: "上海市大数据中心" in b.decode(), expected=True),
    Case("query_content_type_construct", "GET", [("query", CONSTRUCT)], accept="application/n-triples", media_type="application/n-triples", extract=lambda b: len(b.strip().splitlines()), expected=2),
    Case("select_csv", "GET", [("query", YEARS)], accept="text/csv", media_type="text/csv", extract=lambda b: b.decode().split(), expected=["year", "2019", "2023"]),
    Case("select_tsv", "GET", [("query", YEARS)], accept="text/tab-separated-values", media_type="text/tab-separated-values", extract=lambda b: b.decode().split()[0], expected="?year"),
    Case("construct_jsonld", "GET", [("query", CONSTRUCT)], accept="application/ld+json", media_type="application/ld+json", extract=lambda b: len(json.loads(b)), expected=2),
    Case("construct_rdfxml", "GET", [("query", CONSTRUCT)], accept="application/rdf+xml", media_type="application/rdf+xml", extract=lambda b: b.count(b"rdf:about="), expected=2),
    Case("bad_query_method", "PUT", [("query", YEARS)], status=405),
    Case("bad_multiple_queries", "GET", [("query", YEARS), ("query", ASK)], status=400),
    Case("bad_query_wrong_media_type", "POST", body=YEARS.encode(), content_type="text/plain", status=415),
    Case("bad_query_missing_form_type", "POST", body=form(("query", YEARS)), status=415),
    Case("bad_query_missing_direct_type", "POST", body=YEARS.encode(), status=415),
    Case("bad_query_non_utf8", "POST", body=YEARS.encode("utf-16"), content_type="application/sparql-query; charset=UTF-16", status=415),
    Case("bad_query_syntax", "GET", [("query", "SELECT * WHERE { ?s ?p }")], status=400, extract=lambda b: b"line 1" in b and b"syntax error" in b, expected=True),
    Case("not_acceptable_select", "GET", [("query", YEARS)], accept="image/png", status=406),
    Case("not_acceptable_construct", "GET", [("query", CONSTRUCT)], accept="text/csv, image/png", status=406),
    Case("update_by_get", "GET", [("update", "CLEAR ALL")], status=400),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol_case(server: str, case: Case) -> None:
    headers = {}
    if case.content_type:
        headers["Content-Type"] = case.content_type
    if case.accept:
        headers["Accept"] = case.accept
    response = httpx.request(case.method, server + "/sparql", params=case.params, content=case.body, headers=headers, timeout=30)
    assert response.status_code == case.status, response.text
    if case.media_type:
        assert response.headers["content-type"].split(";")[0] == case.media_type
    if case.extract is not None:
        assert case.extract(response.content) == case.expected


def test_service_description(server: str) -> None:
    response = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    text = response.text
    assert "sd:UnionDefaultGraph" in text and "sd:SPARQL11Query" in text
    assert "union of all document graphs" in text
    assert "stopped after 20 seconds" in text  # the limits are announced
    assert "SPARQL11Update" not in text  # read-only


def test_browser_at_endpoint_gets_the_editor(server: str) -> None:
    response = httpx.get(server + "/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 303 and response.headers["location"] == "/editor"


def test_limits_announced_in_every_answer(server: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": ASK})
    assert "timeout=20s" in response.headers["budgetkg-limits"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://10.0.0.1/> { ?s ?q ?r } } }", "SERVICE"),
        ("ASK { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }", "SERVICE"),
    ],
)
def test_service_refused_before_it_runs(server: str, query: str, word: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": query})
    assert response.status_code == 403
    assert word in response.text and "--allow-service" in response.text


def test_update_refused_on_read_only_server(server: str) -> None:
    response = httpx.post(server + "/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403 and "read-only" in response.text
    still = httpx.get(server + "/sparql", params={"query": ASK}, headers={"Accept": RESULTS_JSON})
    assert still.json()["boolean"] is True


def test_request_size_limit(server: str) -> None:
    big = "# " + "x" * 1_100_000 + "\n" + ASK
    response = httpx.post(server + "/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_named_queries_listed_and_run_by_name(server: str) -> None:
    listed = httpx.get(server + "/queries", headers={"Accept": "application/json"}).json()
    names = {q["name"]: q for q in listed}
    assert "docNumber" in names["projects-citing-policy"]["parameters"]
    response = httpx.get(
        server + "/queries/projects-citing-policy",
        params={"docNumber": "沪委办〔2021〕15号"},
        headers={"Accept": RESULTS_JSON},
    )
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    assert sorted((r["name"]["value"], r["amount"]["value"]) for r in rows) == [
        ("2023年数字化建设项目", "333498400"),
        ("2023年数字化运维及综合保障项目", "389283400"),
    ]
    csv = httpx.get(server + "/queries/projects-citing-policy", params={"docNumber": "沪委办〔2021〕15号", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "333498400" in csv.text
    bad = httpx.get(server + "/queries/projects-citing-policy", params={"nope": "1"}, headers={"Accept": RESULTS_JSON})
    assert bad.status_code == 400 and "docNumber" in bad.text
    missing = httpx.get(server + "/queries/no-such-query", headers={"Accept": RESULTS_JSON})
    assert missing.status_code == 404


def _table(html: str) -> list[list[str]]:
    """The cells of the results table of a named query's page, as the text a reader sees."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", row)] for row in re.findall(r"<tr>(.*?)</tr>", body)]


def _link(html: str, rel: str) -> dict[str, list[str]] | None:
    """The query parameters of the pager's link ``rel`` (next, prev, first, last), if there is one."""
    found = re.search(rf'rel="{rel}" href="/queries/spending-by-function\?([^"]*)"', html)
    return parse_qs(found.group(1).replace("&amp;", "&")) if found else None


def test_named_query_page_shows_one_page_of_rows_and_the_total(server: str) -> None:
    url = server + "/queries/spending-by-function"
    every = httpx.get(url, headers={"Accept": RESULTS_JSON}).json()["results"]["bindings"]
    keys = [(r["code"]["value"], r["year"]["value"]) for r in every]
    total, pages = len(keys), -(-len(keys) // 10)
    assert total > 20, "the samples give more than two pages of ten rows"
    first = httpx.get(url, params={"rows": "10"})
    assert first.status_code == 200
    assert f"{total:,} 行，第 1–10 行（第 1 / {pages} 页）" in first.text
    assert _link(first.text, "next") == {"page": ["2"], "rows": ["10"]} and _link(first.text, "prev") is None
    assert [(r[1], r[3]) for r in _table(first.text)] == keys[:10]
    second = httpx.get(url, params={"rows": "10", "page": "2"})
    assert [(r[1], r[3]) for r in _table(second.text)] == keys[10:20]
    assert _link(second.text, "prev") == {"page": ["1"], "rows": ["10"]}
    last = httpx.get(url, params={"rows": "10", "page": str(pages)})
    assert [(r[1], r[3]) for r in _table(last.text)] == keys[10 * (pages - 1):]
    assert _link(last.text, "next") is None and _link(last.text, "first") == {"page": ["1"], "rows": ["10"]}
    # The default page holds every row of so small a store, and no pager.
    whole = httpx.get(url)
    assert len(_table(whole.text)) == total and 'class="pager"' not in whole.text
    beyond = httpx.get(url, params={"rows": "10", "page": str(pages + 1)})
    assert beyond.status_code == 404 and f"has {total} rows, {pages} page(s) of 10" in beyond.text
    for bad, says in (({"page": "0"}, "page=0: expected"), ({"page": "x"}, "page=x: expected"), ({"rows": "0"}, "rows=0: expected"), ({"rows": "5001"}, "from 1 to 5000")):
        refused = httpx.get(url, params=bad)
        assert refused.status_code == 400 and says in refused.text, (bad, refused.text[:300])
    csv = httpx.get(url, params={"format": "csv", "page": "2"})
    assert csv.status_code == 400 and "every row" in csv.text


def test_graph_store_get(server: str) -> None:
    response = httpx.get(server + "/graph-store", params={"graph": G2019}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert "2019" in response.text and "2023年部门预算" not in response.text
    assert httpx.get(server + "/graph-store", params={"graph": "https://example.org/none"}).status_code == 404
    assert httpx.put(server + "/graph-store", params={"graph": G2019}, content=b"", headers={"Content-Type": "text/turtle"}).status_code == 403
