"""The SPARQL the pages run: `.rq` files beside this module, read once.

They are bound with pyoxigraph substitutions, which require a bound variable
to be in the SELECT projection: that is why the page queries project ?this.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from budgetkg.queries import NamedQuery, parse_header

FOLDER = Path(__file__).resolve().parent / "queries"


@cache
def page_query(name: str) -> NamedQuery:
    path = FOLDER / f"{name}.rq"
    return parse_header(name, path, path.read_text(encoding="utf-8"))


def all_page_queries() -> list[NamedQuery]:
    return [page_query(p.stem) for p in sorted(FOLDER.glob("*.rq"))]
