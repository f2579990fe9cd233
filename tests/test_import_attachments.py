"""Attachments as offices really send them: headed "Mẫu biểu số 01" instead of "PHỤ LỤC", or with no heading
at all (a title in capitals and its "(Kèm theo ...)" line), their "TT" column numbered by a Word list, several
names one a line in a cell. Each imports as an appendix with its table, and renders clean."""

from __future__ import annotations

from pathlib import Path

import docx
import handmade
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from kehoach_gen.build import build
from kehoach_gen.importer import import_file

REFERENCE = "(Kèm theo Kế hoạch số 25/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu)"
TITLE = "PHÂN CÔNG NHIỆM VỤ CỦA TỔ CÔNG TÁC"
TASKS = [("Rà soát hồ sơ của các đơn vị", ["Đỗ Mạnh Cường", "Vũ Việt Linh"]),
         ("Tổ chức kiểm tra", ["Nguyễn Thị Loan"]),
         ("Tổng hợp, báo cáo kết quả", ["Vũ Việt Linh", "Nguyễn Thị Loan"])]


def _numbered_list(d: docx.document.Document) -> str:
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="81"><w:abstractNumId w:val="80"/></w:num>'))
    return "81"


def _attachment_without_heading(path: Path) -> Path:
    handmade.build(path)
    d = docx.Document(str(path))
    num_id = _numbered_list(d)
    d.add_paragraph(TITLE)
    d.add_paragraph(REFERENCE)
    table = d.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nhiệm vụ", "Người thực hiện"], strict=True):
        cell.text = text
    for task, people in TASKS:
        row = table.add_row().cells
        row[0].paragraphs[0]._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
        row[1].text = task
        row[2].text = people[0]
        for name in people[1:]:
            row[2].add_paragraph(name)
    d.save(str(path))
    return path


def test_an_attachment_without_a_heading_imports_as_an_appendix_with_its_table(tmp_path):
    result = import_file(_attachment_without_heading(tmp_path / "tay.docx"))
    data = yaml.safe_load(result.yaml_text)
    [appendix] = data["phu_luc"]
    assert appendix["tieu_de"] == TITLE
    assert appendix["cot"] == ["TT", "Nhiệm vụ", "Người thực hiện"]
    # The numbers Word draws in the TT column, and the names a cell holds one a line.
    assert appendix["dong"] == [["1.", "Rà soát hồ sơ của các đơn vị", "Đỗ Mạnh Cường, Vũ Việt Linh"],
                                ["2.", "Tổ chức kiểm tra", "Nguyễn Thị Loan"],
                                ["3.", "Tổng hợp, báo cáo kết quả", "Vũ Việt Linh, Nguyễn Thị Loan"]]
    assert "không có dòng 'PHỤ LỤC'" in result.yaml_text.split("\n\n", 1)[0]
    plan = tmp_path / "tay.yaml"
    plan.write_text(result.yaml_text, encoding="utf-8")
    assert build(plan, tmp_path / "lai.docx").errors == []


WEB_COPY_TAIL = """

Nơi nhận:
- Bộ Tài chính;
- Lưu: VT, KT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lâm Văn Bi

**Mẫu biểu số 01**

**DỰ BÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU**

*(Kèm theo Kế hoạch số 204/KH-UBND ngày 24/11/2025 của Ủy ban nhân dân tỉnh Cà Mau)*

| STT | Chỉ tiêu | Năm 2026 |
|---|---|---|
| 1 | Tốc độ tăng trưởng (%) | 8,0 |
| 2 | Thu ngân sách (tỷ đồng) | 12.400 |

**Mẫu biểu số 02**

**KẾ HOẠCH VAY VÀ TRẢ NỢ**

*(Kèm theo Kế hoạch số 204/KH-UBND ngày 24/11/2025 của Ủy ban nhân dân tỉnh Cà Mau)*

| STT | Nội dung |
|---|---|
| 1 | Vay lại từ nguồn Chính phủ vay ngoài nước |
"""

WEB_COPY = """\
**ỦY BAN NHÂN DÂN**
**TỈNH CÀ MAU**
Số: 204/KH-UBND

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**
*Cà Mau, ngày 24 tháng 11 năm 2025*

**KẾ HOẠCH**
**Tài chính - ngân sách nhà nước 03 năm 2026 - 2028**

**I. MỤC TIÊU**

Dự báo các chỉ tiêu như Mẫu biểu số 01 và kế hoạch vay, trả nợ như Mẫu biểu số 02 đính kèm.

**II. TỔ CHỨC THỰC HIỆN**

Các sở, ngành triển khai thực hiện./.""" + WEB_COPY_TAIL


def test_attachments_headed_mau_bieu_import_as_appendices(tmp_path):
    source = tmp_path / "ca-mau.md"
    source.write_text(WEB_COPY, encoding="utf-8")
    result = import_file(source)
    data = yaml.safe_load(result.yaml_text)
    assert [a["tieu_de"] for a in data["phu_luc"]] == ["DỰ BÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU",
                                                      "KẾ HOẠCH VAY VÀ TRẢ NỢ"]
    assert data["phu_luc"][0]["dong"] == [["1", "Tốc độ tăng trưởng (%)", "8,0"],
                                          ["2", "Thu ngân sách (tỷ đồng)", "12.400"]]
    notes = result.yaml_text.split("\n\n", 1)[0]
    assert "'Mẫu biểu số 01' nhập thành một phụ lục" in notes and "'Mẫu biểu số 02'" in notes
    assert "Mẫu biểu" not in " ".join(data["ket_thuc"])  # the tables no longer run into the closing text
    plan = tmp_path / "ca-mau.yaml"
    plan.write_text(result.yaml_text, encoding="utf-8")
    assert build(plan, tmp_path / "ca-mau.docx").errors == []
