"""Validation in worker processes gives the serial findings, in the serial order."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.corpus import write
from budgetkg.cli import app
from budgetkg.loading import Loaded, load_document, load_documents
from budgetkg.store import GraphStore
from budgetkg.validation import Report, document_graphs, validate

from conftest import SAMPLE_2019, SAMPLE_2023, corpus

REAL = [SAMPLE_2019, SAMPLE_2023, *(corpus(name) for name in (
    "sh-putuo-wanli-2023-budget.txt", "sh-putuo-wanli-2025-budget.tab.txt", "sh-czj-2025-unit-budget.txt",
    "sh-putuo-fuliyuan-2024-unit-budget.txt"))]


def _same(serial: Report, parallel: Report) -> None:
    assert parallel.documents == serial.documents
    assert parallel.labels == serial.labels and parallel.files == serial.files
    assert parallel.findings == serial.findings
    assert set(parallel.seconds) == set(serial.seconds)


def test_jobs_give_the_serial_report_on_the_real_documents(tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store") as store:
        for path in REAL:
            load_document(store, path)
        serial = validate(store)
        parallel = validate(store, jobs=2)
    assert any(f.severity == "Violation" for f in serial.findings)  # there is something to get in order
    _same(serial, parallel)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Loaded]]:
    """Twenty generated documents loaded by two workers that also validate them."""
    folder = tmp_path_factory.mktemp("generated")
    paths = sorted(g.path for g in write(folder / "corpus", 20))
    with GraphStore(folder / "store") as store:
        loaded = [r for r in load_documents(store, paths, jobs=2, check=True)]
    assert all(isinstance(r, Loaded) for r in loaded)
    return folder / "store", loaded  # type: ignore[return-value]


def test_jobs_give_the_serial_report_on_a_generated_corpus(generated: tuple[Path, list[Loaded]]) -> None:
    with GraphStore(generated[0], read_only=True) as store:
        serial = validate(store)
        parallel = validate(store, jobs=2)
    assert len(serial.documents) == 20 and serial.findings
    _same(serial, parallel)


def test_a_parallel_load_validates_in_the_workers_as_the_store_would(generated: tuple[Path, list[Loaded]]) -> None:
    store_path, loaded = generated
    with GraphStore(store_path, read_only=True) as store:
        serial = validate(store, cross_document=False)
        graphs = document_graphs(store)
    for done in loaded:
        assert done.report is not None
        (document,) = done.report.documents
        assert graphs[document] == done.graph
        assert done.report.labels[document] == serial.labels[document]
        assert done.report.files[document] == serial.files[document] == done.path.name
        assert done.report.findings == [f for f in serial.findings if f.document == document]


def test_a_serial_load_checks_each_document_as_the_parallel_one_does(tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store") as store:
        (done,) = load_documents(store, [SAMPLE_2023], jobs=2, check=True)  # one file: no workers
        serial = validate(store, cross_document=False)
    assert isinstance(done, Loaded) and done.report is not None
    assert done.report.findings == serial.findings and serial.findings


def test_parallel_load_prints_the_serial_findings_and_strict_refuses_in_the_parent(tmp_path: Path) -> None:
    runner = CliRunner()
    files = [str(SAMPLE_2023), str(corpus("sh-putuo-wanli-2023-budget.txt"))]
    outputs = {}
    for jobs in ("1", "2"):
        store = tmp_path / f"jobs{jobs}"
        result = runner.invoke(app, ["load", *files, "--store", str(store), "--strict", "--jobs", jobs])
        assert result.exit_code == 1 and "refused (--strict)" in result.output
        with GraphStore(store, read_only=True) as db:
            assert list(validate(db).files.values()) == [SAMPLE_2023.name]
        outputs[jobs] = result.output.split("\nloaded ")[0].splitlines()  # without the timed summary
    assert any("ChangeImpliesNegativePrior" in line for line in outputs["2"])
    assert outputs["2"] == outputs["1"]
