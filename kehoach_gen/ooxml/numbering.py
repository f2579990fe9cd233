"""Word's automatic numbering as the reader sees it: the label ("1.", "a)", "II.") that a `w:numPr`
paragraph shows, computed from numbering.xml in document order (levels, formats, start values,
restarts). The checker reads a numbered khoản as "1. Title" whatever made the number."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from kehoach_gen.facts import vn
from kehoach_gen.facts.wordml import W

if TYPE_CHECKING:
    from docx.document import Document

    from kehoach_gen.ooxml.resolve import Resolver

VAL = f"{W}val"


@dataclass
class _Level:
    """One level of a numbering definition (w:lvl)."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; None = after any higher


@dataclass
class _Num:
    """A numbering instance (w:num): its abstract definition and start overrides."""

    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # ilvl -> startOverride


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    if el is None or el.get(VAL) is None:
        return default
    try:
        return int(el.get(VAL))
    except ValueError:
        return default


def _letters(n: int, upper: bool) -> str:
    # Word's alphabetic numbering: a..z, then aa, bb ... (English alphabet, so f, j, w, z appear).
    n = max(n, 1)
    letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return letter.upper() if upper else letter


def _format(fmt: str, n: int) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        r = vn.roman(max(n, 1))
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """Labels of numbered paragraphs; call `label(p)` in document order."""

    def __init__(self, document: Document, resolver: Resolver) -> None:
        self.resolver = resolver
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for ab in root.findall(f"{W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in ab.findall(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                levels[ilvl] = _Level(fmt=fmt.get(VAL, "decimal") if fmt is not None else "decimal",
                                      text=text.get(VAL, "") if text is not None else "",
                                      start=_int(lvl.find(f"{W}start"), 1) or 0,
                                      restart=_int(lvl.find(f"{W}lvlRestart")))
            self.abstracts[ab.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            entry = _Num(abstract=ref.get(VAL, "") if ref is not None else "")
            for ov in num.findall(f"{W}lvlOverride"):
                start = _int(ov.find(f"{W}startOverride"))
                if start is not None:
                    entry.overrides[int(ov.get(f"{W}ilvl", "0"))] = start
            self.nums[num.get(f"{W}numId", "")] = entry

    def _num_pr(self, p: etree._Element) -> tuple[str, int] | None:
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is None:
            for st in self.resolver.style_chain(self.resolver.para_style_id(p)):
                numpr = st.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    break
        if numpr is None:
            return None
        num_id = numpr.find(f"{W}numId")
        if num_id is None or num_id.get(VAL) in (None, "0"):
            return None
        return num_id.get(VAL, ""), _int(numpr.find(f"{W}ilvl"), 0) or 0

    def label(self, p: etree._Element) -> str:
        """The label Word draws before this paragraph, or "" when it is not numbered."""
        if not self.nums:
            return ""
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, ilvl = found
        num = self.nums.get(num_id)
        levels = self.abstracts.get(num.abstract) if num else None
        if num is None or not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num.abstract, {})
        if num_id not in self.started:
            # A list instance with a start override begins again; one without continues its abstract list.
            self.started.add(num_id)
            for lvl, start in num.overrides.items():
                counters[lvl] = start - 1
        level = levels[ilvl]
        if level.fmt == "bullet":
            return level.text
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper, lv in levels.items():
            # w:lvlRestart N: restart when level N (1-based) or an earlier one is used; 0: never.
            if deeper > ilvl and (lv.restart is None or (lv.restart != 0 and ilvl + 1 <= lv.restart)):
                counters.pop(deeper, None)

        def value(m: re.Match[str]) -> str:
            # Any level may be named ("%1.%2." on level 0 shows level 2's start value, as Word does).
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            return _format(lv.fmt if lv else "decimal", counters.get(k, lv.start if lv else 1))

        return re.sub(r"%([1-9])", value, level.text)
