"""The ND30 rules of spec section 4 (ND30-R01 ...): each family of checks declared in the registry
(kehoach_gen/findings.py) beside the small function that runs it.

Each rule reads the Layout and yields Findings; none raises, none prints. Severity E breaks a rule that
Phụ lục I of the decree states; W is template, practice or a derived tolerance. A rule names the kinds
of document it fits (every administrative document, a titled one, a Kế hoạch, a UBND's ...): the
checker says first what the file is and runs only the rules that fit it. Position and alignment are
judged by what the reader sees (a one-line justified paragraph is flush left, a line centred with
spaces or a centre tab is centred), sizes by the ranges Phụ lục I states.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree

from .. import nd30, vn
from ..docxread.layout import Appendix, Layout, Para, border, has_page_field, norm, para_text, shape_lines, text_runs
from ..docxread.resolve import ParaProps, RunProps
from ..findings import Check, Family, Finding, Scope
from ..issuer import head_title
from ..metrics import text_width_mm
from ..nd30 import Range
from .kind import Kind, name_paras

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FONT = nd30.FONT
QH = nd30.QUOC_HIEU
TN = nd30.TIEU_NGU
SIZE = nd30.SIZE


Rule = Callable[[Layout], Iterable[Finding]]
Applies = Callable[[Kind], bool]
RULES: list[tuple[str, str, Rule]] = []
SCOPE: dict[str, Applies] = {}


def everything(kind: Kind) -> bool:
    return True


def administrative(kind: Kind) -> bool:
    """A document with a header (any kind recognised), not a bare appendix file."""
    return kind.type is not None and not kind.standalone_appendix


def titled(kind: Kind) -> bool:
    """A document with a type name in ô 5a (every kind but the công văn)."""
    return administrative(kind) and not kind.is_cong_van


def with_appendix(kind: Kind) -> bool:
    return kind.type is not None or kind.standalone_appendix


EVERYTHING = Scope("mọi tệp .docx, kể cả tệp chỉ có phụ lục", everything)
ADMINISTRATIVE = Scope("văn bản hành chính có phần đầu (mọi loại văn bản; không áp dụng cho tệp chỉ có phụ lục)",
                       administrative)
TITLED = Scope("văn bản có tên loại ở ô 5a (mọi loại trừ công văn)", titled)
WITH_APPENDIX = Scope("phụ lục, trong văn bản hành chính hoặc trong tệp chỉ có phụ lục", with_appendix)


def runs(family: Family) -> Callable[[Rule], Rule]:
    """The function that runs a family's checks on a layout; the family says which documents it fits."""
    def register(fn: Rule) -> Rule:
        RULES.append((family.code, family.title, fn))
        SCOPE[family.code] = family.scope
        return fn
    return register


@dataclass(frozen=True)
class Form:
    """The weight, slant and size Phụ lục I sets for one element: each a check of its own."""

    bold: Check | None
    italic: Check | None
    size: Check | None
    want_bold: bool | None
    want_italic: bool | None
    sizes: Range | None


_RESOLVED = ("theo định dạng Word thực áp dụng cho từng đoạn chữ (run): định dạng trực tiếp, kiểu (style) của "
             "đoạn và của chữ, mặc định của văn bản")


def form(family: Family, letters: str, name: str, where: str, *, bold: bool | None = None,
         italic: bool | None = None, size: Range | None = None, severity: str = "E", tolerance: str = "",
         values: dict[str, str] | None = None, label: str = "") -> Form:
    """Declare the form checks of one element ('Quốc hiệu', 'tên loại \'{type}\''), one letter each in the
    order bold, italic, size; label names the element in titles when name has fields to fill."""
    label = label or name
    sample = dict(values or {})
    letter = iter(letters)
    checks: list[Check | None] = []
    if bold is not None:
        weight = "đậm" if bold else "không đậm"
        checks.append(family.check(
            next(letter), severity, f"{name} {'phải in đậm' if bold else 'không in đậm'}", title=f"{label} {weight}",
            measured=f"chữ đậm ở {label}, {_RESOLVED}", tolerance=tolerance,
            example={"where": where, "found": "không đậm" if bold else "đậm", "expected": weight, **sample}))
    else:
        checks.append(None)
    if italic is not None:
        slant = "nghiêng" if italic else "đứng"
        checks.append(family.check(
            next(letter), severity, f"{name} {'phải in nghiêng' if italic else 'phải in đứng'}",
            title=f"{label} kiểu chữ {slant}", measured=f"chữ nghiêng ở {label}, {_RESOLVED}", tolerance=tolerance,
            example={"where": where, "found": "đứng" if italic else "nghiêng", "expected": slant, **sample}))
    else:
        checks.append(None)
    if size is not None:
        checks.append(family.check(
            next(letter), severity, f"{name}: cỡ chữ {size.words()}", title=f"{label} cỡ chữ {size.words()}",
            measured=f"cỡ chữ của mọi đoạn chữ ở {label}, {_RESOLVED}",
            tolerance=tolerance or ("Phụ lục I nêu một khoảng: mọi cỡ trong khoảng đều đúng (kể cả 12,5)"
                                    if size.low != size.high else ""),
            example={"where": where, "found": f"{size.low - 1:g} pt", "expected": size.words(), **sample}))
    else:
        checks.append(None)
    if next(letter, None) is not None:
        raise ValueError(f"{family.code}: more letters than form checks")
    return Form(checks[0], checks[1], checks[2], bold, italic, size)


_CENTRE_TOLERANCE = ("điểm giữa dòng chữ lệch khỏi điểm giữa ô (hoặc vùng chữ) không quá 5 mm hoặc 8 % bề rộng; "
                     "canh giữa bằng căn lề, bằng tab giữa hay bằng dấu cách đều được: người đọc thấy như nhau")


def centring(family: Family, letter: str, name: str, where: str, *, severity: str = "E", tolerance: str = "",
             values: dict[str, str] | None = None, label: str = "") -> Check:
    """Declare the check that an element is centred as the reader sees it."""
    return family.check(
        letter, severity, f"{name} phải canh giữa", title=f"{label or name} canh giữa",
        measured=f"vị trí điểm giữa dòng chữ {label or name} trong ô bảng hoặc vùng chữ của trang, tính từ căn lề, "
                 "thụt lề, dấu cách và tab gõ ở đầu dòng, bề rộng chữ theo phông Times New Roman",
        tolerance=tolerance or _CENTRE_TOLERANCE,
        example={"where": where, "found": "căn trái, lệch 30 mm về bên trái", "expected": "canh giữa", **(values or {})})


def kind_of(lay: Layout) -> Kind:
    assert lay.kind is not None
    return lay.kind


# --- helpers ---------------------------------------------------------------------------------

_ALIGN_VI = {"center": "căn giữa", "both": "căn đều hai bên", "left": "căn trái", "right": "căn phải",
             "distribute": "dàn đều", None: "căn trái"}


def _props(lay: Layout, para: Para) -> list[RunProps]:
    runs = text_runs(para.el) if para.runs is None else para.runs
    if not runs:
        return [lay.resolver.run(None, para.el)]
    return [lay.resolver.run(r, para.el) for r in runs]


def _pprops(lay: Layout, para: Para) -> ParaProps:
    return lay.resolver.para(para.el)


def _size(lay: Layout, para: Para) -> float | None:
    sizes = [p.size for p in _props(lay, para)]
    return max(set(sizes), key=sizes.count) if sizes else None


def _pt(size: float | None) -> str:
    return f"{size:g} pt" if size else "không rõ"


def check_form(f: Form, lay: Layout, para: Para, **values: Any) -> Iterator[Finding]:
    """The element's weight, slant and size against what its form checks ask."""
    props = _props(lay, para)
    if f.bold is not None and any(p.bold != f.want_bold for p in props):
        yield f.bold(para.where, found="không đậm" if f.want_bold else "đậm",
                     expected="đậm" if f.want_bold else "không đậm", **values)
    if f.italic is not None and any(p.italic != f.want_italic for p in props):
        yield f.italic(para.where, found="đứng" if f.want_italic else "nghiêng",
                       expected="nghiêng" if f.want_italic else "đứng", **values)
    if f.size is not None and f.sizes is not None:
        bad = sorted({p.size for p in props if p.size not in f.sizes}, key=lambda x: x or 0)
        if bad:
            yield f.size(para.where, found=", ".join(_pt(b) for b in bad), expected=f.sizes.words(), **values)


def _is_upper(lay: Layout, para: Para) -> bool:
    letters = [c for c in para.text if c.isalpha()]
    return para.text == para.text.upper() or (bool(letters) and all(p.caps for p in _props(lay, para)))


def _nonempty(paras: Iterable[Para]) -> list[Para]:
    return [p for p in paras if p.text]


def _find(paras: list[Para], pred: Callable[[Para], bool]) -> Para | None:
    return next((p for p in paras if pred(p)), None)


# --- where a line of text sits: judged as the reader sees it ----------------------------------

def _cell(el: etree._Element) -> etree._Element | None:
    return next(el.iterancestors(f"{W}tc"), None)


def _twips(el: etree._Element | None, attr: str = "w") -> int | None:
    if el is None or el.get(f"{W}{attr}") is None:
        return None
    try:
        return int(float(el.get(f"{W}{attr}")))
    except ValueError:
        return None


def _cell_margin_twips(tc: etree._Element, side: str) -> int:
    own = _twips(tc.find(f"{W}tcPr/{W}tcMar/{W}{side}"))
    if own is not None:
        return own
    tbl = next(tc.iterancestors(f"{W}tbl"))
    mar = tbl.find(f"{W}tblPr/{W}tblCellMar")
    if mar is not None:
        for name in (side, {"left": "start", "right": "end"}[side]):
            v = _twips(mar.find(f"{W}{name}"))
            if v is not None:
                return v
    return 108  # Word's default, 0.19 cm


def _qh_elsewhere(lay: Layout) -> bool:
    """The Quốc hiệu typed before the title outside a table: in a paragraph or a text box."""
    body = lay.document.element.body
    end = lay.title.el if lay.title is not None else None
    for p in body.iter(f"{W}p"):
        if p is end:
            break
        texts = ["".join(t.text or "" for t in p.iter(f"{W}t"))]
        texts += ["".join(t.text or "" for t in box.iter(f"{W}t")) for box in p.iter(f"{W}txbxContent")]
        if any(QH in norm(t).upper() for t in texts):
            return True
    return False


def _cell_width_twips(tc: etree._Element) -> int | None:
    tcw = tc.find(f"{W}tcPr/{W}tcW")
    own = _twips(tcw) if tcw is not None and tcw.get(qn("w:type")) in (None, "dxa") else None
    tr = tc.getparent()
    tbl = next(tc.iterancestors(f"{W}tbl"))
    cols = tbl.findall(f"{W}tblGrid/{W}gridCol")
    idx = 0
    for other in tr.findall(f"{W}tc"):
        if other is tc:
            break
        span = _twips(other.find(f"{W}tcPr/{W}gridSpan"), "val") or 1
        idx += span
    span = _twips(tc.find(f"{W}tcPr/{W}gridSpan"), "val") or 1
    widths = [_twips(c) or 0 for c in cols[idx:idx + span]]
    # Word widens a cell to its grid column when the table is set to a share of the page.
    return max(own or 0, sum(widths)) or None


def _box_mm(lay: Layout, el: etree._Element) -> float:
    """Width of the text area a paragraph lays out in: its cell's inside, or the page's text width."""
    tc = _cell(el)
    if tc is not None:
        width = _cell_width_twips(tc)
        if width:
            return (width - _cell_margin_twips(tc, "left") - _cell_margin_twips(tc, "right")) * 25.4 / 1440
    sec = lay.sections[0]
    return ((sec.page_width or 0) - (sec.left_margin or 0) - (sec.right_margin or 0)) / 36000 or 160.0


def _lead_mm(lay: Layout, para: Para, size: float) -> tuple[float, bool]:
    """How far the visible text starts after the paragraph's indent, from typed spaces and tabs; and
    whether a tab landed on a centre tab stop (the text is then centred on that stop)."""
    raw = para.raw.replace("\u00a0", " ")
    pos_mm, centred = 0.0, False
    props = lay.resolver.para(para.el)
    start_mm = (props.left_cm + props.first_line_cm - props.hanging_cm) * 10
    stops = lay.resolver.tabs(para.el)
    for ch in raw:
        if ch == " ":
            pos_mm += size * 0.25 * 25.4 / 72
        elif ch == "\t":
            here = (start_mm + pos_mm) * 1440 / 25.4
            nxt = next(((p, v) for p, v in stops if p > here + 1 and v not in ("clear", "bar")), None)
            if nxt is None:
                step = lay.resolver.default_tab
                target = (int(here // step) + 1) * step
                centred = False
            else:
                target, centred = nxt[0], nxt[1] == "center"
            pos_mm = target * 25.4 / 1440 - start_mm
        else:
            break
    return pos_mm, centred


def _offset_mm(lay: Layout, para: Para, text: str | None = None) -> float | None:
    """How far the middle of the visible line is from the middle of its box (mm, + to the right);
    None when the paragraph is right-aligned or cannot be placed."""
    props = lay.resolver.para(para.el)
    size = _size(lay, para) or 13
    bold = all(p.bold for p in _props(lay, para))
    words = para.text if text is None else text
    width = text_width_mm(words, size, bold)
    box = _box_mm(lay, para.el)
    left, right = props.left_cm * 10, props.right_cm * 10
    if props.align == "center":
        inner = box - left - right
        return left + inner / 2 - box / 2 if width <= inner + 0.5 else 0.0
    if props.align == "right":
        return None
    lead, centred = _lead_mm(lay, para, size)
    first = (props.first_line_cm - props.hanging_cm) * 10
    if centred:
        return left + first + lead - box / 2
    if width + lead + first >= box - left - right - 0.5:
        return 0.0  # the line fills its box: nothing to centre
    return left + first + lead + width / 2 - box / 2


def centred(lay: Layout, para: Para, text: str | None = None) -> bool:
    """Visibly centred in its box: by alignment, by a centre tab, or by typed spaces within a few mm."""
    off = _offset_mm(lay, para, text)
    return off is not None and abs(off) <= max(5.0, 0.08 * _box_mm(lay, para.el))


def off_centre(check: Check, lay: Layout, para: Para, **values: Any) -> Iterator[Finding]:
    if centred(lay, para):
        return
    off = _offset_mm(lay, para)
    align = _ALIGN_VI.get(lay.resolver.para(para.el).align, "")
    found = align if off is None else f"{align}, lệch {abs(off):.0f} mm về bên {'phải' if off > 0 else 'trái'}"
    yield check(para.where, found=found, expected="canh giữa", **values)


def flush_left_cm(lay: Layout, para: Para) -> float:
    """Where the line starts, from the left edge of the page's text area or of its table's first
    column text position: table indent + cell margin + paragraph indent + typed spaces (cm)."""
    props = lay.resolver.para(para.el)
    size = _size(lay, para) or 12
    lead, _ = _lead_mm(lay, para, size)
    pos = props.left_cm + props.first_line_cm - props.hanging_cm + lead / 10
    tc = _cell(para.el)
    if tc is not None:
        tbl = next(tc.iterancestors(f"{W}tbl"))
        ind = _twips(tbl.find(f"{W}tblPr/{W}tblInd")) or 0
        first_col = tc.getparent().find(f"{W}tc") is tc
        # Word lays the first cell's text at the table indent plus the cell margin.
        pos += ((ind if first_col else 0) + _cell_margin_twips(tc, "left") - 108) * 2.54 / 1440
    return pos


FLUSH_TOLERANCE_CM = 0.3  # a couple of characters: the eye sees such a line as flush with the margin


# --- lines (the short rules under the Tiêu ngữ, the issuer, the trích yếu) -----------------------

@dataclass(frozen=True)
class Mark:
    """A line drawn under a heading: its length and how it is drawn."""

    length_mm: float | None  # None when drawn in a form whose length is not measured
    how: str


def _marks(lay: Layout, el: etree._Element, own: bool) -> list[Mark]:
    """The horizontal lines an element draws: shapes anchored in it, its borders, or a row of '_'."""
    out = [Mark(length, "hình vẽ") for length in shape_lines(el)]
    props = lay.resolver.para(el)
    box = _box_mm(lay, el) - props.left_cm * 10 - props.right_cm * 10
    if own and border(el, "bottom"):
        out.append(Mark(box, "đường viền dưới đoạn"))
    text = norm(para_text(el))
    if not own and not text:
        if border(el, "top") or border(el, "bottom"):
            out.append(Mark(box, "đường viền của đoạn trống"))
    if re.fullmatch(r"_{3,}", text):
        size = lay.resolver.run(None, el).size or 14
        out.append(Mark(len(text) * 0.5 * size * 25.4 / 72, "dấu gạch dưới"))
    return out


def line_after(lay: Layout, column: list[Para], anchor: Para, stop: Callable[[Para], bool] | None = None) -> Mark | None:
    """The first line drawn at or below `anchor` in its column (a shape anchored in the anchor or in a
    later paragraph of the column, a bottom border on the anchor, a border on an empty paragraph after
    it); `stop` ends the search at a paragraph that belongs to another element."""
    if anchor not in column:
        column = [anchor]
    els: list[etree._Element] = []
    for p in column[column.index(anchor):]:
        if p.el not in els:
            els.append(p.el)
    for k, el in enumerate(els):
        marks = _marks(lay, el, own=(el is anchor.el))
        if k > 0 and not marks and border(el, "top"):
            props = lay.resolver.para(el)
            marks = [Mark(_box_mm(lay, el) - (props.left_cm + props.right_cm) * 10, "đường viền trên đoạn sau")]
        if marks:
            return marks[0]
        if k > 0 and stop is not None and any(stop(p) for p in column if p.el is el):
            # the next element's own shapes still count (a line is often anchored in the "Số" line)
            break
    # A shape anchored in an earlier line of the column and moved down by its offset (Word anchors a
    # drawing to whichever paragraph the cursor was in): the column's only line is this one.
    earlier = [length for p in column[:column.index(anchor)] for length in shape_lines(p.el)]
    return Mark(earlier[0], "hình vẽ") if earlier else None


def _sections(lay: Layout) -> list:
    return lay.sections


def _all_text_paras(lay: Layout) -> Iterator[Para]:
    yield from lay.paragraphs_everywhere()
    for _, para in lay.footnotes:
        yield para
    for i, section in enumerate(_sections(lay)):
        for part_name, hf in (("đầu trang", section.header), ("đầu trang đầu", section.first_page_header),
                              ("chân trang", section.footer)):
            if hf.is_linked_to_previous:
                continue
            for k, p in enumerate(hf._element.iter(qn("w:p"))):
                yield Para(p, f"{part_name}, phân đoạn {i + 1}, đoạn {k + 1}")


# --- page and section ------------------------------------------------------------------------

_PAGE_SETUP = "thiết lập trang, phân đoạn 1"
_A4 = sorted(nd30.PAPER_MM)
R01 = Family("ND30-R01", "Khổ giấy A4", "Phụ lục I, I.1: khổ A4 (210 mm x 297 mm)", EVERYTHING,
             measured="khổ giấy của từng phân đoạn (section) của văn bản, trang dọc hay trang ngang",
             tolerance="±0,5 mm: Word lưu khổ giấy bằng twip (1/1440 inch), 210 mm không đổi ra số twip tròn")
_R01 = R01.check("", "E", "khổ giấy phải là A4", title="khổ giấy A4",
                 example={"where": _PAGE_SETUP, "found": "215.9 × 279.4 mm", "expected": "210 × 297 mm"})


@runs(R01)
def r01(lay: Layout) -> Iterator[Finding]:
    for i, s in enumerate(_sections(lay)):
        w, h = (s.page_width or 0) / 36000, (s.page_height or 0) / 36000
        dims = sorted((w, h))
        if abs(dims[0] - _A4[0]) > 0.5 or abs(dims[1] - _A4[1]) > 0.5:
            yield _R01(f"thiết lập trang, phân đoạn {i + 1}", found=f"{w:.1f} × {h:.1f} mm",
                       expected=f"{_A4[0]:g} × {_A4[1]:g} mm")


def _section_has_table(lay: Layout, index: int) -> bool:
    """A table of content (not the header or signature table) in this section."""
    return any(lay.section_of.get(id(b)) == index and b is not lay.header and b is not lay.sig
               for b in lay.document.element.body.iter(f"{W}tbl"))


R02 = Family("ND30-R02", "Hướng trang",
             "Phụ lục I, I.2: trình bày theo chiều dài khổ A4; văn bản có bảng, biểu không làm thành phụ lục riêng "
             "thì có thể trình bày theo chiều rộng", EVERYTHING,
             measured="hướng trang của từng phân đoạn, và phân đoạn đó có bảng (ngoài bảng tiêu đề, bảng chữ ký) "
                      "hay là phụ lục không")
_R02_FIRST = R02.check("a", "E", "văn bản trình bày theo chiều dài khổ A4 (trang dọc)", title="trang đầu trang dọc",
                       example={"where": _PAGE_SETUP, "found": "trang ngang", "expected": "trang dọc"})
_R02_OTHER = R02.check(
    "b", "W", "trang ngang chỉ dùng cho bảng biểu hoặc phụ lục", title="trang ngang chỉ cho bảng, phụ lục",
    tolerance="một phân đoạn sau trang đầu có thể là bảng biểu mà máy không nhận ra, nên chỉ là cảnh báo",
    example={"where": "thiết lập trang, phân đoạn 2", "found": "trang ngang", "expected": "trang dọc"})


@runs(R02)
def r02(lay: Layout) -> Iterator[Finding]:
    appendix_sections = {ap.section for ap in lay.appendices}
    for i, s in enumerate(_sections(lay)):
        landscape = (s.page_width or 0) > (s.page_height or 0)
        if not landscape:
            continue
        where = f"thiết lập trang, phân đoạn {i + 1}"
        if i == 0 and not _section_has_table(lay, 0):
            yield _R02_FIRST(where, found="trang ngang", expected="trang dọc")
        elif i not in appendix_sections and not _section_has_table(lay, i):
            yield _R02_OTHER(where, found="trang ngang", expected="trang dọc")


_MARGINS = (("ND30-R03", "top", "trên"), ("ND30-R04", "bottom", "dưới"), ("ND30-R05", "left", "trái"),
            ("ND30-R06", "right", "phải"))
# A landscape page is the portrait page turned: its top (or bottom) is the binding edge.
_TURNED = ({"top": "left", "bottom": "right", "left": "top", "right": "bottom"},
           {"top": "right", "bottom": "left", "left": "bottom", "right": "top"})


def _mm(value: object) -> float:
    return (value or 0) / 36000  # type: ignore[operator]


def _margin_ok(side: str, mm: float) -> bool:
    r = nd30.MARGIN_MM[side]
    # mm -> twips rounding moves a margin by up to 0.02 mm either way.
    return r.low - 0.05 <= mm <= r.high + 0.05


def _margin_rule(family: Family, side: str, name: str) -> Rule:
    r = nd30.MARGIN_MM[side]
    portrait = family.check("a", "E", f"lề {name} {r.words('mm')}", title=f"lề {name} {r.words('mm')}",
                            example={"where": _PAGE_SETUP, "found": f"{r.low - 2:.1f} mm", "expected": r.words("mm")})
    landscape = family.check(
        "b", "W", f"trang ngang: lề {name} nên theo lề trang dọc xoay ngang (Phụ lục I không quy định lề trang ngang)",
        title=f"lề {name} của trang ngang",
        tolerance="Phụ lục I không nói về lề trang ngang: chấp nhận lề trang dọc xoay theo trang (lề 30-35 mm "
                  "thành lề trên hoặc dưới); khác thế thì chỉ là cảnh báo",
        example={"where": "thiết lập trang, phân đoạn 2", "found": f"{r.low - 2:.1f} mm",
                 "expected": f"{r.words('mm')} hoặc lề trang dọc xoay ngang"})

    def check(lay: Layout) -> Iterator[Finding]:
        for i, s in enumerate(_sections(lay)):
            values = {k: _mm(getattr(s, f"{k}_margin")) for k in ("top", "bottom", "left", "right")}
            mm = values[side]
            if _margin_ok(side, mm):
                continue
            where = f"thiết lập trang, phân đoạn {i + 1}"
            if (s.page_width or 0) > (s.page_height or 0):
                if any(all(_margin_ok(turn[k], values[k]) for k in values) for turn in _TURNED):
                    continue  # the portrait margins, turned with the page
                yield landscape(where, found=f"{mm:.1f} mm", expected=f"{r.words('mm')} hoặc lề trang dọc xoay ngang")
                continue
            yield portrait(where, found=f"{mm:.1f} mm", expected=r.words("mm"))
    return check


for _rid, _side, _name in _MARGINS:
    _family = Family(_rid, f"Lề {_name}", "Phụ lục I, I.3: cách mép trên và mép dưới 20 - 25 mm, cách mép trái "
                     "30 - 35 mm, cách mép phải 15 - 20 mm", EVERYTHING,
                     measured=f"lề {_name} của từng phân đoạn (section), đổi từ twip ra mm",
                     tolerance="thêm 0,05 mm mỗi phía: đổi mm ra twip làm tròn, 25 mm lưu thành 25,01 mm")
    runs(_family)(_margin_rule(_family, _side, _name))


def _font_family(name: str) -> str:
    """'Times New Roman Bold' is Times New Roman named with its style."""
    return re.sub(r"\s+(Bold|Italic|Bold Italic|Regular)$", "", name, flags=re.IGNORECASE)


R07 = Family("ND30-R07", "Phông chữ Times New Roman",
             "Phụ lục I, I.4: phông chữ tiếng Việt Times New Roman, bộ mã Unicode (TCVN 6909:2001), màu đen",
             EVERYTHING, measured="phông chữ (ascii, hAnsi và cs nếu có) của mọi đoạn chữ trong nội dung, bảng, đầu "
             "trang, chân trang và chú thích, theo định dạng Word thực áp dụng")
_R07_FONT = R07.check("a", "E", "phông chữ phải là Times New Roman", title="phông Times New Roman",
                      example={"where": "đoạn 12 (phần II, mục 1)", "found": "Arial", "expected": nd30.FONT})
_R07_STYLED = R07.check(
    "b", "W", "tên phông ghi kèm kiểu chữ; nên chọn đúng phông Times New Roman", title="tên phông kèm kiểu chữ",
    tolerance="'Times New Roman Bold' vẫn in ra Times New Roman trên máy có phông đó, nên chỉ là cảnh báo",
    example={"where": "bảng tiêu đề, ô (1,1), đoạn 1", "found": "Times New Roman Bold", "expected": nd30.FONT})


@runs(R07)
def r07(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            p = lay.resolver.run(r, para.el)
            fonts = {f for f in (p.ascii, p.h_ansi) if f} | ({p.cs} if p.cs else set())
            if fonts and fonts != {FONT} and {_font_family(f) for f in fonts} == {FONT}:  # styles stripped only when needed
                yield _R07_STYLED(para.where, found=", ".join(sorted(fonts)), expected=FONT)
                break
            if not fonts or fonts != {FONT}:
                found = ", ".join(sorted(fonts)) or "không đặt"
                yield _R07_FONT(para.where, found=found, expected=FONT)
                break


R08 = Family("ND30-R08", "Mã Unicode", R07.clause, EVERYTHING)
_R08_LEGACY = R08.check(
    "a", "E", "dùng phông chữ mã cũ (TCVN3/VNI), không phải Unicode", title="không dùng phông mã cũ",
    measured="tên phông của mọi đoạn chữ: phông '.Vn...' (TCVN3) hoặc 'VNI-...' là chữ mã cũ",
    example={"where": "đoạn 3", "found": ".VnTime", "expected": "Unicode, Times New Roman"})
_R08_NFC = R08.check(
    "b", "W", "chữ chưa ở dạng dựng sẵn (NFC)", title="chữ Unicode dựng sẵn",
    measured="chữ của từng đoạn có ở dạng Unicode dựng sẵn (NFC) không",
    tolerance="chữ tổ hợp (NFD) vẫn hiện đúng nhưng tìm kiếm, sắp xếp và ký số có thể sai, nên là cảnh báo",
    example={"where": "đoạn 3", "found": "NFD", "expected": "NFC"})


@runs(R08)
def r08(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        runs = text_runs(para.el)
        legacy = [lay.resolver.run(r, para.el).ascii for r in runs]
        bad = next((f for f in legacy if f and (f.startswith(".Vn") or f.upper().startswith("VNI"))), None)
        if bad:
            yield _R08_LEGACY(para.where, found=bad, expected="Unicode, Times New Roman")
            continue
        raw = para_text(para.el)
        if raw and not unicodedata.is_normalized("NFC", raw):
            yield _R08_NFC(para.where, found="NFD", expected="NFC")


_INVISIBLE_HIGHLIGHT = (None, "none", "white")


def _black(color: str | None) -> bool:
    """Black as printed: automatic, 000000, or a near-black Word offers as "Black, lighter 5%"."""
    value = (color or "auto").lower()
    if value == "auto":
        return True
    try:
        return len(value) == 6 and max(int(value[i:i + 2], 16) for i in (0, 2, 4)) <= 0x40
    except ValueError:
        return False


R09 = Family("ND30-R09", "Màu chữ đen", R07.clause, EVERYTHING,
             measured="màu chữ và màu nền (highlight) của mọi đoạn chữ, theo định dạng Word thực áp dụng",
             tolerance="màu tự động, 000000, màu gần đen Word gọi 'Black, lighter 5%' (mỗi kênh ≤ 40 hex) và nền "
                       "trắng hoặc không tô đều in ra như chữ đen")
_R09 = R09.check("", "E", "chữ phải màu đen, không tô nền", title="chữ màu đen",
                 example={"where": "đoạn 8 (phần I, mục 2)", "found": "màu FF0000", "expected": "màu đen"})


@runs(R09)
def r09(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            p = lay.resolver.run(r, para.el)
            color_ok = _black(p.color) and p.theme_color in (None, "text1")
            if not color_ok or p.highlight not in _INVISIBLE_HIGHLIGHT:
                found = f"nền {p.highlight}" if p.highlight not in _INVISIBLE_HIGHLIGHT else \
                    f"màu {p.theme_color or p.color}"
                yield _R09(para.where, found=found, expected="màu đen")
                break


def _page_paras(hdr: etree._Element) -> list[etree._Element]:
    """Paragraphs of a header part holding a PAGE field, at any depth (inside w:sdt, tables, frames)."""
    return [p for p in hdr.iter(qn("w:p")) if has_page_field(p)]


R10 = Family("ND30-R10", "Số trang từ trang 2",
             "Phụ lục I, I.7: số trang đánh từ số 1, chữ số Ả Rập, cỡ chữ 13 đến 14, kiểu chữ đứng, canh giữa "
             "theo chiều ngang trong phần lề trên, không hiển thị số trang thứ nhất", EVERYTHING,
             measured="trường PAGE ở đầu trang (header) của phân đoạn đầu, ở mọi độ sâu (trong w:sdt, bảng, khung)")
_HEADER_WHERE = "đầu trang, phân đoạn 1"
_R10_MISSING = R10.check("a", "E", "thiếu số trang (trường PAGE) ở lề trên, từ trang 2", title="có số trang",
                         example={"where": _HEADER_WHERE, "found": "không có",
                                  "expected": "trường PAGE canh giữa ở đầu trang"})
_R10_CENTRE = centring(R10, "b", "số trang", _HEADER_WHERE)
_R10_SIZE = R10.check(
    "c", "E", f"số trang cỡ chữ {SIZE['so_trang'].words()}", title=f"số trang cỡ chữ {SIZE['so_trang'].words()}",
    measured=f"cỡ chữ của số trang (kết quả của trường PAGE), {_RESOLVED}",
    example={"where": _HEADER_WHERE, "found": "12 pt", "expected": SIZE["so_trang"].words()})
_R10_UPRIGHT = R10.check("d", "E", "số trang kiểu chữ đứng", title="số trang chữ đứng",
                         measured=f"chữ nghiêng ở số trang, {_RESOLVED}",
                         example={"where": _HEADER_WHERE, "found": "nghiêng", "expected": "đứng"})
_R10_BOLD = R10.check("e", "W", "số trang nên in thường (Phụ lục I: kiểu chữ đứng)", title="số trang không đậm",
                      measured=f"chữ đậm ở số trang, {_RESOLVED}",
                      tolerance="Phụ lục I chỉ nói kiểu chữ đứng, không nói đậm hay không, nên chỉ là cảnh báo",
                      example={"where": _HEADER_WHERE, "found": "đậm", "expected": "không đậm"})
_R10_FOOTER = R10.check("f", "E", "số trang đặt ở lề trên, không ở chân trang", title="số trang không ở chân trang",
                        measured="trường PAGE ở chân trang (footer) của mọi phân đoạn",
                        example={"where": "chân trang, phân đoạn 1", "found": "chân trang", "expected": "đầu trang"})


@runs(R10)
def r10(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    if not sections:
        return
    s = sections[0]
    where = _HEADER_WHERE
    field_paras = _page_paras(s.header._element)
    if not field_paras:
        yield _R10_MISSING(where, found="không có", expected="trường PAGE canh giữa ở đầu trang")
    else:
        p = Para(field_paras[0], where)
        # The number a reader sees is the field's result run; fall back to the instruction's run.
        shown = [r for r in p.el.iter(qn("w:r")) if r.find(qn("w:t")) is not None and (r.findtext(qn("w:t")) or "").strip()]
        shown = shown or [r for r in p.el.iter(qn("w:r")) if r.find(qn("w:instrText")) is not None]
        run = lay.resolver.run(shown[0] if shown else None, p.el)
        number = Para(p.el, where, text="99", runs=tuple(shown[:1]), raw=_before_field(p.el))
        if not centred(lay, number, "99"):
            yield from off_centre(_R10_CENTRE, lay, number)
        size = SIZE["so_trang"]
        if run.size not in size:
            yield _R10_SIZE(where, found=_pt(run.size), expected=size.words())
        if run.italic:
            yield _R10_UPRIGHT(where, found="nghiêng", expected="đứng")
        if run.bold:
            yield _R10_BOLD(where, found="đậm", expected="không đậm")
    for i, sec in enumerate(sections):
        for footer in (sec.footer, sec.first_page_footer):
            if not footer.is_linked_to_previous and has_page_field(footer._element):
                yield _R10_FOOTER(f"chân trang, phân đoạn {i + 1}", found="chân trang", expected="đầu trang")
                break


def _before_field(p: etree._Element) -> str:
    """The spaces and tabs typed before the PAGE field: where the number starts."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:fldChar"), qn("w:fldSimple")):
        if el.tag == qn("w:tab"):
            if el.getparent().tag == qn("w:r"):
                out.append("\t")
        elif el.tag == qn("w:t"):
            if (el.text or "").strip():
                break
            out.append(el.text or "")
        else:
            break
    return "".join(out) or " "


R11 = Family("ND30-R11", "Không đánh số trang 1", R10.clause, EVERYTHING)
_R11_SAME = R11.check(
    "a", "E", "không hiển thị số trang thứ nhất (bật 'trang đầu khác')", title="trang đầu khác (không số trang)",
    measured="phân đoạn đầu không bật 'trang đầu khác' (different first page) mà đầu trang có trường PAGE",
    example={"where": "trang đầu", "found": "trang 1 có số trang", "expected": "trang 1 không có số trang"})
_R11_FIRST = R11.check(
    "b", "E", "không hiển thị số trang thứ nhất", title="trang 1 không có số trang",
    measured="đầu trang riêng của trang đầu có trường PAGE",
    example={"where": "trang đầu", "found": "trang 1 có số trang", "expected": "trang 1 không có số trang"})


@runs(R11)
def r11(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    if not sections:
        return
    s = sections[0]
    where = "trang đầu"
    if not s.different_first_page_header_footer:
        if has_page_field(s.header._element):
            yield _R11_SAME(where, found="trang 1 có số trang", expected="trang 1 không có số trang")
        return
    first = s.first_page_header
    if not first.is_linked_to_previous and has_page_field(first._element):
        yield _R11_FIRST(where, found="trang 1 có số trang", expected="trang 1 không có số trang")


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


_TABLE_PRACTICE = ("Phụ lục I không bắt buộc dùng bảng: bảng không viền là cách các mẫu của Phụ lục III đặt các ô "
                   "cạnh nhau, nên chỉ là cảnh báo")
R12 = Family("ND30-R12", "Bảng tiêu đề",
             "Phụ lục I, IV (sơ đồ: ô 2 bên trái, ô 1 bên phải cùng hàng); Phụ lục III, Mẫu 1.4 (bảng không viền)",
             ADMINISTRATIVE, measured="bảng đầu tiên của văn bản, trước tên loại: số cột, đường viền (của bảng, "
             "của kiểu bảng và của từng ô)", tolerance=_TABLE_PRACTICE)
_R12_NONE = R12.check("a", "W", "phần đầu nên trình bày bằng bảng không viền", title="phần đầu là bảng",
                      example={"where": "đầu văn bản", "found": "không có bảng", "expected": "bảng 2 cột không viền"})
_R12_COLUMNS = R12.check("b", "W", "bảng tiêu đề nên có cột trái (cơ quan) và cột phải (Quốc hiệu)",
                         title="bảng tiêu đề hai cột",
                         example={"where": "bảng tiêu đề", "found": "1 cột", "expected": "2 cột"})
_R12_BORDERS = R12.check("c", "W", "bảng tiêu đề không có đường viền", title="bảng tiêu đề không viền",
                         example={"where": "bảng tiêu đề", "found": "có viền", "expected": "không viền"})


@runs(R12)
def r12(lay: Layout) -> Iterator[Finding]:
    if lay.header is None:
        yield _R12_NONE("đầu văn bản", found="không có bảng", expected="bảng 2 cột không viền")
        return
    if not lay.header_right or _qh(lay) is None:
        cols = max((len(r) for r in lay.header_cells), default=0)
        yield _R12_COLUMNS("bảng tiêu đề", found=f"{cols} cột", expected="2 cột")
    if _visible_borders(lay.header, lay):
        yield _R12_BORDERS("bảng tiêu đề", found="có viền", expected="không viền")


def _qh(lay: Layout) -> Para | None:
    return _find(lay.header_right, lambda p: p.text.upper() == QH)


def _tn(lay: Layout) -> Para | None:
    qh = _qh(lay)
    if qh is None:
        return None
    after = _nonempty(lay.header_right[lay.header_right.index(qh) + 1:])
    return after[0] if after else None


_SO = re.compile(r"^Số\s*:?\s*(?P<n>[^/]*?)\s*/\s*(?P<sym>\S+)$")
_DATE = re.compile(r"^(?P<place>.+?),? ngày (?P<d>\S+) tháng (?P<m>\S+) năm (?P<y>\S+)$")
_DRAFT_DATE = re.compile(r"^(?P<place>.+?),? ngày\s*(\.*|…*)\s*tháng(?P<m>\s*\S+)?\s*năm(?P<y>\s*\d{4})?$")


def _so(lay: Layout) -> Para | None:
    return _find(lay.header_left, lambda p: p.text.startswith("Số"))


def _date(lay: Layout) -> Para | None:
    return _find(lay.header_right, lambda p: ", ngày" in p.text or (" ngày " in p.text and " năm" in p.text))


_body_names = name_paras


_UPPER = ("chữ in hoa: mọi chữ cái đã viết hoa, hoặc cả dòng đặt định dạng chữ hoa (All caps) của Word; bảng mã "
          "tiếng Việt xen kẽ chữ hoa và chữ thường nên không so theo khoảng mã")
R13 = Family("ND30-R13", "Quốc hiệu",
             "Phụ lục I, II.1.a: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' chữ in hoa, cỡ chữ 12 đến 13, kiểu chữ đứng, "
             "đậm, ở phía trên cùng, bên phải trang đầu (ô 1)", ADMINISTRATIVE,
             measured="đoạn ở cột phải bảng tiêu đề có chữ là Quốc hiệu (so sau khi chuẩn hoá 'HOÀ'/'HÒA')")
_R13_MISSING = R13.check("a", "E", "thiếu Quốc hiệu ở phía trên, bên phải trang đầu", title="có Quốc hiệu",
                         example={"where": "bảng tiêu đề", "found": "không thấy", "expected": QH})
_R13_OUTSIDE = R13.check(
    "b", "W", "Quốc hiệu đặt ngoài bảng (khung chữ hoặc đoạn văn): không kiểm tra được vị trí các thành phần ở phần "
    "đầu", title="Quốc hiệu trong bảng tiêu đề", measured="Quốc hiệu gõ trước tên loại trong đoạn văn hoặc khung chữ",
    tolerance="đặt bằng khung chữ vẫn có thể đúng vị trí khi in, nhưng máy không đo được, nên chỉ là cảnh báo",
    example={"where": "đầu văn bản", "found": "không có bảng tiêu đề", "expected": "bảng 2 cột không viền"})
_R13_UPPER = R13.check("c", "E", "Quốc hiệu viết chữ in hoa", title="Quốc hiệu chữ in hoa", measured=_UPPER,
                       example={"where": "bảng tiêu đề, ô (1,2), đoạn 1", "found": "Cộng hòa xã hội chủ nghĩa Việt Nam",
                                "expected": QH})
_R13_FORM = form(R13, "def", "Quốc hiệu", "bảng tiêu đề, ô (1,2), đoạn 1", bold=True, italic=False,
                 size=SIZE["quoc_hieu"])
_R13_ONE_LINE = R13.check(
    "g", "E", "Quốc hiệu phải nằm trên một dòng (cột phải quá hẹp)", title="Quốc hiệu trên một dòng",
    measured="bề rộng dòng Quốc hiệu tính theo số đo chữ Times New Roman đậm ở cỡ chữ của nó, so với bề rộng bên "
             "trong ô (trừ lề ô và thụt lề)",
    tolerance="2 mm: bề rộng chữ là ước tính từ số đo phông; trang in thật thì ND30-G06 đo",
    example={"where": "bảng tiêu đề, ô (1,2), đoạn 1", "found": "cột rộng 80 mm", "expected": "≥ 96 mm"})


@runs(R13)
def r13(lay: Layout) -> Iterator[Finding]:
    p = _qh(lay)
    if p is None:
        if lay.header is None and _qh_elsewhere(lay):
            yield _R13_OUTSIDE("đầu văn bản", found="không có bảng tiêu đề", expected="bảng 2 cột không viền")
            return
        yield _R13_MISSING("bảng tiêu đề", found="không thấy", expected=QH)
        return
    if p.text != QH and not _is_upper(lay, p):
        yield _R13_UPPER(p.where, found=p.text, expected=QH)
    yield from check_form(_R13_FORM, lay, p)
    size = _size(lay, p) or 13
    pp = _pprops(lay, p)
    box = _box_mm(lay, p.el) - (pp.left_cm + pp.right_cm) * 10
    need = text_width_mm(QH, size, True)
    if _cell(p.el) is not None and need > box + 2:  # the width is an estimate from font metrics
        yield _R13_ONE_LINE(p.where, found=f"cột rộng {box:.0f} mm", expected=f"≥ {need:.0f} mm")


_TN_WHERE = "bảng tiêu đề, ô (1,2), đoạn 2"
R14 = Family("ND30-R14", "Tiêu ngữ",
             "Phụ lục I, II.1.b, c: 'Độc lập - Tự do - Hạnh phúc' chữ in thường, cỡ chữ 13 đến 14, kiểu chữ đứng, "
             "đậm, canh giữa dưới Quốc hiệu, gạch nối (-) có cách chữ; Quốc hiệu và Tiêu ngữ cách nhau dòng đơn",
             ADMINISTRATIVE, measured="đoạn có chữ đầu tiên ngay dưới Quốc hiệu trong cùng cột")
_R14_TEXT = R14.check(
    "a", "E", "Tiêu ngữ ngay dưới Quốc hiệu, các cụm từ nối bằng gạch nối (-) có cách chữ", title="chữ của Tiêu ngữ",
    measured="chữ của dòng ngay dưới Quốc hiệu, so đúng từng ký tự với 'Độc lập - Tự do - Hạnh phúc'",
    example={"where": _TN_WHERE, "found": "Độc lập – Tự do – Hạnh phúc", "expected": TN})
_R14_FORM = form(R14, "bcd", "Tiêu ngữ", _TN_WHERE, bold=True, italic=False, size=SIZE["tieu_ngu"])
_R14_UNDER = R14.check(
    "e", "E", "Tiêu ngữ canh giữa dưới Quốc hiệu", title="Tiêu ngữ canh giữa dưới Quốc hiệu",
    measured="điểm giữa dòng Tiêu ngữ so với điểm giữa dòng Quốc hiệu, tính như khi canh giữa",
    tolerance="5 mm: canh bằng dấu cách hay tab cũng được, người đọc thấy như nhau",
    example={"where": _TN_WHERE, "found": "lệch 12 mm so với Quốc hiệu", "expected": "cùng điểm giữa với Quốc hiệu"})
_R14_SPACING = R14.check(
    "f", "W", "Quốc hiệu và Tiêu ngữ cách nhau dòng đơn", title="Quốc hiệu và Tiêu ngữ dòng đơn",
    measured="giãn dòng (line spacing) của đoạn Tiêu ngữ",
    tolerance="đến 1,15 dòng (mặc định của Word) coi là dòng đơn; Phụ lục I nói 'dòng đơn' về giãn dòng, một chút "
              "khác biệt chỉ là cảnh báo",
    example={"where": _TN_WHERE, "found": "giãn dòng 1.5", "expected": "dòng đơn"})
_R14_GAP = R14.check(
    "g", "W", "Quốc hiệu và Tiêu ngữ nên liền nhau (dòng đơn)", title="Quốc hiệu và Tiêu ngữ liền nhau",
    measured="khoảng cách sau đoạn Quốc hiệu cộng khoảng cách trước đoạn Tiêu ngữ",
    tolerance="đến 3 pt; 'cách nhau dòng đơn' nói về giãn dòng, không về khoảng cách đoạn, nên chỉ là cảnh báo",
    example={"where": _TN_WHERE, "found": "cách 6 pt", "expected": "0 pt"})


@runs(R14)
def r14(lay: Layout) -> Iterator[Finding]:
    qh, tn = _qh(lay), _tn(lay)
    if qh is None:
        return
    if tn is None or tn.text != TN:
        yield _R14_TEXT(tn.where if tn else qh.where, found=tn.text if tn else "không có", expected=TN)
        if tn is None:
            return
    yield from check_form(_R14_FORM, lay, tn)
    # "Canh giữa dưới Quốc hiệu": the two middles line up.
    a, b = _offset_mm(lay, qh), _offset_mm(lay, tn)
    if a is not None and b is not None and abs(a - b) > 5:
        yield _R14_UNDER(tn.where, found=f"lệch {abs(a - b):.0f} mm so với Quốc hiệu",
                         expected="cùng điểm giữa với Quốc hiệu")
    pa, pb = lay.resolver.para(qh.el), lay.resolver.para(tn.el)
    if qh.el is not tn.el and pb.line_rule == "auto" and (pb.line or 240) > 276:
        yield _R14_SPACING(tn.where, found=f"giãn dòng {(pb.line or 240) / 240:g}", expected="dòng đơn")
    elif qh.el is not tn.el and pa.after_pt + pb.before_pt > 3:
        yield _R14_GAP(tn.where, found=f"cách {pa.after_pt + pb.before_pt:g} pt", expected="0 pt")


_PAIRING = "cỡ chữ trong một văn bản tăng, giảm thống nhất, ví dụ Quốc hiệu 13, Tiêu ngữ 14, ngày tháng 14"
R15 = Family("ND30-R15", "Cỡ chữ Quốc hiệu - Tiêu ngữ - ngày tháng",
             "Phụ lục I, V, chú thích của bảng: cỡ chữ trong cùng một văn bản tăng, giảm phải thống nhất, ví dụ "
             "Quốc hiệu cỡ 13, Tiêu ngữ cỡ 14, địa danh và ngày tháng cỡ 14", ADMINISTRATIVE,
             tolerance="chú thích chỉ nêu ví dụ, nên chỉ là cảnh báo; không bao giờ gợi ý một cỡ ngoài khoảng Phụ lục "
                       "I cho phép")
_R15_MOTTO = R15.check("a", "W", _PAIRING, title="Tiêu ngữ lớn hơn Quốc hiệu 1 cỡ",
                       measured="cỡ chữ chính của Tiêu ngữ so với cỡ chữ chính của Quốc hiệu",
                       example={"where": _TN_WHERE, "found": "Quốc hiệu 13, Tiêu ngữ 13",
                                "expected": "Quốc hiệu 13, Tiêu ngữ 14"})
_R15_DATE = R15.check("b", "W", _PAIRING, title="ngày tháng cùng cỡ Tiêu ngữ",
                      measured="cỡ chữ chính của dòng địa danh, ngày tháng so với của Tiêu ngữ (khi cỡ ngày tháng "
                               "trong khoảng 13 đến 14)",
                      example={"where": "bảng tiêu đề, ô (2,2), đoạn 1", "found": "Tiêu ngữ 14, ngày tháng 13",
                               "expected": "ngày tháng 14"})


@runs(R15)
def r15(lay: Layout) -> Iterator[Finding]:
    qh, tn, date = _qh(lay), _tn(lay), _date(lay)
    if qh is None or tn is None:
        return
    s_qh, s_tn = _size(lay, qh), _size(lay, tn)
    if s_qh and s_tn and s_tn != s_qh + 1:
        # never suggest a size outside the ranges: pair from whichever of the two is inside its own
        pair = (s_qh, s_qh + 1) if s_qh + 1 in SIZE["tieu_ngu"] and s_qh in SIZE["quoc_hieu"] else \
            (s_tn - 1, s_tn) if s_tn - 1 in SIZE["quoc_hieu"] and s_tn in SIZE["tieu_ngu"] else (13.0, 14.0)
        yield _R15_MOTTO(tn.where, found=f"Quốc hiệu {s_qh:g}, Tiêu ngữ {s_tn:g}",
                         expected=f"Quốc hiệu {pair[0]:g}, Tiêu ngữ {pair[1]:g}")
    s_date = _size(lay, date) if date is not None else None
    if date is not None and s_tn and s_date and s_date != s_tn and s_date in SIZE["dia_danh_ngay"]:
        yield _R15_DATE(date.where, found=f"Tiêu ngữ {s_tn:g}, ngày tháng {s_date:g}", expected=f"ngày tháng {s_tn:g}")


def _line_length_words(mark: Mark) -> str:
    return f"{mark.length_mm:.1f} mm ({mark.how})" if mark.length_mm is not None else mark.how


_LINE_FORMS = ("đường kẻ tìm ở đoạn đó và các đoạn sau trong cùng cột: hình vẽ (DrawingML, VML), đường viền dưới "
               "đoạn, đường viền của đoạn trống kế tiếp, hoặc một dòng chỉ có dấu '_'")
R16 = Family("ND30-R16", "Đường kẻ dưới Tiêu ngữ",
             "Phụ lục I, II.1.b: phía dưới Tiêu ngữ có đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng chữ",
             ADMINISTRATIVE, measured=_LINE_FORMS)
_R16_MISSING = R16.check("a", "E", "thiếu đường kẻ ngang, nét liền dưới Tiêu ngữ", title="có đường kẻ dưới Tiêu ngữ",
                         example={"where": _TN_WHERE, "found": "không có",
                                  "expected": "đường kẻ dài bằng dòng Tiêu ngữ (≈60 mm)"})
_R16_LENGTH = R16.check(
    "b", "E", "đường kẻ dưới Tiêu ngữ dài bằng dòng chữ Tiêu ngữ", title="đường kẻ dài bằng Tiêu ngữ",
    measured="độ dài đường kẻ (hình vẽ: bề rộng; đường viền: bề rộng đoạn trừ thụt lề; dấu '_': số dấu × nửa cỡ "
             "chữ) so với bề rộng dòng Tiêu ngữ tính theo số đo chữ Times New Roman đậm",
    tolerance="±15 %: bề rộng chữ là ước tính từ số đo phông, và người đọc không phân biệt được hơn thế",
    example={"where": _TN_WHERE, "found": "40.0 mm (hình vẽ)", "expected": "≈60 mm (51-69 mm)"})


@runs(R16)
def r16(lay: Layout) -> Iterator[Finding]:
    tn = _tn(lay)
    if tn is None:
        return
    mark = line_after(lay, lay.header_right, tn, stop=lambda p: p.text != tn.text and bool(p.text))
    want = text_width_mm(TN, _size(lay, tn) or 14, True)
    if mark is None:
        yield _R16_MISSING(tn.where, found="không có", expected=f"đường kẻ dài bằng dòng Tiêu ngữ (≈{want:.0f} mm)")
        return
    if mark.length_mm is not None and abs(mark.length_mm - want) > 0.15 * want:
        yield _R16_LENGTH(tn.where, found=_line_length_words(mark),
                          expected=f"≈{want:.0f} mm ({0.85 * want:.0f}-{1.15 * want:.0f} mm)")


_BODY_LINE = re.compile(r"^(TỈNH|THÀNH PHỐ) \S")


_NAME_WHERE = "bảng tiêu đề, ô (1,1), đoạn 1"
_IS_UBND = Scope("văn bản của Ủy ban nhân dân (không có dòng cơ quan chủ quản)", lambda kind: kind.is_ubnd)
R17 = Family("ND30-R17", "Tên cơ quan ban hành",
             "Phụ lục I, II.2.b: tên cơ quan ban hành chữ in hoa, cỡ chữ 12 đến 13, kiểu chữ đứng, đậm, canh giữa "
             "dưới tên cơ quan chủ quản trực tiếp; tên cơ quan chủ quản chữ in hoa, cỡ chữ 12 đến 13, kiểu chữ đứng "
             "(ô 2)", ADMINISTRATIVE,
             measured="các dòng ở cột trái bảng tiêu đề, trên đường kẻ và dòng 'Số'; dòng cơ quan chủ quản là dòng "
                      "đầu khi phần đầu nêu cơ quan cấp trên ('UBND TỈNH LÀO CAI' trên 'SỞ CÔNG THƯƠNG')")
_R17_MISSING = R17.check("a", "E", "thiếu tên cơ quan ban hành", title="có tên cơ quan ban hành",
                         example={"where": "bảng tiêu đề, cột trái", "found": "không có",
                                  "expected": f"{nd30.UBND_NAME} / TỈNH ..."})
_R17_UPPER = R17.check("b", "E", "tên cơ quan viết chữ in hoa", title="tên cơ quan chữ in hoa", measured=_UPPER,
                       example={"where": _NAME_WHERE, "found": "Ủy ban nhân dân", "expected": "ỦY BAN NHÂN DÂN"})
_R17_PARENT = form(R17, "cd", "tên cơ quan chủ quản", _NAME_WHERE, italic=False, size=SIZE["co_quan_chu_quan"])
_R17_PARENT_BOLD = R17.check(
    "e", "W", "tên cơ quan chủ quản trực tiếp in đứng, không đậm", title="tên cơ quan chủ quản không đậm",
    measured=f"chữ đậm ở cả dòng tên cơ quan chủ quản, {_RESOLVED}",
    tolerance="Phụ lục I nêu 'kiểu chữ đứng' mà không nói 'đậm' cho dòng này; nhiều văn bản in đậm, nên là cảnh báo",
    example={"where": _NAME_WHERE, "found": "đậm", "expected": "không đậm"})
_R17_ISSUER = form(R17, "fgh", "tên cơ quan ban hành", "bảng tiêu đề, ô (1,1), đoạn 2", bold=True, italic=False,
                   size=SIZE["co_quan"])
_R17_UBND = R17.check(
    "i", "E", "tên Ủy ban nhân dân ghi đầy đủ: 'ỦY BAN NHÂN DÂN' rồi 'TỈNH <TÊN>' hoặc 'THÀNH PHỐ <TÊN>'",
    title="tên Ủy ban nhân dân đầy đủ", scope=_IS_UBND, clause="Phụ lục I, II.2.a: tên chính thức, đầy đủ",
    measured="các dòng tên cơ quan ghép lại, so với 'ỦY BAN NHÂN DÂN' rồi cấp (TỈNH, THÀNH PHỐ, XÃ, PHƯỜNG ...) "
             "và tên",
    example={"where": _NAME_WHERE, "found": "UBND TỈNH LAI CHÂU", "expected": "ỦY BAN NHÂN DÂN / TỈNH ..."})


@runs(R17)
def r17(lay: Layout) -> Iterator[Finding]:
    names = _body_names(lay)
    kind = kind_of(lay)
    if not names:
        if lay.header is not None:  # only the symbol may say whose it is ("KH-SCT": not a committee's)
            committee = kind.issuer_abbreviation in ("", nd30.UBND_ABBREVIATION)
            yield _R17_MISSING("bảng tiêu đề, cột trái", found="không có",
                               expected=f"{nd30.UBND_NAME} / TỈNH ..." if committee else
                               "<TÊN CƠ QUAN CHỦ QUẢN> / <TÊN CƠ QUAN BAN HÀNH>")
        return
    parents = names[:kind.parent_count] if kind.parent and len(names) > kind.parent_count else []
    for p in names:
        if not _is_upper(lay, p):
            yield _R17_UPPER(p.where, found=p.text, expected=p.text.upper())
        if any(p is q for q in parents):
            yield from check_form(_R17_PARENT, lay, p)
            if all(x.bold for x in _props(lay, p)):
                yield _R17_PARENT_BOLD(p.where, found="đậm", expected="không đậm")
        else:
            yield from check_form(_R17_ISSUER, lay, p)
    if _R17_UBND.applies(kind) and not kind.parent:
        texts = [p.text.upper() for p in names]
        one = " ".join(texts)
        if not re.fullmatch(rf"(CHỦ TỊCH )?{nd30.UBND_NAME} ({'|'.join(nd30.UNIT_LEVELS)}) .+", one):
            yield _R17_UBND(names[0].where, found=" / ".join(texts), expected="ỦY BAN NHÂN DÂN / TỈNH ...")


_SHORT_LENGTH = ("độ dài đường kẻ so với 1/3 đến 1/2 dòng chữ dài nhất ở trên (bề rộng tính theo số đo chữ Times New "
                 "Roman đậm, không quá bề rộng ô)")
_SHORT_TOLERANCE = "thêm 10 % mỗi phía: bề rộng chữ là ước tính từ số đo phông"
R18 = Family("ND30-R18", "Đường kẻ dưới tên cơ quan",
             "Phụ lục I, II.2.b: phía dưới tên cơ quan ban hành có đường kẻ ngang, nét liền, độ dài bằng từ 1/3 đến "
             "1/2 độ dài của dòng chữ, đặt cân đối", ADMINISTRATIVE, measured=_LINE_FORMS)
_R18_MISSING = R18.check("a", "E", "thiếu đường kẻ ngang, nét liền dưới tên cơ quan ban hành",
                         title="có đường kẻ dưới tên cơ quan",
                         example={"where": "bảng tiêu đề, ô (1,1), đoạn 2", "found": "không có",
                                  "expected": "đường kẻ dài 15-22 mm (1/3 đến 1/2 dòng chữ)"})
_R18_LENGTH = R18.check("b", "E", "đường kẻ dưới tên cơ quan dài từ 1/3 đến 1/2 dòng chữ",
                        title="đường kẻ dưới tên cơ quan dài 1/3 đến 1/2 dòng chữ", measured=_SHORT_LENGTH,
                        tolerance=_SHORT_TOLERANCE,
                        example={"where": "bảng tiêu đề, ô (1,1), đoạn 2", "found": "40.0 mm (hình vẽ)",
                                 "expected": "15-22 mm"})


@runs(R18)
def r18(lay: Layout) -> Iterator[Finding]:
    names = _body_names(lay)
    if not names:
        return
    kind = kind_of(lay)
    issuer = names[kind.parent_count:] if kind.parent and len(names) > kind.parent_count else names
    last = names[-1]
    mark = line_after(lay, lay.header_left, last, stop=lambda p: p.text.startswith(("Số", "V/v")))
    widest = min(max(text_width_mm(p.text, _size(lay, p) or 13, True) for p in issuer), _box_mm(lay, last.el))
    lo, hi = widest * nd30.SHORT_LINE_RATIO.low, widest * nd30.SHORT_LINE_RATIO.high
    if mark is None:
        yield _R18_MISSING(last.where, found="không có", expected=f"đường kẻ dài {lo:.0f}-{hi:.0f} mm (1/3 đến 1/2 dòng chữ)")
        return
    if mark.length_mm is not None and not (lo * 0.9 <= mark.length_mm <= hi * 1.1):
        yield _R18_LENGTH(last.where, found=_line_length_words(mark), expected=f"{lo:.0f}-{hi:.0f} mm")


# What a suggestion names when the document does not say who issues it (a Sở's symbol is its own).
_SOME_ISSUER = "<cơ quan ban hành>"
_SOME_ISSUER_ABBREVIATION = "<chữ viết tắt tên cơ quan>"


def _own_symbol(kind: Kind) -> str:
    """The symbol this document's kind and issuer give ('KH-SCT' for a Sở Công Thương's plan), as a
    suggestion writes it; a People's Committee's is 'KH-UBND'."""
    abbr = kind.type.abbreviation if kind.type is not None else ""
    issuer = kind.issuer_abbreviation or _SOME_ISSUER_ABBREVIATION
    return f"{abbr}-{issuer}" if abbr else f"{issuer}-VP"


def _symbol_example(kind: Kind) -> str:
    return f"Số: 05/{_own_symbol(kind)}"


_SO_FORM = re.compile(r"Số: (0[1-9]|\d{2,})/[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+")


_SO_WHERE = "bảng tiêu đề, ô (2,1), đoạn 1"
_DRAFT = ("bản dự thảo: số và ngày do văn thư ghi khi ban hành (Điều 15), nên chỉ là cảnh báo; bản ký số điện tử "
          "để trống cho hệ thống cấp")
R19 = Family("ND30-R19", "Số, ký hiệu",
             "Phụ lục I, II.3: 'Số' chữ in thường, cỡ chữ 13, kiểu chữ đứng, sau có dấu hai chấm; số nhỏ hơn 10 "
             "ghi thêm số 0; ký hiệu chữ in hoa, giữa số và ký hiệu có dấu '/', giữa các nhóm chữ viết tắt có dấu "
             "'-', không cách chữ; canh giữa dưới tên cơ quan ban hành (ô 3)", ADMINISTRATIVE,
             measured="dòng bắt đầu bằng 'Số' ở cột trái bảng tiêu đề")
_R19_MISSING = R19.check("a", "E", "thiếu dòng số, ký hiệu văn bản", title="có dòng số, ký hiệu",
                         example={"where": "bảng tiêu đề, cột trái", "found": "không có", "expected": "Số: 05/KH-UBND"})
_R19_DRAFT = R19.check("b", "W", "dự thảo: chưa có số văn bản", title="dự thảo chưa có số",
                       measured="phần số trước dấu '/' để trống hoặc chỉ có dấu chấm, dấu '_'", tolerance=_DRAFT,
                       example={"where": _SO_WHERE, "found": "Số:      /KH-UBND", "expected": "Số: 05/KH-UBND"})
_R19_SPACE = R19.check("c", "W", "sau 'Số:' nên có một dấu cách", title="một dấu cách sau 'Số:'",
                       measured="khoảng trắng giữa 'Số:' và số",
                       tolerance="Phụ lục I không nói dấu cách sau dấu hai chấm; các mẫu có một dấu cách",
                       example={"where": _SO_WHERE, "found": "Số:05/KH-UBND", "expected": "Số: 05/KH-UBND"})
_R19_FORM = R19.check(
    "d", "E", "số, ký hiệu có dạng 'Số: <số>/<ký hiệu>' (số nhỏ hơn 10 thêm số 0, ký hiệu không có dấu cách)",
    title="dạng 'Số: 05/KH-UBND'",
    measured="cả dòng so với mẫu 'Số: ' + số (01-09 có số 0 đứng trước) + '/' + các nhóm chữ viết tắt nối bằng '-'",
    example={"where": _SO_WHERE, "found": "Số: 5/KH - UBND", "expected": "Số: 05/KH-UBND"})
_R19_LOOK = form(R19, "efg", "số, ký hiệu", _SO_WHERE, bold=False, italic=False, size=SIZE["so_ky_hieu"])
_R19_CENTRE = centring(R19, "h", "số, ký hiệu (dưới tên cơ quan)", _SO_WHERE, label="số, ký hiệu")


@runs(R19)
def r19(lay: Layout) -> Iterator[Finding]:
    p = _so(lay)
    example = _symbol_example(kind_of(lay))
    if p is None:
        if lay.header is not None:
            yield _R19_MISSING("bảng tiêu đề, cột trái", found="không có", expected=example)
        return
    raw = p.text
    m = _SO.match(raw)
    if m and not m.group("n").strip(" .…_"):
        yield _R19_DRAFT(p.where, found=raw, expected=example)
    elif not _SO_FORM.fullmatch(raw) and _SO_FORM.fullmatch(re.sub(r"^Số\s*:\s*", "Số: ", raw)):
        yield _R19_SPACE(p.where, found=raw, expected=re.sub(r"^Số\s*:\s*", "Số: ", raw))
    elif not _SO_FORM.fullmatch(raw):
        yield _R19_FORM(p.where, found=raw, expected=example)
    yield from check_form(_R19_LOOK, lay, p)
    names = _body_names(lay)
    if names and not centred(lay, p):
        yield from off_centre(_R19_CENTRE, lay, p)


_DATE_WHERE = "bảng tiêu đề, ô (2,2), đoạn 1"
_DATE_SAMPLE = "<Địa danh>, ngày 05 tháng 01 năm 2026"
R20 = Family("ND30-R20", "Địa danh và ngày tháng",
             "Phụ lục I, II.4: địa danh là tên đơn vị hành chính nơi cơ quan đóng trụ sở; ngày, tháng, năm viết đầy "
             "đủ bằng chữ số Ả Rập, ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0; sau địa danh có dấu phẩy; chữ in "
             "thường, cỡ chữ 13 đến 14, kiểu chữ nghiêng, canh giữa dưới Quốc hiệu và Tiêu ngữ (ô 4)", ADMINISTRATIVE,
             measured="dòng ở cột phải bảng tiêu đề có ', ngày' (hoặc ' ngày ... năm')")
_R20_MISSING = R20.check("a", "E", "thiếu dòng địa danh, ngày tháng năm ban hành", title="có dòng địa danh, ngày tháng",
                         example={"where": "bảng tiêu đề, cột phải", "found": "không có", "expected": _DATE_SAMPLE})
_R20_DRAFT = R20.check("b", "W", "dự thảo: chưa có ngày ban hành", title="dự thảo chưa có ngày",
                       measured="dòng 'ngày ... tháng ... năm' để trống ngày (dấu chấm, dấu '…' hoặc khoảng trắng)",
                       tolerance=_DRAFT,
                       example={"where": _DATE_WHERE, "found": "Lai Châu, ngày      tháng 12 năm 2026",
                                "expected": "Lai Châu, ngày 05 tháng 12 năm 2026"})
_R20_FORM = R20.check("c", "E", "dòng ngày tháng có dạng '<Địa danh>, ngày ... tháng ... năm ...'",
                      title="dạng '<Địa danh>, ngày ... tháng ... năm ...'",
                      example={"where": _DATE_WHERE, "found": "Lai Châu, 05/01/2026", "expected": _DATE_SAMPLE})
_R20_ZEROS = R20.check(
    "d", "E", "ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 phía trước", title="số 0 trước ngày < 10 và tháng 1, 2",
    measured="ngày (01-31), tháng (01, 02, 3-12; 'tháng 06' cũng được), năm bốn chữ số",
    tolerance="Phụ lục I chỉ đòi số 0 ở ngày dưới 10 và tháng 1, 2; không cấm 'tháng 06', nên không báo",
    example={"where": _DATE_WHERE, "found": "ngày 5 tháng 1 năm 2026", "expected": "ngày 05 tháng 01 năm 2026"})
_R20_CALENDAR = R20.check("e", "E", "ngày tháng không có trên lịch", title="ngày có trên lịch",
                          example={"where": _DATE_WHERE, "found": "Lai Châu, ngày 30 tháng 02 năm 2026",
                                   "expected": "một ngày có thật"})
_R20_COMMA = R20.check("f", "E", "sau địa danh có dấu phẩy", title="dấu phẩy sau địa danh",
                       example={"where": _DATE_WHERE, "found": "Lai Châu ngày", "expected": "Lai Châu, ngày"})
_R20_PLACE = R20.check(
    "g", "E", "địa danh là tên đơn vị hành chính nơi cơ quan đóng trụ sở", title="địa danh đúng tên đơn vị",
    measured="địa danh so với tên tỉnh, thành phố đọc từ tên cơ quan ban hành hoặc cơ quan chủ quản ở phần đầu",
    example={"where": _DATE_WHERE, "found": "Hà Nội", "expected": "Lai Châu"})
_R20_LOOK = form(R20, "hij", "dòng địa danh, ngày tháng", _DATE_WHERE, bold=False, italic=True,
                 size=SIZE["dia_danh_ngay"])
_R20_CENTRE = R20.check(
    "k", "E", "địa danh, ngày tháng canh giữa so với Quốc hiệu và Tiêu ngữ", title="ngày tháng canh giữa dưới Quốc hiệu",
    measured="điểm giữa dòng ngày tháng so với điểm giữa dòng Quốc hiệu, tính như khi canh giữa",
    tolerance="5 mm hoặc 8 % bề rộng ô: canh bằng dấu cách hay tab cũng được, người đọc thấy như nhau",
    example={"where": _DATE_WHERE, "found": "căn phải", "expected": "cùng điểm giữa với Quốc hiệu"})


@runs(R20)
def r20(lay: Layout) -> Iterator[Finding]:
    p = _date(lay)
    if p is None:
        if lay.header is not None:
            yield _R20_MISSING("bảng tiêu đề, cột phải", found="không có", expected=_DATE_SAMPLE)
        return
    text = p.text
    draft = _DRAFT_DATE.match(text)
    m = _DATE.match(text)
    place: str | None = None
    if draft:
        # The sample keeps the month and year the draft already has; only the blank day is a sample.
        month = (draft.group("m") or "").strip().strip(".…")
        year = (draft.group("y") or "").strip()
        month = month if month.isdigit() else "01"
        yield _R20_DRAFT(p.where, found=text,
                         expected=f"{draft.group('place')}, ngày 05 tháng {month.zfill(2) if month in ('1', '2') else month} "
                                  f"năm {year or '2026'}")
        place = draft.group("place")
    elif not m:
        yield _R20_FORM(p.where, found=text, expected=_DATE_SAMPLE)
    else:
        place = m.group("place")
        d, mo, y = m.group("d"), m.group("m"), m.group("y")
        # II.4.b: days below 10 and months 1, 2 take a leading zero; nothing else is asked or forbidden.
        ok = re.fullmatch(r"0[1-9]|[12]\d|3[01]", d) and re.fullmatch(r"0[1-9]|1[0-2]|[3-9]", mo) \
            and re.fullmatch(r"\d{4}", y)
        if not ok:
            fixed = f"ngày {d.zfill(2) if d.isdigit() else d} tháng {mo.zfill(2) if mo in ('1', '2') else mo} năm {y}"
            yield _R20_ZEROS(p.where, found=text.split(", ", 1)[-1], expected=fixed)
        else:
            try:
                dt.date(int(y), int(mo), int(d))
            except ValueError:
                yield _R20_CALENDAR(p.where, found=text, expected="một ngày có thật")
        if not text.startswith(f"{place},"):
            yield _R20_COMMA(p.where, found=text[:len(place) + 6], expected=f"{place}, ngày")
    want = kind_of(lay).province
    if place is not None and want and place != want:
        yield _R20_PLACE(p.where, found=place, expected=want)
    yield from check_form(_R20_LOOK, lay, p)
    qh = _qh(lay)
    a, b = (_offset_mm(lay, qh) if qh else 0.0), _offset_mm(lay, p)
    if a is not None and (b is None or abs(a - b) > max(5.0, 0.08 * _box_mm(lay, p.el))):
        yield _R20_CENTRE(p.where, found=_ALIGN_VI.get(_pprops(lay, p).align, "")
                          + (f", lệch {abs(a - b):.0f} mm" if b is not None else ""),
                          expected="cùng điểm giữa với Quốc hiệu")


def _row(el: etree._Element) -> etree._Element | None:
    return next(el.iterancestors(f"{W}tr"), None)


R21 = Family("ND30-R21", "Số và ngày tháng cùng hàng",
             "Phụ lục I, II.4.c: địa danh và thời gian ban hành trình bày trên cùng một dòng với số, ký hiệu",
             ADMINISTRATIVE)
_R21 = R21.check("", "E", "địa danh, ngày tháng trình bày trên cùng một dòng với số, ký hiệu",
                 title="số và ngày tháng cùng dòng",
                 measured="dòng 'Số' và dòng ngày tháng nằm trong cùng một hàng của bảng tiêu đề",
                 example={"where": _SO_WHERE, "found": "khác hàng bảng", "expected": "cùng hàng"})


@runs(R21)
def r21(lay: Layout) -> Iterator[Finding]:
    so, date = _so(lay), _date(lay)
    if so is None or date is None:
        return
    if _row(so.el) is not _row(date.el):
        yield _R21(so.where, found="khác hàng bảng", expected="cùng hàng")


# --- title block -----------------------------------------------------------------------------

def _type_name(lay: Layout) -> str:
    kind = kind_of(lay)
    return kind.type.title if kind.type is not None else "tên loại"


_TITLE_WHERE = "tên loại"
_KH = {"type": nd30.KE_HOACH.title}
R22 = Family("ND30-R22", "Tên loại văn bản",
             "Phụ lục I, II.5.b: tên loại văn bản đặt canh giữa, chữ in hoa, cỡ chữ 13 đến 14, kiểu chữ đứng, đậm "
             "(ô 5a)", TITLED, measured="dòng đầu tiên sau bảng tiêu đề là tên một loại văn bản của Phụ lục III")
_R22_MISSING = R22.check("a", "E", "thiếu tên loại văn bản dưới phần đầu", title="có tên loại văn bản",
                         example={"where": "đầu văn bản", "found": "không có", "expected": nd30.KE_HOACH.title})
_R22_UPPER = R22.check("b", "E", "tên loại văn bản viết chữ in hoa", title="tên loại chữ in hoa", measured=_UPPER,
                       example={"where": _TITLE_WHERE, "found": "Kế hoạch", "expected": nd30.KE_HOACH.title})
_R22_LOOK = form(R22, "cde", "tên loại '{type}'", _TITLE_WHERE, bold=True, italic=False, size=SIZE["ten_loai"],
                 values=_KH, label="tên loại")
_R22_CENTRE = centring(R22, "f", "tên loại '{type}'", _TITLE_WHERE, values=_KH, label="tên loại")


@runs(R22)
def r22(lay: Layout) -> Iterator[Finding]:
    p = lay.title
    name = _type_name(lay)
    if p is None:
        yield _R22_MISSING("đầu văn bản", found="không có", expected=name)
        return
    if not _is_upper(lay, p):
        yield _R22_UPPER(p.where, found=p.text, expected=name)
    yield from check_form(_R22_LOOK, lay, p, type=name)
    yield from off_centre(_R22_CENTRE, lay, p, type=name)


_SUMMARY_WHERE = "trích yếu"
R23 = Family("ND30-R23", "Trích yếu",
             "Phụ lục I, II.5.b: trích yếu nội dung đặt canh giữa, ngay dưới tên loại, chữ in thường, cỡ chữ 13 đến "
             "14, kiểu chữ đứng, đậm (ô 5a)", TITLED,
             measured="các dòng ngay dưới tên loại, đến đường kẻ ngắn hoặc đoạn nội dung đầu tiên")
_R23_MISSING = R23.check("a", "E", "thiếu trích yếu nội dung dưới tên loại '{type}'", title="có trích yếu",
                         example={"where": _SUMMARY_WHERE, "found": "không có",
                                  "expected": "một câu ngắn in thường, đậm, canh giữa", **_KH})
_R23_LOOK = form(R23, "bcd", "trích yếu", _SUMMARY_WHERE, bold=True, italic=False, size=SIZE["trich_yeu"])
_R23_CENTRE = centring(R23, "e", "trích yếu", _SUMMARY_WHERE)
_R23_CAPITALS = R23.check(
    "f", "E", "trích yếu trình bày bằng chữ in thường", title="trích yếu chữ in thường",
    measured="mọi chữ cái của trích yếu đều viết hoa (bản chép từ trang web hay để như vậy)",
    example={"where": _SUMMARY_WHERE, "found": "toàn chữ in hoa", "expected": "Công tác đối ngoại năm 2026"})
_R23_INITIAL = R23.check("g", "E", "trích yếu viết hoa chữ cái đầu", title="trích yếu viết hoa chữ đầu",
                         measured="chữ cái đầu tiên của trích yếu",
                         example={"where": _SUMMARY_WHERE, "found": "công tác đối ngoại", "expected": "Công tác đối ngoại"})
_R23_SIZE = R23.check(
    "h", "W", "trích yếu nên cùng cỡ chữ với tên loại", title="trích yếu cùng cỡ tên loại",
    measured="cỡ chữ chính của trích yếu so với của tên loại",
    tolerance="Phụ lục I cho cả hai khoảng 13 đến 14, không bắt cùng cỡ; các mẫu cùng cỡ, nên là cảnh báo",
    example={"where": _SUMMARY_WHERE, "found": "13 pt", "expected": "14 pt"})


@runs(R23)
def r23(lay: Layout) -> Iterator[Finding]:
    if lay.title is None:
        return
    if not lay.summary:
        yield _R23_MISSING("trích yếu", found="không có", expected="một câu ngắn in thường, đậm, canh giữa",
                           type=_type_name(lay))
        return
    for p in lay.summary:
        yield from check_form(_R23_LOOK, lay, p)
        yield from off_centre(_R23_CENTRE, lay, p)
    text = " ".join(p.text for p in lay.summary)
    letters = [c for c in text if c.isalpha()]
    if vn.all_capitals(text):
        yield _R23_CAPITALS(lay.summary[0].where, found="toàn chữ in hoa", expected=vn.sentence_case(text)[:40])
    elif letters and not letters[0].isupper():
        yield _R23_INITIAL(lay.summary[0].where, found=text[:20], expected=text[:1].upper() + text[1:20])
    s_sum, s_title = _size(lay, lay.summary[0]), _size(lay, lay.title)
    if s_sum != s_title:
        yield _R23_SIZE(lay.summary[0].where, found=_pt(s_sum), expected=_pt(s_title))


R24 = Family("ND30-R24", "Đường kẻ dưới trích yếu",
             "Phụ lục I, II.5.b: bên dưới trích yếu có đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ "
             "dài của dòng chữ và đặt cân đối so với dòng chữ", TITLED,
             measured=_LINE_FORMS + "; hoặc hình vẽ gắn ở dòng tên loại hay đoạn nội dung đầu tiên")
_R24_MISSING = R24.check("a", "E", "thiếu đường kẻ ngang, nét liền dưới trích yếu", title="có đường kẻ dưới trích yếu",
                         example={"where": _SUMMARY_WHERE, "found": "không có",
                                  "expected": "đường kẻ dài 25-37 mm (1/3 đến 1/2 dòng chữ)"})
_R24_LENGTH = R24.check("b", "E", "đường kẻ dưới trích yếu dài từ 1/3 đến 1/2 dòng chữ",
                        title="đường kẻ dưới trích yếu dài 1/3 đến 1/2 dòng chữ", measured=_SHORT_LENGTH,
                        tolerance=_SHORT_TOLERANCE,
                        example={"where": _SUMMARY_WHERE, "found": "120.0 mm (đường viền dưới đoạn)",
                                 "expected": "25-37 mm"})


@runs(R24)
def r24(lay: Layout) -> Iterator[Finding]:
    if not lay.summary:
        return
    where = lay.summary[-1].where
    size = _size(lay, lay.summary[-1]) or 14
    box = _box_mm(lay, lay.summary[-1].el)
    longest = min(max(text_width_mm(p.text, size, True) for p in lay.summary), box)
    lo, hi = longest * nd30.SHORT_LINE_RATIO.low, longest * nd30.SHORT_LINE_RATIO.high
    column = [Para(el, "") for el in lay.title_block]
    last = next(p for p in column if p.el is lay.summary[-1].el)
    mark = line_after(lay, column, last)
    if mark is None:
        # a line anchored in the title, or in the first body paragraph, and placed by its offset
        first_body = [lay.body[0].el] if lay.body else []
        marks = [Mark(m, "hình vẽ") for el in [*lay.title_block, *first_body] for m in shape_lines(el)]
        mark = marks[0] if marks else None
    if mark is None:
        yield _R24_MISSING(where, found="không có", expected=f"đường kẻ dài {lo:.0f}-{hi:.0f} mm (1/3 đến 1/2 dòng chữ)")
        return
    if mark.length_mm is not None and not (lo * 0.9 <= mark.length_mm <= hi * 1.1):
        yield _R24_LENGTH(where, found=_line_length_words(mark), expected=f"{lo:.0f}-{hi:.0f} mm")


# --- body ------------------------------------------------------------------------------------

_CENTRED_HEAD = re.compile(r"^(Phần|Chương|Mục|Tiểu mục) ([IVXLC]+|\d+)$", re.IGNORECASE)
_ROMAN = re.compile(r"^([IVXLC]+)\.\s*\S")
_ARABIC = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_POINT = re.compile(r"^([a-zđ]{1,2})\)\s")
_DECIMAL = re.compile(r"^\d+(\.\d+)+\.?\s")
_DIEU = re.compile(r"^Điều (\d+)\.?\s")


def _dieu(lay: Layout, text: str) -> re.Match[str] | None:
    """An article heading ("Điều 3."), in the kinds that are divided into articles (Phụ lục I, II.6.b):
    in a plan or a report the same words open an ordinary paragraph."""
    kind = lay.kind
    if kind is not None and kind.type is not None and kind.type.name not in nd30.ARTICLE_KINDS:
        return None
    return _DIEU.match(text)


def _body(lay: Layout) -> list[Para]:
    return [p for p in lay.body if p.text]


def _heading_lines(lay: Layout) -> set[int]:
    """Indices (in _body) of the centred Phần/Chương/Mục lines and the title line under each."""
    body = _body(lay)
    out: set[int] = set()
    for i, p in enumerate(body):
        if _CENTRED_HEAD.match(p.text):
            out.add(i)
            if i + 1 < len(body):
                out.add(i + 1)
    return out


def _kinh_gui(lay: Layout) -> set[int]:
    """Indices (in _body) of ô 9a: "Kính gửi:" and the "- recipient;" lines under it (II.9.d lays them
    out under the colon, not as body text)."""
    body = _body(lay)
    out: set[int] = set()
    for i, p in enumerate(body):
        if p.text.startswith(nd30.KINH_GUI):
            out.add(i)
            for k in range(i + 1, len(body)):
                if not re.fullmatch(r"-\s*\S.*[;.]", body[k].text) or len(body[k].text) > 160:
                    break
                out.add(k)
                if body[k].text.endswith("."):
                    break
    return out


def _all_bold(lay: Layout, p: Para) -> bool:
    return all(x.bold for x in _props(lay, p))


def _lead_in_bold(lay: Layout, p: Para) -> bool:
    """A bold lead-in run ("3. Sở Tư pháp:") followed by regular text on the same line."""
    props = _props(lay, p)
    return props[0].bold and not props[-1].bold


def _bold_prefix(lay: Layout, p: Para) -> str:
    """The text of the leading bold runs."""
    runs = text_runs(p.el) if p.runs is None else p.runs
    out = []
    for r in runs:
        if not lay.resolver.run(r, p.el).bold:
            break
        out.append("".join(t.text or "" for t in r.iterchildren(f"{W}t")))
    return "".join(out).strip()


def _is_titled(lay: Layout, body: list[Para], i: int) -> bool:
    """A khoản or điểm with a title, by its formatting shape: the whole line bold, and the next
    paragraph body text (not the next khoản or a higher heading)."""
    p = body[i]
    if not _all_bold(lay, p):
        return False
    nxt = body[i + 1] if i + 1 < len(body) else None
    if nxt is not None and not (_ROMAN.match(nxt.text) or _ARABIC.match(nxt.text) or _dieu(lay, nxt.text)):
        return True
    # A title whose section is still empty (a draft's skeleton): bold, short, not ended like a sentence.
    m = _ARABIC.match(p.text) or _POINT.match(p.text)
    # _ARABIC takes the title into its group 2 (it matches to the end); _POINT ends at the letter.
    return nd30.reads_as_bare_title(m.group(2) if m and m.re is _ARABIC else p.text[m.end():] if m else "")


def _fits_one_line(lay: Layout, p: Para) -> bool:
    props = lay.resolver.para(p.el)
    width = text_width_mm(p.text, _size(lay, p) or 14, _all_bold(lay, p))
    room = _box_mm(lay, p.el) - (props.left_cm + props.right_cm + props.first_line_cm - props.hanging_cm) * 10
    return width <= room


def _is_note(p: Para) -> bool:
    return p.text.startswith("(") and p.text.rstrip(".").endswith(")") and len(p.text) < 240


_BODY_WHERE = "đoạn 12 (phần II, mục 1): '- Tổ chức các đoàn đi công tác nư…'"
_INDENTS = " hoặc ".join(f"{v:g} cm".replace(".", ",") for v in nd30.FIRST_LINE_INDENT_CM)
_BODY_CLAUSE = ("Phụ lục I, II.6.e: nội dung văn bản chữ in thường, canh đều cả hai lề, kiểu chữ đứng, cỡ chữ 13 "
                "đến 14; khi xuống dòng, chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm; khoảng cách giữa các đoạn văn tối "
                "thiểu 6 pt; khoảng cách giữa các dòng tối thiểu dòng đơn, tối đa 1,5 dòng")
_BODY_PARAS = ("mọi đoạn của phần nội dung (từ sau trích yếu đến khối chữ ký), trừ các dòng tiêu đề: Phần, Chương, "
               "Mục canh giữa, đề mục I., Điều, khoản và điểm có tiêu đề, 'Kính gửi' và các dòng dưới nó")
R25 = Family("ND30-R25", "Căn lề và thụt đầu dòng", _BODY_CLAUSE, ADMINISTRATIVE, measured=_BODY_PARAS)
_R25_NOTE = R25.check(
    "a", "W", "dòng ghi chú trong nội dung nên canh đều như lời văn", title="dòng ghi chú canh đều",
    tolerance="một dòng '(...)' canh giữa thường là ghi chú hay chỉ dẫn phụ lục, không sai rõ ràng, nên là cảnh báo",
    example={"where": "đoạn 116 (phần I, mục 7): '(Phân công nhiệm vụ theo Phụ lục đính kè…'", "found": "căn giữa",
             "expected": "căn đều hai bên, lùi đầu dòng"})
_R25_DISTRIBUTE = R25.check(
    "b", "W", "nội dung nên canh đều hai lề (không dàn đều từng chữ)", title="không dàn đều từng chữ",
    tolerance="dàn đều (distribute) vẫn thẳng hai lề nhưng giãn cả dòng cuối, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "dàn đều", "expected": "căn đều hai bên"})
_R25_JUSTIFY = R25.check(
    "c", "E", "nội dung văn bản canh đều cả hai lề", title="nội dung canh đều hai lề",
    tolerance="đoạn chỉ có một dòng, căn trái, được coi là canh đều: người đọc thấy như nhau",
    example={"where": _BODY_WHERE, "found": "căn trái", "expected": "căn đều hai bên"})
_R25_SPACES = R25.check(
    "d", "W", "lùi đầu dòng bằng dấu cách hoặc tab; nên đặt thụt dòng đầu", title="thụt đầu dòng bằng định dạng",
    measured="thụt dòng đầu của đoạn cộng với dấu cách, tab gõ ở đầu đoạn",
    tolerance="lùi bằng dấu cách, tab trong khoảng 0,15 cm quanh 1 cm hoặc 1,27 cm: in ra đúng nhưng dễ lệch khi sửa",
    example={"where": _BODY_WHERE, "found": "0.00 cm + dấu cách", "expected": _INDENTS})
_R25_INDENT = R25.check(
    "e", "E", "chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm", title="lùi đầu dòng 1 cm hoặc 1,27 cm",
    measured="thụt dòng đầu (first line trừ hanging) của đoạn", tolerance="±0,03 cm",
    example={"where": _BODY_WHERE, "found": "0,50 cm", "expected": _INDENTS})
_R25_SAME = R25.check(
    "f", "W", "các đoạn nên thụt đầu dòng như nhau", title="thụt đầu dòng như nhau",
    measured="các giá trị thụt dòng đầu đúng (1 cm, 1,27 cm) gặp trong phần nội dung",
    tolerance="cả hai giá trị đều đúng Phụ lục I; dùng lẫn chỉ là không thống nhất, nên là cảnh báo",
    example={"where": "phần nội dung", "found": "1 cm, 1,27 cm", "expected": "một giá trị"})


@runs(R25)
def r25(lay: Layout) -> Iterator[Finding]:
    indents: dict[float, int] = {}
    body = _body(lay)
    heads = _heading_lines(lay) | _kinh_gui(lay)
    allowed = _INDENTS
    for i, p in enumerate(body):
        if i in heads or _ROMAN.match(p.text) or _dieu(lay, p.text) or \
                ((_ARABIC.match(p.text) or _POINT.match(p.text)) and _is_titled(lay, body, i)):
            continue  # title lines: Phụ lục I fixes their weight and size, not their alignment
        props = lay.resolver.para(p.el)
        align = props.align
        if align == "center" and _is_upper(lay, p) and _all_bold(lay, p) and _fits_one_line(lay, p):
            continue  # a title line of the body ("QUYẾT ĐỊNH:", the issuing authority of a decision)
        if _is_note(p) and align == "center":
            yield _R25_NOTE(p.where, found="căn giữa", expected="căn đều hai bên, lùi đầu dòng")
            continue
        if align == "distribute":
            yield _R25_DISTRIBUTE(p.where, found="dàn đều", expected="căn đều hai bên")
        elif align != "both" and not (align in (None, "left") and _fits_one_line(lay, p)):
            yield _R25_JUSTIFY(p.where, found=_ALIGN_VI.get(align, str(align)), expected="căn đều hai bên")
        fl = props.first_line_cm - props.hanging_cm
        lead, _ = _lead_mm(lay, p, _size(lay, p) or 14)
        fl_seen = fl + lead / 10
        if any(abs(fl - v) <= 0.03 for v in nd30.FIRST_LINE_INDENT_CM):
            indents[round(fl, 2)] = indents.get(round(fl, 2), 0) + 1
        elif any(abs(fl_seen - v) <= 0.15 for v in nd30.FIRST_LINE_INDENT_CM):
            yield _R25_SPACES(p.where, found=f"{fl:.2f} cm + dấu cách", expected=allowed)
        else:
            found = f"{fl:.2f} cm".replace(".", ",")
            if lead:
                found += " (thụt bằng dấu cách)"
            yield _R25_INDENT(p.where, found=found, expected=allowed)
    if len(indents) > 1:
        yield _R25_SAME("phần nội dung", found=", ".join(f"{k:g} cm".replace(".", ",") for k in indents),
                        expected="một giá trị")


R26 = Family("ND30-R26", "Cỡ chữ phần nội dung",
             _BODY_CLAUSE + "; II.6.đ: cỡ chữ số thứ tự khoản, điểm bằng cỡ chữ của phần lời văn; V.6b: đề mục I., "
             "Phần, Chương cỡ 13 đến 14", ADMINISTRATIVE, measured=f"cỡ chữ của các đoạn chữ phần nội dung, {_RESOLVED}")
_R26_BODY = R26.check(
    "a", "E", f"chữ phần nội dung cỡ {SIZE['noi_dung'].words()}", title=f"nội dung cỡ {SIZE['noi_dung'].words()}",
    measured="cỡ chữ gặp nhiều nhất trong phần nội dung",
    example={"where": "phần nội dung", "found": "12 pt", "expected": SIZE["noi_dung"].words()})
_R26_HEADING = R26.check(
    "b", "E", f"đề mục cỡ chữ {SIZE['muc'].words()}", title=f"đề mục I., Phần, Chương cỡ {SIZE['muc'].words()}",
    measured="cỡ chữ các đoạn chữ của đề mục La Mã (I., II.), dòng Phần, Chương, Mục canh giữa và dòng tên dưới nó",
    tolerance="đề mục được cỡ riêng trong khoảng 13 đến 14, không buộc bằng cỡ lời văn",
    example={"where": "đoạn 5 (phần II): 'II. NHIỆM VỤ CỤ THỂ'", "found": "16 pt", "expected": SIZE["muc"].words()})
_R26_SAME = R26.check(
    "c", "E", "cỡ chữ khoản, điểm và lời văn bằng cỡ chữ phần lời văn", title="khoản, điểm cùng cỡ lời văn",
    measured="cỡ chữ của từng đoạn (trừ đề mục) so với cỡ gặp nhiều nhất",
    example={"where": _BODY_WHERE, "found": "13 pt", "expected": "14 pt"})


@runs(R26)
def r26(lay: Layout) -> Iterator[Finding]:
    counts: dict[float | None, int] = {}
    body = _body(lay)
    heads = _heading_lines(lay)
    for p in body:
        for props in _props(lay, p):
            counts[props.size] = counts.get(props.size, 0) + 1
    if not counts:
        return
    main = max(counts, key=lambda k: counts[k])
    size = SIZE["noi_dung"]
    if main not in size:
        yield _R26_BODY("phần nội dung", found=_pt(main), expected=size.words())
    for i, p in enumerate(body):
        sizes = {x.size for x in _props(lay, p)}
        if i in heads or _ROMAN.match(p.text):
            bad = {s for s in sizes if s not in SIZE["muc"]}
            if bad:  # I./II. and Phần/Chương titles: 13-14 on their own (table V, 6b)
                yield _R26_HEADING(p.where, found=", ".join(_pt(s) for s in sorted(bad, key=lambda x: x or 0)),
                                   expected=SIZE["muc"].words())
            continue
        odd = {s for s in sizes if s != main}
        if odd:
            yield _R26_SAME(p.where, found=", ".join(_pt(s) for s in sorted(odd, key=lambda x: x or 0)),
                            expected=_pt(main))


_LEAST = nd30.PARAGRAPH_SPACING_MIN_PT
R27 = Family("ND30-R27", "Khoảng cách đoạn", _BODY_CLAUSE, ADMINISTRATIVE,
             measured="khoảng cách sau đoạn trước cộng khoảng cách trước đoạn sau (Word cộng hai giá trị), giữa mọi "
                      "cặp đoạn liền nhau của phần nội dung")
_R27_EMPTY = R27.check(
    "a", "W", "không dùng đoạn trống để tạo khoảng cách", title="không dùng đoạn trống",
    measured="đoạn không có chữ, không có hình vẽ, không phải chỗ chia phân đoạn",
    tolerance="đoạn trống vẫn tạo khoảng cách khi in, nhưng lệch khi sửa và làm sai khoảng cách đoạn, nên là cảnh báo",
    example={"where": "đoạn 125 (phần II, mục 2)", "found": "đoạn trống", "expected": f"khoảng cách đoạn ≥ {_LEAST:g} pt"})
_R27_CONTEXTUAL = R27.check(
    "b", "E", f"khoảng cách giữa các đoạn văn tối thiểu {_LEAST:g} pt (bỏ 'không thêm khoảng cách giữa các đoạn "
    "cùng kiểu')", title="không bỏ khoảng cách giữa các đoạn cùng kiểu",
    measured="tuỳ chọn 'Don't add space between paragraphs of the same style' (contextualSpacing) ở hai đoạn liền "
             "nhau cùng kiểu: Word bỏ hết khoảng cách giữa chúng",
    example={"where": _BODY_WHERE, "found": "0 pt (contextualSpacing)", "expected": f"≥ {_LEAST:g} pt"})
_R27_SPACING = R27.check(
    "c", "E", f"khoảng cách giữa các đoạn văn tối thiểu {_LEAST:g} pt",
    title=f"khoảng cách đoạn tối thiểu {_LEAST:g} pt", tolerance="0,01 pt (làm tròn)",
    example={"where": _BODY_WHERE, "found": "0 pt", "expected": f"≥ {_LEAST:g} pt"})


@runs(R27)
def r27(lay: Layout) -> Iterator[Finding]:
    prev: ParaProps | None = None
    prev_el: etree._Element | None = None
    least = _LEAST
    for p in lay.body:
        props = lay.resolver.para(p.el)
        if not p.text:
            if not shape_lines(p.el) and p.el.find(f".//{W}sectPr") is None and p.el.find(f".//{W}drawing") is None:
                yield _R27_EMPTY(p.where, found="đoạn trống", expected=f"khoảng cách đoạn ≥ {least:g} pt")
            continue
        same_style = prev_el is not None and lay.resolver.para_style_id(prev_el) == lay.resolver.para_style_id(p.el)
        if props.contextual and prev is not None and same_style:
            # Word drops the space between paragraphs of one style that ask for it
            yield _R27_CONTEXTUAL(p.where, found="0 pt (contextualSpacing)", expected=f"≥ {least:g} pt")
        elif prev is not None and prev.after_pt + props.before_pt < least - 0.01:
            yield _R27_SPACING(p.where, found=f"{prev.after_pt + props.before_pt:g} pt", expected=f"≥ {least:g} pt")
        prev, prev_el = props, p.el


R28 = Family("ND30-R28", "Giãn dòng", _BODY_CLAUSE, ADMINISTRATIVE,
             measured="giãn dòng (line spacing) của mọi đoạn có chữ của phần nội dung")
_R28_LINES = R28.check(
    "a", "E", "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng", title="giãn dòng từ dòng đơn đến 1,5 dòng",
    measured="giãn dòng tính theo số dòng (single, 1.5 lines, multiple)",
    example={"where": _BODY_WHERE, "found": "2 dòng", "expected": nd30.LINE_SPACING.words("dòng")})
_R28_FIXED = R28.check(
    "b", "W", "giãn dòng cố định ngoài khoảng dòng đơn - 1,5 dòng", title="giãn dòng cố định trong khoảng",
    measured="giãn dòng cố định (exactly, at least) theo pt, so với dòng đơn của Word cho Times New Roman (1,15 lần "
             "cỡ chữ) và 1,5 lần số đó",
    tolerance="±0,5 pt; 'at least' nhỏ hơn một dòng là dòng đơn; quy đổi pt ra số dòng là ước tính, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "12 pt", "expected": "16.1-24.1 pt"})


@runs(R28)
def r28(lay: Layout) -> Iterator[Finding]:
    spacing = nd30.LINE_SPACING
    for p in _body(lay):
        props = lay.resolver.para(p.el)
        size = _size(lay, p) or 14
        if props.line is None or props.line_rule in (None, "auto"):
            mult = (props.line or 240) / 240
            if mult not in spacing:
                yield _R28_LINES(p.where, found=f"{mult:g} dòng", expected=spacing.words("dòng"))
        else:
            pts = props.line / 20
            single = 1.15 * size  # Word's "single" for Times New Roman
            if props.line_rule == "atLeast" and pts <= single:
                continue  # "at least" less than one line is single spacing
            if not (single - 0.5 <= pts <= spacing.high * single + 0.5):
                yield _R28_FIXED(p.where, found=f"{pts:g} pt", expected=f"{single:.1f}-{spacing.high * single:.1f} pt")


_BASIS = ("Căn cứ", "Theo đề nghị", "Xét đề nghị")


R29 = Family("ND30-R29", "Chữ đứng trong nội dung", _BODY_CLAUSE, ADMINISTRATIVE)
_R29 = R29.check(
    "", "W", "nội dung văn bản trình bày kiểu chữ đứng (nghiêng chỉ khi trích dẫn)", title="nội dung chữ đứng",
    measured="đoạn nội dung mà mọi đoạn chữ đều nghiêng (trừ các dòng 'Căn cứ', 'Theo đề nghị', 'Xét đề nghị')",
    tolerance="cả đoạn nghiêng có thể là một trích dẫn, nên chỉ là cảnh báo; vài chữ nghiêng trong câu không bị báo",
    example={"where": _BODY_WHERE, "found": "nghiêng", "expected": "đứng"})


@runs(R29)
def r29(lay: Layout) -> Iterator[Finding]:
    for p in _body(lay):
        if p.text.startswith(_BASIS):
            continue
        if all(x.italic for x in _props(lay, p)):  # a quoted title in italics inside a sentence is usual
            yield _R29(p.where, found="nghiêng", expected="đứng")


_ROMAN_WHERE = "đoạn 5 (phần II): 'II. Nhiệm vụ cụ thể'"
_KHOAN_WHERE = "đoạn 6 (phần II, mục 1): '1. Quản lý đoàn ra, đoàn vào'"
_LEVELS_CLAUSE = ("Phụ lục I, II.6.đ: số thứ tự và tiêu đề mục (I., II.) chữ in hoa, đậm; từ 'Điều', số thứ tự và "
                  "tiêu đề điều đậm; khoản có tiêu đề: số và tiêu đề trên một dòng riêng, chữ in thường, đứng, đậm; "
                  "khoản, điểm không có tiêu đề: kiểu chữ đứng; V.6b: không có cấp nào in nghiêng")
_TITLED = ("khoản, điểm có tiêu đề nhận theo hình thức: cả dòng in đậm và đoạn sau là lời văn (không phải khoản "
           "kế tiếp hay đề mục lớn hơn)")
R30 = Family("ND30-R30", "Định dạng đề mục", _LEVELS_CLAUSE, ADMINISTRATIVE,
             measured="các đoạn mở đầu bằng số thứ tự: 'I.' (mục), 'Điều 1.' (văn bản chia điều), '1.' (khoản), "
                      "'a)' (điểm); " + _TITLED)
_R30_ROMAN_UPPER = R30.check("a", "E", "số thứ tự và tiêu đề mục (I., II.) viết chữ in hoa",
                             title="đề mục I., II. chữ in hoa", measured=_UPPER,
                             example={"where": _ROMAN_WHERE, "found": "II. Nhiệm vụ cụ thể",
                                      "expected": "II. NHIỆM VỤ CỤ THỂ"})
_R30_ROMAN_BOLD = R30.check("b", "E", "số thứ tự và tiêu đề mục (I., II.) in đậm", title="đề mục I., II. in đậm",
                            example={"where": _ROMAN_WHERE, "found": "không đậm", "expected": "đậm"})
_R30_ARTICLE = R30.check(
    "c", "E", "từ 'Điều', số thứ tự và tiêu đề điều in đậm", title="dòng 'Điều' in đậm",
    scope=Scope("văn bản chia điều: Quyết định, Nghị quyết, Quy chế, Quy định",
                lambda kind: kind.type is not None and kind.type.name in nd30.ARTICLE_KINDS),
    example={"where": "đoạn 4: 'Điều 1. Phạm vi điều chỉnh'", "found": "không đậm", "expected": "đậm"})
_R30_POINT_TITLE = R30.check(
    "d", "W", "điểm có tiêu đề in đậm: Phụ lục I chỉ nêu điểm kiểu chữ đứng, không đậm", title="điểm có tiêu đề không đậm",
    tolerance="Phụ lục I không nói về điểm có tiêu đề; nhiều văn bản in đậm, nên là cảnh báo",
    example={"where": "đoạn 7 (phần II, mục 1): 'a) Đoàn ra'", "found": "đậm", "expected": "không đậm"})
_R30_UNTITLED = R30.check(
    "e", "E", "{level} không có tiêu đề trình bày kiểu chữ đứng, không đậm", title="khoản, điểm không tiêu đề không đậm",
    example={"where": "đoạn 9 (phần II, mục 1): '2. Các sở, ngành chủ động triển khai …'", "found": "cả đoạn in đậm",
             "expected": "không đậm", "level": "khoản"})
_R30_NUMBER_BOLD = R30.check(
    "f", "W", "số thứ tự {level} in đậm; Phụ lục I: kiểu chữ đứng", title="số thứ tự khoản, điểm không đậm",
    measured="đoạn khoản, điểm không có tiêu đề mà chỉ phần số thứ tự ('2.', 'b)') in đậm",
    tolerance="chỉ số in đậm không làm sai nội dung, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "'2.' đậm", "expected": "không đậm", "level": "khoản"})
_R30_LEAD_IN = R30.check(
    "g", "W", "{level} có phần đầu in đậm (tiêu đề chạy liền lời văn); Phụ lục I: tiêu đề {level} trên một dòng riêng",
    title="tiêu đề khoản, điểm trên dòng riêng",
    measured="đoạn khoản, điểm có phần đầu in đậm rồi lời văn thường trên cùng dòng ('3. Sở Tư pháp: ...')",
    tolerance="cách viết này phổ biến và dễ đọc, Phụ lục I không cấm rõ, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "phần đầu in đậm", "expected": "tiêu đề trên dòng riêng, hoặc không đậm",
             "level": "khoản"})
_R30_SHORT_TITLE = R30.check(
    "h", "W", "khoản có tiêu đề (dòng ngắn, lời văn ở dưới) nên in đậm", title="khoản có tiêu đề in đậm",
    measured="khoản không đậm mà có dáng tiêu đề: nhiều nhất 8 chữ, không kết thúc bằng dấu câu, dưới là lời văn",
    tolerance="dáng dòng ngắn chỉ là đoán, nên là cảnh báo",
    example={"where": _KHOAN_WHERE, "found": "không đậm", "expected": "đậm"})
_R30_ITALIC = R30.check(
    "i", "W", "đề mục kiểu chữ đứng", title="đề mục chữ đứng",
    measured="đề mục I. và khoản mà mọi đoạn chữ đều nghiêng",
    tolerance="Phụ lục I không có cấp đề mục nào in nghiêng, nhưng không nói rõ là cấm, nên là cảnh báo",
    example={"where": _KHOAN_WHERE, "found": "nghiêng", "expected": "đứng"})


@runs(R30)
def r30(lay: Layout) -> Iterator[Finding]:
    body = _body(lay)
    for i, p in enumerate(body):
        props = _props(lay, p)
        bold = _all_bold(lay, p)
        if _ROMAN.match(p.text):
            if not _is_upper(lay, p):
                yield _R30_ROMAN_UPPER(p.where, found=p.text[:30], expected=p.text[:30].upper())
            if not bold:
                yield _R30_ROMAN_BOLD(p.where, found="không đậm", expected="đậm")
        elif _dieu(lay, p.text):
            if not any(x.bold for x in props[:1]):
                yield _R30_ARTICLE(p.where, found="không đậm", expected="đậm")
        elif _ARABIC.match(p.text) or _POINT.match(p.text):
            level = "khoản" if _ARABIC.match(p.text) else "điểm"
            if _is_titled(lay, body, i):
                if level == "điểm":
                    yield _R30_POINT_TITLE(p.where, found="đậm", expected="không đậm")
            elif bold:
                yield _R30_UNTITLED(p.where, found="cả đoạn in đậm", expected="không đậm", level=level)
            elif _lead_in_bold(lay, p) and _bold_prefix(lay, p).rstrip(". )").isalnum():
                yield _R30_NUMBER_BOLD(p.where, found=f"'{_bold_prefix(lay, p)}' đậm", expected="không đậm", level=level)
            elif _lead_in_bold(lay, p):
                yield _R30_LEAD_IN(p.where, found="phần đầu in đậm", expected="tiêu đề trên dòng riêng, hoặc không đậm",
                                   level=level)
            elif level == "khoản" and _short_title_shape(body, i) and not any(x.bold for x in props):
                yield _R30_SHORT_TITLE(p.where, found="không đậm", expected="đậm")
        if (_ROMAN.match(p.text) or _ARABIC.match(p.text)) and all(x.italic for x in props):
            yield _R30_ITALIC(p.where, found="nghiêng", expected="đứng")


def _short_title_shape(body: list[Para], i: int) -> bool:
    m = _ARABIC.match(body[i].text)
    nxt = body[i + 1] if i + 1 < len(body) else None
    if m is None or nxt is None:
        return False
    return len(m.group(2).split()) <= nd30.SHORT_TITLE_MAX_WORDS and not m.group(2).endswith((".", ";", ":")) and \
        not (_ARABIC.match(nxt.text) or _ROMAN.match(nxt.text))


R31 = Family("ND30-R31", "Thứ tự đánh số",
             "Phụ lục I, II.6.đ: số thứ tự mục dùng chữ số La Mã, khoản dùng chữ số Ả Rập (đánh lại từ 1 trong mỗi "
             "mục), điểm dùng chữ cái tiếng Việt theo thứ tự bảng chữ cái; II.6.c: bố cục từ lớn đến nhỏ",
             ADMINISTRATIVE,
             measured="số ở đầu các đoạn phần nội dung, kể cả số do Word tự đánh (numbering.xml), theo thứ tự: I., II. "
                      "liên tục; khoản bắt đầu lại ở mỗi mục, Phần, Chương và Điều; điểm bắt đầu lại ở mỗi khoản và "
                      "dưới số thập phân '1.1.'")
_R31_ROMAN = R31.check("a", "E", "số La Mã của mục liên tục", title="mục I., II., III. liên tục",
                       example={"where": "đoạn 30 (phần III): 'IV. TỔ CHỨC THỰC HIỆN'", "found": "IV",
                                "expected": "III"})
_R31_KHOAN = R31.check("b", "E", "số thứ tự khoản liên tục, bắt đầu lại từ 1 trong mỗi mục",
                       title="khoản 1., 2., 3. liên tục",
                       example={"where": "đoạn 12 (phần II, mục 3)", "found": "4.", "expected": "3."})
_R31_LETTERS = R31.check("c", "E", "điểm theo bảng chữ cái tiếng Việt (không có f, j, w, z)",
                         title="điểm không dùng f, j, w, z",
                         example={"where": "đoạn 15 (phần II, mục 1)", "found": "f)", "expected": "e)"})
_R31_ORDER = R31.check(
    "d", "E", "điểm theo thứ tự bảng chữ cái tiếng Việt: a), b), c), d), đ), e), g), h), i) ...",
    title="điểm a), b), c) ... đúng thứ tự",
    example={"where": "đoạn 15 (phần II, mục 1)", "found": "e)", "expected": "đ)"})
_R31_BEYOND = R31.check(
    "e", "W", "Nghị định 30 không nêu các chữ cái sau i)", title="điểm sau i)",
    tolerance="Nghị định chỉ cho ví dụ đến i); k), l), m) ... theo bảng chữ cái vẫn có thể dùng, nên là cảnh báo "
              "(một lần mỗi văn bản)",
    example={"where": "đoạn 25 (phần II, mục 1)", "found": "k)", "expected": "tách thành khoản, hoặc k), l), m) ..."})


@runs(R31)
def r31(lay: Layout) -> Iterator[Finding]:
    roman_expected, arabic_expected, letter_expected = 1, 1, 0
    warned_beyond_i = False
    for p in _body(lay):
        if _CENTRED_HEAD.match(p.text) and p.text.split()[0].lower() in ("phần", "chương"):
            roman_expected, arabic_expected, letter_expected = 1, 1, 0
        elif (m := _dieu(lay, p.text)) is not None:
            arabic_expected, letter_expected = 1, 0  # khoản restart in each Điều
        elif (m := _ROMAN.match(p.text)) is not None:
            n = vn.from_roman(m.group(1))
            if n != roman_expected:
                yield _R31_ROMAN(p.where, found=m.group(1), expected=vn.roman(roman_expected))
            roman_expected = (n or roman_expected) + 1
            arabic_expected, letter_expected = 1, 0
        elif (m := _ARABIC.match(p.text)) is not None:
            n = int(m.group(1))
            if n != arabic_expected:
                yield _R31_KHOAN(p.where, found=f"{n}.", expected=f"{arabic_expected}.")
            arabic_expected, letter_expected = n + 1, 0
        elif _DECIMAL.match(p.text):
            letter_expected = 0  # "1.1.": a division from large to small (II.6.c); points restart under it
        elif (m := _POINT.match(p.text)) is not None:
            letter = m.group(1)
            want = vn.point_letter(letter_expected)
            if any(c in "fjwz" for c in letter):
                yield _R31_LETTERS(p.where, found=f"{letter})", expected=f"{want})")
            elif letter != want:
                yield _R31_ORDER(p.where, found=f"{letter})", expected=f"{want})")
            if letter_expected >= 9 and not warned_beyond_i:
                warned_beyond_i = True
                yield _R31_BEYOND(p.where, found=f"{letter})", expected="tách thành khoản, hoặc k), l), m) ...")
            letter_expected = (vn.POINT_LETTERS.index(letter) + 1) if letter in vn.POINT_LETTERS else letter_expected + 1


R32 = Family("ND30-R32", "Dấu kết thúc ./.", "Phụ lục III: mọi mẫu văn bản kết thúc phần nội dung bằng './.'",
             ADMINISTRATIVE)
_R32 = R32.check(
    "", "W", "đoạn cuối phần nội dung kết thúc bằng './.' (như các mẫu Phụ lục III)", title="kết thúc bằng './.'",
    measured="mấy chữ cuối của đoạn cuối phần nội dung",
    tolerance="chỉ các mẫu có './.', lời văn Phụ lục I không nói, nên là cảnh báo",
    example={"where": "đoạn 40 (phần IV)", "found": "về Sở Ngoại vụ.", "expected": f"... {nd30.END_MARK}"})


@runs(R32)
def r32(lay: Layout) -> Iterator[Finding]:
    body = _body(lay)
    if body and not body[-1].text.endswith(nd30.END_MARK):
        yield _R32(body[-1].where, found=body[-1].text[-10:], expected=f"... {nd30.END_MARK}")


_BASIS_KINDS = Scope("văn bản có căn cứ ban hành: " + ", ".join(nd30.ISSUING_BASIS_KINDS),
                     lambda kind: kind.type is not None and kind.type.name in nd30.ISSUING_BASIS_KINDS)
_PREAMBLE_KINDS = Scope("văn bản khác (Kế hoạch, Báo cáo ...): các dòng 'Căn cứ' mở đầu là lời văn",
                        lambda kind: not _BASIS_KINDS(kind))
_BASIS_WHERE = "đoạn 1: 'Căn cứ Luật Tổ chức chính quyền địa phươn…'"
_PREAMBLE = ("ở Kế hoạch, các dòng 'Căn cứ ...' mở đầu thường là lời văn chạy liền vào '... ban hành Kế hoạch như "
             "sau:'; coi là căn cứ ban hành là một cách hiểu, nên chỉ là cảnh báo")
R33 = Family("ND30-R33", "Các dòng căn cứ",
             "Phụ lục I, II.6.a: căn cứ ban hành chữ in thường, kiểu chữ nghiêng, cỡ chữ 13 đến 14, mỗi căn cứ một "
             "dòng, cuối dòng có dấu ';', dòng cuối cùng kết thúc bằng dấu '.'", ADMINISTRATIVE,
             measured="các đoạn mở đầu bằng 'Căn cứ', 'Theo đề nghị', 'Xét đề nghị' trước đề mục đầu tiên")
_R33_PREAMBLE_ITALIC = R33.check(
    "a", "W", "các dòng 'Căn cứ' mở đầu thường trình bày kiểu chữ nghiêng (II.6.a, căn cứ ban hành)",
    title="dòng 'Căn cứ' mở đầu chữ nghiêng", scope=_PREAMBLE_KINDS, tolerance=_PREAMBLE,
    example={"where": _BASIS_WHERE, "found": "2 dòng chữ đứng", "expected": "chữ nghiêng"})
_R33_BASIS_ITALIC = R33.check(
    "b", "E", "căn cứ ban hành văn bản trình bày kiểu chữ nghiêng", title="căn cứ ban hành chữ nghiêng",
    scope=_BASIS_KINDS, example={"where": _BASIS_WHERE, "found": "chữ đứng", "expected": "chữ nghiêng"})
_R33_BASIS_END = R33.check(
    "c", "E", "mỗi căn cứ kết thúc bằng ';', căn cứ cuối cùng bằng '.'", title="căn cứ ban hành kết thúc bằng ';' '.'",
    scope=_BASIS_KINDS, example={"where": _BASIS_WHERE, "found": ",", "expected": ";"})
_R33_PREAMBLE_END = R33.check(
    "d", "W", "mỗi căn cứ kết thúc bằng ';', căn cứ cuối cùng bằng '.'", title="dòng 'Căn cứ' cuối kết thúc bằng '.'",
    scope=_PREAMBLE_KINDS, tolerance=_PREAMBLE + "; dòng kết thúc bằng ':' (chạy vào nội dung) không bị báo",
    example={"where": _BASIS_WHERE, "found": ";", "expected": "."})


@runs(R33)
def r33(lay: Layout) -> Iterator[Finding]:
    # For a Kế hoạch the "Căn cứ ..." preamble is ordinary body text in practice (it usually runs on into
    # "... ban hành Kế hoạch như sau:"), so this rule only warns; for a decision it is the issuing basis
    # that II.6.a formats.
    sev = "E" if _BASIS_KINDS(kind_of(lay)) else "W"
    lines = []
    for p in _body(lay):
        if _ROMAN.match(p.text) or _ARABIC.match(p.text) or _dieu(lay, p.text) or _CENTRED_HEAD.match(p.text):
            break
        if p.text.startswith(_BASIS):
            lines.append(p)
    upright = [p for p in lines if not all(x.italic for x in _props(lay, p))]
    if sev == "W" and upright:
        yield _R33_PREAMBLE_ITALIC(upright[0].where, found=f"{len(upright)} dòng chữ đứng", expected="chữ nghiêng")
    for i, p in enumerate(lines):
        if sev == "E" and p in upright:
            yield _R33_BASIS_ITALIC(p.where, found="chữ đứng", expected="chữ nghiêng")
        last = i == len(lines) - 1
        end = "." if last else ";"
        runs_on = sev == "W" and p.text.endswith(":")  # "... ban hành Kế hoạch như sau:" leads into the body
        if (sev == "E" or last) and not p.text.endswith(end) and not runs_on:
            yield (_R33_BASIS_END if sev == "E" else _R33_PREAMBLE_END)(p.where, found=p.text[-1:], expected=end)


# --- signature block -------------------------------------------------------------------------

def _sig(lay: Layout) -> tuple[list[Para], list[Para]]:
    if len(lay.sig_cells) < 2:
        return (lay.sig_cells[0] if lay.sig_cells else []), []
    return lay.sig_cells[0], lay.sig_cells[-1]


def _authority(lay: Layout) -> tuple[list[Para], Para | None]:
    _, right = _sig(lay)
    lines = [p for p in _nonempty(right) if not re.fullmatch(r"\(.*\)|\[.*\]", p.text)]  # "(Đã ký)" notes
    if not lines:
        return [], None
    if lines[-1].text == lines[-1].text.upper() and lines[-1].text != lines[-1].text.lower():
        return lines, None  # all capitals: a position line, the name is not typed yet (a draft)
    return lines[:-1], lines[-1]


_AUTH_WHERE = "khối ký, bên phải, ô (1,2), đoạn 1"
_SIGN_CLAUSE = ("Phụ lục I, II.7.b, đ: quyền hạn (TM., KT., TL., TUQ., Q.), chức vụ người ký chữ in hoa, cỡ chữ 13 "
                "đến 14, kiểu chữ đứng, đậm (ô 7a); họ tên người ký chữ in thường, cỡ chữ 13 đến 14, kiểu chữ đứng, "
                "đậm, canh giữa so với quyền hạn, chức vụ (ô 7b); trước họ tên không ghi học hàm, học vị (II.7.c)")
R34 = Family("ND30-R34", "Bảng Nơi nhận - chữ ký",
             "Phụ lục I, IV (sơ đồ: ô 9b bên trái, ô 7a, 7b, 7c bên phải cùng hàng); Phụ lục III, Mẫu 1.4",
             ADMINISTRATIVE, measured="bảng có 'Nơi nhận:' sau phần nội dung: số cột, đường viền",
             tolerance=_TABLE_PRACTICE)
_R34_NONE = R34.check("a", "W", "thiếu khối Nơi nhận và chữ ký (bảng 2 cột)", title="có khối Nơi nhận và chữ ký",
                      example={"where": "cuối văn bản", "found": "không có", "expected": "bảng 2 cột không viền"})
_R34_COLUMNS = R34.check("b", "W", "khối Nơi nhận và chữ ký nên là bảng 2 cột", title="khối ký hai cột",
                         example={"where": "khối ký", "found": "3 cột", "expected": "2 cột"})
_R34_BORDERS = R34.check("c", "W", "bảng Nơi nhận - chữ ký không có đường viền", title="khối ký không viền",
                         example={"where": "khối ký", "found": "có viền", "expected": "không viền"})


@runs(R34)
def r34(lay: Layout) -> Iterator[Finding]:
    if lay.sig is None:
        yield _R34_NONE("cuối văn bản", found="không có", expected="bảng 2 cột không viền")
        return
    if len(lay.sig_cells) != 2:
        yield _R34_COLUMNS("khối ký", found=f"{len(lay.sig_cells)} cột", expected="2 cột")
    if _visible_borders(lay.sig, lay):
        yield _R34_BORDERS("khối ký", found="có viền", expected="không viền")


_MARK = re.compile(r"^(TM|KT|TL|TUQ|Q)\.")




def by_spaces(family: Family, letter: str, name: str, where: str) -> Check:
    """Declare the warning that an element is centred by typed spaces or tabs, not by its alignment."""
    return family.check(
        letter, "W", f"{name} canh giữa bằng dấu cách hoặc tab; nên đặt căn giữa",
        title=f"{name} căn giữa bằng định dạng", measured="dòng trông canh giữa nhưng không đặt căn giữa",
        tolerance="canh giữa bằng dấu cách hoặc tab in ra đúng nhưng lệch ngay khi sửa chữ, đổi phông, nên là cảnh "
                  "báo", example={"where": where, "found": "căn bằng dấu cách", "expected": "căn giữa"})


R35 = Family("ND30-R35", "Quyền hạn, chức vụ người ký", _SIGN_CLAUSE, ADMINISTRATIVE,
             measured="các dòng chữ in hoa ở ô bên phải khối ký, trên họ tên người ký (bỏ ghi chú '(Đã ký)')")
_R35_MISSING = R35.check("a", "E", "thiếu dòng quyền hạn, chức vụ người ký", title="có dòng quyền hạn, chức vụ",
                         example={"where": "khối ký, bên phải", "found": "không có",
                                  "expected": f"{nd30.UBND_COLLECTIVE} / CHỦ TỊCH"})
_R35_MARK_SPACE = R35.check("b", "E", "sau dấu chấm của TM., KT. ... có một dấu cách", title="dấu cách sau TM., KT.",
                            example={"where": _AUTH_WHERE, "found": "KT.CHỦ TỊCH", "expected": "KT. CHỦ TỊCH"})
_R35_UPPER = R35.check("c", "E", "quyền hạn, chức vụ người ký viết chữ in hoa", title="quyền hạn, chức vụ chữ in hoa",
                       measured=_UPPER, example={"where": _AUTH_WHERE, "found": "Kt. Chủ tịch", "expected": "KT. CHỦ TỊCH"})
_R35_TM_FIRST = R35.check("d", "E", "dòng TM. đứng đầu khối chữ ký", title="dòng TM. đứng đầu",
                          clause="Phụ lục I, II.7.b: ký thay mặt tập thể ghi 'TM.' trước tên tập thể",
                          example={"where": "khối ký, bên phải, ô (1,2), đoạn 2", "found": "dòng 2",
                                   "expected": "dòng 1"})
_R35_POSITION = R35.check(
    "e", "E", "sau dòng {mark}. có dòng chức vụ của người ký", title="có chức vụ người ký sau KT., TL., TUQ.",
    clause="Phụ lục I, II.7.b: KT., TL., TUQ. ghi trước chức vụ của người đứng đầu; dưới là chức vụ của người ký",
    measured="dòng KT., TL., TUQ. là dòng quyền hạn cuối cùng",
    example={"where": "khối ký, bên phải, ô (1,2), đoạn 2", "found": "không có", "expected": "PHÓ CHỦ TỊCH",
             "mark": "KT"})
_R35_LOOK = form(R35, "fgh", "quyền hạn, chức vụ", _AUTH_WHERE, bold=True, italic=False, size=SIZE["quyen_han"])
_R35_CENTRE = centring(R35, "i", "quyền hạn, chức vụ", _AUTH_WHERE)
_R35_SPACES = by_spaces(R35, "j", "quyền hạn, chức vụ", _AUTH_WHERE)
_R35_COLLECTIVE = R35.check(
    "k", "W", f"Kế hoạch ký thay mặt tập thể Ủy ban nhân dân thường có dòng '{nd30.UBND_COLLECTIVE}'",
    title="dòng TM. ỦY BAN NHÂN DÂN ở Kế hoạch của UBND",
    scope=Scope("Kế hoạch của Ủy ban nhân dân", lambda kind: kind.is_ubnd and kind.is_ke_hoach),
    measured="dòng quyền hạn đầu tiên bắt đầu bằng 'TM.'",
    tolerance="nhiều kế hoạch của UBND ký thẳng 'KT. CHỦ TỊCH'; Phụ lục I không nói kế hoạch nào là việc của tập "
              "thể, nên là cảnh báo",
    example={"where": _AUTH_WHERE, "found": "KT. CHỦ TỊCH", "expected": nd30.UBND_COLLECTIVE})


@runs(R35)
def r35(lay: Layout) -> Iterator[Finding]:
    lines, _ = _authority(lay)
    kind = kind_of(lay)
    if lay.sig is not None and not lines:
        yield _R35_MISSING("khối ký, bên phải", found="không có", expected=_authority_example(kind))
    for i, p in enumerate(lines):
        if re.match(r"^(TM|KT|TL|TUQ|Q)\.(?! )", p.text):
            yield _R35_MARK_SPACE(p.where, found=p.text, expected=re.sub(r"^(TM|KT|TL|TUQ|Q)\.", r"\1. ", p.text))
        if not _is_upper(lay, p):
            yield _R35_UPPER(p.where, found=p.text, expected=p.text.upper())
        if p.text.startswith("TM.") and i != 0:
            yield _R35_TM_FIRST(p.where, found=f"dòng {i + 1}", expected="dòng 1")
        m = _MARK.match(p.text)
        if m and m.group(1) in ("KT", "TL", "TUQ") and i == len(lines) - 1:
            # KT.: the head's deputy signs ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"); TL., TUQ.: another office's head.
            deputy = f"PHÓ {p.text[m.end():].strip()}" if m.group(1) == "KT" else "<CHỨC VỤ NGƯỜI KÝ>"
            yield _R35_POSITION(p.where, found="không có", expected=deputy, mark=m.group(1))
        yield from check_form(_R35_LOOK, lay, p)
        yield from _centred_in_block(lay, p, _R35_CENTRE, _R35_SPACES)
    if lines and _R35_COLLECTIVE.applies(kind) and not lines[0].text.startswith("TM."):
        yield _R35_COLLECTIVE(lines[0].where, found=lines[0].text, expected=nd30.UBND_COLLECTIVE)


def _authority_example(kind: Kind) -> str:
    """The authority lines a document of this issuer usually opens its signature with."""
    if kind.is_ubnd or not kind.issuer:
        return f"{nd30.UBND_COLLECTIVE} / CHỦ TỊCH"
    head = head_title(kind.issuer_name)
    return f"KT. {vn.upper(head)} / PHÓ {vn.upper(head)}" if head else "<QUYỀN HẠN, CHỨC VỤ NGƯỜI KÝ>"


def _centred_in_block(lay: Layout, p: Para, off: Check, by_spaces: Check) -> Iterator[Finding]:
    """Centred in the signer's cell; centring by typed spaces reads as centred but is fragile (W)."""
    if not centred(lay, p):
        yield from off_centre(off, lay, p)
    elif lay.resolver.para(p.el).align != "center":
        yield by_spaces(p.where, found="căn bằng dấu cách", expected="căn giữa")


_NAME_WHERE_SIG = "khối ký, bên phải, ô (1,2), đoạn 6"
R36 = Family("ND30-R36", "Họ tên người ký", _SIGN_CLAUSE, ADMINISTRATIVE,
             measured="dòng cuối ô bên phải khối ký, khi không phải chữ in hoa")
_R36_DRAFT = R36.check("a", "W", "dự thảo: chưa có họ tên người ký", title="dự thảo chưa có họ tên",
                       tolerance="bản dự thảo có thể chưa biết người ký, nên là cảnh báo",
                       example={"where": _AUTH_WHERE, "found": "không có", "expected": "Nguyễn Văn A"})
_R36_TITLE = R36.check(
    "b", "E", "trước họ tên người ký không ghi học hàm, học vị", title="không ghi học hàm, học vị",
    measured="họ tên bắt đầu bằng GS, PGS, TS, ThS, KS, BS, CN, TSKH hoặc có 'Giáo sư', 'Tiến sĩ', 'Thạc sĩ'",
    example={"where": _NAME_WHERE_SIG, "found": "TS. Nguyễn Văn Bình", "expected": "Nguyễn Văn Bình"})
_R36_CASE = R36.check(
    "c", "W", "họ tên viết in thường, hoa chữ cái đầu mỗi chữ", title="họ tên hoa chữ cái đầu",
    tolerance="có tên riêng viết khác quy tắc chung (tên người dân tộc, tên nước ngoài), nên là cảnh báo",
    example={"where": _NAME_WHERE_SIG, "found": "Nguyễn văn bình", "expected": "Nguyễn Văn Bình"})
_R36_LOOK = form(R36, "def", "họ tên người ký", _NAME_WHERE_SIG, bold=True, italic=False, size=SIZE["ho_ten"])
_R36_CENTRE = centring(R36, "g", "họ tên người ký", _NAME_WHERE_SIG)
_R36_SPACES = by_spaces(R36, "h", "họ tên người ký", _NAME_WHERE_SIG)


@runs(R36)
def r36(lay: Layout) -> Iterator[Finding]:
    lines, name = _authority(lay)
    if name is None:
        if lines:
            yield _R36_DRAFT(lines[-1].where, found="không có", expected="Nguyễn Văn A")
        return
    if re.match(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.?\s", name.text) or re.search(r"Giáo sư|Tiến sĩ|Thạc sĩ", name.text):
        yield _R36_TITLE(name.where, found=name.text, expected=re.sub(r"^\S+\.?\s", "", name.text))
    if name.text != " ".join(w[:1].upper() + w[1:].lower() for w in name.text.split()):
        yield _R36_CASE(name.where, found=name.text,
                        expected=" ".join(w[:1].upper() + w[1:].lower() for w in name.text.split()))
    yield from check_form(_R36_LOOK, lay, name)
    yield from _centred_in_block(lay, name, _R36_CENTRE, _R36_SPACES)


R37 = Family("ND30-R37", "Khoảng trống để ký",
             "Phụ lục I, II.7.đ, II.8: chữ ký (ô 7c) và dấu (ô 8) đặt giữa chức vụ và họ tên người ký", ADMINISTRATIVE)
_R37 = R37.check(
    "", "W", "chừa khoảng trống để ký và đóng dấu", title="chừa chỗ ký và đóng dấu",
    measured="khoảng cách từ dòng chức vụ cuối đến họ tên: khoảng cách đoạn cộng các dòng trống (mỗi dòng 1,15 lần "
             "cỡ chữ)",
    tolerance="Phụ lục I không nêu độ cao; dưới 36 pt (khoảng ba dòng) thì khó ký và đóng dấu, nên là cảnh báo",
    example={"where": _NAME_WHERE_SIG, "found": "14 pt", "expected": "≥ 36 pt"})


@runs(R37)
def r37(lay: Layout) -> Iterator[Finding]:
    lines, name = _authority(lay)
    if not lines or name is None:
        return
    _, right = _sig(lay)
    start, end = right.index(lines[-1]), right.index(name)
    space = lay.resolver.para(lines[-1].el).after_pt + lay.resolver.para(name.el).before_pt
    seen: set[etree._Element] = {lines[-1].el, name.el}
    for p in right[start + 1:end]:
        line = (lay.resolver.run(None, p.el).size or 14) * 1.15
        if p.runs is not None and not p.text:
            space += line  # an empty line made by w:br
        elif p.el not in seen:
            seen.add(p.el)
            props = lay.resolver.para(p.el)
            space += line + props.before_pt + props.after_pt
    if space < 36:
        yield _R37(name.where, found=f"{space:.0f} pt", expected="≥ 36 pt")


def flush(family: Family, letter: str, name: str, where: str) -> Check:
    """Declare the check that an element starts at the left margin, as the reader sees it."""
    return family.check(
        letter, "E", f"{name} sát lề trái", title=f"{name} sát lề trái",
        measured="chỗ dòng chữ bắt đầu, tính từ lề trái của trang: thụt lề bảng, lề ô, thụt lề đoạn, dấu cách và "
                 "tab gõ ở đầu dòng; căn giữa hay căn phải là không sát lề",
        tolerance=f"{FLUSH_TOLERANCE_CM:g} cm (vài ký tự): người đọc vẫn thấy dòng sát lề".replace(".", ","),
        example={"where": where, "found": "cách lề 1,27 cm", "expected": "cách lề 0 cm"})


def _flush_left(check: Check, lay: Layout, p: Para) -> Iterator[Finding]:
    """'Sát lề trái' (II.9.d): where the line starts, whatever alignment or indent puts it there."""
    align = lay.resolver.para(p.el).align
    if align in ("center", "right"):
        yield check(p.where, found=_ALIGN_VI[align], expected="sát lề trái")
        return
    pos = flush_left_cm(lay, p)
    if abs(pos) > FLUSH_TOLERANCE_CM:
        yield check(p.where, found=f"cách lề {pos:.2f} cm".replace(".", ","), expected="cách lề 0 cm")


_RECIPIENTS_CLAUSE = ("Phụ lục I, II.9.d (ô 9b): từ 'Nơi nhận' trên một dòng riêng, ngang hàng với dòng quyền hạn, "
                      "chức vụ người ký, sát lề trái, sau có dấu hai chấm, chữ in thường, cỡ chữ 12, kiểu chữ nghiêng, "
                      "đậm; phần liệt kê cỡ chữ 11, kiểu chữ đứng, mỗi nơi nhận một dòng, đầu dòng có gạch ngang, "
                      "cuối dòng có dấu chấm phẩy, dòng cuối 'Lưu: VT, <chữ viết tắt đơn vị soạn thảo>' rồi dấu chấm")
_LABEL_WHERE = "khối ký, bên trái, ô (1,1), đoạn 1"
_ENTRY_WHERE = "khối ký, bên trái, ô (1,1), đoạn 2"
R38 = Family("ND30-R38", "Chữ 'Nơi nhận:'", _RECIPIENTS_CLAUSE, ADMINISTRATIVE,
             measured="dòng đầu tiên có chữ ở ô bên trái khối ký")
_R38_TEXT = R38.check("a", "E", "từ 'Nơi nhận' trên một dòng riêng, sau có dấu hai chấm", title="dòng 'Nơi nhận:'",
                      example={"where": _LABEL_WHERE, "found": "Nơi nhận", "expected": nd30.NOI_NHAN_LABEL})
_R38_LOOK = form(R38, "bcd", "chữ 'Nơi nhận:'", _LABEL_WHERE, bold=True, italic=True, size=SIZE["noi_nhan_label"])
_R38_FLUSH = flush(R38, "e", "chữ 'Nơi nhận:'", _LABEL_WHERE)
_R38_LEVEL = R38.check(
    "f", "W", "chữ 'Nơi nhận:' ngang hàng với dòng quyền hạn, chức vụ người ký", title="'Nơi nhận:' ngang hàng chức vụ",
    measured="dòng 'Nơi nhận:' và dòng quyền hạn đầu tiên cùng một hàng của bảng khối ký",
    tolerance="khác hàng bảng vẫn có thể in ngang nhau, nên là cảnh báo",
    example={"where": _LABEL_WHERE, "found": "khác hàng bảng", "expected": f"cùng hàng với '{nd30.UBND_COLLECTIVE}'"})


@runs(R38)
def r38(lay: Layout) -> Iterator[Finding]:
    left, _ = _sig(lay)
    lab = _nonempty(left)[:1]
    if lay.sig is None or not lab:
        return
    p = lab[0]
    if p.text != nd30.NOI_NHAN_LABEL:
        yield _R38_TEXT(p.where, found=p.text, expected=nd30.NOI_NHAN_LABEL)
    yield from check_form(_R38_LOOK, lay, p)
    yield from _flush_left(_R38_FLUSH, lay, p)
    lines, _ = _authority(lay)
    if lines and _row(lines[0].el) is not _row(p.el):
        yield _R38_LEVEL(p.where, found="khác hàng bảng", expected=f"cùng hàng với '{lines[0].text}'")


_DRAFTER = re.compile(r"^[A-ZĐ][A-ZĐ0-9]*\.\(\d+\)$")


def _entries(lay: Layout) -> list[Para]:
    """The Nơi nhận lines under the label, without a drafter code ("PL.(300)", ô 12) after them."""
    left, _ = _sig(lay)
    items = _nonempty(left)[1:]
    while items and _DRAFTER.match(items[-1].text):
        items.pop()
    return items


R41 = Family("ND30-R41", "Ký hiệu người soạn thảo, số bản",
             "Phụ lục I, III.3 (ô 12): ký hiệu chữ in hoa, số lượng bản bằng chữ số Ả Rập, cỡ chữ 11, kiểu chữ đứng",
             ADMINISTRATIVE, measured="dòng dạng 'PL.(300)' dưới Nơi nhận")
_R41_LOOK = form(R41, "ab", "ký hiệu người soạn thảo và số bản", "khối ký, bên trái, ô (1,1), đoạn 9", italic=False,
                 size=SIZE["ma_nguoi_soan"], severity="W",
                 tolerance="thành phần không bắt buộc, ít người đọc tới, nên là cảnh báo")


@runs(R41)
def r41(lay: Layout) -> Iterator[Finding]:
    left, _ = _sig(lay)
    for p in _nonempty(left)[1:]:
        if _DRAFTER.match(p.text):
            yield from check_form(_R41_LOOK, lay, p)


R39 = Family("ND30-R39", "Các dòng Nơi nhận", _RECIPIENTS_CLAUSE, ADMINISTRATIVE,
             measured="các dòng dưới 'Nơi nhận:' ở ô bên trái khối ký (trừ ký hiệu người soạn thảo ở cuối)")
_R39_FORM = R39.check("a", "E", "mỗi nơi nhận trên một dòng, đầu dòng có '-', cuối dòng có ';'",
                      title="dòng nơi nhận dạng '- ...;'",
                      example={"where": _ENTRY_WHERE, "found": "Bộ Ngoại giao", "expected": "- Bộ Ngoại giao;"})
_R39_LOOK = form(R39, "bc", "dòng nơi nhận", _ENTRY_WHERE, italic=False, size=SIZE["noi_nhan"])
_R39_BOLD = R39.check("d", "W", "dòng nơi nhận kiểu chữ đứng, không đậm", title="dòng nơi nhận không đậm",
                      measured=f"chữ đậm ở dòng nơi nhận, {_RESOLVED}",
                      tolerance="Phụ lục I nói kiểu chữ đứng, không nói đậm hay không, nên là cảnh báo",
                      example={"where": _ENTRY_WHERE, "found": "đậm", "expected": "không đậm"})
_R39_FLUSH = flush(R39, "e", "gạch đầu dòng nơi nhận", _ENTRY_WHERE)


@runs(R39)
def r39(lay: Layout) -> Iterator[Finding]:
    entries = _entries(lay)
    for i, p in enumerate(entries):
        last = i == len(entries) - 1
        if not last and not re.fullmatch(r"- \S.*;", p.text):
            fixed = "- " + p.text.lstrip("-–+• ").rstrip(".;,") + ";"
            yield _R39_FORM(p.where, found=p.text, expected=fixed)
        yield from check_form(_R39_LOOK, lay, p)
        if any(x.bold for x in _props(lay, p)):
            yield _R39_BOLD(p.where, found="đậm", expected="không đậm")
        yield from _flush_left(_R39_FLUSH, lay, p)


_KEEP_WHERE = "khối ký, bên trái, ô (1,1), đoạn 8"
R40 = Family("ND30-R40", "Dòng Lưu", _RECIPIENTS_CLAUSE, ADMINISTRATIVE,
             measured="dòng cuối cùng dưới 'Nơi nhận:' (trước ký hiệu người soạn thảo)")
_R40_FORM = R40.check("a", "E", "dòng cuối Nơi nhận: 'Lưu: VT, <đơn vị soạn thảo>', cuối cùng là dấu chấm",
                      title="dòng '- Lưu: VT, ...'",
                      example={"where": _KEEP_WHERE, "found": "- Lưu: VT, NC", "expected": "- Lưu: VT, NC."})
_R40_UNIT = R40.check("b", "W", "dòng Lưu nên ghi đơn vị soạn thảo", title="dòng Lưu có đơn vị soạn thảo",
                      tolerance="'- Lưu: VT.' vẫn đúng dạng; thiếu đơn vị soạn thảo chỉ là cảnh báo",
                      example={"where": _KEEP_WHERE, "found": "- Lưu: VT.", "expected": "- Lưu: VT, <đơn vị>."})


@runs(R40)
def r40(lay: Layout) -> Iterator[Finding]:
    entries = _entries(lay)
    if lay.sig is None or not entries:
        return
    p = entries[-1]
    if not re.fullmatch(r"- Lưu:\s?VT(, ?[^;]+)?\.", p.text):
        unit = re.sub(r"^-?\s*Lưu:?\s*(VT,?\s*)?", "", p.text).rstrip(".;") or "<đơn vị soạn thảo>"
        yield _R40_FORM(p.where, found=p.text, expected=f"- Lưu: VT, {unit}.")
    elif p.text == "- Lưu: VT.":
        yield _R40_UNIT(p.where, found=p.text, expected="- Lưu: VT, <đơn vị>.")


# --- appendices ------------------------------------------------------------------------------

_APPX_HEAD = re.compile(r"^Phụ lục( ([IVXLC]+|\d+))?$")


_APPX_CLAUSE = ("Phụ lục I, III.1: văn bản có phụ lục thì phải chỉ dẫn về phụ lục đó; từ hai phụ lục trở lên thì "
                "đánh số thứ tự bằng chữ số La Mã; từ 'Phụ lục' và số thứ tự trên một dòng riêng, canh giữa, chữ in "
                "thường, cỡ chữ 14, kiểu chữ đứng, đậm; tên phụ lục canh giữa, chữ in hoa, cỡ chữ 13 đến 14, kiểu "
                "chữ đứng, đậm; dưới tên là thông tin chỉ dẫn (số, ký hiệu, thời gian, cơ quan ban hành); số trang "
                "đánh riêng theo từng phụ lục")
_APPX_WHERE = "phụ lục 1, đoạn 1"
_REF_WHERE = "phụ lục 1, đoạn 3"
R42 = Family("ND30-R42", "Vị trí phụ lục", _APPX_CLAUSE, ADMINISTRATIVE,
             measured="các phụ lục sau khối ký: dòng 'Phụ lục', 'Phụ lục I' mở đầu mỗi phần")
_R42_PAGE = R42.check(
    "a", "E", "phụ lục bắt đầu ở trang mới", title="phụ lục bắt đầu trang mới",
    measured="phụ lục mở một phân đoạn mới sang trang, có ngắt trang hoặc 'ngắt trang trước' (page break before)",
    clause="Phụ lục III, Mẫu 2.1 (phụ lục trình bày trên trang riêng)",
    example={"where": _APPX_WHERE, "found": "cùng trang với phần trước", "expected": "trang mới"})
_R42_NUMBERS = R42.check(
    "b", "E", "có từ hai phụ lục trở lên thì đánh số thứ tự bằng chữ số La Mã", title="phụ lục đánh số La Mã",
    measured="số La Mã sau 'Phụ lục' so với thứ tự phụ lục (I, II, III ...)",
    example={"where": "phụ lục 2, đoạn 1", "found": "Phụ lục 2", "expected": "Phụ lục II"})


@runs(R42)
def r42(lay: Layout) -> Iterator[Finding]:
    n = len(lay.appendices)
    sections = _sections(lay)
    for k, ap in enumerate(lay.appendices, start=1):
        head = ap.paras[0]
        m = _APPX_HEAD.match(head.text)
        new_section_page = (ap.section > lay.sig_section and ap.section < len(sections)
                            and _starts_on_new_page(sections[ap.section]))
        if not (new_section_page or _page_break_before(head.el)):
            yield _R42_PAGE(head.where, found="cùng trang với phần trước", expected="trang mới")
        numeral = m.group(2) if m else None
        if n >= 2 and numeral != vn.roman(k):
            yield _R42_NUMBERS(head.where, found=head.text, expected=f"Phụ lục {vn.roman(k)}")


def _starts_on_new_page(section: Section) -> bool:
    kind = section._sectPr.find(qn("w:type"))
    return kind is None or kind.get(qn("w:val")) in ("nextPage", "oddPage", "evenPage")


def _page_break_before(p: etree._Element) -> bool:
    ppr = p.find(f"{W}pPr")
    if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
        return True
    prev = p.getprevious()
    while prev is not None and prev.tag == f"{W}p" and not norm(para_text(prev)) and \
            not any(br.get(qn("w:type")) == "page" for br in prev.iter(f"{W}br")) and prev.find(f".//{W}sectPr") is None:
        prev = prev.getprevious()
    if prev is None:
        return True
    return any(br.get(qn("w:type")) == "page" for br in prev.iter(f"{W}br"))


R43 = Family("ND30-R43", "Chữ 'Phụ lục'", _APPX_CLAUSE, WITH_APPENDIX, measured="dòng đầu tiên của mỗi phụ lục")
_R43_CASE = R43.check("a", "E", "từ 'Phụ lục' trình bày bằng chữ in thường", title="'Phụ lục' chữ in thường",
                      example={"where": _APPX_WHERE, "found": "PHỤ LỤC I", "expected": "Phụ lục I"})
_R43_LOOK = form(R43, "bcd", "chữ 'Phụ lục'", _APPX_WHERE, bold=True, italic=False, size=SIZE["phu_luc"])
_R43_CENTRE = centring(R43, "e", "chữ 'Phụ lục'", _APPX_WHERE)


@runs(R43)
def r43(lay: Layout) -> Iterator[Finding]:
    for ap in lay.appendices:
        head = ap.paras[0]
        if head.text.startswith("PHỤ LỤC") or head.text.startswith("phụ lục"):
            yield _R43_CASE(head.where, found=head.text, expected="Phụ lục" + head.text[7:])
        yield from check_form(_R43_LOOK, lay, head)
        yield from off_centre(_R43_CENTRE, lay, head)


def _appx_parts(ap: Appendix) -> tuple[list[Para], list[Para]]:
    """(title lines, reference lines) under the heading: the title may run over several paragraphs, and
    so may the reference "(Kèm theo ...)"."""
    rest = _nonempty(ap.paras[1:])
    title: list[Para] = []
    while rest and not rest[0].text.startswith("(") and len(title) < 3:
        title.append(rest.pop(0))
    ref: list[Para] = []
    for p in rest:
        if not ref and not p.text.startswith("("):
            break
        ref.append(p)
        if p.text.endswith(")"):
            break
    return title, ref


_APPX_TITLE_WHERE = "phụ lục 1, đoạn 2"
R44 = Family("ND30-R44", "Tên phụ lục", _APPX_CLAUSE, WITH_APPENDIX,
             measured="các dòng dưới chữ 'Phụ lục' đến dòng mở ngoặc '(' (nhiều nhất ba dòng); tên phụ lục không bắt "
                      "buộc")
_R44_UPPER = R44.check("a", "E", "tên phụ lục trình bày bằng chữ in hoa", title="tên phụ lục chữ in hoa",
                       example={"where": _APPX_TITLE_WHERE, "found": "Kế hoạch đoàn ra năm 2026",
                                "expected": "KẾ HOẠCH ĐOÀN RA NĂM 2026"})
_R44_LOOK = form(R44, "bcd", "tên phụ lục", _APPX_TITLE_WHERE, bold=True, italic=False, size=SIZE["phu_luc_tieu_de"])
_R44_CENTRE = centring(R44, "e", "tên phụ lục", _APPX_TITLE_WHERE)


@runs(R44)
def r44(lay: Layout) -> Iterator[Finding]:
    for ap in lay.appendices:
        titles, _ = _appx_parts(ap)
        # "tên Phụ lục (nếu có)": a title is optional (III.1.b)
        for title in titles:
            if not _is_upper(lay, title):
                yield _R44_UPPER(title.where, found=title.text[:40], expected=title.text[:40].upper())
            yield from check_form(_R44_LOOK, lay, title)
            yield from off_centre(_R44_CENTRE, lay, title)


_REF_NUMBER = re.compile(r"số\s*(?P<no>[^/\s]*)\s*/\s*(?P<sym>[^\s,;)]+)", re.IGNORECASE)


def _date_key(text: str) -> tuple[int | None, ...] | None:
    """(day, month, year) of 'ngày 05 tháng 3 năm 2026' or 'ngày 05/3/2026', blanks as None."""
    t = norm(text)
    m = re.search(r"ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d*)", t) or re.search(r"ngày\s*(\d*)\s*/\s*(\d*)\s*/\s*(\d*)", t)
    if not m:
        return None
    return tuple(int(g) if g else None for g in m.groups())


def _reference_example(lay: Layout, so: Para | None, date: Para | None) -> str:
    """The appendix's reference line this document should carry: its own type, number, symbol, date and
    issuer as the header gives them (a sample number, day or month where a draft leaves them blank)."""
    kind = kind_of(lay)
    so_m = _SO.match(so.text) if so is not None else None
    number = (so_m.group("n").strip(" .…_") if so_m else "") or "05"
    head = (_date_key(date.text) if date is not None else None) or (None, None, None)
    day, month, year = (known or sample for known, sample in zip(head, (5, 1, 2026), strict=True))
    name = kind.type.name if kind.type is not None else nd30.KE_HOACH.name
    issuer = kind.issuer_name or _SOME_ISSUER
    return f"(Kèm theo {name} số {number}/{_own_symbol(kind)} {vn.date_words(year, month, day)} của {issuer})"


_REF_SAMPLE = "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu)"
R45 = Family("ND30-R45", "Dòng 'Kèm theo'",
             "Phụ lục I, III.1.c: thông tin chỉ dẫn trên mỗi phụ lục gồm số, ký hiệu, thời gian ban hành và tên cơ "
             "quan ban hành văn bản, chữ in thường, cỡ chữ 13 đến 14, kiểu chữ nghiêng, canh giữa; ghi đầy đủ ở văn "
             "bản giấy, văn bản điện tử có thể để trống số, ngày", WITH_APPENDIX,
             measured="các dòng trong ngoặc đơn dưới tên phụ lục, có chữ 'kèm theo' (có thể nhiều đoạn liền nhau)",
             tolerance="Phụ lục I nêu nội dung, không nêu câu chữ: '(Ban hành kèm theo Kế hoạch số ... của Chủ tịch "
                       "UBND tỉnh ...)' cũng đúng")
_R45_MISSING = R45.check(
    "a", "E", "dưới tên phụ lục ghi thông tin chỉ dẫn: số, ký hiệu, thời gian và cơ quan ban hành văn bản",
    title="có dòng 'Kèm theo'", example={"where": _REF_WHERE, "found": "không có", "expected": _REF_SAMPLE})
_R45_CONTENT = R45.check(
    "b", "E", "dòng 'Kèm theo' ghi số, ký hiệu và ngày tháng năm của văn bản", title="dòng 'Kèm theo' có số, ngày",
    measured="'số .../...' và 'ngày ... tháng ... năm ...' (hoặc 'ngày .../.../...') trong dòng 'Kèm theo'",
    example={"where": _REF_WHERE, "found": "(Kèm theo Kế hoạch của Ủy ban nhân dân tỉnh)", "expected": _REF_SAMPLE})
_R45_DRAFT = R45.check(
    "c", "W", "dự thảo: dòng 'Kèm theo' chưa có số hoặc ngày văn bản", title="dự thảo: 'Kèm theo' chưa có số, ngày",
    tolerance=_DRAFT + "; Phụ lục I, III.1.c cho phép để trống ở văn bản điện tử",
    example={"where": _REF_WHERE, "found": "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng 12 năm 2026",
             "expected": _REF_SAMPLE})
_R45_NUMBER = R45.check("d", "E", "số văn bản ở dòng 'Kèm theo' khác số ở đầu văn bản",
                        title="số ở 'Kèm theo' bằng số văn bản",
                        example={"where": _REF_WHERE, "found": "12", "expected": "15"})
_R45_DATE = R45.check("e", "E", "ngày ở dòng 'Kèm theo' khác ngày ban hành", title="ngày ở 'Kèm theo' bằng ngày ban hành",
                      example={"where": _REF_WHERE, "found": "10/3/2026", "expected": "9/3/2026"})
_R45_LOOK = form(R45, "fg", "dòng 'Kèm theo'", _REF_WHERE, italic=True, size=SIZE["phu_luc_kem_theo"])
_R45_BOLD = R45.check("h", "W", "dòng 'Kèm theo' in nghiêng, không đậm", title="dòng 'Kèm theo' không đậm",
                      measured=f"chữ đậm ở dòng 'Kèm theo', {_RESOLVED}",
                      tolerance="Phụ lục I nói kiểu chữ nghiêng, không nói đậm hay không, nên là cảnh báo",
                      example={"where": _REF_WHERE, "found": "đậm", "expected": "không đậm"})
_R45_CENTRE = centring(R45, "i", "dòng 'Kèm theo'", _REF_WHERE)


@runs(R45)
def r45(lay: Layout) -> Iterator[Finding]:
    so, date = _so(lay), _date(lay)
    example = _reference_example(lay, so, date)
    for ap in lay.appendices:
        _, ref = _appx_parts(ap)
        text = " ".join(p.text for p in ref)
        if not ref or "kèm theo" not in text.lower():
            yield _R45_MISSING((ref[0] if ref else ap.paras[0]).where, found=text[:60] or "không có",
                               expected=example)
            continue
        number = _REF_NUMBER.search(text)
        when = _date_key(text)
        if number is None or when is None:
            yield _R45_CONTENT(ref[0].where, found=text[:60], expected=example)
        else:
            no = number.group("no").strip(" .…_")
            if not no or None in when:
                yield _R45_DRAFT(ref[0].where, found=text[:60], expected=example)
            so_m = _SO.match(so.text) if so is not None else None
            head_no = so_m.group("n").strip(" .…_") if so_m else ""
            if no and head_no and no.lstrip("0") != head_no.lstrip("0"):
                yield _R45_NUMBER(ref[0].where, found=no, expected=head_no)
            if date is not None:
                head = _date_key(date.text)
                if head and None not in head and None not in when and head != when:
                    yield _R45_DATE(ref[0].where, found="/".join(str(x) for x in when),
                                    expected="/".join(str(x) for x in head))
        for p in ref:
            yield from check_form(_R45_LOOK, lay, p)
            if any(x.bold for x in _props(lay, p)):
                yield _R45_BOLD(p.where, found="đậm", expected="không đậm")
            yield from off_centre(_R45_CENTRE, lay, p)


R46 = Family("ND30-R46", "Số trang phụ lục", "Phụ lục I, III.1.đ: số trang của phụ lục được đánh số riêng theo từng "
             "phụ lục; I.7: số trang ở lề trên", ADMINISTRATIVE, measured="phân đoạn (section) của mỗi phụ lục")
_R46_RESTART = R46.check(
    "a", "E", "số trang của phụ lục được đánh riêng theo từng phụ lục", title="số trang phụ lục đánh lại từ 1",
    measured="phân đoạn của phụ lục đặt 'bắt đầu từ 1' (pgNumType start=1)",
    example={"where": _APPX_WHERE, "found": "nối tiếp số trang văn bản", "expected": "bắt đầu lại từ 1"})
_R46_NUMBER = R46.check(
    "b", "E", "phụ lục có số trang ở lề trên", title="phụ lục có số trang",
    measured="đầu trang riêng của phân đoạn phụ lục có trường PAGE (đầu trang nối với văn bản thì R10 kiểm tra)",
    example={"where": _APPX_WHERE, "found": "không có", "expected": "trường PAGE ở đầu trang"})


@runs(R46)
def r46(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    for ap in lay.appendices:
        if ap.section >= len(sections) or ap.section == lay.sig_section:
            continue
        s = sections[ap.section]
        pg = s._sectPr.find(qn("w:pgNumType"))
        if pg is None or pg.get(qn("w:start")) != "1":
            yield _R46_RESTART(ap.paras[0].where, found="nối tiếp số trang văn bản", expected="bắt đầu lại từ 1")
        # A header linked to the plan's shows the plan's PAGE field (R10 speaks for that one).
        if not s.header.is_linked_to_previous and not _page_paras(s.header._element):
            yield _R46_NUMBER(ap.paras[0].where, found="không có", expected="trường PAGE ở đầu trang")


R47 = Family("ND30-R47", "Dẫn chiếu phụ lục trong văn bản", _APPX_CLAUSE, ADMINISTRATIVE)
_R47 = R47.check(
    "", "E", "trong văn bản phải có chỉ dẫn về phụ lục", title="phụ lục được dẫn trong văn bản",
    clause="Phụ lục I, III.1.a: văn bản có phụ lục kèm theo thì trong văn bản phải có chỉ dẫn về phụ lục đó",
    measured="dòng đầu của mỗi phụ lục ('Phụ lục II') có trong lời văn, trích yếu hoặc ghi chú dưới tên loại "
             "(không phân biệt hoa thường; 'Phụ lục I' không được tính là 'Phụ lục II')",
    example={"where": _APPX_WHERE, "found": "không dẫn chiếu", "expected": "'(chi tiết tại Phụ lục I kèm theo)'"})


@runs(R47)
def r47(lay: Layout) -> Iterator[Finding]:
    body = " ".join(p.text for p in lay.body) + " " + " ".join(p.text for p in lay.summary + lay.title_notes)
    for ap in lay.appendices:
        head = ap.paras[0].text
        if not re.search(rf"{re.escape(head)}(?![IVXLC])", body, flags=re.IGNORECASE):
            yield _R47(ap.paras[0].where, found="không dẫn chiếu", expected=f"'(chi tiết tại {head} kèm theo)'")


# --- consistency -----------------------------------------------------------------------------

R48 = Family("ND30-R48", "Viết hoa (Phụ lục II)",
             "Phụ lục II, II.3: tên cơ quan, tổ chức viết hoa chữ cái đầu của các từ, cụm từ chỉ loại hình cơ quan "
             "('Ủy ban nhân dân', không 'Ủy Ban Nhân Dân')", ADMINISTRATIVE)
_R48 = R48.check(
    "", "W", "viết hoa sai quy tắc (chỉ hoa chữ đầu tên cơ quan)", title="viết hoa tên cơ quan",
    measured="'Ủy Ban Nhân Dân', 'Hội Đồng Nhân Dân' trong lời văn",
    tolerance="chỉ tìm vài lỗi hay gặp, không đọc được nghĩa câu; để người soạn xem lại, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "Ủy Ban Nhân Dân", "expected": "Ủy ban nhân dân"})


@runs(R48)
def r48(lay: Layout) -> Iterator[Finding]:
    for p in _body(lay):
        m = re.search(r"Ủy Ban Nhân Dân|Hội Đồng Nhân Dân", p.text)
        if m:
            yield _R48(p.where, found=m.group(0), expected=m.group(0).capitalize())


R49 = Family("ND30-R49", "Ký hiệu văn bản",
             "Phụ lục I, II.3.b và Phụ lục III: ký hiệu gồm chữ viết tắt tên loại văn bản (KH, QĐ, BC ...) và chữ "
             "viết tắt tên cơ quan ban hành (UBND, SCT ...)", ADMINISTRATIVE,
             measured="phần ký hiệu sau dấu '/' ở dòng 'Số', so với tên loại đọc ở ô 5a và cơ quan ban hành")
_R49_TYPE = R49.check("a", "E", "ký hiệu {type} bắt đầu bằng chữ viết tắt '{abbreviation}' (Phụ lục III)",
                      title="ký hiệu bắt đầu bằng chữ viết tắt tên loại",
                      example={"where": _SO_WHERE, "found": "QĐ-UBND", "expected": "KH-UBND", "type": "Kế hoạch",
                               "abbreviation": "KH"})
_R49_UBND = R49.check(
    "b", "E", f"ký hiệu văn bản của Ủy ban nhân dân có chữ viết tắt '{nd30.UBND_ABBREVIATION}'",
    title="ký hiệu của Ủy ban nhân dân có UBND", scope=_IS_UBND,
    example={"where": _SO_WHERE, "found": "KH-UBT", "expected": "KH-UBND"})


@runs(R49)
def r49(lay: Layout) -> Iterator[Finding]:
    p = _so(lay)
    kind = kind_of(lay)
    if p is None or kind.type is None or lay.title is None:
        return
    m = _SO.match(p.text)
    if not m:
        return
    groups = m.group("sym").split("-")
    want = kind.type.abbreviation
    if want and groups[0] != want:
        yield _R49_TYPE(p.where, found=m.group("sym"), expected=_own_symbol(kind), type=kind.type.name,
                        abbreviation=want)
    elif _R49_UBND.applies(kind) and len(groups) > 1 and groups[1] != nd30.UBND_ABBREVIATION:
        yield _R49_UBND(p.where, found=m.group("sym"), expected=f"{groups[0]}-{nd30.UBND_ABBREVIATION}")


R50 = Family("ND30-R50", "Trang trí không đúng quy cách",
             "Phụ lục I, II.1.b, II.2.b, II.5.b: các đường kẻ dưới Tiêu ngữ, tên cơ quan, trích yếu là nét liền; "
             "Phụ lục I không có chữ gạch chân", EVERYTHING)
_R50 = R50.check("", "W", "không gạch chân chữ (đường kẻ phải là nét vẽ)", title="không gạch chân chữ",
                 measured=f"gạch chân ở mọi đoạn chữ, {_RESOLVED}",
                 tolerance="gạch chân một tên văn bản hay một lời nhấn mạnh không sai thể thức rõ ràng, nên là cảnh "
                           "báo; đường kẻ dưới Tiêu ngữ làm bằng gạch chân thì R16 đo",
                 example={"where": "đoạn 20 (phần II, mục 3)", "found": "gạch chân", "expected": "không gạch chân"})


@runs(R50)
def r50(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            if lay.resolver.run(r, para.el).underline:
                yield _R50(para.where, found="gạch chân", expected="không gạch chân")
                break
