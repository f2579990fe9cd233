"""Where a line of text sits as the reader sees it (centred, flush left, its box in a cell or on the
page) and the lines drawn under headings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from kehoach_gen.check.rules.base import _ALIGN_VI, QH, _props, _size
from kehoach_gen.facts.findings import Check, Finding
from kehoach_gen.facts.metrics import text_width_mm
from kehoach_gen.facts.wordml import (
    WORD_CELL_MARGIN_TWIPS,
    W,
    emu_to_mm,
    mm_to_twips,
    pt_to_mm,
    twips_to_cm,
    twips_to_mm,
)
from kehoach_gen.ooxml.layout import DocxPara, Layout, border, hidden, norm, para_text, shape_lines


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
    return WORD_CELL_MARGIN_TWIPS


def _qh_elsewhere(lay: Layout) -> bool:
    """The Quốc hiệu typed before the title outside a table: in a paragraph or a text box."""
    body = lay.document.element.body
    end = lay.title.el if lay.title is not None else None
    for p in body.iter(f"{W}p"):
        if p is end:
            break
        texts = ["".join(t.text or "" for t in p.iter(f"{W}t") if not hidden(t.getparent()))]
        texts += ["".join(t.text or "" for t in box.iter(f"{W}t") if not hidden(t.getparent()))
                  for box in p.iter(f"{W}txbxContent")]
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
            return twips_to_mm(width - _cell_margin_twips(tc, "left") - _cell_margin_twips(tc, "right"))
    sec = lay.sections[0]
    return emu_to_mm((sec.page_width or 0) - (sec.left_margin or 0) - (sec.right_margin or 0)) or 160.0


def _lead_mm(lay: Layout, para: DocxPara, size: float) -> tuple[float, bool]:
    """How far the visible text starts after the paragraph's indent, from typed spaces and tabs; and
    whether a tab landed on a centre tab stop (the text is then centred on that stop)."""
    raw = para.raw.replace("\u00a0", " ")
    pos_mm, centred = 0.0, False
    props = lay.resolver.para(para.el)
    start_mm = (props.left_cm + props.first_line_cm - props.hanging_cm) * 10
    stops = lay.resolver.tabs(para.el)
    for ch in raw:
        if ch == " ":
            pos_mm += pt_to_mm(size * 0.25)
        elif ch == "\t":
            here = mm_to_twips(start_mm + pos_mm)
            nxt = next(((p, v) for p, v in stops if p > here + 1 and v not in ("clear", "bar")), None)
            if nxt is None:
                step = lay.resolver.default_tab
                target = (int(here // step) + 1) * step
                centred = False
            else:
                target, centred = nxt[0], nxt[1] == "center"
            pos_mm = twips_to_mm(target) - start_mm
        else:
            break
    return pos_mm, centred


def _printed(para: DocxPara) -> str:
    """The line as it prints after its leading blanks: spaces typed inside it (the blank a draft leaves for
    the number in 'Số:      /KH-UBND') take room on the line as letters do."""
    typed = para.raw.replace("\u00a0", " ").replace("\t", " ").strip()
    if not typed:
        return para.text
    return f"{para.label} {typed}" if para.label else typed


def _offset_mm(lay: Layout, para: DocxPara, text: str | None = None) -> float | None:
    """How far the middle of the visible line is from the middle of its box (mm, + to the right);
    None when the paragraph is right-aligned or cannot be placed."""
    props = lay.resolver.para(para.el)
    size = _size(lay, para) or 13
    bold = all(p.bold for p in _props(lay, para))
    words = _printed(para) if text is None else text
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


def _box_left_mm(lay: Layout, el: etree._Element) -> float:
    """Where a paragraph's box starts, from the left edge of its table (0 outside a table): the grid
    columns before its cell plus the cell's left margin."""
    tc = _cell(el)
    if tc is None:
        return 0.0
    tbl = next(tc.iterancestors(f"{W}tbl"))
    cols = [_twips(c) or 0 for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    idx = 0
    for other in tc.getparent().findall(f"{W}tc"):
        if other is tc:
            break
        idx += _twips(other.find(f"{W}tcPr/{W}gridSpan"), "val") or 1
    return twips_to_mm(sum(cols[:idx]) + _cell_margin_twips(tc, "left"))


def middle_mm(lay: Layout, para: DocxPara) -> float | None:
    """Where the middle of the printed line stands, from the left edge of its table (or text area): lines
    in different cells of one table can be compared. None when it cannot be placed."""
    off = _offset_mm(lay, para)
    if off is None:
        props = lay.resolver.para(para.el)
        if props.align != "right":
            return None
        width = text_width_mm(_printed(para), _size(lay, para) or 13, all(p.bold for p in _props(lay, para)))
        box = _box_mm(lay, para.el)
        return _box_left_mm(lay, para.el) + box - props.right_cm * 10 - min(width, box) / 2
    return _box_left_mm(lay, para.el) + _box_mm(lay, para.el) / 2 + off


def block_middle_mm(lay: Layout, paras: list[DocxPara]) -> float | None:
    """The middle of a block of lines (the authority and position lines, 7a): halfway between the leftmost
    start and the rightmost end of its printed lines."""
    ends: list[float] = []
    for p in paras:
        mid = middle_mm(lay, p)
        if mid is None:
            return None
        half = min(text_width_mm(_printed(p), _size(lay, p) or 13, all(x.bold for x in _props(lay, p))),
                   _box_mm(lay, p.el)) / 2
        ends += [mid - half, mid + half]
    return (min(ends) + max(ends)) / 2 if ends else None


def centred(lay: Layout, para: DocxPara, text: str | None = None) -> bool:
    """Visibly centred in its box: by alignment, by a centre tab, or by typed spaces within a few mm."""
    off = _offset_mm(lay, para, text)
    return off is not None and abs(off) <= max(5.0, 0.08 * _box_mm(lay, para.el))


def off_centre(check: Check, lay: Layout, para: DocxPara, **values: Any) -> Iterator[Finding]:
    if centred(lay, para):
        return
    off = _offset_mm(lay, para)
    align = _ALIGN_VI.get(lay.resolver.para(para.el).align, "")
    found = align if off is None else f"{align}, lệch {abs(off):.0f} mm về bên {'phải' if off > 0 else 'trái'}"
    yield check(para.where, found=found, expected="canh giữa", **values)


def _table_width_twips(tbl: etree._Element, text_twips: float) -> float:
    """How wide a table prints: its own width when given in twips or as a share of the text width,
    else the sum of its grid columns (what Word lays an 'auto' table at)."""
    tblw = tbl.find(f"{W}tblPr/{W}tblW")
    kind = tblw.get(f"{W}type") if tblw is not None else None
    value = _twips(tblw)
    if kind == "dxa" and value:
        return float(value)
    if kind == "pct" and tblw is not None:
        raw = tblw.get(f"{W}w") or ""
        try:
            share = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw) / 5000
        except ValueError:
            share = 0.0
        if share:
            return share * text_twips
    return float(sum(_twips(c) or 0 for c in tbl.findall(f"{W}tblGrid/{W}gridCol")))


def _table_edge_twips(lay: Layout, tbl: etree._Element) -> float:
    """Where a table's left edge prints, from the left margin (twips): a table centred or set right on
    the page stands where its width puts it, whatever its indent; one set left stands at its indent,
    its first cell's text at the indent (Word hangs the cell margin left of it)."""
    jc = tbl.find(f"{W}tblPr/{W}jc")
    align = jc.get(f"{W}val") if jc is not None else None
    if align in ("center", "right", "end"):
        text = mm_to_twips(_box_mm(lay, tbl))
        free = text - _table_width_twips(tbl, text)
        return free / 2 if align == "center" else free
    return float((_twips(tbl.find(f"{W}tblPr/{W}tblInd")) or 0) - WORD_CELL_MARGIN_TWIPS)


def flush_left_cm(lay: Layout, para: DocxPara) -> float:
    """Where the line starts, from the left edge of the page's text area: the table's place on the page
    (its alignment and width, or its indent), the columns before the cell, the cell margin, the
    paragraph indent and typed spaces (cm)."""
    props = lay.resolver.para(para.el)
    size = _size(lay, para) or 12
    lead, _ = _lead_mm(lay, para, size)
    pos = props.left_cm + props.first_line_cm - props.hanging_cm + lead / 10
    tc = _cell(para.el)
    if tc is not None:
        tbl = next(tc.iterancestors(f"{W}tbl"))
        pos += twips_to_cm(_table_edge_twips(lay, tbl)) + _box_left_mm(lay, para.el) / 10
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
        out.append(Mark(pt_to_mm(len(text) * 0.5 * size), "dấu gạch dưới"))
    return out


def line_after(lay: Layout, column: list[DocxPara], anchor: DocxPara, stop: Callable[[DocxPara], bool] | None = None) -> Mark | None:
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


def _all_text_paras(lay: Layout) -> Iterator[DocxPara]:
    yield from lay.paragraphs_everywhere()
    for _, para in lay.footnotes:
        yield para
    for i, section in enumerate(_sections(lay)):
        for part_name, hf in (("đầu trang", section.header), ("đầu trang đầu", section.first_page_header),
                              ("chân trang", section.footer)):
            if hf.is_linked_to_previous:
                continue
            for k, p in enumerate(hf._element.iter(qn("w:p"))):
                yield DocxPara(p, f"{part_name}, phân đoạn {i + 1}, đoạn {k + 1}")
