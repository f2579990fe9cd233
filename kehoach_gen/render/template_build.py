"""Builds templates/kehoach.docx, the docxtpl template an office may then restyle in Word.

Run `make template` (python -m kehoach_gen.render.template_build templates/kehoach.docx) after changing
this file. The template holds every style (sizes, spacing, indents: profile 14 of the spec) and the
page set-up; the code holds the logic (numbering, date words, authority lines, drawn lines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

import datetime as dt
import math
import sys
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips

from kehoach_gen.facts import nd30
from kehoach_gen.facts.wordml import HALF_POINTS_PER_PT, mm_to_twips
from kehoach_gen.ooxml import write as ooxml

FONT = nd30.FONT

# Page set-up (spec section 1): A4 with the margins nd30 prints (20/20/30/15 mm -> 165 mm of text); the
# header and footer distances are not in ND30 (the decree's own file uses 10 mm).
PAGE = {**nd30.PRINTED_MARGIN_MM, "header": 10, "footer": 10}
TEXT_WIDTH_MM = nd30.PAPER_MM[0] - PAGE["left"] - PAGE["right"]
HEADER_COLUMNS_MM = [64.0, TEXT_WIDTH_MM - 64.0]  # right column >= 100 mm keeps the Quốc hiệu on one line
SIGNATURE_COLUMNS_MM = [80.0, TEXT_WIDTH_MM - 80.0]
INDENT = Cm(nd30.FIRST_LINE_INDENT_CM[1])

# name, style id, size pt, bold, italic, alignment, extra paragraph settings
_CENTER, _JUSTIFY, _LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
_P, _SPACE = nd30.PRINTED_SIZE, nd30.PARAGRAPH_SPACING_MIN_PT
STYLES: list[tuple[str, str, float, bool, bool, WD_ALIGN_PARAGRAPH, dict]] = [
    ("KH Cơ quan chủ quản", "KHCoQuanChuQuan", _P["co_quan_chu_quan"], False, False, _CENTER, {}),
    ("KH Cơ quan", "KHCoQuan", _P["co_quan"], True, False, _CENTER, {}),
    ("KH Quốc hiệu", "KHQuocHieu", _P["quoc_hieu"], True, False, _CENTER, {}),
    ("KH Tiêu ngữ", "KHTieuNgu", _P["tieu_ngu"], True, False, _CENTER, {}),
    ("KH Số", "KHSo", _P["so_ky_hieu"], False, False, _CENTER, {"before": 8}),
    ("KH Địa danh ngày", "KHDiaDanhNgay", _P["dia_danh_ngay"], False, True, _CENTER, {"before": 8}),
    ("KH Tên loại", "KHTenLoai", _P["ten_loai"], True, False, _CENTER, {"before": 24, "keep": True}),
    ("KH Trích yếu", "KHTrichYeu", _P["trich_yeu"], True, False, _CENTER, {"after": 14, "keep": True}),
    ("KH Căn cứ", "KHCanCu", _P["noi_dung"], False, True, _JUSTIFY, {"before": _SPACE, "indent": True}),
    ("KH Đoạn văn", "KHDoanVan", _P["noi_dung"], False, False, _JUSTIFY, {"before": _SPACE, "indent": True}),
    ("KH Phần", "KHPhan", _P["muc"], True, False, _JUSTIFY, {"before": _SPACE, "indent": True, "keep": True}),
    ("KH Mục", "KHMuc", _P["noi_dung"], True, False, _JUSTIFY, {"before": _SPACE, "indent": True, "keep": True}),
    ("KH Điểm", "KHDiem", _P["noi_dung"], False, False, _JUSTIFY, {"before": _SPACE, "indent": True, "keep": True}),
    ("KH Nơi nhận", "KHNoiNhan", _P["noi_nhan_label"], True, True, _LEFT, {}),
    ("KH Nơi nhận mục", "KHNoiNhanMuc", _P["noi_nhan"], False, False, _LEFT, {}),
    ("KH Thẩm quyền", "KHThamQuyen", _P["quyen_han"], True, False, _CENTER, {}),
    ("KH Người ký", "KHNguoiKy", _P["ho_ten"], True, False, _CENTER, {"before": 72}),
    ("KH Phụ lục", "KHPhuLuc", _P["phu_luc"], True, False, _CENTER, {"keep": True}),
    ("KH Phụ lục tên", "KHPhuLucTen", _P["phu_luc_tieu_de"], True, False, _CENTER, {"keep": True}),
    ("KH Phụ lục dẫn", "KHPhuLucDan", _P["phu_luc_kem_theo"], False, True, _CENTER, {"after": 14, "keep": True}),
    ("KH Bảng", "KHBang", nd30.PRINTED_TABLE_SIZE, False, False, _LEFT, {"before": 2, "after": 2}),
    ("KH Bảng tiêu đề", "KHBangTieuDe", nd30.PRINTED_TABLE_SIZE, True, False, _CENTER, {"before": 2, "after": 2}),
]

KEEP_STYLES = {"Normal", "Header", "Header Char", "Footer", "Footer Char", "Default Paragraph Font",
               "Normal Table", "No List", "Table Grid"}


def _fonts(rpr_parent: Any) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
                            f'w:eastAsia="{FONT}"/>'))


def _defaults(document: docx.document.Document) -> None:
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in {n.lower() for n in KEEP_STYLES} | KEEP_STYLES:
            styles.remove(style)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
                         f'w:eastAsia="{FONT}"/>'))
    half_points = round(nd30.PRINTED_SIZE["noi_dung"] * HALF_POINTS_PER_PT)
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{half_points}"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{half_points}"/>'))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'))

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(nd30.PRINTED_SIZE["noi_dung"])
    _fonts(normal.element)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.widow_control = True
    for name in ("Header", "Footer"):
        st = document.styles[name]
        st.font.size = Pt(nd30.PRINTED_SIZE["so_trang"])  # the page number stands in the header
        st.paragraph_format.alignment = _CENTER
        _fonts(st.element)


def _style(document: Document, name: str, style_id: str, size: float, bold: bool, italic: bool,
           align: WD_ALIGN_PARAGRAPH, extra: dict[str, Any]) -> Any:
    st = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.element.set(qn("w:styleId"), style_id)
    st.base_style = document.styles["Normal"]
    st.quick_style = True
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = italic
    _fonts(st.element)
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(extra.get("before", 0))
    pf.space_after = Pt(extra.get("after", 0))
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = INDENT if extra.get("indent") else Pt(0)
    if extra.get("keep"):
        pf.keep_with_next = True
    return st


def _footnote_styles(document: Document) -> None:
    text = document.styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    text.element.set(qn("w:styleId"), "FootnoteText")
    text.base_style = document.styles["Normal"]
    text.font.size = Pt(12)
    text.paragraph_format.alignment = _JUSTIFY
    _fonts(text.element)
    ref = document.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    ref.element.set(qn("w:styleId"), "FootnoteReference")
    ref.font.superscript = True


def build(path: Path) -> None:
    document = docx.Document()
    _defaults(document)
    for spec in STYLES:
        _style(document, *spec)
    _footnote_styles(document)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(nd30.PAPER_MM[0]), Mm(nd30.PAPER_MM[1])
    # Round up to whole twips so a 15 mm margin is never stored as 14.99 mm.
    section.top_margin, section.bottom_margin = _mm_up(PAGE["top"]), _mm_up(PAGE["bottom"])
    section.left_margin, section.right_margin = _mm_up(PAGE["left"]), _mm_up(PAGE["right"])
    section.header_distance, section.footer_distance = Mm(PAGE["header"]), Mm(PAGE["footer"])
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = True

    # Page number centred in the header from page 2; page 1's header stays empty (ND30 Phụ lục I, I.7).
    header = section.header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    hp.style = document.styles["Header"]
    for run in ooxml.page_field_runs("2"):
        hp._p.append(run)
    section.first_page_header.is_linked_to_previous = False

    body = document.element.body
    for p in list(body.findall(qn("w:p"))):
        body.remove(p)

    st = document.styles
    header = document.add_table(rows=2, cols=2)
    ooxml.borderless_fixed_table(header._tbl, HEADER_COLUMNS_MM)
    c = header.cell(0, 0)
    # The parent body's line, upright, above a Sở's name (Phụ lục I, II.2.b); a UBND has none.
    c.paragraphs[0].text = "{%p for d in co_quan_chu_quan_dong %}"
    c.add_paragraph("{{ d }}", style=st["KH Cơ quan chủ quản"])
    c.add_paragraph("{%p endfor %}")
    c.add_paragraph("{%p for d in co_quan_dong %}")
    c.add_paragraph("{{ d }}", style=st["KH Cơ quan"])
    c.add_paragraph("{%p endfor %}")
    c = header.cell(0, 1)
    c.paragraphs[0].text = nd30.QUOC_HIEU
    c.paragraphs[0].style = st["KH Quốc hiệu"]
    c.add_paragraph(nd30.TIEU_NGU, style=st["KH Tiêu ngữ"])
    c = header.cell(1, 0)
    c.paragraphs[0].text = "{{ so_ky_hieu }}"
    c.paragraphs[0].style = st["KH Số"]
    c = header.cell(1, 1)
    c.paragraphs[0].text = "{{ dia_danh_ngay }}"
    c.paragraphs[0].style = st["KH Địa danh ngày"]

    document.add_paragraph("{{ ten_loai }}", style=st["KH Tên loại"])  # the document kind's title
    document.add_paragraph("{{ trich_yeu }}", style=st["KH Trích yếu"])
    document.add_paragraph("{%p for p in than %}")
    document.add_paragraph("{%p if p.kieu == 'phan' %}")
    document.add_paragraph("{{r p.runs }}", style=st["KH Phần"])
    document.add_paragraph("{%p elif p.kieu == 'muc' %}")
    document.add_paragraph("{{r p.runs }}", style=st["KH Mục"])
    document.add_paragraph("{%p elif p.kieu == 'diem' %}")
    document.add_paragraph("{{r p.runs }}", style=st["KH Điểm"])
    document.add_paragraph("{%p elif p.kieu == 'can_cu' %}")
    document.add_paragraph("{{r p.runs }}", style=st["KH Căn cứ"])
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{r p.runs }}", style=st["KH Đoạn văn"])
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")

    sig = document.add_table(rows=1, cols=2)
    ooxml.borderless_fixed_table(sig._tbl, SIGNATURE_COLUMNS_MM)
    ooxml.cant_split(sig.rows[0]._tr)
    # A top cell margin, not paragraph spacing, separates the block from the body: "Nơi nhận:" and
    # the first authority line then stand level (ND30 position diagram).
    ooxml.cell_top_margin(sig._tbl, 12)
    c = sig.cell(0, 0)
    c.paragraphs[0].text = nd30.NOI_NHAN_LABEL
    c.paragraphs[0].style = st["KH Nơi nhận"]
    c.add_paragraph("{%p for n in noi_nhan %}")
    c.add_paragraph("{{ n }}", style=st["KH Nơi nhận mục"])
    c.add_paragraph("{%p endfor %}")
    c = sig.cell(0, 1)
    c.paragraphs[0].text = "{%p for d in tham_quyen %}"
    c.add_paragraph("{{ d }}", style=st["KH Thẩm quyền"])
    c.add_paragraph("{%p endfor %}")
    c.add_paragraph("{{ nguoi_ky }}", style=st["KH Người ký"])


    props = document.core_properties
    props.author = "kehoach-gen"
    props.title = "Mẫu Kế hoạch (Nghị định 30/2020/NĐ-CP, Mẫu 1.4)"
    props.comments = ""
    props.keywords = f"{nd30.KE_HOACH.name}; {nd30.symbol(nd30.KE_HOACH)}; Nghị định 30/2020/NĐ-CP"
    props.created = props.modified = dt.datetime(2025, 7, 1)
    props.last_modified_by = "kehoach-gen"
    _drop_extras(document)
    _theme_fonts(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _mm_up(mm: float) -> Twips:
    return Twips(math.ceil(mm_to_twips(mm)))


def _drop_extras(document: Document) -> None:
    """python-docx's default package carries a thumbnail, a legacy stylesWithEffects part (with blue
    Calibri headings) and sample customXml; none belongs in an office template."""
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("thumbnail", "stylesWithEffects", "customXml"):
                del rels[rel_id]


def _theme_fonts(document: Document) -> None:
    """Point the theme's body and heading fonts at Times New Roman too, so text Word types with
    theme fonts still comes out right."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            for face in ("Calibri", "Cambria", "Calibri Light"):
                xml = xml.replace(f'<a:latin typeface="{face}"', f'<a:latin typeface="{FONT}"')
            part._blob = xml.encode("utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "templates/kehoach.docx")
    build(target)
    print(target)
