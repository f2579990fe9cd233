"""WordprocessingML pieces python-docx has no API for: runs with footnote references, fields,
drawn lines, borderless fixed tables, footnotes. Small builders; no document logic."""

from __future__ import annotations

import copy
import functools
import re

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from kehoach_gen.facts import inline, wordml
from kehoach_gen.facts.wordml import W_NS, mm_to_emu, pt_to_emu, pt_to_twips

_DRAWING_NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils would pull in urllib, http and ssl at import time)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mm_to_twips(mm: float) -> int:
    return round(wordml.mm_to_twips(mm))


def run_xml(span: inline.Span) -> str:
    """One w:r for a span of plan text (text escaped; XML-forbidden characters never reach here)."""
    props = ""
    if span.bold:
        props += "<w:b/><w:bCs/>"
    if span.italic:
        props += "<w:i/><w:iCs/>"
    if span.footnote is not None:
        return (f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>{props}</w:rPr>'
                f'<w:footnoteReference w:id="{span.footnote}"/></w:r>')
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(span.text)}</w:t></w:r>'


class RunsXml:
    """Marked-up text as raw runs for docxtpl's {{r ...}} tag (Jinja's autoescape calls __html__)."""

    def __init__(self, text: str) -> None:
        self.xml = "".join(run_xml(s) for s in inline.parse(text))

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


def page_field_runs(cached: str) -> list[BaseOxmlElement]:
    """PAGE as a complex field with a cached result, so Word shows it without offering repair."""
    parts = [
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}><w:t>{escape(cached)}</w:t></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ]
    return [parse_xml(p) for p in parts]


def rule_paragraph(length_mm: float, container_mm: float, *, after_pt: float = 0.0,
                   keep_next: bool = False) -> BaseOxmlElement:
    """An empty paragraph whose bottom border is an ND30 line of length_mm, centred in a container
    container_mm wide (a table cell or the text column): the indents leave exactly the line.

    A border belongs to the paragraph, so it stays under the text above in Word and after a round
    trip through LibreOffice, which re-anchors drawn shapes and lets them drift above the text. The
    paragraph is RULE_HEIGHT_PT high, exactly, so the line sits just under the descenders above."""
    side = max(container_mm - length_mm, 0.0) / 2
    keep = "<w:keepNext/>" if keep_next else ""
    return parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr>{keep}<w:pBdr><w:bottom w:val="single" w:sz="{RULE_EIGHTHS_PT}" w:space="0" '
        f'w:color="000000"/></w:pBdr><w:spacing w:before="0" w:after="{round(pt_to_twips(after_pt))}" '
        f'w:line="{round(pt_to_twips(RULE_HEIGHT_PT))}" w:lineRule="exact"/>'
        f'<w:ind w:left="{mm_to_twips(side)}" w:right="{mm_to_twips(side)}" w:firstLine="0"/><w:jc w:val="center"/>'
        f'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


RULE_HEIGHT_PT = 5.0
RULE_EIGHTHS_PT = 6  # 0.75 pt, the usual weight of the ND30 lines


def app_xml(application: str) -> bytes:
    """docProps/app.xml naming the program that wrote the file (Word and LibreOffice rewrite it on save)."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<Template>kehoach.docx</Template><Application>{escape(application)}</Application>'
            '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>'
            '<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>').encode()


@functools.lru_cache(maxsize=8)
def _line_template(relative_h: str) -> BaseOxmlElement:
    return _line_xml(1.0, 1.0, 1, relative_h)


def line_run(length_mm: float, below_pt: float, shape_id: int, *, relative_h: str = "column") -> BaseOxmlElement:
    """A run holding a solid black line (see _line_xml); parsed once, then copied and sized."""
    run = copy.deepcopy(_line_template(relative_h))
    cx, dy = str(round(mm_to_emu(length_mm))), str(round(pt_to_emu(below_pt)))
    for el in run.iter():
        tag = el.tag
        if tag.endswith("}extent") or (tag.endswith("}ext") and el.get("cx") is not None):
            el.set("cx", cx)
        elif tag.endswith("}posOffset"):
            el.text = dy
        elif tag.endswith("}anchor"):
            el.set("relativeHeight", str(251659264 + shape_id))
        elif tag.endswith("}docPr"):
            el.set("id", str(shape_id))
            el.set("name", f"Đường kẻ {shape_id}")
        elif tag.endswith("}line") and "vml" in tag:
            el.set("id", f"line{shape_id}")
            el.set("to", f"{length_mm:.2f}mm,0")
            el.set("style", re.sub(r"margin-top:[\d.]+pt;z-index:\d+", f"margin-top:{below_pt:.1f}pt;z-index:{shape_id}",
                                   el.get("style")))
    return run


def _line_xml(length_mm: float, below_pt: float, shape_id: int, relative_h: str) -> BaseOxmlElement:
    """A run holding a solid black line, centred horizontally, drawn below_pt under the top of the
    text line that holds it. Anchored to the line (not the paragraph) so it follows the last line of a
    wrapped paragraph."""
    cx = round(mm_to_emu(length_mm))
    dy = round(pt_to_emu(below_pt))
    name = f"Đường kẻ {shape_id}"
    xml = f"""
<w:r {_DRAWING_NS}>
  <w:rPr><w:noProof/></w:rPr>
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing>
        <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{251659264 + shape_id}"
                   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
          <wp:simplePos x="0" y="0"/>
          <wp:positionH relativeFrom="{relative_h}"><wp:align>center</wp:align></wp:positionH>
          <wp:positionV relativeFrom="line"><wp:posOffset>{dy}</wp:posOffset></wp:positionV>
          <wp:extent cx="{cx}" cy="0"/>
          <wp:effectExtent l="0" t="0" r="0" b="0"/>
          <wp:wrapNone/>
          <wp:docPr id="{shape_id}" name="{name}"/>
          <wp:cNvGraphicFramePr/>
          <a:graphic>
            <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
              <wps:wsp>
                <wps:cNvCnPr/>
                <wps:spPr>
                  <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>
                  <a:prstGeom prst="line"><a:avLst/></a:prstGeom>
                  <a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>
                </wps:spPr>
                <wps:bodyPr/>
              </wps:wsp>
            </a:graphicData>
          </a:graphic>
        </wp:anchor>
      </w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict>
        <v:line id="line{shape_id}" from="0,0" to="{length_mm:.2f}mm,0" strokeweight=".75pt"
                style="position:absolute;mso-position-horizontal:center;mso-position-horizontal-relative:{'text' if relative_h == 'column' else 'margin'};mso-position-vertical-relative:line;margin-top:{below_pt:.1f}pt;z-index:{shape_id}"/>
      </w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>"""
    return parse_xml(" ".join(line.strip() for line in xml.splitlines()).replace("> <", "><"))


def borderless_fixed_table(tbl: BaseOxmlElement, widths_mm: list[float]) -> None:
    """No borders, zero cell margins, fixed layout and an explicit grid: LibreOffice lays tables out
    from tblGrid, and an auto layout lets the Quốc hiệu wrap onto two lines."""
    tblPr = tbl.tblPr
    for tag in ("w:tblBorders", "w:tblLayout", "w:tblCellMar", "w:tblW", "w:tblInd"):
        for old in tblPr.findall(qn(tag)):
            tblPr.remove(old)
    total = sum(mm_to_twips(w) for w in widths_mm)
    tblPr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{total}" w:type="dxa"/>'))
    tblPr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="0" w:type="dxa"/>'))
    sides = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblPr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{sides}</w:tblBorders>'))
    tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    margins = "".join(f'<w:{s} w:w="0" w:type="dxa"/>' for s in ("top", "left", "bottom", "right"))
    tblPr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}>{margins}</w:tblCellMar>'))
    set_grid(tbl, widths_mm)
    order_children(tblPr, TBLPR_ORDER)


TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription"]


PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]


def order_children(parent: BaseOxmlElement, order: list[str]) -> None:
    """Word rejects property elements out of schema order; sort them into it."""
    rank = {qn(f"w:{name}"): i for i, name in enumerate(order)}
    children = list(parent)
    for child in children:
        parent.remove(child)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        parent.append(child)


def set_grid(tbl: BaseOxmlElement, widths_mm: list[float]) -> None:
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for w in widths_mm:
        grid.append(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="{mm_to_twips(w)}"/>'))
    for tr in tbl.findall(qn("w:tr")):
        for tc, w in zip(tr.findall(qn("w:tc")), widths_mm, strict=False):
            tcPr = tc.get_or_add_tcPr()
            for old in tcPr.findall(qn("w:tcW")):
                tcPr.remove(old)
            tcPr.insert(0, parse_xml(f'<w:tcW {nsdecls("w")} w:w="{mm_to_twips(w)}" w:type="dxa"/>'))


def cell_top_margin(tbl: BaseOxmlElement, points: float) -> None:
    mar = tbl.tblPr.find(qn("w:tblCellMar"))
    top = mar.find(qn("w:top"))
    top.set(qn("w:w"), str(round(pt_to_twips(points))))


def cant_split(tr: BaseOxmlElement, header: bool = False) -> None:
    trPr = tr.get_or_add_trPr()
    if trPr.find(qn("w:cantSplit")) is None:
        trPr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if header and trPr.find(qn("w:tblHeader")) is None:
        trPr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def footnotes_xml(notes: dict[int, str]) -> bytes:
    """The footnotes part: Word's two separators (ids -1 and 0) and one w:footnote per note."""
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for ident, text in notes.items():
        runs = "".join(run_xml(s) for s in inline.parse(" " + text))
        body.append(
            f'<w:footnote w:id="{ident}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>{runs}</w:p></w:footnote>'
        )
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}" '
           f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           + "".join(body) + "</w:footnotes>")
    return xml.encode("utf-8")
