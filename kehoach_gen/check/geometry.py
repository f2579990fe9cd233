"""The visible page, checked: the .docx is laid out by LibreOffice into a PDF and read back with
pdfplumber, so what is measured is what a reader (and a văn thư) sees, whatever the XML says.

Rules ND30-G01 ... (`kehoach check --trang`):
  G01 line under the Tiêu ngữ: just under it, as long as the motto
  G02 line under the issuing body: just under its last line, 1/3 to 1/2 of its widest line
  G03 line under the trích yếu: just under its last line, 1/3 to 1/2 of its widest line
  G04 line under an appendix's reference line: under it, not above it or through it
  G05 no drawn line crosses a line of text
  G06 Quốc hiệu and Tiêu ngữ each on one line
  G07 place and date on one line
  G08 no heading or titled point is the last line of a page
  G09 the signature block (Nơi nhận, authority, signer) on one page
  G10 no single line of a body paragraph alone at the foot or head of a page (warning)
"""

from __future__ import annotations

import itertools
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach_gen.check import Report
from kehoach_gen.check.kind import detect
from kehoach_gen.facts import nd30
from kehoach_gen.facts.findings import Check, Family, Finding, Scope
from kehoach_gen.facts.wordml import pt_to_mm
from kehoach_gen.ooxml.docxio import open_docx
from kehoach_gen.ooxml.layout import Layout, Para, analyse, forget, norm, para_text
from kehoach_gen.render.pdf import convert

PT_MM = pt_to_mm(1)
# A line is "just under" its text when it lies between the baseline and this far below the glyphs' box.
UNDER_MAX_PT = 12.0
# Tolerances as the XML rules use them: 15 % on the motto's length, 10 % on the 1/3-1/2 range.
MOTTO_TOLERANCE = 0.15
RANGE_TOLERANCE = 0.10
CENTRE_TOLERANCE_MM = 3.0

PAGES = Scope("mọi tệp .docx kiểm tra bằng 'kehoach check --trang': LibreOffice dựng trang in thành PDF, máy đo "
              "trên bản PDF đó")
_PRINTED = ("vị trí, độ dài các nét vẽ và các dòng chữ trên trang PDF do LibreOffice dựng từ văn bản (chữ và nét "
            "đọc bằng pdfminer): đúng những gì văn thư thấy khi in")


@dataclass(frozen=True)
class LineChecks:
    """The three checks of a line drawn under a text: just under it, of the right length, centred."""

    under: Check
    length: Check
    centre: Check


def _line_family(code: str, title: str, clause: str, name: str, where: str, length: str, tolerance: str,
                 sample: str) -> LineChecks:
    family = Family(code, title, clause, PAGES, measured=_PRINTED)
    return LineChecks(
        family.check("a", "E", f"đường kẻ phải nằm ngay dưới {name} trên trang in", title=f"đường kẻ ngay dưới {name}",
                     measured="nét ngang gần nhất nằm từ chân dòng chữ cuối đến 12 pt bên dưới, qua điểm giữa dòng; "
                              "nét dài hơn nhiều (cạnh bảng, cạnh ô) chỉ được tính khi không có nét nào khác",
                     example={"where": where, "found": "đường kẻ nằm phía trên chữ", "expected": "sát dưới dòng chữ cuối"}),
        family.check("b", "E", f"đường kẻ dưới {name} dài sai trên trang in", title=f"độ dài đường kẻ dưới {name}",
                     measured=f"độ dài nét trên trang in so với {length}", tolerance=tolerance,
                     example={"where": where, "found": "20.0 mm", "expected": sample}),
        family.check("c", "E", f"đường kẻ dưới {name} phải cân giữa dòng chữ", title=f"đường kẻ dưới {name} cân giữa",
                     measured="điểm giữa nét so với điểm giữa dòng chữ cuối (hoặc dòng dài nhất)",
                     tolerance=f"{CENTRE_TOLERANCE_MM:g} mm",
                     example={"where": where, "found": "lệch 6.5 mm"}))


_RATIO = "1/3 đến 1/2 dòng chữ dài nhất trên trang in"
_RATIO_TOLERANCE = f"thêm {RANGE_TOLERANCE:.0%} mỗi phía, như khi đo trên XML (ND30-R18, R24)"
G01 = _line_family("ND30-G01", "Đường kẻ dưới Tiêu ngữ (trang in)", "Phụ lục I, II.1.b: đường kẻ ngang, nét liền, "
                   "dài bằng dòng chữ Tiêu ngữ", "Tiêu ngữ", "bảng tiêu đề, ô (1,2), đoạn 2",
                   "bề rộng dòng Tiêu ngữ trên trang in", f"±{MOTTO_TOLERANCE:.0%}, như khi đo trên XML (ND30-R16)",
                   "51.2-69.3 mm")
G02 = _line_family("ND30-G02", "Đường kẻ dưới tên cơ quan (trang in)", "Phụ lục I, II.2.b: đường kẻ ngang, nét liền, "
                   "dài 1/3 đến 1/2 dòng chữ, đặt cân đối", "tên cơ quan ban hành", "bảng tiêu đề, ô (1,1), đoạn 2",
                   _RATIO + " của tên cơ quan ban hành (không tính dòng cơ quan chủ quản)", _RATIO_TOLERANCE,
                   "13.0-23.8 mm")
G03 = _line_family("ND30-G03", "Đường kẻ dưới trích yếu (trang in)", "Phụ lục I, II.5.b: đường kẻ ngang, nét liền, "
                   "dài 1/3 đến 1/2 dòng chữ, đặt cân đối", "trích yếu", "trích yếu", _RATIO + " của trích yếu",
                   _RATIO_TOLERANCE, "22.5-41.3 mm")
_G04 = Family("ND30-G04", "Đường kẻ ở phụ lục (trang in)", "Phụ lục III, Mẫu 2.1: đường kẻ ngắn dưới thông tin chỉ "
              "dẫn của phụ lục", PAGES, measured=_PRINTED).check(
    "", "E", "đường kẻ ở phụ lục phải nằm dưới dòng 'Kèm theo' trên trang in", title="đường kẻ dưới dòng 'Kèm theo'",
    example={"where": "phụ lục 1, đoạn 3", "found": "đường kẻ nằm phía trên chữ", "expected": "sát dưới dòng chữ"})
_G05 = Family("ND30-G05", "Đường kẻ cắt chữ (trang in)", "Phụ lục I, II: các đường kẻ nằm dưới dòng chữ", PAGES,
              measured=_PRINTED).check(
    "", "E", "đường kẻ cắt ngang dòng chữ", title="không có đường kẻ cắt chữ",
    measured="nét ngang đi qua giữa thân chữ (từ chân chữ đến chiều cao chữ thường) của một dòng",
    example={"where": "trang 1", "found": "ỦY BAN NHÂN DÂN"})
_G06 = Family("ND30-G06", "Quốc hiệu, Tiêu ngữ trên một dòng (trang in)",
              "Phụ lục I, II.1: Quốc hiệu và Tiêu ngữ mỗi thành phần một dòng (ô 1)", PAGES,
              measured="số dòng chữ mà Quốc hiệu, Tiêu ngữ chiếm trên trang in")
_G06_QH = _G06.check("a", "E", "Quốc hiệu phải nằm trên một dòng", title="Quốc hiệu một dòng trên trang in",
                     example={"where": "bảng tiêu đề, ô (1,2), đoạn 1", "found": "2 dòng", "expected": "1 dòng"})
_G06_TN = _G06.check("b", "E", "Tiêu ngữ phải nằm trên một dòng", title="Tiêu ngữ một dòng trên trang in",
                     example={"where": "bảng tiêu đề, ô (1,2), đoạn 2", "found": "2 dòng", "expected": "1 dòng"})
_G07 = Family("ND30-G07", "Địa danh, ngày tháng trên một dòng (trang in)",
              "Phụ lục I, II.4.c: địa danh và thời gian ban hành trình bày trên cùng một dòng với số, ký hiệu", PAGES,
              measured="số dòng chữ mà dòng địa danh, ngày tháng chiếm trên trang in").check(
    "", "E", "dòng địa danh, ngày tháng phải nằm trên một dòng", title="ngày tháng một dòng trên trang in",
    example={"where": "bảng tiêu đề, ô (2,2), đoạn 1", "found": "2 dòng", "expected": "1 dòng"})
_G08 = Family("ND30-G08", "Đề mục cuối trang (trang in)", "Phụ lục I, II.6.đ: tiêu đề đi cùng nội dung của nó",
              PAGES, measured=_PRINTED,
              tolerance="chỉ xét đề mục đứng ngay trước đoạn văn kế tiếp (không trước bảng)").check(
    "", "E", "đề mục nằm cuối trang, tách khỏi nội dung của nó", title="đề mục không nằm một mình cuối trang",
    example={"where": "đoạn 30 (phần III): 'III. KINH PHÍ'", "found": "cuối trang 3", "expected": "cùng trang với đoạn sau"})
_G09 = Family("ND30-G09", "Khối chữ ký trên một trang (trang in)",
              "Phụ lục I, IV (sơ đồ: Nơi nhận ngang hàng quyền hạn, chức vụ; họ tên dưới chức vụ)", PAGES,
              measured="trang của dòng 'Nơi nhận:', dòng quyền hạn đầu và họ tên người ký").check(
    "", "E", "Nơi nhận, quyền hạn người ký và họ tên phải cùng một trang", title="khối chữ ký một trang",
    example={"where": "khối chữ ký", "found": "trang 3, 4", "expected": "một trang"})
_G10 = Family("ND30-G10", "Dòng lẻ ở cuối, đầu trang (trang in)", "Thông lệ trình bày (không có trong Phụ lục I)",
              PAGES, measured="đoạn văn từ ba dòng trở lên bị ngắt trang chỉ để lại một dòng ở một bên",
              tolerance="Phụ lục I không nói; dòng lẻ chỉ khó đọc, nên là cảnh báo")
_G10_FIRST = _G10.check("a", "W", "dòng đầu của đoạn văn nằm một mình cuối trang", title="dòng đầu đoạn không lẻ cuối trang",
                        example={"where": "đoạn 22 (phần II, mục 3)", "found": "trang 2"})
_G10_LAST = _G10.check("b", "W", "dòng cuối của đoạn văn nằm một mình đầu trang", title="dòng cuối đoạn không lẻ đầu trang",
                       example={"where": "đoạn 22 (phần II, mục 3)", "found": "trang 3"})
_G00 = Family("ND30-G00", "Không kiểm tra được trang in", "Không thuộc Phụ lục I", PAGES, measured=_PRINTED,
              tolerance="một trang lạ không được làm mất các kết quả khác, nên chỉ là cảnh báo").check(
    "", "W", "không kiểm tra được phần này ({error})", title="không kiểm tra được trang in",
    example={"where": "trang in", "error": "ValueError: ..."})


@dataclass(frozen=True)
class Glyph:
    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class Rule:
    """A horizontal stroke on a page: a border, a drawn line, a table edge."""

    page: int
    x0: float
    x1: float
    y: float

    @property
    def length_mm(self) -> float:
        return (self.x1 - self.x0) * PT_MM

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Span:
    """Where a piece of the document's text was found on the pages."""

    glyphs: list[Glyph]

    @property
    def lines(self) -> list[list[Glyph]]:
        """The glyphs by printed line (page, then baseline)."""
        out: list[list[Glyph]] = []
        for g in sorted(self.glyphs, key=lambda g: (g.page, g.bottom, g.x0)):
            if out and out[-1][0].page == g.page and abs(out[-1][0].bottom - g.bottom) < 0.5 * g.size:
                out[-1].append(g)
            else:
                out.append([g])
        return out

    @property
    def first(self) -> Glyph:
        return self.glyphs[0]

    @property
    def last(self) -> Glyph:
        return self.glyphs[-1]


def _width_mm(line: list[Glyph]) -> float:
    return (max(g.x1 for g in line) - min(g.x0 for g in line)) * PT_MM


def _key(text: str) -> str:
    """What is compared between the .docx and the PDF: the words without spaces, in one spelling."""
    return re.sub(r"\s+", "", norm(text))


class Pages:
    """The text of a PDF as one string of glyphs (spaces dropped) and its horizontal strokes.

    Read with pdfminer.six's page interpreter and no layout analysis: glyph boxes and strokes are all
    the checks need, and grouping them into words and lines costs more than the rest together."""

    def __init__(self, pdf_path: Path, max_pages: int | None = None) -> None:
        # Imported here: only --trang and the tests read PDFs.
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.layout import LTChar, LTCurve
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdfpage import PDFPage

        self.glyphs: list[Glyph] = []
        self.rules: list[Rule] = []
        self.page_count = 0
        keys: list[str] = []
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        with open(pdf_path, "rb") as fh:
            layouts = []
            for pdf_page in PDFPage.get_pages(fh, maxpages=max_pages or 0):
                interpreter.process_page(pdf_page)
                layouts.append(device.get_result())
        for number, page in enumerate(layouts, start=1):
            self.page_count = number
            height = page.height
            previous: Glyph | None = None
            for obj in page:
                if isinstance(obj, LTChar):
                    text = unicodedata.normalize("NFC", obj.get_text())
                    if not text.strip():
                        continue
                    glyph = Glyph(text, number, obj.x0, obj.x1, height - obj.y1, height - obj.y0, obj.size,
                                  "Bold" in obj.fontname)
                    if previous is not None and _superscript(glyph, previous):
                        continue  # a footnote mark: the .docx holds it as a reference, not as text
                    previous = glyph
                    for c in _key(text):
                        keys.append(c)
                        self.glyphs.append(glyph)
                elif isinstance(obj, LTCurve) and obj.height <= 1.5 and obj.width >= 3 / PT_MM:
                    self.rules.append(Rule(number, obj.x0, obj.x1, height - (obj.y0 + obj.y1) / 2))
        unique: dict[tuple[int, int, int, int], Rule] = {}
        for r in self.rules:  # LibreOffice strokes a border twice
            unique.setdefault((r.page, round(r.x0), round(r.x1), round(r.y)), r)
        self.rules = list(unique.values())
        self.text = "".join(keys)

    def find(self, text: str, start: int = 0, window: int | None = None) -> tuple[Span, int] | None:
        """The glyphs of text at or after start (head and tail matched apart, so a page number or a
        footnote printed inside a paragraph that runs onto the next page does not hide it)."""
        key = _key(text)
        if not key:
            return None
        at = self.text.find(key, start)
        if at >= 0:
            return Span(self.glyphs[at:at + len(key)]), at + len(key)
        head, tail = key[:24], key[-12:]
        at = self.text.find(head, start)
        if at < 0 or len(key) <= len(head):
            return None
        limit = at + len(key) + (window if window is not None else 600)
        end = self.text.find(tail, at + len(head), limit)
        if end < 0:
            return None
        body = [g for g in self.glyphs[at:end + len(tail)]
                if not (g.page != self.glyphs[at].page and g.top < self.glyphs[at].top / 2)]
        return Span(body), end + len(tail)


def _superscript(glyph: Glyph, before: Glyph) -> bool:
    return glyph.size < 0.8 * before.size and glyph.bottom < before.bottom - 0.2 * before.size


# --- the checks -------------------------------------------------------------------------------------


def _rule_under(pages: Pages, line: list[Glyph], max_mm: float | None = None) -> tuple[Rule | None, Rule | None]:
    """The stroke just under a printed line, and a stroke lying just above it instead (if any). A
    stroke longer than max_mm (a table's or a cell's edge) is taken only when there is no other."""
    page, size = line[0].page, max(g.size for g in line)
    top, bottom = min(g.top for g in line), max(g.bottom for g in line)
    left, right = min(g.x0 for g in line), max(g.x1 for g in line)
    centre = (left + right) / 2
    under: list[Rule] = []
    above = None
    for r in pages.rules:
        if r.page != page or not (r.x0 - 1 <= centre <= r.x1 + 1):
            continue
        if bottom - 0.3 * size <= r.y <= bottom + UNDER_MAX_PT:
            under.append(r)
        elif top - 1.5 * size <= r.y < top + 0.3 * size and (r.x1 - r.x0) < (right - left) * 1.5 + 20:
            above = r
    short = [r for r in under if max_mm is None or r.length_mm <= max_mm]
    # A long edge under the text stands for the line only when no line was drawn above the text instead.
    best = min(short or ([] if above else under), key=lambda r: r.y, default=None)
    return best, above


def _centre(line: list[Glyph]) -> float:
    return (min(g.x0 for g in line) + max(g.x1 for g in line)) / 2


def _line_check(pages: Pages, checks: LineChecks, where: str, span: Span | None, low: float,
                high: float) -> Iterator[Finding]:
    if span is None:
        return
    last = span.lines[-1]
    under, above = _rule_under(pages, last, max(high, max(_width_mm(ln) for ln in span.lines)) * 1.1)
    if under is None:
        found = "đường kẻ nằm phía trên chữ" if above is not None else "không thấy đường kẻ"
        yield checks.under(where, found=found, expected="sát dưới dòng chữ cuối")
        return
    if not (low <= under.length_mm <= high):
        yield checks.length(where, found=f"{under.length_mm:.1f} mm", expected=f"{low:.1f}-{high:.1f} mm")
    # Centred under the last line, or under the paragraph (its widest line) when that line is short.
    widest = max(span.lines, key=_width_mm)
    off = min(abs(under.centre - _centre(last)), abs(under.centre - _centre(widest))) * PT_MM
    if off > CENTRE_TOLERANCE_MM:
        yield checks.centre(where, found=f"lệch {off:.1f} mm")


def _ratio_range(widest_mm: float) -> tuple[float, float]:
    r = nd30.SHORT_LINE_RATIO
    return widest_mm * r.low * (1 - RANGE_TOLERANCE), widest_mm * r.high * (1 + RANGE_TOLERANCE)


def _header_paras(lay: Layout) -> list[Para]:
    return [p for row in lay.header_cells for cell in row for p in cell if p.text]


def _find_on(pages: Pages, text: str, page: int = 1) -> Span | None:
    at = 0
    while True:
        hit = pages.find(text, at)
        if hit is None:
            return None
        span, at = hit
        if span.first.page == page:
            return span
        if span.first.page > page:
            return None


def _one_line(check: Check, where: str, span: Span | None) -> Iterator[Finding]:
    if span is not None and len(span.lines) > 1:
        yield check(where, found=f"{len(span.lines)} dòng", expected="1 dòng")


def _header(lay: Layout, pages: Pages) -> Iterator[Finding]:
    paras = _header_paras(lay)
    qh = next((p for p in paras if p.text.upper() == nd30.QUOC_HIEU), None)
    tn = next((p for p in paras if p.text == nd30.TIEU_NGU), None)
    if qh is None:
        return  # no header block of an administrative document (a table at the top of a Phụ lục)
    if qh is not None:
        yield from _one_line(_G06_QH, qh.where, _find_on(pages, qh.text))
    if tn is not None:
        span = _find_on(pages, tn.text)
        yield from _one_line(_G06_TN, tn.where, span)
        if span is not None:
            width = max(_width_mm(ln) for ln in span.lines)
            yield from _line_check(pages, G01, tn.where, span, width * (1 - MOTTO_TOLERANCE),
                                   width * (1 + MOTTO_TOLERANCE))
    date = next((p for p in paras if re.search(r",\s*ngày\b.*\bnăm\b", p.text)), None)
    if date is not None:
        yield from _one_line(_G07, date.where, _find_on(pages, date.text))
    names = [p for p in (lay.header_cells[0][0] if lay.header_cells and lay.header_cells[0] else [])
             if p.text and p.text == p.text.upper() and not p.text.startswith("SỐ")]
    spans = [s for s in (_find_on(pages, p.text) for p in names) if s is not None]
    if spans and len(spans) == len(names):
        # The line measures the issuer's own name, not the parent body's line above it (II.2.b).
        kind = lay.kind if lay.kind is not None else detect(lay)
        own = spans[kind.parent_count:] if kind.parent and len(spans) > kind.parent_count else spans
        widest = max(_width_mm(ln) for s in own for ln in s.lines)
        yield from _line_check(pages, G02, names[-1].where, spans[-1], *_ratio_range(widest))


def _summary(lay: Layout, pages: Pages) -> Iterator[Finding]:
    spans = [s for s in (_find_on(pages, p.text) for p in lay.summary if p.text) if s is not None]
    if not spans:
        return
    widest = max(_width_mm(ln) for s in spans for ln in s.lines)
    yield from _line_check(pages, G03, lay.summary[-1].where, spans[-1], *_ratio_range(widest))


def _appendices(lay: Layout, pages: Pages) -> Iterator[Finding]:
    at = 0
    for ap in lay.appendices:
        ref = next((p for p in ap.paras if p.text.startswith("(")), None)
        if ref is None:
            continue
        hit = pages.find(ref.text, at)
        if hit is None:
            continue
        span, at = hit
        last = span.lines[-1]
        under, above = _rule_under(pages, last)
        if under is None and above is not None:
            yield _G04(ref.where, found="đường kẻ nằm phía trên chữ", expected="sát dưới dòng chữ")


def _crossings(lay: Layout, pages: Pages) -> Iterator[Finding]:
    """A stroke through the middle of the letters (between x-height and baseline) of a printed line."""
    reported: set[tuple[int, int]] = set()
    by_page: dict[int, list[Rule]] = {}
    for r in pages.rules:
        by_page.setdefault(r.page, []).append(r)
    for g in pages.glyphs:
        if g.page not in by_page or not g.text.isalpha():
            continue
        lo, hi = g.top + 0.45 * g.size, g.bottom - 0.3 * g.size
        for r in by_page[g.page]:
            if lo <= r.y <= hi and r.x0 < g.x0 and g.x1 < r.x1 and (g.page, round(r.y)) not in reported:
                reported.add((g.page, round(r.y)))
                line = "".join(x.text for x in pages.glyphs
                               if x.page == g.page and abs(x.bottom - g.bottom) < 1 and r.x0 <= x.x0 <= r.x1)
                yield _G05(f"trang {g.page}", found=line[:40])


def _is_heading(para: Para, span: Span) -> bool:
    """A title line: all bold (I., 1. titles), or a titled point 'c) Hợp tác với ...' (no closing
    punctuation, one line)."""
    if all(g.bold for g in span.glyphs if g.text.isalpha()):
        return True
    return bool(nd30.NUMBER_AT_START.match(para.text)) and not re.search(r"[.;:,!?…]$", para.text) and len(span.lines) == 1


def _next_text_block(p: Para) -> Any:
    nxt = p.el.getnext()
    while nxt is not None and nxt.tag == p.el.tag and not norm(para_text(nxt)):
        nxt = nxt.getnext()
    return nxt


def _body(lay: Layout, pages: Pages) -> Iterator[Finding]:
    paras = [p for p in lay.body if p.text]
    at = 0
    found: list[tuple[Para, Span]] = []
    for p in paras:
        hit = pages.find(p.text, at)
        if hit is not None:
            found.append((p, hit[0]))
            at = hit[1]
    for (p, span), (q, nxt) in itertools.pairwise(found):
        # Only a heading directly followed by the paragraph found next (not by a table, not by one
        # that could not be found on the pages).
        if _next_text_block(p) is not q.el:
            continue
        if nxt.first.page > span.last.page and _is_heading(p, span):
            yield _G08(p.where, found=f"cuối trang {span.last.page}", expected="cùng trang với đoạn sau")
    for p, span in found:
        lines = [ln for ln in span.lines if abs(ln[0].size - span.first.size) < 0.6]
        pages_of = [ln[0].page for ln in lines]
        if len(lines) < 3 or pages_of[0] == pages_of[-1]:
            continue
        if pages_of.count(pages_of[0]) == 1:
            yield _G10_FIRST(p.where, found=f"trang {pages_of[0]}")
        if pages_of.count(pages_of[-1]) == 1:
            yield _G10_LAST(p.where, found=f"trang {pages_of[-1]}")


def _signature(lay: Layout, pages: Pages) -> Iterator[Finding]:
    if len(lay.sig_cells) < 2:
        return
    left = [p for p in lay.sig_cells[0] if p.text]
    right = [p for p in lay.sig_cells[1] if p.text]
    if not left or not right:
        return
    start = 0
    body = [p for p in lay.body if p.text]
    if body:
        hit = pages.find(body[-1].text)
        start = hit[1] if hit else 0
    spans = [pages.find(p.text, start) for p in (left[0], right[0], right[-1])]
    seen = {hit[0].first.page for hit in spans if hit is not None} | {
        hit[0].last.page for hit in spans if hit is not None}
    if len(seen) > 1:
        yield _G09("khối chữ ký", found="trang " + ", ".join(str(n) for n in sorted(seen)), expected="một trang")


CHECKS = (_header, _summary, _appendices, _crossings, _body, _signature)


def check_pdf(docx_path: str | Path, pdf_path: Path, max_pages: int | None = None) -> Report:
    """The page rules on a .docx and the PDF LibreOffice made of it (max_pages: the first pages only,
    enough for the header block)."""
    document, raw = open_docx(docx_path)
    report = Report(file=str(docx_path))
    try:
        lay = analyse(document, raw)
        pages = Pages(pdf_path, max_pages)
        for check in CHECKS:
            try:
                report.findings.extend(check(lay, pages))
            except Exception as exc:  # one odd page must not hide the other checks
                report.findings.append(_G00("trang in", error=f"{type(exc).__name__}: {exc}"))
    finally:
        forget()
    return report


def check_pages(paths: Sequence[Path]) -> list[Report]:
    """Lay every .docx out with LibreOffice (one start for all) and check the printed pages."""
    with tempfile.TemporaryDirectory(prefix="kehoach-trang-") as tmp:
        pdfs = convert(list(paths), [Path(tmp) / f"{i:04d}.pdf" for i in range(len(paths))])
        return [check_pdf(path, pdf) for path, pdf in zip(paths, pdfs, strict=True)]
