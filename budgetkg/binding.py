"""Binding query parameters for a store that takes SPARQL text only.

pyoxigraph's ``substitutions=`` binds variables at the start of evaluation. A
SPARQL service has no such option, so the same binding is written into the
query: a one-row ``VALUES`` block as the first element of the query's
outermost WHERE group. The group's other elements join onto that row, so
OPTIONAL, MINUS, FILTER and EXISTS all see the variable bound, and GROUP BY,
aggregates and the projection come after it, as with ``substitutions=``. (A
``VALUES`` after the query would be joined after grouping and projection:
wrong for a variable that is not projected, or is grouped away.) A subquery
that does not project the variable keeps its own variable of that name, as
SPARQL's scoping says.

With ``subqueries=True`` (the embedded store) the same row also goes first in the
WHERE group of a subquery that projects the variable as a plain variable, so that the
subquery's own joins start from it (Oxigraph evaluates a subquery on its own, before
the outer row can reach it). A remote store binds in the outer group only: Virtuoso
7.2 plans the outer row into subqueries itself, and loses a row of policy-citations
(with ?project bound) when the row is also written into its second subquery. This
gives the same rows when every row the subquery gives binds the variable and each
such row reaches the outer group with the variable unchanged: then its rows with
another value are exactly those the outer join would drop. So the row goes into a
subquery only when

- the subquery has no LIMIT or OFFSET (which count rows before the outer join),
  no ``SELECT *`` and projects the variable plainly (not ``(... AS ?v)``);
- its WHERE group binds the variable in every row: the variable is in a triple
  pattern (or GRAPH) of the group itself, or in a nested plain group or subquery
  that does so, or in every branch of a UNION (not only in OPTIONAL, MINUS, FILTER,
  BIND or VALUES);
- between it and the outer group (or the enclosing subquery given the row) there is
  no MINUS, EXISTS or SERVICE (whose right side is matched against rows that need
  not bind the variable), and no OPTIONAL except directly in such a bound group
  (whose left side then binds it: rows of the right side with another value match
  nothing). Joins, UNION, GRAPH, FILTER, BIND and a left-hand side keep the row's
  value, so dropping a row early drops just what the outer join would.

The query is only tokenised, never parsed into an algebra: strings, IRIs and
comments are skipped so that a brace inside them is not taken for a group,
and the term is written by pyoxigraph, so it is always a well-formed term.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

Bindable = ox.NamedNode | ox.Literal


class BindingError(ValueError):
    """The query has no place to bind parameters (e.g. ``CONSTRUCT WHERE`` or no WHERE group)."""


_TOKEN = re.compile(
    r'''(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')'''
    r'''|(?P<short>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<comment>\#[^\n]*)'''
    r'''|(?P<open>\{)|(?P<close>\})|(?P<lparen>\()|(?P<rparen>\))|(?P<star>\*)'''
    r'''|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)'''
    r'''|(?P<word>[A-Za-z_][A-Za-z_0-9-]*)''',
    re.DOTALL,
)
_FORMS = ("select", "construct", "ask", "describe")


@dataclass(frozen=True)
class Shape:
    """Where a query's parts are: its form and the offsets of its top-level ``{``."""

    form: str  # select, construct, ask or describe
    groups: tuple[int, ...]  # offsets of the braces that open a top-level group
    short_construct: bool  # CONSTRUCT WHERE { ... }: no template, the group is the template


def shape(sparql: str) -> Shape:
    """The query's form and top-level groups.

    >>> shape("SELECT * WHERE { ?s ?p ?o }").form
    'select'

    :raises BindingError: no query form keyword at the top level.
    """
    form = ""
    depth = 0
    groups: list[int] = []
    after_form: list[str] = []
    for token in _TOKEN.finditer(sparql):
        kind = token.lastgroup
        if kind == "open":
            if depth == 0:
                groups.append(token.start())
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            word = token.group().lower()
            if not form and word in _FORMS:
                form = word
            elif form and not groups:
                after_form.append(word)
    if not form:
        raise BindingError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE")
    return Shape(form, tuple(groups), form == "construct" and after_form[:1] == ["where"])


def bind(sparql: str, substitutions: Mapping[str, Bindable], *, subqueries: bool = False) -> str:
    """``sparql`` with each variable of ``substitutions`` bound from the start of evaluation.

    ``subqueries``: also bind in the subqueries where that gives the same rows (see the module).

    >>> bind("SELECT ?x WHERE { ?x ?p ?o }", {"p": ox.NamedNode("http://example.org/p")})
    'SELECT ?x WHERE { VALUES (?p) { (<http://example.org/p>) } ?x ?p ?o }'

    :raises BindingError: the query has no WHERE group to bind in.
    """
    if not substitutions:
        return sparql
    found = shape(sparql)
    if found.short_construct:
        raise BindingError("cannot bind parameters in a CONSTRUCT WHERE query: write its template out")
    index = 1 if found.form == "construct" else 0
    if len(found.groups) <= index:
        raise BindingError(f"cannot bind parameters: the {found.form.upper()} query has no WHERE group")
    for name, term in substitutions.items():
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise BindingError(f"cannot bind ?{name} to {term!r}: only IRIs and literals")
    names = {ox.Variable(name).value: term for name, term in substitutions.items()}
    at = found.groups[index]
    # Comments are matched (so that a brace in one is not a group) and then left out: the parser
    # reads a keyword and the brace after it, or a brace and SELECT, as neighbouring tokens.
    tokens = [token for token in _TOKEN.finditer(sparql) if token.lastgroup != "comment"]
    start = next(i for i, token in enumerate(tokens) if token.start() == at)
    where = _Parser(tokens).group(start, "plain")
    inserts: dict[int, list[str]] = {at + 1: list(names)}
    for name in names if subqueries else ():
        for offset in _subquery_places(where, name, bound=True):
            inserts.setdefault(offset, []).append(name)
    out = sparql
    for offset in sorted(inserts, reverse=True):
        chosen = inserts[offset]
        row = " ".join(f"?{name}" for name in chosen)
        terms = " ".join(str(names[name]) for name in chosen)
        out = f"{out[:offset]} VALUES ({row}) {{ ({terms}) }}{out[offset:]}"
    return out


@dataclass
class _Group:
    """A ``{ ... }`` group: what introduces it, what it binds itself, what it holds."""

    context: str  # plain, optional, minus, exists, service or union
    opened: int  # offset just after its ``{``
    bound: set[str]  # variables in its own triple patterns (and GRAPH)
    children: list[_Group]
    subquery: _Subquery | None = None  # when the group is ``{ SELECT ... }``
    joined: bool = False  # a branch after ``UNION``: one alternative with the group before it


@dataclass
class _Subquery:
    plain: set[str]  # variables projected as themselves
    limited: bool  # LIMIT, OFFSET, SELECT * or anything unexpected in its modifiers
    where: _Group


_CONTEXTS = {"optional": "optional", "minus": "minus", "exists": "exists", "service": "service", "union": "union"}


class _Parser:
    """Groups and subqueries from the tokens, enough to place the row; not a SPARQL parser."""

    def __init__(self, tokens: list[re.Match[str]]) -> None:
        self.tokens = tokens
        self.end = 0  # index of the token after the last group parsed

    def group(self, i: int, context: str) -> _Group:
        tokens = self.tokens
        found = _Group(context, tokens[i].end(), set(), [])
        j = i + 1
        if j < len(tokens) and tokens[j].lastgroup == "word" and tokens[j].group().lower() == "select":
            found.subquery = self._subquery(j + 1)
            j = self.end
        parens = 0
        while j < len(tokens):
            token = tokens[j]
            kind = token.lastgroup
            if kind == "close":
                self.end = j + 1
                return found
            if kind == "open":
                previous = tokens[j - 1] if j > 0 else None
                word = previous.group().lower() if previous is not None and previous.lastgroup == "word" else ""
                child = self.group(j, _CONTEXTS.get(word, "plain"))
                child.joined = word == "union"
                j = self.end
                after = tokens[j] if j < len(tokens) else None
                if child.context == "plain" and after is not None and after.lastgroup == "word" and after.group().lower() == "union":
                    child.context = "union"
                if found.subquery is not None:
                    found.subquery.limited = True  # a group among the modifiers (HAVING EXISTS): leave it alone
                found.children.append(child)
                continue
            if kind == "lparen":
                parens += 1
            elif kind == "rparen":
                parens -= 1
            elif kind == "var" and parens == 0:
                previous = tokens[j - 1]
                if not (previous.lastgroup == "word" and previous.group().lower() == "values"):
                    found.bound.add(token.group()[1:])
            elif kind == "word" and found.subquery is not None and token.group().lower() in ("limit", "offset"):
                found.subquery.limited = True
            j += 1
        raise BindingError("unbalanced braces in the query")

    def _subquery(self, j: int) -> _Subquery:
        tokens = self.tokens
        plain: set[str] = set()
        parens = 0
        star = False
        while j < len(tokens) and tokens[j].lastgroup != "open":
            kind = tokens[j].lastgroup
            if kind == "lparen":
                parens += 1
            elif kind == "rparen":
                parens -= 1
            elif kind == "var" and parens == 0:
                plain.add(tokens[j].group()[1:])
            elif kind == "star" and parens == 0:
                star = True
            j += 1
        if j == len(tokens):
            raise BindingError("a subquery has no WHERE group")
        where = self.group(j, "plain")
        return _Subquery(plain, star, where)


def _binds(group: _Group, name: str) -> bool:
    """Every row of ``group`` binds ``name``."""
    if name in group.bound:
        return True
    alternatives: list[list[_Group]] = []  # the plain groups, and the branches of each UNION
    for child in group.children:
        if child.joined and alternatives:
            alternatives[-1].append(child)
        elif child.context in ("plain", "union"):
            alternatives.append([child])
    return any(all(_branch_binds(branch, name) for branch in branches) for branches in alternatives)


def _branch_binds(group: _Group, name: str) -> bool:
    if group.subquery is not None:
        return name in group.subquery.plain and _binds(group.subquery.where, name)
    return _binds(group, name)


def _subquery_places(group: _Group, name: str, *, bound: bool) -> list[int]:
    """Where in ``group`` the row for ``?name`` also goes: the WHERE groups of the subqueries it may enter."""
    places: list[int] = []
    for child in group.children:
        if child.context in ("minus", "exists", "service") or (child.context == "optional" and not bound):
            continue
        inner = child.subquery
        if inner is None:
            places += _subquery_places(child, name, bound=False)
        elif name in inner.plain and not inner.limited and _binds(inner.where, name):
            places.append(inner.where.opened)
            places += _subquery_places(inner.where, name, bound=True)
    return places
