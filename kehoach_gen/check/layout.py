"""Find the parts of a Kế hoạch in any .docx: header table, title, trích yếu, body, signature table,
appendices, footnotes; each paragraph with a location a person can find."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from .resolve import Resolver

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@functools.lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """NFC, single spaces, and one spelling of the tone marks that ND30 itself writes two ways."""
    t = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    t = re.sub(r"\s+", " ", t).strip()
    for a, b in (("HOÀ", "HÒA"), ("UỶ", "ỦY"), ("hoà", "hòa"), ("uỷ", "ủy"), ("Uỷ", "Ủy")):
        t = t.replace(a, b)
    return t


def _boxed(p: etree._Element) -> set[etree._Element]:
    """Elements inside text boxes: their words are not the paragraph's own."""
    if p.find(f".//{W}txbxContent") is None:
        return set()
    return {el for box in p.iter(f"{W}txbxContent") for el in box.iter()}


@functools.lru_cache(maxsize=16384)
def para_text(p: etree._Element) -> str:
    boxed = _boxed(p)
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if boxed and el in boxed:
            continue
        if el.tag == f"{W}t":
            out.append(el.text or "")
        elif el.tag == f"{W}tab":
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
        if boxed and r in boxed:
            continue
        text = "".join(t.text or "" for t in r.iterchildren(f"{W}t"))
        if text.strip():
            runs.append(r)
    return tuple(runs)


def forget() -> None:
    """Drop the per-paragraph caches (they hold the document's elements alive)."""
    para_text.cache_clear()
    text_runs.cache_clear()
    norm.cache_clear()


def _border_line(p: etree._Element) -> bool:
    """An empty paragraph whose bottom border is the line (the form that survives re-saving)."""
    b = p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    return (b is not None and b.get(qn("w:val")) not in ("nil", "none")
            and not "".join(t.text or "" for t in p.iter(f"{W}t")).strip())


def has_line(p: etree._Element) -> bool:
    """A drawn horizontal line in or on this paragraph: DrawingML line, VML line, or a bottom border."""
    if _border_line(p):
        return True
    for el in p.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.endswith("}prstGeom") and el.get("prst") in ("line", "straightConnector1"):
            return True
        if tag.endswith("}line") and "vml" in tag:
            return True
        if tag.endswith("}wsp"):
            ext = el.find(".//{*}xfrm/{*}ext")
            if ext is not None and ext.get("cy") in ("0", None):
                return True
    return False


def has_page_field(el: etree._Element) -> bool:
    """A PAGE field, complex (instrText) or simple (fldSimple), anywhere under el."""
    for it in el.iter(qn("w:instrText")):
        if (it.text or "").strip().upper().startswith("PAGE"):
            return True
    for fs in el.iter(qn("w:fldSimple")):
        if (fs.get(qn("w:instr")) or "").strip().upper().startswith("PAGE"):
            return True
    return False


def _twips(el: etree._Element | None, attr: str) -> int:
    try:
        return int(el.get(qn(attr)) or 0) if el is not None else 0
    except ValueError:
        return 0


def _border_length_mm(p: etree._Element) -> float | None:
    """A border runs between the paragraph's indents, across its cell or the page's text column."""
    tc = next(p.iterancestors(f"{W}tc"), None)
    if tc is not None:
        width = _twips(tc.find(f"{W}tcPr/{W}tcW"), "w:w")
        tbl = next(tc.iterancestors(f"{W}tbl"), None)
        mar = tbl.find(f"{W}tblPr/{W}tblCellMar") if tbl is not None else None
        width -= sum(_twips(mar.find(f"{W}{e}") if mar is not None else None, "w:w") for e in ("left", "right"))
    else:
        # The section a paragraph belongs to is the next section break after it.
        sect = next((s.find(f"{W}pPr/{W}sectPr") if s.tag == f"{W}p" else s for s in p.itersiblings(f"{W}p", f"{W}sectPr")
                     if s.tag == f"{W}sectPr" or s.find(f"{W}pPr/{W}sectPr") is not None), None)
        if sect is None:
            return None
        mar = sect.find(f"{W}pgMar")
        width = _twips(sect.find(f"{W}pgSz"), "w:w") - _twips(mar, "w:left") - _twips(mar, "w:right")
    ind = p.find(f"{W}pPr/{W}ind")
    width -= _twips(ind, "w:left") + _twips(ind, "w:right")
    return width * 25.4 / 1440 if width > 0 else None


def line_length_mm(p: etree._Element) -> float | None:
    if _border_line(p):
        return _border_length_mm(p)
    for el in p.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.endswith("}extent") and el.get("cx") is not None:
            return int(el.get("cx")) / 36000
    return None


@dataclass
class Para:
    el: etree._Element
    where: str
    text: str = ""

    def __post_init__(self) -> None:
        self.text = norm(para_text(self.el))

    @property
    def short(self) -> str:
        return self.text[:40] + ("…" if len(self.text) > 40 else "")


@dataclass
class Appendix:
    number: int
    section: int
    paras: list[Para] = field(default_factory=list)
    tables: list[etree._Element] = field(default_factory=list)


@dataclass
class Layout:
    document: Document
    raw: dict[str, bytes]
    resolver: Resolver
    section_of: dict[int, int]  # id(element) -> section index
    header: etree._Element | None = None
    header_cells: list[list[list[Para]]] = field(default_factory=list)
    title: Para | None = None
    summary: list[Para] = field(default_factory=list)
    summary_line_para: etree._Element | None = None
    body: list[Para] = field(default_factory=list)
    sig: etree._Element | None = None
    sig_cells: list[list[Para]] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    footnotes: list[tuple[str, Para]] = field(default_factory=list)
    sig_section: int = 0

    def paragraphs_everywhere(self) -> list[Para]:
        out: list[Para] = []
        for row in self.header_cells:
            for cell in row:
                out += cell
        if self.title:
            out.append(self.title)
        out += self.summary + self.body
        for cell in self.sig_cells:
            out += cell
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


def _cells(tbl: etree._Element, label: str) -> list[list[list[Para]]]:
    rows = []
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        row = []
        for c, tc in enumerate(tr.findall(f"{W}tc")):
            paras = [Para(p, f"{label}, ô ({r + 1},{c + 1}), đoạn {k + 1}") for k, p in enumerate(tc.findall(f"{W}p"))]
            row.append(paras)
        rows.append(row)
    return rows


_ROMAN_HEAD = re.compile(r"^([IVXLC]+)\.\s+\S")
_KHOAN = re.compile(r"^(\d{1,2})\.\s+\S")


def analyse(document: Document, raw: dict[str, bytes]) -> Layout:
    resolver = Resolver(document)
    blocks = _blocks(document.element.body)
    section_of: dict[int, int] = {}
    sec = 0
    for b in blocks:
        section_of[id(b)] = sec
        if b.tag == f"{W}p":
            ppr = b.find(f"{W}pPr")
            if ppr is not None and ppr.find(f"{W}sectPr") is not None:
                sec += 1
    lay = Layout(document=document, raw=raw, resolver=resolver, section_of=section_of)

    i = 0
    title_idx = None
    for k, b in enumerate(blocks):
        if b.tag == f"{W}p" and norm(para_text(b)) == "KẾ HOẠCH":
            title_idx = k
            break
    first_tbl = next((k for k, b in enumerate(blocks) if b.tag == f"{W}tbl"), None)
    if first_tbl is not None and (title_idx is None or first_tbl < title_idx):
        lay.header = blocks[first_tbl]
        lay.header_cells = _cells(lay.header, "bảng tiêu đề")
    if title_idx is None:
        return _finish(lay, blocks, None)
    lay.title = Para(blocks[title_idx], "tên loại văn bản")
    i = title_idx + 1
    # Trích yếu: the centred paragraphs after the title, up to the one carrying the line.
    while i < len(blocks) and blocks[i].tag == f"{W}p":
        p = blocks[i]
        text = norm(para_text(p))
        props = resolver.para(p)
        if not text:
            if has_line(p):
                lay.summary_line_para = p
                i += 1
            break
        if re.fullmatch(r"[_\-─–—]{3,}", text):
            lay.summary_line_para = p
            i += 1
            break
        if props.align != "center" and lay.summary:
            break
        lay.summary.append(Para(p, "trích yếu"))
        i += 1
        if has_line(p):
            lay.summary_line_para = p
            break
    return _finish(lay, blocks, i)


def _finish(lay: Layout, blocks: list[etree._Element], start: int | None) -> Layout:
    start = start or 0
    sig_idx = None
    for k in range(start, len(blocks)):
        b = blocks[k]
        if b.tag == f"{W}tbl" and any(norm(para_text(p)).startswith("Nơi nhận") for p in b.iter(f"{W}p")):
            sig_idx = k
            break
    end = sig_idx if sig_idx is not None else len(blocks)
    roman, khoan = "", 0
    n = 0
    for k in range(start, end):
        b = blocks[k]
        if b.tag != f"{W}p":
            continue
        n += 1
        text = norm(para_text(b))
        m = _ROMAN_HEAD.match(text)
        if m:
            roman, khoan = m.group(1), 0
        m2 = _KHOAN.match(text)
        if m2:
            khoan = int(m2.group(1))
        ctx = ", ".join(x for x in (f"phần {roman}" if roman else "", f"mục {khoan}" if khoan else "") if x)
        para = Para(b, "")
        para.where = f"đoạn {n}" + (f" ({ctx})" if ctx else "") + (f": '{para.short}'" if para.text else "")
        lay.body.append(para)
    if sig_idx is not None:
        lay.sig = blocks[sig_idx]
        lay.sig_section = lay.section_of[id(lay.sig)]
        for tr in lay.sig.findall(f"{W}tr"):
            cells = tr.findall(f"{W}tc")
            if any(norm(para_text(p)).startswith("Nơi nhận") for p in tr.iter(f"{W}p")):
                for c, tc in enumerate(cells):
                    side = "trái" if c == 0 else "phải"
                    lay.sig_cells.append([Para(p, f"khối ký, ô {side}, đoạn {j + 1}")
                                          for j, p in enumerate(tc.findall(f"{W}p"))])
                break
        current: Appendix | None = None
        for k in range(sig_idx + 1, len(blocks)):
            b = blocks[k]
            if b.tag == f"{W}p":
                text = norm(para_text(b))
                if re.fullmatch(r"Phụ lục( [IVXLC]+)?", text, flags=re.IGNORECASE):
                    current = Appendix(number=len(lay.appendices) + 1, section=lay.section_of[id(b)])
                    lay.appendices.append(current)
                if current is not None:
                    current.paras.append(Para(b, f"phụ lục {current.number}, đoạn {len(current.paras) + 1}"))
            elif current is not None:
                current.tables.append(b)
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
                    lay.footnotes.append((fn.get(qn("w:id")), Para(p, f"chú thích {fn.get(qn('w:id'))}")))
    return lay
