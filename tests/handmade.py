"""A plan typed by hand in Word: direct run formatting, a "Table Grid" header table, spaces for indents.
Built with python-docx on its default (Calibri) template, as an office's Word file would be."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from kehoach_gen.ooxml import write as ooxml

CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
FOOTNOTE = "Biên bản ghi nhớ hợp tác giữa tỉnh Lai Châu và tỉnh Phông Sa Lỳ."

BODY = [
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Mục đích", True),
    ("- Đẩy mạnh các hoạt động đối ngoại phục vụ phát triển kinh tế - xã hội của tỉnh.", False),
    ("2. Yêu cầu", True),
    ("- Bảo đảm sự lãnh đạo thống nhất của Tỉnh ủy, sự quản lý tập trung của Ủy ban nhân dân tỉnh.", False),
    ("II. NHIỆM VỤ CỤ THỂ", True),
    ("1. Công tác hội nhập quốc tế", True),
    ("a) Duy trì quan hệ hữu nghị với các địa phương nước ngoài", False),
    ("b) Mở rộng quan hệ với các đối tác mới có tiềm năng.", False),
    ("2. Sở Ngoại vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này; báo cáo Ủy ban nhân dân tỉnh./.", False),
]


def _run(p, text: str, size: float, bold: bool = False, italic: bool = False):
    r = p.add_run(text)
    r.font.name = "Times New Roman"
    r.font.size = Pt(size)
    r.font.bold = bold
    r.font.italic = italic
    return r


def _para(container, text: str, size: float, align, *, bold=False, italic=False, before=0.0, after=0.0):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    if text:
        _run(p, text, size, bold, italic)
    return p


# A paragraph given run by run: (text, bold, italic) each.
Runs = list[tuple[str, bool, bool]]
# A table in the body: its rows, the first one its column names (bold); a cell is its text, or (text, bold,
# italic) for a cell set in a weight of its own.
Rows = list[list]


def _body_table(d, rows: Rows) -> None:
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    t.style = d.styles["Table Grid"]
    for i, row in enumerate(rows):
        for j, entry in enumerate(row):
            text, bold, italic = entry if isinstance(entry, tuple) else (entry, i == 0, False)
            cell = t.cell(i, j)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            _para(cell, text, 13, CENTER if i == 0 else LEFT, bold=bold, italic=italic)


def build(path: Path, *, indent_with_spaces: bool = True, body: list | None = None,
          after_signature: list | None = None, archive: Runs | None = None,
          recipients: list[str] | None = None) -> Path:
    """The plan above; `body` replaces its body paragraphs ((text, bold), a Runs list or a ("table", Rows)),
    `after_signature` adds paragraphs and tables after the signature (appendices), `archive` sets the Lưu
    line run by run (a drafter's tag in subscript: (text, False, False) with text starting '_'), `recipients`
    the Nơi nhận lines above it."""
    paragraphs = BODY if body is None else body
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15.02)
    s.start_type = WD_SECTION.NEW_PAGE
    s.different_first_page_header_footer = True
    hp = s.header.paragraphs[0]
    hp.alignment = CENTER
    for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {ns}><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/>'
                '</w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r {ns}><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/>'
                '</w:rPr><w:t>2</w:t></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        hp._p.append(parse_xml(xml.format(ns=nsdecls("w"))))
    s.first_page_header.is_linked_to_previous = False

    body = d.element.body
    for p in list(body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")):
        body.remove(p)
    t = d.add_table(rows=2, cols=2)
    t.style = d.styles["Table Grid"]
    ooxml.set_grid(t._tbl, [64.0, 101.0])
    c = t.cell(0, 0)
    c.paragraphs[0]._p.getparent().remove(c.paragraphs[0]._p)
    _para(c, "ỦY BAN NHÂN DÂN", 13, CENTER, bold=True)
    name = _para(c, "TỈNH LAI CHÂU", 13, CENTER, bold=True)
    name._p.append(ooxml.line_run(17.0, 18.0, 1))
    c = t.cell(0, 1)
    c.paragraphs[0]._p.getparent().remove(c.paragraphs[0]._p)
    _para(c, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, CENTER, bold=True)
    tn = _para(c, "Độc lập - Tự do - Hạnh phúc", 14, CENTER, bold=True)
    tn._p.append(ooxml.line_run(60.0, 19.0, 2))
    c = t.cell(1, 0)
    c.paragraphs[0]._p.getparent().remove(c.paragraphs[0]._p)
    _para(c, "Số: 25/KH-UBND", 13, CENTER, before=6)
    c = t.cell(1, 1)
    c.paragraphs[0]._p.getparent().remove(c.paragraphs[0]._p)
    _para(c, "Lai Châu, ngày 05 tháng 01 năm 2026", 14, CENTER, italic=True, before=6)

    _para(d, "KẾ HOẠCH", 14, CENTER, bold=True, before=18)
    summary = _para(d, "Công tác đối ngoại năm 2026", 14, CENTER, bold=True, after=12)
    summary._p.append(ooxml.line_run(25.0, 20.0, 3, relative_h="margin"))
    for entry in paragraphs:
        if isinstance(entry, tuple) and entry[0] == "table":
            _body_table(d, entry[1])
            continue
        if isinstance(entry, list):
            p = _para(d, "", 14, JUSTIFY, before=6)
            p.paragraph_format.first_line_indent = Mm(12.7)
            for text, bold, italic in entry:
                _run(p, text, 14, bold, italic)
            continue
        text, bold = entry
        shown = ("          " + text) if indent_with_spaces else text
        p = _para(d, shown, 14, JUSTIFY, bold=bold, before=6)
        if not indent_with_spaces:
            p.paragraph_format.first_line_indent = Mm(12.7)
        if text.startswith("a) ") and paragraphs is BODY:
            # A real Word footnote, as Insert > Footnote makes it, then the sentence's full stop.
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  '<w:footnoteReference w:id="1"/></w:r>'))
            _run(p, ".", 14)
    sig = d.add_table(rows=1, cols=2)
    ooxml.set_grid(sig._tbl, [80.0, 85.0])
    left, right = sig.cell(0, 0), sig.cell(0, 1)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    _para(left, "Nơi nhận:", 12, LEFT, bold=True, italic=True, before=12)
    listed = ["- Bộ Ngoại giao;", "- TT. Tỉnh ủy (b/c);"] if recipients is None else recipients
    for entry in (*listed, "- Lưu: VT, NC." if archive is None else ""):
        p = _para(left, entry, 11, LEFT)
    for text, bold, italic in archive or []:
        r = _run(p, text.removeprefix("_"), 11, bold, italic)
        r.font.subscript = text.startswith("_") or None
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
        _para(right, line, 14, CENTER, bold=True, before=12 if line.startswith("TM") else 0)
    for _ in range(4):
        _para(right, "", 14, CENTER)
    _para(right, "Hà Trọng Hải", 14, CENTER, bold=True)
    for entry in after_signature or []:
        if isinstance(entry, tuple) and entry[0] == "table":
            _body_table(d, entry[1])
        else:
            text, bold = entry
            _para(d, text, 14, CENTER if bold else JUSTIFY, bold=bold, before=6)
    d.core_properties.author = "Văn thư"
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    # Typed in Word with Times New Roman set on the footnote's text.
    notes = ooxml.footnotes_xml({1: FOOTNOTE}).replace(
        b"<w:r><w:t", b'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
        b'<w:sz w:val="24"/></w:rPr><w:t')
    part = Part(PackURI("/word/footnotes.xml"), ooxml.FOOTNOTES_CT, notes, d.part.package)
    d.part.relate_to(part, ooxml.FOOTNOTES_RT)
    d.save(str(path))
    return path
