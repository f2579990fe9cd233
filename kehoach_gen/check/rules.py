"""The ND30 rules of spec section 4 (ND30-R01 ...), one small function each, in a table.

Each rule reads the Layout and yields Findings; none raises, none prints. Severity E breaks a rule of
the decree; W is template, practice or a derived tolerance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree

from .. import vn
from ..metrics import text_width_mm
from .layout import Appendix, Layout, Para, has_line, has_page_field, line_length_mm, norm, para_text, text_runs
from .resolve import ParaProps, RunProps

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FONT = "Times New Roman"
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    where: str
    message: str
    found: str = ""
    expected: str = ""

    def render(self, file: str) -> str:
        tail = f" (đang: {self.found})" if self.found else ""
        return f"{file}: {self.where}: [{self.rule}] {self.message}{tail}"

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "where": self.where, "message": self.message,
                "found": self.found, "expected": self.expected}


Rule = Callable[[Layout], Iterable[Finding]]
RULES: list[tuple[str, str, Rule]] = []


def rule(rule_id: str, title: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES.append((rule_id, title, fn))
        return fn
    return register


# --- helpers ---------------------------------------------------------------------------------

_ALIGN_VI = {"center": "căn giữa", "both": "căn đều hai bên", "left": "căn trái", "right": "căn phải",
             "distribute": "dàn đều", None: "căn trái"}


def _props(lay: Layout, para: Para) -> list[RunProps]:
    runs = text_runs(para.el)
    if not runs:
        return [lay.resolver.run(None, para.el)]
    return [lay.resolver.run(r, para.el) for r in runs]


def _pprops(lay: Layout, para: Para) -> ParaProps:
    return lay.resolver.para(para.el)


def _size(lay: Layout, para: Para) -> float | None:
    sizes = [p.size for p in _props(lay, para)]
    return max(set(sizes), key=sizes.count) if sizes else None


def _fmt(rule_id: str, lay: Layout, para: Para, name: str, *, bold: bool | None = None,
         italic: bool | None = None, sizes: Iterable[float] | None = None, align: str | None = None,
         sev: str = "E") -> Iterator[Finding]:
    props = _props(lay, para)
    if bold is not None and any(p.bold != bold for p in props):
        yield Finding(rule_id, sev, para.where, f"{name} {'phải in đậm' if bold else 'không in đậm'}",
                      found="không đậm" if bold else "đậm", expected="đậm" if bold else "không đậm")
    if italic is not None and any(p.italic != italic for p in props):
        yield Finding(rule_id, sev, para.where, f"{name} {'phải in nghiêng' if italic else 'không in nghiêng'}",
                      found="không nghiêng" if italic else "nghiêng", expected="nghiêng" if italic else "đứng")
    if sizes is not None:
        allowed = sorted(set(sizes))
        bad = sorted({p.size for p in props if p.size not in allowed}, key=lambda x: x or 0)
        if bad:
            want = " hoặc ".join(f"{s:g}" for s in allowed)
            yield Finding(rule_id, sev, para.where, f"{name} cỡ chữ phải là {want}",
                          found=", ".join(f"{b:g} pt" if b else "không rõ" for b in bad), expected=f"{want} pt")
    if align is not None:
        actual = _pprops(lay, para).align
        if (actual or "left") != align:
            yield Finding(rule_id, sev, para.where, f"{name} phải {_ALIGN_VI[align]}",
                          found=_ALIGN_VI.get(actual, str(actual)), expected=_ALIGN_VI[align])


def _is_upper(lay: Layout, para: Para) -> bool:
    letters = [c for c in para.text if c.isalpha()]
    return para.text == para.text.upper() or (bool(letters) and all(p.caps for p in _props(lay, para)))


def _nonempty(paras: Iterable[Para]) -> list[Para]:
    return [p for p in paras if p.text]


def _header_col(lay: Layout, col: int) -> list[Para]:
    out: list[Para] = []
    for row in lay.header_cells:
        if len(row) > col:
            out += row[col]
    return out


def _find(paras: list[Para], pred: Callable[[Para], bool]) -> Para | None:
    return next((p for p in paras if pred(p)), None)


def _qh(lay: Layout) -> Para | None:
    paras = [p for row in lay.header_cells for cell in row[1:] for p in cell] if lay.header_cells else []
    return _find(paras, lambda p: p.text.upper() == QH)


def _tn(lay: Layout) -> Para | None:
    qh = _qh(lay)
    if qh is None:
        return None
    for row in lay.header_cells:
        for cell in row:
            if qh in cell:
                after = _nonempty(cell[cell.index(qh) + 1:])
                return after[0] if after else None
    return None


_SO = re.compile(r"^Số:\s*(?P<n>\S*)/(?P<sym>\S+)$")
_DATE = re.compile(r"^(?P<place>.+?), ngày (?P<d>\S+) tháng (?P<m>\S+) năm (?P<y>\S+)$")
_DRAFT_DATE = re.compile(r"^(?P<place>.+?), ngày\s+tháng(\s+\S+)?\s+năm(\s+\d{4})?$")


def _so(lay: Layout) -> Para | None:
    return _find(_header_col(lay, 0), lambda p: p.text.startswith("Số"))


def _date(lay: Layout) -> Para | None:
    return _find(_header_col(lay, 1), lambda p: ", ngày" in p.text)


def _body_names(lay: Layout) -> list[Para]:
    """The issuing-body lines: the left column's paragraphs above the "Số" line."""
    out = []
    for p in _header_col(lay, 0):
        if p.text.startswith("Số"):
            break
        if p.text:
            out.append(p)
    return out


def _sections(lay: Layout) -> list:
    return list(lay.document.sections)


def _all_text_paras(lay: Layout) -> Iterator[Para]:
    yield from lay.paragraphs_everywhere()
    for _, para in lay.footnotes:
        yield para
    for i, section in enumerate(_sections(lay)):
        for part_name, hf in (("đầu trang", section.header), ("đầu trang đầu", section.first_page_header),
                              ("chân trang", section.footer)):
            if hf.is_linked_to_previous:
                continue
            for k, p in enumerate(hf._element.findall(qn("w:p"))):
                yield Para(p, f"{part_name}, phân đoạn {i + 1}, đoạn {k + 1}")


# --- page and section ------------------------------------------------------------------------

@rule("ND30-R01", "Khổ giấy A4")
def r01(lay: Layout) -> Iterator[Finding]:
    for i, s in enumerate(_sections(lay)):
        w, h = (s.page_width or 0) / 36000, (s.page_height or 0) / 36000
        dims = sorted((w, h))
        if abs(dims[0] - 210) > 0.5 or abs(dims[1] - 297) > 0.5:
            yield Finding("ND30-R01", "E", f"thiết lập trang, phân đoạn {i + 1}", "khổ giấy phải là A4 (210 × 297 mm)",
                          found=f"{w:.1f} × {h:.1f} mm", expected="210 × 297 mm")


def _section_has_table(lay: Layout, index: int) -> bool:
    return any(isinstance(b, etree._Element) and b.tag == f"{W}tbl" and sec == index
               for b, sec in _blocks_with_sections(lay))


def _blocks_with_sections(lay: Layout) -> Iterator[tuple[etree._Element, int]]:
    body = lay.document.element.body
    for b in body.iter(f"{W}tbl"):
        if id(b) in lay.section_of:
            yield b, lay.section_of[id(b)]


@rule("ND30-R02", "Hướng trang")
def r02(lay: Layout) -> Iterator[Finding]:
    appendix_sections = {ap.section for ap in lay.appendices}
    for i, s in enumerate(_sections(lay)):
        landscape = (s.page_width or 0) > (s.page_height or 0)
        if not landscape:
            continue
        where = f"thiết lập trang, phân đoạn {i + 1}"
        if i == 0:
            yield Finding("ND30-R02", "E", where, "trang văn bản chính phải in dọc", found="ngang", expected="dọc")
        elif i not in appendix_sections and not _section_has_table(lay, i):
            yield Finding("ND30-R02", "W", where, "trang ngang chỉ dùng cho bảng biểu hoặc phụ lục",
                          found="ngang", expected="dọc")


def _margin_rule(rule_id: str, attr: str, name: str, lo: float, hi: float) -> Rule:
    def check(lay: Layout) -> Iterator[Finding]:
        for i, s in enumerate(_sections(lay)):
            value = getattr(s, attr)
            mm = (value or 0) / 36000
            # mm -> twips rounding moves a margin by up to 0.02 mm either way.
            if not lo - 0.05 <= mm <= hi + 0.05:
                yield Finding(rule_id, "E", f"thiết lập trang, phân đoạn {i + 1}",
                              f"lề {name} phải từ {lo:g} đến {hi:g} mm", found=f"{mm:.1f} mm",
                              expected=f"{lo:g}-{hi:g} mm")
    return check


rule("ND30-R03", "Lề trên")(_margin_rule("ND30-R03", "top_margin", "trên", 20, 25))
rule("ND30-R04", "Lề dưới")(_margin_rule("ND30-R04", "bottom_margin", "dưới", 20, 25))
rule("ND30-R05", "Lề trái")(_margin_rule("ND30-R05", "left_margin", "trái", 30, 35))
rule("ND30-R06", "Lề phải")(_margin_rule("ND30-R06", "right_margin", "phải", 15, 20))


@rule("ND30-R07", "Phông chữ Times New Roman")
def r07(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            p = lay.resolver.run(r, para.el)
            fonts = {f for f in (p.ascii, p.h_ansi) if f} | ({p.cs} if p.cs else set())
            if not fonts or fonts != {FONT}:
                found = ", ".join(sorted(fonts)) or "không đặt"
                yield Finding("ND30-R07", "E", para.where, "phông chữ phải là Times New Roman", found=found,
                              expected=FONT)
                break


@rule("ND30-R08", "Mã Unicode")
def r08(lay: Layout) -> Iterator[Finding]:
    import unicodedata

    for para in _all_text_paras(lay):
        runs = text_runs(para.el)
        legacy = [lay.resolver.run(r, para.el).ascii for r in runs]
        bad = next((f for f in legacy if f and (f.startswith(".Vn") or f.upper().startswith("VNI"))), None)
        if bad:
            yield Finding("ND30-R08", "E", para.where, "dùng phông chữ mã cũ (TCVN3/VNI), không phải Unicode",
                          found=bad, expected="Unicode, Times New Roman")
            continue
        raw = para_text(para.el)
        if raw and not unicodedata.is_normalized("NFC", raw):
            yield Finding("ND30-R08", "W", para.where, "chữ chưa ở dạng dựng sẵn (NFC)", found="NFD",
                          expected="NFC")


@rule("ND30-R09", "Màu chữ đen")
def r09(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            p = lay.resolver.run(r, para.el)
            color_ok = p.color in (None, "auto", "000000") and p.theme_color in (None, "text1")
            if not color_ok or p.highlight not in (None, "none"):
                found = p.highlight if p.highlight not in (None, "none") else (p.theme_color or p.color or "")
                yield Finding("ND30-R09", "E", para.where, "chữ phải màu đen, không tô nền", found=str(found),
                              expected="đen")
                break


@rule("ND30-R10", "Số trang từ trang 2")
def r10(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    if not sections:
        return
    s = sections[0]
    header = s.header
    where = "đầu trang, phân đoạn 1"
    field_paras = [p for p in header._element.findall(qn("w:p")) if has_page_field(p)]
    if not field_paras:
        yield Finding("ND30-R10", "E", where, "thiếu số trang (trường PAGE) ở đầu trang, từ trang 2",
                      found="không có", expected="trường PAGE căn giữa")
    else:
        p = Para(field_paras[0], where)
        props = lay.resolver.para(p.el)
        # The number a reader sees is the field's result run; fall back to the instruction's run.
        shown = [r for r in p.el.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
        shown = shown or [r for r in p.el.iter(qn("w:r")) if r.find(qn("w:instrText")) is not None]
        run = lay.resolver.run(shown[0] if shown else None, p.el)
        if (props.align or "left") != "center":
            yield Finding("ND30-R10", "E", where, "số trang phải căn giữa", found=_ALIGN_VI.get(props.align, ""),
                          expected="căn giữa")
        if run.size not in (13, 14):
            yield Finding("ND30-R10", "E", where, "số trang cỡ chữ 13-14", found=f"{run.size} pt", expected="13-14 pt")
        if run.bold or run.italic:
            yield Finding("ND30-R10", "E", where, "số trang chữ đứng, không đậm", found="đậm/nghiêng",
                          expected="thường")
    for i, sec in enumerate(sections):
        for footer in (sec.footer, sec.first_page_footer):
            if not footer.is_linked_to_previous and has_page_field(footer._element):
                yield Finding("ND30-R10", "E", f"chân trang, phân đoạn {i + 1}",
                              "số trang đặt ở đầu trang, không ở chân trang", found="chân trang", expected="đầu trang")
                break


@rule("ND30-R11", "Không đánh số trang 1")
def r11(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    if not sections:
        return
    s = sections[0]
    where = "trang đầu"
    if not s.different_first_page_header_footer:
        if has_page_field(s.header._element):
            yield Finding("ND30-R11", "E", where, "trang 1 không hiện số trang (bật 'trang đầu khác')",
                          found="có số trang", expected="không số trang")
        return
    first = s.first_page_header
    if not first.is_linked_to_previous and has_page_field(first._element):
        yield Finding("ND30-R11", "E", where, "trang 1 không hiện số trang", found="có số trang",
                      expected="không số trang")


# --- header block ----------------------------------------------------------------------------

def _visible_borders(tbl: etree._Element, lay: Layout) -> bool:
    tblpr = tbl.find(f"{W}tblPr")
    borders = tblpr.find(f"{W}tblBorders") if tblpr is not None else None
    style = tblpr.find(f"{W}tblStyle") if tblpr is not None else None
    visible = False
    if borders is not None:
        visible = any(b.get(qn("w:val")) not in ("nil", "none", None) for b in borders)
    elif style is not None:
        st = lay.resolver.styles.get(style.get(qn("w:val")))
        sb = st.find(f"{W}tblPr/{W}tblBorders") if st is not None else None
        visible = sb is not None and any(b.get(qn("w:val")) not in ("nil", "none", None) for b in sb)
    for tcb in tbl.iter(f"{W}tcBorders"):
        if any(b.get(qn("w:val")) not in ("nil", "none", None) for b in tcb):
            visible = True
    return visible


@rule("ND30-R12", "Bảng tiêu đề")
def r12(lay: Layout) -> Iterator[Finding]:
    if lay.header is None:
        yield Finding("ND30-R12", "W", "đầu văn bản", "phần đầu nên trình bày bằng bảng 2 cột không viền",
                      found="không có bảng", expected="bảng 2 cột")
        return
    cols = max((len(r) for r in lay.header_cells), default=0)
    if cols != 2:
        yield Finding("ND30-R12", "W", "bảng tiêu đề", "bảng tiêu đề nên có 2 cột", found=f"{cols} cột",
                      expected="2 cột")
    if _visible_borders(lay.header, lay):
        yield Finding("ND30-R12", "W", "bảng tiêu đề", "bảng tiêu đề không được có đường viền", found="có viền",
                      expected="không viền")


@rule("ND30-R13", "Quốc hiệu")
def r13(lay: Layout) -> Iterator[Finding]:
    p = _qh(lay)
    if p is None:
        yield Finding("ND30-R13", "E", "bảng tiêu đề", "thiếu Quốc hiệu 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' ở cột phải",
                      found="không thấy", expected=QH)
        return
    if p.text != QH and not _is_upper(lay, p):
        yield Finding("ND30-R13", "E", p.where, "Quốc hiệu phải viết hoa", found=p.text, expected=QH)
    yield from _fmt("ND30-R13", lay, p, "Quốc hiệu", bold=True, italic=False, sizes=(12, 13), align="center")
    size = _size(lay, p) or 13
    cell_mm = _cell_width_mm(lay, p)
    if cell_mm is not None and text_width_mm(QH, size, True) > cell_mm:
        yield Finding("ND30-R13", "E", p.where, "Quốc hiệu phải nằm trên một dòng (cột phải quá hẹp)",
                      found=f"cột {cell_mm:.0f} mm", expected=f"≥ {text_width_mm(QH, size, True):.0f} mm")


def _cell_width_mm(lay: Layout, para: Para) -> float | None:
    tc = next((a for a in para.el.iterancestors(f"{W}tc")), None)
    if tc is None:
        return None
    tcw = tc.find(f"{W}tcPr/{W}tcW")
    width = None
    if tcw is not None and tcw.get(qn("w:type")) in (None, "dxa") and tcw.get(qn("w:w")):
        width = int(tcw.get(qn("w:w")))
    if width is None:
        tbl = next(tc.iterancestors(f"{W}tbl"))
        tr = tc.getparent()
        idx = list(tr.findall(f"{W}tc")).index(tc)
        cols = tbl.findall(f"{W}tblGrid/{W}gridCol")
        if idx < len(cols) and cols[idx].get(qn("w:w")):
            width = int(cols[idx].get(qn("w:w")))
    if width is None:
        return None
    tbl = next(tc.iterancestors(f"{W}tbl"))
    margin = 0
    mar = tbl.find(f"{W}tblPr/{W}tblCellMar")
    for side in ("left", "right", "start", "end"):
        el = mar.find(f"{W}{side}") if mar is not None else None
        margin += int(el.get(qn("w:w"))) if el is not None and el.get(qn("w:w")) else 0
    if mar is None:
        margin = 216  # Word's default 0.19 cm each side
    return (width - margin) * 25.4 / 1440


@rule("ND30-R14", "Tiêu ngữ")
def r14(lay: Layout) -> Iterator[Finding]:
    qh, tn = _qh(lay), _tn(lay)
    if qh is None:
        return
    if tn is None or tn.text != TN:
        yield Finding("ND30-R14", "E", tn.where if tn else qh.where,
                      "Tiêu ngữ phải là 'Độc lập - Tự do - Hạnh phúc' ngay dưới Quốc hiệu",
                      found=tn.text if tn else "không có", expected=TN)
        if tn is None:
            return
    yield from _fmt("ND30-R14", lay, tn, "Tiêu ngữ", bold=True, italic=False, sizes=(13, 14), align="center")
    a, b = lay.resolver.para(qh.el), lay.resolver.para(tn.el)
    if a.after_pt + b.before_pt > 0.1 or (b.line_rule == "auto" and (b.line or 240) > 240):
        yield Finding("ND30-R14", "E", tn.where, "Quốc hiệu và Tiêu ngữ cách nhau một dòng đơn",
                      found=f"{a.after_pt + b.before_pt:g} pt", expected="0 pt, dòng đơn")


@rule("ND30-R15", "Cỡ chữ Quốc hiệu - Tiêu ngữ - ngày tháng")
def r15(lay: Layout) -> Iterator[Finding]:
    qh, tn, date = _qh(lay), _tn(lay), _date(lay)
    if qh is None or tn is None:
        return
    s_qh, s_tn = _size(lay, qh), _size(lay, tn)
    if s_qh and s_tn and s_tn != s_qh + 1:
        yield Finding("ND30-R15", "E", tn.where, "Tiêu ngữ lớn hơn Quốc hiệu đúng 1 cỡ (13/14 hoặc 12/13)",
                      found=f"{s_qh:g}/{s_tn:g}", expected=f"{s_qh:g}/{s_qh + 1:g}")
    if date is not None and s_tn and _size(lay, date) != s_tn:
        yield Finding("ND30-R15", "E", date.where, "dòng địa danh, ngày tháng cùng cỡ chữ với Tiêu ngữ",
                      found=f"{_size(lay, date):g}", expected=f"{s_tn:g}")


def _line_near(cell: list[Para], anchor: Para) -> etree._Element | None:
    """The element carrying the line under anchor: the anchor itself or the next paragraph."""
    if has_line(anchor.el) or lay_border(anchor):
        return anchor.el
    idx = cell.index(anchor)
    if idx + 1 < len(cell):
        nxt = cell[idx + 1]
        if has_line(nxt.el) or re.fullmatch(r"_{3,}", nxt.text):
            return nxt.el
    return None


def lay_border(p: Para) -> bool:
    ppr = p.el.find(f"{W}pPr")
    b = ppr.find(f"{W}pBdr/{W}bottom") if ppr is not None else None
    return b is not None and b.get(qn("w:val")) not in ("nil", "none")


def _cell_of(lay: Layout, para: Para) -> list[Para]:
    for row in lay.header_cells:
        for cell in row:
            if para in cell:
                return cell
    return [para]


def _measured(el: etree._Element, lay: Layout) -> float | None:
    length = line_length_mm(el)
    if length is not None:
        return length
    text = norm(para_text(el))
    if re.fullmatch(r"_{3,}", text):
        size = lay.resolver.run(None, el).size or 14
        return len(text) * 0.5 * size * 25.4 / 72
    return None


@rule("ND30-R16", "Đường kẻ dưới Tiêu ngữ")
def r16(lay: Layout) -> Iterator[Finding]:
    tn = _tn(lay)
    if tn is None:
        return
    el = _line_near(_cell_of(lay, tn), tn)
    if el is None:
        yield Finding("ND30-R16", "E", tn.where, "thiếu đường kẻ liền dưới Tiêu ngữ", found="không có",
                      expected="đường kẻ bằng độ dài Tiêu ngữ")
        return
    want = text_width_mm(TN, _size(lay, tn) or 14, True)
    got = _measured(el, lay)
    if got is not None and abs(got - want) > 0.15 * want:
        yield Finding("ND30-R16", "E", tn.where, "đường kẻ dưới Tiêu ngữ phải dài bằng dòng Tiêu ngữ",
                      found=f"{got:.1f} mm", expected=f"≈{want:.1f} mm")


_BODY_LINE = re.compile(r"^(TỈNH|THÀNH PHỐ) \S")


@rule("ND30-R17", "Tên cơ quan ban hành")
def r17(lay: Layout) -> Iterator[Finding]:
    names = _body_names(lay)
    if not names:
        if lay.header is not None:
            yield Finding("ND30-R17", "E", "bảng tiêu đề, cột trái", "thiếu tên cơ quan ban hành",
                          found="không có", expected="ỦY BAN NHÂN DÂN / TỈNH ...")
        return
    for p in names:
        if not _is_upper(lay, p):
            yield Finding("ND30-R17", "E", p.where, "tên cơ quan ban hành phải viết hoa", found=p.text,
                          expected=p.text.upper())
        yield from _fmt("ND30-R17", lay, p, "tên cơ quan ban hành", bold=True, sizes=(12, 13), align="center")
    texts = [p.text.upper() for p in names]
    if texts[0] != "ỦY BAN NHÂN DÂN" or len(texts) < 2 or not _BODY_LINE.match(texts[1]):
        yield Finding("ND30-R17", "E", names[0].where,
                      "tên cơ quan là 'ỦY BAN NHÂN DÂN' rồi 'TỈNH <TÊN>' hoặc 'THÀNH PHỐ <TÊN>'",
                      found=" / ".join(texts), expected="ỦY BAN NHÂN DÂN / TỈNH ...")


@rule("ND30-R18", "Đường kẻ dưới tên cơ quan")
def r18(lay: Layout) -> Iterator[Finding]:
    names = _body_names(lay)
    if not names:
        return
    last = names[-1]
    el = _line_near(_cell_of(lay, last), last)
    if el is None:
        yield Finding("ND30-R18", "E", last.where, "thiếu đường kẻ liền dưới tên cơ quan ban hành",
                      found="không có", expected="đường kẻ 1/3-1/2 độ dài tên")
        return
    widest = max(text_width_mm(p.text, _size(lay, p) or 13, True) for p in names)
    got = _measured(el, lay)
    if got is not None and not (widest / 3 * 0.9 <= got <= widest / 2 * 1.1):
        yield Finding("ND30-R18", "E", last.where, "đường kẻ dưới tên cơ quan dài 1/3 đến 1/2 dòng chữ",
                      found=f"{got:.1f} mm", expected=f"{widest / 3:.1f}-{widest / 2:.1f} mm")


@rule("ND30-R19", "Số, ký hiệu")
def r19(lay: Layout) -> Iterator[Finding]:
    p = _so(lay)
    if p is None:
        if lay.header is not None:
            yield Finding("ND30-R19", "E", "bảng tiêu đề, cột trái", "thiếu dòng 'Số: .../KH-UBND'",
                          found="không có", expected="Số: 01/KH-UBND")
        return
    raw = norm(para_text(p.el))
    if re.fullmatch(r"Số:\s+/KH-UBND", raw) or re.fullmatch(r"Số:\s*/KH-UBND", raw):
        yield Finding("ND30-R19", "W", p.where, "dự thảo: chưa có số văn bản", found=raw, expected="Số: 01/KH-UBND")
    elif not re.fullmatch(r"Số: (0[1-9]|[1-9]\d+)/[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+", raw):
        yield Finding("ND30-R19", "E", p.where,
                      "dòng số phải có dạng 'Số: 05/KH-UBND' (số dưới 10 thêm số 0, không có khoảng trắng trong ký hiệu)",
                      found=raw, expected="Số: 05/KH-UBND")
    yield from _fmt("ND30-R19", lay, p, "dòng số, ký hiệu", bold=False, italic=False, sizes=(13,), align="center")


def _place_expected(lay: Layout) -> str | None:
    names = _body_names(lay)
    if len(names) >= 2:
        m = _BODY_LINE.match(names[1].text.upper())
        if m:
            rest = names[1].text[len(m.group(1)) + 1:].strip()
            name = " ".join(w.capitalize() for w in rest.lower().split())
            return f"Thành phố {name}" if name == "Hồ Chí Minh" else name
    return None


@rule("ND30-R20", "Địa danh và ngày tháng")
def r20(lay: Layout) -> Iterator[Finding]:
    p = _date(lay)
    if p is None:
        if lay.header is not None:
            yield Finding("ND30-R20", "E", "bảng tiêu đề, cột phải", "thiếu dòng địa danh, ngày tháng năm",
                          found="không có", expected="<Địa danh>, ngày 05 tháng 01 năm 2023")
        return
    text = p.text
    draft = _DRAFT_DATE.match(text)
    m = _DATE.match(text)
    if draft:
        yield Finding("ND30-R20", "W", p.where, "dự thảo: chưa có ngày ban hành", found=text)
        place = draft.group("place")
    elif not m:
        yield Finding("ND30-R20", "E", p.where, "dòng ngày tháng phải có dạng '<Địa danh>, ngày 05 tháng 01 năm 2023'",
                      found=text, expected="<Địa danh>, ngày DD tháng M năm YYYY")
        place = None
    else:
        place = m.group("place")
        d, mo, y = m.group("d"), m.group("m"), m.group("y")
        ok = re.fullmatch(r"0[1-9]|[12]\d|3[01]", d) and re.fullmatch(r"0[1-9]|1[0-2]|[3-9]", mo) \
            and re.fullmatch(r"\d{4}", y)
        if not ok:
            yield Finding("ND30-R20", "E", p.where,
                          "ngày dưới 10 và tháng 1, 2 phải thêm số 0 ở trước (ngày 05 tháng 01)",
                          found=text, expected="ngày 05 tháng 01 năm 2023")
        else:
            if re.fullmatch(r"0[3-9]", mo):
                yield Finding("ND30-R20", "W", p.where, "tháng 3 đến 9 không cần số 0 ở trước",
                              found=f"tháng {mo}", expected=f"tháng {int(mo)}")
            try:
                dt.date(int(y), int(mo), int(d))
            except ValueError:
                yield Finding("ND30-R20", "E", p.where, "ngày tháng không có trên lịch", found=text)
    want = _place_expected(lay)
    if place is not None and want is not None and place != want:
        yield Finding("ND30-R20", "E", p.where, "địa danh phải là tên tỉnh, thành phố nơi cơ quan đóng trụ sở",
                      found=place, expected=want)
    yield from _fmt("ND30-R20", lay, p, "dòng địa danh, ngày tháng", bold=False, italic=True, sizes=(13, 14),
                    align="center")


@rule("ND30-R21", "Số và ngày tháng cùng hàng")
def r21(lay: Layout) -> Iterator[Finding]:
    so, date = _so(lay), _date(lay)
    if so is None or date is None:
        return
    if so.el.getparent().getparent() is not date.el.getparent().getparent():
        yield Finding("ND30-R21", "E", so.where, "dòng Số và dòng địa danh, ngày tháng phải cùng một hàng",
                      found="khác hàng", expected="cùng hàng")


# --- title block -----------------------------------------------------------------------------

@rule("ND30-R22", "Tên loại văn bản")
def r22(lay: Layout) -> Iterator[Finding]:
    p = lay.title
    if p is None:
        yield Finding("ND30-R22", "E", "đầu văn bản", "thiếu tên loại văn bản 'KẾ HOẠCH'", found="không có",
                      expected="KẾ HOẠCH")
        return
    yield from _fmt("ND30-R22", lay, p, "tên loại 'KẾ HOẠCH'", bold=True, italic=False, sizes=(13, 14), align="center")
    if abs(lay.resolver.para(p.el).first_line_cm) > 0.02:
        yield Finding("ND30-R22", "E", p.where, "tên loại không thụt đầu dòng",
                      found=f"{lay.resolver.para(p.el).first_line_cm:.2f} cm", expected="0 cm")


@rule("ND30-R23", "Trích yếu")
def r23(lay: Layout) -> Iterator[Finding]:
    if lay.title is None:
        return
    if not lay.summary:
        yield Finding("ND30-R23", "E", "trích yếu", "thiếu trích yếu nội dung dưới chữ 'KẾ HOẠCH'",
                      found="không có")
        return
    for p in lay.summary:
        yield from _fmt("ND30-R23", lay, p, "trích yếu", bold=True, italic=False, sizes=(13, 14), align="center")
    text = " ".join(p.text for p in lay.summary)
    letters = [c for c in text if c.isalpha()]
    if letters and text == text.upper():
        yield Finding("ND30-R23", "W", lay.summary[0].where, "trích yếu viết thường (chỉ hoa chữ đầu), không viết hoa toàn bộ",
                      found="toàn chữ hoa", expected="chữ thường")
    elif letters and not letters[0].isupper():
        yield Finding("ND30-R23", "E", lay.summary[0].where, "trích yếu viết hoa chữ cái đầu", found=text[:20])
    if _size(lay, lay.summary[0]) != _size(lay, lay.title):
        yield Finding("ND30-R23", "W", lay.summary[0].where, "trích yếu cùng cỡ chữ với tên loại",
                      found=f"{_size(lay, lay.summary[0])}", expected=f"{_size(lay, lay.title)}")


@rule("ND30-R24", "Đường kẻ dưới trích yếu")
def r24(lay: Layout) -> Iterator[Finding]:
    if not lay.summary:
        return
    where = lay.summary[-1].where
    if lay.summary_line_para is None:
        yield Finding("ND30-R24", "E", where, "thiếu đường kẻ liền dưới trích yếu", found="không có",
                      expected="đường kẻ 1/3-1/2 dòng trích yếu")
        return
    size = _size(lay, lay.summary[-1]) or 14
    sec = lay.document.sections[0]
    text_mm = ((sec.page_width or 0) - (sec.left_margin or 0) - (sec.right_margin or 0)) / 36000
    longest = min(max(text_width_mm(p.text, size, True) for p in lay.summary), text_mm or 165)
    got = _measured(lay.summary_line_para, lay)
    if got is not None and not (longest / 3 * 0.9 <= got <= longest / 2 * 1.1):
        yield Finding("ND30-R24", "E", where, "đường kẻ dưới trích yếu dài 1/3 đến 1/2 dòng trích yếu",
                      found=f"{got:.1f} mm", expected=f"{longest / 3:.1f}-{longest / 2:.1f} mm")


# --- body ------------------------------------------------------------------------------------

_CENTRED_HEAD = re.compile(r"^(Phần|Chương|Mục|Tiểu mục) [IVXLC\d]+$", re.IGNORECASE)


def _body(lay: Layout) -> list[Para]:
    return [p for p in lay.body if p.text]


@rule("ND30-R25", "Căn lề và thụt đầu dòng")
def r25(lay: Layout) -> Iterator[Finding]:
    indents: dict[float, int] = {}
    previous_centred = False
    for p in _body(lay):
        if _CENTRED_HEAD.match(p.text) or previous_centred:
            previous_centred = bool(_CENTRED_HEAD.match(p.text))
            continue
        props = lay.resolver.para(p.el)
        if props.align == "distribute":
            yield Finding("ND30-R25", "W", p.where, "đoạn văn nên căn đều hai bên (không dàn đều)",
                          found="dàn đều", expected="căn đều hai bên")
        elif props.align != "both":
            yield Finding("ND30-R25", "E", p.where, "đoạn văn phải căn đều hai bên",
                          found=_ALIGN_VI.get(props.align, str(props.align)), expected="căn đều hai bên")
        fl = props.first_line_cm - props.hanging_cm
        if not (abs(fl - 1.0) <= 0.02 or abs(fl - 1.27) <= 0.02):
            found = f"{fl:.2f} cm"
            if re.match(r"^\s{2,}", para_text(p.el)):
                found += " (thụt bằng dấu cách)"
            yield Finding("ND30-R25", "E", p.where, "dòng đầu đoạn thụt vào 1 cm hoặc 1,27 cm", found=found,
                          expected="1 cm hoặc 1,27 cm")
        else:
            indents[round(fl, 2)] = indents.get(round(fl, 2), 0) + 1
    if len(indents) > 1:
        yield Finding("ND30-R25", "W", "phần nội dung", "các đoạn nên thụt đầu dòng như nhau",
                      found=", ".join(f"{k:g} cm" for k in indents), expected="một giá trị")


@rule("ND30-R26", "Cỡ chữ phần nội dung")
def r26(lay: Layout) -> Iterator[Finding]:
    counts: dict[float | None, int] = {}
    for p in _body(lay):
        for props in _props(lay, p):
            counts[props.size] = counts.get(props.size, 0) + 1
    if not counts:
        return
    main = max(counts, key=lambda k: counts[k])
    if main not in (13, 14):
        yield Finding("ND30-R26", "E", "phần nội dung", "chữ phần nội dung cỡ 13 hoặc 14", found=f"{main}",
                      expected="13 hoặc 14")
    for p in _body(lay):
        odd = {s for s in (x.size for x in _props(lay, p)) if s != main}
        if odd:
            yield Finding("ND30-R26", "E", p.where, "toàn bộ phần nội dung dùng một cỡ chữ",
                          found=", ".join(f"{s:g} pt" if s else "?" for s in sorted(odd, key=lambda x: x or 0)),
                          expected=f"{main:g} pt")


@rule("ND30-R27", "Khoảng cách đoạn")
def r27(lay: Layout) -> Iterator[Finding]:
    prev: ParaProps | None = None
    for p in lay.body:
        props = lay.resolver.para(p.el)
        if not p.text:
            if not has_line(p.el) and p.el.find(f".//{W}sectPr") is None:
                yield Finding("ND30-R27", "W", p.where, "không dùng đoạn trống để tạo khoảng cách",
                              found="đoạn trống", expected="khoảng cách đoạn ≥ 6 pt")
            continue
        if props.contextual:
            yield Finding("ND30-R27", "E", p.where, "bỏ 'không thêm khoảng cách giữa các đoạn cùng kiểu'",
                          found="contextualSpacing", expected="tắt")
        if prev is not None and prev.after_pt + props.before_pt < 6 - 0.01:
            yield Finding("ND30-R27", "E", p.where, "các đoạn văn cách nhau tối thiểu 6 pt",
                          found=f"{prev.after_pt + props.before_pt:g} pt", expected="≥ 6 pt")
        prev = props


@rule("ND30-R28", "Giãn dòng")
def r28(lay: Layout) -> Iterator[Finding]:
    for p in _body(lay):
        props = lay.resolver.para(p.el)
        size = _size(lay, p) or 14
        if props.line is None or props.line_rule in (None, "auto"):
            mult = (props.line or 240) / 240
            if mult > 1.5 + 1e-6 or mult < 1 - 1e-6:
                yield Finding("ND30-R28", "E", p.where, "giãn dòng từ dòng đơn đến 1,5 dòng",
                              found=f"{mult:g} dòng", expected="1-1,5 dòng")
        else:
            pts = props.line / 20
            if not (1.15 * size - 0.5 <= pts <= 1.5 * 1.15 * size + 0.5):
                yield Finding("ND30-R28", "W", p.where, "giãn dòng cố định ngoài khoảng dòng đơn - 1,5 dòng",
                              found=f"{pts:g} pt", expected=f"{1.15 * size:.1f}-{1.725 * size:.1f} pt")


@rule("ND30-R29", "Chữ đứng trong nội dung")
def r29(lay: Layout) -> Iterator[Finding]:
    for p in _body(lay):
        if p.text.startswith("Căn cứ"):
            continue
        if any(x.italic for x in _props(lay, p)):
            yield Finding("ND30-R29", "W", p.where, "chữ nghiêng trong nội dung (chỉ dùng khi trích dẫn)",
                          found="nghiêng", expected="đứng")


_ROMAN = re.compile(r"^([IVXLC]+)\.\s+\S")
_ARABIC = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_POINT = re.compile(r"^([a-zđ]{1,2})\)\s")
_DECIMAL = re.compile(r"^\d+\.\d+(\.\d+)*\.?\s")


@rule("ND30-R30", "Định dạng đề mục")
def r30(lay: Layout) -> Iterator[Finding]:
    for p in _body(lay):
        props = _props(lay, p)
        bold = all(x.bold for x in props)
        if _ROMAN.match(p.text):
            if not _is_upper(lay, p):
                yield Finding("ND30-R30", "E", p.where, "đề mục La Mã (I., II.) viết hoa", found=p.text[:30])
            if not bold:
                yield Finding("ND30-R30", "E", p.where, "đề mục La Mã (I., II.) in đậm", found="không đậm")
        elif (m := _ARABIC.match(p.text)) is not None:
            titled = not m.group(2).rstrip().endswith((".", ";"))
            if titled and not bold:
                yield Finding("ND30-R30", "E", p.where, "khoản có tiêu đề (1., 2.) in đậm", found="không đậm")
            if not titled and any(x.bold for x in props):
                yield Finding("ND30-R30", "E", p.where, "khoản không có tiêu đề không in đậm", found="đậm")
        elif _POINT.match(p.text) and any(x.bold for x in props):
            yield Finding("ND30-R30", "E", p.where, "điểm a), b) không in đậm", found="đậm")
        if (_ROMAN.match(p.text) or _ARABIC.match(p.text)) and any(x.italic for x in props):
            yield Finding("ND30-R30", "W", p.where, "đề mục không in nghiêng", found="nghiêng")


@rule("ND30-R31", "Thứ tự đánh số")
def r31(lay: Layout) -> Iterator[Finding]:
    roman_expected, arabic_expected, letter_expected = 1, 1, 0
    warned_decimal = False
    for p in _body(lay):
        if (m := _ROMAN.match(p.text)) is not None:
            n = vn.from_roman(m.group(1))
            if n != roman_expected:
                yield Finding("ND30-R31", "E", p.where, "số La Mã phải liên tục từ I",
                              found=m.group(1), expected=vn.roman(roman_expected))
            roman_expected = (n or roman_expected) + 1
            arabic_expected, letter_expected = 1, 0
        elif (m := _ARABIC.match(p.text)) is not None:
            n = int(m.group(1))
            if n != arabic_expected:
                yield Finding("ND30-R31", "E", p.where, "số thứ tự khoản phải liên tục, bắt đầu lại từ 1 ở mỗi mục La Mã",
                              found=str(n), expected=str(arabic_expected))
            arabic_expected, letter_expected = n + 1, 0
        elif (m := _POINT.match(p.text)) is not None:
            letter = m.group(1)
            if any(c in "fjwz" for c in letter):
                yield Finding("ND30-R31", "E", p.where, "điểm không dùng các chữ f, j, w, z", found=f"{letter})")
            elif letter != vn.point_letter(letter_expected):
                yield Finding("ND30-R31", "E", p.where, "điểm theo thứ tự a), b), c), d), đ), e), g), h), i) ...",
                              found=f"{letter})", expected=f"{vn.point_letter(letter_expected)})")
            if letter_expected >= 9:
                yield Finding("ND30-R31", "W", p.where, "Nghị định 30 không nêu chữ cái sau i)", found=f"{letter})")
            letter_expected += 1
        elif _DECIMAL.match(p.text) and not warned_decimal:
            warned_decimal = True
            yield Finding("ND30-R31", "W", p.where, "đánh số thập phân (1.1., 1.2.) không phải dạng của Nghị định 30",
                          found=p.text.split(" ")[0], expected="khoản 1., điểm a)")


@rule("ND30-R32", "Dấu kết thúc ./.")
def r32(lay: Layout) -> Iterator[Finding]:
    body = _body(lay)
    if body and not body[-1].text.endswith("./."):
        yield Finding("ND30-R32", "W", body[-1].where, "đoạn cuối phần nội dung kết thúc bằng './.'",
                      found=body[-1].text[-10:], expected="./.")


@rule("ND30-R33", "Các dòng căn cứ")
def r33(lay: Layout) -> Iterator[Finding]:
    # A Kế hoạch's "Căn cứ ..." preamble is ordinary body text in practice (it usually ends "... như sau:"),
    # so this rule only warns.
    lines = []
    for p in _body(lay):
        if _ROMAN.match(p.text) or _ARABIC.match(p.text):
            break
        if p.text.startswith("Căn cứ"):
            lines.append(p)
    for i, p in enumerate(lines):
        if not all(x.italic for x in _props(lay, p)):
            yield Finding("ND30-R33", "W", p.where, "dòng căn cứ in nghiêng", found="đứng")
        end = "." if i == len(lines) - 1 else ";"
        if not p.text.endswith(end):
            yield Finding("ND30-R33", "W", p.where, f"dòng căn cứ kết thúc bằng '{end}'", found=p.text[-1:])


# --- signature block -------------------------------------------------------------------------

def _sig(lay: Layout) -> tuple[list[Para], list[Para]]:
    if len(lay.sig_cells) < 2:
        return (lay.sig_cells[0] if lay.sig_cells else []), []
    return lay.sig_cells[0], lay.sig_cells[-1]


def _authority(lay: Layout) -> tuple[list[Para], Para | None]:
    _, right = _sig(lay)
    lines = _nonempty(right)
    if not lines:
        return [], None
    return lines[:-1], lines[-1]


@rule("ND30-R34", "Bảng Nơi nhận - chữ ký")
def r34(lay: Layout) -> Iterator[Finding]:
    if lay.sig is None:
        yield Finding("ND30-R34", "W", "cuối văn bản", "thiếu khối Nơi nhận và chữ ký (bảng 2 cột)",
                      found="không có", expected="bảng 2 cột không viền")
        return
    if len(lay.sig_cells) != 2:
        yield Finding("ND30-R34", "W", "khối ký", "khối Nơi nhận và chữ ký nên là bảng 2 cột",
                      found=f"{len(lay.sig_cells)} cột", expected="2 cột")
    if _visible_borders(lay.sig, lay):
        yield Finding("ND30-R34", "W", "khối ký", "bảng Nơi nhận - chữ ký không có đường viền", found="có viền")


_MARK = re.compile(r"^(TM|KT|TL|TUQ|Q)\.")


@rule("ND30-R35", "Quyền hạn, chức vụ người ký")
def r35(lay: Layout) -> Iterator[Finding]:
    lines, _ = _authority(lay)
    if lay.sig is not None and not lines:
        yield Finding("ND30-R35", "E", "khối ký, ô phải", "thiếu dòng quyền hạn, chức vụ người ký", found="không có",
                      expected="TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")
    for i, p in enumerate(lines):
        if re.match(r"^(TM|KT|TL|TUQ|Q)\.(?! )", p.text):
            yield Finding("ND30-R35", "E", p.where, "sau dấu chấm của TM., KT. ... có một dấu cách",
                          found=p.text, expected=re.sub(r"^(TM|KT|TL|TUQ|Q)\.", r"\1. ", p.text))
        if not _is_upper(lay, p):
            yield Finding("ND30-R35", "E", p.where, "quyền hạn, chức vụ người ký viết hoa", found=p.text,
                          expected=p.text.upper())
        if p.text.startswith("TM.") and i != 0:
            yield Finding("ND30-R35", "E", p.where, "dòng TM. đứng đầu khối chữ ký", found=f"dòng {i + 1}")
        m = _MARK.match(p.text)
        if m and m.group(1) in ("KT", "TL", "TUQ") and i == len(lines) - 1:
            yield Finding("ND30-R35", "E", p.where, f"sau dòng {m.group(1)}. phải có dòng chức vụ của người ký",
                          found="không có")
        yield from _fmt("ND30-R35", lay, p, "quyền hạn, chức vụ", bold=True, italic=False, sizes=(13, 14),
                        align="center")
    if lines and not lines[0].text.startswith("TM.") and lay.header is not None:
        yield Finding("ND30-R35", "W", lines[0].where,
                      "Kế hoạch ký thay mặt tập thể Ủy ban nhân dân thường có dòng 'TM. ỦY BAN NHÂN DÂN'",
                      found=lines[0].text, expected="TM. ỦY BAN NHÂN DÂN")


@rule("ND30-R36", "Họ tên người ký")
def r36(lay: Layout) -> Iterator[Finding]:
    _, name = _authority(lay)
    if name is None:
        return
    if re.match(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.?\s", name.text) or re.search(r"Giáo sư|Tiến sĩ|Thạc sĩ", name.text):
        yield Finding("ND30-R36", "E", name.where, "họ tên người ký không kèm học hàm, học vị", found=name.text)
    if name.text != " ".join(w[:1].upper() + w[1:].lower() for w in name.text.split()):
        yield Finding("ND30-R36", "W", name.where, "họ tên viết hoa chữ cái đầu mỗi chữ", found=name.text)
    yield from _fmt("ND30-R36", lay, name, "họ tên người ký", bold=True, italic=False, sizes=(13, 14),
                    align="center")


@rule("ND30-R37", "Khoảng trống để ký")
def r37(lay: Layout) -> Iterator[Finding]:
    lines, name = _authority(lay)
    if not lines or name is None:
        return
    _, right = _sig(lay)
    start, end = right.index(lines[-1]), right.index(name)
    space = lay.resolver.para(lines[-1].el).after_pt + lay.resolver.para(name.el).before_pt
    space += sum((lay.resolver.run(None, p.el).size or 14) * 1.15 for p in right[start + 1:end])
    if space < 36:
        yield Finding("ND30-R37", "W", name.where, "chừa khoảng trống để ký và đóng dấu (tối thiểu 36 pt)",
                      found=f"{space:.0f} pt", expected="≥ 36 pt")


@rule("ND30-R38", "Chữ 'Nơi nhận:'")
def r38(lay: Layout) -> Iterator[Finding]:
    left, _ = _sig(lay)
    lab = _nonempty(left)[:1]
    if lay.sig is None or not lab:
        return
    p = lab[0]
    if p.text != "Nơi nhận:":
        yield Finding("ND30-R38", "E", p.where, "chữ 'Nơi nhận:' viết đúng, có dấu hai chấm", found=p.text,
                      expected="Nơi nhận:")
    yield from _fmt("ND30-R38", lay, p, "chữ 'Nơi nhận:'", bold=True, italic=True, sizes=(12,), align="left")
    props = lay.resolver.para(p.el)
    if abs(props.first_line_cm) > 0.02 or abs(props.left_cm) > 0.02:
        yield Finding("ND30-R38", "E", p.where, "chữ 'Nơi nhận:' sát lề trái, không thụt", found=f"{props.first_line_cm:.2f} cm")


_DRAFTER = re.compile(r"^[A-ZĐ][A-ZĐ0-9]*\.\(\d+\)$")


def _entries(lay: Layout) -> list[Para]:
    """The Nơi nhận lines under the label, without a drafter code ("PL.(300)", ô 12) after them."""
    left, _ = _sig(lay)
    items = _nonempty(left)[1:]
    while items and _DRAFTER.match(items[-1].text):
        items.pop()
    return items


@rule("ND30-R41", "Ký hiệu người soạn thảo, số bản")
def r41(lay: Layout) -> Iterator[Finding]:
    left, _ = _sig(lay)
    for p in _nonempty(left)[1:]:
        if _DRAFTER.match(p.text):
            yield from _fmt("ND30-R41", lay, p, "ký hiệu người soạn thảo và số bản", italic=False, sizes=(11,),
                            sev="W")


@rule("ND30-R39", "Các dòng Nơi nhận")
def r39(lay: Layout) -> Iterator[Finding]:
    entries = _entries(lay)
    for i, p in enumerate(entries):
        last = i == len(entries) - 1
        if not last and not re.fullmatch(r"- \S.*;", p.text):
            yield Finding("ND30-R39", "E", p.where, "mỗi nơi nhận bắt đầu bằng '- ' và kết thúc bằng ';'", found=p.text,
                          expected="- <nơi nhận>;")
        yield from _fmt("ND30-R39", lay, p, "dòng nơi nhận", bold=False, italic=False, sizes=(11,), align="left")
        props = lay.resolver.para(p.el)
        if abs(props.first_line_cm - props.hanging_cm) > 0.02 or abs(props.left_cm) > 0.02:
            yield Finding("ND30-R39", "E", p.where, "dòng nơi nhận sát lề trái", found=f"{props.left_cm:.2f} cm")


@rule("ND30-R40", "Dòng Lưu")
def r40(lay: Layout) -> Iterator[Finding]:
    entries = _entries(lay)
    if lay.sig is None or not entries:
        return
    p = entries[-1]
    if not re.fullmatch(r"- Lưu: VT(, [^;]+)?\.", p.text):
        yield Finding("ND30-R40", "E", p.where, "dòng cuối Nơi nhận là '- Lưu: VT, <đơn vị soạn thảo>.'",
                      found=p.text, expected="- Lưu: VT, NC.")
    elif p.text == "- Lưu: VT.":
        yield Finding("ND30-R40", "W", p.where, "dòng Lưu nên ghi đơn vị soạn thảo", found=p.text,
                      expected="- Lưu: VT, <đơn vị>.")


# --- appendices ------------------------------------------------------------------------------

_APPX_HEAD = re.compile(r"^Phụ lục( ([IVXLC]+))?$")


@rule("ND30-R42", "Vị trí phụ lục")
def r42(lay: Layout) -> Iterator[Finding]:
    n = len(lay.appendices)
    for k, ap in enumerate(lay.appendices, start=1):
        head = ap.paras[0]
        m = _APPX_HEAD.match(head.text)
        sections = _sections(lay)
        new_section_page = (ap.section > lay.sig_section and ap.section < len(sections)
                            and _starts_on_new_page(sections[ap.section]))
        starts_new = new_section_page or _page_break_before(head.el)
        if not starts_new:
            yield Finding("ND30-R42", "E", head.where, "phụ lục bắt đầu ở trang mới", found="cùng trang")
        numeral = m.group(2) if m else None
        if n >= 2 and numeral != vn.roman(k):
            yield Finding("ND30-R42", "E", head.where, "có từ hai phụ lục thì đánh số La Mã liên tục",
                          found=head.text, expected=f"Phụ lục {vn.roman(k)}")


def _starts_on_new_page(section: Section) -> bool:
    kind = section._sectPr.find(qn("w:type"))
    return kind is None or kind.get(qn("w:val")) in ("nextPage", "oddPage", "evenPage")


def _page_break_before(p: etree._Element) -> bool:
    ppr = p.find(f"{W}pPr")
    if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
        return True
    prev = p.getprevious()
    return prev is not None and any(br.get(qn("w:type")) == "page" for br in prev.iter(f"{W}br"))


@rule("ND30-R43", "Chữ 'Phụ lục'")
def r43(lay: Layout) -> Iterator[Finding]:
    for ap in lay.appendices:
        head = ap.paras[0]
        if head.text != head.text[:1].upper() + head.text[1:] or head.text.startswith("PHỤ LỤC"):
            yield Finding("ND30-R43", "E", head.where, "chữ 'Phụ lục' viết thường (hoa chữ đầu)", found=head.text)
        yield from _fmt("ND30-R43", lay, head, "chữ 'Phụ lục'", bold=True, italic=False, sizes=(14,), align="center")


def _appx_parts(ap: Appendix) -> tuple[Para | None, Para | None]:
    rest = _nonempty(ap.paras[1:])
    return (rest[0] if rest else None), (rest[1] if len(rest) > 1 else None)


@rule("ND30-R44", "Tên phụ lục")
def r44(lay: Layout) -> Iterator[Finding]:
    for ap in lay.appendices:
        title, _ = _appx_parts(ap)
        if title is None:
            yield Finding("ND30-R44", "E", ap.paras[0].where, "thiếu tên phụ lục", found="không có")
            continue
        if not _is_upper(lay, title):
            yield Finding("ND30-R44", "E", title.where, "tên phụ lục viết hoa", found=title.text)
        yield from _fmt("ND30-R44", lay, title, "tên phụ lục", bold=True, sizes=(13, 14), align="center")


_REF = re.compile(r"^\(Kèm theo Kế hoạch số (?P<no>.*?)/KH-UBND (?P<date>ngày .+?) của Ủy ban nhân dân "
                  r"(tỉnh|thành phố|Thành phố) .+\)$")


def _date_key(text: str) -> tuple[int | None, ...] | None:
    """(day, month, year) of 'ngày 05 tháng 3 năm 2026', blanks as None; leading zeros do not matter."""
    m = re.match(r"ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d*)", norm(text))
    if not m:
        return None
    return tuple(int(g) if g else None for g in m.groups())


@rule("ND30-R45", "Dòng 'Kèm theo Kế hoạch'")
def r45(lay: Layout) -> Iterator[Finding]:
    so, date = _so(lay), _date(lay)
    for ap in lay.appendices:
        _, ref = _appx_parts(ap)
        if ref is None or not ref.text.startswith("(Kèm theo"):
            yield Finding("ND30-R45", "E", (ref or ap.paras[0]).where,
                          "dưới tên phụ lục ghi '(Kèm theo Kế hoạch số .../KH-UBND ngày ... của Ủy ban nhân dân ...)'",
                          found=ref.text if ref else "không có")
            continue
        m = _REF.match(ref.text)
        if not m:
            yield Finding("ND30-R45", "E", ref.where, "dòng 'Kèm theo' phải ghi số, ngày và cơ quan ban hành",
                          found=ref.text[:60])
        else:
            number = m.group("no").strip()
            if not number:
                yield Finding("ND30-R45", "W", ref.where, "dự thảo: dòng 'Kèm theo' chưa có số văn bản")
            if so is not None and number:
                so_no = _SO.match(so.text)
                if so_no and so_no.group("n") and so_no.group("n") != number:
                    yield Finding("ND30-R45", "E", ref.where, "số văn bản ở dòng 'Kèm theo' khác số ở đầu văn bản",
                                  found=number, expected=so_no.group("n"))
            if date is not None:
                head_date = _date_key(date.text.split(", ", 1)[-1])
                ref_date = _date_key(m.group("date"))
                if head_date and ref_date and head_date != ref_date:
                    yield Finding("ND30-R45", "E", ref.where, "ngày ở dòng 'Kèm theo' khác ngày ban hành",
                                  found=m.group("date"), expected=date.text.split(", ", 1)[-1])
        yield from _fmt("ND30-R45", lay, ref, "dòng 'Kèm theo'", bold=False, italic=True, sizes=(13, 14),
                        align="center")


@rule("ND30-R46", "Số trang phụ lục")
def r46(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    for ap in lay.appendices:
        if ap.section >= len(sections) or ap.section == lay.sig_section:
            continue
        s = sections[ap.section]
        pg = s._sectPr.find(qn("w:pgNumType"))
        if pg is None or pg.get(qn("w:start")) != "1":
            yield Finding("ND30-R46", "E", ap.paras[0].where, "mỗi phụ lục đánh số trang riêng, bắt đầu từ 1",
                          found="nối tiếp", expected="bắt đầu từ 1")
        # A header linked to the plan's shows the plan's PAGE field (R10 speaks for that one).
        if not s.header.is_linked_to_previous and not has_page_field(s.header._element):
            yield Finding("ND30-R46", "E", ap.paras[0].where, "phụ lục có số trang ở đầu trang", found="không có")


@rule("ND30-R47", "Dẫn chiếu phụ lục trong văn bản")
def r47(lay: Layout) -> Iterator[Finding]:
    body = " ".join(p.text for p in lay.body)
    for ap in lay.appendices:
        head = ap.paras[0].text
        if not re.search(rf"{re.escape(head)}(?![IVXLC])", body, flags=re.IGNORECASE):
            yield Finding("ND30-R47", "E", ap.paras[0].where, f"nội dung văn bản phải dẫn chiếu '{head}'",
                          found="không dẫn chiếu")


# --- consistency -----------------------------------------------------------------------------

@rule("ND30-R48", "Viết hoa (Phụ lục II)")
def r48(lay: Layout) -> Iterator[Finding]:
    for p in _body(lay):
        m = re.search(r"Ủy Ban Nhân Dân|Hội Đồng Nhân Dân", p.text)
        if m:
            yield Finding("ND30-R48", "W", p.where, "viết hoa sai quy tắc (chỉ hoa chữ đầu: 'Ủy ban nhân dân')",
                          found=m.group(0))


@rule("ND30-R49", "Ký hiệu văn bản")
def r49(lay: Layout) -> Iterator[Finding]:
    p = _so(lay)
    if p is None:
        return
    m = _SO.match(norm(para_text(p.el)).replace(": ", ": ", 1))
    if m and m.group("sym") != "KH-UBND":
        yield Finding("ND30-R49", "E", p.where, "ký hiệu Kế hoạch của Ủy ban nhân dân là KH-UBND",
                      found=m.group("sym"), expected="KH-UBND")


@rule("ND30-R50", "Trang trí không đúng quy cách")
def r50(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            if lay.resolver.run(r, para.el).underline:
                yield Finding("ND30-R50", "W", para.where, "không gạch chân chữ (đường kẻ phải là nét vẽ)",
                              found="gạch chân")
                break
