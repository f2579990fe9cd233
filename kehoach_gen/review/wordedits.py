"""What a reviewer changed in Word, as edits on the plan's data.

The plan the document was made from (its base) is rendered in memory and its body read unit by unit
(paragraphs, and table rows as wholes); the edited document is read the same way, tracked changes
accepted as Word shows them after "Accept all". The two are aligned (align.py), and each changed unit is
traced to the text of the plan it was rendered from: a line of a paragraph block, a one-line field, a
list item, a table row and its cells. The result is a list of edits expressed on the base's data,
each carrying the base text it replaces, so that merge_back.py can find it again in a plan the clerk
has edited since.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from lxml import etree

from kehoach_gen.facts import inline, nd30, vn
from kehoach_gen.plan.fields import markup_at
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.review.align import Op, align
from kehoach_gen.review.tracked import W, para_text

Path_ = tuple[Any, ...]
NOT_CARRIED = ("y_kien",)


def escape(text: str, path: Path_) -> str:
    """Text typed in Word as plan text: in a field that renders markup, a literal '*' must not become
    emphasis when rendered again; a field printed as typed takes it as it is."""

    return text.replace("*", "\\*") if markup_at(KeHoach, path) else text


@dataclass(frozen=True)
class Slot:
    """One piece of plan text that becomes (part of) one paragraph or one table cell."""

    path: Path_  # keys and indexes from the plan's top
    line: int | None  # line index inside a multi-line block, else None
    raw: str  # as typed, with its inline marks

    @property
    def plain(self) -> str:
        return inline.plain(self.raw).strip()


def slots(data: Any, path: Path_ = ()) -> list[Slot]:
    """Every text of plain (or round-trip) plan data, in file order. Numbers count (a table's TT column)."""
    out: list[Slot] = []
    _walk(data, path, out)
    return out


def _walk(node: Any, path: Path_, out: list[Slot]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not path and key in NOT_CARRIED:
                continue
            _walk(value, (*path, key), out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, (*path, i), out)
    elif isinstance(node, str):
        if "\n" in node.rstrip("\n"):
            for i, text in enumerate(str(node).split("\n")):
                if text.strip():
                    out.append(Slot(path, i, text.strip()))
        elif node.strip():
            out.append(Slot(path, None, str(node).strip()))
    elif isinstance(node, int) and not isinstance(node, bool):
        out.append(Slot(path, None, str(node)))


def rows(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, list[str]]]:
    """Every table row of plain (or round-trip) plan data, in reading order: each table's column names and
    rows, a table of the body's ('bang') as an appendix's ('phu_luc')."""
    if isinstance(data, dict):
        if isinstance(data.get("cot"), list):
            yield (*path, "cot"), [cell_text(v) for v in data["cot"]]
            for i, row in enumerate(data.get("dong") or []):
                if isinstance(row, list):
                    yield (*path, "dong", i), [cell_text(v) for v in row]
        for key, value in data.items():
            if key not in ("cot", "dong") and not (not path and key in NOT_CARRIED):
                yield from rows(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from rows(value, (*path, i))


def table_of(row: Path_) -> Path_:
    """The path of the table a row path ('...', 'dong', 3) or its column names ('...', 'cot') belong to."""
    return row[:max(i for i, part in enumerate(row) if part in ("cot", "dong"))]


def cell_text(value: Any) -> str:
    return "" if value is None else _fold(inline.plain(str(value)))


def _fold(text: str) -> str:
    return " ".join(text.split())


# --- the documents, unit by unit --------------------------------------------------------------------

@dataclass
class Unit:
    kind: Literal["p", "row"]
    element: etree._Element
    cells: list[str] = field(default_factory=list)  # a row's cell texts
    text: str = ""  # a paragraph's text

    @property
    def key(self) -> str:
        return "\t".join(self.cells) if self.kind == "row" else self.text


def units(body: etree._Element) -> list[Unit]:
    """Paragraphs and table rows in reading order; a nested table's rows follow their cell's row."""
    out: list[Unit] = []
    _units(body, out)
    return out


def _units(container: etree._Element, out: list[Unit]) -> None:
    for child in container:
        if child.tag == f"{W}p":
            out.append(Unit("p", child, text=para_text(child)))
        elif child.tag == f"{W}tbl":
            for tr in child.iter(f"{W}tr"):
                if next(tr.iterancestors(f"{W}tbl")) is not child:
                    continue
                cells = [c for c in tr if c.tag == f"{W}tc"]
                texts = [_fold(" ".join(para_text(p) for p in tc.iter(f"{W}p"))) for tc in cells]
                out.append(Unit("row", tr, cells=texts))
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
            _units(child, out)


def cell_paragraphs(unit: Unit) -> list[str]:
    """The paragraphs of a row, cell by cell: a row that traces to no table of the plan is read as them."""
    return [para_text(p) for p in unit.element.iter(f"{W}p")]


# --- edits --------------------------------------------------------------------------------------------

EditKind = Literal["set", "insert", "remove", "row_insert", "row_remove", "stamp"]


@dataclass
class Edit:
    kind: EditKind
    slot: Slot | None = None  # the text replaced or removed; for an insert, the one it follows
    text: str = ""  # the new text (raw, escaped); for a stamp, the field's new value as YAML would read it
    cells: list[str] = field(default_factory=list)  # a row: the new row's cells, or the removed row's
    row: Path_ = ()  # a row: the base row it follows (insert) or is (remove)
    shown: str = ""  # what the reviewer's document shows, for messages
    key: str = ""  # a stamp's field (so, ngay)
    before: bool = False  # an insert that goes before its slot (nothing of the plan stands above it)


@dataclass
class Reading:
    """The reviewer's edits, the Word comments, and what could not be traced to the plan."""

    edits: list[Edit] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (what was done, the text)
    comments: list[dict[str, Any]] = field(default_factory=list)
    units_matched: int = 0
    units_total: int = 0


_NEAR = 4
"""How many texts ahead of the last traced one still count as 'next' in reading order."""


def _words_in(part: str, whole: str) -> bool:
    """part stands in whole as whole words (a short value under a derived label, not a piece of a word)."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", whole) is not None


class Tracer:
    """Finds the slot a rendered paragraph came from, in reading order."""

    def __init__(self, all_slots: list[Slot]) -> None:
        self.slots = all_slots
        self.folded = [_fold(s.plain).casefold() for s in all_slots]
        self.cursor = 0

    def find(self, paragraph: str) -> Slot | None:
        shown = _fold(paragraph)
        target = shown.casefold()
        if not target:
            return None
        best: tuple[int, int, int, int] | None = None
        found = None
        for i, plain in enumerate(self.folded):
            # A slot explains a paragraph when it holds most of its words (labels like "Cơ quan chủ trì:",
            # numbers and final punctuation are derived). Among equals: the one in the same letter case
            # (a heading printed in capitals is not its lower-case twin), then the next in reading order.
            if len(plain) < 3 or plain not in target:
                continue
            ahead = (i - self.cursor) % len(self.slots)
            if len(plain) < 0.4 * len(target) and not (ahead < _NEAR and _words_in(plain, target)):
                continue
            exact = 0 if _fold(self.slots[i].plain) in shown else 1
            # The next texts in reading order come first (a task's "Thường xuyên" under its label "Thời gian
            # thực hiện:" is that task's, not a prose line elsewhere that says the same), then the longest.
            near = 0 if ahead < _NEAR else 1
            score = (near, -len(plain), exact, ahead)
            if best is None or score < best:
                best, found = score, i
        if found is None:
            return None
        self.cursor = found + 1  # the next paragraph comes from a later text, as the page reads
        return self.slots[found]


class RowTracer:
    """Finds the plan row (a list of cells) a rendered table row came from."""

    def __init__(self, data: Any) -> None:
        self.rows = list(rows(data))
        self.cursor = 0

    def find(self, cells: list[str]) -> Path_ | None:
        best: tuple[float, int] | None = None
        found = None
        for i, (_path, plan_cells) in enumerate(self.rows):
            if len(plan_cells) != len(cells):
                continue
            same = sum(a.casefold() == b.casefold() for a, b in zip(plan_cells, cells, strict=True))
            if same * 2 < len(cells) or same == 0:
                continue
            score = (-same / len(cells), (i - self.cursor) % len(self.rows))
            if best is None or score < best:
                best, found = score, i
        if found is None:
            return None
        self.cursor = found
        return self.rows[found][0]


def new_raw(slot: Slot, old_para: str, new_para: str) -> str:
    """The slot's text after its paragraph went from old_para to new_para; marks kept on kept words.

    The paragraph is the slot's words between a derived prefix (a number, a label) and a derived suffix
    (';', '.', './.'): what the reviewer typed between those is the slot's new text, wherever in it they
    typed (a sentence added at the end included)."""
    old_para, new_para = _fold(old_para), _fold(new_para)
    plain = _fold(slot.plain)
    start = old_para.find(plain)
    if start < 0:
        start = old_para.casefold().find(plain.casefold())
    if start >= 0:
        prefix, suffix = old_para[:start], old_para[start + len(plain):]
        body = new_para
        if prefix and body.startswith(prefix):
            body = body[len(prefix):]
        elif prefix:
            body = nd30.NUMBER_AT_START.sub("", body).lstrip() if nd30.NUMBER_AT_START.match(prefix) else body
        if suffix.strip() and body.startswith(plain + suffix.rstrip()) and len(body) > len(plain + suffix.rstrip()):
            body = plain + body[len(plain + suffix.rstrip()):]  # typed after the derived end ('./.')
        if suffix and body.endswith(suffix.rstrip()) and len(body) > len(suffix.rstrip()):
            body = body[:len(body) - len(suffix.rstrip())]
        elif suffix.strip() in (".", ";", "./.", ":") and not plain.endswith((".", ";", ":")):
            body = re.sub(r"(\./\.|[.;])$", "", body)
        new_plain = body.strip()
        shown = old_para[start:start + len(plain)]
        if shown != plain and shown == vn.upper(plain) and not vn.all_capitals(plain):
            new_plain = _clerks_case(new_plain, plain)
    else:  # the slot's words were spread (a normalised space, a stripped typed number): map word spans
        new_plain = _mapped_span(plain, old_para, new_para)
    return with_marks(slot.raw, new_plain, slot.path)


def _clerks_case(shown: str, typed: str) -> str:
    """A heading the page prints in capitals, as the reviewer left it, in the case the clerk typed it: a word
    of the clerk's as they wrote it, a new word typed in capitals in small letters (one typed otherwise, a
    name, as typed), the first letter a capital as the clerk's was."""
    theirs = {w.casefold(): w for w in typed.split()}
    words = [theirs.get(w.casefold()) or (w.lower() if w == vn.upper(w) else w)
             for w in shown.split()]
    if words and typed[:1].isupper():
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _mapped_span(plain: str, old_para: str, new_para: str) -> str:
    old_words, new_words = old_para.split(), new_para.split()
    matcher = difflib.SequenceMatcher(None, [w.casefold() for w in old_words], [w.casefold() for w in new_words],
                                      autojunk=False)
    first = plain.split()[:1]
    lo_old = next((i for i, w in enumerate(old_words) if first and w.casefold() == first[0].casefold()), 0)
    hi_old = min(len(old_words), lo_old + len(plain.split()))
    lo = hi = None
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            if i1 <= lo_old < i2 and lo is None:
                lo = j1 + lo_old - i1
            if i1 < hi_old <= i2:
                hi = j1 + hi_old - i1
        else:
            if lo is None and i1 <= lo_old < max(i2, i1 + 1):
                lo = j1
            if i1 < hi_old <= i2 or (i1 == i2 == hi_old):
                hi = j2
    return " ".join(new_words[lo or 0: len(new_words) if hi is None else hi])


def with_marks(raw: str, new_plain: str, path: Path_) -> str:
    """new_plain (as Word shows it) as plan text: the inline marks of raw kept on the words that did not
    change, every new word escaped; a footnote reference on a replaced word stays on what replaced it."""
    raw_words = raw.split()
    plain_words = [inline.plain(w) for w in raw_words]
    new_words = new_plain.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, plain_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += raw_words[i1:i2]
            continue
        added = [escape(w, path) for w in new_words[j1:j2]]
        refs = "".join(f"[^{n}]" for w in raw_words[i1:i2] for n in inline.footnote_refs(w))
        if refs and added:
            word = added[-1]
            tail = len(word) - len(word.rstrip(".;:,!?"))
            added[-1] = word[:len(word) - tail] + refs + word[len(word) - tail:]
        elif refs and out:
            out[-1] += refs
        out += added
    return " ".join(out)


def styled_like(slot: Slot, paragraph: str, new: str) -> str:
    """A paragraph added next to `paragraph` (which shows `slot`), as plan text: what the renderer adds
    around the slot's text there (a recipient's "- " and ";", a number) is set aside from the new one too."""
    paragraph, new = _fold(paragraph), _fold(new)
    plain = _fold(slot.plain)
    at = paragraph.find(plain)
    if at < 0:
        return bare(new)
    prefix, suffix = paragraph[:at], paragraph[at + len(plain):].strip()
    body = new[len(prefix):] if prefix and new.startswith(prefix) else bare(new)
    if suffix and body.endswith(suffix) and len(body) > len(suffix):
        body = body[:len(body) - len(suffix)]
    return body.strip()


def bare(paragraph: str) -> str:
    """A paragraph typed in Word as plan text: its typed number set aside (the renderer numbers)."""
    return nd30.NUMBER_AT_START.sub("", _fold(paragraph)).strip()


def _date_line(text: str) -> nd30.IssueDate | None:
    """A place-and-date line that names its year (a draft's day and month may be blank), as nd30 reads it."""
    line = nd30.read_date_line(text)
    return line if line is not None and line.year is not None else None


def _number_line(text: str) -> tuple[str, str] | None:
    """The whole line is "Số: 05/KH-UBND" (or a draft's "Số:   /KH-UBND")."""
    text = text.rstrip()
    m = nd30.NUMBER_LINE.fullmatch(text)
    return nd30.number_and_symbol(text) if m is not None else None


def header_line(text: str) -> bool:
    """The number line or the place-and-date line of a header: derived from the plan's fields."""
    text = _fold(text)
    return bool(_number_line(text) or _date_line(text))


def stamp(old: str, new: str) -> list[Edit] | None:
    """What the văn thư wrote into the header's number or date line in Word, as the plan's fields: `so` and
    `ky_hieu` from "Số: 05/KH-UBND", `dia_danh` and `ngay` from "Lai Châu, ngày 15 tháng 12 năm 2026". None
    when the line is not one of those, or the new text does not read as one (it is then named, never
    dropped)."""
    old, new = _fold(old), _fold(new)
    was, now = _number_line(old), _number_line(new)
    if was and now:
        out = []
        if was[0] != now[0]:
            out.append(Edit("stamp", key="so", text=now[0], shown=new))
        if was[1] != now[1]:
            out.append(Edit("stamp", key="ky_hieu", text=now[1], shown=new))
        return out
    before, after = _date_line(old), _date_line(new)
    if before and after:
        out = []
        if before.place != after.place:
            out.append(Edit("stamp", key="dia_danh", text=after.place, shown=new))
        if (before.day, before.month, before.year) != (after.day, after.month, after.year):
            day, month, year = after.day, after.month, after.year
            when = f"{year}-{month:02d}" if month else str(year)
            if day and month:
                try:
                    when = dt.date(year, month, day).isoformat()  # type: ignore[arg-type]  # year is known
                except ValueError:
                    return None
            elif day:
                return None
            out.append(Edit("stamp", key="ngay", text=when, shown=new))
        return out
    return None
    return None


def rewrites(ops: list[Op]) -> list[Op]:
    """A run of removed units with as many added ones in their place is the same units rewritten: the
    leader who retypes a signer's name or a one-paragraph section replaced that text, and it stays in
    its field (removed and added, it would have no place to go)."""
    out: list[Op] = []
    i = 0
    while i < len(ops):
        j = i
        while j < len(ops) and ops[j].kind in ("delete", "insert"):
            j += 1
        if j == i:
            out.append(ops[i])
            i += 1
            continue
        gone = [o for o in ops[i:j] if o.kind == "delete"]
        came = [o for o in ops[i:j] if o.kind == "insert"]
        if gone and len(gone) == len(came):
            out += [Op("edit", old=d.old, new=n.new) for d, n in zip(gone, came, strict=True)]
        else:
            out += ops[i:j]
        i = j
    return out


@dataclass
class _Traced:
    """Every unit of the base's document traced once, in reading order, before any edit is read: a
    paragraph to its slot, a table row to its plan row, or a row of no plan table to its cells'
    paragraphs' slots."""

    slot: dict[int, Slot | None] = field(default_factory=dict)
    row: dict[int, Path_ | None] = field(default_factory=dict)
    cells: dict[int, list[Slot | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, base_units: list[Unit], base_data: Any) -> _Traced:
        out = cls()
        tracer, row_tracer = Tracer(slots(base_data)), RowTracer(base_data)
        for i, u in enumerate(base_units):
            if u.kind == "p":
                out.slot[i] = tracer.find(u.text)
                continue
            out.row[i] = row_tracer.find(u.cells)
            if out.row[i] is None:
                out.cells[i] = [tracer.find(p) for p in cell_paragraphs(u)]
        return out


def read_edits(base_units: list[Unit], new_units: list[Unit], base_data: Any) -> Reading:
    """The edits that turn the base's document into the reviewed one, traced to the base's data."""
    reading = Reading(units_total=len(new_units))
    traced = _Traced.of(base_units, base_data)
    last: Slot | None = None
    last_para = ""
    last_row: Path_ | None = None
    for op in rewrites(align([u.key for u in base_units], [u.key for u in new_units], moves=False)):
        old = base_units[op.old] if op.old is not None else None
        new = new_units[op.new] if op.new is not None else None
        if old is not None and new is not None and old.kind != new.kind:  # a row became a paragraph
            reading.unplaced.append((f"thay '{_short(old.key)}' bằng", new.key))
            continue
        if op.kind == "equal" and old is not None and op.old is not None:
            reading.units_matched += 1
            if old.kind == "row":
                last_row = traced.row[op.old] or last_row
                last = next((x for x in reversed(traced.cells.get(op.old, [])) if x), last)
            elif traced.slot[op.old] is not None:
                last, last_para = traced.slot[op.old], old.text
            continue
        if op.kind == "edit":
            reading.units_matched += 1
        if old is not None and new is not None and op.old is not None and old.kind == new.kind == "row":
            path = traced.row[op.old]
            if path is not None and len(old.cells) == len(new.cells):
                last_row = path
                for j, (a, b) in enumerate(zip(old.cells, new.cells, strict=True)):
                    if a != b:
                        slot = Slot((*path, j), None, _raw_cell(base_data, (*path, j)))
                        reading.edits.append(Edit("set", slot, with_marks(slot.raw, b, slot.path), shown=b))
                continue
            # A paragraph added in the header or the signature goes after one of that row's own texts.
            _paragraph_ops(reading, traced.cells.get(op.old, []), cell_paragraphs(old), cell_paragraphs(new), None)
            continue
        if old is not None and new is not None and op.old is not None:  # an edited paragraph
            found = stamp(old.text, new.text)
            if found is not None:
                reading.edits += found
                continue
            slot_of = None if header_line(old.text) else traced.slot[op.old]
            if slot_of is None:
                reading.unplaced.append((f"sửa '{_short(old.text)}' thành", new.text))
                continue
            reading.edits.append(Edit("set", slot_of, new_raw(slot_of, old.text, new.text), shown=new.text))
            last, last_para = slot_of, new.text
        elif new is not None and new.kind == "row":
            if last_row is not None:
                reading.edits.append(Edit("row_insert", cells=[escape(c, last_row) for c in new.cells], row=last_row,
                                          shown=" | ".join(new.cells)))
            else:
                reading.unplaced.append(("thêm dòng bảng", " | ".join(new.cells)))
        elif new is not None:
            if last is not None and new.text.strip():
                text = styled_like(last, last_para, new.text)
                reading.edits.append(Edit("insert", last, escape(text, last.path), shown=new.text))
            elif new.text.strip():
                reading.unplaced.append(("thêm đoạn", new.text))
        elif old is not None and op.old is not None and old.kind == "row":
            path = traced.row[op.old]
            if path is not None and isinstance(path[-1], int):
                reading.edits.append(Edit("row_remove", row=path, cells=old.cells, shown=" | ".join(old.cells)))
            else:
                _paragraph_ops(reading, traced.cells.get(op.old, []), cell_paragraphs(old), [], last)
        elif old is not None and op.old is not None and old.text.strip():
            gone = traced.slot[op.old]
            if gone is not None:
                reading.edits.append(Edit("remove", gone, shown=old.text))
            else:
                reading.unplaced.append(("bỏ đoạn", old.text))
    return reading


def _paragraph_ops(reading: Reading, traced: list[Slot | None], old: list[str], new: list[str],
                   last: Slot | None) -> None:
    """A row that is no table of the plan (the header, the signature): its cells' paragraphs one by one.
    A paragraph added there goes after the row's last text of the plan above it, or before the next one."""
    ops = rewrites(align(old, new, moves=False))
    last_para = ""
    for k, op in enumerate(ops):
        a = old[op.old] if op.old is not None else ""
        b = new[op.new] if op.new is not None else ""
        slot = traced[op.old] if op.old is not None and op.old < len(traced) else None
        if op.kind == "equal":
            if slot is not None:
                last, last_para = slot, a
            continue
        if op.kind == "edit":
            found = stamp(a, b)
            if found is not None:
                reading.edits += found
                continue
            if slot is None or header_line(a):  # a header line that no longer reads as one: named, not guessed
                reading.unplaced.append((f"sửa '{_short(a)}' thành", b))
            else:
                reading.edits.append(Edit("set", slot, new_raw(slot, a, b), shown=b))
                last, last_para = slot, b
        elif op.kind == "insert" and b.strip():
            if last is not None:
                reading.edits.append(Edit("insert", last, escape(styled_like(last, last_para, b), last.path), shown=b))
                continue
            below = next(((traced[o.old], old[o.old]) for o in ops[k + 1:] if o.kind == "equal" and o.old is not None
                          and o.old < len(traced) and traced[o.old] is not None), None)
            if below is not None and below[0] is not None:
                reading.edits.append(Edit("insert", below[0], escape(styled_like(below[0], below[1], b), below[0].path),
                                          shown=b, before=True))
            else:
                reading.unplaced.append(("thêm đoạn", b))
        elif op.kind == "delete" and a.strip():
            if slot is not None:
                reading.edits.append(Edit("remove", slot, shown=a))
            else:
                reading.unplaced.append(("bỏ đoạn", a))


def value_at(tree: Any, path: Path_) -> Any:
    """The value at a path of plain or round-trip plan data; None where the path leads nowhere."""
    for part in path:
        if isinstance(tree, dict) and part in tree:
            tree = tree[part]
        elif isinstance(tree, list) and isinstance(part, int) and 0 <= part < len(tree):
            tree = tree[part]
        else:
            return None
    return tree


def _raw_cell(data: Any, path: Path_) -> str:
    value = value_at(data, path)
    return "" if value is None else str(value)


def what_changed(old: str, new: str, limit: int = 60) -> str:
    """The words an edit added, removed or replaced, as a clerk reads them: "thêm 'x'; 'a' thành 'b'"."""
    a, b = _fold(old).split(), _fold(new).split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = short(" ".join(a[i1:i2]), limit), short(" ".join(b[j1:j2]), limit)
        if tag == "insert":
            parts.append(f"thêm '{came}'")
        elif tag == "delete":
            parts.append(f"bỏ '{gone}'")
        elif tag == "replace":
            parts.append(f"'{gone}' thành '{came}'")
    return "; ".join(parts[:4]) + ("; ..." if len(parts) > 4 else "")


def short(text: str, limit: int = 80) -> str:
    text = _fold(text)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]  # at a word, never mid-word
    return cut + "…"


_short = short
