"""Loading into the on-disk store through the CLI, as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.store import GraphStore

from conftest import SAMPLES

runner = CliRunner()


def test_load_query_and_reload_is_idempotent(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = runner.invoke(app, ["load", str(SAMPLES), "--store", str(store)])
    assert first.exit_code == 0, first.output
    count = GraphStore(store).count()
    again = runner.invoke(app, ["load", str(SAMPLES), "--store", str(store)])
    assert again.exit_code == 0
    assert GraphStore(store).count() == count
    assert len([g for g in GraphStore(store).graphs() if g.endswith("/graph")]) == 2  # documents; besides them the issuer registry and the policy resolution
    result = runner.invoke(
        app,
        ["query", "projects-citing-policy", "--param", "docNumber=沪委办〔2021〕15号", "--format", "json", "--store", str(store)],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted((r["name"], r["amount"]) for r in rows) == [
        ("2023年数字化建设项目", "333498400"),
        ("2023年数字化运维及综合保障项目", "389283400"),
    ]


def test_bad_file_fails_alone(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello world, not a budget", encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(app, ["load", str(bad), str(SAMPLES / "shanghai-bigdata-center-2023-budget.txt"), "--store", str(store)])
    assert result.exit_code == 1
    assert "notes.txt" in result.output and "not a budget disclosure" in result.output
    assert len([g for g in GraphStore(store).graphs() if g.endswith("/graph")]) == 1


def test_gbk_copy_loads_like_the_original(tmp_path: Path) -> None:
    original = SAMPLES / "shanghai-bigdata-center-2023-budget.txt"
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    a, b = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(app, ["load", str(original), "--store", str(a)]).exit_code == 0
    assert runner.invoke(app, ["load", str(gbk), "--store", str(b)]).exit_code == 0
    # The same triples: only the file hash and name differ, and they are values, not extra triples.
    assert GraphStore(a).count() == GraphStore(b).count()


def test_query_export_and_info_run_while_another_process_holds_the_store(tmp_path: Path) -> None:
    """Regression: a second process could not query the store during a load (the write lock)."""
    import subprocess
    import sys

    store = tmp_path / "store"
    assert runner.invoke(app, ["load", str(SAMPLES), "--store", str(store), "--no-validate"]).exit_code == 0
    with GraphStore(store):  # holds the write lock, as a running load does
        for args in (
            ["query", "projects-citing-policy", "--param", "docNumber=沪委办〔2021〕15号", "--format", "csv"],
            ["info"],
            ["export", "--format", "nquads"],
            ["validate", "--format", "json"],
        ):
            command = [sys.executable, "-m", "budgetkg", *args, "--store", str(store)]
            result = subprocess.run(command, capture_output=True, text=True, timeout=120)
            assert result.returncode in (0, 1), (args, result.stderr)
            assert result.stdout, args
    assert "2023年数字化建设项目" in subprocess.run(
        [sys.executable, "-m", "budgetkg", "query", "projects-citing-policy", "--param", "docNumber=沪委办〔2021〕15号",
         "--format", "csv", "--store", str(store)], capture_output=True, text=True, timeout=120).stdout


def test_reading_a_missing_store_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["info", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no store at" in result.output
    assert not (tmp_path / "nowhere").exists()
