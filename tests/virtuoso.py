"""A Virtuoso server for the tests: a fresh database in a folder, on free loopback ports.

Debian's ``virtuoso-opensource`` (7.2) provides ``virtuoso-t``; scripts/setup-virtuoso.sh
installs it. The SPARQL endpoints of a fresh database: /sparql (anonymous, read),
/sparql-auth (update, Digest auth as dba) and /sparql-graph-crud-auth (Graph Store
Protocol, Digest auth as dba).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


from budgetkg.server.running import free_port, stop, wait_until_answering

BINARY = "virtuoso-t"
INSTALL = "scripts/setup-virtuoso.sh (apt-get install -y virtuoso-opensource)"
STARTUP = 90.0


@dataclass(frozen=True)
class Virtuoso:
    """A running server: its endpoints, and the environment that points budgetkg at it."""

    base: str
    folder: Path

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def env(self) -> dict[str, str]:
        return {
            "BUDGETKG_STORE_UPDATE": f"{self.base}/sparql-auth",
            "BUDGETKG_STORE_GRAPH_STORE": f"{self.base}/sparql-graph-crud-auth",
            "BUDGETKG_STORE_USER": "dba",
            "BUDGETKG_STORE_PASSWORD": "dba",
        }

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.is_file() else ""


def _ini(folder: Path, sql_port: int, http_port: int, max_rows: int) -> str:
    return f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 8
ServerThreads = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


@contextmanager
def running_virtuoso(folder: Path, *, max_rows: int = 1_000_000) -> Iterator[Virtuoso]:
    """Start ``virtuoso-t`` with a fresh database in ``folder``; stop it afterwards.

    ``max_rows`` is the server's ResultSetMaxRows (Virtuoso's default is 10,000).

    :raises RuntimeError: ``virtuoso-t`` is not installed, or did not answer in time.
    """
    binary = shutil.which(BINARY)
    if binary is None:
        raise RuntimeError(f"{BINARY} is not installed: run {INSTALL}")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(folder, sql_port, http_port, max_rows), encoding="utf-8")
    output = (folder / "stdout.log").open("wb")
    process = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=folder, stdout=output, stderr=subprocess.STDOUT)
    server = Virtuoso(f"http://127.0.0.1:{http_port}", folder)
    try:
        wait_until_answering(f"{server.query}?query=ASK%7B%7D", process, timeout=STARTUP, name=BINARY, output=server.log)
        yield server
    finally:
        stop(process, timeout=30)
        output.close()
