"""The rows of a table a Markdown web copy flattens one cell per line between lone '|' lines.

Each row is closed by '|' and the next opened by '|', so an empty cell stands between two rows; an
empty cell inside a row looks the same. A merged cell of the original (a group heading 'I | NHÓM GIẢI
PHÁP ...' across the row, a 'Tổng cộng' over the first columns) leaves its row shorter than the header.
The rows are found from their running numbers: a row runs from one to the empty cell before the next.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kehoach_gen.importer.records import Table


@dataclass
class Cell:
    text: str
    where: int  # the source line the cell starts on
    bold: bool = False  # the whole cell printed bold in the source (a group heading, a total)


# What may open a row: a running number (1, 1.2, II, A, b, (3), a step 'Bước 2' or 'B2'), a dash of a
# sub-row, a total's label, the '…' a copy prints where it leaves rows out.
_OPENS = re.compile(r"^(\d{1,3}(\.\d{1,3})*\.?|[IVXLC]{1,5}\.?|[A-ZĐ]\.?|[a-zđ]\)?|\(\d{1,3}\)|(Bước|B)\s?\d{1,2}:?|[-+•])$")
_TOTAL = re.compile(r"^(Tổng cộng|Tổng số|Tổng|Cộng)\b", re.IGNORECASE)
_ELIDED = re.compile(r"^[.…]{2,}$|^…$")
_AMOUNT = re.compile(r"^[\d.,\s%]*\d[\d.,\s%]*$")


def _number(cell: str) -> tuple[int, ...] | None:
    """A decimal running number as its parts: (3,) for '3' or '3.', (1, 2) for '1.2'."""
    c = cell.strip().rstrip(".")
    return tuple(int(p) for p in c.split(".")) if re.fullmatch(r"\d{1,3}(\.\d{1,3})*", c) else None


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


class _Numbering:
    """The running numbers seen so far down the first column, to tell the next row's number from a
    number in a cell ('150', '2'): a number opens a row when it starts a list (1, 1.1) or comes next
    after one seen (2.4 then 2.5, 3 or 3.1)."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, ...]] = []

    def opens(self, cell: str, after_gap: bool = False) -> bool:
        text = cell.strip()
        if not _OPENS.match(text):
            return bool(_TOTAL.match(text) or _ELIDED.match(text))
        number = _number(text)
        if number is None or number[-1] <= 1 or not self.seen or after_gap:
            return True  # a group (II, A), a letter (b), a dash; a list's start; the first row after a gap
        depth = len(number)
        return any(number == (*m[:depth - 1], m[depth - 1] + 1) for m in self.seen if len(m) >= depth)

    def see(self, cell: str) -> None:
        if _ELIDED.match(cell.strip()):
            self.seen = []  # rows left out: the numbers go on from somewhere unknown
        elif (number := _number(cell)) is not None:
            self.seen = [m for m in self.seen if len(m) != len(number)] + [number]


def _split(cells: list[Cell], width: int) -> tuple[list[list[Cell]], int]:
    """The data rows: from each running number to the empty cell before the next, a full row when
    there is one, else the shortest; a '…' between two rows is a row of its own. Empty cells past the
    last column are dropped. Returns the rows and where they stop: the end, or the first cell that
    opens no row (what follows the table: a note, another table of other columns)."""
    numbering = _Numbering()
    columns = [c.text for c in cells[:width]]

    def header_again(j: int) -> bool:
        again = sum(any(_same(c.text, name) for name in columns) for c in cells[j:j + width])
        return again >= 2 and again * 2 >= width

    def opens(j: int, after_gap: bool = False) -> bool:
        """cells[j] can open a row: a running number, the header's names again (a table in parts, each
        under its own header), or nothing before a full row (the number's cell merged with the one
        above)."""
        if not cells[j].text:
            if j + 1 >= len(cells) or not cells[j + 1].text:
                return False
            full = j + width == len(cells) or (j + width < len(cells) and not cells[j + width].text)
            # Or a group's heading with its number cell left empty: '| | Lĩnh vực Bảo trợ xã hội |'.
            titled = j + 3 < len(cells) and not cells[j + 2].text and numbering.opens(cells[j + 3].text)
            return full or titled
        return numbering.opens(cells[j].text, after_gap) or header_again(j)

    def heading(j: int) -> bool:
        """cells[j] is a group's heading in one cell across the row ('A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH'),
        a row after it."""
        return (bool(cells[j].text) and j + 1 < len(cells) and not cells[j + 1].text
                and (j + 2 == len(cells) or opens(j + 2)))

    def closes(j: int, full: bool = False) -> bool:
        """cells[j] can end a row: the end, an empty cell before the next row, a '…', or after a full
        row a paragraph before the header's names again (the caption of the table's next part)."""
        if j >= len(cells):
            return j == len(cells)
        elided = bool(_ELIDED.match(cells[j].text))
        if cells[j].text and not elided:
            return full and j + 1 < len(cells) and header_again(j + 1)
        return j + 1 == len(cells) or opens(j + 1, after_gap=elided) or heading(j + 1)

    rows: list[list[Cell]] = []
    i = width + 1
    while i < len(cells):
        if not opens(i):
            if not heading(i):
                return rows, i  # what follows the table
            rows.append([cells[i]])
            i += 2
            continue
        numbering.see(cells[i].text)
        # A full row; one with empty cells past the last column (a part of the table drawn wider); a
        # short one.
        longer = itertools.takewhile(lambda j: not cells[j - 1].text, range(i + width + 1, min(i + 2 * width, len(cells) + 1)))
        end = next((j for j in itertools.chain([i + width], longer, range(i + 1, i + width))
                    if closes(j, full=j >= i + width)), None)
        if end is None:
            if i + width < len(cells):  # a full row, then what is no row: the table ends there
                rows.append(cells[i:i + width])
                return rows, i + width
            return rows, i
        rows.append(cells[i:min(end, i + width)])
        if end < len(cells) and cells[end].text:  # a '…' or a caption: a row of its own
            rows.append([cells[end]])
            numbering.see(cells[end].text)
        i = end + 1
    return rows, len(cells)


def _placed(row: list[Cell], columns: list[str], amounts: list[bool]) -> tuple[list[Cell | None], bool]:
    """A short row's cells in their columns: from the first column (a merged group heading or total
    label starts there), unless another placement sets more of them under a column of the same name
    (a repeated header) or of amounts (a total's figures), or keeps a text that is no running number
    out of the first column. Returns the row and whether it was moved from the first column."""
    width, k = len(columns), len(row)

    def score(at: list[int]) -> int:
        # The first column holds running numbers and total labels, not a name like 'Nội dung'.
        misplaced = at[0] == 0 and bool(row[0].text) and not (
            _OPENS.match(row[0].text) or _TOTAL.match(row[0].text) or _ELIDED.match(row[0].text))
        return sum(2 * _same(c.text, columns[j]) + (bool(c.text) and amounts[j] and bool(_AMOUNT.match(c.text)))
                   for c, j in zip(row, at, strict=True)) - misplaced

    left = list(range(k))
    # One column on (a heading in one cell reads in the first column of text), the first cell first
    # and the rest last (a total and its figures), all last (a repeated header).
    options = [list(range(1, k + 1)), [0, *range(width - k + 1, width)], list(range(width - k, width))]
    best = max(options, key=score)
    at = best if score(best) > score(left) else left
    out: list[Cell | None] = [None] * width
    for c, j in zip(row, at, strict=True):
        out[j] = c
    return out, at is not left


@dataclass
class Rebuilt:
    table: Table
    spans: list[tuple[Cell, bool]]  # each short row's first cell, and whether its cells were set right
    rest: list[Cell]  # the cells after the rows (what follows the table), kept as paragraphs
    joined: list[str]  # column names made of two header rows (a name over its sub-columns)


_NOTES_COLUMN = re.compile(r"^Ghi chú", re.IGNORECASE)


def _two_header_rows(cells: list[Cell], width: int) -> tuple[list[Cell], list[str]] | None:
    """A header of two rows: names over sub-columns ('Năm 2025', 'Năm 2026' each over 'Kế hoạch',
    'Thực hiện'), the other names merged down both rows. The second row's names, repeated r times
    (r >= 2: a single group could stand under any name), sit under r names of the first row: the
    last ones but a notes column ('Ghi chú'), where the columns that split usually are. The cells come
    back with one header row of joined names."""
    start = width + 1
    end = next((k for k in range(start, len(cells)) if not cells[k].text), len(cells))
    sub = [c.text for c in cells[start:end]]
    if len(sub) < 2 or end >= len(cells) or any(_OPENS.match(t) or _TOTAL.match(t) for t in sub):
        return None
    repeats = max(r for r in range(1, len(sub) + 1) if len(sub) % r == 0 and sub == sub[:len(sub) // r] * r)
    if repeats < 2:
        return None  # one name split: which one is a guess too far
    names = [c.text for c in cells[:width]]
    splitting = [k for k in range(width) if k > 0 and not _NOTES_COLUMN.match(names[k])][-repeats:]
    if len(splitting) < repeats:
        return None
    group = len(sub) // repeats
    header: list[Cell] = []
    for k, cell in enumerate(cells[:width]):
        if k in splitting:
            under = sub[splitting.index(k) * group:(splitting.index(k) + 1) * group]
            header += [Cell(f"{cell.text} - {name}", cell.where) for name in under]
        else:
            header.append(cell)
    return header + cells[end:], [c.text for c in header if c.text not in names]


def rows_by_separator(cells: list[Cell]) -> Rebuilt | None:
    """The table; None when the rows do not come out: no running numbers, more short rows than full
    ones, too few full rows."""
    width = next((k for k, c in enumerate(cells) if not c.text), len(cells))
    if width < 2 or width + 1 >= len(cells) or _OPENS.match(cells[0].text):
        return None
    joined: list[str] = []
    if (two := _two_header_rows(cells, width)) is not None:
        cells, joined = two
        width = next(k for k, c in enumerate(cells) if not c.text)
    rows, stop = _split(cells, width)
    short = [r for r in rows if len(r) < width]
    # Rows for a part of the cells only (a second table of other columns follows) are a table when
    # there are enough of them to be sure of its shape.
    if len(rows) - len(short) < (2 if stop * 2 >= len(cells) else 3) or len(short) * 2 > len(rows):
        return None
    columns = [c.text for c in cells[:width]]
    full = [r for r in rows if len(r) == width]
    amounts = [sum(bool(_AMOUNT.match(r[j].text)) for r in full) * 2 > sum(bool(r[j].text) for r in full)
               for j in range(width)]
    out: list[list[str]] = []
    spans: list[tuple[Cell, bool]] = []
    for r in rows:
        placed: list[Cell | None] = list(r)
        if len(r) < width:
            placed, right = _placed(r, columns, amounts)
            spans.append((r[0], right))
        out.append([_marked(c) if c is not None else "" for c in placed])
    return Rebuilt(Table(columns=columns, rows=out), spans, [c for c in cells[stop:] if c.text], joined)


def _marked(cell: Cell) -> str:
    """A cell printed bold in the source (a group heading, a total) stays bold: the plan's cells take
    **marks**."""
    return f"**{cell.text}**" if cell.bold and cell.text and "*" not in cell.text else cell.text


def spanning_note(spans: list[tuple[Cell, bool]], width: int) -> str:
    """What the import note says of the short rows, with their source lines."""
    if not spans:
        return ""
    shown = ", ".join(f"{c.where} ('{c.text[:20]}'{', không ghi từ cột đầu' if right else ''})"
                      for c, right in spans[:8]) + (", ..." if len(spans) > 8 else "")
    return (f"; {len(spans)} dòng ít ô hơn {width} cột (ô gộp trong bản gốc: dòng nhóm, dòng tổng cộng...), "
            f"chữ ghi từ cột đầu, các ô còn lại để trống (trừ dòng ghi 'không ghi từ cột đầu'): dòng {shown}")
