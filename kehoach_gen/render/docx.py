"""Page -> .docx bytes: the docxtpl template fills the words, python-docx finishes what a template
cannot do (drawn lines, page numbers, footnotes, appendix sections, file properties)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..compose import Appendix, Page
from ..errors import TemplateProblem
from ..metrics import text_width_mm
from . import ooxml
from .package import deterministic_zip
from .templates import TemplateSet

LINE_RATIO = 0.4  # ND30: the lines under the issuing body and the trích yếu are 1/3 to 1/2 of the text

_SECTPR_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                 "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                 "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def context(page: Page) -> dict:
    return {
        "co_quan_dong": page.header_body,
        "so_ky_hieu": page.number_line,
        "dia_danh_ngay": page.place_date,
        "trich_yeu": page.summary,
        "than": [{"kieu": p.kind, "runs": ooxml.RunsXml(p.text)} for p in page.body],
        "noi_nhan": page.recipients,
        "tham_quyen": page.authority,
        "nguoi_ky": page.signer,
    }


def render(page: Page, templates: TemplateSet | None = None) -> bytes:
    templates = templates or TemplateSet()
    path = templates.find("kehoach.docx")
    tpl = DocxTemplate(str(path))
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render(context(page), jinja_env=env)
    except TemplateError as exc:
        raise TemplateProblem(f"{path}: {template_error(exc, path)}") from None
    document = tpl.docx
    finish(document, page)
    buf = io.BytesIO()
    document.save(buf)
    return deterministic_zip(buf.getvalue())


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
    m = re.match(r"'([^']+)' is undefined", message)
    if m:
        message = f"biến '{m.group(1)}' không có trong dữ liệu kế hoạch"
        tag = next((t for t in _template_tags(template) if re.search(rf"\b{re.escape(m.group(1))}\b", t)), tag)
    elif "unsafe" in message or "access to attribute" in message:
        attr = re.search(r"attribute '([^']+)'", message)
        if attr:
            tag = next((t for t in _template_tags(template) if attr.group(1) in t), tag)
        message = f"mẫu dùng thao tác không được phép ({message})"
    where = f" ở thẻ '{tag}'" if tag else ""
    return f"lỗi mẫu{where}: {message}"


def _template_tags(template: Path) -> list[str]:
    text = "\n".join(p.text for p in docx.Document(str(template)).paragraphs)
    for table in docx.Document(str(template)).tables:
        text += "\n" + "\n".join(p.text for c in table._cells for p in c.paragraphs)
    return re.findall(r"\{[{%].*?[%}]\}", text)


# --- finishing -------------------------------------------------------------------------------


def _style_id(p) -> str | None:
    ppr = p._p.pPr
    if ppr is None or ppr.pStyle is None:
        return None
    return ppr.pStyle.val


def _paragraphs(document, style_id: str) -> list:
    found = []
    for p in document.element.body.iter(qn("w:p")):
        ppr = p.pPr
        if ppr is not None and ppr.pStyle is not None and ppr.pStyle.val == style_id:
            found.append(p)
    return found


def _add_lines(document, page: Page) -> None:
    body_lines = _paragraphs(document, "KHCoQuan")
    motto = _paragraphs(document, "KHTieuNgu")
    summary = _paragraphs(document, "KHTrichYeu")
    widest = max(text_width_mm(t, 13, bold=True) for t in page.header_body)
    if body_lines:
        body_lines[-1].append(ooxml.line_run(widest * LINE_RATIO, 18.0, 1001))
    if motto:
        motto[-1].append(ooxml.line_run(text_width_mm("Độc lập - Tự do - Hạnh phúc", 14, True), 19.0, 1002))
    if summary:
        longest = min(text_width_mm(page.summary, 14, bold=True), 165.0)
        summary[-1].append(ooxml.line_run(longest * LINE_RATIO, 20.0, 1003, relative_h="margin"))


def _page_header(section, cached: str) -> None:
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
    p.style = "Header"
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in ooxml.page_field_runs(cached):
        p._p.append(run)


def _restart_numbering(section) -> None:
    sectPr = section._sectPr
    for old in sectPr.findall(qn("w:pgNumType")):
        sectPr.remove(old)
    sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'))
    ooxml.order_children(sectPr, _SECTPR_ORDER)


def _footnotes(document, notes: dict[int, str]) -> None:
    if not notes:
        return
    main = document.part
    for rel_id, rel in list(main.rels.items()):
        if rel.reltype == ooxml.FOOTNOTES_RT:
            del main.rels[rel_id]
    part = Part(PackURI("/word/footnotes.xml"), ooxml.FOOTNOTES_CT, ooxml.footnotes_xml(notes), main.package)
    main.relate_to(part, ooxml.FOOTNOTES_RT)


def _signature_table(document):
    for tbl in document.element.body.iter(qn("w:tbl")):
        for t in tbl.iter(qn("w:t")):
            if (t.text or "").strip() == "Nơi nhận:":
                return tbl
    return None


def _keep_signature_with_body(document) -> None:
    tbl = _signature_table(document)
    if tbl is None:
        return
    prev = tbl.getprevious()
    if prev is not None and prev.tag == qn("w:p"):
        ppr = prev.get_or_add_pPr()
        ppr.keepNext_val = True


def _column_widths(columns: list[str], rows: list[list[str]], total_mm: float) -> list[float]:
    """Share the width by how much each column holds; a TT column stays narrow."""
    narrow = [c.strip().upper() in ("TT", "STT", "SỐ TT") for c in columns]
    weights = []
    for i, label in enumerate(columns):
        cells = [len(r[i]) for r in rows if i < len(r)]
        typical = sum(cells) / len(cells) if cells else 0
        weights.append(min(max(len(label), typical, 8.0), 60.0))
    fixed = 12.0 * sum(narrow)
    free = sum(w for w, n in zip(weights, narrow, strict=False) if not n) or 1.0
    return [12.0 if n else (total_mm - fixed) * w / free for w, n in zip(weights, narrow, strict=False)]


def _appendix(document, ap: Appendix, main_section, shape_id: int) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = Mm(210), Mm(297)
    if ap.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin", "header_distance",
                 "footer_distance"):
        setattr(section, side, getattr(main_section, side))
    _restart_numbering(section)
    _page_header(section, cached="2")
    styles = document.styles
    document.add_paragraph(ap.heading, style=styles["KH Phụ lục"])
    document.add_paragraph(ap.title, style=styles["KH Phụ lục tên"])
    ref = document.add_paragraph(ap.reference, style=styles["KH Phụ lục dẫn"])
    ref._p.append(ooxml.line_run(30.0, 20.0, shape_id, relative_h="margin"))
    text_mm = (section.page_width - section.left_margin - section.right_margin) / 36000
    table = document.add_table(rows=1 + len(ap.rows), cols=len(ap.columns))
    widths = _column_widths(ap.columns, ap.rows, text_mm)
    ooxml.grid_table_borders(table._tbl)
    ooxml.set_grid(table._tbl, widths)
    for i, label in enumerate(ap.columns):
        cell_p = table.cell(0, i).paragraphs[0]
        cell_p.text = label
        cell_p.style = styles["KH Bảng tiêu đề"]
    ooxml.cant_split(table.rows[0]._tr, header=True)
    for r, row in enumerate(ap.rows, start=1):
        ooxml.cant_split(table.rows[r]._tr)
        for i, value in enumerate(row):
            cell_p = table.cell(r, i).paragraphs[0]
            cell_p.text = value
            cell_p.style = styles["KH Bảng"]
    for note in ap.notes:
        p = document.add_paragraph(style=styles["KH Đoạn văn"])
        holder = parse_xml(f'<w:p {nsdecls("w")}>{ooxml.RunsXml(note.text).xml}</w:p>')
        for run in list(holder):
            p._p.append(run)


def _properties(document, page: Page) -> None:
    props = document.core_properties
    stamp = dt.datetime.combine(page.doc_date, dt.time(8, 0))
    props.author = page.author
    props.last_modified_by = page.author
    props.title = f"Kế hoạch: {page.summary}"
    props.subject = page.summary
    props.keywords = "Kế hoạch; KH-UBND; Nghị định 30/2020/NĐ-CP" + ("; dự thảo" if page.draft else "")
    props.comments = "Dự thảo" if page.draft else ""
    props.category = "Kế hoạch"
    props.language = "vi-VN"
    props.revision = 1
    props.created = stamp
    props.modified = stamp


def _drop_empty_runs(document) -> None:
    """docxtpl leaves an empty run on each side of a {{r ...}} tag; a clerk editing in Word should not
    trip over invisible runs."""
    for r in list(document.element.body.iter(qn("w:r"))):
        children = [c for c in r if c.tag != qn("w:rPr")]
        if len(children) == 1 and children[0].tag == qn("w:t") and not children[0].text:
            r.getparent().remove(r)


def finish(document: docx.document.Document, page: Page) -> None:
    _drop_empty_runs(document)
    _add_lines(document, page)
    _keep_signature_with_body(document)
    main = document.sections[0]
    _page_header(main, cached="2")
    for i, ap in enumerate(page.appendices):
        _appendix(document, ap, main, 1100 + i)
    _footnotes(document, page.footnotes)
    _properties(document, page)


def template_path_default() -> Path:
    return TemplateSet().find("kehoach.docx")
