"""Effective formatting, resolved the way Word does: direct formatting, then the character style
chain, then the paragraph style chain, then the document defaults. A document styled through styles
and one formatted run by run get the same answer."""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:i ...): present means on unless w:val says off."""
    if el is None:
        return None
    val = el.get(qn("w:val"))
    return val not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class RunProps:
    bold: bool
    italic: bool
    size: float | None  # points
    ascii: str | None
    h_ansi: str | None
    cs: str | None
    color: str | None  # hex RRGGBB or "auto"
    highlight: str | None
    underline: str | None
    caps: bool
    theme_color: str | None


@dataclass(frozen=True)
class ParaProps:
    align: str | None  # left, center, right, both, distribute
    first_line_cm: float
    hanging_cm: float
    left_cm: float
    before_pt: float
    after_pt: float
    line: int | None
    line_rule: str | None
    keep_next: bool
    contextual: bool
    border_bottom: bool


class Resolver:
    def __init__(self, document) -> None:
        styles = document.styles.element
        self.styles: dict[str, etree._Element] = {}
        self.default_para_style: str | None = None
        self.default_char_style: str | None = None
        for st in styles.findall(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            self.styles[sid] = st
            if st.get(qn("w:default")) in ("1", "true"):
                if st.get(qn("w:type")) == "paragraph":
                    self.default_para_style = sid
                elif st.get(qn("w:type")) == "character":
                    self.default_char_style = sid
        defaults = styles.find(qn("w:docDefaults"))
        self.rpr_default = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.ppr_default = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        self.theme_fonts = _theme_fonts(document)

    def style_chain(self, style_id: str | None) -> list[etree._Element]:
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            chain.append(st)
            based = st.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def para_style_id(self, p: etree._Element) -> str | None:
        ppr = p.find(qn("w:pPr"))
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return ps.get(qn("w:val")) if ps is not None else self.default_para_style

    def _rpr_levels(self, r: etree._Element | None, p: etree._Element) -> list[etree._Element]:
        levels: list[etree._Element] = []
        if r is not None:
            rpr = r.find(qn("w:rPr"))
            if rpr is not None:
                levels.append(rpr)
                rs = rpr.find(qn("w:rStyle"))
                for st in self.style_chain(rs.get(qn("w:val")) if rs is not None else self.default_char_style):
                    x = st.find(qn("w:rPr"))
                    if x is not None:
                        levels.append(x)
        for st in self.style_chain(self.para_style_id(p)):
            x = st.find(qn("w:rPr"))
            if x is not None:
                levels.append(x)
        if self.rpr_default is not None:
            levels.append(self.rpr_default)
        return levels

    def _ppr_levels(self, p: etree._Element) -> list[etree._Element]:
        levels: list[etree._Element] = []
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            levels.append(ppr)
        for st in self.style_chain(self.para_style_id(p)):
            x = st.find(qn("w:pPr"))
            if x is not None:
                levels.append(x)
        if self.ppr_default is not None:
            levels.append(self.ppr_default)
        return levels

    def run(self, r: etree._Element | None, p: etree._Element) -> RunProps:
        levels = self._rpr_levels(r, p)

        def first(tag: str) -> etree._Element | None:
            for lv in levels:
                el = lv.find(qn(tag))
                if el is not None:
                    return el
            return None

        def font(attr: str) -> str | None:
            for lv in levels:
                el = lv.find(qn("w:rFonts"))
                if el is None:
                    continue
                if el.get(qn(f"w:{attr}")) is not None:
                    return el.get(qn(f"w:{attr}"))
                if attr == "cs":
                    # The complex-script font only draws Arabic, Hebrew...; a theme default there is
                    # not a font Vietnamese text is ever set in.
                    continue
                theme = el.get(qn(f"w:{attr}Theme"))
                if theme is not None:
                    return self.theme_fonts.get("major" if theme.startswith("major") else "minor")
            return None

        sz = first("w:sz")
        color = first("w:color")
        hl = first("w:highlight")
        ul = first("w:u")
        return RunProps(
            bold=bool(_on(first("w:b"))),
            italic=bool(_on(first("w:i"))),
            size=int(sz.get(qn("w:val"))) / 2 if sz is not None and sz.get(qn("w:val")) else None,
            ascii=font("ascii"), h_ansi=font("hAnsi"), cs=font("cs"),
            color=color.get(qn("w:val")) if color is not None else None,
            theme_color=color.get(qn("w:themeColor")) if color is not None else None,
            highlight=hl.get(qn("w:val")) if hl is not None else None,
            underline=ul.get(qn("w:val")) if ul is not None and ul.get(qn("w:val")) != "none" else None,
            caps=bool(_on(first("w:caps"))),
        )

    def para(self, p: etree._Element) -> ParaProps:
        levels = self._ppr_levels(p)

        def first(tag: str, attr: str | None = None):
            for lv in levels:
                el = lv.find(qn(tag))
                if el is not None and (attr is None or el.get(qn(attr)) is not None):
                    return el
            return None

        jc = first("w:jc")
        align = jc.get(qn("w:val")) if jc is not None else None
        if align in ("start",):
            align = "left"
        if align in ("end",):
            align = "right"

        def twips(tag: str, attr: str) -> float:
            el = first(tag, attr)
            return int(el.get(qn(attr))) if el is not None else 0

        line_el = first("w:spacing", "w:line")
        rule_el = first("w:spacing", "w:lineRule")
        pbdr = first("w:pBdr")
        bottom = pbdr.find(qn("w:bottom")) if pbdr is not None else None
        left = first("w:ind", "w:left") or first("w:ind", "w:start")
        left_attr = "w:left" if left is not None and left.get(qn("w:left")) is not None else "w:start"
        return ParaProps(
            align=align,
            first_line_cm=twips("w:ind", "w:firstLine") * 2.54 / 1440,
            hanging_cm=twips("w:ind", "w:hanging") * 2.54 / 1440,
            left_cm=(int(left.get(qn(left_attr))) if left is not None else 0) * 2.54 / 1440,
            before_pt=twips("w:spacing", "w:before") / 20,
            after_pt=twips("w:spacing", "w:after") / 20,
            line=int(line_el.get(qn("w:line"))) if line_el is not None else None,
            line_rule=rule_el.get(qn("w:lineRule")) if rule_el is not None else ("auto" if line_el is not None else None),
            keep_next=bool(_on(first("w:keepNext"))),
            contextual=bool(_on(first("w:contextualSpacing"))),
            border_bottom=bottom is not None and bottom.get(qn("w:val")) not in ("nil", "none"),
        )


def _theme_fonts(document) -> dict[str, str]:
    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme"):
            try:
                root = etree.fromstring(rel.target_part.blob)
            except (etree.XMLSyntaxError, ValueError):
                return out
            for kind in ("major", "minor"):
                latin = root.find(f".//{A}{kind}Font/{A}latin")
                if latin is not None:
                    out[kind] = latin.get("typeface")
    return out
