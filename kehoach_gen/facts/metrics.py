"""Text widths in Times New Roman, for the lengths of the ND30 lines and the one-line header checks.

Advance widths (1/1000 em) are those of the Times Roman, Times Italic and Times Bold metrics, which Times New Roman
and Liberation Serif share. Vietnamese letters take the width of their base letter: the tone and vowel
marks sit above or below it and do not widen it.
"""

from __future__ import annotations

import functools
import unicodedata

from kehoach_gen.facts.wordml import pt_to_mm

_UPPER_REG = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                      [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
                       556, 611, 722, 722, 944, 722, 722, 611], strict=True))
_LOWER_REG = dict(zip("abcdefghijklmnopqrstuvwxyz",
                      [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333,
                       389, 278, 500, 500, 722, 500, 500, 444], strict=True))
_UPPER_BOLD = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                       [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
                        556, 667, 722, 722, 1000, 722, 722, 667], strict=True))
_LOWER_BOLD = dict(zip("abcdefghijklmnopqrstuvwxyz",
                       [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444,
                        389, 333, 556, 500, 722, 500, 500, 444], strict=True))
_UPPER_ITALIC = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                         [611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611,
                          500, 556, 722, 611, 833, 611, 556, 556], strict=True))
_LOWER_ITALIC = dict(zip("abcdefghijklmnopqrstuvwxyz",
                         [500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389,
                          389, 278, 500, 444, 667, 444, 444, 389], strict=True))
_PUNCT_REG = {" ": 250, "-": 333, ",": 250, ".": 250, ":": 278, ";": 278, "/": 278, "(": 333, ")": 333,
              "'": 333, '"': 444, "–": 500, "…": 1000}
_PUNCT_BOLD = {**_PUNCT_REG, ":": 333, ";": 333, '"': 555}

REGULAR = {**_UPPER_REG, **_LOWER_REG, **_PUNCT_REG, **{d: 500 for d in "0123456789"}}
ITALIC = {**_UPPER_ITALIC, **_LOWER_ITALIC, **_PUNCT_REG, ":": 333, ";": 333, **{d: 500 for d in "0123456789"}}
BOLD = {**_UPPER_BOLD, **_LOWER_BOLD, **_PUNCT_BOLD, **{d: 500 for d in "0123456789"}}


@functools.cache  # per character of every measured text: the alphabet is small
def _base(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if decomposed else ch


def text_width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    table = BOLD if bold else ITALIC if italic else REGULAR
    units = sum(table.get(_base(ch), 500) for ch in text)
    return units * size_pt / 1000.0


def text_width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    return pt_to_mm(text_width_pt(text, size_pt, bold, italic))
