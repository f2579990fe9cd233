"""kehoach check on documents that showed a false error, a debatable one with bad advice, a wrong warning
or a miss: each case on a minimal document built here (a plan typed by hand in Word, tests/handmade.py),
and the message says what is on the page."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from handmade import build

from kehoach_gen.check import Report, check_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _saved(d: docx.document.Document, path: Path) -> Report:
    d.save(str(path))
    return check_file(path)


def _para(d, start: str):
    return next(docx.text.paragraph.Paragraph(p, d._body) for p in d.element.body.iter(qn("w:p"))
                if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip().startswith(start))


def _codes(report: Report, severity: str | None = None) -> list[str]:
    return [f.code for f in report.findings if severity is None or f.severity == severity]


# --- the header table ----------------------------------------------------------------------------

def test_a_table_grid_whose_cells_all_say_nil_has_no_border(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    assert "ND30-R12c" in _codes(_saved(d, tmp_path / "grid.docx"))  # "Table Grid" draws every edge
    for tc in d.tables[0]._tbl.iter(qn("w:tc")):
        tc.get_or_add_tcPr().append(parse_xml(
            f'<w:tcBorders {nsdecls("w")}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
            '<w:right w:val="nil"/></w:tcBorders>'))
    assert "ND30-R12c" not in _codes(_saved(d, tmp_path / "nil.docx"))
    # One cell that keeps its bottom edge still draws a line.
    last = d.tables[0]._tbl.findall(qn("w:tr"))[-1].findall(qn("w:tc"))[0]
    last.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}/{qn('w:bottom')}").set(qn("w:val"), "single")
    assert "ND30-R12c" in _codes(_saved(d, tmp_path / "one.docx"))


def test_two_columns_without_a_quoc_hieu_are_not_called_the_wrong_number_of_columns(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    _para(d, "CỘNG HOÀ").runs[0].text = "CỘNG HOÀ XÃ HỘI"
    report = _saved(d, tmp_path / "b.docx")
    assert "ND30-R13a" in _codes(report) and "ND30-R12b" not in _codes(report)


# --- decorations -----------------------------------------------------------------------------------

def test_underlined_web_and_mail_addresses_are_links_not_drawn_lines(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    p = _para(d, "- Đẩy mạnh")
    p._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="rIdLienKet"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:u w:val="single"/>'
        '</w:rPr><w:t>https://laichau.gov.vn/van-ban</w:t></w:r></w:hyperlink>'))
    d.part.rels.get_or_add_ext_rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                                   "https://laichau.gov.vn/van-ban")
    mail = p.add_run(" sngv@laichau.gov.vn")
    mail.font.underline = True
    assert "ND30-R50" not in _codes(_saved(d, tmp_path / "link.docx"))
    p.add_run(" nhấn mạnh").font.underline = True
    assert "ND30-R50" in _codes(_saved(d, tmp_path / "stress.docx"))


# --- content ---------------------------------------------------------------------------------------

def test_a_deadline_on_the_last_day_of_a_drafts_month_is_inside_the_plans_window():
    from kehoach_gen.content.paragraphs import check_paragraphs

    def codes(deadline: str) -> list[str]:
        texts = ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "Số: /KH-UBND", "Lai Châu, ngày tháng 12 năm 2025", "KẾ HOẠCH",
                 "Cải cách hành chính nhà nước năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
                 f"Các sở gửi kế hoạch của đơn vị về Sở Nội vụ trước ngày {deadline}."]
        return [f.code for f in check_paragraphs(texts)]

    assert "ND-C05" not in codes("31/12/2025")  # signed in December at the latest on the 31st: not before it
    assert "ND-C05" in codes("15/12/2025")  # may fall before the day it is signed: last year's left in
    assert "ND-C05" not in codes("15/01/2026")


# --- the căn cứ lines --------------------------------------------------------------------------------

_BASIS = [[("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", False, True)],
          [("Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức ngày 25 tháng 11 năm 2019;", False, True)],
          [("Thực hiện Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh;", False, True)]]
_RUN_ON = [("Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2026 như sau:", False, False)]


def test_italic_basis_lines_without_the_words_can_cu_are_not_told_to_stand_upright(tmp_path):
    from handmade import BODY

    report = check_file(build(tmp_path / "a.docx", body=[*_BASIS, _RUN_ON, *BODY]))
    assert "ND30-R29" not in _codes(report)
    # The last căn cứ runs on into "... như sau:": its ';' is right, and nothing asks for '.'.
    assert "ND30-R33d" not in _codes(report)


def test_a_last_basis_line_without_its_stop_says_how_it_ends(tmp_path):
    from handmade import BODY

    last = [("Căn cứ chỉ đạo của Ban Thường vụ Tỉnh ủy", False, True)]
    report = check_file(build(tmp_path / "a.docx", body=[*_BASIS, last, *BODY]))
    (f,) = [f for f in report.findings if f.code == "ND30-R33d"]
    assert (f.found, f.expected) == ("không có dấu ở cuối", "kết thúc bằng '.'")
    assert "(đang: không có dấu ở cuối; đúng: kết thúc bằng '.')" in f.render("a.docx")


# --- the signature block -------------------------------------------------------------------------------

def test_a_drafters_tag_set_small_after_the_luu_line_is_office_practice(tmp_path):
    after = build(tmp_path / "a.docx", archive=[("- Lưu: VT, NC.", False, False), ("_Châu", False, False)])
    before = build(tmp_path / "b.docx", archive=[("- Lưu: VT, NC", False, False), ("_Châu", False, False),
                                                 (".", False, False)])
    for path in (after, before):
        assert not [f for f in check_file(path).findings if f.rule == "ND30-R40"]
    # A missing full stop is still one, and the advice does not glue the tag to the unit.
    bare = build(tmp_path / "c.docx", archive=[("- Lưu: VT, NC", False, False), ("_Châu", False, False)])
    (f,) = [f for f in check_file(bare).findings if f.rule == "ND30-R40"]
    assert (f.code, f.found, f.expected) == ("ND30-R40a", "- Lưu: VT, NC", "- Lưu: VT, NC.")


# --- a Công văn ------------------------------------------------------------------------------------

def _cong_van(tmp_path: Path, body: list) -> docx.document.Document:
    """The hand-typed document made a Công văn: symbol 'UBND-NC', a 'V/v' line, no type name."""
    d = docx.Document(str(build(tmp_path / "cv.docx", body=body)))
    so = _para(d, "Số:")
    so.runs[0].text = "Số: 25/UBND-NC"
    vv = copy.deepcopy(so._p)
    so._p.addnext(vv)
    docx.text.paragraph.Paragraph(vv, so._parent).runs[0].text = "V/v công tác đối ngoại năm 2026"
    for start in ("KẾ HOẠCH", "Công tác đối ngoại năm 2026"):
        el = _para(d, start)._p
        el.getparent().remove(el)
    return d


def test_kinh_gui_lines_of_a_cong_van_are_not_body_paragraphs(tmp_path):
    from handmade import BODY

    d = _cong_van(tmp_path, [("Kính gửi:", False), ("- Sở Tài chính;", False), ("- Sở Nội vụ.", False), *BODY])
    for start in ("- Sở Tài chính;", "- Sở Nội vụ.", "I. MỤC ĐÍCH"):
        _para(d, start).paragraph_format.space_before = 0
    report = _saved(d, tmp_path / "cong-van.docx")
    assert report.kind is not None and report.kind.is_cong_van
    assert not [f for f in report.findings if f.rule == "ND30-R27"]
    # The body's own paragraphs are still held to 6 pt.
    _para(d, "1. Mục đích").paragraph_format.space_before = 0
    (f,) = [f for f in _saved(d, tmp_path / "cong-van-2.docx").findings if f.rule == "ND30-R27"]
    assert f.code == "ND30-R27c" and "1. Mục đích" in f.where


# --- positions: measured against what the text is centred on ----------------------------------------

def test_a_so_line_centred_with_typed_spaces_counts_its_blank_as_printed(tmp_path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from kehoach_gen.facts.metrics import text_width_mm
    from kehoach_gen.facts.wordml import pt_to_mm

    d = docx.Document(str(build(tmp_path / "a.docx")))
    so = _para(d, "Số:")
    so.alignment = WD_ALIGN_PARAGRAPH.LEFT
    line = "Số:" + " " * 16 + "/KH-UBND"  # the blank left for the number, as a draft prints it
    box = 64.0 - 2 * 1.905  # the cell less Word's cell margins
    lead = round((box - text_width_mm(line, 13)) / 2 / pt_to_mm(13 * 0.25))
    so.runs[0].text = " " * lead + line
    report = _saved(d, tmp_path / "b.docx")
    assert not [f for f in report.findings if f.code == "ND30-R19h"]
    # The same line pushed to the left edge is off centre, and says by how much.
    so.runs[0].text = line
    (f,) = [f for f in _saved(d, tmp_path / "c.docx").findings if f.code == "ND30-R19h"]
    assert f.found.startswith("căn trái, lệch") and "về bên trái" in f.found


def test_the_signer_is_centred_on_the_authority_lines_not_on_the_cell(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    right = d.tables[1].cell(0, 1)
    for p in right.paragraphs:  # the whole block set 20 mm in from the right: left of the cell's middle
        p.paragraph_format.right_indent = docx.shared.Mm(20)
    report = _saved(d, tmp_path / "b.docx")
    assert not [f for f in report.findings if f.rule == "ND30-R36"]
    # Phụ lục I states no alignment for the authority lines: off the cell's middle is a warning at most.
    assert {(f.code, f.severity) for f in report.findings if f.rule == "ND30-R35"} == {("ND30-R35i", "W")}
    # The name alone moved back to the cell's middle is off the lines it signs under.
    _para(d, "Hà Trọng Hải").paragraph_format.right_indent = 0
    (f,) = [f for f in _saved(d, tmp_path / "c.docx").findings if f.rule == "ND30-R36"]
    assert (f.code, f.severity) == ("ND30-R36g", "E") and "về bên phải so với dòng chức vụ" in f.found


# --- what does not print -------------------------------------------------------------------------------

def test_a_quoc_hieu_set_hidden_is_missing_from_the_page(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    for r in _para(d, "CỘNG HOÀ").runs:
        r.font.hidden = True
    report = _saved(d, tmp_path / "b.docx")
    assert "ND30-R13a" in _codes(report, "E")


# --- an appendix headed 'Phụ lục số 01:' ------------------------------------------------------------

def test_an_appendix_headed_phu_luc_so_01_is_read_and_held_to_iii_1(tmp_path):
    from handmade import BODY

    body = [*BODY[:-1], ("3. Các phòng báo cáo theo mẫu tại Phụ lục đính kèm./.", False)]
    appendix = [("Phụ lục số 01:", True), ("ĐỀ CƯƠNG BÁO CÁO", True), ("I.Đặc điểm, tình hình", True),
                ("1. Bối cảnh: khái quát tình hình kinh tế - xã hội trong kỳ báo cáo.", False)]
    report = check_file(build(tmp_path / "a.docx", body=body, after_signature=appendix))
    where = {f.code: f for f in report.findings if f.where.startswith("phụ lục 1")}
    assert {"ND30-R45a", "ND30-R46a", "ND30-R30a", "ND30-R30j"} <= set(where)
    assert where["ND30-R30a"].found == "I.Đặc điểm, tình hình" and where["ND30-R30j"].expected == "I. Đặc điểm, tình hình"
    assert where["ND30-R46a"].found == "nối tiếp số trang văn bản"
    assert "ND30-R47" not in where  # the only appendix, pointed to as 'Phụ lục đính kèm'
    assert "ND30-R44a" not in where  # 'I.' opens the content: it is not a title line


def test_a_mục_without_a_space_after_its_numeral_is_named(tmp_path):
    from handmade import BODY

    report = check_file(build(tmp_path / "a.docx", body=[("I.MỤC ĐÍCH, YÊU CẦU", True), *BODY[1:]]))
    (f,) = [f for f in report.findings if f.code == "ND30-R30j"]
    assert (f.severity, f.found, f.expected) == ("W", "I.MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU")


# --- messages --------------------------------------------------------------------------------------

def test_a_draft_is_told_what_the_van_thu_fills_in_not_an_invented_number(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    _para(d, "Số:").runs[0].text = "Số:       /KH-UBND"
    _para(d, "Lai Châu, ngày").runs[0].text = "Lai Châu, ngày      tháng 12 năm 2025"
    report = _saved(d, tmp_path / "b.docx")
    expected = {f.code: f.expected for f in report.findings}
    assert expected["ND30-R19b"] == "Số: <số do văn thư ghi khi ban hành>/KH-UBND"
    assert expected["ND30-R20b"] == "Lai Châu, ngày <ngày do văn thư ghi khi ban hành> tháng 12 năm 2025"
    assert not any("05" in f.expected for f in report.findings if f.code in ("ND30-R19b", "ND30-R20b"))


def test_quoted_text_is_cut_at_a_word():
    from kehoach_gen.facts.vn import clip

    text = "Căn cứ Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Ủy ban Thường vụ Quốc hội"
    assert clip(text, 40) == "Căn cứ Nghị quyết số 202/2025/QH15 ngày…"
    assert clip("Các sở báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026 về Sở Ngoại vụ./.", 20, from_end=True) \
        == "…về Sở Ngoại vụ./."
    assert clip("ngắn", 40) == "ngắn"


def test_places_quote_whole_words(tmp_path):
    from handmade import BODY

    long = "2. Sở Ngoại vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này của Ủy ban nhân dân tỉnh./."
    report = check_file(build(tmp_path / "a.docx", body=[*BODY[:-1], (long, True)]))
    quoted = [f.where.split(": '", 1)[1].removesuffix("'") for f in report.findings if ": '" in f.where]
    assert any(q.endswith("…") for q in quoted)
    texts = [long, *(t for t, _ in BODY)]
    for q in quoted:  # each is a paragraph's opening that stops where a word ends
        head = q.removesuffix("…")
        assert any(t == head or (t.startswith(head) and t[len(head)] in " ,;:") for t in texts), q


# --- weight and slant of part of an element ------------------------------------------------------------

def test_a_stray_colon_is_named_once_not_the_whole_label(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    label = _para(d, "Nơi nhận:")
    label.runs[0].text = "Nơi nhận"
    colon = label.add_run(":")
    colon.font.name, colon.font.size = "Times New Roman", docx.shared.Pt(14)
    (f,) = [f for f in _saved(d, tmp_path / "b.docx").findings if f.rule == "ND30-R38"]
    assert f.code == "ND30-R38b"
    assert (f.found, f.expected) == ("':' không đậm, đứng, 14 pt", "đậm, nghiêng, 12 pt như phần còn lại")


def test_the_hyphens_of_the_tieu_ngu_are_named(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    tn = _para(d, "Độc lập")
    tn.runs[0].text = "Độc lập"
    for words in (" - ", "Tự do", " - ", "Hạnh phúc"):
        r = tn.add_run(words)
        r.font.name, r.font.size, r.font.bold = "Times New Roman", docx.shared.Pt(14), words != " - "
    (f,) = [f for f in _saved(d, tmp_path / "b.docx").findings if f.rule == "ND30-R14"]
    assert (f.code, f.found) == ("ND30-R14b", "'-' không đậm")
    # The whole line regular is said as before.
    for r in tn.runs:
        r.font.bold = False
    (f,) = [f for f in _saved(d, tmp_path / "c.docx").findings if f.rule == "ND30-R14"]
    assert (f.code, f.found, f.expected) == ("ND30-R14b", "không đậm", "đậm")


# --- a document typed without diacritics -------------------------------------------------------------

def _without_marks(d) -> None:
    from kehoach_gen.ooxml.unmarked import bare

    for part in (d.element.body, *(s.header._element for s in d.sections)):
        for t in part.iter(qn("w:t")):
            t.text = bare(t.text or "")


def test_a_document_typed_without_diacritics_is_one_error_and_its_parts_are_found(tmp_path):
    marked = check_file(build(tmp_path / "a.docx"))
    d = docx.Document(str(tmp_path / "a.docx"))
    _without_marks(d)
    assert _para(d, "CONG HOA").text == "CONG HOA XA HOI CHU NGHIA VIET NAM"
    report = _saved(d, tmp_path / "khong-dau.docx")
    errors = [f for f in report.findings if f.severity == "E"]
    assert [f.code for f in errors] == ["ND30-R08d"]
    assert errors[0].where == "toàn văn bản" and "không dấu" in errors[0].found
    assert report.kind is not None and report.kind.is_ke_hoach and report.kind.is_ubnd
    # The warnings are those of the same document with its marks: nothing is taken for missing.
    assert sorted(_codes(report, "W")) == sorted(_codes(marked, "W"))


def test_a_few_words_without_marks_do_not_make_a_document_unmarked(tmp_path):
    from handmade import BODY

    report = check_file(build(tmp_path / "a.docx", body=[*BODY, ("Website: laichau.gov.vn; email: sngv", False)]))
    assert "ND30-R08d" not in _codes(report)


def test_bidi_overrides_and_zero_width_characters_are_named(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    p = _para(d, "- Đẩy mạnh")
    p.runs[0].text = p.runs[0].text.replace("Đẩy mạnh", "Đẩy\u202e mạnh\u200b")
    (f,) = [f for f in _saved(d, tmp_path / "b.docx").findings if f.code == "ND30-R08c"]
    assert (f.severity, f.found) == ("W", "U+200B (độ rộng 0), U+202E (đổi chiều chữ)")


def test_a_report_on_last_year_is_not_a_plan_issued_too_late():
    from kehoach_gen.content.paragraphs import check_paragraphs

    def codes(kind: str) -> list[str]:
        texts = ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /BC-UBND", "Lâm Đồng, ngày tháng 01 năm 2026", kind,
                 "Kết quả công tác quản lý hội năm 2025", "I. KẾT QUẢ THỰC HIỆN", "Năm 2025, các hội hoạt động ổn định."]
        return [f.code for f in check_paragraphs(texts)]

    assert "ND-C02a" not in codes("BÁO CÁO")
    assert "ND-C02a" in codes("KẾ HOẠCH")
