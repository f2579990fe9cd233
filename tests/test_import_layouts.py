"""kehoach import on the layouts real copies have, each in a small source: wrapped header lines, spelling
variants, lettered parts, numbers out of sequence, 'Kính gửi', KT. without TM., [n] footnotes, Markdown
syntax, hard-wrapped plain copies, flattened appendix tables, Word's automatic numbering. Whatever is
imported renders with no ND30 error."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import docx
import pytest
from lxml import etree

from kehoach_gen.build import build
from kehoach_gen.importer import ImportResult, import_file
from kehoach_gen.importer.docx import _numbering
from kehoach_gen.plan.compose import PHAN, compose

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "txt"

PLAIN = """\
UỶ BAN NHÂN DÂN          TỈNH {upper}
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:
7360/KH-UBND
{place}, ngày 29
tháng 01 năm 2021
KẾ HOẠCH
Triển khai công tác đối ngoại năm 2021
Kính gửi: Các sở, ban, ngành tỉnh.
Thực hiện Chương trình công tác năm 2021[1], Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Nâng cao hiệu quả công tác đối ngoại.
b) Phát huy vai trò của các cơ quan.
2. Yêu cầu
Bám sát nhiệm vụ chính trị của tỉnh.
II. NỘI DUNG
1. Tổ chức đoàn ra đúng quy định.
3. Đón tiếp đoàn vào chu đáo.
III. KINH PHÍ
Kinh phí từ ngân sách tỉnh.
III. TỔ CHỨC THỰC HIỆN
Các sở, ngành triển khai thực hiện./.
Nơi nhận:
- Bộ Ngoại giao;
- Lưu: VT, NC.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trịnh Xuân Trường
[1] Quyết định số 01/QĐ-UBND ngày 05/01/2021.
"""


def imported(tmp_path: Path, name: str, text: str) -> tuple[ImportResult, list[str]]:
    """Import a source, render what import wrote, and return the result with the ND30 errors."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = import_file(source)
    plan = tmp_path / f"{source.stem}.yaml"
    plan.write_text(result.yaml_text, encoding="utf-8")
    built = build(plan, tmp_path / f"{source.stem}.docx")
    return result, [f"{f.rule}: {f.message}" for f in built.errors]


def notes(result: ImportResult) -> str:
    return "\n".join(f"{w.line}: {w.message}" for w in result.warnings)


def test_plain_copy_with_wrapped_header_and_irregular_body(tmp_path):
    result, errors = imported(tmp_path, "lao-cai.txt", PLAIN.format(upper="LÀO CAI", place="Lào Cai"))
    plan, page = result.plan, compose(result.plan)
    assert errors == []
    assert plan.co_quan == "Ủy ban nhân dân tỉnh Lào Cai" and plan.so == 7360
    assert page.place_date == "Lào Cai, ngày 29 tháng 01 năm 2021"
    assert plan.trich_yeu == "Triển khai công tác đối ngoại năm 2021"
    assert plan.mo_dau[0] == "Kính gửi: Các sở, ban, ngành tỉnh."
    assert "[^1]" in plan.mo_dau[1] and plan.chu_thich == {1: "Quyết định số 01/QĐ-UBND ngày 05/01/2021."}
    assert page.authority == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert [p.tieu_de for p in plan.phan] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "KINH PHÍ", "TỔ CHỨC THỰC HIỆN"]
    said = notes(result)
    assert "10: dòng 'Kính gửi'" in said
    assert "20: bản gốc thiếu mục 2" in said
    assert "23: số La Mã III." in said


def test_a_place_other_than_the_province_is_noted_and_written_the_nd30_way(tmp_path):
    result, errors = imported(tmp_path, "sa-pa.txt", PLAIN.format(upper="LÀO CAI", place="Sa Pa"))
    assert errors == []
    assert compose(result.plan).place_date == "Lào Cai, ngày 29 tháng 01 năm 2021"
    assert "địa danh 'Sa Pa'" in notes(result)


def test_old_plan_of_a_merged_province_keeps_its_date_and_renders(tmp_path):
    result, errors = imported(tmp_path, "ha-giang.txt", PLAIN.format(upper="HÀ GIANG", place="Hà Giang"))
    assert errors == []
    assert result.plan.co_quan == "Ủy ban nhân dân tỉnh Hà Giang"
    assert compose(result.plan).place_date == "Hà Giang, ngày 29 tháng 01 năm 2021"


SIGNED = """\
Nơi nhận:
- Bộ Ngoại giao;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""

HEADLESS = """\
tháng 01 năm 2021 về công tác đối ngoại
Thực hiện Chương trình công tác năm 2021 của Ủy ban nhân dân tỉnh Lào Cai, trên địa bàn tỉnh Lào Cai như sau:
I. NHIỆM VỤ
1. Sở Ngoại vụ
2. Sở Tài chính
Nơi nhận:
- Bộ Ngoại giao;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
[1] Ghi chú không được dẫn trong văn bản.
"""


def test_copy_without_its_header_still_renders(tmp_path):
    result, errors = imported(tmp_path, "mat-dau.txt", HEADLESS)
    plan = result.plan
    assert errors == []
    assert plan.co_quan == "Ủy ban nhân dân tỉnh Lào Cai"  # the unit the text names
    assert plan.trich_yeu == "Tháng 01 năm 2021 về công tác đối ngoại"
    # The last item would print as a bold sentence once closed with './.': it is untitled.
    assert [(m.tieu_de, m.noi_dung) for m in plan.phan[0].muc] == [("Sở Ngoại vụ", []), (None, ["Sở Tài chính"])]
    assert plan.chu_thich == {}
    said = notes(result)
    assert "suy ra 'Ủy ban nhân dân tỉnh Lào Cai' từ nội dung" in said
    assert "trích yếu bắt đầu bằng chữ thường" in said
    assert "chú thích (1) không được dẫn" in said and "Ghi chú không được dẫn trong văn bản." in said


def test_roman_part_without_its_space_and_articles_of_a_regulation(tmp_path):
    """'I.MỤC ĐÍCH' is a part, as the checker reads it; 'Điều 2. ...' lines copied from a regulation keep
    the bold that Phụ lục I gives the word 'Điều' and its number."""
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace("I. MỤC ĐÍCH, YÊU CẦU", "I.MỤC ĐÍCH, YÊU CẦU")
    text = text.replace("Bám sát nhiệm vụ chính trị của tỉnh.",
                        "Bám sát Quy chế ban hành kèm theo Quyết định số 05/QĐ-UBND, gồm:\n"
                        "Điều 2. Chức năng của Ban Chỉ đạo\nBan Chỉ đạo giúp Ủy ban nhân dân tỉnh chỉ đạo.")
    result, errors = imported(tmp_path, "quy-che.txt", text)
    assert errors == []
    assert result.plan.phan[0].tieu_de == "MỤC ĐÍCH, YÊU CẦU"
    assert "**Điều 2.** Chức năng của Ban Chỉ đạo" in result.plan.phan[0].muc[1].noi_dung


def test_summary_in_capitals_keeps_the_capitals_of_the_plans_own_sentences(tmp_path):
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace(
        "Triển khai công tác đối ngoại năm 2021", "THI ĐUA BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI VÀ ĐẠI BIỂU HĐND CÁC CẤP")
    text = text.replace("Bám sát nhiệm vụ chính trị của tỉnh.",
                        "Bám sát kế hoạch bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp.")
    result, errors = imported(tmp_path, "bau-cu.txt", text)
    assert errors == []
    assert result.plan.trich_yeu == "Thi đua bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp"
    assert "9: trích yếu trong bản gốc viết hoa toàn bộ" in notes(result)


def test_a_bare_numbered_line_that_reads_as_a_sentence_is_untitled(tmp_path):
    """'1. Các sở, ngành tham gia:' with the next khoản right under it is no title (nd30.reads_as_bare_title)."""
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace(
        "1. Tổ chức đoàn ra đúng quy định.", "1. Các sở, ngành phối hợp tổ chức đoàn ra gồm:\n2. Đoàn ra.")
    result, errors = imported(tmp_path, "tham-gia.txt", text)
    assert errors == []
    assert [(m.tieu_de, m.noi_dung[:1]) for m in result.plan.phan[1].muc[:2]] == [
        (None, ["Các sở, ngành phối hợp tổ chức đoàn ra gồm:"]), (None, ["Đoàn ra."])]


def test_the_units_name_misspelt_in_the_text_is_written_as_the_header_spells_it(tmp_path):
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace(
        "Bám sát nhiệm vụ chính trị của tỉnh.", "Bám sát nhiệm vụ chính trị của tỉnh Lào Cài và Lao Cai.")
    source = tmp_path / "ten.txt"
    source.write_text(text, encoding="utf-8")
    result = import_file(source)
    assert result.plan.phan[0].muc[1].noi_dung == ["Bám sát nhiệm vụ chính trị của tỉnh Lào Cai và Lào Cai."]
    assert "17: tên 'Lào Cài' viết khác phần đầu văn bản: ghi 'Lào Cai'" in notes(result)
    assert "17: tên 'Lao Cai' viết khác" in notes(result)
    plan = tmp_path / "ten.yaml"
    plan.write_text(result.yaml_text, encoding="utf-8")
    assert [f.code for f in build(plan, tmp_path / "ten.docx").content if f.code == "ND-C21"] == []


def test_wrapped_tm_line_and_a_name_in_capitals(tmp_path):
    head = LETTERED.split("A. MỤC ĐÍCH")[0]
    tail = "I. NHIỆM VỤ\n1. Tổ chức đoàn ra.\nNơi nhận:\n- Bộ Ngoại giao;\n- Lưu: VT.\n" \
           "TM. UỶ BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNGUYỄN VĂN AN\n"
    result, errors = imported(tmp_path, "ky.txt", head + tail)
    assert errors == []
    assert compose(result.plan).authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert result.plan.nguoi_ky.ho_ten == "Nguyễn Văn An"
    assert "họ tên người ký viết hoa toàn bộ" in notes(result)


LETTERED = """\
ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
Lai Châu, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Công tác đối ngoại năm 2024
Căn cứ Luật Tổ chức chính quyền địa phương;
A. MỤC ĐÍCH, YÊU CẦU
I. MỤC ĐÍCH
1. Nâng cao hiệu quả.
II. YÊU CẦU
1. Bám sát thực tiễn.
B. NỘI DUNG THỰC HIỆN
I. NHIỆM VỤ
1. Tổ chức đoàn ra.
C. TỔ CHỨC THỰC HIỆN
Các sở thực hiện./.
""" + SIGNED


def test_lettered_parts_above_roman_parts(tmp_path):
    result, errors = imported(tmp_path, "chu-cai.txt", LETTERED)
    plan = result.plan
    assert errors == []
    # 'C.' after 'B.' is a letter, not the Roman numeral 100; with no Roman parts under it, it is a part.
    assert [p.tieu_de for p in plan.phan] == ["MỤC ĐÍCH", "YÊU CẦU", "NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    assert plan.mo_dau[-1] == "A. MỤC ĐÍCH, YÊU CẦU"
    assert plan.phan[1].muc[0].noi_dung[-1] == "B. NỘI DUNG THỰC HIỆN"
    said = notes(result)
    assert "10: phần chữ cái 'A." in said and "15: phần chữ cái 'B." in said and "18: phần đánh chữ cái 'C.'" in said


MARKDOWN = """\
| **ỦY BAN NHÂN DÂN**<br>**TỈNH LAI CHÂU** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc** |
|---|---|
| Số: 25/KH-UBND | *Lai Châu, ngày 05 tháng 01 năm 2026* |

# KẾ HOẠCH

**Công tác đối ngoại năm 2026**

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;

## I. MỤC ĐÍCH, YÊU CẦU

### 1. Mục đích

* Nâng cao hiệu quả công tác đối ngoại.

## II. NHIỆM VỤ CỤ THỂ

1\\. Tổ chức các đoàn ra đúng quy định, tiết kiệm, hiệu quả.

2\\. Đón tiếp các đoàn vào chu đáo, an toàn.

| Nơi nhận:<br>- Bộ Ngoại giao;<br>- Lưu: VT, NC. | **TM. ỦY BAN NHÂN DÂN**<br>**CHỦ TỊCH**<br><br>**Hà Trọng Hải** |
|---|---|

## PHỤ LỤC

**DANH MỤC ĐOÀN RA NĂM 2026**

*(Kèm theo Kế hoạch số 25/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu)*

| STT | Nội dung | Thời gian |
|---|---|---|
| 1 | Đoàn công tác sang Trung Quốc | Quý II |
| 2 | Đoàn công tác sang Lào | Quý III |
"""


def test_markdown_file_with_pipe_tables_headings_and_escapes(tmp_path):
    result, errors = imported(tmp_path, "web.md", MARKDOWN)
    plan, page = result.plan, compose(result.plan)
    assert errors == []
    assert (plan.co_quan, plan.so, page.place_date) == ("Ủy ban nhân dân tỉnh Lai Châu", 25,
                                                        "Lai Châu, ngày 05 tháng 01 năm 2026")
    assert plan.trich_yeu == "Công tác đối ngoại năm 2026"
    assert plan.phan[0].muc[0].tieu_de == "Mục đích"
    assert plan.phan[0].muc[0].noi_dung == ["- Nâng cao hiệu quả công tác đối ngoại."]
    assert [m.noi_dung[0] for m in plan.phan[1].muc] == [
        "Tổ chức các đoàn ra đúng quy định, tiết kiệm, hiệu quả.", "Đón tiếp các đoàn vào chu đáo, an toàn."]
    assert page.authority == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] and plan.nguoi_ky.ho_ten == "Hà Trọng Hải"
    (appendix,) = plan.phu_luc
    assert appendix.cot == ["STT", "Nội dung", "Thời gian"]
    assert appendix.dong == [["1", "Đoàn công tác sang Trung Quốc", "Quý II"], ["2", "Đoàn công tác sang Lào", "Quý III"]]
    # The text never names the appendix: one sentence is added before the closing, and said.
    assert plan.ket_thuc == ["Chi tiết tại Phụ lục kèm theo Kế hoạch này."]
    assert "không dẫn chiếu Phụ lục" in notes(result)


MARKDOWN_BLOCKS = """\
**ỦY BAN NHÂN DÂN TỈNH LAI CHÂU**

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**

Số: 25/KH-UBND

*Lai Châu, ngày 05 tháng 01 năm 2026*

**KẾ HOẠCH**
**Công tác đối ngoại năm 2026**

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025; Ủy ban nhân dân tỉnh
ban hành Kế hoạch như sau:

**I. MỤC ĐÍCH, YÊU
CẦU**

**1.** Nâng cao hiệu quả công tác đối ngoại, phục vụ phát triển kinh tế - xã hội
của tỉnh.

**II. TỔ CHỨC THỰC HIỆN**

Các sở, ngành căn cứ Kế hoạch này triển khai thực hiện./.

**Nơi nhận:**
- Bộ Ngoại giao;
- Lưu: VT, NC.

**TM. ỦY BAN NHÂN DÂN**
**KT. CHỦ TỊCH**
**PHÓ CHỦ TỊCH**

**Hà Trọng Hải**
"""


def test_markdown_copy_without_table_cells(tmp_path):
    """Bold lines one after another are lines of their own; a bold phrase wrapped mid-way is one."""
    result, errors = imported(tmp_path, "khoi.txt", MARKDOWN_BLOCKS)
    plan, page = result.plan, compose(result.plan)
    assert errors == [] and result.warnings == []
    assert (plan.co_quan, plan.so, page.place_date, plan.trich_yeu) == (
        "Ủy ban nhân dân tỉnh Lai Châu", 25, "Lai Châu, ngày 05 tháng 01 năm 2026", "Công tác đối ngoại năm 2026")
    assert [p.tieu_de for p in plan.phan] == ["MỤC ĐÍCH, YÊU CẦU", "TỔ CHỨC THỰC HIỆN"]
    assert plan.phan[0].muc[0].tieu_de is None
    assert plan.noi_nhan == ["Bộ Ngoại giao"] and plan.luu == ["VT", "NC"]
    assert page.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert plan.nguoi_ky.ho_ten == "Hà Trọng Hải"


def _unmarked(text: str) -> str:
    """A Markdown web copy with its markers and lone '|' lines removed: a hard-wrapped plain copy."""
    return "\n".join(line.replace("*", "") for line in text.splitlines() if line.strip() != "|")


@pytest.mark.parametrize("name", ["05_cantho_2025.txt", "13_hochiminh_2025b.txt"])
def test_hard_wrapped_plain_copy_reads_like_its_markdown_copy(tmp_path, name):
    markdown = import_file(CORPUS / name).plan
    result, errors = imported(tmp_path, name, _unmarked((CORPUS / name).read_text(encoding="utf-8")))
    assert errors == []
    plain = result.plan
    assert (plain.co_quan, plain.so, plain.ngay, plain.trich_yeu) == (
        markdown.co_quan, markdown.so, markdown.ngay, markdown.trich_yeu)
    assert [p.plain for p in compose(plain).body if p.kind == PHAN] == [
        p.plain for p in compose(markdown).body if p.kind == PHAN]
    assert plain.nguoi_ky == markdown.nguoi_ky and plain.noi_nhan == markdown.noi_nhan
    assert plain.chu_thich == markdown.chu_thich


EXPORT_TAIL = SIGNED + """
PHỤ LỤC I
DANH MỤC NHIỆM VỤ
(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh Lai Châu)

STT
Nhiệm vụ
Chủ trì
1
Tổ chức đoàn ra
Sở Ngoại vụ
2
Đón đoàn vào
\u00a0
PHỤ LỤC II
TỔNG HỢP KINH PHÍ
(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh Lai Châu)

Nội dung
Số tiền
Ghi chú
Đoàn ra
Đoàn vào
100 triệu
"""


def test_flattened_appendix_tables_rebuilt_when_their_shape_is_clear(tmp_path):
    head = LETTERED.split("A. MỤC ĐÍCH")[0]
    body = "I. NHIỆM VỤ\n1. Tổ chức đoàn ra (chi tiết tại Phụ lục I, II).\n"
    result, errors = imported(tmp_path, "xuat.txt", head + body + EXPORT_TAIL)
    assert errors == []
    first, second = result.plan.phu_luc
    assert first.tieu_de == "DANH MỤC NHIỆM VỤ" and first.cot == ["STT", "Nhiệm vụ", "Chủ trì"]
    assert first.dong == [["1", "Tổ chức đoàn ra", "Sở Ngoại vụ"], ["2", "Đón đoàn vào", ""]]
    # No running number opens its rows: the shape is a guess too far, the cells stay as text.
    assert second.cot == [] and second.ghi_chu[:3] == ["Nội dung", "Số tiền", "Ghi chú"]  # no empty table
    said = notes(result)
    assert "3 cột, 2 dòng" in said and "không nhận ra được số cột" in said
    assert "Phụ lục I, Phụ lục II" in result.plan.phan[0].muc[0].noi_dung[0]


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _p(num: int, level: int) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/>'
                            '</w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>')


def test_word_automatic_numbering_gives_the_numbers_a_reader_sees():
    numbering = etree.fromstring(textwrap.dedent(f"""\
        <w:numbering xmlns:w="{W}">
          <w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
            <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
            <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
          </w:abstractNum>
          <w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
          <w:num w:numId="2"><w:abstractNumId w:val="1"/>
            <w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
        </w:numbering>"""))
    d = docx.Document()
    root = d.part.numbering_part.element
    for child in list(root):
        root.remove(child)
    for child in numbering:
        root.append(child)
    n = _numbering(d)
    seen = [n.label(_p(num, lvl)) for num, lvl in
            [(1, 0), (1, 1), (1, 2), (1, 2), (1, 3), (1, 4), (1, 1), (1, 2), (1, 0), (1, 1), (2, 0), (2, 0)]]
    assert seen == ["I.", "1.", "a)", "b)", "-", None, "2.", "a)", "II.", "1.", "4.1.", "5.1."]


def test_numbering_by_paragraph_style_is_read_from_styles():
    d = docx.Document()
    paras = [d.add_paragraph(t, style=s) for t, s in [
        ("Mục đích", "List Number"), ("Yêu cầu", "List Number"), ("ý", "List Bullet"), ("Nhiệm vụ", "List Number")]]
    numbers = _numbering(d)
    labels = [numbers.label(p._p) for p in paras]
    assert labels == ["1.", "2.", None, "3."]
    assert not any(re.match(r"\d", p.text) for p in paras)  # the numbers are Word's, not typed


SPLIT_BOLD = """\
**ỦY BAN NHÂN DÂN**
**TỈNH BẮC NINH**
Số: 141/KH-UBND

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**
*Bắc Ninh, ngày 20 tháng 11 năm 2025*

**KẾ HOẠCH**
**Nâng cao năng lực đội ngũ xây dựng pháp luật**

**I. MỤC ĐÍCH,
YÊU CẦU**

**1**. **Mục đích**

- Triển khai thực hiện kịp thời, đồng bộ, hiệu quả.

**2. Yêu cầu**

- Bảo đảm đồng bộ, đúng tiến độ.

**II. MỤC TIÊU
CHỦ YẾU**

**1. **100% cán bộ có trình độ đại học Luật.

**2**. 100% các xã, phường bố
trí công chức xây dựng pháp luật./.

Nơi nhận:
- Bộ Tư pháp;
- Lưu: VT, NC.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đào Quang Khải
"""


def test_a_number_bold_apart_from_its_title_or_its_sentence(tmp_path):
    """'**1**. **Mục đích**' is the khoản title 'Mục đích'; '**2**. 100% các xã ...' is khoản 2's sentence.
    The markers around the number once left '1 . Mục đích' in the text and a missing khoản in its place."""
    result, errors = imported(tmp_path, "bac-ninh.md", SPLIT_BOLD)
    assert errors == []
    plan = result.plan
    assert [m.tieu_de for m in plan.phan[0].muc] == ["Mục đích", "Yêu cầu"]
    assert [(m.tieu_de, m.noi_dung) for m in plan.phan[1].muc] == [
        (None, ["100% cán bộ có trình độ đại học Luật."]),
        (None, ["100% các xã, phường bố trí công chức xây dựng pháp luật."])]
    assert "bị thiếu" not in result.yaml_text


def test_a_long_trich_yeu_kept_on_one_line_stays_the_trich_yeu(tmp_path):
    """A copy that keeps each paragraph on one line gives a long trích yếu as one line of ~300 characters."""
    long_summary = ("Triển khai thực hiện Chỉ thị số 19/CT-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ về việc "
                    "phát động thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an "
                    "ninh, đối ngoại và hội nhập quốc tế trên địa bàn tỉnh Lào Cai giai đoạn 2021 - 2025, định hướng đến "
                    "năm 2030")
    assert 280 < len(long_summary) < 400
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace("Triển khai công tác đối ngoại năm 2021",
                                                                  long_summary)
    result, errors = imported(tmp_path, "mot-dong.txt", text)
    assert errors == []
    assert result.plan.trich_yeu == long_summary
    assert "không có trích yếu" not in result.yaml_text


def test_italic_bases_of_a_word_file_import_as_can_cu_and_upright_ones_stay_the_opening(tmp_path):
    """Phụ lục I, II.6.a sets the bases in italics: a Word file's italic "Căn cứ ..." lines are the plan's
    bases (can_cu, printed italic again); an upright one, or one that runs on into "... như sau:", stays the
    opening's text as printed."""
    import copy

    import handmade

    path = handmade.build(tmp_path / "tay.docx")
    d = docx.Document(str(path))
    first = next(p for p in d.paragraphs if p.text.strip().startswith("I. MỤC ĐÍCH"))
    lines = [("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;", True),
             ("Căn cứ Quy chế quản lý thống nhất các hoạt động đối ngoại;", True),
             ("Căn cứ chỉ đạo của Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:", False)]
    for text, italic in lines:
        p = copy.deepcopy(first._p)
        first._p.addprevious(p)
        para = docx.text.paragraph.Paragraph(p, first._parent)
        for run in para.runs[1:]:
            run._r.getparent().remove(run._r)
        para.runs[0].text, para.runs[0].bold, para.runs[0].italic = text, False, italic
    d.save(str(path))
    result = import_file(path)
    plan = result.plan
    assert plan.can_cu == [t for t, italic in lines if italic]
    assert plan.mo_dau == [lines[2][0]]
    yaml_path = tmp_path / "tay.yaml"
    yaml_path.write_text(result.yaml_text, encoding="utf-8")
    built = build(yaml_path, tmp_path / "lai-chau.docx")
    assert built.errors == []
    rendered = docx.Document(str(built.output))
    assert [p.style.name for p in rendered.paragraphs if p.text.startswith("Căn cứ")] == [
        "KH Căn cứ", "KH Căn cứ", "KH Đoạn văn"]


def test_an_undated_copy_of_a_merged_province_imports_under_the_unit_it_became(tmp_path):
    """Sóc Trăng merged into Cần Thơ on 1 July 2025: a copy whose date line is lost cannot be dated before
    that, so it is written under Cần Thơ (it renders), and the note says how to keep the old name."""
    text = PLAIN.format(upper="SÓC TRĂNG", place="Sóc Trăng").replace("Sóc Trăng, ngày 29\ntháng 01 năm 2021\n", "")
    assert "ngày 29" not in text
    result, errors = imported(tmp_path, "soc-trang.txt", text)
    assert errors == []
    assert result.plan.co_quan == "Ủy ban nhân dân thành phố Cần Thơ"
    assert "tỉnh Sóc Trăng đã nhập vào thành phố Cần Thơ từ 01/7/2025" in notes(result)


def test_a_note_cited_twice_keeps_one_mark_and_a_list_number_is_no_note(tmp_path):
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace(
        "Bám sát nhiệm vụ chính trị của tỉnh.",
        "Bám sát nhiệm vụ chính trị của tỉnh[1].\n(1) Nâng cao nhận thức của cán bộ.")
    result, errors = imported(tmp_path, "hai-lan.txt", text)
    assert errors == []
    texts = " ".join(line for phan in result.plan.phan for m in phan.muc for line in m.noi_dung)
    assert " ".join(result.plan.mo_dau).count("[^1]") == 1 and "[^1]" not in texts  # the first citation only
    assert "(1) Nâng cao nhận thức của cán bộ." in texts
    assert "được dẫn lại lần nữa" in notes(result)


def test_list_numbers_on_their_own_lines_join_their_words(tmp_path):
    """An export that puts '1.' on a line and its words on the next; a hard wrap that leaves '06.' (the end of
    'Đề án 06.') alone on a line before the next number."""
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace(
        "1. Tổ chức đoàn ra đúng quy định.\n3. Đón tiếp đoàn vào chu đáo.\n",
        "1.\nTổ chức đoàn ra đúng quy định và Đề án\n06.\n2.\nĐón tiếp đoàn vào chu đáo.\n")
    result, errors = imported(tmp_path, "so-rieng.txt", text)
    assert errors == []
    assert [m.noi_dung for m in result.plan.phan[1].muc] == [
        ["Tổ chức đoàn ra đúng quy định và Đề án 06."], ["Đón tiếp đoàn vào chu đáo."]]


def test_a_blank_recipient_line_of_a_form_is_dropped_and_said(tmp_path):
    text = PLAIN.format(upper="LÀO CAI", place="Lào Cai").replace("- Bộ Ngoại giao;\n", "- Bộ Ngoại giao;\n- ......;\n")
    result, errors = imported(tmp_path, "mau.txt", text)
    assert errors == []
    assert result.plan.noi_nhan == ["Bộ Ngoại giao"]
    assert "dòng Nơi nhận '- ......;' chưa ghi cơ quan nào" in notes(result)


def test_the_placeholder_unit_an_import_leaves_renders_without_a_place_error(tmp_path):
    """'[Tên tỉnh]' (no unit found) prints 'TỈNH [TÊN TỈNH]': the check reads no province from a blank, so the
    date line's '[Tên tỉnh]' is not held against it (what import writes renders with no ND30 error)."""
    from test_validation import MINIMAL

    plan = tmp_path / "cho-trong.yaml"
    plan.write_text(MINIMAL.replace("tỉnh Lai Châu", "tỉnh [Tên tỉnh]"), encoding="utf-8")
    assert build(plan, tmp_path / "cho-trong.docx").errors == []
