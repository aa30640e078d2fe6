"""Parameters written into the query text give the rows pyoxigraph's ``substitutions=`` gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from budgetkg.binding import BindingError, bind, shape
from budgetkg.queries import catalog
from budgetkg.store import GraphStore

from stores import SAMPLES, loaded

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    return loaded(tmp_path_factory.mktemp("binding") / "store", SAMPLES)


def _rows(result: object) -> list[tuple[tuple[str, str], ...]]:
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple((n, str(s[n])) for n in names) for s in result)


def _parameters() -> list[tuple[str, dict[str, ox.NamedNode | ox.Literal]]]:
    """Every named query that takes parameters, with values that select something in the samples."""
    policy = ox.NamedNode("https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号")
    project = ox.NamedNode("https://w3id.org/budgetkg/id/doc/上海市大数据中心/2023/部门预算/project/2")
    values: dict[str, ox.NamedNode | ox.Literal] = {"policy": policy, "project": project, "docNumber": ox.Literal("沪委办〔2021〕15号")}
    out = []
    for name, query in sorted(catalog().items()):
        if query.parameters:
            out.append((name, {p: values[p] for p in query.parameters}))
    return out


def test_every_parameterised_named_query_binds_like_substitutions(store: GraphStore) -> None:
    cases = _parameters()
    assert {name for name, _ in cases} >= {"money-per-policy", "projects-citing-policy", "policy-citations", "policies-justifying-project"}
    for name, subs in cases:
        text = catalog()[name].text
        native = {ox.Variable(k): v for k, v in subs.items()}
        expected = _rows(store.ox.query(text, use_default_graph_as_union=True, substitutions=native))
        assert expected, name  # the values select something: the comparison means something
        assert _rows(store.query(text, subs)) == expected, name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # braces inside strings, IRIs and comments are not groups
        ('SELECT ?x WHERE { ?x <http://example.org/p> "{" }', 'SELECT ?x WHERE { VALUES (?v) { ("1") } ?x <http://example.org/p> "{" }'),
        ('# { not a group\nASK { ?v ?p """}""" }', '# { not a group\nASK { VALUES (?v) { ("1") } ?v ?p """}""" }'),
        # a CONSTRUCT binds in its WHERE group, not in its template
        ("CONSTRUCT { ?v ?p ?o } WHERE { ?v ?p ?o }", 'CONSTRUCT { ?v ?p ?o } WHERE { VALUES (?v) { ("1") } ?v ?p ?o }'),
        # a subquery that projects the variable and binds it in every row: the row goes
        # first in the outer group and first in the subquery's group
        ("SELECT * { { SELECT ?v { ?v ?p ?o } } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { VALUES (?v) { ("1") } ?v ?p ?o } } }'),
        # and in a subquery in OPTIONAL or UNION of the outer group, and nested subqueries
        (
            "SELECT * { ?s ?p ?o OPTIONAL { SELECT DISTINCT ?v ?s { { SELECT ?v ?s { ?s ?q ?v } } } } }",
            'SELECT * { VALUES (?v) { ("1") } ?s ?p ?o OPTIONAL { SELECT DISTINCT ?v ?s { VALUES (?v) { ("1") }'
            ' { SELECT ?v ?s { VALUES (?v) { ("1") } ?s ?q ?v } } } } }',
        ),
        (
            "SELECT * { { SELECT ?v { ?v ?p ?o } } UNION { ?v ?q ?o } }",
            'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { VALUES (?v) { ("1") } ?v ?p ?o } } UNION { ?v ?q ?o } }',
        ),
        # not in a subquery that has its own ?v (not projected), projects it as an expression,
        # counts rows (LIMIT, OFFSET), projects *, or may leave it unbound (OPTIONAL, UNION, BIND)
        ("SELECT * { { SELECT ?s { ?s ?p ?v } } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT ?s { ?s ?p ?v } } }'),
        ("SELECT * { { SELECT (?o AS ?v) { ?s ?p ?o } } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT (?o AS ?v) { ?s ?p ?o } } }'),
        ("SELECT * { { SELECT ?v { ?v ?p ?o } LIMIT 1 } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { ?v ?p ?o } LIMIT 1 } }'),
        ("SELECT * { { SELECT * { ?v ?p ?o } } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT * { ?v ?p ?o } } }'),
        ("SELECT * { { SELECT ?v { ?s ?p ?o OPTIONAL { ?s ?q ?v } } } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { ?s ?p ?o OPTIONAL { ?s ?q ?v } } } }'),
        # every branch of a UNION binds it: the row goes in
        (
            "SELECT * { { SELECT ?v { { ?v ?p ?o } UNION { SELECT ?v { ?s ?p ?v } } } } }",
            'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { VALUES (?v) { ("1") } { ?v ?p ?o } UNION'
            ' { SELECT ?v { VALUES (?v) { ("1") } ?s ?p ?v } } } } }',
        ),
        ("SELECT * { { SELECT ?v { { ?v ?p ?o } UNION { ?s ?p ?o } } } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { { ?v ?p ?o } UNION { ?s ?p ?o } } } }'),
        ("SELECT * { { SELECT ?v { ?s ?p ?o BIND(?o AS ?v) } } }", 'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { ?s ?p ?o BIND(?o AS ?v) } } }'),
        # nor where the outer row does not reach it first: MINUS, EXISTS, or OPTIONAL in a nested group
        ("SELECT * { ?v ?p ?o MINUS { SELECT ?v { ?v ?q ?o } } }", 'SELECT * { VALUES (?v) { ("1") } ?v ?p ?o MINUS { SELECT ?v { ?v ?q ?o } } }'),
        (
            "SELECT * { ?s ?p ?o FILTER EXISTS { { SELECT ?v { ?v ?q ?o } } } }",
            'SELECT * { VALUES (?v) { ("1") } ?s ?p ?o FILTER EXISTS { { SELECT ?v { ?v ?q ?o } } } }',
        ),
        (
            "SELECT * { { ?s ?p ?o OPTIONAL { SELECT ?v ?s { ?s ?q ?v } } } }",
            'SELECT * { VALUES (?v) { ("1") } { ?s ?p ?o OPTIONAL { SELECT ?v ?s { ?s ?q ?v } } } }',
        ),
        # a comment between a keyword or brace and what it opens changes nothing
        (
            "SELECT * {\n  { # the values\n    SELECT ?v { ?v ?p ?o } } }",
            'SELECT * { VALUES (?v) { ("1") }\n  { # the values\n    SELECT ?v { VALUES (?v) { ("1") } ?v ?p ?o } } }',
        ),
        (
            "SELECT * { { ?s ?p ?o OPTIONAL # may be missing\n { SELECT ?v ?s { ?s ?q ?v } } } }",
            'SELECT * { VALUES (?v) { ("1") } { ?s ?p ?o OPTIONAL # may be missing\n { SELECT ?v ?s { ?s ?q ?v } } } }',
        ),
        (
            "SELECT * { { SELECT ?v { ?v ?p ?o } } # or\n UNION { ?s ?p ?o } }",
            'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { VALUES (?v) { ("1") } ?v ?p ?o } } # or\n UNION { ?s ?p ?o } }',
        ),
    ],
)
def test_where_the_row_goes(query: str, expected: str) -> None:
    assert bind(query, {"v": ox.Literal("1")}, subqueries=True) == expected
    ox.Store().query(expected)  # still a valid query


def test_terms_are_written_by_pyoxigraph() -> None:
    text = bind("SELECT * WHERE { ?s ?p ?v }", {"v": ox.Literal('say "hi"\n', language="zh")})
    assert '"say \\"hi\\"\\n"@zh' in text
    ox.Store().query(text)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("CONSTRUCT WHERE { ?v ?p ?o }", "CONSTRUCT WHERE"),
        ("DESCRIBE ?v", "no WHERE group"),
        ("PREFIX ex: <http://example.org/>", "not a SPARQL query"),
    ],
)
def test_no_place_to_bind_is_an_error(query: str, message: str) -> None:
    with pytest.raises(BindingError, match=message):
        bind(query, {"v": ox.NamedNode(EX)})


def test_no_substitutions_leaves_the_text_alone() -> None:
    assert bind("DESCRIBE ?v", {}) == "DESCRIBE ?v"
    assert shape("DESCRIBE ?v").form == "describe"


def test_blank_nodes_cannot_be_bound() -> None:
    with pytest.raises(BindingError, match="only IRIs and literals"):
        bind("SELECT * { ?v ?p ?o }", {"v": ox.BlankNode("b")})  # type: ignore[dict-item]


def test_a_parameter_is_bound_inside_bind_expressions(store: GraphStore) -> None:
    """Regression: the search page's exact 文号 match was never true on the embedded store, as
    pyoxigraph's ``substitutions=`` leaves the variable unbound inside ``BIND``; the store binds
    parameters with a VALUES row instead, as on a remote store."""
    from budgetkg.server.pagequeries import page_query

    text = page_query("search").text
    subs: dict[str, ox.NamedNode | ox.Literal] = {"needle": ox.Literal("no such text"), "docNumber": ox.Literal("沪委办〔2021〕15号")}
    hits = {str(row["s"].value) for row in store.query(text, subs) if row["exact"].value == "true"}
    assert hits == {"https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号"}
    native = {ox.Variable(k): v for k, v in subs.items()}
    assert not list(store.ox.query(text, use_default_graph_as_union=True, substitutions=native))


@pytest.mark.parametrize(
    "query",
    [
        # the subquery's OPTIONAL leaves ?v unbound for ex:a, which the outer row then binds
        "SELECT ?s ?v { { SELECT ?s ?v { ?s ex:p ?o OPTIONAL { ?s ex:q ?v } } } }",
        # MINUS (in a group that does not bind ?v) removes ex:a only when its right side is
        # not narrowed to ?v = "1"
        "SELECT ?s { { ?s ex:p ?o MINUS { SELECT ?s ?v { ?s ex:q ?v } } } }",
        # the nested OPTIONAL keeps ex:a unextended only when its right side is narrowed
        "SELECT ?s ?v { { ?s ex:p ?o OPTIONAL { SELECT ?s ?v { ?s ex:q ?v } } } }",
        # a UNION one branch of which leaves ?v unbound for ex:a
        "SELECT ?s ?v { { SELECT ?s ?v { { ?s ex:p ?o } UNION { ?s ex:q ?v } } } }",
        # a plain subquery: narrowing it is what the outer row does anyway
        "SELECT ?s ?v { ?s ex:p ?o { SELECT ?s ?v { ?s ex:q ?v } } }",
    ],
)
def test_bound_inside_subqueries_as_the_outer_row_alone(query: str) -> None:
    """Where the row goes into a subquery, and where it must not, on data where it would change rows.

    The reference is the row in the outer group alone (the meaning of a parameter). pyoxigraph's
    ``substitutions=`` differs from it on the first query: it binds ?v inside the subquery's OPTIONAL.
    """
    store = ox.Store()
    for s, p, o in [("a", "p", "x"), ("a", "q", ox.Literal("2")), ("b", "p", "x"), ("b", "q", ox.Literal("1"))]:
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o if isinstance(o, ox.Literal) else ox.NamedNode(EX + o)))
    outer = query.replace("{", '{ VALUES (?v) { ("1") }', 1)
    expected = _rows(store.query(f"PREFIX ex: <{EX}> {outer}"))
    assert _rows(store.query(bind(f"PREFIX ex: <{EX}> {query}", {"v": ox.Literal("1")}, subqueries=True))) == expected


def test_only_the_outer_group_without_subqueries() -> None:
    query = "SELECT * { { SELECT ?v { ?v ?p ?o } } }"
    assert bind(query, {"v": ox.Literal("1")}) == 'SELECT * { VALUES (?v) { ("1") } { SELECT ?v { ?v ?p ?o } } }'
