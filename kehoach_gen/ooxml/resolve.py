"""Effective formatting, resolved the way Word does: direct formatting, then the character style
chain, then the paragraph style chain, then the document defaults. A document styled through styles
and one formatted run by run get the same answer.

Style levels are resolved once per (paragraph style, character style) pair and cached; a run or
paragraph then only adds its direct formatting on top.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

from dataclasses import dataclass
from typing import Any

from lxml import etree

from kehoach_gen.facts.wordml import CM_PER_INCH, MM_PER_INCH, PT_PER_INCH, W, twips_to_cm, twips_to_pt

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
VAL = f"{W}val"


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:i ...): present means on unless w:val says off."""
    if el is None:
        return None
    return el.get(VAL) not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class RunProps:
    """A run's formatting after styles and direct formatting are applied."""

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
    """A paragraph's formatting after styles and direct formatting are applied."""

    align: str | None  # left, center, right, both, distribute
    first_line_cm: float
    hanging_cm: float
    left_cm: float
    right_cm: float
    before_pt: float
    after_pt: float
    line: int | None
    line_rule: str | None
    keep_next: bool
    contextual: bool
    border_bottom: bool


_UNSET = object()
_POINTS = {"pt": 1.0, "in": float(PT_PER_INCH), "cm": PT_PER_INCH / CM_PER_INCH, "mm": PT_PER_INCH / MM_PER_INCH,
           "pc": 12.0, "pi": 12.0}
_MEASURE = re.compile(r"\s*(-?\d+(?:\.\d*)?|-?\.\d+)\s*(pt|in|cm|mm|pc|pi)?\s*")


def measure(value: str | None, per_point: float) -> float | None:
    """A length attribute in its plain unit (twips: per_point 20; half-points: 2). OOXML also allows a
    number with a unit ("6pt", "1.27cm"); anything else is treated as not set, as if absent."""
    if value is None:
        return None
    m = _MEASURE.fullmatch(value)
    if not m:
        return None
    number = float(m.group(1))
    return number * _POINTS[m.group(2)] * per_point if m.group(2) else number


def _run_level(rpr: etree._Element, theme: dict[str, str]) -> dict[str, Any]:
    """The run properties one rPr element sets (only those it sets)."""
    out: dict[str, Any] = {}
    for child in rpr:
        tag = child.tag
        if tag == f"{W}b":
            out["bold"] = _on(child)
        elif tag == f"{W}i":
            out["italic"] = _on(child)
        elif tag == f"{W}sz" and measure(child.get(VAL), 2) is not None:
            out["size"] = measure(child.get(VAL), 2) / 2  # type: ignore[operator]
        elif tag == f"{W}caps":
            out["caps"] = _on(child)
        elif tag == f"{W}color":
            out["color"] = child.get(VAL)
            out["theme_color"] = child.get(f"{W}themeColor")
        elif tag == f"{W}highlight":
            out["highlight"] = child.get(VAL)
        elif tag == f"{W}u":
            out["underline"] = None if child.get(VAL) == "none" else child.get(VAL)
        elif tag == f"{W}rFonts":
            for attr in ("ascii", "hAnsi"):
                if child.get(f"{W}{attr}") is not None:
                    out.setdefault(attr, child.get(f"{W}{attr}"))
                elif child.get(f"{W}{attr}Theme") is not None:
                    kind = "major" if child.get(f"{W}{attr}Theme").startswith("major") else "minor"
                    out.setdefault(attr, theme.get(kind))
            # The complex-script font only draws Arabic, Hebrew...; a theme default there is not a font
            # Vietnamese text is ever set in, so only an explicit w:cs counts.
            if child.get(f"{W}cs") is not None:
                out.setdefault("cs", child.get(f"{W}cs"))
    return out


def _para_level(ppr: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in ppr:
        tag = child.tag
        if tag == f"{W}jc":
            out["align"] = child.get(VAL)
        elif tag == f"{W}ind":
            for attr, key in (("firstLine", "first"), ("hanging", "hanging"), ("left", "left"), ("start", "left"),
                              ("right", "right"), ("end", "right")):
                twips = measure(child.get(f"{W}{attr}"), 20)
                if twips is not None:
                    out.setdefault(key, twips)
        elif tag == f"{W}spacing":
            for attr, key in (("before", "before"), ("after", "after"), ("line", "line")):
                twips = measure(child.get(f"{W}{attr}"), 20)
                if twips is not None:
                    out[key] = twips
            if child.get(f"{W}lineRule") is not None:
                out["rule"] = child.get(f"{W}lineRule")
        elif tag == f"{W}keepNext":
            out["keep"] = _on(child)
        elif tag == f"{W}contextualSpacing":
            out["contextual"] = _on(child)
        elif tag == f"{W}pBdr":
            bottom = child.find(f"{W}bottom")
            out["border"] = bottom is not None and bottom.get(VAL) not in ("nil", "none")
    return out


def _merge(levels: list[dict[str, Any]]) -> dict[str, Any]:
    """Nearest level wins: levels are given nearest first."""
    out: dict[str, Any] = {}
    for level in levels:
        for k, v in level.items():
            out.setdefault(k, v)
    return out


class Resolver:
    def __init__(self, document: Document) -> None:
        styles = document.styles.element
        self.styles: dict[str, etree._Element] = {}
        self.default_para_style: str | None = None
        self.default_char_style: str | None = None
        for st in styles.findall(f"{W}style"):
            sid = st.get(f"{W}styleId")
            self.styles[sid] = st
            if st.get(f"{W}default") in ("1", "true"):
                if st.get(f"{W}type") == "paragraph":
                    self.default_para_style = sid
                elif st.get(f"{W}type") == "character":
                    self.default_char_style = sid
        defaults = styles.find(f"{W}docDefaults")
        self.rpr_default = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.ppr_default = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        self.theme_fonts = _theme_fonts(document)
        self.default_tab = 720
        try:
            dts = document.settings.element.find(f"{W}defaultTabStop")
            if dts is not None and dts.get(VAL):
                self.default_tab = int(dts.get(VAL)) or 720
        except (ValueError, KeyError, AttributeError):
            pass
        self._style_runs: dict[tuple[str | None, str | None], dict[str, Any]] = {}
        self._style_paras: dict[str | None, dict[str, Any]] = {}
        # Keyed by the elements themselves (not id()): holding them keeps lxml's proxies alive, so a key
        # can never be reused by another element.
        self._runs: dict[tuple[Any, Any], RunProps] = {}
        self._paras: dict[Any, ParaProps] = {}
        self._para_styles: dict[Any, Any] = {}
        self._chains: dict[str | None, list[etree._Element]] = {}
        self._style_tabs: dict[str | None, dict[int, str]] = {}

    def style_chain(self, style_id: str | None) -> list[etree._Element]:
        cached = self._chains.get(style_id)
        if cached is None:
            cached = self._chains[style_id] = self._chain(style_id)
        return cached

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            chain.append(st)
            based = st.find(f"{W}basedOn")
            style_id = based.get(VAL) if based is not None else None
        return chain

    def para_style_id(self, p: etree._Element) -> str | None:
        cached = self._para_styles.get(p, _UNSET)
        if cached is _UNSET:
            ps = p.find(f"{W}pPr/{W}pStyle")
            cached = ps.get(VAL) if ps is not None else self.default_para_style
            self._para_styles[p] = cached
        return cached

    def _styles_run(self, para_style: str | None, char_style: str | None) -> dict[str, Any]:
        key = (para_style, char_style)
        if key not in self._style_runs:
            levels = []
            for st in [*self.style_chain(char_style), *self.style_chain(para_style)]:
                rpr = st.find(f"{W}rPr")
                if rpr is not None:
                    levels.append(_run_level(rpr, self.theme_fonts))
            if self.rpr_default is not None:
                levels.append(_run_level(self.rpr_default, self.theme_fonts))
            self._style_runs[key] = _merge(levels)
        return self._style_runs[key]

    def _styles_para(self, para_style: str | None) -> dict[str, Any]:
        if para_style not in self._style_paras:
            levels = []
            for st in self.style_chain(para_style):
                ppr = st.find(f"{W}pPr")
                if ppr is not None:
                    levels.append(_para_level(ppr))
            if self.ppr_default is not None:
                levels.append(_para_level(self.ppr_default))
            self._style_paras[para_style] = _merge(levels)
        return self._style_paras[para_style]

    def run(self, r: etree._Element | None, p: etree._Element) -> RunProps:
        key = (r, p)
        cached = self._runs.get(key)
        if cached is not None:
            return cached
        rpr = r.find(f"{W}rPr") if r is not None else None
        char_style = self.default_char_style
        direct: dict[str, Any] = {}
        if rpr is not None:
            rs = rpr.find(f"{W}rStyle")
            if rs is not None:
                char_style = rs.get(VAL)
            direct = _run_level(rpr, self.theme_fonts)
        v = _merge([direct, self._styles_run(self.para_style_id(p), char_style)])
        props = RunProps(bold=bool(v.get("bold")), italic=bool(v.get("italic")), size=v.get("size"),
                         ascii=v.get("ascii"), h_ansi=v.get("hAnsi"), cs=v.get("cs"), color=v.get("color"),
                         highlight=v.get("highlight"), underline=v.get("underline"), caps=bool(v.get("caps")),
                         theme_color=v.get("theme_color"))
        self._runs[key] = props
        return props

    def tabs(self, p: etree._Element) -> list[tuple[int, str]]:
        """The tab stops (position in twips, kind) a paragraph has: its style chain's, then its own."""
        sid = self.para_style_id(p)
        if sid not in self._style_tabs:
            self._style_tabs[sid] = self._merge_tabs({}, [st.find(f"{W}pPr/{W}tabs")
                                                          for st in reversed(self.style_chain(sid))])
        own = p.find(f"{W}pPr/{W}tabs")
        stops = self._style_tabs[sid] if own is None else self._merge_tabs(dict(self._style_tabs[sid]), [own])
        return sorted(stops.items())

    @staticmethod
    def _merge_tabs(stops: dict[int, str], levels: list[etree._Element | None]) -> dict[int, str]:
        for tabs in levels:
            for t in tabs.findall(f"{W}tab") if tabs is not None else []:
                try:
                    pos = int(t.get(f"{W}pos", "0"))
                except ValueError:
                    continue
                if t.get(VAL) == "clear":
                    stops.pop(pos, None)
                else:
                    stops[pos] = t.get(VAL) or "left"
        return stops

    def para(self, p: etree._Element) -> ParaProps:
        cached = self._paras.get(p)
        if cached is not None:
            return cached
        ppr = p.find(f"{W}pPr")
        direct = _para_level(ppr) if ppr is not None else {}
        v = _merge([direct, self._styles_para(self.para_style_id(p))])
        align = v.get("align")
        align = {"start": "left", "end": "right"}.get(align or "", align)
        line = round(v["line"]) if v.get("line") is not None else None
        props = ParaProps(
            align=align,
            first_line_cm=twips_to_cm(v.get("first", 0)),
            hanging_cm=twips_to_cm(v.get("hanging", 0)),
            left_cm=twips_to_cm(v.get("left", 0)),
            right_cm=twips_to_cm(v.get("right", 0)),
            before_pt=twips_to_pt(v.get("before", 0)),
            after_pt=twips_to_pt(v.get("after", 0)),
            line=line,
            line_rule=v.get("rule") or ("auto" if line is not None else None),
            keep_next=bool(v.get("keep")),
            contextual=bool(v.get("contextual")),
            border_bottom=bool(v.get("border")),
        )
        self._paras[p] = props
        return props


def _theme_fonts(document: Document) -> dict[str, str]:
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
