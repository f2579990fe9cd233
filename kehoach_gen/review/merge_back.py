"""`kehoach import EDITED.docx --into PLAN.yaml`: a reviewer's edits in Word merged into the plan, three ways.

The base is the plan the .docx was rendered from, carried inside it (basecopy.py). The reviewer's edits
are read against that base (wordedits.py), so an edit the clerk made in the YAML since is never taken
for one of the reviewer's and undone. Each edit is then found again in the clerk's current file by the
text it replaced, wherever the clerk has moved it:
- found unchanged: the edit is applied;
- the clerk's text already says what the reviewer's does: nothing to do;
- the clerk changed that text too: the clerk's stays, and the reviewer's version is written beside it
  as a `y_kien` entry (a conflict the clerk resolves), and said so;
- nowhere to put it: it is written as a `y_kien` entry too, and said so.
Word comments become `y_kien` entries at the field they were anchored to. Nothing typed in the document
is dropped: every word either lands in the plan or in a named `y_kien` entry.

A .docx made elsewhere carries no base: the merge then compares with the current plan (two ways), and
says so. A .docx of another plan (another issuer, number or symbol) is refused, the file untouched.
The YAML is edited with a round-trip parser, so comments, key order and scalar styles stay as they were.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from kehoach_gen.errors import KehoachError, PlanInvalid
from kehoach_gen.facts import inline, nd30
from kehoach_gen.ooxml.basecopy import read_base
from kehoach_gen.ooxml.docxio import open_docx

# The clerk's file is read and written as the browser editor does: one round-trip writer for both.
from kehoach_gen.plan import model, yamltext
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.fields import Block, field_names
from kehoach_gen.plan.loader import PRIVATE_USE, Located, format_path, parse, private_use, read_text, validate
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.plan.values import INVISIBLE
from kehoach_gen.plan.yamlsave import Opened, open_text, written_text
from kehoach_gen.review.tracked import W, para_text, resolve
from kehoach_gen.review.wordedits import (
    Edit,
    Path_,
    Slot,
    Unit,
    read_edits,
    short,
    slots,
    table_of,
    units,
    value_at,
    what_changed,
)
from kehoach_gen.review.wordnotes import comments, modified_by, word_time

if TYPE_CHECKING:
    from kehoach_gen.review.wordedits import Reading

YKIEN = "y_kien"


@dataclass
class MergeReport:
    applied: list[str] = field(default_factory=list)  # "PLAN.yaml:12: sửa thành ..." lines
    already: list[str] = field(default_factory=list)  # the clerk's file already said it
    conflicts: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    three_way: bool = False
    yaml_text: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.applied or self.conflicts or self.unplaced or self.comments)


# --- where an edit lands in the clerk's file ------------------------------------------------------------

class Current:
    """The clerk's file as a round-trip tree, with its texts indexed for finding an edit's base text."""

    def __init__(self, tree: CommentedMap) -> None:
        self.tree = tree
        self.slots = slots(tree)
        self.by_text: dict[str, list[Slot]] = {}
        for s in self.slots:
            self.by_text.setdefault(_norm(s.raw), []).append(s)

    def find(self, base: Slot) -> Slot | None:
        """The clerk's slot holding the base text: at the same place if it is still there, else the one
        elsewhere with the same text (nearest in the same field first)."""
        here = value_at(self.tree, base.path)
        if isinstance(here, (str, int)) and not isinstance(here, bool):
            lines = str(here).split("\n") if base.line is not None else [str(here)]
            at = base.line if base.line is not None else 0
            if at < len(lines) and _norm(lines[at]) == _norm(base.raw):
                return Slot(base.path, base.line, lines[at].strip())
        found = self.by_text.get(_norm(base.raw), [])
        if not found:
            return None
        same_field = [s for s in found if s.path == base.path]
        return (same_field or sorted(found, key=lambda s: _distance(s.path, base.path)))[0]

    def says(self, raw: str) -> bool:
        return _norm(raw) in self.by_text

    def row(self, path: Path_, cells: list[str]) -> Path_ | None:
        """The clerk's row with these cells: at the same place, else anywhere in the same table."""
        from kehoach_gen.review.wordedits import rows

        same = [p for p, c in rows(self.tree) if [x.casefold() for x in c] == [x.casefold() for x in cells]]
        if path in same:
            return path
        table = [p for p in same if table_of(p) == table_of(path)]
        return (table or same)[0] if (table or same) else None


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def _distance(a: Path_, b: Path_) -> tuple[int, int]:
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return (-common, abs(len(a) - len(b)))


# --- changing the tree --------------------------------------------------------------------------------

@dataclass
class _Change:
    """One resolved change: container and key in the tree, and what to do there."""

    container: Any
    key: Any
    line: int | None
    action: str  # set / insert / remove / insert_item / remove_item
    value: Any = None
    origin: int = -1  # the edit it comes from
    path: str = ""  # where it lands, as validation names a field


def _order(c: _Change) -> tuple[int, int]:
    # Bottom-up inside each block and list, inserts before removals at one place, so indexes stay valid.
    at = c.line if c.line is not None else c.key if isinstance(c.key, int) else 0
    return (-at, {"add_key": 0, "insert": 0, "insert_item": 0, "set": 1, "insert_before": 2, "remove": 3, "remove_item": 3}[c.action])


def _apply(changes: list[_Change]) -> None:
    for c in sorted(changes, key=_order):
        value = c.container[c.key] if c.action not in ("insert_item", "add_key") else None
        if c.action == "add_key":
            c.container.insert(_key_position(c.container, c.key), c.key, c.value)
        elif c.action == "insert_item":
            c.container.insert(c.key, c.value)
        elif c.action == "remove_item":
            del c.container[c.key]
        elif c.line is None and c.action == "set":
            c.container[c.key] = _same_style(value, c.value)
        elif c.line is None and c.action in ("insert", "insert_before"):
            before = c.action == "insert_before"
            if isinstance(c.container, list):
                c.container.insert(c.key if before else c.key + 1, c.value)
            else:
                pair = [c.value, str(value).rstrip("\n")] if before else [str(value).rstrip("\n"), c.value]
                _store_lines(c.container, c.key, pair)
        elif c.line is None and c.action == "remove":
            del c.container[c.key]
        else:
            assert c.line is not None
            lines = str(value).split("\n")
            indent = lines[c.line][:len(lines[c.line]) - len(lines[c.line].lstrip())]
            if c.action == "set":
                lines[c.line] = indent + c.value
            elif c.action in ("insert", "insert_before"):
                lines.insert(c.line + (c.action == "insert"), indent + c.value)
            else:
                del lines[c.line]
            _store_lines(c.container, c.key, lines)


def _same_style(old: Any, new: Any) -> Any:
    """A new value in the old one's scalar style (quoted stays quoted), when that style can hold it."""
    if isinstance(old, int) and not isinstance(old, bool) and isinstance(new, str) and new.strip().isdigit() \
            and not new.strip().startswith("0"):
        return int(new)
    if isinstance(old, str) and type(old) is not str and isinstance(new, str) and "\n" not in new:
        try:
            return type(old)(new)
        except TypeError:
            return new
    return new


def _store_lines(container: Any, key: Any, lines: list[str]) -> None:
    text = "\n".join(lines).rstrip("\n") + "\n"
    container[key] = LiteralScalarString(text)


def _parent(tree: Any, path: Path_) -> tuple[Any, Any]:
    return value_at(tree, path[:-1]), path[-1]


# --- the merge -----------------------------------------------------------------------------------------

@dataclass
class _Merge:
    name: str
    current: Current
    author: str
    when: str
    report: MergeReport
    base: Any
    changes: list[_Change] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    current_edit: int = -1

    def change(self, container: Any, key: Any, line: int | None, action: str, value: Any = None,
               path: Path_ = ()) -> None:
        self.changes.append(_Change(container, key, line, action, value, self.current_edit, _field(path)))

    def line_of(self, path: Path_) -> int:
        node, key = _parent(self.current.tree, path)
        try:
            if isinstance(node, CommentedMap):
                return int(node.lc.value(key)[0]) + 1
            if isinstance(node, CommentedSeq):
                return int(node.lc.item(key)[0]) + 1
        except (KeyError, TypeError, IndexError, AttributeError):
            pass
        return 1

    def where(self, slot: Slot) -> str:
        line = self.line_of(slot.path) + (1 + slot.line if slot.line is not None and self._is_block(slot) else 0)
        return f"{self.name}:{line}"

    def _is_block(self, slot: Slot) -> bool:
        return isinstance(value_at(self.current.tree, slot.path), LiteralScalarString)

    def note(self, path: Path_ | None, anchor: str, what: str, proposed: str | None) -> None:
        entry: dict[str, Any] = {"tac_gia": self.author, "ngay": self.when}
        if path:
            entry["truong"] = format_path(path)
        if anchor:
            entry["doan"] = short(anchor, 200)
        entry["noi_dung"] = what
        if proposed is not None:
            entry["sua_thanh"] = proposed
        self.notes.append(entry)

    def edit(self, e: Edit) -> None:
        if "\n" in e.shown.strip() or "\t" in e.shown:
            self.report.notices.append(
                f"{self.name}: đoạn '{short(e.shown)}' có ngắt dòng (Shift+Enter) hoặc Tab; một đoạn của kế hoạch là "
                "một dòng, nên chúng được ghi thành dấu cách (muốn tách đoạn thì thêm một đoạn mới)")
        handler = {"set": self._set, "insert": self._insert, "remove": self._remove, "row_insert": self._row_insert,
                   "row_remove": self._row_remove, "stamp": self._stamp}[e.kind]
        handler(e)

    def _set(self, e: Edit) -> None:
        assert e.slot is not None
        target = self.current.find(e.slot)
        if target is None:
            if self.current.says(e.text):
                self.report.already.append(f"{self.name}: đã có '{short(e.shown)}'")
                return
            self.note(e.slot.path, e.slot.plain, "Lãnh đạo sửa đoạn này trong Word, nhưng bạn cũng đã sửa nó "
                      "trong tệp YAML: đang giữ bản của bạn; bản lãnh đạo sửa ở sua_thanh.", e.text)
            self.report.conflicts.append(f"{self.name}: xung đột ở {_field(e.slot.path)}: lãnh đạo sửa "
                                         f"'{short(e.slot.plain)}' thành '{short(e.shown)}', bạn cũng đã sửa chỗ này")
            return
        if _norm(target.raw) == _norm(e.text):
            return
        container, key = _parent(self.current.tree, target.path)
        self.change(container, key, target.line, "set", e.text, target.path)
        change = what_changed(inline.plain(target.raw), inline.plain(e.text))
        self.report.applied.append(f"{self.where(target)}: sửa thành '{short(e.shown)}'" + (f" ({change})" if change else ""))

    def _insert(self, e: Edit) -> None:
        assert e.slot is not None
        anchor = self.current.find(e.slot)
        if self.current.says(e.text):
            self.report.already.append(f"{self.name}: đã có '{short(e.shown)}'")
            return
        if anchor is None or not _can_add_after(self.current.tree, anchor):
            self.note(e.slot.path, e.slot.plain, "Lãnh đạo thêm đoạn này (ở sua_thanh) sau đoạn trên; chưa đặt "
                      "được vào tệp YAML vì chỗ đó đã đổi: hãy tự thêm.", e.text)
            self.report.unplaced.append(f"{self.name}: thêm '{short(e.shown)}': chưa đặt được, ghi ở {YKIEN}")
            return
        container, key = _parent(self.current.tree, anchor.path)
        self.change(container, key, anchor.line, "insert_before" if e.before else "insert", e.text, anchor.path)
        self.report.applied.append(f"{self.where(anchor)}: thêm đoạn {'trước' if e.before else 'sau'} dòng này: "
                                   f"'{short(e.shown)}'")

    def _remove(self, e: Edit) -> None:
        assert e.slot is not None
        target = self.current.find(e.slot)
        if target is None:
            self.note(e.slot.path, e.slot.plain, "Lãnh đạo bỏ đoạn này trong Word, nhưng bạn đã sửa nó trong "
                      "tệp YAML: đang giữ bản của bạn.", None)
            self.report.conflicts.append(f"{self.name}: xung đột ở {_field(e.slot.path)}: lãnh đạo bỏ "
                                         f"'{short(e.slot.plain)}', bạn đã sửa chỗ này")
            return
        container, key = _parent(self.current.tree, target.path)
        value = container[key]
        several = (target.line is not None and sum(1 for x in str(value).split("\n") if x.strip()) > 1) or \
            (target.line is None and isinstance(container, list) and len(container) > 1)
        if not several:
            self.note(target.path, target.raw, "Lãnh đạo bỏ đoạn này trong Word; đây là nội dung duy nhất của "
                      "trường nên máy không tự bỏ: hãy tự sửa.", None)
            self.report.unplaced.append(f"{self.name}: bỏ '{short(e.shown)}': không tự bỏ được, ghi ở {YKIEN}")
            return
        self.change(container, key, target.line, "remove", path=target.path)
        self.report.applied.append(f"{self.where(target)}: bỏ đoạn '{short(e.shown)}'")

    def _row_insert(self, e: Edit) -> None:
        anchor_cells = _cells_at(self.base, e.row)
        anchor = self.current.row(e.row, anchor_cells) if anchor_cells is not None else None
        if anchor is None:
            self.note(table_of(e.row), "", "Lãnh đạo thêm dòng này (ở sua_thanh, các ô ngăn bởi ' | ') vào bảng; "
                      "chưa đặt được vì bảng đã đổi: hãy tự thêm.", " | ".join(e.cells))
            self.report.unplaced.append(f"{self.name}: thêm dòng '{short(e.shown)}': chưa đặt được, ghi ở {YKIEN}")
            return
        owner = table_of(anchor)  # an appendix ('phu_luc', k) or a table of the body (..., 'bang', k)
        table = value_at(self.current.tree, (*owner, "dong"))
        if table is None:
            value_at(self.current.tree, owner)["dong"] = table = CommentedSeq()
        at = anchor[len(owner) + 1] + 1 if anchor[len(owner)] == "dong" else 0
        model = value_at(self.current.tree, anchor) or []
        # A number typed in a column of numbers stays a number (the TT column is written 1, 2, ...).
        row = CommentedSeq([_same_style(model[j], c) if j < len(model) else c for j, c in enumerate(e.cells)])
        row.fa.set_flow_style()
        self.change(table, at, None, "insert_item", row, (*owner, "dong", at))
        self.report.applied.append(f"{self.name}:{self.line_of(anchor)}: thêm dòng bảng '{short(e.shown)}'")

    def _row_remove(self, e: Edit) -> None:
        target = self.current.row(e.row, e.cells)
        if target is None:
            self.note(e.row, e.shown, "Lãnh đạo bỏ dòng bảng này trong Word, nhưng bạn đã sửa dòng đó: đang "
                      "giữ bản của bạn.", None)
            self.report.conflicts.append(f"{self.name}: xung đột ở {_field(e.row)}: lãnh đạo bỏ dòng "
                                         f"'{short(e.shown)}', bạn đã sửa dòng này")
            return
        table, index = _parent(self.current.tree, target)
        self.change(table, index, None, "remove_item", path=target)
        self.report.applied.append(f"{self.name}:{self.line_of(target)}: bỏ dòng bảng '{short(e.shown)}'")

    def _stamp(self, e: Edit) -> None:
        tree = self.current.tree
        value = _stamped_value(e.key, e.text)
        now = tree.get(e.key)
        base_value = self.base.get(e.key) if isinstance(self.base, dict) else None
        if _same_value(now, value):
            return
        if not _same_value(now, base_value) and now not in (None, ""):
            self.note((e.key,), e.shown, f"Văn bản Word ghi '{short(e.shown)}', nhưng bạn đã sửa trường {e.key} "
                      "trong tệp YAML: đang giữ bản của bạn.", e.text)
            self.report.conflicts.append(f"{self.name}: xung đột ở {e.key}: Word ghi '{short(e.shown)}', "
                                         "bạn cũng đã sửa trường này")
            return
        self.change(tree, e.key, None, "set" if e.key in tree else "add_key", value, (e.key,))
        self.report.applied.append(f"{self.name}:{self.line_of((e.key,))}: {e.key}: {e.text or '(để trống)'}")


def _stamped_value(key: str, text: str) -> Any:
    """A header value written in Word, as the plan holds it: a number typed with leading zeros stays as
    typed ("0125"), a date with its day is a date, one without is "2026-12"."""
    if not text:
        return None
    if key == "so":
        number = int(text)
        # The page prints a number below 10 with its zero ("05"): only a zero beyond that is the clerk's own.
        return number if text in (str(number), f"{number:02d}") else text
    if key == "ngay" and len(text) == 10:
        return dt.date.fromisoformat(text)
    return text


def _key_position(tree: CommentedMap, key: str) -> int:
    """Where a header field the plan left out goes: after the fields the model declares before it."""

    order = list(field_names(KeHoach))
    before = set(order[:order.index(key)]) if key in order else set(order)
    return max((i + 1 for i, k in enumerate(tree) if k in before), default=0)



def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, dt.datetime):
        a = a.date()
    return str(a) == str(b) if a is not None and b is not None else a == b


def _cells_at(data: Any, path: Path_) -> list[str] | None:
    from kehoach_gen.review.wordedits import cell_text

    row = value_at(data, path)
    return [cell_text(v) for v in row] if isinstance(row, list) else None


def _field(path: Path_) -> str:
    return format_path(path)


def _can_add_after(tree: Any, slot: Slot) -> bool:
    """A paragraph may follow this text in its own field: a line of a block, an item of a list of texts,
    or a one-line paragraph field (it becomes a block)."""
    container, key = _parent(tree, slot.path)
    if slot.line is not None or isinstance(container, list):
        return True
    return key in _paragraph_fields()


def _paragraph_fields() -> frozenset[str]:
    import dataclasses


    return frozenset(f.name for obj in vars(model).values()
                     if isinstance(obj, type) and dataclasses.is_dataclass(obj)
                     for f in dataclasses.fields(obj) if isinstance(f.metadata.get("kind"), Block))


# --- identity ------------------------------------------------------------------------------------------

def _same_plan(base: dict[str, Any], current: dict[str, Any], edited: Path, plan: Path) -> None:
    """A document of another plan is refused: other issuer, other symbol, other number."""
    def text(d: dict[str, Any], key: str) -> str:
        return _norm(str(d.get(key) or ""))

    for key, what in (("co_quan", "cơ quan ban hành"), ("co_quan_chu_quan", "cơ quan chủ quản"),
                      ("ky_hieu", "ký hiệu")):
        if text(base, key) != text(current, key) and (text(base, key) or key != "ky_hieu"):
            raise KehoachError(
                f"{edited}: văn bản này là của kế hoạch khác ({what}: '{base.get(key) or ''}' trong văn bản, "
                f"'{current.get(key) or ''}' trong {plan.name}); không nhập, tệp {plan.name} giữ nguyên")
    if base.get("so") and current.get("so") and str(base["so"]).lstrip("0") != str(current["so"]).lstrip("0"):
        raise KehoachError(f"{edited}: văn bản này là kế hoạch số {base['so']}, còn {plan.name} là số "
                           f"{current['so']}; không nhập, tệp {plan.name} giữ nguyên")


def _header_identity(body_units: list[Unit]) -> tuple[str, str]:
    """The issuer's and the number's lines of a document's header (its first table row)."""

    symbol, issuer = "", ""
    for u in body_units[:6]:
        for p in u.element.iter(f"{W}p"):
            t = " ".join(para_text(p).split())
            read = nd30.number_and_symbol(t)
            if read and not symbol:
                symbol = f"{read[0].lstrip('0')}/{read[1]}".casefold()
        if u.kind == "row" and not issuer and u.cells:
            issuer = _norm(u.cells[0].split("Số:")[0])
    return symbol, issuer


def _same_document(base_units: list[Unit], new_units: list[Unit], edited: Path, plan: Path) -> None:
    (s1, i1), (s2, i2) = _header_identity(base_units), _header_identity(new_units)
    numbered = s1.split("/")[0] and s2.split("/")[0]
    if (i1 and i2 and i1 != i2) or (s1 and s2 and (s1.split("/")[1:] != s2.split("/")[1:]
                                                   or (numbered and s1 != s2))):
        raise KehoachError(f"{edited}: phần đầu văn bản (cơ quan, số, ký hiệu) khác với kế hoạch {plan.name}: "
                           f"đây là văn bản của kế hoạch khác; không nhập, tệp {plan.name} giữ nguyên")


# --- entry point ---------------------------------------------------------------------------------------

def _rendered_units(data: dict[str, Any], name: str) -> list[Unit]:
    from kehoach_gen.render import docx as docx_render

    plan = validate(Located(data=data), name)
    document = docx.Document(io.BytesIO(docx_render.render(compose(plan))))
    return units(document.element.body)


def merge_into(edited: Path, plan_path: Path) -> MergeReport:
    name = plan_path.name
    document, raw = open_docx(edited)
    source = read_text(plan_path)
    located = parse(source, str(plan_path))
    validate(located, str(plan_path))  # a plan that does not validate is named as such, before anything else
    current_data = located.data
    base = read_base(raw)
    report = MergeReport(three_way=base is not None)
    new_units = units(resolve(document.element.body, accept=True))
    if base is None:
        base = {k: v for k, v in current_data.items() if k != YKIEN}
        report.notices.append(
            f"{edited.name}: văn bản không mang theo bản kế hoạch đã dùng để tạo ra nó (tạo bằng phiên bản cũ "
            f"hoặc ngoài kehoach-gen), nên được so với {name} hiện tại: chỗ bạn sửa trong {name} sau khi gửi văn "
            "bản sẽ hiện như lãnh đạo sửa ngược lại; hãy xem kỹ từng dòng dưới đây")
    else:
        _same_plan(base, current_data, edited, plan_path)
    try:
        base_units = _rendered_units(base, str(edited))
    except PlanInvalid as exc:
        raise KehoachError(f"{edited}: bản kế hoạch mang theo trong văn bản không đọc được "
                           f"({exc.problems[0].message if exc.problems else 'không hợp lệ'})") from None
    if not report.three_way:
        _same_document(base_units, new_units, edited, plan_path)
    reading = read_edits(base_units, new_units, base)
    if reading.units_total >= 10 and reading.units_matched < 0.3 * reading.units_total:
        raise KehoachError(f"{edited}: nội dung văn bản gần như không khớp với kế hoạch {name} "
                           f"({reading.units_matched}/{reading.units_total} đoạn): đây có phải văn bản của kế hoạch "
                           f"khác? Không nhập, tệp {name} giữ nguyên")

    author, when = modified_by(raw.get("docProps/core.xml"))
    skipped: dict[int, str] = {}
    first_notices = list(report.notices) + _clean_edits(reading, name)
    while True:
        opened = open_text(source, str(plan_path))
        tree = opened.doc
        if not isinstance(tree, CommentedMap):
            raise KehoachError(f"{plan_path}: không phải tệp kế hoạch YAML")
        report = MergeReport(three_way=report.three_way, notices=list(first_notices))
        merge = _Merge(name=name, current=Current(tree), author=author or "người sửa văn bản Word", when=when,
                       report=report, base=base)
        for i, e in enumerate(reading.edits):
            if i in skipped:
                merge.note(e.slot.path if e.slot else e.row or None, e.slot.plain if e.slot else "",
                           f"Phần sửa này trong Word không đưa vào được vì làm kế hoạch không hợp lệ ({skipped[i]}): "
                           "hãy tự sửa.", e.text or " | ".join(e.cells))
                report.unplaced.append(f"{name}: '{short(e.shown)}': không đưa vào được ({skipped[i]}), ghi ở {YKIEN}")
                continue
            merge.current_edit = i
            merge.edit(e)
        for what, text in reading.unplaced:
            merge.note(None, "", f"Lãnh đạo {what} '{short(text, 200)}' trong Word, ở phần máy tự tạo ra hoặc chỗ "
                       "không tìm thấy trong tệp YAML: hãy tự sửa nếu cần.", text)
            report.unplaced.append(f"{name}: {what} '{short(text)}': không tìm thấy chỗ tương ứng trong tệp YAML, "
                                   f"ghi ở {YKIEN}")
        _comment_notes(merge, document, raw, base)
        refused = _written(merge, plan_path, opened)
        if isinstance(refused, str):
            report.yaml_text = refused
            _relocate(report, source, refused)
            break
        skipped.update(refused)
    report.applied.sort(key=_line_number)
    return report


# A symbol and the space typed after it go together, so the words around it stay one space apart.
_SYMBOL_RUN = r"[\ue000-\uf8ff\U000f0000-\U0010ffff]+ ?"


def _cleaned(text: str, name: str, shown: str, notices: list[str]) -> str:
    """The reviewer's text without what a plan may not hold or cannot print, each removal said: invisible
    characters (validation refuses them) and a symbol font's private characters (printed as boxes)."""
    import re


    hidden = len(INVISIBLE.findall(text))
    if hidden:
        text = INVISIBLE.sub("", text)
        notices.append(f"{name}: đã bỏ {hidden} ký tự vô hình (độ rộng 0 hoặc đổi chiều chữ) trong đoạn "
                       f"'{short(shown)}'")
    symbols = PRIVATE_USE.findall(text)
    if symbols:
        text = re.sub(_SYMBOL_RUN, "", text)
        notices.append(f"{name}: đoạn '{short(PRIVATE_USE.sub('', shown))}': đã bỏ {len(symbols)} "
                       f"{private_use(symbols)}; ký hiệu cần giữ thì gõ ký tự Unicode tương ứng (•, ✓, →) vào tệp YAML")
    return text


def _clean_edits(reading: Reading, name: str) -> list[str]:
    """Cleans every edit once, before the merge (which may run again without the edits it had to leave
    out), and returns what was said."""
    notices: list[str] = []
    for e in reading.edits:
        e.text = _cleaned(e.text, name, e.shown, notices)
        e.cells = [_cleaned(c, name, e.shown, notices) for c in e.cells]
    return notices


def _comment_notes(merge: _Merge, document: Any, raw: dict[str, bytes], base: dict[str, Any]) -> None:
    from kehoach_gen.review.wordedits import Tracer

    notes = comments(raw.get("word/comments.xml"))
    if not notes:
        return
    anchored: dict[str, str] = {}
    for p in document.element.body.iter(f"{W}p"):
        for mark in p.iter(f"{W}commentRangeStart", f"{W}commentReference"):
            anchored.setdefault(mark.get(f"{W}id", ""), para_text(p))
    existing = {(str(e.get("tac_gia")), str(e.get("noi_dung"))) for e in merge.current.tree.get(YKIEN) or []
                if isinstance(e, dict)}
    for cid, (author, stamp, text) in notes.items():
        where = anchored.get(cid, "")
        slot = Tracer(slots(base)).find(where) if where else None
        found = merge.current.find(slot) if slot else None
        who = author or "không tên"
        text = _cleaned(text, merge.name, text, merge.report.notices)
        if (who, text) in existing:
            continue
        entry: dict[str, Any] = {"tac_gia": who, "ngay": word_time(stamp) if stamp else merge.when}
        if found is not None:
            entry["truong"] = _field(found.path)
        if where:
            entry["doan"] = short(where, 200)
        entry["noi_dung"] = text
        merge.notes.append(entry)
        at = f"{merge.where(found)}" if found else merge.name
        merge.report.comments.append(f"{at}: ý kiến {who}: {text}" + (f" (tại đoạn '{short(where)}')" if where else ""))


def _written(merge: _Merge, plan_path: Path, opened: Opened) -> str | dict[int, str]:
    """The merged YAML; or, when validation refuses it, the edits to leave out (with the reason): a
    plan that does not validate is never written, and the rest of the reviewer's edits still go in."""

    name = str(plan_path)
    tree = merge.current.tree
    _apply(merge.changes)
    _add_notes(tree, merge.notes)
    text = written_text(opened, tree, name)
    try:
        located = parse(text, name)
        validate(located, name)
    except PlanInvalid as exc:
        bad: dict[int, str] = {}
        for problem in exc.problems:
            where = problem.path or ""
            for c in merge.changes:
                if c.origin >= 0 and where and (c.path.startswith(where) or where.startswith(c.path)):
                    bad.setdefault(c.origin, f"{where}: {problem.message}")
        if not bad:  # a reason not placed at an edit: every edit waits in y_kien rather than none going in
            bad = {c.origin: f"{(p.path or '')}: {p.message}" for c in merge.changes if c.origin >= 0
                   for p in exc.problems[:1]}
        if not bad:  # nothing of the reviewer's was applied: the file itself does not validate
            first = exc.problems[0].message if exc.problems else ""
            raise KehoachError(f"{plan_path.name}: sau khi nhập phần sửa, kế hoạch không hợp lệ "
                               f"({first}); không ghi, tệp "
                               f"{plan_path.name} giữ nguyên") from None
        return bad
    if located.data != yamltext.plain(tree):  # what is written must read back as exactly what was merged
        raise KehoachError(f"{plan_path.name}: không ghi được phần sửa vào YAML mà đọc lại đúng như vậy; không ghi, "
                           f"tệp {plan_path.name} giữ nguyên. Hãy báo lỗi kèm văn bản và tệp YAML.")
    return text


def _add_notes(tree: CommentedMap, notes: list[dict[str, Any]]) -> None:
    if not notes:
        return
    entries = tree.get(YKIEN)
    if not isinstance(entries, CommentedSeq):
        entries = CommentedSeq()
        tree[YKIEN] = entries
    for note in notes:
        entries.append(CommentedMap(note))


def _relocate(report: MergeReport, before: str, after: str) -> None:
    """Line numbers in the messages name the file as written now, not as it was (lines were added and
    removed above them)."""
    import difflib
    import re

    old, new = before.replace("\r\n", "\n").split("\n"), after.split("\n")
    moved: dict[int, int] = {}
    for _tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        for k in range(i1, i2):
            moved[k + 1] = min(j1 + (k - i1), max(j2 - 1, j1)) + 1

    def fix(entry: str) -> str:
        m = re.match(r"^([^:\n]+):(\d+):", entry)
        if not m:
            return entry
        return f"{m.group(1)}:{moved.get(int(m.group(2)), int(m.group(2)))}:" + entry[m.end():]

    for bucket in (report.applied, report.comments):
        bucket[:] = [fix(e) for e in bucket]


def _line_number(entry: str) -> int:
    import re

    m = re.match(r"^[^:]+:(\d+):", entry)
    return int(m.group(1)) if m else 0
