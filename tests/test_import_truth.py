"""Import keeps what the page showed, or says what it changed: '+ ' sub-items of web copies, a Nơi nhận line
continued on the next, notes worded for the document's kind, points relettered, emphasis of point headings,
who issued an appendix, the places of grouped notes. Each case on a minimal file built here and on the real
document of the corpus that shows it; everything through the real `kehoach` command."""

from __future__ import annotations

from pathlib import Path

import docx
import handmade
from helpers import docx_text, imported, rendered, run_cli

from kehoach_gen.facts import textdates
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


# --- 4. what import changes is kept or said -------------------------------------------------------

def _runs_bold(path: Path, start: str) -> list[bool | None]:
    paragraph = next(p for p in docx.Document(str(path)).paragraphs if p.text.startswith(start))
    return [r.bold for r in paragraph.runs if r.text.strip()]


def test_a_skipped_point_letter_is_said(tmp_path):
    """'d)' then 'e)' with no 'đ)': the model letters points by their place, so 'e)' prints 'đ)', and the
    note says so (from Word and from a text copy alike)."""
    points = [("a) Tuyên truyền trên báo chí.", False), ("b) Tuyên truyền trên truyền hình.", False),
              ("c) Tuyên truyền trên mạng xã hội.", False), ("d) Tuyên truyền qua hội nghị.", False),
              ("e) Tuyên truyền qua tài liệu.", False)]
    body = [*handmade.BODY[:6], ("1. Hình thức tuyên truyền", True), *points, handmade.BODY[-1]]
    word = handmade.build(tmp_path / "word.docx", body=body)
    web = _web_copy(tmp_path, "\n\n".join(text for text, _ in points) + "\n")
    for source in (word, web):
        plan_path, text = imported(source, tmp_path)
        assert "điểm e) của bản gốc không liền sau điểm trước (đang chờ đ)): giữ điểm, đánh lại thành đ)" in text
        assert "đ) Tuyên truyền qua tài liệu." in _paragraphs(rendered(plan_path))


def test_real_plans_say_their_skipped_point_letters(tmp_path):
    """docx/04 and its LibreOffice export txt/16: 'd)' then 'e)' twice; both said."""
    for source in (CORPUS / "docx" / "04_lamdong_KH_tuyentruyen_CCHC2026.docx", CORPUS / "txt" / "16_lamdong_2026.txt"):
        _, text = imported(source, tmp_path)
        assert "điểm e) của bản gốc không liền sau điểm trước (đang chờ đ)): giữ điểm, đánh lại thành đ) (cùng loại " \
               "ở 1 chỗ khác" in text, source.name


TITLED_TASKS = """**1.1. Bằng khen của Thủ tướng Chính phủ**

Thực hiện theo quy định tại Hướng dẫn của Bộ Nội vụ.

**1.2. Bằng khen của Chủ tịch UBND tỉnh**

**a) Đối với tập thể:**

- Có tổ chức đợt thi đua thực hiện tốt công tác bầu cử.
"""


def test_a_titled_task_prints_as_printed_or_its_full_stop_is_said(tmp_path):
    """'1.1. <title>' with paragraphs below: its title, no full stop added. '1.2. <title>' with only points
    below (a task's paragraphs print no typed number): the model prints it as the task's sentence, with a
    full stop, and the note says so. The bold point heading under it keeps its weight."""
    plan_path, text = imported(_web_copy(tmp_path, TITLED_TASKS), tmp_path)
    tasks = load_plan(plan_path).phan[1].muc[0].nhiem_vu
    assert (tasks[0].tieu_de, tasks[0].noi_dung) == ("**Bằng khen của Thủ tướng Chính phủ**",
                                                     ["Thực hiện theo quy định tại Hướng dẫn của Bộ Nội vụ."])
    assert "tiêu đề nhiệm vụ 'Bằng khen của Chủ tịch UBND tỉnh' không có đoạn văn riêng bên dưới: in thành câu " \
           "mang số, thêm dấu chấm cuối" in text
    out = rendered(plan_path)
    printed = _paragraphs(out)
    assert "1.1. Bằng khen của Thủ tướng Chính phủ" in printed
    assert "a) Đối với tập thể:" in printed and _runs_bold(out, "a) Đối với tập thể:") == [True]


def test_real_titled_tasks_keep_their_title_and_bold_points(tmp_path):
    """docx/22: '1.1. Các văn bản quản lý nhà nước đã ban hành' prints without a full stop the source has not;
    txt/03: '3.2. Bằng khen … tỉnh' has only points under it and is said; its '**a) Đối với tập thể:**' and
    txt/13's '**b) Lĩnh vực kinh tế:**' print bold."""
    plan_path, _ = imported(CORPUS / "docx" / "22_laocai_BC_khoangsan2025.docx", tmp_path)
    assert "1.1. Các văn bản quản lý nhà nước đã ban hành" in _paragraphs(rendered(plan_path))
    plan_path, text = imported(CORPUS / "txt" / "03_daklak_2025.txt", tmp_path)
    assert "tiêu đề nhiệm vụ 'Bằng khen của Chủ tịch UBND tỉnh' không có đoạn văn riêng" in text
    assert _runs_bold(rendered(plan_path), "a) Đối với tập thể:") == [True]
    plan_path, _ = imported(CORPUS / "txt" / "13_hochiminh_2025b.txt", tmp_path)
    assert _runs_bold(rendered(plan_path), "b) Lĩnh vực kinh tế:") == [True]


# --- 5. who issued, in an appendix's "(Kèm theo ...)" line -----------------------------------------

ROWS = [["TT", "Nhiệm vụ", "Thời gian"], ["1", "Rà soát văn bản", "Quý I"]]


def test_an_appendix_issued_by_the_chairman_is_said(tmp_path):
    """The model prints '(Kèm theo Kế hoạch số ... của <the issuing body>)'; a line printed 'của Chủ tịch UBND
    tỉnh' is said, one printed 'của UBND tỉnh' (the same body, abbreviated) is not."""
    body = [*handmade.BODY[:-1], ("2. Sở Nội vụ theo dõi, báo cáo theo Phụ lục kèm theo./.", False)]
    for who, said in (("Chủ tịch UBND tỉnh Lai Châu", True), ("UBND tỉnh Lai Châu", False)):
        appendix = [("PHỤ LỤC", True), ("PHÂN CÔNG NHIỆM VỤ", True),
                    (f"(Kèm theo Kế hoạch số 25/KH-UBND ngày 05/01/2026 của {who})", False), ("table", ROWS)]
        source = handmade.build(tmp_path / f"{said}.docx", body=body, after_signature=appendix)
        plan_path, text = imported(source, tmp_path)
        note = (f"dòng '(Kèm theo ...)' của phụ lục 1 in 'của {who}'; mẫu in dòng này theo cơ quan ban hành: "
                "'của Ủy ban nhân dân tỉnh Lai Châu', cần xem lại")
        assert (note in text) == said, who
        assert "(Kèm theo Kế hoạch số 25/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu)" in \
            _paragraphs(rendered(plan_path))


def test_real_appendix_issued_by_the_chairman_is_said(tmp_path):
    """docx/01 and its LibreOffice export txt/14: '(Ban hành kèm theo Kế hoạch số ... của Chủ tịch UBND tỉnh Lâm
    Đồng)'; txt/09's '(Kèm theo ... của UBND tỉnh Thanh Hóa)' names the issuing body and is not said."""
    for source in (CORPUS / "docx" / "01_lamdong_KH_CCHC2026.docx", CORPUS / "txt" / "14_lamdong_2025.txt"):
        _, text = imported(source, tmp_path)
        assert "in 'của Chủ tịch UBND tỉnh Lâm Đồng'; mẫu in dòng này theo cơ quan ban hành: 'của Ủy ban nhân dân " \
               "tỉnh Lâm Đồng'" in text, source.name
    _, text = imported(CORPUS / "txt" / "09_thanhhoa_2025.txt", tmp_path)
    assert "dòng '(Kèm theo ...)'" not in text


# --- 6. the places a grouped note lists -----------------------------------------------------------

def test_a_grouped_note_in_an_appendix_lists_real_paragraphs(tmp_path):
    """Part titles in lower case in an appendix of a Word file: one note, located, with the other places at
    their own paragraph numbers (numbered on from the body's), never 'đoạn 0'."""
    outline = [("PHỤ LỤC", True), ("ĐỀ CƯƠNG BÁO CÁO", True), ("I. Đặc điểm, tình hình", True), ("Nội dung.", False),
               ("II. Kết quả thực hiện", True), ("Nội dung.", False), ("III. Đánh giá chung", True), ("Nội dung.", False)]
    body = [*handmade.BODY[:-1], ("2. Sở Nội vụ theo dõi, báo cáo theo Phụ lục kèm theo./.", False)]
    _, text = imported(handmade.build(tmp_path / "pl.docx", body=body, after_signature=outline), tmp_path)
    note = next(ln for ln in text.splitlines() if "tiêu đề phần 'I. Đặc điểm, tình hình' viết thường" in ln)
    first = int(note.split("đoạn ", 1)[1].split(":", 1)[0])
    assert first > len(body)
    assert f"(cùng loại ở 2 chỗ khác trong phụ lục 1: đoạn {first + 2} 'II. Kết quả thực hiện', {first + 4} " \
           "'III. Đánh giá chung')" in note


def test_real_grouped_note_lists_real_paragraphs(tmp_path):
    """docx/14: the outline appendix's part titles at paragraphs 138, 141, 147 and 151 of the file (counted as
    its body's notes are)."""
    _, text = imported(CORPUS / "docx" / "14_laocai_SCT_KH_DeAn08.docx", tmp_path)
    assert "đoạn 138: tiêu đề phần 'I. Đặc điểm, tình hình' viết thường" in text
    assert "trong phụ lục 1: đoạn 141 'II. Kết quả thực hiện', 147 'III. Đánh giá chung', 151 'IV. Phương" in text
    assert "đoạn 0" not in text


# --- 7. a resolution's number is no date; a year of three figures is a broken date ---------------

def test_a_number_followed_by_a_symbol_is_no_date_and_a_short_year_is_broken():
    text = ("theo Nghị quyết 66.4.2025/NQ-CP ngày 21/9/2025 và Nghị quyết số 66.4/2025/NQ-CP ngày 21/9/025 của "
            "Chính phủ; họp ngày 30.02.2027")
    assert [(m.text, m.exists) for m in textdates.mentions(text)] == [("ngày 21/9/2025", True),
                                                                     ("ngày 30.02.2027", False)]
    assert [text[a:b] for a, b in textdates.broken_dates(text)] == ["ngày 21/9/025"]
    assert textdates.broken_dates("số liệu 21/9/025 và ngày 21/9/2025") == []


def test_real_report_reports_its_broken_date_and_not_its_mistyped_number(tmp_path):
    """docx/22: 'Nghị quyết 66.4.2025/NQ-CP' is a mistyped number, not an impossible date; 'ngày 21/9/025' is a
    broken date. Both in the source checked as it is and in the plan imported from it."""
    source = CORPUS / "docx" / "22_laocai_BC_khoangsan2025.docx"
    checked = run_cli("check", str(source))
    plan_path, _ = imported(source, tmp_path)
    validated = run_cli("validate", str(plan_path))
    for result in (checked, validated):
        found = [ln for ln in (result.stdout + result.stderr).splitlines() if "ND-C06" in ln]
        assert len(found) == 1 and "'ngày 21/9/025' không có trên lịch" in found[0], found
