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
