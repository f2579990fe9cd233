"""Appendices of a text copy: a heading 'PHỤ LỤC ...', its title, the '(Kèm theo ...)' line, a table
flattened one cell per line (LibreOffice's text export) or between lone '|' lines (a Markdown copy),
and notes. A table is rebuilt only when its shape is clear; otherwise its cells stay as text, with a
note."""

from __future__ import annotations

import itertools
import re

from kehoach_gen.facts import vn
from kehoach_gen.importer.markdown import PIPE, Logical
from kehoach_gen.importer.pipe_rows import Cell, rows_by_separator, spanning_note
from kehoach_gen.importer.records import AppendixSource, Source, Table

# "PHỤ LỤC I", and the other names offices give an attachment: "Mẫu biểu số 01", "Phụ biểu 2", "Biểu số 3".
HEADING = re.compile(r"^(?:PHỤ LỤC(?:\s+(?:SỐ\s+)?(?:[IVXLC]+|\d{1,2}))?"
                     r"|(?:PHỤ BIỂU|MẪU BIỂU|BIỂU MẪU|BIỂU)\s+(?:SỐ\s+)?(?:[IVXLC]+|\d{1,2}[A-Z]?))\s*[:.]?$")
REFERENCE = re.compile(r"^\(\s*(Ban hành |ban hành )?(Kèm|kèm) theo")
_NOTE = re.compile(r"^(Ghi chú|Lưu ý)\b")
# The first cell of a data row: a running number (1, 2, 1.1, I, a) or nothing (a continued row).
_INDEX = re.compile(r"^(\d{1,3}(\.\d{1,3})*\.?|[IVXLC]{1,5}\.?|[a-zđ]\)?|)$")


def is_heading(text: str) -> bool:
    return bool(HEADING.match(vn.upper(" ".join(text.split()))))


def is_form_heading(text: str) -> bool:
    """'Biểu mẫu 1', 'Phụ biểu 2': the heading of a form, which an appendix may hold several of."""
    return is_heading(text) and not vn.upper(text).lstrip().startswith("PHỤ LỤC")


def opens_appendix(texts: list[str], k: int) -> bool:
    """Whether the line at k opens an attachment: its heading, or (an attachment some offices leave
    without one) a title in capitals whose "(Kèm theo ...)" line follows within a few lines."""
    if is_heading(texts[k]):
        return True
    if not vn.all_capitals(texts[k]) or len(texts[k]) < 8 or REFERENCE.match(texts[k]):
        return False
    following = [t for t in texts[k + 1:k + 6] if t.strip() and t.strip() != PIPE]
    for t in following[:3]:
        if REFERENCE.match(t.strip()):
            return True
        if not vn.all_capitals(t):
            return False
    return False


def _cells(lines: list[Logical], markdown: bool) -> list[Cell]:
    if not markdown:
        return [Cell(ln.text.strip(), ln.where) for ln in lines]
    cells: list[Cell] = []
    current: list[Logical] = []
    opened = False
    where = lines[0].where if lines else 0
    for ln in lines:
        if ln.text == PIPE:
            if opened:
                bold = bool(current) and all(c.bold for c in current)
                cells.append(Cell(" ".join(c.text for c in current), current[0].where if current else where, bold))
            current, opened, where = [], True, ln.where
        else:
            current.append(ln)
    return cells


def _shape(cells: list[str], markdown: bool) -> Table | None:
    """The smallest row width for which every row after the first opens with a running number."""
    for width in range(2, 17):
        step = width + 1 if markdown else width  # a Markdown row ends with an empty cell between '|' pairs
        # A row's last empty cells may have been trimmed with the blank lines at the table's end.
        padded = cells + [""] * ((-len(cells)) % step)
        if len(padded) % step or len(padded) // step < 2:
            continue
        rows = [padded[i:i + step] for i in range(0, len(padded), step)]
        if markdown:
            if any(r[-1] for r in rows[:-1]):
                continue
            rows = [r[:-1] for r in rows]
        data = rows[1:]
        if _INDEX.match(rows[0][0]) and rows[0][0]:
            continue
        if markdown and any(not a and b and _INDEX.match(b) for a, b in itertools.pairwise(rows[0])):
            continue  # the header would run over a row's end into the next row's number
        if all(_INDEX.match(r[0]) for r in data) and sum(1 for r in data if r[0]) * 2 >= len(data):
            return Table(columns=rows[0], rows=data)
    return None


def _key(cell: str) -> tuple[str, int] | None:
    """A running number as (kind, value): ('n', 3) for '3' or '3.', ('r', 2) for 'II', ('l', 1) for 'b)'."""
    c = cell.strip().rstrip(".)")
    if c.isdigit():
        return ("n", int(c))
    if c and all(ch in "IVXLC" for ch in c):
        value = vn.from_roman(c)
        return ("r", value) if value else None
    if len(c) == 1 and c in vn.POINT_LETTERS:
        return ("l", vn.POINT_LETTERS.index(c))
    return None


def _follows(a: str, b: str) -> bool:
    """b can number the row after a's: the next number, the next group (I, II) or the first of a group."""
    ka, kb = _key(a), _key(b)
    if kb is None:
        return False
    if ka is None:
        return True
    if ka[0] == kb[0]:
        return kb[1] == ka[1] + 1
    return kb[0] == "r" or kb[1] in (0, 1)


def _rows_by_number(cells: list[str]) -> tuple[Table, int] | None:
    """A LibreOffice export drops the cells a merge swallowed, so rows may be short: each row runs from
    its running number to the next one (full rows preferred); short rows are filled at their end."""
    width = next((k for k, c in enumerate(cells) if c and _INDEX.match(c)), 0)
    if width < 2 or any(_INDEX.match(c) and c for c in cells[:width]):
        return None
    rows: list[list[str]] = []
    short = 0
    i = width
    while i < len(cells):
        if _key(cells[i]) is None and cells[i]:
            return None
        end = None
        for d in range(width, 1, -1):
            # A full row may be followed by one whose first cells a vertical merge left empty.
            if i + d >= len(cells) or _follows(cells[i], cells[i + d]) or (d == width and not cells[i + d]):
                end = min(i + d, len(cells))
                break
        if end is None:
            return None
        row = cells[i:end]
        short += len(row) < width
        rows.append(row + [""] * (width - len(row)))
        i = end
    if not rows or short * 4 > len(rows):
        return None
    return Table(columns=cells[:width], rows=rows), short


def set_aside(cells: list[str], markdown: bool) -> list[str]:
    """Cells whose table could not be rebuilt, kept for the clerk to rebuild it: a paragraph a row, the cells
    set apart by ' | ' with the empty ones kept in their places (which column a figure stands in is what an
    empty cell tells). A row opens at the running number that comes next (2 after 1, 3.1 under 3, II after
    I and 1 under it), after the empty cell a Markdown copy writes between two rows; the column names come
    before the first. Each row is written as a Markdown table's. Without running numbers, a paragraph a cell that holds text."""
    starts: list[int] = []
    last: tuple[int, ...] | None = None  # the last row's number; () after a group's (II)
    group = 0
    for k, c in enumerate(cells):
        if not c or (markdown and (k == 0 or cells[k - 1])):
            continue
        number = _decimal(c)
        key = _key(c)
        if number is None and key is not None and key[0] == "r" and key[1] == group + 1:
            group, last = key[1], ()
        elif number is not None and (number == (1,) if last is None or last == () else
                                     number[:-1] == last[:len(number) - 1] and number[-1] == (
                                         last[len(number) - 1] + 1 if len(number) <= len(last) else 1)):
            last = number
        else:
            continue
        starts.append(k)
    if len(starts) < 2:
        return [c for c in cells if c]
    out = []
    for a, b in itertools.pairwise([0, *starts, len(cells)]):
        row = cells[a:b]
        if markdown and row and not row[-1]:
            row = row[:-1]  # the empty cell a Markdown copy writes between two rows
        while row and not row[-1] and b == len(cells):
            row = row[:-1]
        if any(row):
            # A Markdown table's row, '| 3.1 | Khu vực ... | |': an empty cell is '| |', and the running number
            # is a cell's, never a typed number of the paragraph.
            out.append(" ".join(f"| {' | '.join(row)} |".split()))
    return out


def _decimal(cell: str) -> tuple[int, ...] | None:
    """A decimal running number as its parts: (3,) for '3' or '3.', (3, 1) for '3.1'."""
    c = cell.strip().rstrip(".")
    return tuple(int(p) for p in c.split(".")) if re.fullmatch(r"\d{1,3}(\.\d{1,3})*", c) else None


def read(lines: list[Logical], src: Source, markdown: bool) -> None:
    texts = [ln.text for ln in lines]
    starts: list[int] = []
    k = 0
    while k < len(lines):
        if opens_appendix(texts, k):
            starts.append(k)
            # Its title and "(Kèm theo ...)" line belong to it: the title opens nothing more.
            ref = next((j for j in range(k + 1, min(k + 9, len(lines))) if REFERENCE.match(texts[j].strip())), k)
            k = ref + 1
            continue
        k += 1
    for n, k in enumerate(starts):
        part = lines[k:starts[n + 1] if n + 1 < len(starts) else len(lines)]
        _one(part, src, markdown)


def _one(part: list[Logical], src: Source, markdown: bool) -> None:
    where = part[0].where
    heading = part[0].text.strip()
    i = 1 if is_heading(heading) else 0  # an attachment without a heading starts with its title
    if i and not heading.upper().startswith("PHỤ LỤC"):
        src.warn(where, f"'{heading}' nhập thành một phụ lục (văn bản in 'PHỤ LỤC', đánh số tự động); cần xem lại")
    elif not i:
        src.warn(where, "tệp đính kèm không có dòng 'PHỤ LỤC' (chỉ có tên và dòng 'Kèm theo'): nhập thành một phụ lục, "
                        "cần xem lại")
    title: list[str] = []
    while i < len(part) and part[i].text.strip() in ("", PIPE):
        i += 1
    while i < len(part) and part[i].text.strip() and part[i].text != PIPE and not REFERENCE.match(part[i].text) \
            and len(title) < 3 and (part[i].text.isupper() or not title):
        title.append(part[i].text.strip())
        i += 1
    reference = ""
    if i < len(part) and REFERENCE.match(part[i].text):
        reference = part[i].text.strip()  # the model derives it from the plan's own number and date
        i += 1
    body = part[i:]
    note_at = next((k for k, ln in enumerate(body) if _NOTE.match(ln.text.strip())), len(body))
    if markdown:
        # The table runs to its last '|': a 'Ghi chú' before it is a cell (a column of notes).
        last_pipe = max((k for k, ln in enumerate(body) if ln.text == PIPE), default=-1)
        note_at = last_pipe + 1 if last_pipe >= 0 else note_at
    table_lines, note_lines = body[:note_at], body[note_at:]
    while table_lines and not table_lines[0].text.strip():
        table_lines = table_lines[1:]
    while table_lines and not table_lines[-1].text.strip():
        table_lines = table_lines[:-1]
    notes = [ln.text.strip() for ln in note_lines if ln.text.strip() and ln.text != PIPE]
    lead: list[Logical] = []
    if markdown:
        # Paragraphs between the reference line and the table (a heading of the table's own, or an
        # appendix that is text, with no table) have no place above the table: they go below it.
        first_pipe = next((k for k, ln in enumerate(table_lines) if ln.text == PIPE), len(table_lines))
        lead = [ln for ln in table_lines[:first_pipe] if ln.text.strip()]
        table_lines = table_lines[first_pipe:]
        if lead and table_lines:
            src.warn(lead[0].where, f"đoạn '{lead[0].text.strip()[:40]}' đứng trên bảng phụ lục: ghi xuống dưới bảng "
                                    "(phụ lục chỉ có tên, dòng 'Kèm theo' rồi đến bảng), cần xem lại")
    found = _cells(table_lines, markdown)
    cells = [c.text for c in found]
    table = None
    short = 0
    spans: list[tuple[Cell, bool]] = []
    rest: list[Cell] = []
    by_separator = rows_by_separator(found) if markdown else None
    # Rows of one width for every cell come before rows for a part of them.
    fixed = _shape(cells, markdown) if cells and (by_separator is None or by_separator.rest) else None
    if fixed is not None:
        table, by_separator = fixed, None
    elif by_separator is not None:
        table, spans, rest = by_separator.table, by_separator.spans, by_separator.rest
    if table is None and cells and not markdown and (by_number := _rows_by_number(cells)) is not None:
        table, short = by_number
    if cells and table is None:
        src.warn(table_lines[0].where, "không nhận ra được số cột của bảng phụ lục (bảng bị trải thành từng ô một dòng): "
                                       "giữ các ô thành đoạn văn (mỗi dòng bảng một đoạn khi đọc được số thứ tự, các ô "
                                       "ngăn bằng ' | ', ô trống giữ đúng chỗ), cần dựng lại bảng")
        notes = set_aside(cells, markdown) + notes
    elif table is not None:
        filled = f", {short} dòng thiếu ô (ô trống thêm vào cuối dòng)" if short else ""
        src.warn(table_lines[0].where, f"dựng lại bảng phụ lục từ các ô trải dòng: {len(table.columns)} cột, "
                                       f"{len(table.rows)} dòng{filled}{spanning_note(spans, len(table.columns))}; "
                                       "cần đối chiếu với bản gốc")
    if by_separator is not None and by_separator.joined:
        src.warn(table_lines[0].where, "tiêu đề bảng phụ lục có hai dòng (tên cột chung trên các cột con): ghép thành "
                                       f"{', '.join(repr(n) for n in by_separator.joined[:6])}; đoán cột nào chia cột "
                                       "con, cần đối chiếu với bản gốc")
    if rest:
        src.warn(rest[0].where, f"sau dòng cuối của bảng phụ lục, từ ô '{rest[0].text[:30]}' không đọc được thành dòng "
                                "của bảng (đoạn văn, bảng khác): giữ thành đoạn văn dưới bảng, cần xem lại")
        notes = [c.text for c in rest] + notes
    notes = [ln.text.strip() for ln in lead] + notes
    src.appendices.append(AppendixSource(title=" ".join(title) or "[Cần bổ sung tên phụ lục]", table=table,
                                         landscape=None, notes=notes, where=where, reference=reference))
