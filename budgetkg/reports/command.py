"""``budgetkg report ...``: the reports as CLI commands (logic in trace.py and render.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from budgetkg.reports.render import FORMATS, render
from budgetkg.reports.trace import ReportError, build
from budgetkg.backend import open_store
from budgetkg.store import StoreError

app = typer.Typer(no_args_is_help=True, help="Reports over the loaded documents.")
err = Console(stderr=True)


@app.command()
def trace(
    policy: Annotated[Optional[str], typer.Option("--policy", help="A policy document: 发文字号 (any brackets) or title.")] = None,
    project: Annotated[Optional[str], typer.Option("--project", help="A project: its name (or IRI).")] = None,
    department: Annotated[Optional[str], typer.Option("--department", help="A department (with --year: one department-year).")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="A fiscal year.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html, markdown, csv or json.")] = "markdown",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File (default: standard output).")] = None,
    store: Annotated[Optional[str], typer.Option("--store", help="Store folder, or the URL of a SPARQL query endpoint.")] = None,
) -> None:
    """Which policies justify which spending: for one policy, one project, one department-year, or everything."""
    if fmt not in FORMATS:
        err.print(f"[red]--format {fmt!r}: expected {', '.join(FORMATS)}[/red]")
        raise typer.Exit(2)
    if policy is not None and project is not None:
        err.print("[red]give --policy or --project, not both[/red]")
        raise typer.Exit(2)
    try:
        db = open_store(store)
    except StoreError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    with db:
        try:
            report = build(db, policy=policy, project=project, department=department, year=year)
        except ReportError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
    text = render(report, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"{output}: {fmt} report on {report.subject}: {len(report.policies)} policy document(s), {len(report.projects)} project(s)")
