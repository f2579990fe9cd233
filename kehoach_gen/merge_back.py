"""`kehoach import EDITED.docx --into PLAN.yaml`: edits made in Word written back into the plan.

The plan is rendered in memory and its paragraphs aligned with the edited file's (pending tracked
changes accepted, as Word shows them after "Accept all"). Each changed paragraph is traced to the YAML
text it was made from: the line of a paragraph block, or a one-line field, whose words the paragraph
contains once the derived parts (numbers, labels, final punctuation) are set aside. The YAML is edited
in place with a round-trip parser, so the clerk's comments, key order and block style stay as they
were. Whatever cannot be traced is listed, never dropped, and Word comments become located notes.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from . import inline, nd30
from .align import align
from .errors import KehoachError
from .review import document_of
from .tracked import W, body_lines, para_text, resolve

# The numbers a plan derives at the start of a paragraph; a clerk who edits in Word may retype them.
_DERIVED_NUMBER = nd30.NUMBER_AT_START


@dataclass
class Slot:
    """One piece of YAML text that becomes (part of) one paragraph: a line of a block, or a field."""

    parent: Any  # CommentedMap or CommentedSeq
    key: Any  # key or index in parent
    line: int | None  # line index inside a multi-line block scalar, else None
    raw: str  # the text as typed, with its inline marks
    yaml_line: int  # 1-based line in the YAML file

    @property
    def plain(self) -> str:
        return inline.plain(self.raw).strip()


@dataclass
class MergeReport:
    applied: list[str] = field(default_factory=list)  # "PLAN.yaml:12: sửa ..." lines
    unmapped: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    yaml_text: str = ""


def _yaml() -> YAML:
    y = YAML()  # round-trip: comments, key order and scalar styles survive
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _slots(node: Any, out: list[Slot]) -> None:
    items: Iterator[tuple[Any, Any]]
    if isinstance(node, CommentedMap):
        items = iter(node.items())
    elif isinstance(node, CommentedSeq):
        items = iter(enumerate(node))
    else:
        return
    for key, value in items:
        if isinstance(value, str):
            if isinstance(node, CommentedMap):
                line = node.lc.value(key)[0] + 1
            else:
                line = node.lc.item(key)[0] + 1
            if isinstance(value, (LiteralScalarString, FoldedScalarString)) or "\n" in value:
                for i, text in enumerate(str(value).split("\n")):
                    if text.strip():
                        out.append(Slot(node, key, i, text, line + 1 + i))
            else:
                out.append(Slot(node, key, None, value, line))
        else:
            _slots(value, out)


def _paragraph_fields() -> frozenset[str]:
    """YAML keys that hold paragraphs (Block fields of the model): a paragraph may be added there."""
    import dataclasses

    from . import model
    from .fields import Block

    names = set()
    for obj in vars(model).values():
        if isinstance(obj, type) and dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                if isinstance(f.metadata.get("kind"), Block):
                    names.add(f.name)
    return frozenset(names)


def _can_add_after(slot: Slot) -> bool:
    return slot.line is not None or isinstance(slot.parent, CommentedSeq) or slot.key in _paragraph_fields()


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _bare(paragraph: str) -> str:
    return _DERIVED_NUMBER.sub("", paragraph.strip())


class _Tracer:
    """Finds the slot a rendered paragraph came from, in reading order."""

    def __init__(self, slots: list[Slot]) -> None:
        self.slots = slots
        self.cursor = 0

    def find(self, paragraph: str) -> Slot | None:
        target = _fold(paragraph)
        if not target:
            return None
        best: tuple[int, int] | None = None  # (-length, distance from cursor) of the best candidate
        found = None
        for i, slot in enumerate(self.slots):
            plain = _fold(slot.plain)
            # A slot explains a paragraph when it holds most of its words (labels like "Cơ quan chủ trì:"
            # and punctuation are derived).
            if len(plain) < 3 or plain not in target or len(plain) < 0.4 * len(target):
                continue
            score = (-len(plain), (i - self.cursor) % len(self.slots))
            if best is None or score < best:
                best, found = score, i
        if found is None:
            return None
        self.cursor = found
        return self.slots[found]


def _new_raw(slot: Slot, old_para: str, new_para: str) -> str:
    """The slot's text after the paragraph was edited from old_para to new_para, marks kept."""
    plain = slot.plain
    start = _fold(old_para).find(_fold(plain))
    old_words = old_para.split()
    # The words of old_para that the slot produced, by position among the folded words.
    before = len(" ".join(old_para.split())[:max(start, 0)].split()) if start > 0 else 0
    span = (before, before + len(plain.split()))
    new_words = new_para.split()
    matcher = difflib.SequenceMatcher(None, [w.casefold() for w in old_words],
                                      [w.casefold() for w in new_words], autojunk=False)
    # Map the slot's span in the old paragraph onto the new paragraph's words.
    lo, hi = None, None
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                if i1 + k == span[0] and lo is None:
                    lo = j1 + k
                if i1 + k == span[1] - 1:
                    hi = j1 + k + 1
        else:
            if lo is None and i1 <= span[0] < max(i2, i1 + 1):
                lo = j1
            if i1 < span[1] <= i2:
                hi = j2
    lo = 0 if lo is None else lo
    hi = len(new_words) if hi is None else hi
    replacement = new_words[lo:hi]
    if span[0] == 0 and replacement:
        replacement = _bare(" ".join(replacement)).split()
    # Keep the suffix the renderer adds (";" "." "./.") out of the YAML when the slot did not have it.
    if replacement and not plain.endswith((".", ";", ":")):
        last = replacement[-1]
        trimmed = re.sub(r"(\./\.|[.;])$", "", last)
        if trimmed != last and old_words and old_words[min(span[1], len(old_words)) - 1].endswith(last[len(trimmed):]):
            replacement[-1] = trimmed
        replacement = [w for w in replacement if w]
    return _with_marks(slot.raw, " ".join(replacement))


def _with_marks(raw: str, new_plain: str) -> str:
    """new_plain with the inline marks of raw kept on the words that did not change."""
    if inline.plain(raw) == raw:
        return new_plain
    raw_words = raw.split()
    plain_words = [inline.plain(w) for w in raw_words]
    new_words = new_plain.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, plain_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out += raw_words[i1:i2] if tag == "equal" else new_words[j1:j2]
    return " ".join(out)


def _set(slot: Slot, text: str | None) -> None:
    """Replace (or with None remove) the slot's text in the YAML tree, keeping the scalar's style."""
    value = slot.parent[slot.key]
    if slot.line is None and text is None and isinstance(slot.parent, CommentedSeq):
        del slot.parent[slot.key]
        return
    if slot.line is None:
        if text is not None:
            slot.parent[slot.key] = type(value)(text) if isinstance(value, str) and type(value) is not str else text
        return
    lines = str(value).split("\n")
    if text is None:
        del lines[slot.line]
    else:
        lines[slot.line] = lines[slot.line][:len(lines[slot.line]) - len(lines[slot.line].lstrip())] + text
    _store_lines(slot, lines)


def _insert_after(slot: Slot, text: str) -> None:
    value = slot.parent[slot.key]
    if slot.line is None and isinstance(slot.parent, CommentedSeq):
        slot.parent.insert(slot.key + 1, text)
        return
    if slot.line is None:
        lines = [str(value), text]
    else:
        lines = str(value).split("\n")
        indent = lines[slot.line][:len(lines[slot.line]) - len(lines[slot.line].lstrip())]
        lines.insert(slot.line + 1, indent + text)
    _store_lines(slot, lines)


def _store_lines(slot: Slot, lines: list[str]) -> None:
    text = "\n".join(lines)
    if not text.endswith("\n"):
        text += "\n"
    slot.parent[slot.key] = LiteralScalarString(text)


def _comments(xml: bytes | None) -> dict[str, tuple[str, str]]:
    """Word comments by id: (author, text), from the comments part the bounded reader inflated."""
    if not xml:
        return {}
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return {}  # unreadable comments are not the plan's text: the edits still go in
    out = {}
    for c in root.iter(f"{W}comment"):
        text = " ".join(para_text(p) for p in c.iter(f"{W}p")).strip()
        out[c.get(f"{W}id", "")] = (c.get(f"{W}author", ""), text)
    return out


_NUMBER = re.compile(r"^Số:\s*0*(\d+)\s*/")
_DATE = re.compile(r",\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\s*$")


def _stamped(tree: CommentedMap, old: str, new: str) -> str | None:
    """The number or the date the văn thư wrote into a draft's header in Word: they go to `so` and `ngay`."""
    import datetime as dt

    number = _NUMBER.match(new)
    if old.startswith("Số:") and number:
        tree["so"] = int(number.group(1))
        return f"so: {tree['so']}"
    date = _DATE.search(new)
    if ", ngày" in old and date:
        day, month, year = (int(g) for g in date.groups())
        try:
            tree["ngay"] = dt.date(year, month, day)
        except ValueError:
            return None
        return f"ngay: {tree['ngay'].isoformat()}"
    return None


def merge_into(edited: Path, plan_path: Path) -> MergeReport:
    from .docxread.docxio import open_docx
    from .loader import load_plan_text, read_text

    document, raw = open_docx(edited)
    accepted = resolve(document.element.body, accept=True)
    new_lines = body_lines(accepted)
    old_lines = body_lines(document_of(plan_path).element.body)
    source = read_text(plan_path)
    tree = _yaml().load(source)
    if not isinstance(tree, CommentedMap):
        raise KehoachError(f"{plan_path}: không phải tệp kế hoạch YAML")
    slots: list[Slot] = []
    _slots(tree, slots)
    tracer = _Tracer(slots)
    report = MergeReport()
    name = plan_path.name

    # Comments anchor on the paragraph holding their range start or reference.
    notes = _comments(raw.get("word/comments.xml"))
    anchored: dict[str, str] = {}
    for p in accepted.iter(f"{W}p"):
        for mark in p.iter(f"{W}commentRangeStart", f"{W}commentReference"):
            anchored.setdefault(mark.get(f"{W}id", ""), para_text(p))

    last: Slot | None = None
    changes: list[tuple[Slot, str, str | None]] = []  # (slot, "set" / "insert" / "remove", text)
    nonblank_old = [t for t in old_lines if t.strip()]
    nonblank_new = [t for t in new_lines if t.strip()]
    for op in align(nonblank_old, nonblank_new, moves=False):
        old = nonblank_old[op.old] if op.old is not None else ""
        new = nonblank_new[op.new] if op.new is not None else ""
        if op.kind == "equal":
            last = tracer.find(old) or last
        elif op.kind == "edit":
            stamped = _stamped(tree, old, new)
            if stamped is not None:
                report.applied.append(f"{name}:{_key_line(tree, stamped.split(':')[0])}: {stamped}")
                continue
            slot = tracer.find(old)
            if slot is None:
                report.unmapped.append(f"sửa '{_short(old)}' thành '{_short(new)}': không tìm thấy chỗ tương ứng "
                                       "trong tệp YAML (phần do máy tạo ra, như số, ngày, chức danh?)")
                continue
            changes.append((slot, "set", _new_raw(slot, old, new)))
            report.applied.append(f"{name}:{slot.yaml_line}: sửa thành '{_short(new)}'")
            last = slot
        elif op.kind == "insert":
            if last is not None and _can_add_after(last):
                changes.append((last, "insert", _bare(new)))
                report.applied.append(f"{name}:{last.yaml_line}: thêm đoạn sau dòng này: '{_short(new)}'")
            else:
                report.unmapped.append(f"thêm '{_short(new)}': không biết đặt vào trường nào; hãy tự thêm")
        elif op.kind == "delete":
            slot = tracer.find(old)
            siblings = [s for s in slots if slot is not None and s.parent is slot.parent and s.key == slot.key]
            in_list = slot is not None and isinstance(slot.parent, CommentedSeq) and len(slot.parent) > 1
            if slot is not None and ((slot.line is not None and len(siblings) > 1) or in_list):
                changes.append((slot, "remove", None))
                report.applied.append(f"{name}:{slot.yaml_line}: bỏ đoạn '{_short(old)}'")
            else:
                report.unmapped.append(f"bỏ '{_short(old)}': không tự bỏ được trong tệp YAML; hãy tự sửa")

    # Bottom-up inside each block, inserts before removals at one line, so line indexes stay valid.
    order = {"insert": 0, "set": 1, "remove": 2}
    def position(c: tuple[Slot, str, str | None]) -> tuple[int, int]:
        slot = c[0]
        at = slot.line if slot.line is not None else slot.key if isinstance(slot.key, int) else 0
        return (-at, order[c[1]])

    for slot, kind, text in sorted(changes, key=position):
        if kind == "insert" and text is not None:
            _insert_after(slot, text)
        else:
            _set(slot, text)
    for cid, (author, text) in notes.items():
        where = anchored.get(cid, "")
        slot = _Tracer(slots).find(where) if where else None
        at = f"{name}:{slot.yaml_line}" if slot else name
        report.comments.append(f"{at}: ý kiến {author or 'không tên'}: {text}"
                               + (f" (tại đoạn '{_short(where)}')" if where else ""))
    buffer = io.StringIO()
    _yaml().dump(tree, buffer)
    report.yaml_text = buffer.getvalue()
    load_plan_text(report.yaml_text, name=f"{name} (sau khi nhập phần sửa)")
    report.applied.sort(key=_line_of)
    return report


def _key_line(tree: CommentedMap, key: str) -> int:
    try:
        return int(tree.lc.key(key)[0]) + 1
    except (KeyError, TypeError):
        return 1


def _line_of(entry: str) -> int:
    m = re.match(r"^[^:]+:(\d+):", entry)
    return int(m.group(1)) if m else 0


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
