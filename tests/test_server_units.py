"""The server's small parts: content negotiation, the SPARQL guard, search folding, URLs, money, assets."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest

from budgetkg.iris import BASE, policy_by_number
from budgetkg.server import formats, guard, labels, search, urls
from budgetkg.server.worker import Term

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("accept", "offered", "expected"),
    [
        (None, formats.RESULTS, "application/sparql-results+json"),
        ("*/*", formats.GRAPHS, "text/turtle"),
        ("application/json", formats.RESULTS, "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", formats.RESULTS, "application/sparql-results+xml"),
        ("application/rdf+xml, application/sparql-results+xml", formats.GRAPHS, "application/rdf+xml"),
        ("text/plain", formats.GRAPHS, "application/n-triples"),
        ("application/ld+json", formats.GRAPHS, "application/ld+json"),
    ],
)
def test_negotiation(accept: str | None, offered: list[str], expected: str) -> None:
    assert formats.choose(accept, offered) == expected


def test_not_acceptable_lists_what_is_available() -> None:
    with pytest.raises(formats.NotAcceptable, match="text/turtle"):
        formats.choose("image/png", formats.GRAPHS)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # Chromium
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        (None, "text/html"),
    ],
)
def test_page_format(accept: str | None, expected: str) -> None:
    assert formats.page_format(accept) == expected


@pytest.mark.parametrize(
    ("sparql", "update", "form", "service", "load"),
    [
        ("SELECT * { ?s ?p ?o }", False, "select", False, False),
        ("ASK { ?s ?p ?o }", False, "ask", False, False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", False, "construct", False, False),
        ("DESCRIBE <http://x/>", False, "describe", False, False),
        ("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { SERVICE <http://x/> { ?s ?p ?o } } } }", False, "construct", True, False),
        ("LOAD <http://127.0.0.1/> ; CLEAR ALL", True, "update", False, True),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True, "update", True, False),
        # The word in a string or an IRI is not the keyword: the parse tree decides, not a regex.
        ('SELECT * { ?s ?p "SERVICE <http://x/> LOAD" }', False, "select", False, False),
    ],
)
def test_guard_reads_the_parse_tree(sparql: str, update: bool, form: str, service: bool, load: bool) -> None:
    checked = guard.inspect(sparql, update)
    assert (checked.form, checked.uses_service, checked.uses_load) == (form, service, load)


def test_guard_syntax_error_names_the_place() -> None:
    with pytest.raises(guard.Rejected) as caught:
        guard.check("SELECT ?x\nWHERE { ?x ", update=False, allow_service=False, allow_load=False)
    assert caught.value.status == 400
    assert "line 2" in caught.value.message


def test_guard_allows_service_when_enabled() -> None:
    query = "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"
    with pytest.raises(guard.Rejected):
        guard.check(query, update=False, allow_service=False, allow_load=False)
    assert guard.check(query, update=False, allow_service=True, allow_load=False).uses_service


@pytest.mark.parametrize("typed", ["沪委办〔2021〕15号", "沪委办[2021]15号", "沪委办［2021］15号", "沪委办【2021】15号", "沪委办(2021)15号", "沪委办（2021）15号", "沪委办 〔2021〕 15 号"])
def test_every_bracket_variant_folds_alike(typed: str) -> None:
    assert search.fold(typed) == "沪委办(2021)15号"
    assert search.doc_number(typed) == "沪委办〔2021〕15号"


def test_search_ranking_exact_before_substring() -> None:
    def row(iri: str, text: str, kind: str) -> dict[str, Term]:
        return {"s": Term("uri", iri), "text": Term("literal", text), "kind": Term("uri", kind)}

    policy = "https://w3id.org/budgetkg/ontology#PolicyDocument"
    project = "https://w3id.org/budgetkg/ontology#Project"
    groups = search.rank(
        (row("a", "2023年数据运营项目", project), row("b", "数据运营项目", project), row("c", "数据运营管理办法", policy)),
        search.fold("数据运营项目"),
    )
    assert [g.kind for g in groups] == [policy, project]
    assert [h.iri for h in groups[1].hits] == ["b", "a"]


def test_urls_round_trip_exact_iri() -> None:
    for iri in (str(policy_by_number("沪委办〔2021〕15号")), BASE + "policy/title/a%2Fb", BASE + "doc/上海市大数据中心/2023/部门预算/project/1"):
        path = urls.page(iri)
        assert path.startswith("/id/")
        assert urls.iri_of_path(unquote(path[len("/id/"):])) == iri
    assert urls.page("https://w3id.org/budgetkg/ontology#Project").startswith("/resource?iri=")


def test_money_is_exact_with_separators() -> None:
    assert labels.money("1486109040") == "1,486,109,040 元"
    assert labels.money(Decimal("0.05")) == "0.05 元"
    assert labels.wan("3019300") == "301.93 万元"
    amount = Term("literal", "119624400", "http://www.w3.org/2001/XMLSchema#decimal")
    assert labels.literal_text(amount, "https://w3id.org/budgetkg/ontology#budgetAmount") == "119,624,400 元"
    assert labels.literal_text(Term("literal", "2023", "http://www.w3.org/2001/XMLSchema#gYear")) == "2023年"


def test_money_properties_come_from_the_ontology() -> None:
    money = labels.vocabulary().money
    assert "https://w3id.org/budgetkg/ontology#amount" in money
    assert "https://w3id.org/budgetkg/ontology#budgetAmount" in money
    assert "https://w3id.org/budgetkg/ontology#targetValue" not in money


def test_vendored_assets_match_the_lockfile() -> None:
    """static/vendor is produced by scripts/vendor-assets.sh from web/package-lock.json."""
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())
    manifest = json.loads((ROOT / "budgetkg" / "server" / "static" / "vendor" / "manifest.json").read_text())
    for name, entry in manifest.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == entry["version"]
        data = (ROOT / "budgetkg" / "server" / "static" / "vendor" / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_templates_and_static_files_fetch_nothing_from_the_network() -> None:
    folder = ROOT / "budgetkg" / "server"
    for path in [*folder.glob("templates/*.html"), *folder.glob("static/*.js"), *folder.glob("static/*.css")]:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "//cdn" not in text, path
        assert "src=\"https:" not in text and "href=\"https:" not in text, path


def test_the_worker_binds_parameters_inside_subqueries_as_the_embedded_store_does() -> None:
    """Rows are the same either way; the speed is not (Oxigraph evaluates a subquery before the outer row
    reaches it), so the query the worker hands to the store must carry the row inside the subquery too."""
    import pyoxigraph as ox

    from budgetkg.binding import bind
    from budgetkg.server.worker import Job, execute

    sent: list[str] = []

    class Recording:  # an in-memory store that keeps the text of each query
        def __init__(self) -> None:
            self.store = ox.Store()

        def query(self, query: str, **kwargs: object) -> object:
            sent.append(query)
            return self.store.query(query, **kwargs)  # type: ignore[arg-type]

    store = Recording()
    store.store.add(ox.Quad(ox.NamedNode("urn:p"), ox.NamedNode("urn:cites"), ox.NamedNode("urn:policy"), ox.NamedNode("urn:g")))
    sparql = "SELECT ?p ?n WHERE { { SELECT ?p (COUNT(*) AS ?n) WHERE { ?p <urn:cites> ?x } GROUP BY ?p } }"
    job = Job(sparql=sparql, form="select", substitutions=(("p", Term("uri", "urn:p")),))
    answer = execute(store, job)  # type: ignore[arg-type]
    assert [(r["p"].value, r["n"].value) for r in answer.rows] == [("urn:p", "1")]
    assert sent == [bind(sparql, {"p": ox.NamedNode("urn:p")}, subqueries=True)]
    assert sent[0].count("VALUES") == 2  # the outer group and the subquery
