"""How a server is started: every option of `budgetkg serve` in one value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    """Options of the server; the defaults are the safe ones (loopback, read-only)."""

    store: str  # a store folder, or the URL of a remote SPARQL query endpoint
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    workers: int = 2
    token: str | None = None  # SPARQL Update and Graph Store writes need it; None: read-only
    allow_service: bool = False
    allow_load: bool = False
    cors_origins: tuple[str, ...] = ()
    max_request_bytes: int = 1_000_000
    max_result_bytes: int = 200_000_000
    sources: tuple[Path, ...] = ()  # folders holding the loaded files, to show source lines

    @property
    def writable(self) -> bool:
        return self.token is not None

    def limits_header(self) -> str:
        """The limits every SPARQL answer announces (header ``Budgetkg-Limits``)."""
        return (
            f"timeout={self.timeout:g}s; max-result-bytes={self.max_result_bytes}; "
            f"max-request-bytes={self.max_request_bytes}"
        )
