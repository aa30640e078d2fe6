"""The loaded files themselves, found by content hash, to show a fact's source lines.

The store records each file's SHA-256 and name, not where it lies; the server
is told folders to look in (``budgetkg serve --sources DIR``) and reads the
lines the same way the loader numbered them (text layouts or PDF extraction).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from budgetkg.loaders.document import iter_inputs
from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.pdf import read_pdf
from budgetkg.loaders.records import SourceLine
from budgetkg.loaders.text import read_text


class SourceIndex:
    """Files under the given folders, by SHA-256."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.by_hash: dict[str, Path] = {}
        if folders:
            for path in iter_inputs(list(folders)):
                self.by_hash[hashlib.sha256(path.read_bytes()).hexdigest()] = path

    def path(self, sha256: str) -> Path | None:
        return self.by_hash.get(sha256)

    def lines(self, sha256: str) -> list[SourceLine] | None:
        path = self.path(sha256)
        return _read(path) if path else None


@lru_cache(maxsize=16)
def _read(path: Path) -> list[SourceLine] | None:
    try:
        if path.suffix.lower() == ".pdf":
            return read_pdf(path)[0]
        return read_text(path)[0]
    except DocumentError:
        return None
