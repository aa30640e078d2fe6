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
    r'''|(?P<open>\{)|(?P<close>\})'''
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


def bind(sparql: str, substitutions: Mapping[str, Bindable]) -> str:
    """``sparql`` with each variable of ``substitutions`` bound from the start of evaluation.

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
    names = " ".join(f"?{ox.Variable(name).value}" for name in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    at = found.groups[index] + 1
    return f"{sparql[:at]} VALUES ({names}) {{ ({terms}) }}{sparql[at:]}"
