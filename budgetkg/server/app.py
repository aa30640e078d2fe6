"""The ASGI application and `serve`: routes, middleware, the query pool's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from budgetkg.backend import is_remote
from budgetkg.server import labels, urls
from budgetkg.server.config import ServerConfig
from budgetkg.server.engine import QueryEngine
from budgetkg.server.pages import Browser
from budgetkg.server.protocol import Endpoint
from budgetkg.server.remote_engine import RemoteEngine
from budgetkg.server.sources import SourceIndex

HERE = Path(__file__).resolve().parent


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["money"] = lambda v: labels.money(v) if v is not None else "—"
    templates.env.filters["wan"] = lambda v: labels.wan(v) if v is not None else ""
    templates.env.filters["thousands"] = lambda v: f"{v:,}" if v is not None else ""
    templates.env.globals["page"] = urls.page
    return templates


def create_app(config: ServerConfig) -> Starlette:
    """The application for ``config``; the worker pool starts with it and stops with it."""
    engine: QueryEngine | RemoteEngine
    if is_remote(config.store):
        engine = RemoteEngine(config.store, size=config.workers, timeout=config.timeout)
    else:
        if not (Path(config.store) / "CURRENT").is_file():
            raise FileNotFoundError(f"no store at {config.store}: load documents first (budgetkg load FILES --store {config.store})")
        engine = QueryEngine(Path(config.store), size=config.workers, timeout=config.timeout)
    endpoint = Endpoint(config, engine)
    browser = Browser(endpoint, _templates(), SourceIndex(config.sources))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await engine.start()
        try:
            yield
        finally:
            await engine.close()

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "workers": engine.size, "timeouts": engine.timeouts})

    routes = [
        Route("/", browser.home, name="home"),
        Route(urls.SPARQL, endpoint.sparql, methods=["GET", "POST"], name="sparql"),
        Route("/graph-store", endpoint.graph_store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"]),
        Route(urls.ID_PREFIX + "{path:path}", browser.resource_by_path),
        Route("/resource", browser.resource_by_param),
        Route("/search", browser.search),
        Route("/graph", browser.graph),
        Route("/api/neighbourhood", browser.neighbourhood),
        Route(urls.EDITOR, browser.editor),
        Route(urls.QUERIES, browser.queries),
        Route(urls.QUERIES + "/{name}", browser.run_named),
        Route("/source/{sha256}", browser.source),
        Route("/health", health),
        Mount(urls.STATIC, app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = []
    if config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept", "Authorization"],
                expose_headers=["Budgetkg-Limits"],
            )
        )
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def serve(config: ServerConfig) -> None:
    """Run the server until interrupted."""
    app = create_app(config)
    uvicorn.run(app, host=config.host, port=config.port, log_level="warning", h11_max_incomplete_event_size=max(config.max_request_bytes, 65536))
