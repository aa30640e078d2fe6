"""Regression tests for loader bugs found by the benchmark corpus and the fuzz tests, one per bug."""

from __future__ import annotations

from budgetkg.loaders.cells import join_rows
from budgetkg.loaders.indicators import read_indicator_block
from budgetkg.loaders.records import SourceLine


def _lines(*texts: str) -> list[SourceLine]:
    return [SourceLine(n, t, tuple(t.split())) for n, t in enumerate(texts, start=1)]


def test_indicator_block_printed_one_cell_per_line_keeps_levels_and_qualitative_targets() -> None:
    """Bug: a 2019-style indicator table printed one cell per line lost its 二级 and merged rows.

    The header's other cells became part of the first row's name, a 二级 label on its own
    line was glued to the 三级, and a qualitative target (完善) never closed its row.
    """
    block = _lines(
        "一级指标", "二级指标", "三级指标", "指标目标值",
        "社会效益目标", "社区环境改善情况", "完善",
        "数量目标", "子模块数 6",  # the cell joiner joins a name with its figure
        "质量目标", "验收合格率", "≥90%",
    )
    indicators, _goal, issues = read_indicator_block(block)
    assert [(i.level1, i.level2, i.level3, i.target.text) for i in indicators] == [
        ("效果目标", "社会效益目标", "社区环境改善情况", "完善"),
        ("产出目标", "数量目标", "子模块数", "6"),
        ("产出目标", "质量目标", "验收合格率", "≥90%"),
    ]
    assert issues == []


def test_cell_joiner_does_not_take_an_indicator_figure_for_a_row_number() -> None:
    """Bug: in the one-cell-per-line layout, a target ``14`` followed by the next row's
    二级 label was joined into one row ``14 质量目标``, as if 14 were a row number."""
    joined = join_rows(_lines("数量目标", "子模块数", "14", "质量目标", "验收合格率", "=100.00(%)"))
    assert [line.text for line in joined] == ["数量目标", "子模块数 14", "质量目标", "验收合格率", "=100.00(%)"]
    # A row number with its unit and figures is still one row.
    by_unit = join_rows(_lines("1", "上海市大数据中心", "1,607,230,000", "150,256,661"))
    assert [line.text for line in by_unit] == ["1 上海市大数据中心 1,607,230,000 150,256,661"]
