"""Every row of every table of both samples: code, name, each amount column as printed, lines.

The golden files were checked against the documents: each row's figures are the
figures printed on its lines, every row satisfies its table's identities
(合计 = 基本支出 + 项目支出 …), and every code's figures are the sums of its
children's. After a deliberate change, rewrite them with
``python tests/golden_tables.py`` and review the diff.
"""

from __future__ import annotations

import json

import pytest

from golden_tables import DOCUMENTS, golden_path, records

from conftest import SAMPLES, parsed

CASES = [
    (name, table["kind"])
    for name in DOCUMENTS
    for table in json.loads(golden_path(name).read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(("name", "kind"), CASES, ids=[f"{n[-11:-7]}-{k}" for n, k in CASES])
def test_table_rows_match_the_golden_records(name: str, kind: str) -> None:
    golden = {t["kind"]: t for t in json.loads(golden_path(name).read_text(encoding="utf-8"))}
    actual = {t["kind"]: t for t in records(parsed(SAMPLES / f"{name}.txt"))}
    assert actual[kind] == golden[kind]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_table_is_missing_or_extra(name: str) -> None:
    golden = [t["kind"] for t in json.loads(golden_path(name).read_text(encoding="utf-8"))]
    assert [t.kind for t in parsed(SAMPLES / f"{name}.txt").tables] == golden
