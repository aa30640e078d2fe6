"""`budgetkg serve` and `budgetkg screenshots`: thin commands over the server package."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from budgetkg.server.config import ServerConfig
from budgetkg.backend import ENV_VAR, default_location
from budgetkg.store import default_path

err = Console(stderr=True)

StoreOption = Annotated[
    Optional[Path],
    typer.Option("--store", help=f"Store folder (default ./budgetkg-store, or ${ENV_VAR})."),
]
ServeStoreOption = Annotated[
    Optional[str],
    typer.Option(
        "--store",
        help=f"Store folder, or the http(s) URL of a SPARQL query endpoint (default ./budgetkg-store, or ${ENV_VAR}).",
    ),
]


def serve(
    store: ServeStoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    timeout: Annotated[float, typer.Option(help="Stop any query after this many seconds (HTTP 504).")] = 30.0,
    workers: Annotated[int, typer.Option(help="Query worker processes (queries running at once).")] = 2,
    token: Annotated[
        Optional[str],
        typer.Option(help="Accept SPARQL Update and Graph Store writes with this bearer token; 'generate' makes one."),
    ] = None,
    allow_service: Annotated[bool, typer.Option(help="Allow SERVICE (federated queries to any host).")] = False,
    allow_load: Annotated[bool, typer.Option(help="Allow LOAD in updates (fetches any URL).")] = False,
    cors: Annotated[list[str], typer.Option(help="An origin allowed to call the endpoint from a browser ('*' for any).")] = [],
    max_request_bytes: Annotated[int, typer.Option(help="Largest request body or query string.")] = 1_000_000,
    max_result_bytes: Annotated[int, typer.Option(help="Largest result; bigger ones are refused (HTTP 507).")] = 200_000_000,
    sources: Annotated[list[Path], typer.Option(help="A folder holding the loaded files, to show source lines.")] = [],
) -> None:
    """Serve the SPARQL endpoint (/sparql) and the graph browser (/) over the store."""
    if workers < 1 or timeout <= 0:
        err.print("[red]--workers must be at least 1 and --timeout positive[/red]")
        raise typer.Exit(2)
    if token == "generate":
        token = secrets.token_urlsafe(24)
        err.print(f"write token: {token}")
    config = ServerConfig(
        store=store or default_location(),
        host=host,
        port=port,
        timeout=timeout,
        workers=workers,
        token=token,
        allow_service=allow_service,
        allow_load=allow_load,
        cors_origins=tuple(cors),
        max_request_bytes=max_request_bytes,
        max_result_bytes=max_result_bytes,
        sources=tuple(sources),
    )
    from budgetkg.server.app import serve as run

    err.print(f"budgetkg: http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql; {'read-write with token' if token else 'read-only'})")
    try:
        run(config)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def screenshots(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the PNG files.")] = Path("screenshots"),
    store: StoreOption = None,
    sources: Annotated[list[Path], typer.Option(help="Folders holding the loaded files.")] = [],
    chromium: Annotated[str, typer.Option(help="The Chromium to drive.")] = "/usr/bin/chromium",
) -> None:
    """Screenshots of the main pages (start, search, policy, project, department-year, code, graph, editor)."""
    from budgetkg.server.screenshots import take

    try:
        for path in take(store or default_path(), output, tuple(sources), chromium):
            err.print(f"wrote {path}")
    except (FileNotFoundError, RuntimeError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
