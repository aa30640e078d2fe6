"""``budgetkg.loaders.citations``: 发文字号 and 立项依据 citations, tested as data.

``BASIS_ITEMS`` holds every 立项依据 item of the two samples and of the two 万里街道 corpus
documents, exactly as printed (lines stripped, line breaks of the layout kept), with the
citations read from it by hand. A test checks against the documents themselves that no item is
missing, so a new reading of a section cannot drop one silently.
"""

from __future__ import annotations

import doctest
import random
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetkg.loaders import citations as citations_module
from budgetkg.loaders.citations import (
    ORDER_ISSUERS,
    find_doc_numbers,
    normalize_title,
    parse_basis_item,
    parse_doc_number,
    reason,
)
from budgetkg.loaders.records import BasisKind, Citation, DocNumber

SHARED = Path(__file__).resolve().parents[2] / "shared"

# What a citation is read as: (kind, normalized 文号, title, work_title, issuer).
Reading = tuple[BasisKind, str | None, str | None, str | None, str | None]


def doc(number: str | None, title: str | None, *, work: str | None = None, issuer: str | None = None) -> Reading:
    return (BasisKind.DOCUMENT, number, title, work, issuer)


MEETING: Reading = (BasisKind.MEETING, None, None, None, None)
STATEMENT: Reading = (BasisKind.STATEMENT, None, None, None, None)


def read(citation: Citation) -> Reading:
    number = citation.number.normalized if citation.number is not None else None
    return (citation.kind, number, citation.title, citation.work_title, citation.issuer)


# Decisions a reader could take otherwise (the module docstring of citations.py lists them):
# a 《》 title keeps its organ (《国务院关于…的意见》: issuer None); work_title only for
# 印发/发布…的通知 (not 关于同意《X》的批复, nor “关于印发…的指导意见”, sic, with no 的通知);
# the year in 2021年中共上海市委办公厅… is not the issuer's; 文号 before a title (万里街道)
# takes the title right after it.
BASIS_ITEMS: dict[tuple[str, int], list[tuple[str, list[Reading]]]] = {
    # shanghai-bigdata-center-2019-budget.txt, 安全监测监管平台建设项目, 二、立项依据 at line 397
    ('shanghai-bigdata-center-2019-budget.txt', 397): [
        ('《政务云安全要求》：大数据中心是政务云的管理单位；大数据中心负责对电子政务云服务客户安全工作的指导、监督、检查和考核\n。', [doc(None, '政务云安全要求')]),
        ('《上海市公共数据和一网通办管理办法》：市大数据中心应当对电子政务外网、电子政务云、大数据资源平台、电子政务灾难备份中\n心加强安全管理，建立并实施公共数据管控体系和公共数据安全认证机制，定期开展重要应用系统和公共数据资源安全测试、风险评估和\n应急演练。', [doc(None, '上海市公共数据和一网通办管理办法')]),
    ],
    # shanghai-bigdata-center-2023-budget.txt, 数据运营项目, 二、立项依据 at line 359
    ('shanghai-bigdata-center-2023-budget.txt', 359): [
        ('1. 《2020年上海市深化“一网通办”改革工作要点》（沪委办〔2020〕12号）', [doc('沪委办〔2020〕12号', '2020年上海市深化“一网通办”改革工作要点')]),
        ('2. 《关于加强数据治理促进城市运行“一网统管”的指导意见》（沪委办〔2020〕24号）《上海市公共数据开放暂行办法》（沪府令21号）', [doc('沪委办〔2020〕24号', '关于加强数据治理促进城市运行“一网统管”的指导意见'), doc('沪府令21号', '上海市公共数据开放暂行办法')]),
        ('3. 《2021年上海市公共数据治理与应用重点工作计划》（沪府办〔2021〕18号）', [doc('沪府办〔2021〕18号', '2021年上海市公共数据治理与应用重点工作计划')]),
        ('4. 《上海市数据条例》', [doc(None, '上海市数据条例')]),
    ],
    # shanghai-bigdata-center-2023-budget.txt, 2023年数字化建设项目, 二、立项依据 at line 409
    ('shanghai-bigdata-center-2023-budget.txt', 409): [
        ('1. 《2021年上海市全面深化“一网通办”改革工作要点》（沪委办〔2021〕8号）', [doc('沪委办〔2021〕8号', '2021年上海市全面深化“一网通办”改革工作要点')]),
        ('2. 《关于深化“一网通办”改革构建全方位服务体系的工作方案》（沪委办发〔2021〕6号）', [doc('沪委办发〔2021〕6号', '关于深化“一网通办”改革构建全方位服务体系的工作方案')]),
        ('3. 《关于加强数据治理促进城市运行“一网统管”的指导意见》（沪委办〔2020〕24号）', [doc('沪委办〔2020〕24号', '关于加强数据治理促进城市运行“一网统管”的指导意见')]),
        ('4. 《关于全面推进上海城市数字化转型的意见》（沪委发〔2020〕35号）', [doc('沪委发〔2020〕35号', '关于全面推进上海城市数字化转型的意见')]),
        ('5. 《上海市全面推进城市数字化转型“十四五”规划》（沪府办发〔2021〕29号）', [doc('沪府办发〔2021〕29号', '上海市全面推进城市数字化转型“十四五”规划')]),
        ('6. 《推进治理数字化转型 实现高效能治理行动方案》（沪府办发〔2021〕31号）', [doc('沪府办发〔2021〕31号', '推进治理数字化转型 实现高效能治理行动方案')]),
        ('7. 《2021年上海市公共数据治理与应用重点工作计划》（沪府办〔2021〕18号）', [doc('沪府办〔2021〕18号', '2021年上海市公共数据治理与应用重点工作计划')]),
        ('8. 《关于推进市政府各部门信息化职能整合优化工作的实施方案》（沪委办〔2021〕15号）', [doc('沪委办〔2021〕15号', '关于推进市政府各部门信息化职能整合优化工作的实施方案')]),
        ('9. 《关于做好2023年度市级数字化项目支出预算申报有关工作的通知》', [doc(None, '关于做好2023年度市级数字化项目支出预算申报有关工作的通知')]),
    ],
    # shanghai-bigdata-center-2023-budget.txt, 上海市政务云基础设施服务项目, 二、立项依据 at line 453
    ('shanghai-bigdata-center-2023-budget.txt', 453): [
        ('1. 《全国一体化政务大数据体系建设指南》（国办函〔2022〕102号）', [doc('国办函〔2022〕102号', '全国一体化政务大数据体系建设指南')]),
        ('2. 《上海市政务云管理暂行办法》（沪府办规〔2022〕6号）', [doc('沪府办规〔2022〕6号', '上海市政务云管理暂行办法')]),
        ('3. 《国务院办公厅关于建立健全政务数据共享协调机制加快推进数据有序共享的意见》（国办发〔2021〕6号）', [doc('国办发〔2021〕6号', '国务院办公厅关于建立健全政务数据共享协调机制加快推进数据有序共享的意见')]),
        ('4. 《“互联网+政务服务”技术体系建设指南》（国办函〔2016〕108号）', [doc('国办函〔2016〕108号', '“互联网+政务服务”技术体系建设指南')]),
        ('5. 《上海市电子政务云建设工作方案》（沪府办发〔2016〕47号）', [doc('沪府办发〔2016〕47号', '上海市电子政务云建设工作方案')]),
        ('6. 《政务信息资源共享管理暂行办法》（国发〔2016〕51号）', [doc('国发〔2016〕51号', '政务信息资源共享管理暂行办法')]),
        ('7. 《促进大数据发展行动纲要》（国发〔2015〕50号）', [doc('国发〔2015〕50号', '促进大数据发展行动纲要')]),
        ('8. 《国务院关于促进云计算创新发展培育信息产业新业态的意见》（国发〔2015〕5号）', [doc('国发〔2015〕5号', '国务院关于促进云计算创新发展培育信息产业新业态的意见')]),
    ],
    # shanghai-bigdata-center-2023-budget.txt, 上海市政务外网通信服务项目, 二、立项依据 at line 496
    ('shanghai-bigdata-center-2023-budget.txt', 496): [
        ('1. 根据2003年5月31日召开的“关于本市政务外网建设总体规划工作”的市府专题会确立市政务外网通信服务项目', [MEETING]),
        ('2. 上海市人民政府办公厅关于印发《上海市电子政务外网管理办法》的通知（沪府办〔2020〕33号）', [doc('沪府办〔2020〕33号', '关于印发《上海市电子政务外网管理办法》的通知', work='上海市电子政务外网管理办法', issuer='上海市人民政府办公厅')]),
    ],
    # shanghai-bigdata-center-2023-budget.txt, “一网通办”运营服务项目, 二、立项依据 at line 527
    ('shanghai-bigdata-center-2023-budget.txt', 527): [
        ('1. 国务院办公厅关于印发“互联网+政务服务”技术体系建设指南的通知（国办函〔2016〕108号）', [doc('国办函〔2016〕108号', '关于印发“互联网+政务服务”技术体系建设指南的通知', work='“互联网+政务服务”技术体系建设指南', issuer='国务院办公厅')]),
        ('2. 国务院办公厅关于印发进一步深化“互联网+政务服务”推进政务服务“一网、一门、一次”改革实施方案的通知（国办发〔2018〕45号）', [doc('国办发〔2018〕45号', '关于印发进一步深化“互联网+政务服务”推进政务服务“一网、一门、一次”改革实施方案的通知', work='进一步深化“互联网+政务服务”推进政务服务“一网、一门、一次”改革实施方案', issuer='国务院办公厅')]),
        ('3. 国务院关于加快推进全国一体化在线政务服务平台建设的指导意见（国发〔2018〕27号）', [doc('国发〔2018〕27号', '关于加快推进全国一体化在线政务服务平台建设的指导意见', issuer='国务院')]),
        ('4. 国务院关于在线政务服务的若干规定（中华人民共和国国务院令第七16号）', [doc('国务院令716号', '关于在线政务服务的若干规定', issuer='国务院')]),
        ('5. 国务院办公厅关于印发加快推进政务服务“跨省通办”的指导意见（国办发〔2020〕35号）', [doc('国办发〔2020〕35号', '关于印发加快推进政务服务“跨省通办”的指导意见', issuer='国务院办公厅')]),
        ('6. 国务院办公厅关于印发2021年政务公开工作要点的通知（国办发〔2021〕12号）', [doc('国办发〔2021〕12号', '关于印发2021年政务公开工作要点的通知', work='2021年政务公开工作要点', issuer='国务院办公厅')]),
        ('7. 中共上海市委办公厅 上海市人民政府办公厅印发《全面推进“一网通办”加快建设智慧政府工作方案》的通知（沪委办发〔2018〕14号）', [doc('沪委办发〔2018〕14号', '印发《全面推进“一网通办”加快建设智慧政府工作方案》的通知', work='全面推进“一网通办”加快建设智慧政府工作方案', issuer='中共上海市委办公厅 上海市人民政府办公厅')]),
        ('8. 上海市人民政府办公厅关于印发《本市加快推进电子证照应用实施方案》的通知（沪府办发〔2018〕31号）', [doc('沪府办发〔2018〕31号', '关于印发《本市加快推进电子证照应用实施方案》的通知', work='本市加快推进电子证照应用实施方案', issuer='上海市人民政府办公厅')]),
        ('9. 国务院办公厅秘书局关于印发长三角地区政务服务“一网通办”试点工作方案的通知（国办秘函〔2019〕15号）', [doc('国办秘函〔2019〕15号', '关于印发长三角地区政务服务“一网通办”试点工作方案的通知', work='长三角地区政务服务“一网通办”试点工作方案', issuer='国务院办公厅秘书局')]),
        ('10. 上海市人民政府办公厅关于印发《“随申办”超级应用建设工作方案》的通知（沪府办〔2019〕109号）', [doc('沪府办〔2019〕109号', '关于印发《“随申办”超级应用建设工作方案》的通知', work='“随申办”超级应用建设工作方案', issuer='上海市人民政府办公厅')]),
        ('11. 上海市公共数据和一网通办管理办法（上海市人民政府令第九号）', [doc('沪府令9号', '上海市公共数据和一网通办管理办法')]),
        ('12. 2020年上海市深化“一网通办”改革工作要点（沪委办〔2020〕12号）', [doc('沪委办〔2020〕12号', '2020年上海市深化“一网通办”改革工作要点')]),
        ('13. 上海市人民政府办公厅关于印发《上海市“一网通办”平台运行管理暂行办法》的通知（沪府办〔2020〕55号）', [doc('沪府办〔2020〕55号', '关于印发《上海市“一网通办”平台运行管理暂行办法》的通知', work='上海市“一网通办”平台运行管理暂行办法', issuer='上海市人民政府办公厅')]),
        ('14. 上海市人民政府办公厅关于印发《2020年上海市深化“放管服”改革工作要点》的通知（沪府办〔2020〕26号）', [doc('沪府办〔2020〕26号', '关于印发《2020年上海市深化“放管服”改革工作要点》的通知', work='2020年上海市深化“放管服”改革工作要点', issuer='上海市人民政府办公厅')]),
        ('15. 关于开展2020年度省级政府一体化政务服务能力（政务服务“好差评”）第三方调查评估工作的通知（国办电政函〔2020〕90号）', [doc('国办电政函〔2020〕90号', '关于开展2020年度省级政府一体化政务服务能力（政务服务“好差评”）第三方调查评估工作的通知')]),
        ('16. 长三角地区“一网通办”工作要点（国办电政函〔2020〕28号）', [doc('国办电政函〔2020〕28号', '长三角地区“一网通办”工作要点')]),
        ('17. 上海市人民政府办公厅关于以企业和群众高效办成“一件事”为目标全面推进业务流程革命性再造的指导意见（沪府办〔2020〕6号）', [doc('沪府办〔2020〕6号', '关于以企业和群众高效办成“一件事”为目标全面推进业务流程革命性再造的指导意见', issuer='上海市人民政府办公厅')]),
        ('18. 关于推进公共服务事项“不见面”办理工作方案（沪审改办发〔2020〕4号）', [doc('沪审改办发〔2020〕4号', '关于推进公共服务事项“不见面”办理工作方案')]),
        ('19. 上海市人民政府办公厅《关于进一步拓展“随申码”应用的实施方案》', [doc(None, '关于进一步拓展“随申码”应用的实施方案', issuer='上海市人民政府办公厅')]),
        ('20. 上海市新型冠状病毒肺炎疫情防控工作领导小组办公室《关于推广使用“随申码·健康”的通知》（沪肺炎防控办〔2020〕82号）', [doc('沪肺炎防控办〔2020〕82号', '关于推广使用“随申码·健康”的通知', issuer='上海市新型冠状病毒肺炎疫情防控工作领导小组办公室')]),
        ('21. 2021年上海市全面深化“一网通办”改革工作要点（沪委办〔2021〕8号）', [doc('沪委办〔2021〕8号', '2021年上海市全面深化“一网通办”改革工作要点')]),
        ('22. 2021年中共上海市委办公厅上海市人民政府办公厅印发《关于深化“一网通办”改革构建全方位服务体系的工作方案》的通知（沪委办发〔2021〕6号）', [doc('沪委办发〔2021〕6号', '印发《关于深化“一网通办”改革构建全方位服务体系的工作方案》的通知', work='关于深化“一网通办”改革构建全方位服务体系的工作方案', issuer='中共上海市委办公厅上海市人民政府办公厅')]),
        ('23. 上海市人民政府关于切实按照“两个集中”要求进一步优化市级政务服务事项办理模式的通知（沪府规〔2021〕4号）', [doc('沪府规〔2021〕4号', '关于切实按照“两个集中”要求进一步优化市级政务服务事项办理模式的通知', issuer='上海市人民政府')]),
        ('24. 上海市人民政府办公厅关于印发《2022年上海市全面深化“一网通办”改革工作要点》的通知（沪府办发〔2022〕1号）', [doc('沪府办发〔2022〕1号', '关于印发《2022年上海市全面深化“一网通办”改革工作要点》的通知', work='2022年上海市全面深化“一网通办”改革工作要点', issuer='上海市人民政府办公厅')]),
    ],
    # shanghai-bigdata-center-2023-budget.txt, 2023年数字化运维及综合保障项目, 二、立项依据 at line 621
    ('shanghai-bigdata-center-2023-budget.txt', 621): [
        ('1. 《2021年上海市全面深化“一网通办”改革工作要点》（沪委办〔2021〕8号）', [doc('沪委办〔2021〕8号', '2021年上海市全面深化“一网通办”改革工作要点')]),
        ('2. 《关于深化“一网通办”改革构建全方位服务体系的工作方案》（沪委办发〔2021〕6号）', [doc('沪委办发〔2021〕6号', '关于深化“一网通办”改革构建全方位服务体系的工作方案')]),
        ('3. 《关于加强数据治理促进城市运行“一网统管”的指导意见》（沪委办〔2020〕24号）', [doc('沪委办〔2020〕24号', '关于加强数据治理促进城市运行“一网统管”的指导意见')]),
        ('4. 《关于全面推进上海城市数字化转型的意见》（沪委发〔2020〕35号）', [doc('沪委发〔2020〕35号', '关于全面推进上海城市数字化转型的意见')]),
        ('5. 《上海市全面推进城市数字化转型“十四五”规划》（沪府办发〔2021〕29号）', [doc('沪府办发〔2021〕29号', '上海市全面推进城市数字化转型“十四五”规划')]),
        ('6. 《推进治理数字化转型 实现高效能治理行动方案》（沪府办发〔2021〕31号）', [doc('沪府办发〔2021〕31号', '推进治理数字化转型 实现高效能治理行动方案')]),
        ('7. 《2021年上海市公共数据治理与应用重点工作计划》（沪府办〔2021〕18号）', [doc('沪府办〔2021〕18号', '2021年上海市公共数据治理与应用重点工作计划')]),
        ('8. 《关于推进市政府各部门信息化职能整合优化工作的实施方案》（沪委办〔2021〕15号）', [doc('沪委办〔2021〕15号', '关于推进市政府各部门信息化职能整合优化工作的实施方案')]),
        ('9. 《关于做好2023年度市级数字化项目支出预算申报有关工作的通知》', [doc(None, '关于做好2023年度市级数字化项目支出预算申报有关工作的通知')]),
    ],
    # shanghai-bigdata-center-2023-budget.txt, 管理工作经费项目, 二、立项依据 at line 661
    ('shanghai-bigdata-center-2023-budget.txt', 661): [
        ('为保障中心正常运转，各类后勤支出保障工作。', [STATEMENT]),
    ],
    # sh-putuo-wanli-2023-budget.txt, 新建万里街道社区公共服务中心, 二、立项依据 at line 569
    ('sh-putuo-wanli-2023-budget.txt', 569): [
        ('本工程是为了更游校的整合社区公共服务资源，为周边居民提供便捷、优质的社区服务和生活配套设施，根据沪府规【2016】168号\n文关于同意《上海市普陀区万里社区W060701单元W-07、W-08街坊、真如城市副中心X101、X102、X103、G1街坊控制性详细规划局部调整\n》的批复和普发改投【2017】89号文《关于万里街道社区公共服务中心新建工程可行性研究报告的批复》进行建设。', [doc('沪府规〔2016〕168号', '关于同意《上海市普陀区万里社区W060701单元W-07、W-08街坊、真如城市副中心X101、X102、X103、G1街坊控制性详细规划局部调整》的批复'), doc('普发改投〔2017〕89号', '关于万里街道社区公共服务中心新建工程可行性研究报告的批复')]),
    ],
    # sh-putuo-wanli-2025-budget.tab.txt, 新建万里街道社区公共服务中心, 二、立项依据 at line 594
    ('sh-putuo-wanli-2025-budget.tab.txt', 594): [
        ('本工程是为了更游校的整合社区公共服务资源 ，为周边居民提供便捷、优质的社区服务和生活配套设施 ，根据沪府规【2016】168号\n文关于同意《上海市普陀区万里社区 W060701单元W-07、W-08街坊、真如城市副中心X101、X102、X103、G1街坊控制性详细规划局部调整\n》的批复和普发改投【2017】89号文《关于万里街道社区公共服务中心新建工程可行性研究报告的批复 》进行建设。', [doc('沪府规〔2016〕168号', '关于同意《上海市普陀区万里社区 W060701单元W-07、W-08街坊、真如城市副中心X101、X102、X103、G1街坊控制性详细规划局部调整》的批复'), doc('普发改投〔2017〕89号', '关于万里街道社区公共服务中心新建工程可行性研究报告的批复')]),
    ],
}

BASIS_ROWS = [
    pytest.param(text, expected, id=f"{name.split('-budget')[0]}-L{line}-{k}")
    for (name, line), items in BASIS_ITEMS.items()
    for k, (text, expected) in enumerate(items, 1)
]


@pytest.mark.parametrize(("text", "expected"), BASIS_ROWS)
def test_basis_item_of_the_documents(text: str, expected: list[Reading]) -> None:
    assert [read(c) for c in parse_basis_item(text)] == expected


@pytest.mark.parametrize(("text", "expected"), BASIS_ROWS)
def test_numbering_removed_or_not_reads_the_same(text: str, expected: list[Reading]) -> None:
    bare = re.sub(r"^\d+\.\s*", "", text)
    assert [read(c) for c in parse_basis_item(bare)] == expected
    assert [read(c) for c in parse_basis_item(f"（1）{bare}")] == expected
    assert [read(c) for c in parse_basis_item(f"1、{bare}")] == expected


def _basis_sections(path: Path) -> list[tuple[int, list[str]]]:
    """The lines of each 二、立项依据 section (up to 三、…), with the line number of its heading."""
    lines = path.read_text(encoding="utf-8").splitlines()
    sections = []
    for i, line in enumerate(lines):
        if line.strip() == "二、立项依据":
            body = []
            for following in lines[i + 1 :]:
                if following.strip().startswith("三、"):
                    break
                body.append(following)
            sections.append((i + 1, body))
    return sections


def _items(body: list[str]) -> list[str]:
    """Split a section into items: a numbered line or an indented paragraph starts one."""
    items: list[list[str]] = []
    for line in body:
        if not line.strip():
            continue
        if not items or re.match(r"\d+\.\s", line) or line.startswith("    "):
            items.append([])
        items[-1].append(line.strip())
    return ["\n".join(item) for item in items]


def test_every_basis_item_of_the_documents_is_a_row() -> None:
    found: Counter[tuple[str, int, str]] = Counter()
    for name in sorted({name for name, _ in BASIS_ITEMS}):
        path = next(iter(SHARED.glob(f"*/{name}")), None)
        if path is None:
            pytest.fail(f"{name} is not beside the repository ({SHARED})")
        for line, body in _basis_sections(path):
            found.update((name, line, item) for item in _items(body))
    rows = Counter(
        (name, line, text) for (name, line), items in BASIS_ITEMS.items() for text, _ in items
    )
    assert found == rows
    assert sum(rows.values()) == 61


# --------------------------------------------------------------------------- forms of citation

# (item, the citations read, their raw text): each form of domain.md §4, and a few around it.
FORMS = [
    pytest.param(
        "《上海市数据条例》（沪府令21号）",
        [doc("沪府令21号", "上海市数据条例")],
        ["《上海市数据条例》（沪府令21号）"],
        id="title-then-number",
    ),
    pytest.param(
        "上海市人民政府办公厅关于印发《上海市电子政务外网管理办法》的通知（沪府办〔2020〕33号）",
        [doc("沪府办〔2020〕33号", "关于印发《上海市电子政务外网管理办法》的通知",
             work="上海市电子政务外网管理办法", issuer="上海市人民政府办公厅")],
        ["上海市人民政府办公厅关于印发《上海市电子政务外网管理办法》的通知（沪府办〔2020〕33号）"],
        id="issuer-notice-issuing-work",
    ),
    pytest.param(
        "关于发布X标准的通知（沪府办〔2020〕1号）",
        [doc("沪府办〔2020〕1号", "关于发布X标准的通知", work="X标准")],
        ["关于发布X标准的通知（沪府办〔2020〕1号）"],
        id="notice-publishing-work",
    ),
    pytest.param(
        "上海市公共数据和一网通办管理办法（上海市人民政府令第九号）",
        [doc("沪府令9号", "上海市公共数据和一网通办管理办法")],
        ["上海市公共数据和一网通办管理办法（上海市人民政府令第九号）"],
        id="title-without-marks",
    ),
    pytest.param(
        "根据沪府规【2016】168号\n文关于同意《A单元控制性详细规划局部调整\n》的批复和普发改投【2017】89号文"
        "《关于万里街道社区公共服务中心新建工程可行性研究报告的批复》进行建设。",
        [doc("沪府规〔2016〕168号", "关于同意《A单元控制性详细规划局部调整》的批复"),
         doc("普发改投〔2017〕89号", "关于万里街道社区公共服务中心新建工程可行性研究报告的批复")],
        ["沪府规【2016】168号文关于同意《A单元控制性详细规划局部调整》的批复",
         "普发改投【2017】89号文《关于万里街道社区公共服务中心新建工程可行性研究报告的批复》"],
        id="number-before-title",
    ),
    pytest.param(
        "《A》（沪委办〔2020〕24号）《B》（沪府令21号）",
        [doc("沪委办〔2020〕24号", "A"), doc("沪府令21号", "B")],
        ["《A》（沪委办〔2020〕24号）", "《B》（沪府令21号）"],
        id="two-on-one-line",
    ),
    pytest.param("《上海市数据条例》", [doc(None, "上海市数据条例")], ["《上海市数据条例》"], id="title-no-number"),
    pytest.param(
        "《上海市公共数据和一网通办\n管理办法》（沪府令9号）",
        [doc("沪府令9号", "上海市公共数据和一网通办管理办法")],
        ["《上海市公共数据和一网通办管理办法》（沪府令9号）"],
        id="title-broken-across-lines",
    ),
    pytest.param(
        "《上海市公共数据和一网通办管理办法》：市大数据中心应当对电子政务外网、电子政务云加强安全管理。",
        [doc(None, "上海市公共数据和一网通办管理办法")],
        ["《上海市公共数据和一网通办管理办法》"],
        id="2019-title-colon-explanation",
    ),
    pytest.param(
        "根据2003年5月31日召开的“关于本市政务外网建设总体规划工作”的市府专题会确立市政务外网通信服务项目",
        [MEETING],
        ["根据2003年5月31日召开的“关于本市政务外网建设总体规划工作”的市府专题会确立市政务外网通信服务项目"],
        id="meeting",
    ),
    pytest.param(
        "为保障中心正常运转，各类后勤支出保障工作。",
        [STATEMENT],
        ["为保障中心正常运转，各类后勤支出保障工作。"],
        id="statement",
    ),
    pytest.param("为保障会议顺利召开，做好后勤工作。", [STATEMENT], ["为保障会议顺利召开，做好后勤工作。"], id="meeting-word-no-decision"),
    pytest.param("根据工作需要开展会议保障", [STATEMENT], ["根据工作需要开展会议保障"], id="meeting-word-is-the-work"),
    pytest.param("经市政府常务会议审议通过", [MEETING], ["经市政府常务会议审议通过"], id="meeting-decision"),
    pytest.param(
        "上海市人民政府关于印发《A》、《B》的通知（沪府办〔2020〕1号）",
        [doc("沪府办〔2020〕1号", "关于印发《A》、《B》的通知", issuer="上海市人民政府")],
        ["上海市人民政府关于印发《A》、《B》的通知（沪府办〔2020〕1号）"],
        id="notice-issuing-two-works-has-no-work-title",
    ),
    pytest.param(
        "和平区X办法（沪府办〔2020〕1号）",
        [doc("沪府办〔2020〕1号", "和平区X办法")],
        ["和平区X办法（沪府办〔2020〕1号）"],
        id="title-starting-with-a-connector",
    ),
    pytest.param(
        "根据沪府发〔2020〕1号精神开展工作",
        [doc("沪府发〔2020〕1号", None)],
        ["沪府发〔2020〕1号"],
        id="number-alone",
    ),
    pytest.param(
        "《X》沪府发〔2020〕1号",
        [doc("沪府发〔2020〕1号", "X")],
        ["《X》沪府发〔2020〕1号"],
        id="number-after-title-no-bracket",
    ),
    pytest.param(
        "《A》、《B》",
        [doc(None, "A"), doc(None, "B")],
        ["《A》", "《B》"],
        id="two-titles-no-number",
    ),
    pytest.param(
        "《A》和《B》（国发〔2020〕1号）",
        [doc(None, "A"), doc("国发〔2020〕1号", "B")],
        ["《A》", "《B》（国发〔2020〕1号）"],
        id="number-goes-to-the-nearest-title",
    ),
    pytest.param(
        "X办法（沪委办〔2020〕1号、沪府办〔2020〕2号）",
        [doc("沪委办〔2020〕1号", "X办法"), doc("沪府办〔2020〕2号", "X办法")],
        ["X办法（沪委办〔2020〕1号、沪府办〔2020〕2号）"] * 2,
        id="two-numbers-one-title",
    ),
    pytest.param(
        "本工程根据国务院关于X的意见（国发〔2018〕27号）开展",
        [doc("国发〔2018〕27号", "关于X的意见", issuer="国务院")],
        ["国务院关于X的意见（国发〔2018〕27号）"],
        id="lead-words-not-issuer",
    ),
    pytest.param(
        "《上海市数据条例》国务院关于X的意见（国发〔2018〕27号）",
        [doc(None, "上海市数据条例"), doc("国发〔2018〕27号", "关于X的意见", issuer="国务院")],
        ["《上海市数据条例》", "国务院关于X的意见（国发〔2018〕27号）"],
        id="title-then-unmarked-title",
    ),
    pytest.param(
        "国务院办公厅关于加强管理的意见",
        [doc(None, "关于加强管理的意见", issuer="国务院办公厅")],
        ["国务院办公厅关于加强管理的意见"],
        id="whole-item-is-a-title",
    ),
    pytest.param(
        "根据国务院令第716号",
        [doc("国务院令716号", None)],
        ["国务院令第716号"],
        id="order-alone",
    ),
    pytest.param(
        "沪府规【2016】168号文关于同意建设",
        [doc("沪府规〔2016〕168号", None)],
        ["沪府规【2016】168号"],
        id="number-before-text-that-is-no-title",
    ),
]


@pytest.mark.parametrize(("text", "expected", "raws"), FORMS)
def test_citation_forms(text: str, expected: list[Reading], raws: list[str]) -> None:
    citations = parse_basis_item(text)
    assert [read(c) for c in citations] == expected
    assert [c.raw for c in citations] == raws


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "1.", "（2）"])
def test_empty_item_has_no_citation(text: str) -> None:
    assert parse_basis_item(text) == ()
    assert reason(text).startswith("empty")


@pytest.mark.parametrize("text", ["《未闭合的书名号", "》", "（2021）", "关于，的通知", "号号号令令令"])
def test_broken_text_is_a_statement(text: str) -> None:
    assert [c.kind for c in parse_basis_item(text)] == [BasisKind.STATEMENT]


def test_reason_says_why() -> None:
    assert reason("为保障中心正常运转，各类后勤支出保障工作。").startswith("statement: no 《》 title, no 发文字号")
    assert reason("根据2003年5月31日召开的市府专题会确立本项目").startswith("meeting")
    assert reason("《A》（沪委办〔2020〕24号）《B》") == (
        "document: 2 citation(s): A [沪委办〔2020〕24号]; B [no 文号]"
    )


# --------------------------------------------------------------------------- 发文字号

# printed -> (normalized, issuer_code, year, serial, is_order)
NUMBERS = [
    ("沪委办〔2021〕15号", "沪委办〔2021〕15号", "沪委办", 2021, 15, False),
    ("沪府规【2016】168号", "沪府规〔2016〕168号", "沪府规", 2016, 168, False),
    ("普发改投【2017】89号", "普发改投〔2017〕89号", "普发改投", 2017, 89, False),
    ("财预[2025]8号", "财预〔2025〕8号", "财预", 2025, 8, False),
    ("沪府办（2021）18号", "沪府办〔2021〕18号", "沪府办", 2021, 18, False),
    ("沪府办(2021)18号", "沪府办〔2021〕18号", "沪府办", 2021, 18, False),
    ("沪府办［2021］18号", "沪府办〔2021〕18号", "沪府办", 2021, 18, False),
    ("沪委办﹝2021﹞15号", "沪委办〔2021〕15号", "沪委办", 2021, 15, False),
    ("沪委办〔2021〕15", "沪委办〔2021〕15号", "沪委办", 2021, 15, False),
    ("沪委办 〔 2021 〕 15 号", "沪委办〔2021〕15号", "沪委办", 2021, 15, False),
    ("沪委办〔2021〕\n15号", "沪委办〔2021〕15号", "沪委办", 2021, 15, False),
    ("沪委办〔２０２１〕１５号", "沪委办〔2021〕15号", "沪委办", 2021, 15, False),
    ("沪委办〔2021〕第015号", "沪委办〔2021〕15号", "沪委办", 2021, 15, False),
    ("普建委〔2023〕12号", "普建委〔2023〕12号", "普建委", 2023, 12, False),
    ("普财建函[2022]3号", "普财建函〔2022〕3号", "普财建函", 2022, 3, False),
    ("国办电政函〔2020〕90号", "国办电政函〔2020〕90号", "国办电政函", 2020, 90, False),
    ("沪肺炎防控办〔2020〕82号", "沪肺炎防控办〔2020〕82号", "沪肺炎防控办", 2020, 82, False),
    ("沪经信推〔2019〕3号", "沪经信推〔2019〕3号", "沪经信推", 2019, 3, False),
    ("沪文旅〔2019〕3号", "沪文旅〔2019〕3号", "沪文旅", 2019, 3, False),
    ("沪府令21号", "沪府令21号", "沪府令", None, 21, True),
    ("上海市人民政府令第九号", "沪府令9号", "沪府令", None, 9, True),
    ("上海市人民政府令第21号", "沪府令21号", "沪府令", None, 21, True),
    ("沪府令第二十一号", "沪府令21号", "沪府令", None, 21, True),
    ("中华人民共和国国务院令第七16号", "国务院令716号", "国务院令", None, 716, True),
    ("国务院令第716号", "国务院令716号", "国务院令", None, 716, True),
    ("财政部令第１０２号", "财政部令102号", "财政部令", None, 102, True),
]


@pytest.mark.parametrize(("printed", "normalized", "code", "year", "serial", "is_order"), NUMBERS)
def test_doc_number(printed: str, normalized: str, code: str, year: int | None, serial: int, is_order: bool) -> None:
    assert parse_doc_number(printed) == DocNumber(code, year, serial, printed, is_order)
    assert parse_doc_number(printed).normalized == normalized  # type: ignore[union-attr]
    # Inside a sentence, in brackets, the same number with its offsets.
    text = f"根据（{printed}）文件"
    assert [(n.normalized, s, e) for n, s, e in find_doc_numbers(text)] == [(normalized, 3, 3 + len(printed))]


# 机关代字: the Han characters right before the bracket, not the words before them.
CODES = [
    ("根据沪府规【2016】168号文关于同意", "沪府规"),
    ("》的批复和普发改投【2017】89号文", "普发改投"),
    ("根据沪府发〔2020〕1号沪府办〔2020〕2号", "沪府发", "沪府办"),
    ("号文沪府办〔2020〕2号", "沪府办"),
    ("工作要点沪委办〔2020〕12号", "沪委办"),
    ("依据国办发〔2018〕45号及国发〔2018〕27号", "国办发", "国发"),
    ("《上海市数据条例》沪府发〔2020〕1号", "沪府发"),
    ("根据上海市人民政府令第九号", "沪府令"),
    ("国务院关于在线政务服务的若干规定（中华人民共和国国务院令第七16号）", "国务院令"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(row[0], row[1:], id=row[0]) for row in CODES])
def test_issuer_code(text: str, expected: tuple[str, ...]) -> None:
    assert tuple(n.issuer_code for n, _, _ in find_doc_numbers(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "项目（2023）5个",  # no 号 and a measure word glued to the serial
        "2020年（2021）15",  # no 机关代字 before the bracket
        "（2023-2024年度预付款）",
        "2023年1月-2023年5月",
        "下达命令第一号",  # 命令 is not an order number
        "责令第3号",
        "沪委办〔1066〕15号",  # not a year
        "沪委办〔2021〕0号",
        "沪委办〔2021〕15项",
        "令第九",  # no organ before 令
        "为保障中心正常运转，各类后勤支出保障工作。",
    ],
)
def test_not_a_doc_number(text: str) -> None:
    assert parse_doc_number(text) is None
    assert find_doc_numbers(text) == []


def test_order_issuers_map_long_forms_to_codes() -> None:
    for long, code in ORDER_ISSUERS.items():
        assert long.endswith("令") and code.endswith("令")
        assert parse_doc_number(f"{long}第3号") == DocNumber(code, None, 3, f"{long}第3号", True)


# --------------------------------------------------------------------------- titles

TITLES = [
    ("《推进治理数字化转型 实现高效能治理行动方案》", "推进治理数字化转型实现高效能治理行动方案"),
    ("上海市普陀区万里社区 W060701单元", "上海市普陀区万里社区W060701单元"),
    ("“互联网+政务服务”技术体系建设指南", "互联网+政务服务技术体系建设指南"),
    ("＂互联网＋政务服务＂技术体系建设指南", "互联网+政务服务技术体系建设指南"),  # full width
    ("关于推广使用“随申码·健康”的通知。", "关于推广使用随申码·健康的通知"),
    ("关于印发《X》的通知", "关于印发X的通知"),
    ("关于开展2020年度（政务服务“好差评”）工作的通知", "关于开展2020年度(政务服务好差评)工作的通知"),
    ("", ""),
]


@pytest.mark.parametrize(("title", "key"), TITLES)
def test_normalize_title(title: str, key: str) -> None:
    assert normalize_title(title) == key


def test_same_work_same_key_across_documents() -> None:
    # 万里街道 2023 and 2025 print the same 批复, the 2025 extraction with a space inside.
    (w2023, _), (w2025, _) = (BASIS_ITEMS[k][0] for k in BASIS_ITEMS if k[0].startswith("sh-putuo"))
    a, b = parse_basis_item(w2023), parse_basis_item(w2025)
    assert [normalize_title(c.title or "") for c in a] == [normalize_title(c.title or "") for c in b]
    assert [c.number for c in a] == [c.number for c in b]
    assert a[0].title != b[0].title


def test_notice_and_its_work_share_a_key() -> None:
    # 2023 cites the same 工作方案 once by itself and once by the 通知 that issues it.
    (bare,) = parse_basis_item("《关于深化“一网通办”改革构建全方位服务体系的工作方案》（沪委办发〔2021〕6号）")
    (notice,) = parse_basis_item(
        "2021年中共上海市委办公厅上海市人民政府办公厅印发《关于深化“一网通办”改革构建全方位服务体系的工作方案》"
        "的通知（沪委办发〔2021〕6号）"
    )
    assert notice.work_title is not None and bare.title is not None
    assert normalize_title(notice.work_title) == normalize_title(bare.title)
    assert notice.number == DocNumber("沪委办发", 2021, 6, "沪委办发〔2021〕6号")


def test_docstring_examples() -> None:
    result = doctest.testmod(citations_module)
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------- never raises

_PIECES = list(
    "《》〔〕【】[]［］（）()“”号令第文关于印发的通知和及根据沪府办发委国务院令上海市人民政府"
    "七九十一二〇0123456789０１２ \n，。；：、"
) + ["2021", "〔2021〕", "【2016】", "168号", "第七16号", "上海市人民政府令", "国务院令", "关于印发《", "》的通知"]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200) | st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_never_raises(text: str) -> None:
    citations = parse_basis_item(text)
    assert isinstance(reason(text), str)
    number = parse_doc_number(text)
    found = find_doc_numbers(text)
    assert number == (found[0][0] if found else None)
    for n, start, end in found:
        assert text[start:end] == n.printed and n.serial > 0
    assert all(a[2] <= b[1] for a, b in zip(found, found[1:], strict=False))
    for c in citations:
        assert c.raw
        assert c.kind is BasisKind.DOCUMENT or (c.number is None and c.title is None)
        assert c.kind is not BasisKind.DOCUMENT or c.number is not None or c.title


def test_never_raises_on_spliced_real_items() -> None:
    """Random cuts and splices of the real items: the text extraction produces such pieces."""
    texts = [text for items in BASIS_ITEMS.values() for text, _ in items]
    rng = random.Random(20230401)
    for _ in range(3000):
        a, b = rng.choice(texts), rng.choice(texts)
        i, j = sorted((rng.randrange(len(a) + 1), rng.randrange(len(a) + 1)))
        k = rng.randrange(len(b) + 1)
        text = a[i:j] + b[k:]
        parse_basis_item(text)
        for n, start, end in find_doc_numbers(text):
            assert text[start:end] == n.printed


def test_fast_on_long_and_hostile_text() -> None:
    texts = [text for items in BASIS_ITEMS.values() for text, _ in items]
    hostile = [
        " " * 20000 + "\n" + " " * 20000,
        "（2021）" * 5000,
        "沪" * 20000 + "〔2021〕1号",
        "《" * 5000 + "》" * 5000,
        "关于" * 5000 + "的通知",
        "根据沪府规【2016】168号文关于同意《X》的批复和" * 500,
    ]
    started = time.perf_counter()
    for _ in range(20):
        for text in texts:
            parse_basis_item(text)
    for text in hostile:
        parse_basis_item(text)
        find_doc_numbers(text)
    assert time.perf_counter() - started < 10


# --------------------------------------------------------------------------- through the loader

def test_mentions_in_the_implementation_plan_are_kept_apart(d2023) -> None:  # type: ignore[no-untyped-def]
    """Policies named in 四、实施方案 are mentions, never 立项依据 items."""
    mentions = {p.name: [read(c) for c in p.mentions] for p in d2023.projects if p.mentions}
    assert mentions == {
        "2023年数字化建设项目": [
            doc("沪委办〔2021〕15号", "关于推进市政府各部门信息化职能整合优化工作的实施方案"),
            doc(None, "关于做好2022年度市级信息化项目支出预算有关工作的通知", issuer="市经信委"),
        ],
        "上海市政务外网通信服务项目": [
            doc(None, "上海市政务外网运行管理系统对接规范"),
            doc(None, "上海市电子政务外网安全监测平台技术规范"),
            doc(None, "信息安全技术信息系统灾难恢复规范"),
        ],
        "2023年数字化运维及综合保障项目": [doc("沪委办〔2021〕15号", "关于推进市政府各部门信息化职能整合优化工作的实施方案")],
    }
    basis_titles = {c.title for p in d2023.projects for item in p.basis for c in item.citations}
    assert "关于做好2022年度市级信息化项目支出预算有关工作的通知" not in basis_titles


@pytest.mark.parametrize("name", ["sh-putuo-wanli-2023-budget", "sh-putuo-wanli-2025-budget"])
def test_pdf_and_text_give_the_same_citations(name: str) -> None:
    from budgetkg.loaders.document import read_document

    text_name = next(p.name for p in (SHARED / "corpus").glob(f"{name}*.txt"))
    readings = []
    for path in (SHARED / "corpus" / text_name, SHARED / "corpus" / f"{name}.pdf"):
        disclosure = read_document(path)
        readings.append([
            (c.kind, c.number.normalized if c.number else None, normalize_title(c.title or ""))
            for p in disclosure.projects for item in p.basis for c in item.citations
        ])  # fmt: skip
    assert readings[0] == readings[1]
    assert [n for _, n, _ in readings[0]] == ["沪府规〔2016〕168号", "普发改投〔2017〕89号"]


# Variants of domain.md §4 inside a citation (brackets, 号 missing, spaces), each to one reading.
VARIANTS = [
    ("《X办法》（沪府办（2021）18号）", "沪府办〔2021〕18号"),
    ("《X办法》（沪府办［2021］18号）", "沪府办〔2021〕18号"),
    ("《X办法》（财预[2025]8号）", "财预〔2025〕8号"),
    ("《X办法》（沪府规【2016】168号）", "沪府规〔2016〕168号"),
    ("《X办法》（沪委办〔2021〕15）", "沪委办〔2021〕15号"),
    ("《X办法》（沪委办 〔2021〕 15 号）", "沪委办〔2021〕15号"),
    ("《X办法》（上海市人民政府令第九号）", "沪府令9号"),
    ("《X办法》（中华人民共和国国务院令第七16号）", "国务院令716号"),
]


@pytest.mark.parametrize(("text", "number"), VARIANTS)
def test_variants_inside_a_citation(text: str, number: str) -> None:
    assert [read(c) for c in parse_basis_item(text)] == [doc(number, "X办法")]
