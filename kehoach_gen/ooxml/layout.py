"""Find the parts of a Kế hoạch in any .docx: header table, title, trích yếu, body, signature table,
appendices, footnotes; each paragraph with a location a person can find."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section

    from kehoach_gen.check.kind import Kind

import functools
import re
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from kehoach_gen.facts import nd30
from kehoach_gen.facts.vn import clip
from kehoach_gen.facts.wordml import EMU_PER_MM, MM_PER_INCH, W, emu_to_mm, pt_to_mm
from kehoach_gen.ooxml.numbering import Numbering
from kehoach_gen.ooxml.resolve import Resolver
from kehoach_gen.ooxml.unmarked import lacks_marks, restore

# Set while a document typed without diacritics is read for the checker (analyse(..., unmarked_forms=True)):
# the decree's fixed words are then read with their marks (docxread.unmarked).
_UNMARKED: ContextVar[bool] = ContextVar("kehoach_unmarked", default=False)


def norm(text: str) -> str:
    """NFC, single spaces, and one spelling of the tone marks that ND30 itself writes two ways."""
    return _norm(text, _UNMARKED.get())


@functools.lru_cache(maxsize=16384)
def _norm(text: str, unmarked: bool) -> str:
    # split() breaks at exactly the characters re's \s matches (no-break space included): the same result
    # as collapsing runs with a regex and stripping, at a third of the cost on every paragraph checked.
    t = " ".join(unicodedata.normalize("NFC", text).split())
    if "à" in t or "À" in t or "ỷ" in t or "Ỷ" in t:
        # Whole syllables only: "hoàn", "thuỷ" are other words, and a clerk's text is never respelled.
        t = _OLD_TONES.sub(lambda m: _NEW_TONES[m.group(0)], t)
    return restore(t) if unmarked else t


_NEW_TONES = {"HOÀ": "HÒA", "UỶ": "ỦY", "hoà": "hòa", "uỷ": "ủy", "Uỷ": "Ủy", "Hoà": "Hòa"}
_OLD_TONES = re.compile(r"(?<!\w)(?:" + "|".join(_NEW_TONES) + r")(?!\w)")


def _boxed(p: etree._Element) -> set[etree._Element]:
    """Elements inside text boxes: their words are not the paragraph's own."""
    if p.find(f".//{W}txbxContent") is None:
        return set()
    return {el for box in p.iter(f"{W}txbxContent") for el in box.iter()}


def hidden(r: etree._Element | None) -> bool:
    """A run set hidden (Font > Hidden, w:vanish): Word neither shows nor prints its text, so it is not
    the paragraph's text (a Quốc hiệu typed hidden is not on the page)."""
    v = r.find(f"{W}rPr/{W}vanish") if r is not None and r.tag == f"{W}r" else None
    return v is not None and v.get(f"{W}val") not in ("0", "false", "off")


@functools.lru_cache(maxsize=16384)
def para_text(p: etree._Element) -> str:
    boxed = _boxed(p)
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if (boxed and el in boxed) or hidden(el.getparent()):
            continue
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
            if el.getparent().tag == f"{W}r":  # not a tab stop defined in the paragraph's properties
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


@functools.lru_cache(maxsize=16384)
def text_runs(p: etree._Element) -> tuple[etree._Element, ...]:
    """Runs that carry visible text (not field codes, not text boxes). Cached: every rule asks."""
    boxed = _boxed(p)
    runs = []
    for r in p.iter(f"{W}r"):
        if (boxed and r in boxed) or hidden(r):
            continue
        text = "".join(t.text or "" for t in r.iterchildren(f"{W}t"))
        if text.strip():
            runs.append(r)
    return tuple(runs)


def forget() -> None:
    """Drop the per-paragraph caches (they hold the document's elements alive)."""
    para_text.cache_clear()
    text_runs.cache_clear()
    segments.cache_clear()
    _norm.cache_clear()
    _UNMARKED.set(False)


_CONNECTORS = ("line", "straightConnector1", "bentConnector2", "curvedConnector2")


def _vml_length_mm(el: etree._Element) -> float | None:
    """Length of a VML line (from/to) or of a flat VML shape (width in its style)."""
    local = el.tag.split("}")[-1]
    if local == "line":
        def xy(v: str | None) -> tuple[float, float] | None:
            if not v:
                return None
            parts = v.split(",")
            return _css_mm(parts[0]), _css_mm(parts[1] if len(parts) > 1 else "0")
        a, b = xy(el.get("from")), xy(el.get("to"))
        if a and b:
            return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
        return None
    style = dict(kv.split(":", 1) for kv in (el.get("style") or "").split(";") if ":" in kv)
    height = _css_mm(style.get("height", "1pt"))
    connector = "_x0000_t32" in (el.get("type") or "") or el.get("{urn:schemas-microsoft-com:office:office}connectortype")
    if (connector or height < 0.5) and "width" in style:
        return _css_mm(style["width"])
    return None


def _css_mm(value: str) -> float:
    m = re.match(r"\s*(-?[\d.]*)\s*(pt|in|cm|mm|px)?", value or "")
    if not m or not m.group(1) or m.group(1) in ("-", "."):
        return 0.0
    n = float(m.group(1))
    return n * {"pt": pt_to_mm(1), "in": MM_PER_INCH, "cm": 10.0, "mm": 1.0, "px": MM_PER_INCH / 96}.get(m.group(2) or "pt",
                                                                                                  pt_to_mm(1))


def shape_lines(p: etree._Element) -> list[float]:
    """Lengths (mm) of the horizontal line shapes anchored in this paragraph: DrawingML lines and
    connectors (flat shapes), VML lines and flat VML shapes. A shape written twice (DrawingML with its
    VML fallback inside mc:AlternateContent) counts once."""
    out: list[float] = []
    for el in p.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.endswith("}AlternateContent"):
            continue
        if tag.endswith("}drawing") and tag.startswith(f"{W}"):
            geom = el.find(".//{*}prstGeom")
            ext = el.find(".//{*}extent")
            if ext is None or ext.get("cx") is None:
                continue
            flat = int(ext.get("cy") or 0) < EMU_PER_MM  # under 1 mm tall
            if (geom is not None and geom.get("prst") in _CONNECTORS) or (flat and el.find(".//{*}wsp") is not None):
                out.append(emu_to_mm(int(ext.get("cx"))))
        elif tag.startswith("{urn:schemas-microsoft-com:vml}") and tag.split("}")[1] in ("line", "shape", "rect"):
            if any(a.tag.endswith("}Fallback") for a in el.iterancestors()):
                continue  # the DrawingML choice above already counted it
            length = _vml_length_mm(el)
            if length is not None:
                out.append(length)
    return out


def has_line(p: etree._Element) -> bool:
    """A drawn horizontal line in or on this paragraph: DrawingML line, VML line, or a bottom border."""
    return bool(shape_lines(p)) or border(p, "bottom")


def border(p: etree._Element, side: str) -> bool:
    """A visible paragraph border on this side, set directly on the paragraph."""
    b = p.find(f"{W}pPr/{W}pBdr/{W}{side}")
    return b is not None and b.get(f"{W}val") not in ("nil", "none", None)


def has_page_field(el: etree._Element) -> bool:
    """A PAGE field, complex (instrText) or simple (fldSimple), anywhere under el."""
    for it in el.iter(qn("w:instrText")):
        if (it.text or "").strip().upper().startswith("PAGE"):
            return True
    for fs in el.iter(qn("w:fldSimple")):
        if (fs.get(qn("w:instr")) or "").strip().upper().startswith("PAGE"):
            return True
    return False


@functools.lru_cache(maxsize=16384)
def segments(p: etree._Element) -> tuple[tuple[str, tuple[etree._Element, ...]], ...]:
    """The paragraph as the lines Word shows for it: split at every w:br, each line with its text runs.
    A label and its first entry, the Quốc hiệu and the Tiêu ngữ, may share one paragraph this way."""
    boxed = _boxed(p)
    out: list[tuple[str, tuple[etree._Element, ...]]] = []
    text: list[str] = []
    runs: list[etree._Element] = []
    for r in p.iter(f"{W}r"):
        if (boxed and r in boxed) or hidden(r):
            continue
        has_text = False
        for el in r:
            if el.tag == f"{W}t":
                text.append(el.text or "")
                has_text = has_text or bool((el.text or "").strip())
            elif el.tag == f"{W}tab":
                text.append("\t")
            elif el.tag in (f"{W}br", f"{W}cr"):
                if has_text:
                    runs.append(r)
                    has_text = False
                out.append(("".join(text), tuple(runs)))
                text, runs = [], []
        if has_text:
            runs.append(r)
    out.append(("".join(text), tuple(runs)))
    return tuple(out)


@dataclass
class DocxPara:
    """A paragraph (or a line of one split by a break) and where it stands."""

    el: etree._Element
    where: str
    text: str = ""
    runs: tuple[etree._Element, ...] | None = None  # the runs of this line when a w:br split the paragraph
    label: str = ""  # the number Word's automatic numbering draws before the text
    raw: str = ""  # the line as typed (spaces and tabs kept): where it starts on the line

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = para_text(self.el) if self.runs is None else self.text
        if not self.text:
            words = norm(para_text(self.el)) if self.runs is None else self.text
            self.text = norm(f"{self.label} {words}") if self.label else words

    @property
    def short(self) -> str:
        return clip(self.text, 40)

    @property
    def printed(self) -> str:
        """The words as the page prints them, for a quote: `text` gives a document typed without diacritics
        the decree's fixed words with their marks, so that its parts are found; a quote must not show them."""
        words = " ".join(unicodedata.normalize("NFC", self.raw).split())
        return f"{self.label} {words}" if self.label else words


def lines_of(p: etree._Element, where: str) -> list[DocxPara]:
    """One DocxPara per line of the paragraph (one DocxPara when there is no w:br)."""
    segs = segments(p)
    if len(segs) == 1:
        return [DocxPara(p, where)]
    return [DocxPara(p, f"{where}, dòng {k + 1}", text=norm(t) or "", runs=r, raw=t or " ") for k, (t, r) in enumerate(segs)]


@dataclass
class Appendix:
    """An appendix found in the document: its number, section, paragraphs and tables."""

    number: int
    section: int
    paras: list[DocxPara] = field(default_factory=list)
    tables: list[etree._Element] = field(default_factory=list)


@dataclass
class Layout:
    """What the checker reads from a .docx: the parts of the page, found once for every rule."""

    document: Document
    raw: dict[str, bytes]
    resolver: Resolver
    section_of: dict[int, int]  # id(element) -> section index
    header: etree._Element | None = None
    header_cells: list[list[list[DocxPara]]] = field(default_factory=list)
    title: DocxPara | None = None
    summary: list[DocxPara] = field(default_factory=list)
    summary_line_para: etree._Element | None = None
    body: list[DocxPara] = field(default_factory=list)
    sig: etree._Element | None = None
    sig_cells: list[list[DocxPara]] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    footnotes: list[tuple[str, DocxPara]] = field(default_factory=list)
    sig_section: int = 0
    header_left: list[DocxPara] = field(default_factory=list)  # the issuer's column, rows in order
    header_right: list[DocxPara] = field(default_factory=list)  # the Quốc hiệu's column, rows in order
    title_notes: list[DocxPara] = field(default_factory=list)  # "(Ban hành kèm theo ...)" under a trích yếu
    title_block: list[etree._Element] = field(default_factory=list)  # title .. first body paragraph
    numbering: Numbering | None = None
    kind: Kind | None = None  # set by check.kind.detect before the rules run
    unmarked: bool = False  # typed without Vietnamese diacritics: fixed words read with their marks

    @functools.cached_property
    def sections(self) -> list[Section]:
        """The document's sections, read once: python-docx finds them with an XPath over the body on
        every access, and the rules ask a few dozen times."""
        return list(self.document.sections)

    def paragraphs_everywhere(self) -> list[DocxPara]:
        """Every paragraph once (a paragraph split at w:br gives its first line only)."""
        seen: set[etree._Element] = set()
        return [p for p in self._all() if not (p.el in seen or seen.add(p.el))]  # type: ignore[func-returns-value]

    def _all(self) -> list[DocxPara]:
        out: list[DocxPara] = []
        for row in self.header_cells:
            for cell in row:
                out += cell
        if self.title:
            out.append(self.title)
        out += self.summary + self.body
        for cell in self.sig_cells:
            out += cell
        out += self.title_notes
        for ap in self.appendices:
            out += ap.paras
        return out


def _blocks(body: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in body:
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out += _blocks(content)
        elif child.tag in (f"{W}p", f"{W}tbl"):
            out.append(child)
    return out


def _cells(tbl: etree._Element, label: str) -> list[list[list[DocxPara]]]:
    rows = []
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        row = []
        for c, tc in enumerate(tr.findall(f"{W}tc")):
            paras: list[DocxPara] = []
            for k, p in enumerate(tc.iter(f"{W}p")):
                paras += lines_of(p, f"{label}, ô ({r + 1},{c + 1}), đoạn {k + 1}")
            row.append(paras)
        rows.append(row)
    return rows


def _columns(cells: list[list[list[DocxPara]]], pick: Callable[[DocxPara], bool]) -> tuple[list[DocxPara], list[DocxPara]]:
    """(left block, right block) of a header or signature table of any number of rows and columns: the
    right block is the column holding the paragraph `pick` finds (the Quốc hiệu), the left block every
    column before it; a spacer column between them holds nothing. Without such a paragraph the first
    and last columns."""
    col = None
    for row in cells:
        for c, cell in enumerate(row):
            if col is None and any(pick(p) for p in cell):
                col = c
    width = max((len(r) for r in cells), default=0)
    if col is None:
        col = width - 1 if width > 1 else None
    left: list[DocxPara] = []
    right: list[DocxPara] = []
    for row in cells:
        for c, cell in enumerate(row):
            if col is not None and c == col:
                right += cell
            elif col is None or c < col:
                left += cell
    return left, right


def _sig_columns(cells: list[list[list[DocxPara]]]) -> tuple[list[DocxPara], list[DocxPara]]:
    """(recipients, signer) of a signature table: the column holding "Nơi nhận" in every row, and every
    other column in every row (the authority lines and the name may sit in a row of their own)."""
    col = next((c for row in cells for c, cell in enumerate(row) if any(p.text.startswith(nd30.NOI_NHAN) for p in cell)),
               0)
    left: list[DocxPara] = []
    right: list[DocxPara] = []
    for row in cells:
        for c, cell in enumerate(row):
            (left if c == col else right).extend(cell)
    return left, right


_TITLE_SEARCH = 8  # non-empty paragraphs after the header in which the type name (KẾ HOẠCH ...) may stand


def is_type_title(text: str) -> bool:
    return nd30.type_by_title(text) is not None


def analyse(document: Document, raw: dict[str, bytes], *, unmarked_forms: bool = False) -> Layout:
    """The parts of the page; unmarked_forms: a text typed without diacritics has its fixed words read
    with their marks (the checker says once that the marks are missing)."""
    resolver = Resolver(document)
    blocks = _blocks(document.element.body)
    unmarked = unmarked_forms and lacks_marks(para_text(p) for p in document.element.body.iter(f"{W}p"))
    _UNMARKED.set(unmarked)
    section_of: dict[int, int] = {}
    sec = 0
    for b in blocks:
        section_of[id(b)] = sec
        if b.tag == f"{W}p":
            ppr = b.find(f"{W}pPr")
            if ppr is not None and ppr.find(f"{W}sectPr") is not None:
                sec += 1
    lay = Layout(document=document, raw=raw, resolver=resolver, section_of=section_of, unmarked=unmarked)
    lay.numbering = Numbering(document, resolver)

    first_tbl = next((k for k, b in enumerate(blocks) if b.tag == f"{W}tbl"), None)
    title_idx = None
    seen = 0
    for k, b in enumerate(blocks):
        if b.tag != f"{W}p":
            continue
        first = norm(segments(b)[0][0]) if segments(b) else ""
        if not first:
            continue
        if is_type_title(first):
            title_idx = k
            break
        seen += 1
        if seen >= _TITLE_SEARCH:
            break
    if first_tbl is not None and sum(1 for b in blocks[:first_tbl] if norm(para_text(b))) > 2:
        first_tbl = None  # a table after the text has begun is not the header
    if first_tbl is not None and (title_idx is None or first_tbl < title_idx):
        lay.header = blocks[first_tbl]
        lay.header_cells = _cells(lay.header, "bảng tiêu đề")
        lay.header_left, lay.header_right = _columns(lay.header_cells, lambda p: p.text.upper() == nd30.QUOC_HIEU)
    if title_idx is None:
        start = (first_tbl + 1) if lay.header is not None and first_tbl is not None else 0
        if lay.header is not None:
            start = _title_in_header(lay, blocks, start)
        return _finish(lay, blocks, start)
    title_lines = lines_of(blocks[title_idx], "tên loại văn bản")
    lay.title = title_lines[0]
    lay.title.where = "tên loại văn bản"
    lay.summary = [p for p in title_lines[1:] if p.text]
    for p in lay.summary:
        p.where = "trích yếu"
    lay.title_block = [blocks[title_idx]]
    i = title_idx + 1
    # Trích yếu: the centred paragraphs after the title, up to the first body paragraph; a line under it
    # may be a shape or border on any of them or on an empty paragraph after them.
    while i < len(blocks):
        p = blocks[i]
        if p.tag != f"{W}p":
            boxed = _one_cell(p) if not lay.summary else None
            if not boxed:
                break
            # A trích yếu some offices type in a table of one cell (a frame round it, a rule under it).
            lay.summary += [q for para in boxed for q in lines_of(para, "trích yếu") if q.text]
            lay.title_block += boxed
            i += 1
            continue
        text = norm(para_text(p))
        props = resolver.para(p)
        if not text or re.fullmatch(r"[_\-─–—]{3,}", text):
            lay.title_block.append(p)
            i += 1
            if lay.summary and (has_line(p) or text):
                break
            continue
        if props.align != "center" and lay.summary:
            break
        if text.startswith("(") and text.endswith(")") and lay.summary:
            lay.title_notes.append(DocxPara(p, "dòng ghi chú dưới trích yếu"))
        else:
            lay.summary += [q for q in lines_of(p, "trích yếu") if q.text]
        lay.title_block.append(p)
        i += 1
    return _finish(lay, blocks, i)


def _one_cell(tbl: etree._Element) -> list[etree._Element]:
    """The paragraphs of a table of one row and one cell holding a line or two of text, else []."""
    rows = tbl.findall(f"{W}tr")
    cells = rows[0].findall(f"{W}tc") if len(rows) == 1 else []
    if len(cells) != 1 or cells[0].find(f".//{W}tbl") is not None:
        return []
    paras = cells[0].findall(f"{W}p")
    texts = [norm(para_text(p)) for p in paras]
    return paras if any(texts) and sum(1 for t in texts if t) <= 3 else []


def _title_in_header(lay: Layout, blocks: list[etree._Element], start: int) -> int:
    """Some offices type the type name and the trích yếu in a last row of the header table: read them
    there. Returns where the body starts (after the empty paragraphs that may carry the line)."""
    cells = [p for row in lay.header_cells for cell in row for p in cell]
    title = next((p for p in cells if p.text and is_type_title(p.text)), None)
    if title is None:
        return start
    lay.title = DocxPara(title.el, "tên loại văn bản", text=title.text, runs=title.runs, raw=title.raw)
    tc = next(title.el.iterancestors(f"{W}tc"))
    rest = [p for p in cells[cells.index(title) + 1:] if next(p.el.iterancestors(f"{W}tc")) is tc]
    for p in rest:
        if p.text:
            p.where = "trích yếu"
            lay.summary.append(p)
    lay.title_block = list(dict.fromkeys(p.el for p in [title, *rest]))
    while start < len(blocks) and blocks[start].tag == f"{W}p" and not norm(para_text(blocks[start])):
        lay.title_block.append(blocks[start])
        start += 1
    return start


def _finish(lay: Layout, blocks: list[etree._Element], start: int | None) -> Layout:
    start = start or 0
    first = next((b for b in blocks[start:] if b.tag == f"{W}p" and norm(para_text(b))), None)
    if lay.header is None and lay.title is None and first is not None and nd30.APPENDIX_HEADING.match(norm(para_text(first))):
        # A file that is only an appendix (its own heading, title and "Kèm theo" line): no body, no signature.
        _appendices(lay, blocks, blocks.index(first))
        return _footnotes(lay)
    sig_idx = None
    for k in range(start, len(blocks)):
        b = blocks[k]
        if b.tag == f"{W}tbl" and any(norm(para_text(p)).startswith(nd30.NOI_NHAN) for p in b.iter(f"{W}p")):
            sig_idx = k
            break
    end = sig_idx if sig_idx is not None else len(blocks)
    appx_start = next((k for k in range(start, end) if blocks[k].tag == f"{W}p"
                       and nd30.APPENDIX_HEADING.match(norm(para_text(blocks[k])))), None)
    if sig_idx is None and appx_start is not None and not any(
            blocks[k].tag == f"{W}p" and norm(para_text(blocks[k])) for k in range(start, appx_start)):
        end = appx_start  # a file that is only an appendix: no body before it
    roman, khoan = "", 0
    n = 0
    numbering = lay.numbering
    for k in range(start, end):
        b = blocks[k]
        if b.tag != f"{W}p":
            continue
        n += 1
        para = DocxPara(b, "", label=numbering.label(b) if numbering else "")
        text = para.text
        m = nd30.MUC.match(text)
        if m:
            roman, khoan = m.group(1), 0
        m2 = nd30.KHOAN.match(text)
        if m2:
            khoan = int(m2.group(1))
        ctx = ", ".join(x for x in (f"phần {roman}" if roman else "", f"mục {khoan}" if khoan else "") if x)
        para.where = f"đoạn {n}" + (f" ({ctx})" if ctx else "") + (f": '{para.short}'" if para.text else "")
        lay.body.append(para)
    if sig_idx is not None:
        lay.sig = blocks[sig_idx]
        lay.sig_section = lay.section_of[id(lay.sig)]
        cells = _cells(lay.sig, "khối ký")
        left, right = _sig_columns(cells)
        for p in left:
            p.where = p.where.replace("khối ký, ô", "khối ký, bên trái, ô")
        for p in right:
            p.where = p.where.replace("khối ký, ô", "khối ký, bên phải, ô")
        lay.sig_cells = [left, right] if right else [left]
    if sig_idx is not None or end != len(blocks):
        _appendices(lay, blocks, sig_idx + 1 if sig_idx is not None else end)
    return _footnotes(lay)


def _appendices(lay: Layout, blocks: list[etree._Element], start: int) -> None:
    current: Appendix | None = None
    for k in range(start, len(blocks)):
        b = blocks[k]
        if b.tag == f"{W}p":
            text = norm(para_text(b))
            if nd30.APPENDIX_HEADING.match(text):
                current = Appendix(number=len(lay.appendices) + 1, section=lay.section_of[id(b)])
                lay.appendices.append(current)
            if current is not None:
                current.paras.append(DocxPara(b, f"phụ lục {current.number}, đoạn {len(current.paras) + 1}"))
        elif current is not None:
            current.tables.append(b)


def _footnotes(lay: Layout) -> Layout:
    foot = lay.raw.get("word/footnotes.xml")
    if foot:
        try:
            root = etree.fromstring(foot)
        except etree.XMLSyntaxError:
            root = None
        if root is not None:
            for fn in root.findall(f"{W}footnote"):
                if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                for p in fn.findall(f"{W}p"):
                    lay.footnotes.append((fn.get(qn("w:id")), DocxPara(p, f"chú thích {fn.get(qn('w:id'))}")))
    return lay
