"""Facts of Word's file format, written once: the WordprocessingML namespace and the units lengths are
stored in (twips, half-points, EMU) against the millimetres and points Phụ lục I states.

Like nd30.py, it imports nothing of the project: the renderer, the reader, the checker and the review tools
all read these values, none keeps a copy.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
"""The namespace in ElementTree's form, to prefix a tag: f"{W}p"."""

MM_PER_INCH = 25.4
CM_PER_INCH = 2.54
PT_PER_INCH = 72
TWIPS_PER_INCH = 1440  # a twip is a twentieth of a point: Word's unit for margins, indents, widths
TWIPS_PER_PT = 20
HALF_POINTS_PER_PT = 2  # w:sz
EMU_PER_MM = 36000  # DrawingML's English Metric Units: 914400 an inch
EMU_PER_PT = 12700
WORD_CELL_MARGIN_TWIPS = 108  # Word's default left and right cell margin, 0.19 cm


def twips_to_mm(twips: float) -> float:
    return twips * MM_PER_INCH / TWIPS_PER_INCH


def twips_to_cm(twips: float) -> float:
    return twips * CM_PER_INCH / TWIPS_PER_INCH


def mm_to_twips(mm: float) -> float:
    return mm * TWIPS_PER_INCH / MM_PER_INCH


def twips_to_pt(twips: float) -> float:
    return twips / TWIPS_PER_PT


def pt_to_twips(pt: float) -> float:
    return pt * TWIPS_PER_PT


def emu_to_mm(emu: float) -> float:
    return emu / EMU_PER_MM


def mm_to_emu(mm: float) -> float:
    return mm * EMU_PER_MM


def pt_to_emu(pt: float) -> float:
    return pt * EMU_PER_PT


def pt_to_mm(pt: float) -> float:
    return pt * MM_PER_INCH / PT_PER_INCH


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_INCH * PT_PER_INCH
