"""A .docx plan (ours, or typed by hand in Word) -> Source. Reads the same anchors as the checker; a
document without a recognisable header table is read as text, paragraph by paragraph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

import re
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from kehoach_gen.facts import inline, nd30
from kehoach_gen.facts.wordml import W
from kehoach_gen.importer import flat_table
from kehoach_gen.importer import plaintext as text_parser
from kehoach_gen.importer.records import AppendixSource, Line, Source, Table
from kehoach_gen.ooxml.docxio import open_docx
from kehoach_gen.ooxml.layout import DocxPara, Layout, analyse, forget, norm, para_text, text_runs
from kehoach_gen.ooxml.layout import _blocks as blocks_in_order  # the checker's reading order is the importer's too
from kehoach_gen.ooxml.numbering import Numbering
from kehoach_gen.ooxml.resolve import Resolver
from kehoach_gen.plan.issuer import split_header


def _marked(lay: Layout, p: etree._Element, *, whole: bool = False) -> str:
    """Paragraph text with our inline marks: direct italic/bold as *...*/**...**, footnotes as [^n].
    whole: the paragraph's own weight is marked too (a table cell's, which no style of the plan sets)."""
    base = lay.resolver.run(None, p)
    texted = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.findall(f"{W}t")).strip()]
    props_all = [lay.resolver.run(r, p) for r in texted]
    # Emphasis on every run is the paragraph's own formatting (a bold heading), not inline emphasis.
    all_bold = bool(props_all) and all(x.bold for x in props_all) and not whole
    all_italic = bool(props_all) and all(x.italic for x in props_all) and not whole
    if whole:
        base = replace(base, bold=False, italic=False)
    spans: list[inline.Span] = []
    for r in p.iter(f"{W}r"):
        if any(a.tag == f"{W}txbxContent" for a in r.iterancestors()):
            continue
        ref = r.find(f"{W}footnoteReference")
        if ref is not None:
            ident = ref.get(qn("w:id")) or ""
            if ident.isdigit():  # a reference without a number points at no note: nothing to keep
                spans.append(inline.Span(footnote=int(ident)))
            continue
        text = "".join((t.text or "") if t.tag == f"{W}t" else " " for t in r if t.tag in (f"{W}t", f"{W}tab", f"{W}br"))
        if not text:
            continue
        props = lay.resolver.run(r, p)
        spans.append(inline.Span(text, bold=props.bold and not base.bold and not all_bold,
                                 italic=props.italic and not base.italic and not all_italic))
    return re.sub(r"\s+", " ", inline.write(spans)).strip()


def _all_runs(lay: Layout, p: etree._Element, emphasis: str) -> bool:
    """Whether every run that holds text is bold (or italic), as Word resolves it."""
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.findall(f"{W}t")).strip()]
    return bool(runs) and all(getattr(lay.resolver.run(r, p), emphasis) for r in runs)


def _all_bold(lay: Layout, p: etree._Element) -> bool:
    return _all_runs(lay, p, "bold")


# Our template's paragraph styles, by name: a re-save (LibreOffice, Word) may change the style ids but
# keeps the names.
_ROLES = {"KH Phần": "phan", "KH Mục": "muc", "KH Đoạn văn": "doan", "KH Căn cứ": "can_cu"}
_BASIS = "Căn cứ"


def _role(lay: Layout, p: etree._Element, text: str) -> str | None:
    """The paragraph's part in the plan: by our template's style, else an opening "Căn cứ ..." line set
    in italics is a basis (Phụ lục I, II.6.a); one printed upright stays the opening's text, as printed."""
    role = _style(lay, p)
    if role is None and text.startswith(_BASIS) and _all_runs(lay, p, "italic"):
        return "can_cu"
    return role


def _style(lay: Layout, p: etree._Element) -> str | None:
    ps = p.find(f"{W}pPr/{W}pStyle")
    style = lay.resolver.styles.get(ps.get(qn("w:val"))) if ps is not None else None
    name = style.find(f"{W}name") if style is not None else None
    return _ROLES.get(norm(name.get(qn("w:val")))) if name is not None else None


def parse(path: str | Path) -> Source:
    try:
        return _parse(path)
    finally:
        forget()


def _parse(path: str | Path) -> Source:
    document, raw = open_docx(path)
    lay = analyse(document, raw)
    if lay.header is None or (lay.title is None and not lay.summary):
        return _as_text(document, str(path))
    src = Source(name=str(path))
    left = [p for row in lay.header_cells for p in (row[0] if row else [])]
    right = [p for row in lay.header_cells for cell in row[1:] for p in cell]
    bold: list[bool] = []
    for p in left:
        if nd30.opens_number_line(p.text):
            read = nd30.number_and_symbol(p.text)
            if read:
                src.number, src.symbol = read
            break
        if p.text:
            src.body_lines.append(p.text.upper())
            bold.append(_all_bold(lay, p.el))
    parent, src.body_lines = split_header(src.body_lines, bold)
    src.parent_line = " ".join(parent)
    for p in right:
        if ", ngày" in p.text:
            src.date_text = p.text
    src.summary = " ".join(p.text for p in lay.summary) or None
    if src.summary and lay.title_notes:
        # "(ban hành kèm theo Nghị quyết số ...)" under the trích yếu completes it; a text copy runs it on too.
        src.summary = " ".join([src.summary, *(p.text for p in lay.title_notes)])
        src.warn(0, "dòng trong ngoặc dưới trích yếu được ghép vào trích yếu, cần xem lại")
    numbers = _numbering(document)
    blocks = blocks_in_order(document.element.body)
    at = {id(b): k for k, b in enumerate(blocks)}
    first = at.get(id(lay.body[0].el), 0) if lay.body else 0
    end = at.get(id(lay.sig), len(blocks)) if lay.sig is not None else len(blocks)
    body_paras = {id(p.el) for p in lay.body}
    k = 0  # paragraphs counted as `kehoach check` counts them ("đoạn 12")
    recent: list[tuple[Line, etree._Element]] = []  # the body's last lines, right above what comes next
    src.body += _addressees(lay, blocks[:first], numbers)
    for b in blocks[first:end]:
        if b.tag == f"{W}tbl":
            _body_table(lay, b, k, src.body, recent, numbers)
            recent = []
            continue
        k += 1
        if id(b) not in body_paras:
            recent = []
            continue
        line = _line(lay, b, k, numbers)
        if line is not None:
            src.body.append(line)
            recent.append((line, b))
    if src.body and src.body[-1].text.endswith("/."):
        src.body[-1].text = src.body[-1].text[:-2].rstrip()
    _signature(lay, src)
    for ident, para in lay.footnotes:
        text = _marked(lay, para.el)
        if ident and ident.isdigit() and int(ident) > 0 and text:
            # A note of several paragraphs ("Trước sáp nhập tỉnh: ..." / "Sau sáp nhập tỉnh: ...") runs on as
            # one: the plan's note is one paragraph.
            before = src.footnotes.get(int(ident))
            src.footnotes[int(ident)] = f"{before} {text}" if before else text
        elif text:
            src.warn(0, f"chú thích không có số (w:id) nên không được nhập: '{text[:60]}'")
    _renumber_footnotes(src)
    if lay.sig is not None:
        _appendices(lay, blocks[end + 1:], src, numbers, counted=k)
    return src


def _addressees(lay: Layout, blocks: list[etree._Element], numbers: _Labels | None) -> list[Line]:
    """'Kính gửi:' and the bodies addressed under it, which a report or a letter sets in a table of its own
    between the trích yếu and the text: its lines in reading order, kept where they stand."""
    for b in blocks:
        if b.tag != f"{W}tbl" or b is lay.header:
            continue
        paras = [p for p in b.iter(f"{W}p") if norm(para_text(p))]
        if paras and norm(para_text(paras[0])).startswith(nd30.KINH_GUI):
            return [line for p in paras if (line := _line(lay, p, 0, numbers)) is not None]
    return []


def _rows_as_text(tbl: etree._Element) -> list[str]:
    table = _table(tbl)
    return [" – ".join(c for c in row if c) for row in [table.columns, *table.rows] if any(row)]


def _line(lay: Layout, p: etree._Element, where: int, numbers: _Labels | None) -> Line | None:
    """A paragraph as a line of the plan: its marked text after the number Word draws for it, with what its
    formatting tells (our template's style, whole-line weight)."""
    text = _marked(lay, p)
    label = numbers.label(p) if numbers is not None else None
    if label and text and not text.startswith(label):
        text = f"{label} {text}"
    if not text:
        return None
    return Line(text=text, where=where, style=_role(lay, p, text), bold=_all_bold(lay, p),
                italic=_all_runs(lay, p, "italic"))


_CAPTION = re.compile(r"^(Bảng|Biểu|Biểu mẫu|Mẫu biểu|Phụ biểu|Mẫu|BẢNG|BIỂU|BIỂU MẪU|MẪU BIỂU|PHỤ BIỂU|MẪU)\s*"
                      r"([Ss]ố\s*|SỐ\s*)?(\d+|[IVXLC]+)\b")
_NUMBERED = re.compile(r"^([IVXLC]+\.|\d+(\.\d+)*\.?|[a-zđ]\))\s")


def _caption(lay: Layout, lines: list[tuple[Line, etree._Element]]) -> tuple[str, list[str], int]:
    """What names the table under the last lines: a 'Bảng 1. ...' / 'Biểu 01: ...' line and the lines
    between it and the table ('(Lưu ý: ...)'), or a short centred line; and how many lines that takes."""
    tail: list[tuple[Line, bool]] = []  # the short, unnumbered lines right above (at most 3), centred or not
    for line, p in reversed(lines[-3:]):
        plain = inline.plain(line.text)
        centred = lay.resolver.para(p).align == "center"
        if len(plain) > 200 or _NUMBERED.match(plain) or not (centred or _CAPTION.match(plain)):
            break
        tail.insert(0, (line, centred))
    for i, (line, _) in enumerate(tail):
        if _CAPTION.match(inline.plain(line.text)):
            return line.text, [x.text for x, _ in tail[i + 1:]], len(tail) - i
    if tail and tail[-1][1] and not inline.plain(tail[-1][0].text).rstrip().endswith((":", ";")):
        return tail[-1][0].text, [], 1
    return "", [], 0


def _body_table(lay: Layout, tbl: etree._Element, where: int, out: list[Line],
                recent: list[tuple[Line, etree._Element]], numbers: _Labels | None) -> None:
    """A table among the paragraphs, kept a table where it stands, its cells' emphasis kept; the lines right
    above it name it when they read as a caption."""
    table = _table(tbl, numbers, text_of=lambda p: _marked(lay, p, whole=True))
    if not any(table.columns) and not any(any(r) for r in table.rows):
        return
    table.columns = [inline.plain(c) for c in table.columns]  # column names print in the header's own weight
    caption, table.lead, taken = _caption(lay, recent)
    if taken:
        del out[-taken:]
    out.append(Line(text=caption, where=where, table=table))


def _appendices(lay: Layout, blocks: list[etree._Element], src: Source, numbers: _Labels | None = None,
                counted: int = 0) -> None:
    """What follows the signature: appendices, each from its heading 'PHỤ LỤC ...' to the next. One whose
    first content is its only table is that table with the notes under it; any other (an outline, a text
    and a table, several tables) keeps its lines and tables in order, read later as the body is. Their
    paragraphs are numbered on from the body's (counted), so that a note's 'đoạn' is one place in the file."""
    current: AppendixSource | None = None
    stray: list[str] = []
    texts = ["" if b.tag == f"{W}tbl" else norm(para_text(b)) for b in blocks]
    recent: list[tuple[Line, etree._Element]] = []
    by_heading: set[int] = set()  # the appendices opened by a 'PHỤ LỤC' line
    for k, b in enumerate(blocks):
        if b.tag == f"{W}tbl":
            if current is None:
                stray += _rows_as_text(b)
            else:  # its cells keep their weight (a group row printed bold), as a body table's do
                _body_table(lay, b, counted, current.body, recent, numbers)
            recent = []
            continue
        counted += 1
        text = texts[k]
        in_title = current is not None and not current.body
        if not in_title and flat_table.opens_appendix(texts, k) and not flat_table.is_heading(text):
            # A title in capitals and its "(Kèm theo ...)" line, with no "PHỤ LỤC" above them.
            current = AppendixSource(title=text, table=None, landscape=None, notes=[], where=counted)
            src.appendices.append(current)
            src.warn(counted, f"tệp đính kèm '{text[:50]}' không có dòng 'PHỤ LỤC': nhập thành một phụ lục, cần xem lại")
            recent = []
            continue
        if flat_table.is_heading(text) and not (current is not None and current.title and id(current) in by_heading
                                                and flat_table.is_form_heading(text)):
            section = lay.document.sections[lay.section_of[id(b)]] if lay.section_of[id(b)] < len(
                lay.document.sections) else None
            landscape = bool(section and section.page_width and section.page_height
                             and section.page_width > section.page_height)
            current = AppendixSource(title="", table=None, landscape=landscape, notes=[], where=counted)
            src.appendices.append(current)
            if not flat_table.is_form_heading(text):
                # "PHỤ LỤC" over "Biểu mẫu 1", "Biểu mẫu 2" ...: the forms are the appendix's, each a table
                # under its caption, not appendices of their own.
                by_heading.add(id(current))
            recent = []
            continue
        if not text:
            continue
        if current is None:
            stray.append(_marked(lay, b))
        elif not current.title and not current.body:
            current.title = text
        elif not current.body and flat_table.REFERENCE.match(text):
            current.reference = text  # the model derives it from the plan's own number and date
        elif not current.body and text.isupper() and not _NUMBERED.match(text):
            current.title += " " + text  # a title on two lines; "I. ĐẶC ĐIỂM ..." is its first part
        elif (line := _line(lay, b, counted, numbers)) is not None:
            current.body.append(line)
            recent.append((line, b))
    if stray:
        src.warn(0, f"{len(stray)} đoạn sau khối chữ ký không thuộc phụ lục nào: ghi vào ghi chú phụ lục, cần xem lại")
        if not src.appendices:
            src.appendices.append(AppendixSource(title="[Cần bổ sung tên phụ lục]", table=None, landscape=None))
        src.appendices[0].notes[:0] = stray
    for ap in src.appendices:
        ap.title = ap.title or "[Cần bổ sung tên phụ lục]"
        tables = [line for line in ap.body if line.table is not None]
        if len(tables) == 1 and ap.body[0] is tables[0] and not tables[0].text and tables[0].table is not None \
                and not tables[0].table.lead:
            ap.table, ap.notes = tables[0].table, [*ap.notes, *(line.text for line in ap.body[1:])]
            ap.body = []


class _Labels:
    """The number Word draws before a paragraph, read by the checker's own numbering (one reading of
    numbering.xml for both), as the importer writes it: '1.', 'a)', 'II.', and '- ' or '+ ' bullets."""

    def __init__(self, document: Document) -> None:
        self.numbering = Numbering(document, Resolver(document))

    def label(self, p: etree._Element) -> str | None:
        raw = self.numbering.label(p).strip()
        bullet = {"-": "-", "–": "-", "—": "-", "+": "+"}.get(raw)
        if bullet is not None:
            return bullet
        return raw if any(c.isalnum() for c in raw) else None


def _numbering(document: Document) -> _Labels:
    return _Labels(document)


def _renumber_footnotes(src: Source) -> None:
    """Word shows notes numbered by where they are first cited, whatever ids the file uses (LibreOffice
    re-saves them from 2): the plan gets 1, 2, 3 ... in that order."""
    order: dict[int, int] = {}
    for line in src.body:
        for ref in re.findall(r"\[\^(\d+)\]", line.text):
            order.setdefault(int(ref), len(order) + 1)
    for ident in sorted(src.footnotes):
        order.setdefault(ident, len(order) + 1)
    if all(k == v for k, v in order.items()):
        return
    for line in src.body:
        line.text = re.sub(r"\[\^(\d+)\]", lambda m: f"[^{order.get(int(m.group(1)), m.group(1))}]", line.text)
    src.footnotes = {order[k]: v for k, v in sorted(src.footnotes.items(), key=lambda kv: order[kv[0]])}


def _signature(lay: Layout, src: Source) -> None:
    if not lay.sig_cells:
        return
    paras = [p for p in lay.sig_cells[0] if p.text]
    left = [p.text for p in paras]
    if left and left[0].startswith(nd30.NOI_NHAN):
        src.recipients = []
        for para in paras[1:]:
            text, tag = _subscript_apart(para)
            src.add_recipient(text)
            if tag and src.archive is not None and text.lstrip("- ").startswith("Lưu"):
                src.drafter = tag  # "- Lưu: VT, NC" and "Châu" set small: the drafter's tag
    right = [p.text for p in lay.sig_cells[-1] if p.text] if len(lay.sig_cells) > 1 else []
    if right:
        src.authority, src.signer = right[:-1], right[-1]


def _subscript_apart(para: DocxPara) -> tuple[str, str]:
    """A line's text without its runs set in subscript, and those runs' text ('- Lưu: VT, NC' and 'Châu'). A
    full stop printed between the units and the tag ('NC.' then 'Châu') is the tag's as printed: '.Châu'."""
    runs = text_runs(para.el) if para.runs is None else para.runs
    small = [r for r in runs if (v := r.find(f"{W}rPr/{W}vertAlign")) is not None and v.get(qn("w:val")) == "subscript"]
    if not small:
        return para.text, ""

    def text(rs: list[etree._Element]) -> str:
        return "".join(t.text or "" for r in rs for t in r.findall(f"{W}t"))

    words = text(small).strip().rstrip(".").strip()
    before = text([r for r in runs[:runs.index(small[0])] if r not in small]).rstrip()
    if before.endswith(".") and words:
        after = text([r for r in runs[runs.index(small[0]):] if r not in small])
        return norm(before[:-1] + after), f".{words}"
    return norm(text([r for r in runs if r not in small])), words


def _plain_text(p: etree._Element) -> str:
    return norm(para_text(p))


def _cell_text(tc: etree._Element, numbers: _Labels | None, text_of: Callable[[etree._Element], str] = _plain_text) -> str:
    """A cell's paragraphs as one line, each after the number Word draws for it (a "TT" column numbered
    by a Word list is otherwise empty)."""
    out = ""
    for p in tc.iter(f"{W}p"):
        text = text_of(p)
        label = numbers.label(p) if numbers is not None else None
        if label and label not in "-+" and not text.startswith(label):
            text = f"{label} {text}".strip()
        if not text:
            continue
        # A name a line ("Đỗ Mạnh Cường" / "Vũ Việt Linh") is set off by a comma; a phrase broken with Enter
        # ("Trước ngày" / "30/6/2026") runs on.
        name = all(w[:1].isupper() for w in out.split()[-3:]) and text[:1].isupper()
        out = text if not out else out + (", " if name and out[-1] not in ".;:,!?-–" else " ") + text
    return out


def _table(tbl: etree._Element, numbers: _Labels | None = None,
           text_of: Callable[[etree._Element], str] = _plain_text) -> Table:
    """Rows as a reader sees them: a cell spanning columns is followed by empty cells, so that every
    row has as many cells as the table has columns."""
    rows = []
    for tr in tbl.findall(f"{W}tr"):
        row: list[str] = []
        for tc in tr.findall(f"{W}tc"):
            row.append(_cell_text(tc, numbers, text_of))
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            row += [""] * (int(span.get(qn("w:val")) or 1) - 1 if span is not None else 0)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Table(columns=rows[0] if rows else [], rows=rows[1:])


def _as_text(document: Document, name: str) -> Source:
    """No header table or title found: read the words in order, as a web copy would be read."""
    lines = []
    numbers = _numbering(document)
    for el in document.element.body.iter(f"{W}p"):
        text, label = para_text(el), numbers.label(el)
        lines.append(f"{label} {text}" if label and text.strip() and not text.startswith(label) else text)
    src = text_parser.parse("\n".join(lines), name, one_paragraph_a_line=True)
    src.warn(0, "không thấy bảng tiêu đề và chữ 'KẾ HOẠCH' của văn bản Word: đọc như văn bản thuần")
    return src
