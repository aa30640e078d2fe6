"""Where the language-neutral artifacts (ontology, shapes, queries) are.

In a wheel they are package data of `budgetkg`; in a source checkout
(editable install) they are the top-level folders of the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

KINDS = ("ontology", "shapes", "queries")


def folder(kind: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"unknown artifact kind {kind!r}; expected one of {KINDS}")
    packaged = Path(str(resources.files("budgetkg"))) / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / kind
