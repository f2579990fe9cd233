"""kehoach check reads a document as Word shows it: the same plan laid out another common way (a spacer
column in the header, a PAGE field inside w:sdt or placed by a centre tab, lines drawn as paragraph
borders, khoản numbered by Word, lines joined with w:br, landscape margins turned with the page) gives
no new finding; and each document kind is named and spared the Kế hoạch-only rules."""

from __future__ import annotations

import copy
import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from test_check_rules import PLAN, para, set_text

from kehoach_gen.check import check_file
from kehoach_gen.ooxml.resolve import Resolver
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.render.docx import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def good_bytes() -> bytes:
    return render(compose(load_plan_text(PLAN)))


def _findings(tmp_path, document, name="doc.docx"):
    path = tmp_path / name
    document.save(str(path))
    return check_file(path)


@pytest.fixture(scope="module")
def baseline(good_bytes, tmp_path_factory):
    report = _findings(tmp_path_factory.mktemp("base"), docx.Document(io.BytesIO(good_bytes)))
    return {(f.rule, f.severity) for f in report.findings}


# --- the same plan, laid out another way -----------------------------------------------------

def _set_line_length(p, mm: float) -> None:
    """Give the line drawn for p (a drawing in it, or the bordered empty paragraph after it) this length."""
    for ext in p.iter("{*}extent", "{*}ext"):
        ext.set("cx", str(int(mm * 36000)))
    after = p.getnext()
    if after is not None and after.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None:
        tc = next(after.iterancestors(qn("w:tc")))
        side = int((_cell_inner_mm(tc) - mm) / 2 * 1440 / 25.4)
        ind = after.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        ind.set(qn("w:left"), str(side))
        ind.set(qn("w:right"), str(side))


def spacer_column(d):
    """A 3-column header table: issuer, an empty spacer column, Quốc hiệu."""
    name = para(d, "TỈNH LAI CHÂU")._p
    line_mm = 17.0 if name.getnext() is None else None
    bordered = name.getnext()
    if bordered is not None and bordered.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None:
        ind = bordered.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        line_mm = _cell_inner_mm(next(bordered.iterancestors(qn("w:tc")))) - (
            int(ind.get(qn("w:left"))) + int(ind.get(qn("w:right")))) * 25.4 / 1440
    tbl = d.tables[0]._tbl
    grid = tbl.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol"))
    first = int(cols[0].get(qn("w:w")))
    cols[0].set(qn("w:w"), str(first - 300))
    spacer = copy.deepcopy(cols[0])
    spacer.set(qn("w:w"), "300")
    cols[0].addnext(spacer)
    for tr in tbl.findall(qn("w:tr")):
        tc = tr.findall(qn("w:tc"))[0]
        tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").set(qn("w:w"), str(first - 300))
        empty = parse_xml(f'<w:tc {nsdecls("w")}><w:tcPr><w:tcW w:w="300" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
        tc.addnext(empty)
    if line_mm is not None:
        _set_line_length(name, line_mm)  # the author keeps the line's length in the narrower column


def _page_paragraph(d):
    header = d.sections[0].header._element
    return next(p for p in header.iter(qn("w:p")) if p.find(f".//{qn('w:instrText')}") is not None
                or p.find(f".//{qn('w:fldSimple')}") is not None)


def page_field_in_sdt(d):
    """Word's "Page Numbers (Top of Page)" building block wraps the field in a content control."""
    p = _page_paragraph(d)
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Page Numbers (Top of Page)"/>'
                    '</w:docPartObj></w:sdtPr><w:sdtContent/></w:sdt>')
    p.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(p)


def page_field_by_centre_tab(d):
    """Left-aligned, moved to the middle of the text area by a centre tab stop."""
    p = _page_paragraph(d)
    ppr = p.get_or_add_pPr()
    jc = ppr.find(qn("w:jc"))
    if jc is not None:
        ppr.remove(jc)
    ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="left"/>'))
    ppr.insert(0, parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="center" w:pos="4677"/></w:tabs>'))
    first_run = p.find(qn("w:r"))
    first_run.addprevious(parse_xml(f'<w:r {nsdecls("w")}><w:tab/></w:r>'))


def _drop_drawings(p):
    """Remove the line the renderer drew for p: a drawing in p, or the bordered empty paragraph after it."""
    for r in list(p.iter(qn("w:r"))):
        if r.find(".//" + qn("w:drawing")) is not None or r.find(".//{*}AlternateContent") is not None:
            r.getparent().remove(r)
    after = p.getnext()
    if after is not None and after.tag == qn("w:p") and after.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None \
            and not "".join(t.text or "" for t in after.iter(qn("w:t"))).strip():
        after.getparent().remove(after)


def _bordered_empty_after(p, side_mm: float, where: str = "bottom"):
    """An empty paragraph after p carrying a border, indented side_mm each side (its drawn length)."""
    twips = int(side_mm * 1440 / 25.4)
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    style_xml = f'<w:pStyle w:val="{style.get(qn("w:val"))}"/>' if style is not None else ""
    new = parse_xml(f'<w:p {nsdecls("w")}><w:pPr>{style_xml}<w:pBdr><w:{where} w:val="single" w:sz="6" w:space="1" '
                    f'w:color="auto"/></w:pBdr><w:spacing w:before="0" w:after="0"/>'
                    f'<w:ind w:left="{twips}" w:right="{twips}"/><w:jc w:val="center"/></w:pPr></w:p>')
    p.addnext(new)
    return new


def border_lines(d, tn_mm: float = 60.2):
    """The three ND30 lines drawn as borders of empty paragraphs (centred by equal indents)."""
    cell_inner = _cell_inner_mm(d.tables[0].cell(0, 1)._tc)
    tn = para(d, "Độc lập")._p
    _drop_drawings(tn)
    _bordered_empty_after(tn, (cell_inner - tn_mm) / 2)
    name = para(d, "TỈNH LAI CHÂU")._p
    _drop_drawings(name)
    _bordered_empty_after(name, (_cell_inner_mm(d.tables[0].cell(0, 0)._tc) - 17.0) / 2)
    summary = para(d, "Công tác đối ngoại năm 2026")._p
    _drop_drawings(summary)
    s = d.sections[0]
    text_mm = (s.page_width - s.left_margin - s.right_margin) / 36000
    _bordered_empty_after(summary, (text_mm - 24.0) / 2)


def _cell_inner_mm(tc) -> float:
    """The cell's width less its left and right margins (the table's, else Word's default 108 twips)."""
    tbl = next(tc.iterancestors(qn("w:tbl")))
    mar = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    margins = 216
    if mar is not None:
        margins = sum(int(m.get(qn("w:w")) or 0) if (m := mar.find(qn(f"w:{side}"))) is not None else 108
                      for side in ("left", "right"))
    return (int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) - margins) * 25.4 / 1440


def line_as_top_border(d):
    """The line under the trích yếu as the top border of the next, empty paragraph... of a short one."""
    summary = para(d, "Công tác đối ngoại năm 2026")._p
    _drop_drawings(summary)
    s = d.sections[0]
    text_mm = (s.page_width - s.left_margin - s.right_margin) / 36000
    _bordered_empty_after(summary, (text_mm - 24.0) / 2, where="top")


def numbered_khoan(d):
    """Khoản numbers and điểm letters made by Word's numbering (w:numPr), restarting under each mục."""
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        '</w:abstractNum>'))
    for num_id, restart in (("91", False), ("92", True)):
        override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else "")
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                                   f'{override}</w:num>'))

    def number(start: str, num_id: str, ilvl: int, strip: int) -> None:
        p = para(d, start)
        set_text(p, p.text[strip:])
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    number("1. Mục đích", "91", 0, 3)
    number("a) Điểm thứ nhất", "91", 1, 3)
    number("b) Điểm thứ hai", "91", 1, 3)
    number("2. Các sở, ngành", "91", 0, 3)
    number("1. Quản lý đoàn ra", "92", 0, 3)


def joined_by_breaks(d):
    """Lines that share a paragraph, split by w:br: Quốc hiệu and Tiêu ngữ, KT. and PHÓ CHỦ TỊCH."""
    resolver = Resolver(d)
    for first, second in (("CỘNG HÒA XÃ HỘI", "Độc lập"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")):
        a, b = para(d, first)._p, para(d, second)._p
        a.append(parse_xml(f'<w:r {nsdecls("w")}><w:br/></w:r>'))
        for r in b.findall(qn("w:r")):
            props = resolver.run(r, b)  # the second line keeps its own look once in the first's paragraph
            run = docx.text.run.Run(r, None)
            run.font.size, run.font.bold = Pt(props.size), props.bold
            a.append(r)
        b.getparent().remove(b)


def turned_landscape_margins(d):
    """The landscape appendix keeps the portrait margins, turned with the page (binding edge on top)."""
    s = d.sections[1]
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(30), Mm(15), Mm(20), Mm(20)


def _move_drawings(src, dst):
    for r in list(src.iter(qn("w:r"))):
        if r.find(".//" + qn("w:drawing")) is not None or r.find(".//{*}AlternateContent") is not None:
            dst.append(r)


def lines_anchored_elsewhere(d):
    """Word anchors a line to whichever paragraph the cursor was in: the motto's line in the Quốc hiệu
    paragraph, the trích yếu's line in the first paragraph of the body."""
    _move_drawings(para(d, "Độc lập")._p, para(d, "CỘNG HÒA XÃ HỘI")._p)
    _move_drawings(para(d, "Công tác đối ngoại năm 2026")._p, para(d, "Căn cứ Quy chế")._p)


LAYOUTS = {
    "spacer column": spacer_column,
    "PAGE in w:sdt": page_field_in_sdt,
    "PAGE by centre tab": page_field_by_centre_tab,
    "lines as borders": border_lines,
    "top border": line_as_top_border,
    "Word numbering": numbered_khoan,
    "w:br lines": joined_by_breaks,
    "turned margins": turned_landscape_margins,
    "lines anchored elsewhere": lines_anchored_elsewhere,
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_another_common_layout_gives_no_new_finding(name, good_bytes, baseline, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    LAYOUTS[name](document)
    report = _findings(tmp_path, document)
    new = {(f.rule, f.severity, f.where, f.message) for f in report.findings
           if (f.rule, f.severity) not in baseline}
    assert new == set()


def test_border_line_of_the_wrong_length_is_measured(good_bytes, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    border_lines(document, tn_mm=30.0)
    report = _findings(tmp_path, document)
    r16 = [f for f in report.findings if f.rule == "ND30-R16"]
    assert [f.severity for f in r16] == ["E"] and "60" in r16[0].expected
    assert float(r16[0].found.split()[0]) < 40  # measured from the border's indents, far below the motto's 60 mm


def test_numbering_that_skips_a_letter_is_caught(good_bytes, tmp_path):
    """Word's automatic letters run a, b, c, d, e: ND30's đ is missing, and the checker sees it."""
    document = docx.Document(io.BytesIO(good_bytes))
    numbered_khoan(document)
    first = para(document, "Điểm thứ nhất")
    for _ in range(4):
        extra = copy.deepcopy(first._p)
        first._p.addnext(extra)
    report = _findings(tmp_path, document)
    r31 = [f for f in report.findings if f.rule == "ND30-R31"]
    assert r31 and r31[0].found == "e)" and r31[0].expected == "đ)"


def test_badly_turned_landscape_margins_only_warn(good_bytes, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    s = document.sections[1]
    s.top_margin = s.bottom_margin = s.left_margin = s.right_margin = Mm(10)
    report = _findings(tmp_path, document)
    margins = [f for f in report.findings if f.rule in ("ND30-R03", "ND30-R04", "ND30-R05", "ND30-R06")]
    assert margins and {f.severity for f in margins} == {"W"}


# --- kinds and issuers -----------------------------------------------------------------------

def as_cong_van(d):
    """The same header and signature, but a Công văn: symbol without a type, V/v, Kính gửi, no title."""
    set_text(para(d, "Số:"), "Số: 15/UBND-NgV")
    so = para(d, "Số:")._p
    vv = copy.deepcopy(so)
    so.addnext(vv)
    set_text(docx.text.paragraph.Paragraph(vv, None), "V/v công tác đối ngoại năm 2026")
    title = para(d, "KẾ HOẠCH")._p
    set_text(para(d, "KẾ HOẠCH"), "Kính gửi: Các sở, ban, ngành tỉnh.")
    title.getparent().remove(para(d, "Công tác đối ngoại năm 2026")._p)


def as_so(d):
    """A Kế hoạch of a Sở: parent line "UBND TỈNH LAI CHÂU" (not bold), then the Sở, symbol KH-SNgV."""
    set_text(para(d, "ỦY BAN NHÂN DÂN"), "UBND TỈNH LAI CHÂU")
    for r in para(d, "UBND TỈNH LAI CHÂU").runs:
        r.font.bold = False
    set_text(para(d, "TỈNH LAI CHÂU"), "SỞ NGOẠI VỤ")
    set_text(para(d, "Số:"), "Số: 15/KH-SNgV")
    _set_line_length(para(d, "SỞ NGOẠI VỤ")._p, 13)  # 1/3 to 1/2 of the Sở's shorter name
    set_text(para(d, "TM. ỦY BAN NHÂN DÂN"), "KT. GIÁM ĐỐC")
    set_text(para(d, "KT. CHỦ TỊCH"), "PHÓ GIÁM ĐỐC")
    p = para(d, "PHÓ CHỦ TỊCH")._p
    p.getparent().remove(p)


def test_a_cong_van_is_named_and_spared_the_plan_rules(good_bytes, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    as_cong_van(document)
    report = _findings(tmp_path, document)
    assert report.kind is not None and report.kind.type is not None and report.kind.type.name == "Công văn"
    assert report.what.startswith("Công văn") and "không phải Kế hoạch" in report.what
    assert not report.rules_fired() & {"ND30-R22", "ND30-R23", "ND30-R24", "ND30-R49"}
    assert {"ND30-R22", "ND30-R23", "ND30-R24"} <= set(report.skipped)
    assert report.errors == [], [f.render("cv") for f in report.errors]


def test_a_so_plan_is_not_held_to_the_ubnd_rules(good_bytes, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    as_so(document)
    report = _findings(tmp_path, document)
    assert report.kind is not None and report.kind.issuer == "other" and report.kind.is_ke_hoach
    assert report.kind.parent == "UBND TỈNH LAI CHÂU" and report.kind.province == "Lai Châu"
    assert report.errors == [], [f.render("so") for f in report.errors]
    assert not any("TM." in f.expected for f in report.findings)  # R35's TM. advice is for a UBND



def test_title_typed_in_the_header_table_is_read_there(good_bytes, baseline, tmp_path):
    """A last row of the header table spanning both columns holds KẾ HOẠCH and the trích yếu."""
    document = docx.Document(io.BytesIO(good_bytes))
    tbl = document.tables[0]._tbl
    row = parse_xml(f'<w:tr {nsdecls("w")}><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc></w:tr>')
    tbl.append(row)
    for start in ("KẾ HOẠCH", "Công tác đối ngoại năm 2026"):
        row.find(qn("w:tc")).append(para(document, start)._p)
    report = _findings(tmp_path, document)
    assert report.kind is not None and report.kind.is_ke_hoach
    assert not report.rules_fired() & {"ND30-R22", "ND30-R23", "ND30-R24"}, [f.render("x") for f in report.findings]


def test_a_commune_committee_and_a_two_line_so_name_are_read_right(good_bytes, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    set_text(para(document, "TỈNH LAI CHÂU"), "XÃ TAM ĐƯỜNG")
    report = _findings(tmp_path, document, "xa.docx")
    assert report.kind is not None and report.kind.is_ubnd and report.what.startswith("Kế hoạch của Ủy ban nhân dân xã")
    assert report.errors == [], [f.render("xa") for f in report.errors]

    document = docx.Document(io.BytesIO(good_bytes))
    set_text(para(document, "ỦY BAN NHÂN DÂN"), "SỞ KẾ HOẠCH")  # both lines bold: one name, no parent
    set_text(para(document, "TỈNH LAI CHÂU"), "VÀ ĐẦU TƯ")
    report = _findings(tmp_path, document, "so.docx")
    assert report.kind is not None and report.kind.issuer == "other" and report.kind.parent == ""
    assert not report.rules_fired("E") & {"ND30-R17"}


def test_near_black_text_is_black(good_bytes, baseline, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    para(document, "- Tăng cường quản lý").runs[0].font.color.rgb = docx.shared.RGBColor(0x0D, 0x0D, 0x0D)
    report = _findings(tmp_path, document)
    assert "ND30-R09" not in report.rules_fired()


def test_a_header_typed_without_a_table_is_not_called_missing(good_bytes, tmp_path):
    """Quốc hiệu and issuer as plain paragraphs (or text boxes): their places cannot be judged, but they
    are there; a warning says so instead of an error saying the Quốc hiệu is missing."""
    document = docx.Document(io.BytesIO(good_bytes))
    tbl = document.tables[0]._tbl
    for p in list(tbl.iter(qn("w:p"))):
        tbl.addprevious(p)
    tbl.getparent().remove(tbl)
    report = _findings(tmp_path, document)
    assert report.kind is not None and report.kind.is_ke_hoach
    assert [f.severity for f in report.findings if f.rule == "ND30-R13"] == ["W"]


# --- suggestions name the document's own issuer ----------------------------------------------

SO_PLAN = (PLAN.replace("co_quan: Ủy ban nhân dân tỉnh Lai Châu\n",
                        "co_quan_chu_quan: UBND tỉnh Lai Châu\nco_quan: Sở Công Thương\nky_hieu: KH-SCT\n")
           .replace("chuc_vu: Phó Chủ tịch", "chuc_vu: Phó Giám đốc").replace("về Sở Ngoại vụ", "về Sở Công Thương"))
HCM_PLAN = PLAN.replace("tỉnh Lai Châu", "Thành phố Hồ Chí Minh")


@pytest.fixture(scope="module")
def so_bytes() -> bytes:
    return render(compose(load_plan_text(SO_PLAN)))


def _expected(report, rule: str) -> list[str]:
    return [f.expected for f in report.findings if f.rule == rule]


def test_a_so_plans_suggestions_use_its_own_symbol_and_name(so_bytes, tmp_path):
    """A Sở's appendix line, number line and signature are suggested with 'KH-SCT' and 'Sở Công Thương',
    not a People's Committee's; the reference line suggested is the one the renderer prints."""
    document = docx.Document(io.BytesIO(so_bytes))
    printed = para(document, "(Kèm theo").text
    assert printed == "(Kèm theo Kế hoạch số 15/KH-SCT ngày 09 tháng 3 năm 2026 của Sở Công Thương)"
    set_text(para(document, "(Kèm theo"), "(Kèm theo Kế hoạch của Sở Công Thương)")
    set_text(para(document, "Số:"), "Số:      /KH-SCT")
    set_text(para(document, "Lai Châu, ngày"), "Lai Châu, ngày      tháng 3 năm 2026")
    deputy = para(document, "PHÓ GIÁM ĐỐC")._p
    deputy.getparent().remove(deputy)
    report = _findings(tmp_path, document, "so.docx")
    assert report.kind is not None and report.kind.issuer_name == "Sở Công Thương"
    # A draft's blank number and day: sample ones, with the document's own symbol, month and year.
    assert _expected(report, "ND30-R45") == [
        "(Kèm theo Kế hoạch số 05/KH-SCT ngày 05 tháng 3 năm 2026 của Sở Công Thương)"]
    assert report.kind.issuer_abbreviation == "SCT"
    assert _expected(report, "ND30-R19") == ["Số: 05/KH-SCT"]
    assert "PHÓ GIÁM ĐỐC" in _expected(report, "ND30-R35")
    assert not any("UBND" in f.expected or "Ủy ban" in f.expected or "CHỦ TỊCH" in f.expected
                   for f in report.findings), [f.render("so") for f in report.findings]


def test_a_so_plans_symbol_of_another_type_is_corrected_to_its_own(so_bytes, tmp_path):
    document = docx.Document(io.BytesIO(so_bytes))
    set_text(para(document, "Số:"), "Số: 15/QĐ-SCT")
    assert _expected(_findings(tmp_path, document), "ND30-R49") == ["KH-SCT"]
    document = docx.Document(io.BytesIO(so_bytes))
    for p in document.paragraphs + [p for t in document.tables for c in t._cells for p in c.paragraphs]:
        if p.text in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"):
            p._p.getparent().remove(p._p)
    assert _expected(_findings(tmp_path, document, "x.docx"), "ND30-R35") == ["KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"]


def test_ho_chi_minh_city_is_named_once(tmp_path):
    """'THÀNH PHỐ HỒ CHÍ MINH' under 'ỦY BAN NHÂN DÂN' is 'Ủy ban nhân dân Thành phố Hồ Chí Minh', as
    the renderer names it, and the place of its date line is 'Thành phố Hồ Chí Minh'."""
    document = docx.Document(io.BytesIO(render(compose(load_plan_text(HCM_PLAN)))))
    assert para(document, "THÀNH PHỐ HỒ CHÍ MINH") is not None
    set_text(para(document, "(Kèm theo"), "(Kèm theo Kế hoạch)")
    report = _findings(tmp_path, document, "hcm.docx")
    assert report.what == "Kế hoạch của Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert report.kind is not None and report.kind.province == "Thành phố Hồ Chí Minh"
    assert "ND30-R20" not in report.rules_fired()
    assert _expected(report, "ND30-R45") == [
        "(Kèm theo Kế hoạch số 15/KH-UBND ngày 09 tháng 3 năm 2026 của Ủy ban nhân dân Thành phố Hồ Chí Minh)"]


def test_a_header_without_names_is_suggested_by_its_symbol(so_bytes, good_bytes, tmp_path):
    for data, want in ((so_bytes, "<TÊN CƠ QUAN CHỦ QUẢN> / <TÊN CƠ QUAN BAN HÀNH>"),
                       (good_bytes, "ỦY BAN NHÂN DÂN / TỈNH ...")):
        document = docx.Document(io.BytesIO(data))
        for p in list(header_names(document)):
            set_text(p, "")
        assert _expected(_findings(tmp_path, document), "ND30-R17") == [want]


def header_names(d):
    """The paragraphs of the header's left column above the number line."""
    for p in d.tables[0].cell(0, 0).paragraphs:
        if p.text.startswith("Số"):
            break
        if p.text:
            yield p
