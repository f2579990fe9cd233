"""How large a plan may be, and the .docx reader's caps that follow from it: one set of numbers.

`validate` refuses a plan past these limits, at the place where it goes past them and in the clerk's
words; whatever the renderer makes of a plan within them, every .docx reader opens (render's own
check of the file it wrote, `check`, `import`, `diff`, the overwrite guard). The reader's caps are not
chosen separately: they are computed here from the plan's limits and the most XML the renderer writes
per paragraph, cell and mark. tests/test_sizes.py renders a plan at every limit at once and
reads it back.

What the caps cost a reader, measured on the worst shape (a body of one-word paragraphs, 1,000,000 tags):
about 10 s and 290 MB for `check` or `import`; an appendix of 40,000 cells renders and is checked in
about 2 s within 300 MB.
"""

from __future__ import annotations

from collections.abc import Iterator

from kehoach_gen.facts.inline import marks

PLAN_BYTES = 2 * 1024 * 1024
"""The YAML file: a real plan is under 100 KB; anything past this is not a plan."""
TEXT_CHARS = 10_000
"""One paragraph, cell or name: about three printed pages; longer is several paragraphs run together."""
CELLS = 40_000
"""Appendix cells in all, column names included: 5,000 rows of 8 columns."""
PARAGRAPHS = 5_000
"""Every other text (titles, paragraphs, căn cứ, Nơi nhận, footnotes): a 40-page plan has about 600."""
MARKS = 5_000
"""*nghiêng*, **đậm** and [^n] marks: each splits its paragraph into more runs."""
APPENDICES = 50

# The most XML tags (each '<' of a start or end tag) the renderer writes per unit, measured on rendered
# plans: a cell of a one-column table 19.5 (w:tc, w:tcPr, w:tcW, w:p, w:pPr, w:pStyle, w:jc, w:r, w:t and
# the row's share of w:tr), a paragraph 9, a mark 6 (a footnote's reference and note together 27, the note
# being a paragraph), an appendix's own section, heading, reference line and table grid about 95.
TAGS_PER_CELL = 20
TAGS_PER_PARAGRAPH = 20
TAGS_PER_MARK = 10
TAGS_PER_APPENDIX = 150
TAGS_TEMPLATE = 20_000  # the bundled template's parts take 1,700; room for an office's own template

MAX_TAGS = (TAGS_TEMPLATE + CELLS * TAGS_PER_CELL + PARAGRAPHS * TAGS_PER_PARAGRAPH + MARKS * TAGS_PER_MARK
            + APPENDICES * TAGS_PER_APPENDIX)
"""XML tags in all the parts one reader parses (about 1,000,000)."""
MAX_XML = MAX_TAGS * 24 + PLAN_BYTES * 6
"""Inflated XML bytes: the rendered parts average 12 bytes a tag, and the plan's text may come out up to
five times longer ('&' is written '&amp;')."""


def number(n: int) -> str:
    """A count as Vietnamese prints it: 40.000."""
    return f"{n:,}".replace(",", ".")


Loc = tuple[str | int, ...]


def too_large(texts: Iterator[tuple[Loc, str, bool]], appendices: int) -> Iterator[tuple[Loc, str]]:
    """Where a plan, given as its texts in document order (fields.texts), first goes past each limit,
    and what to say there."""
    counts = {"cells": 0, "paragraphs": 0, "marks": 0}
    first: dict[str, Loc] = {}
    limits = {"cells": CELLS, "paragraphs": PARAGRAPHS, "marks": MARKS}
    for loc, text, markup in texts:
        kind = "cells" if loc[0] == "phu_luc" and len(loc) > 2 and loc[2] in ("dong", "cot") else "paragraphs"
        counts[kind] += 1
        if markup:
            counts["marks"] += marks(text)
        for key in (kind, "marks"):
            if counts[key] > limits[key] and key not in first:
                first[key] = loc
    advice = "; hãy chuyển bớt sang một văn bản riêng (máy giới hạn như vậy để văn bản tạo ra luôn mở và kiểm tra được)"
    if "cells" in first:
        yield first["cells"], (f"các bảng phụ lục có {number(counts['cells'])} ô (kể cả tên cột), quá giới hạn "
                               f"{number(CELLS)} ô, chẳng hạn 5.000 dòng 8 cột{advice}")
    if "paragraphs" in first:
        yield first["paragraphs"], (f"kế hoạch có {number(counts['paragraphs'])} đoạn văn (kể cả tiêu đề, căn cứ, "
                                    f"nơi nhận, chú thích), quá giới hạn {number(PARAGRAPHS)} đoạn{advice}")
    if "marks" in first:
        yield first["marks"], (f"kế hoạch có {number(counts['marks'])} dấu in nghiêng, in đậm, chú thích (*, **, "
                               f"[^n]), quá giới hạn {number(MARKS)}{advice}")
    if appendices > APPENDICES:
        yield ("phu_luc", APPENDICES), f"kế hoạch có {appendices} phụ lục, quá giới hạn {APPENDICES} phụ lục{advice}"
