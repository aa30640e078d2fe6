"""Named queries run over the store, with their rows as plain Python values.

Money stays exact: an ``xsd:decimal`` becomes a :class:`~decimal.Decimal`, never a float.
IRIs become :class:`Iri` (a ``str``) so that a caller can tell them from text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Union

import pyoxigraph as ox

from budgetkg.queries import catalog
from budgetkg.backend import Store

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


class Iri(str):
    """An IRI in a row (a ``str``, so it prints and sorts like one)."""


Value = Union[str, int, Decimal, bool, None]
Row = dict[str, Value]


class QueryError(LookupError):
    """A named query that does not exist or did not return rows."""


def value(term: object) -> Value:
    """A pyoxigraph term as a Python value (``None`` for an unbound variable)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Iri(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == _XSD + "decimal":
            return Decimal(term.value)
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == _XSD + "gYear":
            return int(term.value[:4])
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    raise TypeError(f"unexpected term {term!r}")


def bind(value_: Value) -> ox.NamedNode | ox.Literal:
    """A Python value as a term to bind a query parameter to."""
    if isinstance(value_, Iri):
        return ox.NamedNode(value_)
    if isinstance(value_, str):
        return ox.Literal(value_)
    raise TypeError(f"cannot bind {value_!r}: pass an Iri or a str")


def select(store: Store, name: str, **bindings: Value) -> list[Row]:
    """Run the named query ``queries/<name>.rq`` with ``bindings`` and return its rows.

    :raises QueryError: there is no such query, or it is not a SELECT.
    """
    named = catalog().get(name)
    if named is None:
        raise QueryError(f"no named query {name!r} in queries/")
    subs = {k: bind(v) for k, v in bindings.items() if v is not None}
    solutions = store.query(named.text, subs)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"query {name!r} is not a SELECT query")
    variables = [v.value for v in solutions.variables]
    return [{var: value(solution[var]) for var in variables} for solution in solutions]
