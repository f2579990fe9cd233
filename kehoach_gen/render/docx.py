"""Page -> .docx bytes: the docxtpl template fills the words, python-docx finishes what a template
cannot do (drawn lines, page numbers, footnotes, appendix sections, file properties)."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import docxtpl
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.styles.style import StyleFactory
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError
from lxml import etree

from kehoach_gen import __version__
from kehoach_gen.errors import TemplateProblem
from kehoach_gen.facts import inline, nd30
from kehoach_gen.facts.metrics import text_width_mm
from kehoach_gen.facts.wordml import emu_to_mm, twips_to_mm, twips_to_pt
from kehoach_gen.ooxml import write as ooxml
from kehoach_gen.ooxml.layout import has_page_field
from kehoach_gen.plan.compose import Appendix, Page, Para
from kehoach_gen.render.package import document_entries, write_package
from kehoach_gen.render.prepared import CachedEnvironment, kept
from kehoach_gen.render.templates import OneFile, TemplateSet, failing_line, guarded

# ND30: the lines under the issuing body and the trích yếu are 1/3 to 1/2 of the text; take the middle.
LINE_RATIO = (nd30.SHORT_LINE_RATIO.low + nd30.SHORT_LINE_RATIO.high) / 2

_SECTPR_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                 "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                 "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def context(page: Page) -> dict:
    return {
        "co_quan_chu_quan_dong": page.header_parent,
        "co_quan_dong": page.header_body,
        "so_ky_hieu": page.number_line,
        "dia_danh_ngay": page.place_date,
        "ten_loai": page.title,
        "trich_yeu": page.summary,
        "than": [{"kieu": p.kind, "runs": ooxml.RunsXml(_table_marker(k) if p.table else p.text)}
                 for k, p in enumerate(page.body)],
        "noi_nhan": page.recipients,
        "tham_quyen": page.authority,
        "nguoi_ky": page.signer,
    }


class _Template(DocxTemplate):
    """docxtpl leaves an empty run on each side of a {{r ...}} tag; a clerk editing in Word should not
    trip over invisible runs. Dropping them from the rendered text costs less than from the tree."""

    def build_xml(self, context: dict[str, Any], jinja_env: Environment | None = None) -> str:
        return super().build_xml(context, jinja_env).replace(_EMPTY_RUN, "")

    # docxtpl parses, patches, compiles, renders and reloads every header and footer, and compiles every
    # core property, tags or not; the page-number header has none, and the properties are set from the
    # plan afterwards. Skipping what holds no "{" (a tag, whole or split across runs, needs one) saves
    # about a fifth of a render.
    def get_headers_footers(self, uri: str) -> Iterator[tuple[str, Any]]:
        for rel_key, part in super().get_headers_footers(uri):
            if b"{" in part.blob:
                yield rel_key, part

    # docxtpl's clean-up of the XML for jinja depends on nothing but the XML (and docxtpl's version): the
    # same every run, so kept between runs (prepared.py).
    def patch_xml(self, src_xml: str) -> str:
        return kept(f"docxtpl-{docxtpl.__version__}-patch_xml", src_xml, super().patch_xml)

    # docxtpl turns a tab, \a, newline or form feed in the rendered text into Word's own tab, paragraph,
    # line or page break with three nested regex passes over every paragraph, run and text: a tenth of a
    # render. Without one of those characters anywhere in the XML the passes change nothing.
    def resolve_listing(self, xml: str) -> str:
        if not any(c in xml for c in "\t\a\n\f"):
            return xml
        return super().resolve_listing(xml)

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any],
                        jinja_env: Environment | None = None) -> str:
        """docxtpl names the paragraph of a syntax error; any other failure (an include, a loop stopped by
        the CPU limit, recursion) gets the paragraph that was running, from the traceback."""
        try:
            return str(super().render_xml_part(src_xml, part, context, jinja_env))
        except Exception as exc:
            line = failing_line(exc)
            if line is not None:
                lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).splitlines()
                if 0 < line <= len(lines):
                    exc.template_paragraph = re.sub(r"<[^>]+>", "", lines[line - 1])  # type: ignore[attr-defined]
            raise

    def render_properties(self, context: dict[str, Any], jinja_env: Environment | None = None) -> None:
        props = self.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            value = getattr(props, name)
            if "{" in value:
                setattr(props, name, (jinja_env or Environment()).from_string(value).render(context))


_EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'


def render(page: Page, templates: TemplateSet | None = None, *, limited: bool = True,
           base: dict[str, Any] | None = None) -> bytes:
    """The .docx of a composed page; base, the plan's data as read, travels inside (basecopy.py)."""
    templates = templates or TemplateSet()
    path = templates.find(page.kind.template)
    if limited and not templates.is_bundled(path):  # an office's own template: time and memory limits
        from kehoach_gen.render.limits import run_limited

        return run_limited(functools.partial(render, limited=False, base=base), page, templates, template=path)
    tpl = _Template(str(path))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises many kinds on a file that is not a .docx
        raise TemplateProblem(f"{path}: mẫu không mở được như một văn bản .docx ({type(exc).__name__}); "
                              "hãy lưu lại mẫu bằng Word dạng .docx") from None
    # A template from an office's own folder is untrusted input: it runs sandboxed. The bundled template
    # is part of the program and skips the sandbox's per-attribute checks; its compiled code is kept.
    guard: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if templates.is_bundled(path):
        env: Environment = CachedEnvironment(autoescape=True, undefined=StrictUndefined)
    else:
        from jinja2.sandbox import SandboxedEnvironment  # only an office's own template needs it

        env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, loader=OneFile())
        guard = guarded(path, lambda exc, words: _at_tag(_failing_tag(exc, words)))
    try:
        with guard:
            tpl.render(context(page), jinja_env=env)
    except TemplateError as exc:
        raise TemplateProblem(f"{path}: {template_error(exc, path)}") from None
    document = tpl.docx
    if page.header_parent and not templates.is_bundled(path):
        _prints_parent(document, page, path)
    finish(document, page)
    return write_package(document_entries(document), base)


def _prints_parent(document: Document, page: Page, path: Path) -> None:
    """A template made before bodies under a People's Committee were supported would drop the parent line
    of a Sở's plan without a word: refuse it, and say what to add."""
    table = document.element.body.find(qn("w:tbl"))
    text = "".join(table.itertext()) if table is not None else ""
    if page.header_parent[0] not in text:
        raise TemplateProblem(
            f"{path}: mẫu chưa có chỗ in dòng cơ quan chủ quản ('{page.header_parent[0]}') của kế hoạch sở, ban; "
            "thêm vào ô tên cơ quan, trên tên cơ quan, ba đoạn '{%p for d in co_quan_chu_quan_dong %}', "
            "'{{ d }}' (chữ đứng, không đậm) và '{%p endfor %}', như mẫu kehoach.docx")


def template_error(exc: TemplateError, template: Path) -> str:
    """Name the tag that failed, in the words of the template's author."""
    message = str(exc)
    tag = ""
    context = list(getattr(exc, "docx_context", None) or [])
    lineno = getattr(exc, "lineno", None)
    if context and lineno:
        failing = context[min(lineno - 1, 3)] if lineno > 3 else context[lineno - 1]
        tags = re.findall(r"\{[{%].*?[%}]\}|\{[{%].*", failing)
        tag = tags[0] if tags else failing.strip()
    else:
        tag = _failing_tag(exc, ("include", "import", "extends"))
    m = re.match(r"'([^']+)' is undefined", message)
    if m:
        message = f"biến '{m.group(1)}' không có trong dữ liệu kế hoạch"
        tag = next((t for t in _template_tags(template) if re.search(rf"\b{re.escape(m.group(1))}\b", t)), tag)
    elif "unsafe" in message or "access to attribute" in message:
        attr = re.search(r"attribute '([^']+)'", message)
        if attr:
            tag = next((t for t in _template_tags(template) if attr.group(1) in t), tag)
        message = f"mẫu dùng thao tác không được phép ({message})"
    return f"lỗi mẫu{_at_tag(tag)}: {message}"


def _failing_tag(exc: BaseException, words: tuple[str, ...]) -> str:
    """The tag of the template paragraph that was running when exc was raised, if known: the first one
    holding one of the words (a paragraph may hold several tags), else its first."""
    text = getattr(exc, "template_paragraph", "")
    tags = re.findall(r"\{[{%].*?[%}]\}|\{[{%].*", text)
    fitting = [t for t in tags if any(re.search(rf"\b{w}\b", t) for w in words)]
    return (fitting or tags or [text.strip()[:80]])[0]


def _at_tag(tag: str) -> str:
    return f" ở thẻ '{tag}'" if tag else ""


def _template_tags(template: Path) -> list[str]:
    text = "\n".join(p.text for p in docx.Document(str(template)).paragraphs)
    for table in docx.Document(str(template)).tables:
        text += "\n" + "\n".join(p.text for c in table._cells for p in c.paragraphs)
    return re.findall(r"\{[{%].*?[%}]\}", text)


# --- finishing -------------------------------------------------------------------------------




def _paragraphs(document: Document, style_id: str) -> list:
    return document.element.body.xpath(f'.//w:p[w:pPr/w:pStyle/@w:val="{style_id}"]')


def _heading_paragraphs(document: Document) -> dict[str, list]:
    """The header table's and the title block's paragraphs by style, from the top of the body only
    (a body-wide search costs more than everything else the finishing does)."""
    found: dict[str, list] = {}
    for child in document.element.body:
        paragraphs = child.iter(qn("w:p")) if child.tag == qn("w:tbl") else [child]
        for p in paragraphs:
            ps = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if ps is not None:
                found.setdefault(ps.get(qn("w:val")), []).append(p)
        if "KHTrichYeu" in found and child.tag == qn("w:p"):
            nxt = child.getnext()
            if nxt is None or nxt.find(f"{qn('w:pPr')}/{qn('w:pStyle')}[@{qn('w:val')}='KHTrichYeu']") is None:
                break
    return found


def _cell_width_mm(p: etree._Element) -> float | None:
    """Width of the table cell holding p, less its cell margins (None: not in a cell)."""
    tc = next((a for a in p.iterancestors(qn("w:tc"))), None)
    if tc is None:
        return None
    w = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if w is None or w.get(qn("w:type")) not in (None, "dxa"):
        return None
    tbl = next(tc.iterancestors(qn("w:tbl")))
    side = 0.0
    for edge in ("left", "right"):
        m = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn('w:' + edge)}")
        side += twips_to_mm(int(m.get(qn("w:w")) or 0)) if m is not None else 1.9  # Word's default 0.19 cm
    return twips_to_mm(int(w.get(qn("w:w")) or 0)) - side


def _text_width_mm(document: Document) -> float:
    sec = document.sections[0]
    return emu_to_mm((sec.page_width or 0) - (sec.left_margin or 0) - (sec.right_margin or 0))


def _space_after_pt(document: Document, p: etree._Element) -> float:
    """The paragraph's spacing after (direct, else its style's), which moves to the line below it."""
    spacing = p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None and spacing.get(qn("w:after")) is not None:
        return twips_to_pt(int(spacing.get(qn("w:after"))))
    ps = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if ps is not None:
        for element in document.styles.element.style_lst:  # the elements: a style object each costs
            if element.styleId == ps.get(qn("w:val")):
                style = StyleFactory(element)
                fmt = getattr(style, "paragraph_format", None)
                after = fmt and fmt.space_after
                return after.pt if after is not None else 0.0
    return 0.0


def _rule_under(document: Document, p: etree._Element, length_mm: float, container_mm: float) -> None:
    """Put an ND30 line directly under paragraph p; p's spacing after moves below the line."""
    after = _space_after_pt(document, p)
    ppr = p.get_or_add_pPr()
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = parse_xml(f'<w:spacing {nsdecls("w")}/>')
        ppr.append(spacing)
        ooxml.order_children(ppr, ooxml.PPR_ORDER)
    spacing.set(qn("w:after"), "0")
    ppr.keepNext_val = True
    p.addnext(ooxml.rule_paragraph(length_mm, container_mm, after_pt=after))


def _add_lines(document: Document, page: Page) -> None:
    found = _heading_paragraphs(document)
    body_lines = found.get("KHCoQuan", [])
    motto = found.get("KHTieuNgu", [])
    summary = found.get("KHTrichYeu", [])
    text_mm = _text_width_mm(document)
    for paragraphs, length in (
            (body_lines, LINE_RATIO * max(text_width_mm(t, 13, bold=True) for t in page.header_body)),
            (motto, text_width_mm(nd30.TIEU_NGU, 14, bold=True))):
        if paragraphs:
            _rule_under(document, paragraphs[-1], length, _cell_width_mm(paragraphs[-1]) or text_mm)
    if summary:
        longest = min(text_width_mm(page.summary, 14, bold=True), text_mm)
        _rule_under(document, summary[-1], longest * LINE_RATIO, text_mm)


HEADER_AIR_MM = 2.0  # room left in a header cell beside its widest line, so no line wraps on rounding


def _header_widths(page: Page, text_mm: float, default_left_mm: float) -> tuple[float, float]:
    """Column widths that keep every header line on one line, at the largest size ND30 allows: the
    left column fits the issuing body and the number, the right the Quốc hiệu, Tiêu ngữ and date line
    ("Thành phố Hồ Chí Minh, ngày ... tháng 12 năm 2026" needs about 106 mm at 14 pt)."""
    size = nd30.SIZE
    left = max([text_width_mm(t, size["co_quan"].high, bold=True) for t in page.header_body]
               + [text_width_mm(t, size["co_quan_chu_quan"].high) for t in page.header_parent]
               + [text_width_mm(page.number_line, size["so_ky_hieu"].high)]) + HEADER_AIR_MM
    right = max(text_width_mm(nd30.QUOC_HIEU, size["quoc_hieu"].high, bold=True),
                text_width_mm(nd30.TIEU_NGU, size["tieu_ngu"].high, bold=True),
                text_width_mm(page.place_date, size["dia_danh_ngay"].high, italic=True)) + HEADER_AIR_MM
    left = max(left, min(default_left_mm, text_mm - right))
    return left, max(right, text_mm - left)


def _fit_header(document: Document, page: Page) -> None:
    """Resize the header table to its lines; when the longest place names need more than the text
    width, the table reaches equally into both margins, as the decree's own Mẫu 1.4 table does."""
    found = _heading_paragraphs(document)
    first = (found.get("KHCoQuan") or [None])[0]
    tbl = next(first.iterancestors(qn("w:tbl")), None) if first is not None else None
    if tbl is None or len(tbl.tblGrid) != 2:
        return
    text_mm = _text_width_mm(document)
    left, right = _header_widths(page, text_mm, twips_to_mm(int(tbl.tblGrid[0].get(qn("w:w")) or 0)))
    ooxml.set_grid(tbl, [left, right])
    tblPr = tbl.tblPr
    width = tblPr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:w"), str(ooxml.mm_to_twips(left + right)))
        width.set(qn("w:type"), "dxa")
    indent = tblPr.find(qn("w:tblInd"))
    if indent is None:
        indent = parse_xml(f'<w:tblInd {nsdecls("w")} w:w="0" w:type="dxa"/>')
        tblPr.append(indent)
        ooxml.order_children(tblPr, ooxml.TBLPR_ORDER)
    indent.set(qn("w:w"), str(-ooxml.mm_to_twips(max(left + right - text_mm, 0.0) / 2)))


def _page_header(section: Section, cached: str) -> None:
    """Page number centred in the top margin from page 2 (ND30 Phụ lục I, I.7); page 1 shows none."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    for p in first.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    first.paragraphs[0].text = ""
    header = section.header
    header.is_linked_to_previous = False
    for p in header.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    p = header.paragraphs[0]
    p.text = ""
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="Header"/>'))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in ooxml.page_field_runs(cached):
        p._p.append(run)


def _has_page_header(section: Section) -> bool:
    """The template already carries the page number (an office may restyle it); add it only if not."""
    if not section.different_first_page_header_footer or section.header.is_linked_to_previous:
        return False
    if section.first_page_header.is_linked_to_previous:
        return False
    return has_page_field(section.header._element) and not has_page_field(section.first_page_header._element)


def _footnotes(document: Document, notes: dict[int, str]) -> None:
    if not notes:
        return
    main = document.part
    for rel_id, rel in list(main.rels.items()):
        if rel.reltype == ooxml.FOOTNOTES_RT:
            del main.rels[rel_id]
    part = Part(PackURI("/word/footnotes.xml"), ooxml.FOOTNOTES_CT, ooxml.footnotes_xml(notes), main.package)
    main.relate_to(part, ooxml.FOOTNOTES_RT)
    # Word names its separator notes in the settings, as it writes them itself; schema order puts
    # footnotePr before endnotePr and compat.
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is None:
        pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        anchor = next((settings.find(qn(f"w:{t}")) for t in ("endnotePr", "compat", "docVars", "rsids")
                       if settings.find(qn(f"w:{t}")) is not None), None)
        if anchor is not None:
            anchor.addprevious(pr)
        else:
            settings.append(pr)


def _signature_table(document: Document) -> etree._Element | None:
    for tbl in document.element.body.iter(qn("w:tbl")):
        for t in tbl.iter(qn("w:t")):
            if (t.text or "").strip() == nd30.NOI_NHAN_LABEL:
                return tbl
    return None


def _drafter_subscript(document: Document, page: Page) -> None:
    """The drafter's tag after the Lưu line's units prints as a subscript, as offices set it; the template
    prints the line as one text (an office's own template too), so the tag's run is split off here."""
    tbl = _signature_table(document)
    if tbl is None or not page.drafter:
        return
    line = page.recipients[-1]
    for p in tbl.iter(qn("w:p")):
        runs = p.findall(qn("w:r"))
        if "".join(t.text or "" for r in runs for t in r.iter(qn("w:t"))) != line or not runs:
            continue
        rpr = runs[0].find(qn("w:rPr"))
        props = etree.tostring(rpr, encoding="unicode") if rpr is not None else f'<w:rPr {nsdecls("w")}/>'
        cut = len(line) - len(page.drafter) - 1
        for r in runs:
            p.remove(r)
        for text, sub in ((line[:cut], False), (page.drafter, True), (line[-1], False)):
            run = parse_xml(f'<w:r {nsdecls("w")}>{props}<w:t xml:space="preserve">{ooxml.escape(text)}</w:t></w:r>')
            if sub:
                run.find(qn("w:rPr")).append(parse_xml(f'<w:vertAlign {nsdecls("w")} w:val="subscript"/>'))
            p.append(run)
        return


def _keep_signature_with_body(document: Document) -> None:
    tbl = _signature_table(document)
    if tbl is None:
        return
    prev = tbl.getprevious()
    if prev is not None and prev.tag == qn("w:p"):
        ppr = prev.get_or_add_pPr()
        ppr.keepNext_val = True


TABLE_SIZE_PT = float(nd30.PRINTED_TABLE_SIZE)  # the KH Bảng styles
CELL_MARGIN_TWIPS = 85
CELL_PAD_MM = twips_to_mm(2 * CELL_MARGIN_TWIPS) + 1.0  # the table's cell margins, and a millimetre against rounding
# Read only when a plan has a table (re.match compiles them on first use and caches them).
_NUMBER = r"^[\d.,/%+\-\s]+$"


def _centred_column(label: str, cells: list[str]) -> bool:
    """TT and all-number columns are centred (ND30 tables, Mẫu 2.1)."""
    filled = [c for c in cells if c.strip()]
    return bool(re.match(nd30.ORDINAL_COLUMN, label)) or (bool(filled) and all(re.match(_NUMBER, c) for c in filled))


def _column_widths(columns: list[str], rows: list[list[str]], total_mm: float) -> list[float]:
    """Widths from the content. A column whose longest line fits in an even share of what is left gets
    exactly that ("TT", "Quý IV/2027", "Cộng hòa Liên bang Đức" stay on one line), the long-text
    columns share the rest by their length, and no column is narrower than its longest word."""
    def width(text: str, bold: bool = False) -> float:
        return text_width_mm(text, TABLE_SIZE_PT, bold=bold) + CELL_PAD_MM

    least, most = [], []
    for i, label in enumerate(columns):
        cells = [r[i] for r in rows if i < len(r)]
        least.append(max([width(w) for c in cells for w in c.split()] + [width(w, True) for w in label.split()]
                         + [8.0]))
        most.append(max([width(c) for c in cells] + [width(label, True), least[-1]]))
    if sum(most) <= total_mm:  # everything on one line: share the spare room by width
        return [m * total_mm / sum(most) for m in most]
    out: dict[int, float] = {}
    left, open_ = total_mm, set(range(len(columns)))
    while open_:
        share = left / len(open_)
        fits = {i for i in open_ if most[i] <= share}
        if not fits:
            break
        for i in fits:
            out[i] = most[i]
        left -= sum(most[i] for i in fits)
        open_ -= fits
    wide = sum(most[i] for i in open_)
    for i in open_:
        out[i] = max(left * most[i] / wide, least[i])
    over = sum(out.values()) - total_mm
    if over > 0:  # longest words pushed past the width: take it back from the columns with room to give
        give = {i: out[i] - least[i] for i in out if out[i] > least[i]}
        for i, room in give.items():
            out[i] -= over * room / sum(give.values())
    return [out[i] for i in range(len(columns))]


def _para_xml(style_id: str, runs_xml: str) -> str:
    return f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{runs_xml}</w:p>'


def _cell_xml(width_mm: float, style_id: str, text: str, centred: bool = False) -> str:
    run = ooxml.RunsXml(text).xml if text else ""  # a cell may hold *marks* and a footnote [^1]
    jc = '<w:jc w:val="center"/>' if centred else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{ooxml.mm_to_twips(width_mm)}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>{run}</w:p></w:tc>')


def _table_xml(columns: list[str], rows: list[list[str]], widths: list[float]) -> str:
    """The appendix table as one XML string: python-docx's cell-by-cell API is quadratic in the cells.
    The header row repeats on every page; no row splits across pages."""
    borders = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{ooxml.mm_to_twips(w)}"/>' for w in widths)
    centred = [_centred_column(c, [r[i] for r in rows if i < len(r)]) for i, c in enumerate(columns)]
    head = "".join(_cell_xml(w, "KHBangTieuDe", c) for w, c in zip(widths, columns, strict=True))
    body = "".join(
        '<w:tr><w:trPr><w:cantSplit/></w:trPr>'
        + "".join(_cell_xml(w, "KHBang", c, m) for w, c, m in zip(widths, row, centred, strict=True)) + "</w:tr>"
        for row in rows)
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(ooxml.mm_to_twips(w) for w in widths)}" '
            f'w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
            f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>')


def _table_marker(k: int) -> str:
    """What the template prints where the body's paragraph k is a table (a template knows paragraphs only):
    characters of the private use area, which no plan text holds."""
    return f"\ue000{k}\ue001"


def _body_tables(document: Document, page: Page) -> None:
    """Each table of the body in place of its marker, as wide as the text, laid out as an appendix's; the
    paragraph above it (its caption, or the sentence that leads into it) stays on its page."""
    tables = {_table_marker(k): p.table for k, p in enumerate(page.body) if p.table is not None}
    if not tables:
        return
    text_mm = _text_width_mm(document)
    for p in list(document.element.body.iterchildren(qn("w:p"))):
        table = tables.get("".join(t.text or "" for t in p.iter(qn("w:t"))))
        if table is None:
            continue
        before = p.getprevious()
        if before is not None and before.tag == qn("w:p"):
            before.get_or_add_pPr().keepNext_val = True
        widths = _column_widths(table.columns, table.rows, text_mm)
        p.addprevious(parse_xml(_table_xml(table.columns, table.rows, widths)))
        p.getparent().remove(p)


def _append(document: Document, xml: str) -> etree._Element:
    body = document.element.body
    element = parse_xml(xml)
    body.insert(len(body) - 1, element)  # before the closing sectPr
    return element


_A4 = (ooxml.mm_to_twips(210), ooxml.mm_to_twips(297))


def _new_section(document: Document, landscape: bool) -> float:
    """End the current section (a paragraph carrying a copy of its properties) and make the body's
    properties a new page section: same margins, headers linked to the plan's, numbering from 1.
    Returns the new section's text width in mm. Written as XML: python-docx's section API costs more
    than the whole appendix."""
    body = document.element.body
    sect = body[-1]
    ender = parse_xml(f'<w:p {nsdecls("w")}><w:pPr/></w:p>')
    ender[0].append(copy.deepcopy(sect))
    body.insert(len(body) - 1, ender)
    for tag in ("w:headerReference", "w:footerReference", "w:type", "w:pgSz", "w:pgNumType"):
        for old in sect.findall(qn(tag)):
            sect.remove(old)
    width, height = (_A4[1], _A4[0]) if landscape else _A4
    orient = ' w:orient="landscape"' if landscape else ""
    sect.append(parse_xml(f'<w:pgSz {nsdecls("w")} w:w="{width}" w:h="{height}"{orient}/>'))
    sect.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    ooxml.order_children(sect, _SECTPR_ORDER)
    mar = sect.find(qn("w:pgMar"))
    side = int(mar.get(qn("w:left"), 0)) + int(mar.get(qn("w:right"), 0)) if mar is not None else 0
    return twips_to_mm(width - side)


def _appendix(document: Document, ap: Appendix) -> None:
    text_mm = _new_section(document, ap.landscape)
    # Headers stay linked to the plan's: the same centred PAGE field, counting from 1 again here.
    _append(document, _para_xml("KHPhuLuc", ooxml.run_xml(inline.Span(ap.heading))))
    _append(document, _para_xml("KHPhuLucTen", ooxml.run_xml(inline.Span(ap.title))))
    ref = _append(document, _para_xml("KHPhuLucDan", ooxml.run_xml(inline.Span(ap.reference))))
    # Mẫu 2.1 draws a short line under the reference line; sized like the trích yếu's, from the title.
    _rule_under(document, ref, min(text_width_mm(ap.title, 14, bold=True), text_mm) * LINE_RATIO, text_mm)
    _append_body(document, ap.lead, text_mm)
    if ap.columns:
        widths = _column_widths(ap.columns, ap.rows, text_mm)
        _append(document, _table_xml(ap.columns, ap.rows, widths))
    _append_body(document, [*ap.notes, *ap.body], text_mm)


# An appendix's paragraphs in the body's styles (ids of templates/kehoach.docx).
_STYLE_IDS = {"phan": "KHPhan", "muc": "KHMuc", "diem": "KHDiem", "can_cu": "KHCanCu"}


def _append_body(document: Document, paras: list[Para], text_mm: float) -> None:
    """Paragraphs and tables as the body prints them, at the end of the document (an appendix's)."""
    for para in paras:
        if para.table is not None:
            widths = _column_widths(para.table.columns, para.table.rows, text_mm)
            table = _append(document, _table_xml(para.table.columns, para.table.rows, widths))
            before = table.getprevious()
            if before is not None and before.tag == qn("w:p"):
                before.get_or_add_pPr().keepNext_val = True
        else:
            _append(document, _para_xml(_STYLE_IDS.get(para.kind, "KHDoanVan"), ooxml.RunsXml(para.text).xml))


def _fit(text: str, limit: int = 255) -> str:
    """A file property holds at most 255 characters; a longer value is cut visibly, never refused."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _properties(document: Document, page: Page) -> None:
    props = document.core_properties
    stamp = dt.datetime.combine(page.doc_date, dt.time(8, 0))
    props.author = _fit(page.author)
    props.last_modified_by = _fit(page.author)
    props.title = _fit(f"{page.kind.name}: {page.summary}")
    props.subject = _fit(page.summary)
    props.keywords = _fit(f"{page.kind.name}; {page.kind.symbol}; Nghị định 30/2020/NĐ-CP" + ("; dự thảo" if page.draft else ""))
    props.comments = "Dự thảo" if page.draft else ""
    props.category = page.kind.name
    props.language = "vi-VN"
    props.revision = 1
    props.created = stamp
    props.modified = stamp


def _application() -> str:
    """'kehoach-gen/0.1.0', in the form LibreOffice writes its own name and version."""
    return f"kehoach-gen/{__version__}"


def _app_properties(document: Document) -> None:
    """The template's docProps/app.xml names the program that saved the template; this file is ours."""
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = ooxml.app_xml(_application())


def finish(document: Document, page: Page) -> None:
    _fit_header(document, page)
    _add_lines(document, page)
    _keep_signature_with_body(document)
    _drafter_subscript(document, page)
    _body_tables(document, page)
    main = document.sections[0]
    if not _has_page_header(main):
        _page_header(main, cached="2")
    for ap in page.appendices:
        _appendix(document, ap)
    _footnotes(document, page.footnotes)
    _properties(document, page)
    _app_properties(document)
