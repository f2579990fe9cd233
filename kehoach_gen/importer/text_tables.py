"""Tables in the body of a text copy written one cell a line (LibreOffice's text export of a Word table):
the column names, then each row from its running number ("1", "2", ...) on a line of its own.

A cell of two paragraphs ("Lãnh đạo" / "Sở Giáo dục và Đào tạo", "Thời gian" / "(Năm 2026)") takes two
lines, so a row may have more lines than the table has columns. The table is rebuilt only when its shape
is clear: most rows have one number of lines (the columns), the column names have at least as many, and
each longer row has one best place to join its lines (a line going on in lower case or in brackets, or a
join that starts each cell with the word its column's cells usually start with). Otherwise the lines stay
paragraphs, and the import says a table may have been flattened there.
"""

from __future__ import annotations

import re
from collections import Counter

from kehoach_gen.facts import nd30
from kehoach_gen.importer.records import Line, Source, Table

_HEADER_MAX = 60  # a column name is short
_WIDTH_MIN = 3  # a running number and two columns at least: a numbered list is not a table
_ENDS_SENTENCE = (".", ";", ":", "!", "?")


def _running(text: str, number: int) -> bool:
    return re.fullmatch(rf"{number}\.?", text.strip()) is not None


def _header_like(text: str) -> bool:
    plain = text.replace("*", "").strip()
    return (bool(plain) and len(plain) <= _HEADER_MAX and not plain.endswith(_ENDS_SENTENCE)
            and not any(p.match(plain) for p in (nd30.MUC, nd30.KHOAN, nd30.DIEM, nd30.TASK))
            and not plain.isdigit())


def _continues(before: str, after: str) -> bool:
    """after goes on the paragraph before it, in one cell: it opens in lower case or in brackets."""
    first = after.strip()[:1]
    return (first.isalpha() and first.islower()) or first in "(["


def _first_word(text: str) -> str:
    words = text.split()
    return words[0].lower() if words else ""


def _fit(cells: list[str], width: int, skip: int, usual: list[str]) -> list[str] | None:
    """The cells joined down to width, one join at a time at its one best place; None when two places are
    as good (the shape is not clear). skip: leading cells never joined (the running number)."""
    cells = list(cells)
    while len(cells) > width:
        scored = []
        for k in range(skip, len(cells) - 1):
            joined = [*cells[:k], f"{cells[k]} {cells[k + 1]}", *cells[k + 2:]]
            # Cells that open with their column's usual word, once the row has the table's width.
            fits = sum(1 for c, w in zip(joined, usual, strict=False) if w and _first_word(c) == w) \
                if len(joined) == width else 0
            scored.append((2 * _continues(cells[k], cells[k + 1]) + fits, k, joined))
        best = max(s for s, _, _ in scored)
        at = [joined for s, _, joined in scored if s == best]
        if len(at) != 1:
            return None
        cells = at[0]
    return cells


def _rows(lines: list[Line], start: int) -> list[tuple[int, int]] | None:
    """The rows from the running number 1 at start: (first line, end) of each, numbered 1, 2, 3 ..."""
    bounds: list[tuple[int, int]] = []
    at, number = start, 1
    while True:
        nxt = next((j for j in range(at + 1, min(at + 12, len(lines))) if _running(lines[j].text, number + 1)), None)
        if nxt is None:
            bounds.append((at, -1))  # the last row: its end is found from the table's width
            return bounds if len(bounds) >= 2 else None
        bounds.append((at, nxt))
        at, number = nxt, number + 1


def _rebuilt(lines: list[Line], start: int) -> tuple[int, int, Table | None] | None:
    """The flattened table whose running number 1 stands at start: (first line, end, table), the table None
    when its shape is not clear; None when the lines there are no table at all."""
    head = start
    while head > 0 and start - head < 12 and _header_like(lines[head - 1].text):
        head -= 1
    bounds = _rows(lines, start)
    if bounds is None or start - head < 2:
        return None
    sizes = [end - first for first, end in bounds[:-1]]
    last_first = bounds[-1][0]
    # The last row runs to the first line that is no cell (a heading, the end), as long as the longest row or
    # the column names at most; with none in reach, as wide as the others when they are all alike.
    limit = min(last_first + max(*sizes, start - head), len(lines))
    stop = next((j for j in range(last_first + 1, limit + 1) if j == len(lines) or not _cell_like(lines[j].text)),
                None)
    if stop is None and len(set(sizes)) > 1:
        return head, last_first + 1, None
    end = stop if stop is not None else last_first + sizes[0]
    bounds[-1] = (last_first, end)
    sizes.append(end - last_first)
    # The columns: the fewest lines a row takes, which two rows take at least (a longer row has a cell of
    # two paragraphs).
    width = min(sizes)
    if width < _WIDTH_MIN or sizes.count(width) < 2 or start - head < width:
        return head, end, None
    texts = [ln.text.strip() for ln in lines]
    full = [texts[a:b] for a, b in bounds if b - a == width]
    usual = [Counter(_first_word(r[k]) for r in full).most_common(1)[0][0] if len(full) >= 2 else ""
             for k in range(width)]
    usual = [w if sum(_first_word(r[k]) == w for r in full) * 2 > len(full) else "" for k, w in enumerate(usual)]
    columns = _fit(texts[head:start], width, 0, [""] * width)
    rows = [_fit(texts[a:b], width, 1, usual) for a, b in bounds]
    if columns is None or any(r is None for r in rows):
        return head, end, None
    return head, end, Table(columns=columns, rows=[r for r in rows if r is not None])


def _cell_like(text: str) -> bool:
    plain = text.replace("*", "").strip()
    return bool(plain) and not any(p.match(plain) for p in (nd30.MUC, nd30.KHOAN, nd30.DIEM, nd30.TASK))


def rebuild(lines: list[Line], src: Source) -> list[Line]:
    """The body's lines with each flattened table whose shape is clear as one table line where it stood;
    a table whose shape is not clear stays lines, said once."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        found = _rebuilt(lines, k) if _running(lines[k].text, 1) else None
        if found is None:
            out.append(lines[k])
            k += 1
            continue
        head, end, table = found
        taken = k - head
        if table is None:
            src.warn(lines[head].where, f"các dòng ngắn từ '{lines[head].text[:30]}' rồi các số thứ tự 1, 2... mỗi số "
                                        "một dòng có thể là một bảng bị trải thành từng ô một dòng: không nhận ra được "
                                        "số cột, giữ thành đoạn văn, cần đối chiếu với bản gốc")
            out.extend(lines[k:end])
        else:
            del out[len(out) - taken:]
            src.warn(lines[head].where, f"dựng lại bảng từ các ô trải dòng (bản chép mỗi ô một dòng): "
                                        f"{len(table.columns)} cột, {len(table.rows)} dòng; cần đối chiếu với bản gốc")
            out.append(Line(text="", where=lines[head].where, table=table))
        k = end
    return out
