"""Write the browser's changes into the clerk's YAML text with a round-trip YAML library: a value the
clerk did not change keeps its exact text, comments stay where they were, keys keep their order.

The text is read as the project's loader reads it (`yamltext`). Only values whose meaning changed are
rewritten (compared through `formspec.canonical`): in the style of the value they replace if both readers
read that back as the same value, else plain, else double-quoted with escapes, which always reads back
exactly (a line separator U+2028 is written "\\L": raw, the loader would read a line break). List items
are paired old-to-new, so that a moved, inserted or edited item keeps its comments and those of the others;
a field emptied in the form keeps its key where an empty value means the same, and the comment lines of
anything removed stay where it stood.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import unicodedata
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from kehoach_gen.errors import KehoachError, PlanInvalid
from kehoach_gen.plan import formspec, loader, yamltext
from kehoach_gen.plan.fields import Block, Kind, ListOf, Nested, Nullable, Numbered, Record, TextOrList


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# ---- scalars: the clerk's style when it reads back, else the one that always does

_STYLE_OF: list[tuple[type, str]] = [(DoubleQuotedScalarString, '"'), (SingleQuotedScalarString, "'"),
                                     (LiteralScalarString, "|"), (FoldedScalarString, ">")]
_STYLED: dict[str, Any] = {style: cls for cls, style in _STYLE_OF}


def _style(node: Any) -> str | None:
    """How the clerk wrote a value: a quote or block character, '' for plain, None for no text."""
    for cls, style in _STYLE_OF:
        if isinstance(node, cls):
            return style
    return "" if node is not None and not isinstance(node, (CommentedMap, CommentedSeq)) else None


def _written(value: str, style: str) -> Any:
    # Plain text is marked plain too: ruamel turns a bare str assigned over a quoted value into that style.
    return _STYLED[style](value) if style else PlainScalarString(value)


def _reads_back(node: Any, value: str, style: str, flow: bool, kind: Kind | None) -> bool:
    """Written alone in the same context (a block value, or a flow list item), the scalar comes out in the
    style asked for and reads back as exactly `value`."""
    doc = CommentedMap()
    if flow:
        seq = CommentedSeq([node])
        seq.fa.set_flow_style()
        doc["x"] = seq
    else:
        doc["x"] = node
    text = yamltext.dump(doc)
    written = text[len("x: [" if flow else "x: "):]
    if (written[:1] if written[:1] in "'\"|>" else "") != style:
        return False  # the library chose another style: not allowed in this context
    try:
        # Both readers: the loader (what validate sees) and ruamel (what the next save starts from).
        read = [loader.parse(text, "").data["x"], yamltext.load(text)["x"]]
    except (PlanInvalid, YAMLError, ValueError, TypeError, KeyError):
        return False
    if flow:
        read = [got[0] if isinstance(got, list) and len(got) == 1 else None for got in read]
    # Exactly the text, or what the field makes of it the same way (a cell "2" written 2 is the cell "2").
    return all((isinstance(got, str) and str(got) == value) or (
        kind is not None and formspec.canonical_value(kind, yamltext.plain(got)) == formspec.canonical_value(kind, value))
        for got in read)


_BREAKS = "\r\x85\u2028\u2029"


def _scalar(value: Any, old: Any, flow: bool = False, kind: Kind | None = None) -> Any:
    """A changed value as YAML. Text keeps the old value's style where the loader reads it back
    identically; paragraphs (a text with line breaks) go in a '|' block where they can."""
    if not isinstance(value, str):
        return value  # a number, a date, true/false, nothing: each has one plain form
    before = _style(old)
    if any(c in value for c in _BREAKS):
        order = ['"']  # a line break other than \n: only an escape keeps it as it is, for every reader
    elif "\n" in value:
        order = [before] if before in ("|", '"', ">") else []
        order += ["|", '"']
    else:
        order = [before] if before is not None else []
        order += ["", '"']
    paragraphs = isinstance(kind.inner if isinstance(kind, Nullable) else kind, Block)
    for style in dict.fromkeys(order):
        text = value
        if paragraphs and style in ("|", ">") and not value.endswith("\n") and \
                (not isinstance(old, str) or old.endswith("\n")):
            text += "\n"  # a block keeps its final line break ('|', not '|-'): the same paragraphs
        node = _written(text, style)
        if _reads_back(node, text, style, flow, kind):
            return node
    raise KehoachError("không ghi được một giá trị vào YAML mà đọc lại đúng như cũ; tệp chưa bị sửa. "
                       "Hãy báo lỗi kèm tệp.")


def _fresh(kind: Kind | None, value: Any, flow: bool = False, old: Any = None) -> Any:
    """A new value as YAML: nested data in block style (flow inside a flow list), text as `_scalar`."""
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(value, dict):
        if not value and isinstance(inner, Nested):
            value = _not_filled(inner.cls)
        out = CommentedMap()
        if flow or not value:
            out.fa.set_flow_style()
        for k, v in value.items():
            out[k] = _fresh(_sub_kind(inner, k), v, flow)
        return out
    if isinstance(value, list):
        item = inner.item if isinstance(inner, ListOf) else None
        seq = CommentedSeq([_fresh(item, v, flow) for v in value])
        if flow or not value:
            seq.fa.set_flow_style()
        return seq
    return _scalar(value, old, flow, kind)


def _not_filled(cls: type[Record]) -> dict[str, Any]:
    """An item added and left empty, as a clerk writes one ("- tieu_de:"): its first field that may be
    empty, with no value. (ruamel writes a bare "{}" first in a list under a commented key, then loses
    its place.)"""
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        kind = f.metadata["kind"]
        if isinstance(kind, (Nullable, Block, TextOrList)):
            return {f.name: None}
    return {}


def _sub_kind(kind: Kind | None, key: Any) -> Kind | None:
    if isinstance(kind, Nested) and isinstance(key, str):
        found = formspec.field_kind(kind.cls, key)
        return found[0] if found else None
    if isinstance(kind, Numbered):
        return kind.value
    return None


# ---- records and lists

def merge_record(cls: type[Record], node: Any, new: dict[str, Any], flow: bool = False) -> Any:
    """`node` (the YAML as loaded) updated to say `new` (plain data); unchanged parts are the same objects."""
    if formspec.canonical(cls, yamltext.plain(node)) == formspec.canonical(cls, new):
        return node
    if not isinstance(node, CommentedMap):
        if cls.SHORTHAND and isinstance(node, str) and set(new) == {cls.SHORTHAND}:
            # The clerk wrote the record as its one text ("- Nội dung ..."): it stays one text.
            found = formspec.field_kind(cls, cls.SHORTHAND)
            return _merge(found[0] if found else None, node, new[cls.SHORTHAND], flow=flow)
        return _fresh(Nested(cls), new, flow)
    flow = flow or node.fa.flow_style()
    for key in [k for k in node if k not in new]:
        found = formspec.field_kind(cls, key) if isinstance(key, str) else None
        emptied = _emptied(found[0] if found else None, node[key], found[1] if found else False)
        if emptied is _DROP:
            _remove(node, key, field=True)
        else:
            old, node[key] = node[key], emptied
            _comment_follows(node.ca.items.get(key), 2, old, emptied, _column(node, key))
    order = [f["name"] for f in formspec.form_spec()["records"][cls.__name__]["fields"]]
    for key, value in new.items():
        found = formspec.field_kind(cls, key)
        kind = found[0] if found else None
        if key in node:
            old = node[key]
            node[key] = _merge(kind, old, value, found[1] if found else False, flow)
            _comment_follows(node.ca.items.get(key), 2, old, node[key], _column(node, key))
        else:
            node.insert(_position(node, order, key), key, _fresh(kind, value, flow))
    return node


_DROP = object()


def _remove(node: CommentedMap | CommentedSeq, key: Any, *, field: bool) -> None:
    """Delete a key (or an item) without losing the comment lines written after it, which introduce what
    follows; a field's own end-of-line comment (its hint) stays too, as a line of its own."""
    keys = list(node) if isinstance(node, CommentedMap) else list(range(len(node)))
    lines = _comment_lines(node, key, own=field)
    del node[key]
    if not lines or (isinstance(node, (CommentedMap, CommentedSeq)) and node.fa.flow_style()):
        return
    at = keys.index(key)
    if at > 0:
        _append_after(node, keys[at - 1] if isinstance(node, CommentedMap) else at - 1, lines)
    else:
        before = node.ca.comment[1] if node.ca.comment and len(node.ca.comment) > 1 and node.ca.comment[1] \
            else None
        text = "".join(f"{line}\n" for line in lines)
        if before:
            before[-1].value = before[-1].value.rstrip("\n") + "\n" + text
        else:
            column = len(lines[0]) - len(lines[0].lstrip(" "))
            node.ca.comment = [None, [CommentToken(text.lstrip(" "), CommentMark(column), None)]]


def _slot(node: Any, key: Any) -> tuple[dict[Any, Any], Any, int]:
    """Where ruamel keeps the comment lines that follow an element: after the last scalar inside it."""
    value = node[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _slot(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        return _slot(value, len(value) - 1)
    return node.ca.items, key, 2 if isinstance(node, CommentedMap) else 0


def _column(node: Any, key: Any) -> int:
    try:
        return int(node.lc.key(key)[1] if isinstance(node, CommentedMap) else node.lc.item(key)[1] - 2)
    except (KeyError, TypeError, AttributeError, IndexError):
        return 0


def _comment_lines(node: Any, key: Any, *, own: bool) -> list[str]:
    """The comment lines after an element, indented; with its end-of-line comment first when `own`."""
    items, at, index = _slot(node, key)
    slot = items.get(at)
    token = slot[index] if slot and len(slot) > index else None
    if token is None:
        return []
    text = token.value
    first, _, rest = text.partition("\n")
    out = [line for line in rest.split("\n") if line.strip()]
    if first.strip() and (own or _style(node[key]) in ("|", ">") or isinstance(node[key], (CommentedMap, CommentedSeq))):
        # An end-of-line comment (or the first line after a block): kept at the element's indentation.
        out.insert(0, " " * _column(node, key) + first.strip())
    return out


def _append_after(node: Any, key: Any, lines: list[str]) -> None:
    items, at, index = _slot(node, key)
    text = "".join(f"{line}\n" for line in lines)
    slot = items.setdefault(at, [None, None, None, None] if index == 2 else [None, None])
    if slot[index] is None:
        slot[index] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        slot[index].value = slot[index].value.rstrip("\n") + "\n" + text


def _emptied(kind: Kind | None, node: Any, as_text: bool) -> Any:
    """A field the form left empty. A key the clerk wrote with no value ("so:" and its hint) stays as it
    is; a cleared value stays as an empty value where that means the same (its comment with it); any
    other key goes."""
    if node is None or node == "" or (isinstance(node, (list, dict)) and not node) or (
            kind is not None and formspec.canonical_value(kind, yamltext.plain(node), as_text) in (None, "", [], {})):
        return node  # it says nothing already, as the clerk wrote it ("so:", 'so: " "')
    if isinstance(kind, (Nullable, Block, TextOrList)):
        return None  # read as "nothing" (Block: no paragraph), as an absent key is
    if isinstance(kind, (ListOf, Numbered)):
        empty: Any = CommentedSeq() if isinstance(kind, ListOf) else CommentedMap()
        empty.fa.set_flow_style()
        return empty
    return _DROP


def _position(node: CommentedMap, order: list[str], key: str) -> int:
    """Where a new key goes: after the last present key that the model declares before it."""
    if key not in order:
        return len(node)
    before = set(order[: order.index(key)])
    pos = 0
    for i, k in enumerate(node):
        if k in before:
            pos = i + 1
    return pos


def _merge(kind: Kind | None, node: Any, value: Any, as_text: bool = False, flow: bool = False) -> Any:
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(inner, Nested) and isinstance(value, dict):
        return merge_record(inner.cls, node, value, flow)
    if isinstance(inner, ListOf) and isinstance(value, list) and isinstance(node, CommentedSeq):
        return _merge_list(inner, node, value)
    if isinstance(inner, Numbered) and isinstance(value, dict) and isinstance(node, CommentedMap):
        return _merge_notes(inner, node, value, flow)
    if isinstance(inner, Block) and isinstance(node, CommentedSeq) and isinstance(value, str) and \
            all(isinstance(x, str) for x in node):
        # The clerk wrote the paragraphs as a list: keep it a list.
        lines = value.split("\n")
        return _merge_list(ListOf(inner), node, lines)
    if _same_scalar(kind, node, value, as_text):
        return node
    if as_text and _style(node) in ("'", '"') and isinstance(value, (int, dt.date)) and \
            not isinstance(value, bool):
        value = formspec.scalar_text(value)  # so: "15" stays quoted as the clerk wrote it
    return _fresh(kind, value, flow, old=node)


def _comment_follows(slot: list[Any] | None, index: int, old: Any, new: Any, column: int) -> None:
    """A value that changes between a '|' block and one line keeps its comments where they were: a line
    below the block stays a line of its own, an end-of-line comment goes below the new block, and the
    lines below it stand at the key's indentation, outside the block."""
    token = slot[index] if slot and len(slot) > index else None
    if token is None:
        return
    was, now = _style(old) in ("|", ">"), _style(new) in ("|", ">")
    if was and not now and token.value.startswith("#"):
        token.value = "\n" + " " * token.column + token.value
    elif now and not was:
        # Below a block, a comment line indented as deep as its text would be read as more of its text.
        first, *rest = token.value.split("\n")
        token.value = "\n".join([first, *(" " * column + line.lstrip(" ") if line.strip() else line
                                           for line in rest)])
        if first.strip():
            token.start_mark = CommentMark(column)


def _same_scalar(kind: Kind | None, node: Any, value: Any, as_text: bool) -> bool:
    """Does the value still say what the YAML says? As the form would give either back."""
    plain = yamltext.plain(node)
    if kind is not None:
        said, says = formspec.canonical_value(kind, plain, as_text), formspec.canonical_value(kind, value, as_text)
        return type(said) is type(says) and bool(said == says)
    if isinstance(plain, str) and isinstance(value, str):
        return plain.rstrip("\n") == value.rstrip("\n") if "\n" in plain else plain == value
    return type(plain) is type(value) and bool(plain == value)


def _merge_notes(kind: Numbered, node: CommentedMap, new: dict[Any, Any], flow: bool) -> CommentedMap:
    """Footnotes: a mapping from number to text; each note keeps its line and comment."""
    flow = flow or node.fa.flow_style()
    for key in [k for k in node if k not in new]:
        _remove(node, key, field=False)
    for key, value in new.items():
        if key in node:
            old = node[key]
            node[key] = _merge(kind.value, old, value, flow=flow)
            _comment_follows(node.ca.items.get(key), 2, old, node[key], _column(node, key))
        else:
            node[key] = _fresh(kind.value, value, flow)
    return node


def _merge_list(kind: ListOf, node: CommentedSeq, new: list[Any]) -> CommentedSeq:
    old_items, new_items = [_canon_item(kind, v) for v in node], [_canon_item(kind, v) for v in new]
    old_keys, new_keys = [_key(v) for v in old_items], [_key(v) for v in new_items]
    flow = node.fa.flow_style()
    # A new row of a table written as one flow list per row ("- [1, Nội dung, ...]") is written the same way,
    # a new point among points written as their one text ("- Nội dung ...") too.
    rows_flow = any(isinstance(v, (CommentedSeq, CommentedMap)) and v.fa.flow_style() for v in node)
    short = any(isinstance(v, str) for v in node)
    out = CommentedSeq()
    notes: dict[int, Any] = {}
    for j, i in enumerate(_pairs(old_items, new_items)):
        if i is None:
            fresh = _short(kind.item, new[j]) if short else None
            out.append(fresh if fresh is not None else
                       _fresh(kind.item, new[j], flow or (rows_flow and isinstance(new[j], list))))
            continue
        item = node[i] if old_keys[i] == new_keys[j] else _merge(kind.item, node[i], new[j], flow=flow)
        if i in node.ca.items:
            notes[len(out)] = node.ca.items[i]
            _comment_follows(node.ca.items[i], 0, node[i], item, _column(node, i))
        out.append(item)
    out.ca.items.update(notes)  # after the appends, which shift the comments already set
    out.ca.comment = node.ca.comment
    out.ca.end = node.ca.end
    if flow:
        out.fa.set_flow_style()
    return out


def _pairs(old_items: list[Any], new_items: list[Any]) -> list[int | None]:
    """For each new item, the old one it continues (its comments and unchanged text go with it): the same
    content in the same run, else the same content moved, else the old item left that it most resembles,
    else the next old item left; None for an item that is new (more new items than old)."""
    old, new = [_key(v) for v in old_items], [_key(v) for v in new_items]
    pairs: list[int | None] = [None] * len(new)
    used: set[int] = set()

    def pair(j: int, i: int) -> None:
        pairs[j] = i
        used.add(i)

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for i1, j1, size in matcher.get_matching_blocks():
        for k in range(size):
            pair(j1 + k, i1 + k)
    for j, key in enumerate(new):
        moved = next((i for i, was in enumerate(old) if was == key and i not in used), None) \
            if pairs[j] is None else None
        if moved is not None:
            pair(j, moved)
    # An edited item: the most alike first, by the texts it holds in order (a copy inserted before it, or a
    # row that differs in other cells, must not take its place).
    words = {("o", i): _texts(old_items[i]) for i in range(len(old)) if i not in used}
    words.update({("n", j): _texts(new_items[j]) for j in range(len(new)) if pairs[j] is None})
    alike = sorted(((difflib.SequenceMatcher(a=words["o", i], b=words["n", j], autojunk=False).ratio(), -abs(i - j),
                     i, j) for j in range(len(new)) if pairs[j] is None for i in range(len(old)) if i not in used),
                   reverse=True)
    for score, _, i, j in alike:
        if score >= 0.5 and pairs[j] is None and i not in used:
            pair(j, i)
    # What is left on both sides was rewritten: in order, old to new (its comments are kept with it).
    left = [i for i in range(len(old)) if i not in used]
    for j, i in zip([j for j in range(len(new)) if pairs[j] is None], left, strict=False):
        pair(j, i)
    return pairs


def _texts(value: Any) -> list[str]:
    """The texts of an item in reading order: what two versions of an edited item mostly share."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (str(k), *_texts(v))]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [formspec.scalar_text(value)]


def _short(kind: Kind, value: Any) -> Any:
    """A record holding only its one text, written as that text, as its neighbours are ("- Nội dung")."""
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(inner, Nested) and inner.cls.SHORTHAND and isinstance(value, dict) and \
            set(value) == {inner.cls.SHORTHAND} and isinstance(value[inner.cls.SHORTHAND], str) and \
            "\n" not in value[inner.cls.SHORTHAND]:
        found = formspec.field_kind(inner.cls, inner.cls.SHORTHAND)
        return _fresh(found[0] if found else None, value[inner.cls.SHORTHAND])
    return None


def _canon_item(kind: ListOf, value: Any) -> Any:
    """An item as the form gives it back: a table row [2, "a"] is the row ["2", "a"]."""
    return formspec.canonical_value(kind.item, yamltext.plain(value))


@dataclasses.dataclass
class Opened:
    """A clerk's YAML read for editing: the round-trip tree and what writing it back needs to give the
    clerk's own text wherever a value did not change."""

    doc: Any
    original: str
    parsed: str
    layout: yamltext.Layout
    crlf: bool


def open_text(text: str, name: str = "") -> Opened:
    """Read the clerk's text as the loader reads it. PlanInvalid when the text is not YAML the loader
    reads, KehoachError (in Vietnamese) when the round-trip reader cannot edit it."""
    crlf = "\r\n" in text
    original = text.replace("\r\n", "\n")
    parsed = loader.parsed_text(original, name)
    layout = yamltext.indentation(parsed)
    try:
        doc = yamltext.load(yamltext.readable(parsed), layout)
    except (YAMLError, ValueError, TypeError) as exc:
        raise KehoachError(f"{name}: máy chưa sửa được tệp YAML này ({type(exc).__name__}); tệp chưa bị sửa. "
                           "Hãy sửa bằng trình soạn thảo văn bản và báo lỗi kèm tệp.") from None
    return Opened(doc=doc, original=original, parsed=parsed, layout=layout, crlf=crlf)


def written_text(opened: Opened, doc: Any, name: str = "") -> str:
    """The edited tree as the clerk's file: their indentation, line endings, quoting and wrapping kept
    wherever a value still says the same."""
    written = yamltext.dump(doc, opened.layout)
    out = yamltext.as_typed(written, opened.parsed)
    if out != written and not yamltext.same_reading(out, written, name):
        out = written
    back = yamltext.repaired(unicodedata.normalize("NFC", opened.original), opened.parsed)
    if back:
        out = "\n".join(back.get(line, line) for line in out.split("\n"))
    if not opened.original.endswith("\n") and out.endswith("\n"):
        out = out[:-1]
    return out.replace("\n", "\r\n") if opened.crlf else out


def updated_text(cls: type[Record], text: str, new: dict[str, Any], name: str = "") -> str:
    """The YAML `text` rewritten to hold the plain data `new`. PlanInvalid when the text is not YAML the
    loader reads, KehoachError (in Vietnamese, nothing written) when it cannot be edited here."""
    opened = open_text(text, name)
    doc = opened.doc if isinstance(opened.doc, CommentedMap) else CommentedMap()
    return written_text(opened, merge_record(cls, doc, new), name)
