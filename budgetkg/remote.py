"""A store behind a SPARQL service (e.g. Virtuoso), over HTTP.

Reads go to the SPARQL 1.1 Protocol query endpoint; writes go to the update
endpoint (SPARQL 1.1 Update) and, when one is given, the Graph Store HTTP
Protocol endpoint, which takes a document's triples as N-Triples. The
endpoints and credentials come from the environment, never from the command
line (see `endpoints_from_env`).

Replacing a document's graph is atomic as the embedded store's is: the new
triples are sent, in chunks, to a staging graph, then one update request
``DROP SILENT GRAPH <g> ; MOVE SILENT <staging> TO <g>`` puts them in place.
A reader sees the old document or the new one; a load that fails half-way
leaves at most a staging graph, which the next writable open removes once it
is an hour old (younger ones may belong to a load still running elsewhere).
A document loaded again unchanged writes nothing.

A service has no writer's lock: two loads may run at once. Each document's graph
is still replaced atomically (the last write wins), and the policy resolution,
which depends on every document, is re-read after it is written and recomputed
until it matches what the store holds (budgetkg.policies.refresh).

Results are read as SPARQL XML results (Virtuoso's JSON results write booleans
as ``"0"``/``"1"``, which are other terms than ``false``/``true``) and graphs
as N-Triples, and handed back as pyoxigraph's types, so that callers cannot
tell the backends apart. A Virtuoso answer flagged as partial (its
``X-SQL-State`` header: an "anytime" query cut short) is an error, never a
result.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass

import httpx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from budgetkg import iris
from budgetkg.binding import BindingError, bind, shape
from budgetkg.store import StoreError
from budgetkg.terms import quads

_STAGING = "urn:budgetkg:staging:"
STAGING_MAX_AGE = 3600.0  # seconds: older staging graphs are left-overs of a failed load
CHUNK_TRIPLES = 20_000  # per Graph Store request; Virtuoso takes 2 MB bodies without complaint
# per INSERT DATA request: Virtuoso 7.2 compiles an update to SQL and refuses one of more
# than 10,000 lines (some 2,000 triples)
UPDATE_CHUNK_TRIPLES = 1_000

UPDATE_VAR = "BUDGETKG_STORE_UPDATE"
GRAPH_STORE_VAR = "BUDGETKG_STORE_GRAPH_STORE"
USER_VAR = "BUDGETKG_STORE_USER"
PASSWORD_VAR = "BUDGETKG_STORE_PASSWORD"
TIMEOUT_VAR = "BUDGETKG_STORE_TIMEOUT"

_RESULTS_XML = "application/sparql-results+xml"
_NTRIPLES = "application/n-triples"

_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_CONTENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_WITH_PREDICATE = "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteError(RuntimeError):
    """The SPARQL service refused or failed a request; the message says which and why."""


class RemoteTimeout(RemoteError):
    """The SPARQL service did not answer within the timeout."""


@dataclass(frozen=True)
class Endpoints:
    """Where a remote store answers, and who we are to it.

    ``update`` defaults to ``query``; without ``graph_store`` triples are sent
    as ``INSERT DATA`` updates. ``user``/``password`` answer a Basic or Digest
    challenge (Virtuoso: Digest, on /sparql-auth and /sparql-graph-crud-auth).
    """

    query: str
    update: str
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 300.0

    def __repr__(self) -> str:  # the password stays out of logs and tracebacks
        return f"Endpoints(query={self.query!r}, update={self.update!r}, graph_store={self.graph_store!r}, user={self.user!r})"


def endpoints_from_env(query: str) -> Endpoints:
    """The endpoints of the store whose query endpoint is ``query``, the rest from the environment:
    ``$BUDGETKG_STORE_UPDATE``, ``$BUDGETKG_STORE_GRAPH_STORE``, ``$BUDGETKG_STORE_USER``,
    ``$BUDGETKG_STORE_PASSWORD``, ``$BUDGETKG_STORE_TIMEOUT`` (seconds)."""
    env = os.environ
    return Endpoints(
        query=query,
        update=env.get(UPDATE_VAR) or query,
        graph_store=env.get(GRAPH_STORE_VAR) or None,
        user=env.get(USER_VAR) or None,
        password=env.get(PASSWORD_VAR) or None,
        timeout=float(env.get(TIMEOUT_VAR) or 300.0),
    )


class _ChallengeAuth(httpx.Auth):
    """Basic or Digest, whichever the server's 401 asks for."""

    def __init__(self, user: str, password: str) -> None:
        self.digest = httpx.DigestAuth(user, password)
        self.basic = httpx.BasicAuth(user, password)
        self.scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.scheme is not None:  # answered a challenge before: authenticate at once
            yield from self.scheme.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        if not challenge.startswith("digest"):
            self.scheme = self.basic
            yield from self.basic.auth_flow(request)
            return
        self.scheme = self.digest
        # DigestAuth answers the challenge of a 401 it is sent: hand it this one.
        flow = self.digest.auth_flow(request)
        next(flow)
        try:
            response = yield flow.send(response)
            flow.send(response)
        except StopIteration:
            pass


class RemoteStore:
    """The graphs of a SPARQL service at ``endpoints``.

    Only the graphs under budgetkg's namespace (``iris.BASE``) are ours: a
    service holds others (Virtuoso its system graphs), which `graphs`,
    `count`, `quads` and `dump` leave out. Queries over the union see
    whatever the service's default graph holds (Virtuoso: every graph).

    :raises StoreError: the query endpoint does not answer.
    """

    def __init__(self, endpoints: Endpoints, *, read_only: bool = False) -> None:
        self.endpoints = endpoints
        self.read_only = read_only
        auth = _ChallengeAuth(endpoints.user, endpoints.password) if endpoints.user and endpoints.password else None
        self.http = httpx.Client(timeout=endpoints.timeout, auth=auth)
        try:
            self.query("ASK {}")
        except (RemoteError, SyntaxError) as exc:
            self.http.close()
            raise StoreError(f"no SPARQL service at {endpoints.query}: {exc}") from None
        if not read_only:
            self._remove_staging()

    @property
    def location(self) -> str:
        return self.endpoints.query

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- HTTP ------------------------------------------------------------------------

    def _send(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            response = self.http.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise RemoteTimeout(f"{url}: no answer within {self.endpoints.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise RemoteError(f"{url}: {type(exc).__name__}: {exc}") from None
        if response.status_code >= 400:
            message = f"{url}: HTTP {response.status_code}: {response.text.strip()[:2000]}"
            if response.status_code == 400:
                raise SyntaxError(message)
            raise RemoteError(message)
        state = response.headers.get("x-sql-state")
        if state:
            raise RemoteError(f"{url}: the service cut the answer short ({state}: {response.headers.get('x-sql-message', '')})")
        return response

    def update(self, sparql: str) -> None:
        """Send one SPARQL update request (its operations run in order, as one request)."""
        if self.read_only:
            raise RemoteError("the store was opened read-only")
        self._send("POST", self.endpoints.update, data={"update": sparql})

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None, *, graph: str | None = None):  # type: ignore[no-untyped-def]
        """Run ``sparql`` on the service; ``graph`` is sent as the protocol's default-graph-uri.

        :raises SyntaxError: the service rejected the query (HTTP 400).
        :raises RemoteError: the service failed, or could not be reached.
        """
        return self.query_dataset(sparql, substitutions, default_graphs=(graph,) if graph is not None else ())

    def query_dataset(
        self,
        sparql: str,
        substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ):  # type: ignore[no-untyped-def]
        """`query` with the protocol's dataset: default-graph-uri and named-graph-uri (none: the service's default)."""
        try:
            text = bind(sparql, substitutions or {})
            form = shape(text).form
        except BindingError as exc:
            raise SyntaxError(str(exc)) from None
        data: dict[str, str | list[str]] = {"query": text}
        if default_graphs:
            data["default-graph-uri"] = list(default_graphs)
        if named_graphs:
            data["named-graph-uri"] = list(named_graphs)
        accept = _RESULTS_XML if form in ("select", "ask") else _NTRIPLES
        response = self._send("POST", self.endpoints.query, data=data, headers={"Accept": accept})
        media = response.headers.get("content-type", "").partition(";")[0].strip()
        if response.headers.get("x-sparql-maxrows"):
            raise RemoteError(
                f"{self.endpoints.query}: the answer may be cut at {response.headers['x-sparql-maxrows']} rows "
                "(Virtuoso's ResultSetMaxRows, in the [SPARQL] section of virtuoso.ini): raise it"
            )
        if form in ("select", "ask"):
            if media != _RESULTS_XML:
                raise RemoteError(f"{self.endpoints.query}: answered {media or 'no type'}, not {_RESULTS_XML}")
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)
        return _Triples(_parse_graph(response, self.endpoints.query))

    def triples(self, graph: str, predicate: str) -> Iterator[ox.Triple]:
        p = ox.NamedNode(predicate)
        for row in self.query(_WITH_PREDICATE, {"g": ox.NamedNode(graph), "p": p}):
            yield ox.Triple(row["s"], p, row["o"])

    def graphs(self) -> list[str]:
        return sorted(name for name in self._all_graphs() if name.startswith(iris.BASE))

    def _all_graphs(self) -> list[str]:
        # Counting by graph is answered from Virtuoso's indexes in milliseconds; SELECT DISTINCT ?g takes seconds.
        return [row["g"].value for row in self.query(_COUNTS) if isinstance(row["g"], ox.NamedNode)]

    def count(self, name: str | None = None) -> int:
        if name is not None:
            row = next(iter(self.query(_COUNT, {"g": ox.NamedNode(name)})))
            return int(row["n"].value)
        return sum(int(row["n"].value) for row in self.query(_COUNTS) if row["g"].value.startswith(iris.BASE))

    def graph_triples(self, name: str) -> list[ox.Triple]:
        """Every triple of the named graph.

        :raises RemoteError: the service sent fewer triples than the graph holds
            (Virtuoso cuts graphs at ResultSetMaxRows without saying so).
        """
        expected = self.count(name)
        if not expected:
            return []
        if self.endpoints.graph_store:
            try:
                response = self.http.get(self.endpoints.graph_store, params={"graph-uri": name}, headers={"Accept": _NTRIPLES})
            except httpx.HTTPError as exc:
                raise RemoteError(f"{self.endpoints.graph_store}: {type(exc).__name__}: {exc}") from None
            if response.status_code >= 400:
                raise RemoteError(f"{self.endpoints.graph_store}: HTTP {response.status_code}: {response.text.strip()[:2000]}")
            triples = set(_parse_graph(response, self.endpoints.graph_store))
        else:
            triples = set(self.query(_CONTENT, {"g": ox.NamedNode(name)}))
        if len(triples) < expected:
            raise RemoteError(
                f"{self.location}: sent {len(triples)} of the {expected} triples of {name} "
                "(Virtuoso's ResultSetMaxRows, in the [SPARQL] section of virtuoso.ini, cuts graphs: raise it)"
            )
        return list(triples)

    def quads(self) -> Iterator[ox.Quad]:
        for name in self.graphs():
            graph = ox.NamedNode(name)
            for t in self.graph_triples(name):
                yield ox.Quad(t.subject, t.predicate, t.object, graph)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return ox.serialize(self.quads(), format=fmt)  # type: ignore[no-any-return]

    def flush(self) -> None:
        """Nothing to do: the service has written every request when it answers."""

    # -- writing ------------------------------------------------------------------------

    def replace_graph(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the named graph's content with ``triples``, atomically; returns the triple count.

        :raises RemoteError: a request failed; the graph is as it was.
        """
        new = {ox.Triple(q.subject, q.predicate, q.object) for q in quads(name, triples)}
        if set(self.graph_triples(str(name))) == new and new:
            return len(new)
        staging = ox.NamedNode(f"{_STAGING}{int(time.time())}:{uuid.uuid4().hex}")
        try:
            self._send_triples(staging, sorted(new, key=str))
            if not self.endpoints.graph_store:
                self._check_staged(staging, new)
            self.update(f"DROP SILENT GRAPH {ox.NamedNode(str(name))} ; MOVE SILENT {staging} TO {ox.NamedNode(str(name))}")
        except BaseException:
            self._drop_quietly(staging)
            raise
        return len(new)

    def replace_graph_nquads(self, name: str, data: bytes) -> int:
        """`replace_graph` for a graph serialized as N-Quads, all in graph ``name``."""
        return self.replace_graph(URIRef(name), ((q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)))

    def add_new_graphs(self, data: bytes, count: int) -> None:
        """Add graphs not in the store, serialized as N-Quads: each graph is sent and put in place on its own."""
        graphs: dict[str, list[tuple[Node, Node, Node]]] = {}
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            graphs.setdefault(str(q.graph_name.value), []).append((q.subject, q.predicate, q.object))
        for name, triples in graphs.items():
            self.replace_graph(URIRef(name), triples)

    def has_graph(self, name: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {ox.NamedNode(name)} {{ ?s ?p ?o }} }}"))

    def remove_graph(self, name: str) -> None:
        self.update(f"DROP SILENT GRAPH {ox.NamedNode(name)}")

    def _send_triples(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> None:
        size = CHUNK_TRIPLES if self.endpoints.graph_store else UPDATE_CHUNK_TRIPLES
        for start in range(0, len(triples), size):
            body = ox.serialize(triples[start : start + size], format=ox.RdfFormat.N_TRIPLES)
            if self.endpoints.graph_store:
                self._send(
                    "POST", self.endpoints.graph_store, params={"graph-uri": graph.value},
                    content=body, headers={"Content-Type": _NTRIPLES},
                )  # fmt: skip
            else:
                # N-Triples lines are SPARQL triples; the terms were written by pyoxigraph.
                self.update(f"INSERT DATA {{ GRAPH {graph} {{\n{body.decode('utf-8')}}} }}")

    def _check_staged(self, staging: ox.NamedNode, sent: set[ox.Triple]) -> None:
        """The staged graph holds exactly what was sent.

        Virtuoso 7.2 reads the literals of an INSERT DATA as SQL values: an integral
        xsd:decimal comes back as an xsd:integer. Its Graph Store endpoint keeps them.
        """
        stored = set(self.graph_triples(staging.value))
        if stored != sent:
            changed = sorted(str(t) for t in stored - sent)
            raise RemoteError(
                f"{self.endpoints.update}: the service stored {len(changed)} triple(s) other than sent, e.g. {changed[0] if changed else '(missing triples)'}; "
                f"give its Graph Store endpoint (${GRAPH_STORE_VAR}), which keeps the terms as written"
            )

    def _drop_quietly(self, graph: ox.NamedNode) -> None:
        try:
            self.update(f"DROP SILENT GRAPH {graph}")
        except (RemoteError, SyntaxError):
            pass  # the next writable open removes it

    def _remove_staging(self) -> None:
        now = time.time()
        for name in self._all_graphs():
            if not name.startswith(_STAGING):
                continue
            stamp = name[len(_STAGING) :].partition(":")[0]
            if not stamp.isdigit() or now - int(stamp) > STAGING_MAX_AGE:
                self.update(f"DROP SILENT GRAPH {ox.NamedNode(name)}")


class _Triples:
    """A CONSTRUCT or DESCRIBE answer: its triples, iterable like pyoxigraph's QueryTriples."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._triples = list(triples)

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


def _parse_graph(response: httpx.Response, url: str) -> Iterator[ox.Triple]:
    media = response.headers.get("content-type", "").partition(";")[0].strip()
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None:
        raise RemoteError(f"{url}: answered {media or 'no type'}, not an RDF graph")
    try:
        for q in ox.parse(response.content, format=fmt):
            yield ox.Triple(q.subject, q.predicate, q.object)
    except SyntaxError as exc:
        raise RemoteError(f"{url}: its {media} answer does not parse: {exc}") from None
