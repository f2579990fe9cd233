"""Import keeps what the page showed, the finer points: weight in appendix cells, tables a text copy
wrote one cell a line, a trích yếu in a one-cell table, empty cells of pipe tables, an appendix of
several forms, the drafter's tag as printed, "Kính gửi", the legal bases, notes grouped per block, and
appendix part titles in the source's case. Each case on a minimal file built here and on the real
document of the corpus that shows it; everything through the real `kehoach` command."""

from __future__ import annotations

from pathlib import Path

import docx
import handmade
import pytest
from helpers import body_of, emphasis, imported, rendered, run_cli

from kehoach_gen.plan.loader import load_plan

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
B, I = (True, False), (False, True)  # noqa: E741 (bold, italic)


def appendix_weight_kept(source: Path, out: Path) -> tuple[int, int]:
    """The bold and italic words of the appendix tables' cells the render keeps, of the source's; the render
    emphasises none the source did not."""
    src, got = body_of(source), body_of(out)
    assert src is not None and got is not None
    kept = []
    for which in (1, 2):
        measured = emphasis(src, got, which, appendices=True)
        assert measured.added == 0, measured.added_words
        kept.append(measured.source - measured.kept)
    return kept[0], kept[1]


# --- 1. weight inside appendix table cells --------------------------------------------------------

WEIGHTED_ROWS = [["TT", "Nhiệm vụ", "Thời gian"],
                 [("I", *B), ("Cải cách thể chế", *B), ""],
                 ["1", "Rà soát văn bản quy phạm pháp luật", "Quý I"],
                 [("1.1", *I), ("Văn bản cấp tỉnh", *I), ("Quý II", *I)]]
WEIGHTED_APPENDIX = [("PHỤ LỤC", True), ("PHÂN CÔNG NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", True), ("table", WEIGHTED_ROWS)]


def test_weight_inside_appendix_cells_is_kept_through_import_and_render(tmp_path):
    body = [*handmade.BODY[:-1], ("2. Sở Nội vụ theo dõi, báo cáo theo Phụ lục kèm theo./.", False)]
    source = handmade.build(tmp_path / "pl.docx", body=body, after_signature=WEIGHTED_APPENDIX)
    plan_path, _ = imported(source, tmp_path)
    (appendix,) = load_plan(plan_path).phu_luc
    assert appendix.cot == ["TT", "Nhiệm vụ", "Thời gian"]
    assert appendix.dong == [["**I**", "**Cải cách thể chế**", ""], ["1", "Rà soát văn bản quy phạm pháp luật", "Quý I"],
                             ["*1.1*", "*Văn bản cấp tỉnh*", "*Quý II*"]]
    out = rendered(plan_path)
    assert appendix_weight_kept(source, out) == (0, 0)
    group = next(c for t in docx.Document(str(out)).tables for c in t._cells if c.text == "Cải cách thể chế")
    assert all(r.bold for p in group.paragraphs for r in p.runs)


@pytest.mark.parametrize("name", ["01_lamdong_KH_CCHC2026.docx", "02_lamdong_KH_CCHC2026_duthao.docx",
                                  "10_lamdong_BC_CCHC2025.docx"])
def test_real_appendix_tables_keep_their_bold_groups_and_italic_sub_rows(tmp_path, name):
    """docx/01 and 02: the group rows 'I Cải cách thể chế' ... printed bold; docx/10: the sub-rows 1.4.1.,
    3.1.1. ... printed italic."""
    source = CORPUS / "docx" / name
    plan_path, _ = imported(source, tmp_path)
    rows = [row for ap in load_plan(plan_path).phu_luc for row in [*ap.dong, *(r for t in ap.tables() for r in t.dong)]]
    if name.startswith("10"):
        assert ["*1.4.1.*", "*Số TTHC cấp tỉnh*", "*Thủ tục*", "*1.946*", ""] in rows
    else:
        assert ["**I**", "**Cải cách thể chế**", "", "", "", "", ""] in rows
    assert appendix_weight_kept(source, rendered(plan_path)) == (0, 0)


# --- 2. tables of a text copy written one cell a line ---------------------------------------------

FLAT_OPENING = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU
Số: 25/KH-UBND
Lai Châu, ngày 05 tháng 01 năm 2026
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.
II. NHIỆM VỤ
1. Xây dựng chuyên mục trên Đài Phát thanh tỉnh
Đài chủ trì, phối hợp với các sở tổ chức chương trình đối thoại như sau:
"""
FLAT_CLOSING = """2. Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này./.
Nơi nhận:
- Bộ Nội vụ;
- Lưu: VT, NC.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hà Trọng Hải
"""
# The Word table's cells, a line each; a cell of two paragraphs takes two lines ("Lãnh đạo" / "Sở Y tế").
FLAT_TABLE = """TT
Nội dung
Trách nhiệm
thực hiện
Thời gian
(Năm 2026)
1
Giải đáp vướng mắc về thủ tục đất đai
Lãnh đạo Sở Nông nghiệp và Môi trường
Tháng 3
2
Giải đáp vướng mắc về thủ tục y tế
Lãnh đạo
Sở Y tế
Tháng 5
3
Giải đáp vướng mắc về thủ tục tư pháp
Lãnh đạo Sở Tư pháp
Tháng 7
"""
FLAT_ROWS = [["1", "Giải đáp vướng mắc về thủ tục đất đai", "Lãnh đạo Sở Nông nghiệp và Môi trường", "Tháng 3"],
             ["2", "Giải đáp vướng mắc về thủ tục y tế", "Lãnh đạo Sở Y tế", "Tháng 5"],
             ["3", "Giải đáp vướng mắc về thủ tục tư pháp", "Lãnh đạo Sở Tư pháp", "Tháng 7"]]


def test_a_body_table_written_one_cell_a_line_is_rebuilt_where_its_shape_is_clear(tmp_path):
    source = tmp_path / "bang.txt"
    source.write_text(FLAT_OPENING + FLAT_TABLE + FLAT_CLOSING, encoding="utf-8")
    plan_path, text = imported(source, tmp_path)
    item = load_plan(plan_path).phan[1].muc[0]
    (table,) = item.bang
    assert (table.cot, table.dong) == (["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian (Năm 2026)"], FLAT_ROWS)
    assert item.noi_dung == ["Đài chủ trì, phối hợp với các sở tổ chức chương trình đối thoại như sau:"]
    assert text.count("dựng lại bảng từ các ô trải dòng") == 1
    out = rendered(plan_path)
    assert (body_of(out).tables, len(docx.Document(str(out)).tables)) == (1, 3)


def test_a_table_of_unclear_shape_stays_paragraphs_and_is_said_once(tmp_path):
    """Two rows, one of them with a cell of two lines: which cell is a guess, so nothing is guessed."""
    unclear = FLAT_TABLE.split("\n3\n")[0] + "\n"
    source = tmp_path / "bang.txt"
    source.write_text(FLAT_OPENING + unclear + FLAT_CLOSING, encoding="utf-8")
    plan_path, text = imported(source, tmp_path)
    item = load_plan(plan_path).phan[1].muc[0]
    assert not item.bang and "Lãnh đạo Sở Nông nghiệp và Môi trường" in item.noi_dung
    assert text.count("có thể là một bảng bị trải thành từng ô một dòng") == 1


def test_the_lam_dong_text_export_keeps_the_two_schedule_tables_of_its_word_file(tmp_path):
    """txt/16 is LibreOffice's text export of docx/04: its two schedule tables (12 and 11 rows, cells of two
    paragraphs on two lines) come back as the Word file's."""
    from kehoach_gen.facts.inline import plain

    text_plan = load_plan(imported(CORPUS / "txt" / "16_lamdong_2026.txt", tmp_path)[0])
    word_plan = load_plan(imported(CORPUS / "docx" / "04_lamdong_KH_tuyentruyen_CCHC2026.docx", tmp_path)[0])
    rebuilt = [(t.cot, t.dong) for d in text_plan.phan[2].muc[0].diem for t in d.bang]
    word = [(t.cot, [[plain(c) for c in r] for r in t.dong]) for d in word_plan.phan[2].muc[0].diem for t in d.bang]
    assert [len(rows) + 1 for _, rows in rebuilt] == [12, 11] and rebuilt == word


# --- 3. a trích yếu typed in a table of one cell -------------------------------------------------

def test_a_summary_typed_in_a_one_cell_table_is_the_summary(tmp_path):
    source = handmade.build(tmp_path / "ty.docx")
    document = docx.Document(str(source))
    summary = next(p for p in document.paragraphs if p.text == "Công tác đối ngoại năm 2026")
    box = document.add_table(rows=1, cols=1)
    cell = box.cell(0, 0)
    cell._tc.remove(cell.paragraphs[0]._p)
    summary._p.addprevious(box._tbl)
    cell._tc.append(summary._p)
    document.save(str(source))
    plan_path, text = imported(source, tmp_path)
    assert load_plan(plan_path).trich_yeu == "Công tác đối ngoại năm 2026" and "không có trích yếu" not in text
    assert load_plan(plan_path).phan[0].tieu_de == "MỤC ĐÍCH, YÊU CẦU"


def test_the_lam_dong_report_keeps_its_summary_typed_in_a_table(tmp_path):
    """docx/21: 'Tổ chức, hoạt động và quản lý hội năm 2025' in a table of one cell under 'BÁO CÁO'."""
    plan_path, text = imported(CORPUS / "docx" / "21_lamdong_BC_quanlyhoi2025.docx", tmp_path)
    plan = load_plan(plan_path)
    assert plan.trich_yeu == "Tổ chức, hoạt động và quản lý hội năm 2025" and "không có trích yếu" not in text
    assert plan.phan[0].tieu_de == "THỰC TRẠNG TỔ CHỨC VÀ HOẠT ĐỘNG CỦA HỘI"
    rendered(plan_path)


# --- 4. the empty cells of a pipe table set aside ---------------------------------------------------

def _pipe_copy(cells: list[str]) -> str:
    """A web copy as Markdown with one appendix whose table is written a cell a line between lone '|'."""
    table = "|\n" + "\n|\n".join(cells) + "\n|\n"
    return ("**ỦY BAN NHÂN DÂN**\n**TỈNH THANH HÓA**\n\nSố: 235/KH-UBND\n\n*Thanh Hóa, ngày 18 tháng 11 năm 2025*\n\n"
            "**KẾ HOẠCH**\n\nQuan trắc môi trường nuôi trồng thủy sản năm 2026\n\n**I. MỤC ĐÍCH, YÊU CẦU**\n\n"
            "1. Theo dõi môi trường các vùng nuôi, chi tiết tại Phụ lục kèm theo.\n\n**II. TỔ CHỨC THỰC HIỆN**\n\n"
            "Sở Nông nghiệp và Môi trường theo dõi, đôn đốc việc thực hiện Kế hoạch này./.\n\n**Nơi nhận:**\n"
            "- Bộ Nông nghiệp và Môi trường;\n- Lưu: VT, NN.\n\n**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\n\nLê Đức Giang\n\n"
            "**PHỤ LỤC**\n\nĐỊA ĐIỂM QUAN TRẮC NĂM 2026\n\n"
            "*(kèm theo Kế hoạch 235/KH-UBND ngày 18/11/2025 của UBND tỉnh Thanh Hóa)*\n\n" + table)


def test_a_pipe_table_set_aside_keeps_its_empty_cells_in_their_places(tmp_path):
    """A header of two rows that cannot be told apart: the table stays paragraphs, a row each, and which
    column each figure stood in is kept by its empty neighbours."""
    cells = ["STT", "Địa điểm quan trắc", "Đối tượng quan trắc", "", "Nuôi tôm", "Nuôi ngao", "",
             "1", "Cửa sông lạch Càn", "1", "", "", "2", "Cửa sông lạch Sung", "", "2", "", "3", "Cửa sông Mã", "1", "1"]
    source = tmp_path / "quan-trac.txt"
    source.write_text(_pipe_copy(cells), encoding="utf-8")
    plan_path, text = imported(source, tmp_path)
    (appendix,) = load_plan(plan_path).phu_luc
    assert appendix.ghi_chu == ["| STT | Địa điểm quan trắc | Đối tượng quan trắc | | Nuôi tôm | Nuôi ngao |",
                                "| 1 | Cửa sông lạch Càn | 1 | |", "| 2 | Cửa sông lạch Sung | | 2 |",
                                "| 3 | Cửa sông Mã | 1 | 1 |"]
    assert "không nhận ra được số cột của bảng phụ lục" in text
    rendered(plan_path)


def test_the_thanh_hoa_appendices_keep_the_empty_cells_of_their_tables(tmp_path):
    """txt/09: three tables under two-row headers, set aside; the figures stay under their columns."""
    plan_path, _ = imported(CORPUS / "txt" / "09_thanhhoa_2025.txt", tmp_path)
    first, _, third = load_plan(plan_path).phu_luc
    assert "| 8 | xã Tân Tiến | | 2 | 1 | |" in first.ghi_chu and "| 22 | xã Thường Xuân | | | | 1 |" in first.ghi_chu
    assert "| 3.1 | Khu vực nước cấp cho vùng nuôi tôm Xuân Lộc | 2199743 | 594115 |" in third.ghi_chu
    rendered(plan_path)


# --- 5. one appendix of several forms ------------------------------------------------------------

FORMS = [("PHỤ LỤC", True), ("BIỂU MẪU THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH NĂM 2025", True),
         ("Biểu mẫu 1", True), ("Công tác chỉ đạo điều hành", True),
         ("table", [["STT", "Chỉ tiêu", "Số liệu"], ["1", "Số văn bản chỉ đạo đã ban hành", "82"]]),
         ("Biểu mẫu 2", True), ("Cải cách thể chế", True),
         ("table", [["STT", "Chỉ tiêu", "Số liệu"], ["1", "Số văn bản quy phạm pháp luật ban hành", "249"]])]


def test_an_appendix_of_forms_is_one_appendix_holding_each_form_under_its_caption(tmp_path):
    body = [*handmade.BODY[:-1], ("2. Sở Nội vụ tổng hợp số liệu theo Phụ lục kèm theo./.", False)]
    source = handmade.build(tmp_path / "bieu.docx", body=body, after_signature=FORMS)
    plan_path, text = imported(source, tmp_path)
    (appendix,) = load_plan(plan_path).phu_luc
    assert appendix.tieu_de == "BIỂU MẪU THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH NĂM 2025"
    assert [(t.tieu_de, t.noi_dung, t.dong[0][2]) for t in appendix.bang] == [
        ("Biểu mẫu 1", ["Công tác chỉ đạo điều hành"], "82"), ("Biểu mẫu 2", ["Cải cách thể chế"], "249")]
    assert "không có nội dung" not in text
    out = rendered(plan_path)
    printed = [p.text for p in docx.Document(str(out)).paragraphs]
    assert printed.count("Phụ lục") == 1 and printed.index("Biểu mẫu 1") < printed.index("Biểu mẫu 2")


def test_the_lam_dong_report_keeps_its_seven_forms_in_its_one_appendix(tmp_path):
    """docx/10: 'PHỤ LỤC' over 'Biểu mẫu 1' ... 'Biểu mẫu 7' (form 3 and 7 in two tables each): one appendix,
    none empty."""
    plan_path, text = imported(CORPUS / "docx" / "10_lamdong_BC_CCHC2025.docx", tmp_path)
    (appendix,) = load_plan(plan_path).phu_luc
    captions = [t.tieu_de for t in appendix.bang if t.tieu_de]
    assert captions == [f"Biểu mẫu {n}" for n in range(1, 8)] and len(appendix.bang) == 9
    assert appendix.bang[0].noi_dung == ["Công tác chỉ đạo điều hành CCHC"] and appendix.landscape
    assert "không có nội dung" not in text
    rendered(plan_path)


# --- 6. the drafter's tag after a full stop -------------------------------------------------------

def _archive_runs(out: Path) -> list[tuple[str, bool]]:
    for table in docx.Document(str(out)).tables:
        for p in table.cell(0, 0).paragraphs:
            if p.text.startswith("- Lưu"):
                return [(r.text, bool(r.font.subscript)) for r in p.runs]
    raise AssertionError("no Lưu line")


def test_a_drafters_tag_printed_after_a_full_stop_keeps_it(tmp_path):
    """'- Lưu: VT, NC.' then 'Châu' in subscript: the unit, the stop and the tag print as they stood, and the
    line still ends with its full stop (Phụ lục I, ND30-R40)."""
    archive = [("- Lưu: VT, NC", False, False), (".", False, False), ("_Châu", False, False)]
    source = handmade.build(tmp_path / "luu.docx", archive=archive)
    plan_path, _ = imported(source, tmp_path)
    plan = load_plan(plan_path)
    assert (plan.luu, plan.nguoi_soan) == (["VT", "NC"], ".Châu")
    out = rendered(plan_path)
    assert _archive_runs(out) == [("- Lưu: VT, NC.", False), ("Châu", True), (".", False)]
    assert "ND30-R40" not in run_cli("check", str(out)).stdout
    again, _ = imported(out, tmp_path / "lai")
    assert load_plan(again).nguoi_soan == ".Châu"
    from kehoach_gen.plan.compose import compose
    from kehoach_gen.render.html import render as html

    assert "- Lưu: VT, NC.<sub>Châu</sub>.</p>" in html(compose(plan), "xem")


@pytest.mark.parametrize("name", ["01_lamdong_KH_CCHC2026.docx", "04_lamdong_KH_tuyentruyen_CCHC2026.docx",
                                  "10_lamdong_BC_CCHC2025.docx"])
def test_the_lam_dong_files_keep_nc_dot_chau(tmp_path, name):
    plan_path, _ = imported(CORPUS / "docx" / name, tmp_path)
    plan = load_plan(plan_path)
    assert (plan.luu, plan.nguoi_soan) == (["VT", "NC"], ".Châu")
    assert _archive_runs(rendered(plan_path))[-3:] == [("- Lưu: VT, NC.", False), ("Châu", True), (".", False)]


# --- 7. "Kính gửi" of a report or a letter --------------------------------------------------------

def test_kinh_gui_set_in_a_table_under_the_summary_is_kept(tmp_path):
    source = handmade.build(tmp_path / "kg.docx")
    document = docx.Document(str(source))
    summary = next(p for p in document.paragraphs if p.text == "Công tác đối ngoại năm 2026")
    box = document.add_table(rows=1, cols=2)
    box.cell(0, 0).paragraphs[0].text = "Kính gửi:"
    box.cell(0, 1).paragraphs[0].text = "- Bộ Ngoại giao;"
    box.cell(0, 1).add_paragraph("- Bộ Nội vụ.")
    summary._p.addnext(box._tbl)
    document.save(str(source))
    plan_path, text = imported(source, tmp_path)
    plan = load_plan(plan_path)
    assert plan.mo_dau == ["Kính gửi:", "- Bộ Ngoại giao;", "- Bộ Nội vụ."]
    assert "dòng 'Kính gửi'" in text
    out = rendered(plan_path)
    printed = [p.text for p in docx.Document(str(out)).paragraphs]
    assert printed[printed.index("Kính gửi:") + 1] == "- Bộ Ngoại giao;"


@pytest.mark.parametrize(("name", "addressed"), [
    ("22_laocai_BC_khoangsan2025.docx", ["- Bộ Nông nghiệp và Môi trường;", "- Bộ Công Thương;", "- Bộ Xây dựng."]),
    ("23_laocai_SCT_BC_ATVSLD2026.docx", ["- Cục Kỹ thuật an toàn và Môi trường công nghiệp;",
                                         "- Sở Nội vụ tỉnh Lào Cai."])])
def test_the_lao_cai_reports_keep_who_they_are_addressed_to(tmp_path, name, addressed):
    plan_path, _ = imported(CORPUS / "docx" / name, tmp_path)
    plan = load_plan(plan_path)
    assert plan.mo_dau[:len(addressed) + 1] == ["Kính gửi:", *addressed]
    rendered(plan_path)


# --- 8. the legal bases ---------------------------------------------------------------------------

BASES_BODY = [
    ("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về Chương trình tổng thể cải cách hành chính;", False),
    ("Căn cứ Quyết định số 101/QĐ-TTg ngày 25/01/2024 của Thủ tướng Chính phủ về việc ban hành Kế hoạch hành động;",
     False),
    ("Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2026 như sau:", False),
    *handmade.BODY,
]


def test_basis_lines_printed_upright_are_the_plans_bases(tmp_path):
    """'Căn cứ ...;' lines opening the plan are its can_cu whether printed italic or upright (the plan prints
    them italic, with ';' and '.', as Phụ lục I II.6.a does, and says so); the lead-in stays mo_dau."""
    source = handmade.build(tmp_path / "cc.docx", body=BASES_BODY)
    plan_path, text = imported(source, tmp_path)
    plan = load_plan(plan_path)
    assert [b[:40] for b in plan.can_cu] == ["Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/", "Căn cứ Quyết định số 101/QĐ-TTg ngày 25/"]
    assert plan.mo_dau == ["Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2026 như sau:"]
    assert "dòng 'Căn cứ' in chữ đứng trong bản gốc được ghi vào can_cu" in text
    out = rendered(plan_path)
    printed = [p for p in docx.Document(str(out)).paragraphs if p.text.startswith("Căn cứ")]
    assert [p.text[-1] for p in printed] == [";", "."]
    assert all(p.style.font.italic and all(r.italic is not False for r in p.runs) for p in printed)
    assert "ND30-R33" not in run_cli("check", str(out)).stdout


def test_a_basis_running_into_the_lead_in_stays_the_opening(tmp_path):
    body = [("Căn cứ Quyết định số 4255/QĐ-BNN-KHCN ngày 04/12/2024 của Bộ Nông nghiệp, Ủy ban nhân dân tỉnh ban hành "
             "Kế hoạch như sau:", False), *handmade.BODY]
    plan_path, _ = imported(handmade.build(tmp_path / "cc.docx", body=body), tmp_path)
    plan = load_plan(plan_path)
    assert plan.can_cu == [] and plan.mo_dau[0].startswith("Căn cứ Quyết định số 4255")


@pytest.mark.parametrize(("source", "count"), [("txt/13_hochiminh_2025b.txt", 6), ("txt/18_lamdong_2026c.txt", 5),
                                               ("docx/06_lamdong_KH_thidua_CCHC2026.docx", 5),
                                               ("docx/14_laocai_SCT_KH_DeAn08.docx", 7)])
def test_real_plans_keep_their_bases_as_bases(tmp_path, source, count):
    plan_path, _ = imported(CORPUS / source, tmp_path)
    plan = load_plan(plan_path)
    assert len(plan.can_cu) == count and all(b.startswith("Căn cứ") for b in plan.can_cu)
    assert not any(p.startswith("Căn cứ") and p.endswith(";") for p in plan.mo_dau)
    rendered(plan_path)


# --- 9. notes of one kind in the body, once ------------------------------------------------------

def test_notes_of_one_kind_in_the_body_are_said_once_with_their_count_and_lines(tmp_path):
    text = FLAT_OPENING.replace("I. MỤC ĐÍCH, YÊU CẦU", "I. Mục đích, yêu cầu").replace("II. NHIỆM VỤ", "II. Nhiệm vụ") \
        + "III. Kinh phí\nKinh phí bố trí trong dự toán năm 2026 của các cơ quan.\n" \
        + FLAT_CLOSING.replace("2. Sở Nội vụ", "IV. Tổ chức thực hiện\nSở Nội vụ")
    source = tmp_path / "thuong.txt"
    source.write_text(text, encoding="utf-8")
    result = run_cli("import", str(source), "-o", str(tmp_path / "thuong.yaml"))
    said = [ln for ln in result.stderr.splitlines() if "viết thường trong bản gốc" in ln]
    assert len(said) == 1 and ("(cùng loại ở 3 chỗ khác trong văn bản: dòng 10 'II. Nhiệm vụ', 13 'III. Kinh phí', "
                               "15 'IV. Tổ chức thực hiện')") in said[0], result.stderr
    assert said[0].startswith(f"{source}:7:")


def test_the_lao_cai_plans_upright_bases_are_said_once(tmp_path):
    """docx/14: seven upright 'Căn cứ' lines, one note; docx/08: three items restarting at 1, one note."""
    _, text = imported(CORPUS / "docx" / "14_laocai_SCT_KH_DeAn08.docx", tmp_path)
    assert text.count("in chữ đứng trong bản gốc") == 1 and "cùng loại ở 6 chỗ khác trong văn bản: đoạn" in text
    _, text = imported(CORPUS / "docx" / "08_lamdong_QD_BCD_dulieu.docx", tmp_path)
    assert text.count("số thứ tự mục bắt đầu lại từ 1") == 1 and "cùng loại ở 2 chỗ khác trong văn bản" in text


# --- 10. an appendix's part titles: capitals, as Phụ lục I asks wherever a mục stands ------------------

def test_an_outline_appendix_prints_its_part_titles_in_capitals_and_says_so(tmp_path):
    """The source's 'I. Đặc điểm, tình hình' is a breach `kehoach check` reports (ND30-R30a): the render
    prints the title in capitals, and the import says so once for the block."""
    outline = [("PHỤ LỤC", True), ("ĐỀ CƯƠNG BÁO CÁO", True), ("I. Đặc điểm, tình hình", True),
               ("1. Bối cảnh: Khái quát tình hình kinh tế - xã hội của tỉnh trong kỳ báo cáo.", False),
               ("II. Kết quả thực hiện Đề án 08-ĐA/TU", True), ("1. Công tác tuyên truyền của Sở.", False)]
    body = [*handmade.BODY[:-1], ("2. Sở Công Thương báo cáo theo Phụ lục kèm theo./.", False)]
    plan_path, text = imported(handmade.build(tmp_path / "dc.docx", body=body, after_signature=outline), tmp_path)
    (appendix,) = load_plan(plan_path).phu_luc
    assert [p.tieu_de for p in appendix.phan] == ["ĐẶC ĐIỂM, TÌNH HÌNH", "KẾT QUẢ THỰC HIỆN ĐỀ ÁN 08-ĐA/TU"]
    assert text.count("viết thường trong bản gốc") == 1
    printed = [p.text for p in docx.Document(str(rendered(plan_path))).paragraphs]
    assert {"ĐỀ CƯƠNG BÁO CÁO", "I. ĐẶC ĐIỂM, TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN ĐỀ ÁN 08-ĐA/TU"} <= set(printed)
