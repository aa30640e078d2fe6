"""Table reading details, each pinned by a small case."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.loaders.records import SourceLine
from budgetkg.loaders.tables import TABLE_KINDS, TableReader


def test_stated_figures_in_yuan_place_figures_of_a_table_printed_in_wan_yuan() -> None:
    """Regression: 三公 figures stated in the narrative (元) were compared with the table's 万元 figures,
    so 22.40 (公务用车运行费, the narrative says 购置费 0) was left ambiguous and put under 购置费."""
    kind = TABLE_KINDS["three-public"]
    known = {"公务用车购置费": Decimal(0), "公务用车运行费": Decimal("224000.00"), "机关运行经费": None}
    reader = TableReader(kind, "部门“三公”经费和机关运行经费预算表", 11, known)
    title = SourceLine(1, "部门“三公”经费和机关运行经费预算表", ("部门“三公”经费和机关运行经费预算表",))
    unit = SourceLine(2, "单位：万元", ("单位：万元",))
    row = SourceLine(3, "97.60 50.00 25.20 22.40 22.40", ("97.60", "50.00", "25.20", "22.40", "22.40"))
    table = reader.read([unit, row], title)
    assert {c: a.printed for c, a in table.rows[0].cells.items()} == {
        "三公经费合计": "97.60", "因公出国(境)费": "50.00", "公务接待费": "25.20",
        "公务用车购置及运行费": "22.40", "公务用车运行费": "22.40",
    }
    assert reader.issues == []
