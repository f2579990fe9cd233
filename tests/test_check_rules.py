"""kehoach check: each single-rule breakage of a good plan fires that rule and no other."""

from __future__ import annotations

import copy
import io
import re

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from kehoach_gen.check import RULES, check_file
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.render.docx import render

PLAN = """\
co_quan: Ủy ban nhân dân tỉnh Lai Châu
so: 15
ngay: 2026-03-09
trich_yeu: Công tác đối ngoại năm 2026
can_cu:
  - Căn cứ Quy chế quản lý thống nhất các hoạt động đối ngoại
  - Căn cứ chỉ đạo của Ban Thường vụ Tỉnh ủy
mo_dau: Ủy ban nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2026 như sau:
phan:
  - tieu_de: Mục đích, yêu cầu
    muc:
      - tieu_de: Mục đích
        noi_dung: |
          - Đẩy mạnh hoạt động đối ngoại, phục vụ phát triển kinh tế - xã hội của tỉnh.
          - Tăng cường quản lý thống nhất các hoạt động đối ngoại trên địa bàn.
        diem:
          - Điểm thứ nhất về hợp tác quốc tế.
          - Điểm thứ hai về thông tin đối ngoại.
      - Các sở, ngành chủ động triển khai thực hiện Kế hoạch này theo chức năng, nhiệm vụ.
  - tieu_de: Nhiệm vụ cụ thể
    muc:
      - tieu_de: Quản lý đoàn ra, đoàn vào
        noi_dung: |
          Tổ chức các đoàn đi công tác nước ngoài bảo đảm tiết kiệm, hiệu quả[^1].
          (Chi tiết tại Phụ lục I và Phụ lục II kèm theo)
ket_thuc: Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan phản ánh về Sở Ngoại vụ.
noi_nhan: [Bộ Ngoại giao, TT. Tỉnh ủy (b/c), Các sở, ban, ngành tỉnh]
luu: [VT, NC]
nguoi_ky:
  chuc_vu: Phó Chủ tịch
  ho_ten: Trần Thị Bình
chu_thich:
  1: Chỉ thị số 38-CT/TW ngày 21/7/2014 của Bộ Chính trị.
phu_luc:
  - tieu_de: Kế hoạch đoàn ra năm 2026
    cot: [TT, Nội dung, Trưởng đoàn, Thành phần, Thời gian, Nước đến, Kinh phí]
    dong:
      - [1, Xúc tiến đầu tư, Phó Chủ tịch, 5 người, Quý II, Nhật Bản, Ngân sách tỉnh]
  - tieu_de: Kế hoạch đoàn vào năm 2026
    cot: [TT, Đoàn khách, Thời gian]
    dong:
      - [1, Tỉnh Attapư, Quý III]
"""


@pytest.fixture(scope="module")
def good_bytes() -> bytes:
    return render(compose(load_plan_text(PLAN)))


def _check(tmp_path, document) -> set[tuple[str, str, str, str]]:
    path = tmp_path / "doc.docx"
    document.save(str(path))
    return {(f.rule, f.severity, f.where, f.message) for f in check_file(path).findings}


@pytest.fixture(scope="module")
def baseline(good_bytes, tmp_path_factory):
    return _check(tmp_path_factory.mktemp("base"), docx.Document(io.BytesIO(good_bytes)))


def test_good_plan_has_no_errors(baseline):
    assert {f for f in baseline if f[1] == "E"} == set()


# --- helpers to break one thing ---------------------------------------------------------------

def _all_paragraphs(d):
    for p in d.element.body.iter(qn("w:p")):
        yield docx.text.paragraph.Paragraph(p, d._body)


def para(d, start):
    return next(p for p in _all_paragraphs(d) if p.text.startswith(start))


def runs(p, **attrs):
    for r in p.runs:
        for k, v in attrs.items():
            setattr(r.font, k, v)


def drop_drawing(p):
    """Remove the line under p: a drawn shape in it, or the bordered empty paragraph after it."""
    for r in list(p._p.iter(qn("w:r"))):
        if r.find(".//" + qn("w:drawing")) is not None or r.find(".//{*}AlternateContent") is not None:
            r.getparent().remove(r)
    nxt = p._p.getnext()
    if nxt is not None and nxt.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None:
        nxt.getparent().remove(nxt)


def widen_line_indents(p, mm):
    """Pull both ends of the bordered line under p in by mm (a border spans its indents)."""
    ind = p._p.getnext().find(f"{qn('w:pPr')}/{qn('w:ind')}")
    for side in ("w:left", "w:right"):
        ind.set(qn(side), str(int(ind.get(qn(side))) + round(mm * 1440 / 25.4)))


def set_text(p, text):
    """Replace the words only; runs holding drawings or field codes stay."""
    texts = [r for r in p.runs if r._r.find(qn("w:t")) is not None]
    texts[0].text = text
    for r in texts[1:]:
        r.text = ""


def header_table(d):
    return d.tables[0]


def sig(d):
    return next(t for t in d.tables if "Nơi nhận:" in [p.text for c in t._cells for p in c.paragraphs])


def break_r10(d):
    header = d.sections[0].header
    for p in header.paragraphs:
        for child in list(p._p):
            if child.tag == qn("w:r"):
                p._p.remove(child)


def break_r11(d):
    first = d.sections[0].first_page_header
    p = first.paragraphs[0]
    for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        p._p.append(parse_xml(xml.format(ns=nsdecls("w"))))


def break_r12(d):
    tblpr = header_table(d)._tbl.tblPr
    borders = tblpr.find(qn("w:tblBorders"))
    for b in borders:
        b.set(qn("w:val"), "single")


def break_r18(d):
    name = para(d, "TỈNH LAI CHÂU")
    widen_line_indents(name, 7)  # the 19 mm line becomes 5 mm


def break_r21(d):
    t = header_table(d)
    so = t.cell(1, 0).paragraphs[0]
    t.cell(0, 0)._tc.append(copy.deepcopy(so._p))
    set_text(so, "")
    so._p.remove(so.runs[0]._r)


def break_r34(d):
    tblpr = sig(d)._tbl.tblPr
    for b in tblpr.find(qn("w:tblBorders")):
        b.set(qn("w:val"), "single")


def break_r41(d):
    """A drafter code (ô 12) under the Nơi nhận list, typed at 12 pt instead of 11."""
    last = para(d, "- Lưu:")
    added = copy.deepcopy(last._p)
    last._p.addnext(added)
    code = docx.text.paragraph.Paragraph(added, last._parent)
    set_text(code, "PL.(300)")
    runs(code, size=Pt(12))


def break_r46(d):
    sect = d.sections[1]._sectPr
    sect.remove(sect.find(qn("w:pgNumType")))


def break_r51(d):
    """A "Kính gửi" line (ô 9a) typed without its colon above the body."""
    model = para(d, "- Tăng cường quản lý")
    added = copy.deepcopy(model._p)
    para(d, "I. MỤC ĐÍCH")._p.addprevious(added)
    set_text(docx.text.paragraph.Paragraph(added, model._parent), "Kính gửi Sở Tài chính tỉnh Lai Châu.")


BREAKS = {
    "ND30-R01": lambda d: setattr(d.sections[0], "page_width", Mm(216)),
    # Turned landscape; the trích yếu's line keeps its length (a border would grow with the text column).
    "ND30-R02": lambda d: (setattr(d.sections[0], "page_width", Mm(297)), setattr(d.sections[0], "page_height", Mm(210)),
                           widen_line_indents(para(d, "Công tác đối ngoại năm 2026"), (297 - 210) / 2)),
    "ND30-R03": lambda d: setattr(d.sections[0], "top_margin", Mm(15)),
    "ND30-R04": lambda d: setattr(d.sections[0], "bottom_margin", Mm(30)),
    "ND30-R05": lambda d: setattr(d.sections[0], "left_margin", Mm(25)),
    "ND30-R06": lambda d: (setattr(d.sections[0], "right_margin", Mm(25)),
                           widen_line_indents(para(d, "Công tác đối ngoại năm 2026"), -5)),
    "ND30-R07": lambda d: runs(para(d, "- Tăng cường quản lý"), name="Arial"),
    "ND30-R08": lambda d: set_text(para(d, "- Tăng cường quản lý"), __import__("unicodedata").normalize("NFD", "- Tăng cường quản lý thống nhất.")),
    "ND30-R09": lambda d: setattr(para(d, "- Tăng cường quản lý").runs[0].font.color, "rgb", RGBColor(0xC0, 0, 0)),
    "ND30-R10": break_r10,
    "ND30-R11": break_r11,
    "ND30-R12": break_r12,
    "ND30-R13": lambda d: runs(para(d, "CỘNG HÒA XÃ HỘI"), bold=False),
    "ND30-R14": lambda d: set_text(para(d, "Độc lập"), "Độc lập – Tự do – Hạnh phúc"),
    "ND30-R15": lambda d: runs(para(d, "CỘNG HÒA XÃ HỘI"), size=Pt(12)),
    "ND30-R16": lambda d: drop_drawing(para(d, "Độc lập")),
    "ND30-R17": lambda d: runs(para(d, "TỈNH LAI CHÂU"), bold=False),
    "ND30-R18": break_r18,
    "ND30-R19": lambda d: set_text(para(d, "Số:"), "Số:15/KH-UBND"),
    "ND30-R20": lambda d: set_text(para(d, "Lai Châu, ngày"), "Lai Châu, ngày 9 tháng 3 năm 2026"),
    "ND30-R21": break_r21,
    "ND30-R22": lambda d: runs(para(d, "KẾ HOẠCH"), italic=True),
    "ND30-R23": lambda d: runs(para(d, "Công tác đối ngoại năm 2026"), bold=False),
    "ND30-R24": lambda d: drop_drawing(para(d, "Công tác đối ngoại năm 2026")),
    # A one-line paragraph set left looks justified; a centred one does not.
    "ND30-R25": lambda d: setattr(para(d, "- Tăng cường quản lý"), "alignment", WD_ALIGN_PARAGRAPH.CENTER),
    "ND30-R26": lambda d: runs(para(d, "- Tăng cường quản lý"), size=Pt(13)),
    "ND30-R27": lambda d: setattr(para(d, "- Tăng cường quản lý").paragraph_format, "space_before", Pt(0)),
    "ND30-R28": lambda d: setattr(para(d, "- Tăng cường quản lý").paragraph_format, "line_spacing_rule", WD_LINE_SPACING.DOUBLE),
    "ND30-R29": lambda d: runs(para(d, "- Tăng cường quản lý"), italic=True),
    "ND30-R30": lambda d: runs(para(d, "I. MỤC ĐÍCH"), bold=False),
    "ND30-R31": lambda d: set_text(para(d, "II. NHIỆM VỤ"), "III. NHIỆM VỤ CỤ THỂ"),
    "ND30-R32": lambda d: set_text(para(d, "Trong quá trình thực hiện"), "Trong quá trình thực hiện, nếu có vướng mắc."),
    "ND30-R33": lambda d: set_text(para(d, "Căn cứ chỉ đạo"), "Căn cứ chỉ đạo của Ban Thường vụ Tỉnh ủy"),
    "ND30-R34": break_r34,
    "ND30-R35": lambda d: set_text(para(d, "KT. CHỦ TỊCH"), "KT.CHỦ TỊCH"),
    "ND30-R36": lambda d: runs(para(d, "Trần Thị Bình"), bold=False),
    "ND30-R37": lambda d: setattr(para(d, "Trần Thị Bình").paragraph_format, "space_before", Pt(12)),
    "ND30-R38": lambda d: runs(para(d, "Nơi nhận:"), italic=False),
    "ND30-R39": lambda d: runs(para(d, "- Bộ Ngoại giao;"), size=Pt(12)),
    "ND30-R40": lambda d: set_text(para(d, "- Lưu:"), "- Lưu: VT, NC"),
    "ND30-R41": break_r41,
    "ND30-R42": lambda d: setattr(d.sections[2], "start_type", WD_SECTION.CONTINUOUS),
    "ND30-R43": lambda d: runs(para(d, "Phụ lục I"), bold=False),
    "ND30-R44": lambda d: set_text(para(d, "KẾ HOẠCH ĐOÀN RA"), "Kế hoạch đoàn ra năm 2026"),
    "ND30-R45": lambda d: runs(para(d, "(Kèm theo Kế hoạch"), italic=False),
    "ND30-R46": break_r46,
    "ND30-R47": lambda d: set_text(para(d, "(Chi tiết tại"), "(Chi tiết kèm theo)"),
    "ND30-R48": lambda d: set_text(para(d, "- Tăng cường quản lý"), "- Tăng cường quản lý của Ủy Ban Nhân Dân tỉnh."),
    "ND30-R49": lambda d: set_text(para(d, "Số:"), "Số: 15/QĐ-UBND"),
    "ND30-R50": lambda d: runs(para(d, "- Tăng cường quản lý"), underline=True),
    "ND30-R51": break_r51,
}
UNTESTED: set[str] = set()


def test_every_rule_has_a_breakage_test():
    assert {rule_id for rule_id, _, _ in RULES} | UNTESTED == set(BREAKS) | UNTESTED


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_breaking_one_rule_fires_only_that_rule(rule_id, good_bytes, baseline, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    BREAKS[rule_id](document)
    new = _check(tmp_path, document) - baseline
    assert {f[0] for f in new} == {rule_id}, sorted(new)
    assert all(re.search(r"[ăâđêôơưàáảãạ]", f[3]) for f in new)  # messages are Vietnamese


def test_direct_formatting_and_styles_resolve_alike(good_bytes, tmp_path):
    """Flatten every style into run and paragraph formatting on a plain Normal: same findings."""
    from kehoach_gen.ooxml.resolve import Resolver

    document = docx.Document(io.BytesIO(good_bytes))
    resolver = Resolver(document)
    body = document.element.body
    for p in list(body.iter(qn("w:p"))):
        pp = resolver.para(p)
        runs_props = [(r, resolver.run(r, p)) for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
        paragraph = docx.text.paragraph.Paragraph(p, document._body)
        ppr = p.get_or_add_pPr()
        if ppr.pStyle is not None:
            ppr.remove(ppr.pStyle)
        fmt = paragraph.paragraph_format
        fmt.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
                         "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(pp.align, WD_ALIGN_PARAGRAPH.LEFT)
        fmt.first_line_indent = Mm(pp.first_line_cm * 10)
        fmt.space_before, fmt.space_after = Pt(pp.before_pt), Pt(pp.after_pt)
        fmt.keep_with_next = pp.keep_next
        for r, props in runs_props:
            run = docx.text.run.Run(r, paragraph)
            run.font.bold, run.font.italic = props.bold, props.italic
            run.font.size = Pt(props.size)
            run.font.name = props.ascii
            rfonts = r.rPr.rFonts
            rfonts.set(qn("w:hAnsi"), props.h_ansi)
            rfonts.set(qn("w:cs"), props.cs or props.ascii)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    normal.paragraph_format.space_after = Pt(10)
    styled = {(f.rule, f.severity) for f in check_file_bytes(good_bytes, tmp_path / "a.docx").findings}
    path = tmp_path / "flat.docx"
    document.save(str(path))
    flat = {(f.rule, f.severity) for f in check_file(path).findings}
    assert flat == styled


def check_file_bytes(data: bytes, path):
    path.write_bytes(data)
    return check_file(path)


def test_a_correct_drafter_code_is_accepted(good_bytes, baseline, tmp_path):
    document = docx.Document(io.BytesIO(good_bytes))
    break_r41(document)
    runs(para(document, "PL.(300)"), size=Pt(11))
    assert _check(tmp_path, document) - baseline == set()


def test_a_drafts_date_sample_keeps_the_month_and_year_it_has(tmp_path):
    """A December draft is shown the month and year it has and a day left to the văn thư, not a sample day."""
    from test_validation import MINIMAL

    from kehoach_gen.build import build

    plan = tmp_path / "du-thao.yaml"
    plan.write_text(MINIMAL.replace("so: 12", "so:").replace("2026-03-09", "2026-12"), encoding="utf-8")
    report = build(plan, tmp_path / "du-thao.docx").report
    assert report is not None
    [draft] = [f for f in report.findings if f.rule == "ND30-R20"]
    assert draft.expected == "Lai Châu, ngày <ngày do văn thư ghi khi ban hành> tháng 12 năm 2026"
