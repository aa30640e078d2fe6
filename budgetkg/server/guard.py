"""Read a request's SPARQL before it reaches the store: its form, and whether it may run.

pyoxigraph executes SERVICE and LOAD by fetching any URL, loopback and private
addresses included. They are refused here, from the query's parse tree
(rdflib's SPARQL 1.1 grammar), unless the server was started to allow them.
A query that this parser cannot read is refused with its message, so nothing
unchecked reaches pyoxigraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


class Rejected(Exception):
    """The request's SPARQL may not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Checked:
    form: str  # select, ask, construct, describe or update
    uses_service: bool
    uses_load: bool


def _nodes(tree: object) -> Iterator[CompValue]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)


def _syntax_message(exc: ParseException) -> str:
    caret = " " * max(exc.col - 1, 0) + "^"
    return f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n{exc.line}\n{caret}"


@lru_cache(maxsize=512)
def inspect(sparql: str, update: bool) -> Checked:
    """The form of ``sparql`` and whether it uses SERVICE or LOAD.

    :raises Rejected: (400) the text is not a SPARQL 1.1 query (or update).
    """
    try:
        tree = parseUpdate(sparql) if update else parseQuery(sparql)
    except ParseException as exc:
        raise Rejected(400, _syntax_message(exc)) from None
    names = {node.name for node in _nodes(tree)}
    if update:
        form = "update"
    else:
        form = _FORMS.get(getattr(tree[1], "name", ""), "")
        if not form:
            raise Rejected(400, "not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return Checked(form, "ServiceGraphPattern" in names, "Load" in names)


def check(sparql: str, *, update: bool, allow_service: bool, allow_load: bool) -> Checked:
    """Inspect ``sparql`` and refuse what the server does not allow.

    :raises Rejected: 400 for bad syntax, 403 for SERVICE or LOAD when not enabled.
    """
    checked = inspect(sparql, update)
    if checked.uses_service and not allow_service:
        raise Rejected(
            403, "SERVICE (federated query) is disabled on this server; start it with --allow-service to enable it"
        )
    if checked.uses_load and not allow_load:
        raise Rejected(403, "LOAD is disabled on this server; start it with --allow-load to enable it")
    return checked
