"""kehoach check on hand-made documents that showed a false error or a message that misdescribed the page:
each case on a minimal document built here (a plan typed by hand in Word, tests/handmade.py)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from handmade import build
from helpers import run_cli

from kehoach_gen.check import Report, check_file
from kehoach_gen.ooxml import write as ooxml


def _saved(d: docx.document.Document, path: Path) -> Report:
    d.save(str(path))
    return check_file(path)


def _codes(report: Report) -> list[str]:
    return [f.code for f in report.findings]


def _para(d, start: str):
    return next(docx.text.paragraph.Paragraph(p, d._body) for p in d.element.body.iter(qn("w:p"))
                if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip().startswith(start))


# --- where a line starts ------------------------------------------------------------------------------

def _wide_signature(tmp_path: Path, align: str | None, name: str) -> Report:
    """The signature table made 179 mm wide on a 165 mm text width, its left cell's lines indented 7 mm:
    centred on the page, the table starts 7 mm left of the margin and the lines stand on it."""
    d = docx.Document(str(build(tmp_path / "a.docx")))
    sig = d.tables[-1]._tbl
    ooxml.set_grid(sig, [90.0, 89.0])
    tbl_pr = sig.tblPr
    for old in tbl_pr.findall(qn("w:tblW")) + tbl_pr.findall(qn("w:jc")):
        tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{round(179 / 25.4 * 1440)}" w:type="dxa"/>'))
    if align is not None:
        tbl_pr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{align}"/>'))
    for p in d.tables[-1].cell(0, 0).paragraphs:
        p.paragraph_format.left_indent = Mm(7.0 - 1.905)  # the cell margin (0.19 cm) brings it to 7 mm
    return _saved(d, tmp_path / name)


def test_a_centred_signature_table_wider_than_the_text_puts_its_lines_on_the_margin(tmp_path):
    report = _wide_signature(tmp_path, "center", "centre.docx")
    assert not [f for f in report.findings if f.code in ("ND30-R38e", "ND30-R39e")]


def test_the_same_table_set_left_leaves_its_lines_indented(tmp_path):
    report = _wide_signature(tmp_path, None, "left.docx")
    (label,) = [f for f in report.findings if f.code == "ND30-R38e"]
    assert label.found == "cách lề 0,51 cm"
    assert len([f for f in report.findings if f.code == "ND30-R39e"]) == 3


def test_a_table_set_right_stands_where_its_width_puts_it(tmp_path):
    report = _wide_signature(tmp_path, "right", "right.docx")
    (label,) = [f for f in report.findings if f.code == "ND30-R38e"]
    assert label.found == "cách lề -0,70 cm"


def test_the_explanation_says_the_tables_place_counts():
    out = run_cli("check", "--giai-thich", "ND30-R39e").stdout
    assert "bảng căn giữa hay căn phải" in out


# --- the number line ---------------------------------------------------------------------------------

def test_a_number_line_typed_in_capitals_is_read_as_the_number_line_and_its_case_named(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    _para(d, "Số:").runs[0].text = "SỐ: 15/KH-UBND"
    report = _saved(d, tmp_path / "caps.docx")
    assert report.kind is not None and report.kind.issuer_name == "Ủy ban nhân dân tỉnh Lai Châu"
    (f,) = [f for f in report.findings if f.rule == "ND30-R19"]
    assert (f.code, f.found, f.expected) == ("ND30-R19i", "SỐ: 15/KH-UBND", "Số: 15/KH-UBND")
    assert not [f for f in report.findings if f.rule in ("ND30-R17", "ND30-R18")]


# --- the Tiêu ngữ ----------------------------------------------------------------------------------------

def _hide(p) -> None:
    for r in p.runs:
        r.font.hidden = True


def test_a_hidden_motto_is_missing_and_the_date_line_is_not_judged_as_it(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    _hide(_para(d, "Độc lập"))
    report = _saved(d, tmp_path / "hidden.docx")
    (f,) = [f for f in report.findings if f.rule in ("ND30-R14", "ND30-R15", "ND30-R16")]
    assert f.code == "ND30-R14a" and "chữ ẩn" in f.found and f.expected == "Độc lập - Tự do - Hạnh phúc"
    assert not [f for f in report.findings if "Lai Châu, ngày" in f.found]


def test_a_motto_typed_wrong_is_still_judged_as_the_motto(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    _para(d, "Độc lập").runs[0].text = "Độc lập – Tự do – Hạnh phúc"
    (f,) = [f for f in _saved(d, tmp_path / "dash.docx").findings if f.rule == "ND30-R14"]
    assert (f.code, f.found) == ("ND30-R14a", "Độc lập – Tự do – Hạnh phúc")


# --- a Công văn's recipients (ô 9a) ---------------------------------------------------------------------

def _recipients(tmp_path: Path, lines: list[str]) -> Report:
    from handmade import BODY
    from test_check_truth import _cong_van

    d = _cong_van(tmp_path, [(line, False) for line in lines] + BODY)
    return _saved(d, tmp_path / "cv-9a.docx")


def _in_9a(where: str) -> bool:
    return any(f"'{start}" in where for start in ("Kính gửi", "Sở ", "- Sở "))


def test_recipient_lines_without_their_marks_are_named_and_not_judged_as_body_text(tmp_path):
    report = _recipients(tmp_path, ["Kính gửi:", "Sở Tài chính", "Sở Nội vụ"])
    assert report.kind is not None and report.kind.is_cong_van
    listed = [(f.code, f.found, f.expected) for f in report.findings if f.rule == "ND30-R51"]
    assert listed == [("ND30-R51b", "Sở Tài chính", "- Sở Tài chính;"), ("ND30-R51b", "Sở Nội vụ", "- Sở Nội vụ.")]
    assert not [f for f in report.findings if f.rule in ("ND30-R25", "ND30-R27") and _in_9a(f.where)]


def test_recipient_lines_in_the_decrees_form_pass(tmp_path):
    report = _recipients(tmp_path, ["Kính gửi:", "- Sở Tài chính;", "- Sở Nội vụ."])
    assert not [f for f in report.findings if f.rule in ("ND30-R51", "ND30-R25") and _in_9a(f.where)]


def test_kinh_gui_without_its_colon_is_reported(tmp_path):
    report = _recipients(tmp_path, ["Kính gửi Sở Tài chính tỉnh Lai Châu."])
    (f,) = [f for f in report.findings if f.rule == "ND30-R51"]
    assert (f.code, f.expected) == ("ND30-R51a", "Kính gửi: Sở Tài chính tỉnh Lai Châu.")


def test_one_recipient_goes_on_the_kinh_gui_line(tmp_path):
    report = _recipients(tmp_path, ["Kính gửi:", "Sở Tài chính tỉnh Lai Châu."])
    (f,) = [f for f in report.findings if f.rule == "ND30-R51"]
    assert (f.code, f.expected) == ("ND30-R51c", "Kính gửi: Sở Tài chính tỉnh Lai Châu.")


# --- what does not print --------------------------------------------------------------------------------

def test_content_checks_leave_hidden_words_out(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    p = _para(d, "- Đẩy mạnh")
    p.add_run(" trước ngày 31/02/2026").font.hidden = True
    d.save(str(tmp_path / "hidden.docx"))
    assert "ND-C06" not in run_cli("check", str(tmp_path / "hidden.docx")).stdout
    p.runs[-1].font.hidden = False
    d.save(str(tmp_path / "shown.docx"))
    assert "[ND-C06]" in run_cli("check", str(tmp_path / "shown.docx")).stdout


# --- a document typed without diacritics -------------------------------------------------------------------

def _unmarked_with_appendix(tmp_path: Path, reference: str, note: str) -> Report:
    from handmade import BODY
    from test_check_truth import _without_marks

    body = [*BODY[:-1], (note, False), BODY[-1]]
    appendix = [("Phụ lục", True), (reference, False), ("DANH MỤC ĐOÀN RA NĂM 2026", True),
                ("1. Đoàn công tác tại Lào.", False)]
    d = docx.Document(str(build(tmp_path / "a.docx", body=body, after_signature=appendix)))
    _without_marks(d)
    return _saved(d, tmp_path / "khong-dau.docx")


_REFERENCE = "(Kèm theo Kế hoạch số 25/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu)"


def test_an_unmarked_document_cites_and_refers_to_its_appendix_in_its_own_spelling(tmp_path):
    report = _unmarked_with_appendix(tmp_path, _REFERENCE, "(Đính kèm Phụ lục nội dung)")
    read = ("ND30-R45a", "ND30-R45b", "ND30-R45c", "ND30-R45d", "ND30-R45e", "ND30-R47")
    assert not [f for f in report.findings if f.code in read]  # the line's italics are another matter
    # The same document without the note does not cite its appendix.
    report = _unmarked_with_appendix(tmp_path, _REFERENCE, "Các sở tổ chức thực hiện.")
    assert "ND30-R47" in _codes(report)


def test_a_reference_line_is_quoted_as_printed(tmp_path):
    report = _unmarked_with_appendix(tmp_path, "(Kèm theo Kế hoạch của Ủy ban nhân dân tỉnh)", "(Đính kèm Phụ lục)")
    (f,) = [f for f in report.findings if f.code == "ND30-R45b"]
    assert f.found == "(Kem theo Ke hoach cua Uy ban nhan dan tinh)"


# --- appendices ------------------------------------------------------------------------------------------------

def _two_appendices(tmp_path: Path, note: str) -> Report:
    from handmade import BODY

    appendix = []
    for k in (1, 2):
        appendix += [(f"Phụ lục số 0{k}:", True), (_REFERENCE, False), (f"DANH MỤC SỐ {k}", True),
                     ("1. Đoàn công tác tại Lào.", False)]
    body = [*BODY[:-1], (note, False), BODY[-1]]
    return check_file(build(tmp_path / "a.docx", body=body, after_signature=appendix))


def test_the_advice_on_several_appendices_names_them_as_r42_numbers_them(tmp_path):
    report = _two_appendices(tmp_path, "Các sở tổ chức thực hiện.")
    numbers = [f.expected for f in report.findings if f.code == "ND30-R42b"]
    cites = [f.expected for f in report.findings if f.code == "ND30-R47"]
    assert numbers == ["Phụ lục I", "Phụ lục II"]
    assert cites == ["'(chi tiết tại Phụ lục I kèm theo)'", "'(chi tiết tại Phụ lục II kèm theo)'"]
    # Cited by the names the page gives them, they are cited; their numbering is still R42's to name.
    report = _two_appendices(tmp_path, "(Chi tiết tại Phụ lục số 01 và Phụ lục số 02 kèm theo)")
    assert "ND30-R47" not in _codes(report) and _codes(report).count("ND30-R42b") == 2


_CHAIR_ISSUES = "Chủ tịch Ủy ban nhân dân tỉnh Lai Châu ban hành Kế hoạch công tác đối ngoại năm 2026 như sau:"


def _with_reference(tmp_path: Path, reference: str, opening: str) -> Report:
    from handmade import BODY

    appendix = [("Phụ lục", True), (reference, False), ("DANH MỤC ĐOÀN RA", True), ("1. Đoàn công tác tại Lào.", False)]
    body = [(opening, False), *BODY[:-1], ("(Chi tiết tại Phụ lục kèm theo)", False), BODY[-1]]
    return check_file(build(tmp_path / "a.docx", body=body, after_signature=appendix))


def test_a_plan_the_chu_tich_issues_is_referred_to_as_his(tmp_path):
    draft = "(Ban hành kèm theo Kế hoạch số /KH-UBND ngày /01/2026 của Chủ tịch UBND tỉnh)"
    (f,) = [f for f in _with_reference(tmp_path, draft, _CHAIR_ISSUES).findings if f.code == "ND30-R45c"]
    assert f.expected == ("(Ban hành kèm theo Kế hoạch số 25/KH-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban "
                          "nhân dân tỉnh Lai Châu)")
    # Issued by the committee, the line names the committee.
    plain = "Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2026 như sau:"
    (f,) = [f for f in _with_reference(tmp_path, draft, plain).findings if f.code == "ND30-R45c"]
    assert f.expected.endswith("của Ủy ban nhân dân tỉnh Lai Châu)")
    # The Chủ tịch's form in full is a reference line as III.1.c asks.
    full = "(Ban hành kèm theo Kế hoạch số 25/KH-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Lai Châu)"
    report = _with_reference(tmp_path, full, _CHAIR_ISSUES)
    assert not [f for f in report.findings if f.code in ("ND30-R45a", "ND30-R45b", "ND30-R45c", "ND30-R45d",
                                                          "ND30-R45e")]


def test_an_appendix_on_the_same_page_is_a_warning_and_the_explanation_says_why(tmp_path):
    report = _with_reference(tmp_path, _REFERENCE, _CHAIR_ISSUES)  # handmade: the appendix follows on the page
    (f,) = [f for f in report.findings if f.rule == "ND30-R42"]
    assert (f.code, f.severity) == ("ND30-R42a", "W")
    out = run_cli("check", "--giai-thich", "ND30-R42a").stdout
    assert "Phụ lục I, III.1 không nói" in out and "không có: căn cứ nêu rõ" not in out


def _number_line(tmp_path: Path, typed: str) -> list[tuple[str, str, str]]:
    d = docx.Document(str(build(tmp_path / "a.docx")))
    _para(d, "Số:").runs[0].text = typed
    return [(f.code, f.found, f.expected) for f in _saved(d, tmp_path / "so.docx").findings if f.rule == "ND30-R19"]


def test_the_number_line_is_quoted_as_typed_and_the_advice_keeps_its_number(tmp_path):
    assert _number_line(tmp_path, "Số:  15 /KH - UBND") == [("ND30-R19d", "Số:  15 /KH - UBND", "Số: 15/KH-UBND")]


def test_a_tab_or_no_break_spaces_after_so_are_shown_and_named(tmp_path):
    assert _number_line(tmp_path, "Số:\t15/KH-UBND") == [("ND30-R19c", "Số:→15/KH-UBND (→ là tab)", "Số: 15/KH-UBND")]
    assert _number_line(tmp_path, "Số:\u00a0\u00a015/KH-UBND") == [
        ("ND30-R19c", "Số:°°15/KH-UBND (° là dấu cách không ngắt)", "Số: 15/KH-UBND")]


def test_a_space_before_the_colon_breaks_the_form(tmp_path):
    assert _number_line(tmp_path, "Số : 15/KH-UBND") == [("ND30-R19d", "Số : 15/KH-UBND", "Số: 15/KH-UBND")]
    assert _number_line(tmp_path, "Số: 15/KH-UBND") == []


# --- the page number ---------------------------------------------------------------------------------------

_BARE_PAGE = ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
              '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
              '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r {ns}><w:t>2</w:t></w:r>',
              '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>')


def _bare_page_number(p) -> None:
    """A PAGE field typed with no run formatting: it takes the Normal style's font and size."""
    for r in list(p._p.iter(qn("w:r"))):
        r.getparent().remove(r)
    for xml in _BARE_PAGE:
        p._p.append(parse_xml(xml.format(ns=nsdecls("w"))))


def test_an_unformatted_page_number_is_named_in_the_font_and_size_it_prints(tmp_path):
    d = docx.Document(str(build(tmp_path / "a.docx")))
    _bare_page_number(d.sections[0].header.paragraphs[0])
    # Normal: the theme's Latin font, 11 pt, with Times New Roman as its complex-script font (as docx/10 has it)
    d.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), "Times New Roman")
    found = {f.code: f.found for f in _saved(d, tmp_path / "bare.docx").findings if f.where.startswith("đầu trang")}
    assert found["ND30-R07a"] in ("Calibri", "Cambria")  # what prints the digits: not the complex-script font
    assert found["ND30-R10c"] == "11 pt"


def test_an_appendix_sections_own_page_number_is_held_to_the_same_form(tmp_path):
    from docx.enum.section import WD_SECTION

    d = docx.Document(str(build(tmp_path / "a.docx")))
    appendix = d.add_section(WD_SECTION.NEW_PAGE)
    appendix.header.is_linked_to_previous = False
    _bare_page_number(appendix.header.paragraphs[0])
    report = _saved(d, tmp_path / "appendix.docx")
    assert [(f.where, f.found) for f in report.findings if f.code == "ND30-R10c"] == [("đầu trang, phân đoạn 2", "11 pt")]


# --- the real documents that showed them -------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "docx"


def test_real_documents_no_longer_show_these_faults():
    wide = check_file(CORPUS / "22_laocai_BC_khoangsan2025.docx")  # a 179 mm signature table, centred
    assert not [f for f in wide.findings if f.code in ("ND30-R38e", "ND30-R39e")]
    bare = check_file(CORPUS / "10_lamdong_BC_CCHC2025.docx")  # the appendix's page number, unformatted
    found = {(f.code, f.where): f.found for f in bare.findings}
    assert found[("ND30-R10c", "đầu trang, phân đoạn 2")] == "11 pt"
    assert found[("ND30-R07a", "đầu trang, phân đoạn 2, đoạn 1")] == "Calibri"
    chair = check_file(CORPUS / "01_lamdong_KH_CCHC2026.docx")  # "Chủ tịch Ủy ban nhân dân tỉnh ... ban hành"
    (f,) = [f for f in chair.findings if f.code == "ND30-R45c"]
    assert f.expected.endswith("của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng)")
