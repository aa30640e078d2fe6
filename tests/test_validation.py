"""Validation of the real documents: the findings checked by hand, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.loading import load_document
from budgetkg.store import GraphStore
from budgetkg.validation import document_graphs, validate
from budgetkg.validation_report import render

from conftest import SAMPLE_2019, SAMPLE_2023, corpus

# (rule, first line) of every Violation and Warning, checked against the documents by hand.
EXPECTED = {
    SAMPLE_2019: {("DescribedProjectsVsProjectSpending", 172), ("PerformanceTargetsStated", 385)},
    SAMPLE_2023: {("DescribedProjectsVsProjectSpending", 166), ("PerformanceTargetsStated", 344),
                  ("ProjectPolicyBasis", 661)},  # 管理工作经费项目: no policy document
    "sh-putuo-wanli-2023-budget.txt": {
        ("ChangeImpliesNegativePrior", 76),  # 政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元
        ("NarrativeArrangedAmount", 119),  # 职业年金 220.63万元 … 2023年预算安排441.25万元
        ("FormAppropriationWithinRequest", 764),  # 公共服务设施运行经费 11,419,043 > 10,903,043
        ("PerformanceTargetsStated", 553),  # 5 projects 3328.13万元, the forms add up to 3351.33万元
        ("DescribedProjectsVsProjectSpending", 351),
    },
    "sh-putuo-wanli-2025-budget.tab.txt": {
        ("ChildrenSum", 228), ("ChildrenSum", 321), ("ChildrenSum", 444),  # 212 01: 94,995,790 ≠ its 项 (94,995,789)
        ("ColumnSum", 321), ("ColumnSum", 444),  # 94,995,790 ≠ 77,381,546 + 17,614,243
        ("DescribedProjectsVsProjectSpending", 342), ("PerformanceTargetsStated", 573),
    },
    "sh-czj-2025-unit-budget.txt": {("ChildrenSum", 277), ("PerformanceTargetsStated", 339)},  # 302: 24,840,779 ≠ 24,840,778
    "sh-putuo-fuliyuan-2024-unit-budget.txt": {
        ("NarrativeClassLine", 69),  # 社会福利事业单位 738.66万元 in the narrative, 6,964,796 元 in the table
        ("PerformanceTargetsStated", 255),
    },
}


def _path(name: Path | str) -> Path:
    return name if isinstance(name, Path) else corpus(name)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with GraphStore(tmp_path_factory.mktemp("store")) as store:
        for name in EXPECTED:
            load_document(store, _path(name))
        return validate(store)


@pytest.mark.parametrize("name", list(EXPECTED), ids=lambda n: Path(n).name)
def test_findings_are_the_ones_checked_by_hand(report, name) -> None:  # type: ignore[no-untyped-def]
    file = _path(name).name
    document = next(d for d, f in report.files.items() if f == file)
    got = {(f.rule, f.line_start) for f in report.findings if f.document == document and f.severity != "Info"}
    assert got == EXPECTED[name]


def test_findings_name_their_numbers(report) -> None:  # type: ignore[no-untyped-def]
    # Regression: after the 万里 2023 section was joined to its form, only 4 forms were counted.
    targets = next(f for f in report.findings if f.rule == "PerformanceTargetsStated" and f.line_start == 553)
    assert dict(targets.values)["projects"] == "5" and dict(targets.values)["amount"] == "33,513,343"
    arranged = next(f for f in report.findings if f.rule == "NarrativeArrangedAmount")
    assert "220.63" in arranged.message_zh and "441.25" in arranged.message_zh
    column = next(f for f in report.findings if f.rule == "ColumnSum")
    assert dict(column.values)["printed"] == "94,995,790" and dict(column.values)["sum"] == "94,995,789"


def _mutated(tmp_path: Path) -> Path:
    text = SAMPLE_2023.read_text(encoding="utf-8")
    # one amount changed (201 03 50 基本支出 in the 支出预算总表 only)
    row = "201\t03\t50\t事业运行\t1,486,109,040\t154,868,965\t1,331,240,075"
    assert text.count(row) == 1
    text = text.replace(row, row.replace("154,868,965", "154,868,966"))
    # one 立项依据 removed (管理工作经费项目)
    basis = "二、立项依据\n\n为保障中心正常运转，各类后勤支出保障工作。\n\n"
    assert basis in text
    text = text.replace(basis, "")
    # one table deleted (部门支出预算分单位明细表, listed in the 目录)
    start = text.index("2023年部门支出预算分单位明细表\n\n编制部门")
    end = text.index("2023年部门财政拨款收支预算总表\n\n编制部门")
    text = text[:start] + text[end:]
    path = tmp_path / "mutated-2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_mutated_sample_is_caught_by_exactly_the_expected_rules(tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store") as store:
        load_document(store, _mutated(tmp_path))
        found = validate(store)
    got = {(f.rule, f.severity) for f in found.findings} - {
        ("DescribedProjectsVsProjectSpending", "Warning"), ("PerformanceTargetsStated", "Warning")}
    assert got == {
        ("ColumnSum", "Violation"),  # 201 03 50: 合计 ≠ 基本支出 + 项目支出
        ("ChildrenSum", "Violation"),  # 201 03 基本支出 ≠ its 项
        ("ProjectSevenParts", "Violation"),  # 管理工作经费项目 has no 立项依据
        ("ProjectPolicyBasis", "Warning"),
        ("TocTablesPresent", "Violation"),  # the 目录 lists 支出预算分单位明细表
    }


def test_cli_validate_exit_codes_and_formats(tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    assert runner.invoke(app, ["load", str(SAMPLE_2023), "--store", store]).exit_code == 0
    ok = runner.invoke(app, ["validate", "--store", store, "--format", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["conforms"] is True
    assert runner.invoke(app, ["load", str(corpus("sh-putuo-wanli-2023-budget.txt")), "--store", store]).exit_code == 0
    bad = runner.invoke(app, ["validate", "--store", store, "sh-putuo-wanli-2023-budget.txt"])
    assert bad.exit_code == 1 and "ChangeImpliesNegativePrior" in bad.stdout and "line 76" in bad.stdout
    page = runner.invoke(app, ["validate", "--store", store, "--format", "html"])
    assert page.exit_code == 1 and "<script" not in page.stdout and "href=" not in page.stdout and "src=" not in page.stdout
    assert "<table>" in page.stdout and "警告" in page.stdout
    assert runner.invoke(app, ["validate", "--store", store, "--format", "markdown"]).exit_code == 1
    assert runner.invoke(app, ["validate", "--store", store, "nosuch.txt"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--store", store, "--format", "pdf"]).exit_code == 2


def test_load_reports_findings_and_strict_refuses(tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    wanli = str(corpus("sh-putuo-wanli-2023-budget.txt"))
    loose = runner.invoke(app, ["load", wanli, "--store", store])
    assert loose.exit_code == 0 and "ChangeImpliesNegativePrior" in loose.output
    strict = runner.invoke(app, ["load", wanli, "--store", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1 and "refused" in strict.output
    with GraphStore(tmp_path / "strict") as db:
        assert document_graphs(db) == {}
    quiet = runner.invoke(app, ["load", wanli, "--store", str(tmp_path / "quiet"), "--no-validate"])
    assert quiet.exit_code == 0 and "ChangeImpliesNegativePrior" not in quiet.output


def test_json_report_is_the_library_result(report) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(report, "json"))
    assert sum(len(d["findings"]) for d in data["documents"]) == len(report.findings)


def test_loader_regressions(report) -> None:  # type: ignore[no-untyped-def]
    # 类 rows printed without a name in tab layouts are code rows (2023 一般公共预算 table), and the
    # 三公 figures of the explanation place the table's figures (福利院: 运行费 6.4, not 购置费).
    assert not any(f.rule in ("CodeHierarchy", "NarrativeTotals", "ThreePublicWithinEconomic") for f in report.findings)


def test_load_runs_the_cross_document_shapes_once_after_the_batch(tmp_path: Path) -> None:
    """Regression: every loaded file ran the cross-document shapes over the whole store."""
    from unittest import mock

    import budgetkg.validation as validation

    calls: list[tuple[bool, bool]] = []
    real = validation.validate

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((kwargs.get("per_document", True), kwargs.get("cross_document", True)))
        return real(*args, **kwargs)

    with mock.patch.object(validation, "validate", spy), mock.patch("budgetkg.cli.run_validation", spy):
        result = CliRunner().invoke(app, ["load", str(SAMPLE_2019), str(SAMPLE_2023), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    # each document's own shapes are checked as it is prepared (validate_nquads), the cross-document ones once
    assert calls == [(False, True)]
    assert result.output.count("  validation:") == 2
    assert "across documents:" in result.output
