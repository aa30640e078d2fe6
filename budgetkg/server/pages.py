"""The graph browser: a page for every IRI, search, graph view, editor, named queries.

An IRI's page is HTML for browsers and Turtle, N-Triples, JSON-LD or RDF/XML
by content negotiation (as LodView does). Every page's data comes from the
`.rq` files in `queries/` beside this module, run through the same worker
pool and timeout as the SPARQL endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.templating import Jinja2Templates

from budgetkg.iris import BASE
from budgetkg.queries import catalog
from budgetkg.server import formats, labels, search, urls, views
from budgetkg.server.pagequeries import page_query
from budgetkg.server.paging import MAX_PAGE_ROWS, PAGE_ROWS, Paging
from budgetkg.server.protocol import Endpoint, ProtocolError
from budgetkg.server.sources import SourceIndex
from budgetkg.server.worker import Job, Term

_BKG = "https://w3id.org/budgetkg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_LONG_TEXT = (_BKG + "text", _BKG + "rawText", _BKG + "mainFunctions", _BKG + "periodText")
_RICH = {
    _BKG + "PolicyDocument": ("policy", views.policy),
    _BKG + "Project": ("project", views.project),
    _BKG + "Disclosure": ("disclosure", views.disclosure),
    "http://www.w3.org/2004/02/skos/core#Concept": ("code", views.code),
}
_INCOMING_SHOWN = 12
_GRAPH_NODES = 60


def best_label(terms: list[Term]) -> labels.Label | None:
    """A Chinese label where there is one (else untagged, else English), and the English one."""
    zh = next((t.value for t in terms if t.lang and t.lang.startswith("zh")), None)
    plain = next((t.value for t in terms if not t.lang), None)
    en = next((t.value for t in terms if t.lang == "en"), None)
    main = zh or plain or en
    return labels.Label(main, en if en != main else None) if main else None


@dataclass
class Value:
    """One object of a statement, ready to show."""

    text: str
    iri: str | None = None
    en: str | None = None
    long: bool = False
    lang: str | None = None

    @property
    def url(self) -> str | None:
        return urls.page(self.iri) if self.iri else None


@dataclass
class Statement:
    predicate: str
    label: labels.Label
    values: list[Value] = field(default_factory=list)


@dataclass
class IncomingGroup:
    predicate: str
    label: labels.Label
    counts: list[tuple[str, int]]  # (kind label, count)
    total: int
    shown: list[Value] = field(default_factory=list)


class Browser:
    def __init__(self, endpoint: Endpoint, templates: Jinja2Templates, sources: SourceIndex) -> None:
        self.endpoint = endpoint
        self.templates = templates
        self.sources = sources
        self.vocab = labels.vocabulary()

    async def rows(self, name: str, **bind: str | Term) -> tuple[dict[str, Term], ...]:
        query = page_query(name)
        subs = tuple((k, v if isinstance(v, Term) else Term("uri", v)) for k, v in bind.items())
        answer = await self.endpoint.run(Job(query.text, "select", substitutions=subs))
        return answer.rows

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> Response:
        return self.templates.TemplateResponse(request, template, {"urls": urls, **context}, status_code=status)

    def error(self, request: Request, status: int, message: str) -> Response:
        if formats.page_format_or_html(request.headers.get("accept")) != "text/html":
            return Response(message + "\n", status_code=status, media_type="text/plain")
        return self.render(request, "error.html", status=status, status_code=status, message=message)

    # -- a resource ---------------------------------------------------------------
    async def resource_by_path(self, request: Request) -> Response:
        return await self.resource(request, urls.iri_of_path(request.path_params["path"]))

    async def resource_by_param(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            return self.error(request, 400, "give the resource as ?iri=")
        return await self.resource(request, iri)

    async def resource(self, request: Request, iri: str) -> Response:
        try:
            media = formats.page_format(request.headers.get("accept"))
        except formats.NotAcceptable as exc:
            return Response(str(exc) + "\n", status_code=406, media_type="text/plain")
        try:
            exists = await self.endpoint.run(Job(page_query("resource-exists").text, "ask", substitutions=(("this", Term("uri", iri)),)))
            if not exists.boolean:
                return self.error(request, 404, f"{iri} 不在图中 (no such resource in the graph)")
            if media != "text/html":
                job = Job(page_query("resource-describe").text, "construct", media, substitutions=(("this", Term("uri", iri)),))
                answer = await self.endpoint.run(job)
                return Response(answer.body, media_type=media, headers={"Vary": "Accept"})
            return await self.resource_page(request, iri)
        except ProtocolError as exc:
            return self.error(request, exc.status, exc.message)

    async def resource_page(self, request: Request, iri: str) -> Response:
        out = await self.rows("resource-outgoing", this=iri)
        statements: dict[str, Statement] = {}
        object_labels: dict[str, list[Term]] = {}
        own_labels: dict[str, list[Term]] = {}
        types: list[str] = []
        seen: set[tuple[str, str, str, str | None]] = set()
        for r in out:
            p, o = r["p"].value, r["o"]
            if p in (*_LABELS, _NOTATION, _ALT) and o.kind == "literal":
                own_labels.setdefault(p, []).append(o)
            if p == _RDF_TYPE:
                types.append(o.value)
            if o.kind == "uri" and "label" in r:
                object_labels.setdefault(o.value, []).append(r["label"])
            st = statements.setdefault(p, Statement(p, self.vocab.label(p)))
            key = (p, o.kind, o.value, o.lang)
            if key not in seen:
                seen.add(key)
                st.values.append(self.value(o, p))
        for st in statements.values():
            for v in st.values:
                if v.iri:
                    found = best_label(object_labels.get(v.iri, [])) or (self.vocab.label(v.iri) if not v.iri.startswith(BASE) else None)
                    if found:
                        v.text, v.en = found.zh, found.en
        title = next((found for p in _LABELS if (found := best_label(own_labels.get(p, [])))), None)
        if title is None and _NOTATION in own_labels:
            name = best_label(own_labels.get(_ALT, []))
            title = labels.Label(own_labels[_NOTATION][0].value + (" " + name.zh if name else ""))
        title = title or labels.Label(short_name(iri))
        ordered = sorted(statements.values(), key=lambda s: (s.predicate != _RDF_TYPE, s.predicate not in _LABELS, s.label.zh))
        incoming = await self.incoming(iri)
        kinds = [self.vocab.label(t) for t in types]
        rich_name, rich = None, None
        for t in types:
            if t in _RICH:
                rich_name, build = _RICH[t]
                rich = await build(self.rows, iri)
                break
        return self.render(
            request,
            "resource.html",
            iri=iri,
            title=title,
            kinds=kinds,
            statements=ordered,
            incoming=incoming,
            rich_name=rich_name,
            rich=rich,
            sources=self.sources,
        )

    def value(self, term: Term, predicate: str) -> Value:
        if term.kind == "uri":
            return Value(term.value, iri=term.value)
        return Value(labels.literal_text(term, predicate), long=predicate in _LONG_TEXT or len(term.value) > 120, lang=term.lang)

    async def incoming(self, iri: str) -> list[IncomingGroup]:
        groups: dict[str, IncomingGroup] = {}
        for r in await self.rows("resource-incoming-groups", this=iri):
            p = r["p"].value
            group = groups.setdefault(p, IncomingGroup(p, self.vocab.label(p), [], 0))
            kind = self.vocab.label(r["kind"].value).zh if "kind" in r else "资源"
            group.counts.append((kind, int(r["n"].value)))
            group.total += int(r["n"].value)
        for r in await self.rows("resource-incoming", this=iri):
            shown = groups[r["p"].value].shown if r["p"].value in groups else None
            if shown is None or len(shown) >= _INCOMING_SHOWN:
                continue
            s = r["s"].value
            if any(v.iri == s for v in shown):
                continue
            text = r["label"].value if "label" in r else short_name(s)
            shown.append(Value(text, iri=s))
        return sorted(groups.values(), key=lambda g: -g.total)

    # -- start page, search -----------------------------------------------------
    async def home(self, request: Request) -> Response:
        try:
            documents = await self.rows("documents")
            policies = await self.rows("top-policies")
        except ProtocolError as exc:
            return self.error(request, exc.status, exc.message)
        return self.render(request, "home.html", documents=documents, policies=policies)

    async def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        groups: list[search.Group] = []
        if q:
            needle = search.fold(q)
            bind: dict[str, str | Term] = {"needle": Term("literal", needle)}
            number = search.doc_number(q)
            if number:
                bind["docNumber"] = Term("literal", number)
            try:
                groups = search.rank(await self.rows("search", **bind), needle)
            except ProtocolError as exc:
                return self.error(request, exc.status, exc.message)
        if formats.page_format_or_html(request.headers.get("accept")) != "text/html" or request.query_params.get("format") == "json":
            return JSONResponse(
                {
                    "q": q,
                    "groups": [
                        {"kind": g.kind, "total": g.total, "hits": [{"iri": h.iri, "text": h.text, "url": urls.page(h.iri)} for h in g.hits]}
                        for g in groups
                    ],
                }
            )
        kind_labels = {g.kind: (self.vocab.label(g.kind).zh if g.kind else "其他") for g in groups}
        return self.render(request, "search.html", q=q, groups=groups, kind_labels=kind_labels)

    # -- graph view -----------------------------------------------------------
    async def graph(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        return self.render(request, "graph.html", iri=iri)

    async def neighbourhood(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            return JSONResponse({"error": "give ?iri="}, status_code=400)
        try:
            return await self._neighbourhood(iri)
        except ProtocolError as exc:
            return JSONResponse({"error": exc.message}, status_code=exc.status)

    async def _neighbourhood(self, iri: str) -> Response:
        found = await self.rows("neighbourhood", this=iri)
        nodes: dict[str, dict[str, Any]] = {}
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        label_terms: dict[str, list[Term]] = {}
        for r in found:
            n = r["node"].value
            if "label" in r:
                label_terms.setdefault(n, []).append(r["label"])
            if n not in nodes:
                if len(nodes) >= _GRAPH_NODES:
                    continue
                kind = r["kind"].value if "kind" in r else None
                nodes[n] = {"id": n, "kind": kind.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if kind else "", "url": urls.page(n)}
            source, target = (iri, n) if r["direction"].value == "out" else (n, iri)
            p = r["p"].value
            edges.setdefault((source, p, target), {"source": source, "target": target, "label": self.vocab.label(p).zh})
        for n, node in nodes.items():
            found_label = best_label(label_terms.get(n, []))
            node["label"] = found_label.zh if found_label else short_name(n)
        total = len({r["node"].value for r in found})
        center = best_label([r["label"] for r in await self.rows("resource-label", this=iri)])
        label = center.zh if center else short_name(iri)
        return JSONResponse({"center": iri, "centerLabel": label, "nodes": list(nodes.values()), "edges": list(edges.values()), "total": total})

    # -- SPARQL editor, named queries ---------------------------------------------
    async def editor(self, request: Request) -> Response:
        return self.render(request, "editor.html", queries=catalog(), initial=request.query_params.get("query", ""))

    async def queries(self, request: Request) -> Response:
        named = catalog()
        if formats.page_format_or_html(request.headers.get("accept")) != "text/html":
            return JSONResponse(
                [
                    {"name": q.name, "title": q.title, "description": q.description, "parameters": q.parameters, "url": urls.named_query(q.name)}
                    for q in named.values()
                ]
            )
        return self.render(request, "queries.html", queries=named, page_rows=PAGE_ROWS, max_page_rows=MAX_PAGE_ROWS)

    async def run_named(self, request: Request) -> Response:
        named = catalog()
        name = request.path_params["name"]
        if name not in named:
            return self.error(request, 404, f"no named query {name!r}; named queries: {', '.join(sorted(named))}")
        query = named[name]
        params = dict(request.query_params)
        short = params.pop("format", None)
        paging = {k: params.pop(k) for k in ("page", "rows") if k in params}
        unknown = sorted(set(params) - set(query.parameters))
        if unknown:
            return self.error(request, 400, f"unknown parameter(s) {', '.join(unknown)} for {name}; expected: {', '.join(query.parameters) or 'none'}")
        subs = tuple((k, _parameter(v)) for k, v in params.items())
        accept = request.headers.get("accept")
        if short is None and formats.page_format_or_html(accept) == "text/html":
            try:
                page = Paging.parse(paging)
            except ValueError as exc:
                return self.error(request, 400, str(exc))
            try:
                answer = await self.endpoint.run(Job(query.text, "select", substitutions=subs, window=page.window))
            except ProtocolError as exc:
                return self.error(request, exc.status, exc.message)
            pages = page.pages(answer.total)
            if page.number > pages:
                return self.error(request, 404, f"{name} has {answer.total} rows, {pages} page(s) of {page.size}: there is no page {page.number}")
            return self.render(
                request, "query_result.html", query=query, params=params, answer=answer, value=self.cell, page=page, pages=pages
            )
        if paging:
            return self.error(request, 400, "page and rows page the HTML table; the other formats give every row")
        try:
            return await self.endpoint.query(request, query.text, short=short, substitutions=subs)
        except ProtocolError as exc:
            return Response(exc.message + "\n", status_code=exc.status, media_type="text/plain")

    def cell(self, term: Term | None, variable: str) -> Value:
        if term is None:
            return Value("")
        if term.kind == "uri":
            return Value(term.value, iri=term.value)
        if term.datatype and term.datatype.endswith("#decimal") and variable.lower().endswith("amount"):
            return Value(labels.money(term.value))
        return Value(labels.literal_text(term))

    # -- source lines -----------------------------------------------------------
    async def source(self, request: Request) -> Response:
        sha = request.path_params["sha256"]
        lines = self.sources.lines(sha)
        first = _int(request.query_params.get("from"))
        last = _int(request.query_params.get("to")) or first
        if lines is None:
            return self.error(
                request, 404, f"源文件 {sha} 不在服务器的 --sources 文件夹中 (the file with this SHA-256 is not in the folders given to --sources)"
            )
        path = self.sources.path(sha)
        return self.render(request, "source.html", sha=sha, path=path, lines=lines, first=first, last=last)


def short_name(iri: str) -> str:
    """A resource without a label: the tail of its IRI (e.g. table/expenditure/row/3/合计)."""
    tail = iri.removeprefix(BASE)
    return "/".join(tail.split("/")[-5:])


def _parameter(value: str) -> Term:
    """A named query's parameter: ``<iri>`` is an IRI, anything else a plain string."""
    if value.startswith("<") and value.endswith(">"):
        return Term("uri", value[1:-1])
    return Term("literal", value, "http://www.w3.org/2001/XMLSchema#string")


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None
