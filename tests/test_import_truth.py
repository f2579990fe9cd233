"""Import keeps what the page showed, or says what it changed: '+ ' sub-items of web copies, a Nơi nhận line
continued on the next, notes worded for the document's kind, points relettered, emphasis of point headings,
who issued an appendix, the places of grouped notes. Each case on a minimal file built here and on the real
document of the corpus that shows it; everything through the real `kehoach` command."""

from __future__ import annotations

from pathlib import Path

import docx
import handmade
from helpers import docx_text, imported, rendered

from kehoach_gen.plan.loader import load_plan

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"

# A web copy as the Markdown extractor writes it: the header table one cell a line between lone '|' lines,
# bold markers, hard wraps.
MD_HEADER = """|
**ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU**
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc**
|
Số: 25/KH-UBND
|
*Lai Châu, ngày 05 tháng 01 năm 2026*
|

**KẾ HOẠCH**

**Khen thưởng trong công tác bầu cử năm 2026**

**I. MỤC ĐÍCH, YÊU CẦU**

**1. Mục đích**

Kịp thời động viên, khen thưởng tập thể, cá nhân có thành tích.

**II. HÌNH THỨC VÀ TIÊU CHUẨN KHEN THƯỞNG**

**1. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh**

"""
MD_SIGNATURE = """
**III. TỔ CHỨC THỰC HIỆN**

Sở Nội vụ chủ trì, theo dõi việc thực hiện Kế hoạch này./.

|
***Nơi nhận:***
- Bộ Nội vụ;
- Lưu: VT, NC.
|
**TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH**

**Nguyễn Văn Hòa**
|
"""


def _web_copy(tmp_path: Path, middle: str) -> Path:
    source = tmp_path / "lai-chau.txt"
    source.write_text(MD_HEADER + middle + MD_SIGNATURE, encoding="utf-8")
    return source


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# --- 1. '+ ' sub-items of web copies --------------------------------------------------------------

SUB_ITEMS = """- Tặng cho xã, phường thuộc tỉnh đạt các tiêu chuẩn
sau:

+ Có tổ chức đợt thi đua nhằm thực hiện tốt công
tác bầu cử;

+ Có tỷ lệ cử tri đi bầu cử đạt từ 98% trở lên.

- Tặng cho cá nhân có thành tích xuất sắc.
"""


def test_a_web_copy_keeps_its_plus_sub_items(tmp_path):
    plan_path, _ = imported(_web_copy(tmp_path, SUB_ITEMS), tmp_path)
    item = load_plan(plan_path).phan[1].muc[0]
    assert item.noi_dung == ["- Tặng cho xã, phường thuộc tỉnh đạt các tiêu chuẩn sau:",
                             "+ Có tổ chức đợt thi đua nhằm thực hiện tốt công tác bầu cử;",
                             "+ Có tỷ lệ cử tri đi bầu cử đạt từ 98% trở lên.",
                             "- Tặng cho cá nhân có thành tích xuất sắc."]
    printed = _paragraphs(rendered(plan_path))
    assert "+ Có tỷ lệ cử tri đi bầu cử đạt từ 98% trở lên." in printed


def _lines_starting(text: str, mark: str) -> int:
    return sum(1 for ln in text.splitlines() if ln.lstrip().startswith(mark))


def test_real_web_copies_keep_every_plus_sub_item(tmp_path):
    """txt/03, 09, 13: 10, 32 and 4 lines '+ ' in the source, each one '+ ' line of the plan and of the render."""
    for name in ("03_daklak_2025.txt", "09_thanhhoa_2025.txt", "13_hochiminh_2025b.txt"):
        source = CORPUS / "txt" / name
        plan_path, text = imported(source, tmp_path)
        printed = _paragraphs(rendered(plan_path))
        wanted = _lines_starting(source.read_text(encoding="utf-8"), "+ ")
        assert wanted > 0
        assert (_lines_starting(text, "+ "), sum(p.startswith("+ ") for p in printed)) == (wanted, wanted), name


# --- 2. a Nơi nhận line continued on the next -----------------------------------------------------

WRAPPED_RECIPIENTS = ["- Bộ Nội vụ;", "- Các sở: Nông nghiệp và Môi trường,", "Tài chính, Công Thương, Xây dựng;",
                      "- TT. Tỉnh ủy (b/c);"]
JOINED = ["Bộ Nội vụ", "Các sở: Nông nghiệp và Môi trường, Tài chính, Công Thương, Xây dựng", "TT. Tỉnh ủy (b/c)"]


def test_a_recipient_wrapped_after_a_comma_is_one_recipient(tmp_path):
    word = handmade.build(tmp_path / "word.docx", recipients=WRAPPED_RECIPIENTS)
    web = _web_copy(tmp_path, "1. Sở Nội vụ hướng dẫn các cơ quan thực hiện.\n").read_text(encoding="utf-8")
    text = tmp_path / "web.txt"
    text.write_text(web.replace("- Bộ Nội vụ;\n", "\n".join(WRAPPED_RECIPIENTS) + "\n"), encoding="utf-8")
    for source in (word, text):
        plan_path, _ = imported(source, tmp_path)
        assert load_plan(plan_path).noi_nhan == JOINED, source.name
        printed = docx_text(rendered(plan_path)).splitlines()
        assert "- Các sở: Nông nghiệp và Môi trường, Tài chính, Công Thương, Xây dựng;" in printed


def test_real_report_keeps_its_wrapped_recipient_whole(tmp_path):
    """docx/22: '- Các sở: Nông nghiệp và Môi trường,' / 'Tài chính, Công Thương, Xây dựng;' is one recipient."""
    plan_path, _ = imported(CORPUS / "docx" / "22_laocai_BC_khoangsan2025.docx", tmp_path)
    recipients = load_plan(plan_path).noi_nhan
    assert "Các sở: Nông nghiệp và Môi trường, Tài chính, Công Thương, Xây dựng" in recipients
    assert not any(r.startswith("Tài chính") for r in recipients)


# --- 3. notes worded for the document's kind ------------------------------------------------------

def test_a_reports_notes_name_a_report(tmp_path):
    """'Kính gửi' in a Báo cáo (BC-UBND) is said of a report, not of a plan; in a plan, of a plan."""
    body = [("Kính gửi: Bộ Nội vụ.", False), *handmade.BODY]
    for symbol, noun in (("KH-UBND", "kế hoạch"), ("BC-UBND", "báo cáo")):
        source = handmade.build(tmp_path / f"{symbol}.docx", body=body)
        if symbol != "KH-UBND":
            _respell(source, "25/KH-UBND", f"25/{symbol}")
        _, text = imported(source, tmp_path)
        assert f"dòng 'Kính gửi' trong {noun} (mẫu {noun} không có)" in text, symbol


def _respell(path: Path, old: str, new: str) -> None:
    document = docx.Document(str(path))
    for cell in document.tables[0]._cells:
        for p in cell.paragraphs:
            for r in p.runs:
                r.text = r.text.replace(old, new)
    document.save(str(path))


def test_real_report_notes_name_a_report(tmp_path):
    """docx/22 (BC-UBND): its 'Kính gửi' list is noted as in a report."""
    _, text = imported(CORPUS / "docx" / "22_laocai_BC_khoangsan2025.docx", tmp_path)
    assert "dòng 'Kính gửi' trong báo cáo (mẫu báo cáo không có)" in text
    assert "trong kế hoạch" not in text
