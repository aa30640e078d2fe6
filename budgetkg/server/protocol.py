"""SPARQL 1.1 Protocol (`/sparql`) and Graph Store Protocol (`/graph-store`).

Status codes: 400 bad request or syntax (with the parser's message), 401 a
write without the right token, 403 a write on a read-only server or a
SERVICE / LOAD that is not enabled, 406 no acceptable result format, 413 a
request over the size limit, 415 an unsupported request body, 503 every
worker busy, 504 the query overran the timeout and was stopped, 507 the
result is over the result-size limit. The default graph is the union of the
document graphs unless the request names its dataset.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from budgetkg.server import formats, guard, urls
from budgetkg.server.config import ServerConfig
from budgetkg.server.description import service_description
from budgetkg.server.engine import EngineError, QueryEngine, QueryTimeout, ServerBusy
from budgetkg.server.pagequeries import page_query
from budgetkg.server.remote_engine import RemoteEngine
from budgetkg.server.worker import Answer, Failure, Job, Term

Params = list[tuple[str, str]]
_FORM = "application/x-www-form-urlencoded"
_FAILURE_STATUS = {"syntax": 400, "refused": 400, "too-large": 507, "error": 500}


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


class Endpoint:
    """The protocol handlers, bound to one configuration and one query pool."""

    def __init__(self, config: ServerConfig, engine: QueryEngine | RemoteEngine) -> None:
        self.config = config
        self.engine = engine

    # -- request reading ------------------------------------------------------
    async def body(self, request: Request) -> bytes:
        limit = self.config.max_request_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ProtocolError(413, f"request body of {declared} bytes is over the limit of {limit} bytes")
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > limit:
                raise ProtocolError(413, f"request body is over the limit of {limit} bytes")
        return bytes(data)

    def query_string(self, request: Request) -> Params:
        if len(request.url.query) > self.config.max_request_bytes:
            raise ProtocolError(414, f"query string is over the limit of {self.config.max_request_bytes} bytes")
        return list(request.query_params.multi_items())

    async def params(self, request: Request) -> Params:
        """The protocol parameters of a GET or POST, whatever the encoding."""
        if request.method == "GET":
            return self.query_string(request)
        media, _, options = request.headers.get("content-type", "").partition(";")
        media = media.strip().lower()
        charset = "utf-8"
        for option in options.split(";"):
            key, _, value = option.strip().partition("=")
            if key.lower() == "charset":
                charset = value.strip().strip('"').lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"request body must be UTF-8, not {charset}")
        if media not in (_FORM, "application/sparql-query", "application/sparql-update"):
            raise ProtocolError(
                415,
                f"unsupported request body type {media or '(none)'}; expected {_FORM}, "
                "application/sparql-query or application/sparql-update",
            )
        try:
            text = (await self.body(request)).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, f"request body is not valid UTF-8: {exc}") from None
        if media == _FORM:
            return parse_qsl(text, keep_blank_values=True)
        key = "query" if media == "application/sparql-query" else "update"
        return [*self.query_string(request), (key, text)]

    # -- /sparql ----------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        try:
            params = await self.params(request)
            queries = [v for k, v in params if k == "query"]
            updates = [v for k, v in params if k == "update"]
            if request.method == "GET" and updates:
                raise ProtocolError(400, "an update must be sent by POST")
            if not queries and not updates:
                return self.description(request)
            if len(queries) + len(updates) > 1:
                raise ProtocolError(400, "send exactly one query or one update per request")
            if updates:
                return await self.update(request, updates[0], params)
            default = tuple(v for k, v in params if k == "default-graph-uri")
            named = tuple(v for k, v in params if k == "named-graph-uri")
            dataset = (default, named) if default or named else None
            short = next((v for k, v in params if k in ("format", "output")), None)
            return await self.query(request, queries[0], dataset=dataset, short=short)
        except ProtocolError as exc:
            return error_response(exc.status, exc.message, exc.headers)

    def description(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        if request.method == "GET" and formats.page_format(accept) == "text/html":
            return RedirectResponse(urls.EDITOR, status_code=303)
        media = self.negotiate(accept, formats.GRAPHS, None)
        body = service_description(str(request.url_for("sparql")), self.config, media)
        return Response(body, media_type=media, headers=self.headers())

    def negotiate(self, accept: str | None, offered: list[str], short: str | None) -> str:
        try:
            return formats.choose(accept, offered, short)
        except formats.NotAcceptable as exc:
            raise ProtocolError(406, str(exc)) from None

    def headers(self) -> dict[str, str]:
        return {"Vary": "Accept", "Budgetkg-Limits": self.config.limits_header()}

    async def query(
        self,
        request: Request,
        sparql: str,
        *,
        dataset: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
        short: str | None = None,
        substitutions: tuple[tuple[str, Term], ...] = (),
    ) -> Response:
        """Check, run and serialize one query, negotiating the result format."""
        try:
            checked = guard.check(
                sparql, update=False, allow_service=self.config.allow_service, allow_load=self.config.allow_load
            )
        except guard.Rejected as exc:
            raise ProtocolError(exc.status, exc.message) from None
        offered = formats.RESULTS if checked.form in ("select", "ask") else formats.GRAPHS
        media = self.negotiate(request.headers.get("accept"), offered, short)
        job = Job(
            sparql,
            checked.form,
            media,
            substitutions=substitutions,
            default_graphs=dataset[0] if dataset else None,
            named_graphs=dataset[1] if dataset else None,
            max_bytes=self.config.max_result_bytes,
        )
        answer = await self.run(job)
        return Response(answer.body, media_type=media, headers=self.headers())

    async def run(self, job: Job, *, write: bool = False) -> Answer:
        try:
            outcome = await (self.engine.write(job) if write else self.engine.run(job))
        except QueryTimeout as exc:
            raise ProtocolError(504, str(exc)) from None
        except ServerBusy as exc:
            raise ProtocolError(503, str(exc), {"Retry-After": "5"}) from None
        except EngineError as exc:
            raise ProtocolError(500, str(exc)) from None
        if isinstance(outcome, Failure):
            raise ProtocolError(_FAILURE_STATUS.get(outcome.kind, 500), outcome.message)
        return outcome

    # -- writes -------------------------------------------------------------
    def authorize(self, request: Request) -> None:
        if self.config.token is None:
            raise ProtocolError(403, "this server is read-only; start it with --token to accept writes")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), self.config.token):
            raise ProtocolError(401, "writes need the server's token", {"WWW-Authenticate": 'Bearer realm="budgetkg"'})

    async def update(self, request: Request, sparql: str, params: Params) -> Response:
        self.authorize(request)
        if any(k in ("using-graph-uri", "using-named-graph-uri") for k, _ in params):
            raise ProtocolError(400, "using-graph-uri and using-named-graph-uri are not supported; use USING in the update")
        try:
            guard.check(sparql, update=True, allow_service=self.config.allow_service, allow_load=self.config.allow_load)
        except guard.Rejected as exc:
            raise ProtocolError(exc.status, exc.message) from None
        await self.run(Job(sparql, "update"), write=True)
        return Response(status_code=204)

    # -- /graph-store ----------------------------------------------------------
    async def graph_store(self, request: Request) -> Response:
        try:
            return await self._graph_store(request)
        except ProtocolError as exc:
            return error_response(exc.status, exc.message, exc.headers)

    async def _graph_store(self, request: Request) -> Response:
        params = dict(self.query_string(request))
        if ("graph" in params) == ("default" in params):
            raise ProtocolError(400, "name the graph with ?graph=IRI, or ?default for the default graph")
        graph = params.get("graph")
        if request.method in ("GET", "HEAD"):
            media = self.negotiate(request.headers.get("accept"), formats.GRAPHS, None)
            if graph is not None:
                exists = await self.run(Job(page_query("graph-exists").text, "ask", substitutions=(("g", Term("uri", graph)),)))
                if not exists.boolean:
                    raise ProtocolError(404, f"no graph {graph} in the store")
                job = Job(page_query("graph-content").text, "construct", media, substitutions=(("g", Term("uri", graph)),))
            else:
                job = Job(page_query("default-graph-content").text, "construct", media)
            answer = await self.run(job)
            return Response(answer.body if request.method == "GET" else b"", media_type=media, headers=self.headers())
        self.authorize(request)
        action = request.method.lower()
        data = b""
        media = "text/turtle"
        if action in ("put", "post"):
            media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
            if media not in formats.GRAPHS:
                raise ProtocolError(415, f"unsupported RDF type {media or '(none)'}; expected one of {', '.join(formats.GRAPHS)}")
            data = await self.body(request)
        answer = await self.run(Job("", "update", graph_write=(action, graph, data, media)), write=True)
        if action == "delete" and not answer.changed:
            raise ProtocolError(404, f"no graph {graph} in the store")
        return Response(status_code=201 if action == "put" and not answer.changed else 204)
