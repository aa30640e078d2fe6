"""The PDF loader on the real corpus PDFs, and on files that are not (good) PDFs."""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.pdf import read_pdf
from budgetkg.loaders.records import SourceLine

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CZJ = "sh-czj-2025-unit-budget.pdf"
FULIYUAN = "sh-putuo-fuliyuan-2024-unit-budget.pdf"
WANLI_2023 = "sh-putuo-wanli-2023-budget.pdf"
WANLI_2025 = "sh-putuo-wanli-2025-budget.pdf"

# name: (page count, pages with a ruled table, pages where a table starts under its title, reference text)
DOCS = {
    CZJ: (21, set(range(7, 21)), {7, 8, 10, 12, 13, 15, 16, 17, 20}, "sh-czj-2025-unit-budget.txt"),
    FULIYUAN: (16, set(range(7, 16)), set(range(7, 16)), "sh-putuo-fuliyuan-2024-unit-budget.txt"),
    WANLI_2023: (
        35,
        set(range(10, 29)) | set(range(31, 36)),
        {10, 11, 15, 19, 20, 24, 25, 26, 28, 31, 32, 33, 34, 35},
        "sh-putuo-wanli-2023-budget.txt",
    ),
    # page 2 (the 目录) is drawn as a one-column table
    WANLI_2025: (31, {2} | set(range(9, 30)), {9, 10, 14, 19, 20, 25, 26, 27, 29}, "sh-putuo-wanli-2025-budget.tab.txt"),
}
TITLE = re.compile(r"(\d{4}年)?(预算单位|单位|部门).*(预算|经费).*表|财政项目支出绩效目标填报表")


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"corpus file {path} is missing: the tests read ../shared/corpus beside the repository")
    return path


@cache
def read(name: str) -> tuple[list[SourceLine], int]:
    return read_pdf(corpus(name))


def page(name: str, number: int) -> list[SourceLine]:
    return [line for line in read(name)[0] if line.page == number]


def row(name: str, number: int, *first: str) -> SourceLine:
    """The one table row on the page whose leading cells are `first`."""
    found = [line for line in page(name, number) if line.exact and line.cells[: len(first)] == first]
    assert len(found) == 1, f"page {number}: {len(found)} rows start with {first}"
    return found[0]


# -- what the corpus PDFs read as ------------------------------------------------------------------


def test_fuliyuan_sangong_row_keeps_its_empty_purchase_cell() -> None:
    rows = [line.cells for line in page(FULIYUAN, 15) if line.exact]
    assert ("6.4", "0", "0", "6.4", "", "6.4", "0") in rows
    assert ("", "", "", "小计", "购置费", "运行费", "") in rows  # the header the empty cell sits under


def test_wanli_2023_wrapped_name_is_joined_without_a_space() -> None:
    # On page 12 the name wraps inside its cell (…缴费支 / 出); pages 16 and 21 print it on one line.
    for number, amounts in ((12, ("4,412,547", "4,412,547", "", "", "")), (16, ("4,412,547", "4,412,547", "0")), (21, ("4,412,547", "4,412,547", "0"))):
        line = row(WANLI_2023, number, "208", "05", "05")
        assert line.cells == ("208", "05", "05", "机关事业单位基本养老保险缴费支出", *amounts)
        assert line.text == "\t".join(line.cells)


def test_wanli_2023_indicator_form_keeps_its_merged_cells() -> None:
    rows = [line for line in page(WANLI_2023, 34) if line.exact]
    assert {len(line.cells) for line in rows} == {8}  # cells covered by a merged cell are kept, as ""
    assert rows[0].cells == ("财政项目支出绩效目标填报表", "", "", "", "", "", "", "")
    cells = [line.cells for line in rows]
    assert ("", "一级指标", "二级指标", "三级指标", "", "", "年度(/项目)指标值", "") in cells
    assert ("绩效指标", "产出指标", "数量指标", "成立社戒社康人员习得规范小组", "", "", ">6.00(次)", "") in cells
    # levels 1 and 2 are merged down over the rows below: those rows have only level 3 and the target
    assert ("", "", "", "开展特殊对象心理健康教育", "", "", "开展至少1次团体心理治疗", "") in cells
    assert ("", "", "质量指标", "做好禁毒示范城区标准化建设", "", "", "做好禁毒示范城区标准化建设", "") in cells
    assert ("", "满意度指标", "服务对象满意度指标", "提升社区居民满意度", "", "", "提升", "") in cells
    assert cells[-1] == ("", "", "", "党员群众满意度", "", "", "党员群众满意度不少于80%", "")


def test_czj_financial_summary_row_has_every_column() -> None:
    line = row(CZJ, 7, "一、财政拨款收入")
    assert list(line.cells) == [
        "一、财政拨款收入",
        "171,915,169",
        "一、一般公共服务支出",
        "127,886,849",
        "60,330,260",
        "24,531,459",
        "43,025,130",
    ]
    assert row(CZJ, 7, "2、政府性基金").cells == ("2、政府性基金", "", "三、卫生健康支出", "4,668,000", "4,620,000", "", "48,000")


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_ruled_table_is_found(name: str) -> None:
    lines, _ = read(name)
    assert {line.page for line in lines if line.exact} == DOCS[name][1]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_table_title_and_unit_come_before_the_rows(name: str) -> None:
    lines, _ = read(name)
    titled = {line.page for line in lines if TITLE.fullmatch(line.cells[0])}
    assert titled == DOCS[name][2]
    for number in titled:
        on_page = page(name, number)
        assert TITLE.fullmatch(on_page[0].cells[0]), f"page {number} starts with {on_page[0].text!r}"
        if "预算" in on_page[0].text or "经费" in on_page[0].text:
            assert on_page[1].text.startswith("编制"), f"page {number}: {on_page[1].text!r} after the title"
            assert on_page[2].exact, f"page {number}: {on_page[2].text!r} before the table"


@pytest.mark.parametrize("name", sorted(DOCS))
def test_notes_under_a_table_come_after_its_rows(name: str) -> None:
    lines, _ = read(name)
    notes = [line for line in lines if line.text.startswith("注") and any(x.exact for x in page(name, line.page))]
    for note in notes:
        assert note.number > max(x.number for x in page(name, note.page) if x.exact)
    if name != CZJ:  # the empty-table notes of the 政府性基金 and 国有资本经营 tables
        assert len(notes) == 2


def test_fuliyuan_empty_fund_table_note_follows_its_total_row() -> None:
    texts = [line.text for line in page(FULIYUAN, 12)]
    assert texts[-2:] == ["合计\t\t\t\t\t\t", "注:本单位2024年无政府性基金预算财政拨款安排的预算，故本表为空表。"]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_lines_are_numbered_and_paged(name: str) -> None:
    lines, pages = read(name)
    assert pages == DOCS[name][0]
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert [line.page for line in lines] == sorted(line.page for line in lines)
    assert {line.page for line in lines} == set(range(1, pages + 1))  # every page has text


@pytest.mark.parametrize("name", sorted(DOCS))
def test_cells_are_clean(name: str) -> None:
    for line in read(name)[0]:
        if line.exact:  # trailing empty cells keep their tabs: a cell's index is its column
            assert line.text == "\t".join(line.cells) and any(line.cells)
            assert all(cell == cell.strip() and "\n" not in cell for cell in line.cells)
        else:
            assert line.text and line.text == line.text.strip()
            assert line.cells == tuple(line.text.split())


@pytest.mark.parametrize("name", sorted(DOCS))
def test_no_text_is_lost_or_doubled_against_the_reference_extraction(name: str) -> None:
    reference = (CORPUS / DOCS[name][3]).read_text(encoding="utf-8")
    reference = re.sub(r"^(=== PAGE \d+ ===|-- PAGE_BREAK --)$", "", reference, flags=re.M)
    expected = Counter(ch for ch in reference if not ch.isspace())
    got = Counter(ch for line in read(name)[0] for ch in line.text if not ch.isspace())
    assert got == expected, f"missing {dict((expected - got).most_common(10))}, extra {dict((got - expected).most_common(10))}"


# -- files that are not (good) PDFs ----------------------------------------------------------------


def fails(path: Path, slug: str) -> str:
    with pytest.raises(DocumentError) as caught:
        read_pdf(path)
    assert [issue.slug for issue in caught.value.issues] == [slug]
    assert str(path) in str(caught.value)
    return caught.value.issues[0].message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert "empty" in fails(path, "not-a-pdf")


def test_text_file_renamed_pdf(tmp_path: Path) -> None:
    path = tmp_path / "budget.pdf"
    path.write_text("2025年部门预算\n一、部门主要职能\n", encoding="utf-8")
    message = fails(path, "not-a-pdf")
    assert "%PDF-" in message and "2025年部门预算" in message  # says what was expected and what was found


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    assert "expected a PDF" in fails(path, "not-a-pdf")


def test_garbage_after_a_pdf_header(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(7).randbytes(64 * 1024))
    assert "damaged" in fails(path, "unreadable-pdf")


@pytest.mark.parametrize("fraction", [0.5, 0.05, 0.95])
def test_truncated_pdf(tmp_path: Path, fraction: float) -> None:
    data = corpus(FULIYUAN).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    assert "truncated" in fails(path, "unreadable-pdf")


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in fails(tmp_path / "absent.pdf", "unreadable-pdf")


def build_pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A minimal well-formed PDF with these objects (1 is the catalog) and a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
A_LINE = b"<< /Length 17 >>\nstream\n0 0 m 100 100 l S\nendstream"  # a drawing and no text, like a scan


def test_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(build_pdf(CATALOG, ONE_PAGE, PAGE, A_LINE))
    assert "1 page" in fails(path, "no-text")


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "hollow.pdf"
    path.write_bytes(build_pdf(CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"))
    assert "no pages" in fails(path, "unreadable-pdf")


def test_pdf_with_a_broken_page(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(build_pdf(CATALOG, ONE_PAGE, PAGE.replace(b"[0 0 595 842]", b"[0 0]"), A_LINE))
    assert "damaged" in fails(path, "unreadable-pdf")


def test_pdf_that_needs_a_password(tmp_path: Path) -> None:
    # A standard security handler whose /U does not match the empty user password.
    encrypt = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >> /ID [<%s> <%s>]" % (
        b"ab" * 32,
        b"cd" * 32,
        b"0f" * 16,
        b"0f" * 16,
    )
    path = tmp_path / "locked.pdf"
    path.write_bytes(build_pdf(CATALOG, ONE_PAGE, PAGE, A_LINE, trailer=encrypt))
    assert "password" in fails(path, "unreadable-pdf")
