from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from budgetkg.loaders.document import read_document
from budgetkg.loaders.records import Disclosure

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE_2023 = SAMPLES / "shanghai-bigdata-center-2023-budget.txt"
SAMPLE_2019 = SAMPLES / "shanghai-bigdata-center-2019-budget.txt"


@cache
def parsed(path: Path) -> Disclosure:
    return read_document(path)


@pytest.fixture(scope="session")
def d2023() -> Disclosure:
    return parsed(SAMPLE_2023)


@pytest.fixture(scope="session")
def d2019() -> Disclosure:
    return parsed(SAMPLE_2019)


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"corpus file {path} is missing: the tests read ../shared/corpus beside the repository")
    return path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the two bundled samples."""
    from budgetkg.loading import load_document
    from budgetkg.store import GraphStore

    path = tmp_path_factory.mktemp("served") / "store"
    with GraphStore(path) as store:
        for sample in (SAMPLE_2019, SAMPLE_2023):
            load_document(store, sample)
    return path


@pytest.fixture(scope="session")
def server(sample_store: Path) -> Iterator[str]:
    """`budgetkg serve` over the samples, in its own process; yields the base URL."""
    from budgetkg.server.running import running_server

    with running_server(sample_store, "--sources", str(SAMPLES), "--timeout", "20") as base:
        yield base


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A Virtuoso server on loopback with a fresh database, for the whole session.

    Not installed is a failure, not a skip: scripts/setup-virtuoso.sh installs it.
    """
    from virtuoso import running_virtuoso

    try:
        with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
            yield server
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


BACKENDS = ("oxigraph", "virtuoso")


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty store of each backend: a new folder, or Virtuoso emptied of budgetkg's graphs.

    The remote store's endpoints and credentials are put in the environment, as a user would.
    """
    if request.param == "oxigraph":
        return str(tmp_path / "store")
    from budgetkg.remote import RemoteStore, endpoints_from_env

    server = request.getfixturevalue("virtuoso")
    for name, value in server.env.items():
        monkeypatch.setenv(name, value)
    with RemoteStore(endpoints_from_env(server.query)) as store:
        for graph in store.graphs():
            store.remove_graph(graph)
    return str(server.query)
