"""Write the browser's changes into the clerk's YAML text with a round-trip YAML library: a value the
clerk did not change keeps its exact text, comments stay where they were, keys keep their order.

The library reads the text the project's loader reads (`loader.parsed_text`: a one-line value holding
': ' quoted first; such a line is put back as the clerk typed it when its value did not change), with the
loader's scalars (only true/false are booleans, integers are decimal, no floats), in the file's own
indentation and line endings. Only values whose meaning changed are rewritten (compared through
`formspec.canonical`): in the style of the value they replace if the loader reads that back as the same
value, else plain, else double-quoted with escapes, which always reads back exactly (a line separator
U+2028 is written "\\L": written raw, the loader would read a line break). List items are matched
old-to-new so that moving or inserting an item keeps the comments of the others.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from .. import loader
from ..errors import KehoachError, PlanInvalid
from ..fields import Block, Kind, ListOf, Nested, Nullable, Numbered, Record, TextOrList
from . import formspec


class _Resolver(BaseResolver):
    """The loader's plain scalars (its resolver table, not a copy): ruamel then reads each plain value as
    the loader does, and writes plain only a text the loader reads back as text."""

    yaml_implicit_resolvers = loader._Scalars.yaml_implicit_resolvers

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(loader if loader is not None else loadumper)

    @property
    def processing_version(self) -> Any:
        return (1, 2)  # "0125" is decimal with its zero, never octal


_ESCAPE = re.compile(r"\\(?:x[0-9A-F]{2}|u[0-9A-F]{4}|U[0-9A-F]{8}|.)")


class _Emitter(Emitter):
    """ruamel's writer, with one care its double-quoted scalars need here: the loader reads the file in
    NFC, so a combining mark written right after an escape would merge into the escape's last letter
    ("\\N" and U+0301 become "\\Ń", no longer an escape). Such a mark is written escaped too."""

    def write_double_quoted(self, text: Any, split: Any = True) -> None:
        stream, self.stream = self.stream, io.StringIO()
        try:
            super().write_double_quoted(text, split)
            written = self.stream.getvalue()
        finally:
            self.stream = stream
        safe = _unmerged(written)
        self.column += len(safe) - len(written)
        stream.write(safe)


def _unmerged(written: str) -> str:
    out: list[str] = []
    pos = 0
    for escape in _ESCAPE.finditer(written):
        out.append(written[pos:escape.end()])
        pos, last = escape.end(), escape.group()[-1]
        while pos < len(written) and unicodedata.normalize("NFC", last + written[pos]) != last + written[pos]:
            code = ord(written[pos])
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
            last, pos = out[-1][-1], pos + 1
    out.append(written[pos:])
    return "".join(out)


Layout = tuple[int, int, int]
_DEFAULT_LAYOUT: Layout = (2, 4, 2)


def _yaml(layout: Layout = _DEFAULT_LAYOUT) -> YAML:
    y = YAML(typ="rt")
    y.Resolver = _Resolver
    y.Emitter = _Emitter
    y.preserve_quotes = True
    y.width = 1 << 30  # never re-wrap a clerk's long paragraph
    y.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    y.allow_unicode = True
    return y


_KEY_ONLY = re.compile(r"^( *)[\w]+:[ \t]*(?:#.*)?$")


def _layout(text: str) -> Layout:
    """The file's own indentation (nested mapping, sequence item, dash), so that a save does not
    re-indent it: read where the first nested mapping and the first block sequence start."""
    mapping: int | None = None
    sequence: tuple[int, int] | None = None
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    for above, line in itertools.pairwise(lines):
        parent = _KEY_ONLY.match(above)
        if parent is None:
            continue
        outer, inner = len(parent.group(1)), len(line) - len(line.lstrip(" "))
        body = line.lstrip(" ")
        if body.startswith("- ") and sequence is None and inner >= outer:
            after = body[1:]
            sequence = (inner + 1 + len(after) - len(after.lstrip(" ")) - outer, inner - outer)
        elif not body.startswith("- ") and mapping is None and inner > outer:
            mapping = inner - outer
        if mapping is not None and sequence is not None:
            break
    item, dash = sequence or (_DEFAULT_LAYOUT[1], _DEFAULT_LAYOUT[2])
    return mapping or _DEFAULT_LAYOUT[0], max(item, dash + 2), dash


def load(text: str, layout: Layout = _DEFAULT_LAYOUT) -> Any:
    return _yaml(layout).load(text)


def dump(doc: Any, layout: Layout = _DEFAULT_LAYOUT) -> str:
    out = io.StringIO()
    _yaml(layout).dump(doc, out)
    return out.getvalue()


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


def _reads_back(node: Any, value: str, style: str, flow: bool) -> bool:
    """Written alone in the same context (a block value, or a flow list item), the scalar comes out in the
    style asked for and reads back as exactly `value`."""
    doc = CommentedMap()
    if flow:
        seq = CommentedSeq([node])
        seq.fa.set_flow_style()
        doc["x"] = seq
    else:
        doc["x"] = node
    text = dump(doc)
    written = text[len("x: [" if flow else "x: "):]
    if (written[:1] if written[:1] in "'\"|>" else "") != style:
        return False  # the library chose another style: not allowed in this context
    try:
        # Both readers: the loader (what validate sees) and ruamel (what the next save starts from).
        read = [loader.parse(text, "").data["x"], load(text)["x"]]
    except (PlanInvalid, YAMLError, ValueError, TypeError, KeyError):
        return False
    if flow:
        read = [got[0] if isinstance(got, list) and len(got) == 1 else None for got in read]
    return all(isinstance(got, str) and str(got) == value for got in read)


def _scalar(value: Any, old: Any, flow: bool = False, paragraphs: bool = False) -> Any:
    """A changed value as YAML. Text keeps the old value's style where the loader reads it back
    identically; paragraphs (a text with line breaks) go in a '|' block where they can."""
    if not isinstance(value, str):
        return value  # a number, a date, true/false, nothing: each has one plain form
    before = _style(old)
    if "\n" in value:
        order = [before] if before in ("|", '"', ">") else []
        order += ["|", '"']
    else:
        order = [before] if before is not None else []
        order += ["", '"']
    for style in dict.fromkeys(order):
        text = value
        if paragraphs and style in ("|", ">") and not value.endswith("\n") and \
                (not isinstance(old, str) or old.endswith("\n")):
            text += "\n"  # a block keeps its final line break ('|', not '|-'): the same paragraphs
        node = _written(text, style)
        if _reads_back(node, text, style, flow):
            return node
    raise KehoachError("không ghi được một giá trị vào YAML mà đọc lại đúng như cũ; tệp chưa bị sửa. "
                       "Hãy báo lỗi kèm tệp.")


def _fresh(kind: Kind | None, value: Any, flow: bool = False, old: Any = None) -> Any:
    """A new value as YAML: nested data in block style (flow inside a flow list), text as `_scalar`."""
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(value, dict):
        out = CommentedMap()
        if flow:
            out.fa.set_flow_style()
        for k, v in value.items():
            out[k] = _fresh(_sub_kind(inner, k), v, flow)
        return out
    if isinstance(value, list):
        item = inner.item if isinstance(inner, ListOf) else None
        seq = CommentedSeq([_fresh(item, v, flow) for v in value])
        if flow:
            seq.fa.set_flow_style()
        return seq
    return _scalar(value, old, flow, paragraphs=isinstance(inner, Block))


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
    if formspec.canonical(cls, _plain(node)) == formspec.canonical(cls, new):
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
            kind is not None and formspec.canonical_value(kind, _plain(node), as_text) in (None, "", [], {})):
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
    below the block stays a line of its own, an end-of-line comment goes below the new block."""
    token = slot[index] if slot and len(slot) > index else None
    if token is None or not token.value.startswith("#"):
        return
    was, now = _style(old) in ("|", ">"), _style(new) in ("|", ">")
    if was and not now:
        token.value = "\n" + " " * token.column + token.value
    elif now and not was:
        token.start_mark = CommentMark(column)


def _same_scalar(kind: Kind | None, node: Any, value: Any, as_text: bool) -> bool:
    """Does the value still say what the YAML says? As the form would give either back."""
    plain = _plain(node)
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
    old_keys = [_key(_canon_item(kind, v)) for v in node]
    new_keys = [_key(_canon_item(kind, v)) for v in new]
    flow = node.fa.flow_style()
    # A new row of a table written as one flow list per row ("- [1, Nội dung, ...]") is written the same way,
    # a new point among points written as their one text ("- Nội dung ...") too.
    rows_flow = any(isinstance(v, (CommentedSeq, CommentedMap)) and v.fa.flow_style() for v in node)
    short = any(isinstance(v, str) for v in node)
    out = CommentedSeq()
    notes: dict[int, Any] = {}
    for j, i in enumerate(_pairs(old_keys, new_keys)):
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


def _pairs(old: list[str], new: list[str]) -> list[int | None]:
    """For each new item, the old one it continues (its comments and unchanged text go with it): the same
    content in the same run, else the same content moved, else the one it replaced in place, else the old
    item left that it most resembles; None for an item that is new."""
    pairs: list[int | None] = [None] * len(new)
    used: set[int] = set()
    blocks = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for tag, i1, _, j1, j2 in blocks:
        if tag == "equal":
            for k in range(j2 - j1):
                pairs[j1 + k] = i1 + k
                used.add(i1 + k)
    for j, key in enumerate(new):
        moved = next((i for i, was in enumerate(old) if was == key and i not in used), None) \
            if pairs[j] is None else None
        if moved is not None:
            pairs[j] = moved
            used.add(moved)
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "replace":
            for k in range(min(i2 - i1, j2 - j1)):
                if pairs[j1 + k] is None and i1 + k not in used:
                    pairs[j1 + k] = i1 + k
                    used.add(i1 + k)
    for j, key in enumerate(new):
        if pairs[j] is None:
            alike = [(difflib.SequenceMatcher(a=old[i], b=key, autojunk=False).ratio(), i)
                     for i in range(len(old)) if i not in used]
            score, i = max(alike, default=(0.0, -1))
            if score >= 0.5:
                pairs[j] = i
                used.add(i)
    return pairs


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
    item = kind.item.inner if isinstance(kind.item, Nullable) else kind.item
    plain = _plain(value)
    if isinstance(item, Nested):
        return formspec.canonical(item.cls, plain)
    return formspec.scalar_text(plain) if not isinstance(plain, (list, dict)) else plain


def _plain(node: Any) -> Any:
    """ruamel's objects -> plain Python data (what the project's loader gives)."""
    if isinstance(node, dict):
        return {(str(k) if not isinstance(k, int) else int(k)): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, dt.datetime):
        return node.date()
    return node


# ---- the text

@dataclass(frozen=True)
class _Written:
    """One value as it stands in a text: where, in what context, and what it says."""

    path: tuple[Any, ...]
    start: int
    end: int
    says: tuple[str, str]  # the scalar's content, and its type (a plain one's as the loader resolves it)
    flow: bool
    indent: int  # of the line it starts on: a block scalar's lines depend on it
    column: int


_PLAIN = loader._Scalars()


def _values(text: str) -> list[_Written]:
    """Every scalar value of a text (keys aside), read by the same parser as the loader's."""
    out: list[_Written] = []
    stack: list[list[Any]] = []  # per open container: is it a mapping, its path, pending key / next index
    events: Any = yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for raw in events:
        event: Any = raw  # libyaml's events carry their marks and values, whatever their declared type
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            _next(stack)
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            continue
        top = stack[-1] if stack else None
        if top is not None and top[0] and top[2] is None:
            top[2] = getattr(event, "value", None)
            continue
        path = () if top is None else (*top[1], top[2])
        if isinstance(event, yaml.ScalarEvent):
            first: Any = event.start_mark
            last: Any = event.end_mark
            line = text[text.rfind("\n", 0, first.index) + 1:first.index]
            typed = _PLAIN.resolve(yaml.ScalarNode, event.value, (True, False)) if not event.style \
                else "tag:yaml.org,2002:str"
            out.append(_Written(path, first.index, last.index, (event.value, typed),
                                any(f[3] for f in stack), len(line) - len(line.lstrip(" ")), first.column))
            _next(stack)
        else:
            stack.append([isinstance(event, yaml.MappingStartEvent), path,
                          None if isinstance(event, yaml.MappingStartEvent) else 0, event.flow_style])
    return out


def _next(stack: list[list[Any]]) -> None:
    if stack:
        stack[-1][2] = None if stack[-1][0] else stack[-1][2] + 1


def _as_typed(out: str, before: str) -> str:
    """The library writes every value anew; one that says what it said in the clerk's text is put back
    as the clerk wrote it (its escapes, quotes, line breaks), where that text fits the same place: the
    same path, or else the one way the clerk wrote that value."""
    old = _values(before)
    by_path = {v.path: v for v in old}
    by_value: dict[tuple[str, str], set[str]] = {}
    for v in old:
        by_value.setdefault(v.says, set()).add(before[v.start:v.end])
    edits: list[tuple[int, int, str]] = []
    for new in _values(out):
        mine = out[new.start:new.end]
        same = by_path.get(new.path)
        if same is not None and same.says == new.says:
            theirs = before[same.start:same.end]
            fits = same.flow == new.flow and ("\n" not in theirs or (same.indent, same.column) == (new.indent, new.column))
        else:
            forms = by_value.get(new.says, set())
            theirs = next(iter(forms)) if len(forms) == 1 else mine
            fits = "\n" not in theirs and not new.flow
        if fits and theirs != mine:
            edits.append((new.start, new.end, theirs))
    for start, end, theirs in reversed(edits):
        tail = re.match(r"( +)#", out[end:])
        if tail and "\n" not in theirs:  # an end-of-line comment keeps its column
            pad = max(1, len(tail.group(1)) + (end - start) - len(theirs))
            out = out[:start] + theirs + " " * pad + out[end + len(tail.group(1)):]
        else:
            out = out[:start] + theirs + out[end:]
    return out


_QUOTED_LINE = re.compile(r'^\s*(?:-\s+)*[\w]+: "(?:[^"\\]|\\.)*"$')


def _same_reading(a: str, b: str, name: str) -> bool:
    """Both readers read `a` as `b`."""
    try:
        return loader.parse(a, name).data == loader.parse(b, name).data and _plain(load(a)) == _plain(load(b))
    except (PlanInvalid, YAMLError, ValueError, TypeError):
        return False


def _repaired(original: str, parsed: str) -> dict[str, str]:
    """The lines the loader quoted before reading ("noi_dung: Ghi chú: ..."), as ruamel writes them back
    when their value did not change -> the line as the clerk typed it."""
    before, after = original.split("\n"), parsed.split("\n")
    if original == parsed or len(before) != len(after):
        return {}
    return {a: b for a, b in zip(after, before, strict=True) if a != b and _QUOTED_LINE.match(a)}


@dataclass
class Opened:
    """A clerk's YAML read for editing: the round-trip tree and what writing it back needs to give the
    clerk's own text wherever a value did not change."""

    doc: Any
    original: str
    parsed: str
    layout: Layout
    crlf: bool


def open_text(text: str, name: str = "") -> Opened:
    """Read the clerk's text as the loader reads it. PlanInvalid when the text is not YAML the loader
    reads, KehoachError (in Vietnamese) when the round-trip reader cannot edit it."""
    crlf = "\r\n" in text
    original = text.replace("\r\n", "\n")
    parsed = loader.parsed_text(original, name)
    layout = _layout(parsed)
    try:
        doc = load(parsed, layout)
    except (YAMLError, ValueError, TypeError) as exc:
        raise KehoachError(f"{name}: máy chưa sửa được tệp YAML này ({type(exc).__name__}); tệp chưa bị sửa. "
                           "Hãy sửa bằng trình soạn thảo văn bản và báo lỗi kèm tệp.") from None
    return Opened(doc=doc, original=original, parsed=parsed, layout=layout, crlf=crlf)


def written_text(opened: Opened, doc: Any, name: str = "") -> str:
    """The edited tree as the clerk's file: their indentation, line endings, quoting and wrapping kept
    wherever a value still says the same."""
    written = dump(doc, opened.layout)
    out = _as_typed(written, opened.parsed)
    if out != written and not _same_reading(out, written, name):
        out = written
    back = _repaired(unicodedata.normalize("NFC", opened.original), opened.parsed)
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
