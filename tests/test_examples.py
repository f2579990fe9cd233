"""The five seed plans: each renders to a .docx that reads like the original and holds the ND30 layout."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from helpers import EXAMPLE_NAMES, EXAMPLES, docx_text, in_order_ratio, seed_document_text, words

from kehoach_gen.check import check_file
from kehoach_gen.ooxml.layout import has_line
from kehoach_gen.ooxml.resolve import Resolver
from kehoach_gen.plan.loader import load_plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_reproduces_seed_words_in_order(name, rendered):
    ratio = in_order_ratio(words(seed_document_text(name)), words(docx_text(rendered[name])))
    print(f"{name}: {ratio:.4f} of the seed's words found in order")
    assert ratio >= 0.99


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_passes_every_error_rule(name, rendered):
    report = check_file(rendered[name])
    assert report.errors == [], [f.render(name) for f in report.errors]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_page_setup_and_fonts(name, rendered):
    document = docx.Document(str(rendered[name]))
    for section in document.sections:
        dims = sorted((section.page_width.mm, section.page_height.mm))
        assert dims == pytest.approx([210, 297], abs=0.5)
        assert 20 <= section.top_margin.mm <= 25.05 and 20 <= section.bottom_margin.mm <= 25.05
        assert 30 <= section.left_margin.mm <= 35.05 and 15 <= section.right_margin.mm <= 20.05
    assert document.sections[0].page_width < document.sections[0].page_height
    styles_xml = document.styles.element
    defaults = styles_xml.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert defaults.get(qn(f"w:{attr}")) == "Times New Roman"
    for rfonts in styles_xml.iter(f"{W}rFonts"):
        assert not any(k.endswith("Theme") or k.endswith("theme") for k in rfonts.attrib), rfonts.attrib
        assert rfonts.get(qn("w:ascii")) in (None, "Times New Roman")
    resolver = Resolver(document)
    for p in document.element.body.iter(f"{W}p"):
        for r in p.iter(f"{W}r"):
            if "".join(t.text or "" for t in r.findall(f"{W}t")).strip():
                props = resolver.run(r, p)
                assert (props.ascii, props.h_ansi) == ("Times New Roman", "Times New Roman")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_header_block_layout(name, rendered):
    document = docx.Document(str(rendered[name]))
    resolver = Resolver(document)
    header = document.tables[0]
    tblpr = header._tbl.tblPr
    assert tblpr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 2 and grid[1] * 25.4 / 1440 >= 100  # room for the Quốc hiệu on one line
    assert all(b.get(qn("w:val")) == "nil" for b in tblpr.find(qn("w:tblBorders")))
    qh = header.cell(0, 1).paragraphs[0]
    assert qh.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    props = resolver.run(qh.runs[0]._r, qh._p)
    assert props.bold and props.size == 13 and not props.italic
    tn = header.cell(0, 1).paragraphs[1]
    assert tn.text == "Độc lập - Tự do - Hạnh phúc"
    assert resolver.run(tn.runs[0]._r, tn._p).size == 14
    body_lines = [p for p in header.cell(0, 0).paragraphs if p.text]
    assert body_lines[0].text == "ỦY BAN NHÂN DÂN" and body_lines[1].text.startswith("TỈNH ")
    for p in body_lines:
        assert resolver.run(p.runs[0]._r, p._p).bold
    # The ND30 lines under the motto, the body name and the trích yếu: bordered empty paragraphs.
    assert sum(has_line(p) for p in document.element.body.iter(f"{W}p")) >= 3


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_body_signature_and_page_numbers(name, rendered):
    document = docx.Document(str(rendered[name]))
    resolver = Resolver(document)
    body = document.element.body
    # No empty spacer paragraphs anywhere in the body (a bordered empty paragraph is an ND30 line).
    for p in body.findall(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        assert text.strip() or p.find(f"{W}pPr/{W}sectPr") is not None or has_line(p)
    sig = next(t for t in document.tables if any(p.text == "Nơi nhận:" for c in t._cells for p in c.paragraphs))
    assert sig.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    label = sig.cell(0, 0).paragraphs[0]
    lp = resolver.run(label.runs[0]._r, label._p)
    assert (lp.size, lp.bold, lp.italic) == (12, True, True)
    entries = [p for p in sig.cell(0, 0).paragraphs[1:] if p.text]
    assert all(resolver.run(p.runs[0]._r, p._p).size == 11 for p in entries)
    assert all(p.text.endswith(";") for p in entries[:-1]) and entries[-1].text.startswith("- Lưu: VT")
    assert entries[-1].text.endswith(".")
    # Body (between the trích yếu and the signature table): justified, 1.27 cm first line, >= 6 pt apart.
    children = list(body)
    start = next(i for i, el in enumerate(children) if el.tag == f"{W}p" and _text(el) == "KẾ HOẠCH") + 2
    end = children.index(sig._tbl)
    paragraphs = [el for el in children[start:end] if el.tag == f"{W}p" and not has_line(el)]
    assert len(paragraphs) > 10
    for p in paragraphs:
        pp = resolver.para(p)
        assert pp.align == "both", _text(p)[:40]
        assert pp.first_line_cm == pytest.approx(1.27, abs=0.02)
        assert pp.before_pt + pp.after_pt >= 6
    main = document.sections[0]
    assert main.different_first_page_header_footer
    assert "PAGE" in "".join(t.text or "" for t in main.header._element.iter(qn("w:instrText")))
    assert not list(main.first_page_header._element.iter(qn("w:instrText")))
    props = document.core_properties
    assert props.author.startswith("Ủy ban nhân dân") and "python-docx" not in (props.comments or "")
    assert props.created.year == (load_plan(EXAMPLES / f"{name}.yaml").ngay.nam)


def test_kon_tum_has_six_real_footnotes(rendered):
    with zipfile.ZipFile(rendered["kon-tum-2022"]) as z:
        doc = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert doc.count("<w:footnoteReference") == 6
    assert notes.count("<w:footnote ") == 8  # two separators and six notes
    assert "relationships/footnotes" in rels and "footnotes+xml" in types
    assert "Quyết định số 272-QĐ/TW ngày 21-01-2015" in notes


def test_hau_giang_appendix_is_a_landscape_section_numbered_from_one(rendered):
    document = docx.Document(str(rendered["hau-giang-2018"]))
    assert len(document.sections) == 2
    appendix = document.sections[1]
    assert appendix.page_width > appendix.page_height
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    texts = [p.text for p in document.paragraphs]
    i = texts.index("Phụ lục")
    assert texts[i + 1] == "KẾ HOẠCH ĐOÀN RA NĂM 2018"
    assert texts[i + 2] == ("(Kèm theo Kế hoạch số 33/KH-UBND ngày 13 tháng 3 năm 2018 của Ủy ban nhân dân "
                            "tỉnh Hậu Giang)")
    assert document.tables[-1].rows[0].cells[1].text == "Nội dung"


def test_lai_chau_is_a_draft_with_blank_number_and_day(rendered):
    document = docx.Document(str(rendered["lai-chau-2023"]))
    header = document.tables[0]
    assert header.cell(1, 0).paragraphs[0].text == "Số:      /KH-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "Lai Châu, ngày      tháng 12 năm 2022"
