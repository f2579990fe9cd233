"""Word's automatic numbering (word/numbering.xml) turned back into the numbers a reader sees.

A clerk's Word file often numbers "1.", "a)" or "I." by a list definition rather than by typing; the
text then lacks the number the plan's structure hangs on. Counters run per list (abstract numbering),
restart below their level, and honour start values and level overrides; bullets give no number.
"""

from __future__ import annotations

import re

from lxml import etree

from .. import vn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _format(fmt: str, n: int) -> str:
    if fmt == "decimal":
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return vn.roman(n) if n > 0 else str(n)
    if fmt == "lowerRoman":
        return vn.roman(n).lower() if n > 0 else str(n)
    if fmt == "lowerLetter":
        return _LOWER[(n - 1) % 26] * ((n - 1) // 26 + 1)
    if fmt == "upperLetter":
        return _LOWER[(n - 1) % 26].upper() * ((n - 1) // 26 + 1)
    return str(n)


class Numbering:
    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstract id -> level -> (fmt, text, start)
        self.nums: dict[str, str] = {}  # num id -> abstract id
        self.overrides: dict[tuple[str, int], int] = {}  # (num id, level) -> start
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph style id -> (num id, level)
        self.counters: dict[str, list[int]] = {}
        if numbering is not None:
            self._read(numbering)
        if styles is not None:
            for st in styles.iter(f"{W}style"):
                num = st.find(f"{W}pPr/{W}numPr")
                if num is not None:
                    ident = num.find(f"{W}numId")
                    lvl = num.find(f"{W}ilvl")
                    if ident is not None:
                        self.style_num[st.get(f"{W}styleId") or ""] = (
                            ident.get(f"{W}val") or "", int(lvl.get(f"{W}val") or 0) if lvl is not None else 0)

    def _read(self, root: etree._Element) -> None:
        for ab in root.iter(f"{W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in ab.findall(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl") or 0)] = (
                    fmt.get(f"{W}val") or "decimal" if fmt is not None else "decimal",
                    text.get(f"{W}val") or "" if text is not None else "",
                    int(start.get(f"{W}val") or 1) if start is not None else 1)
            self.levels[ab.get(f"{W}abstractNumId") or ""] = levels
        for num in root.iter(f"{W}num"):
            ident = num.get(f"{W}numId") or ""
            ab = num.find(f"{W}abstractNumId")
            self.nums[ident] = ab.get(f"{W}val") or "" if ab is not None else ""
            for ov in num.findall(f"{W}lvlOverride"):
                start = ov.find(f"{W}startOverride")
                if start is not None:
                    self.overrides[(ident, int(ov.get(f"{W}ilvl") or 0))] = int(start.get(f"{W}val") or 1)

    def label(self, p: etree._Element) -> str | None:
        """The number Word shows before this paragraph ('1.', 'a)', 'II.'), or None."""
        ppr = p.find(f"{W}pPr")
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        ident, level = None, 0
        if num is not None:
            id_el, lvl_el = num.find(f"{W}numId"), num.find(f"{W}ilvl")
            ident = id_el.get(f"{W}val") if id_el is not None else None
            level = int(lvl_el.get(f"{W}val") or 0) if lvl_el is not None else 0
        elif ppr is not None and (style := ppr.find(f"{W}pStyle")) is not None:
            ident, level = self.style_num.get(style.get(f"{W}val") or "", (None, 0))
        if not ident or ident == "0" or ident not in self.nums:
            return None
        abstract = self.nums[ident]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return None
        counters = self.counters.setdefault(abstract, [0] * 9)
        starts = [self.overrides.get((ident, k), levels.get(k, ("", "", 1))[2]) for k in range(9)]
        counters[level] = (counters[level] + 1) if counters[level] else starts[level]
        for k in range(level + 1, 9):
            counters[k] = 0
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            # A dash or plus bullet is how a plan writes its '- ' and '+ ' lines; other symbols say nothing.
            return {"-": "-", "–": "-", "—": "-", "+": "+"}.get(text.strip())
        if fmt == "none" or not text:
            return None

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lfmt = levels.get(k, ("decimal", "", 1))[0]
            return _format(lfmt, counters[k] or starts[k])

        return re.sub(r"%(\d)", value, text).strip()
