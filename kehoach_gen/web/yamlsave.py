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
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from .. import loader
from ..errors import KehoachError, PlanInvalid
from ..fields import Block, Kind, ListOf, Nested, Nullable, Numbered, Record
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


Layout = tuple[int, int, int]
_DEFAULT_LAYOUT: Layout = (2, 4, 2)


def _yaml(layout: Layout = _DEFAULT_LAYOUT) -> YAML:
    y = YAML(typ="rt")
    y.Resolver = _Resolver
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
    return _STYLED[style](value) if style else value


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


def _scalar(value: Any, old: Any, flow: bool = False) -> Any:
    """A changed value as YAML. Text keeps the old value's style where the loader reads it back
    identically; paragraphs (a text with line breaks) go in a '|' block where they can."""
    if not isinstance(value, str):
        return value  # a number, a date, true/false, nothing: each has one plain form
    before = _style(old)
    if "\n" in value:
        order = [before] if before in ("|", '"', ">") else []
        order += ["|", '"']
        if isinstance(old, str) and old.endswith("\n") and not value.endswith("\n"):
            value += "\n"  # a '|' block keeps its final line break: the same paragraphs
    else:
        order = [before] if before is not None else []
        order += ["", '"']
    for style in dict.fromkeys(order):
        node = _written(value, style)
        if _reads_back(node, value, style, flow):
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
    return _scalar(value, old, flow)


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
        emptied = _emptied(found[0] if found else None, node[key])
        if emptied is _DROP:
            del node[key]
        else:
            node[key] = emptied
    order = [f["name"] for f in formspec.form_spec()["records"][cls.__name__]["fields"]]
    for key, value in new.items():
        found = formspec.field_kind(cls, key)
        kind = found[0] if found else None
        if key in node:
            node[key] = _merge(kind, node[key], value, found[1] if found else False, flow)
        else:
            node.insert(_position(node, order, key), key, _fresh(kind, value, flow))
    return node


_DROP = object()


def _emptied(kind: Kind | None, node: Any) -> Any:
    """A field the form left empty. A key the clerk wrote with no value ("so:" and its hint) stays as it
    is; a cleared value stays as an empty value where that means the same (its comment with it); any
    other key goes."""
    if node is None or node == "" or (isinstance(node, (list, dict)) and not node):
        return node
    if isinstance(kind, Nullable):
        return None
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
    if _same_scalar(node, value, as_text):
        return node
    if as_text and _style(node) in ("'", '"') and isinstance(value, (int, dt.date)) and \
            not isinstance(value, bool):
        value = formspec.scalar_text(value)  # so: "15" stays quoted as the clerk wrote it
    return _fresh(kind, value, flow, old=node)


def _same_scalar(node: Any, value: Any, as_text: bool) -> bool:
    if as_text:
        return formspec.scalar_text(_plain(node)) == formspec.scalar_text(value)
    plain = _plain(node)
    if isinstance(plain, str) and isinstance(value, str):
        return plain.rstrip("\n") == value.rstrip("\n") if "\n" in plain else plain == value
    return type(plain) is type(value) and bool(plain == value)


def _merge_notes(kind: Numbered, node: CommentedMap, new: dict[Any, Any], flow: bool) -> CommentedMap:
    """Footnotes: a mapping from number to text; each note keeps its line and comment."""
    flow = flow or node.fa.flow_style()
    for key in [k for k in node if k not in new]:
        del node[key]
    for key, value in new.items():
        node[key] = _merge(kind.value, node[key], value, flow=flow) if key in node else \
            _fresh(kind.value, value, flow)
    return node


def _merge_list(kind: ListOf, node: CommentedSeq, new: list[Any]) -> CommentedSeq:
    old_keys = [_key(_canon_item(kind, v)) for v in node]
    new_keys = [_key(_canon_item(kind, v)) for v in new]
    flow = node.fa.flow_style()
    # A new row of a table written as one flow list per row ("- [1, Nội dung, ...]") is written the same way.
    rows_flow = any(isinstance(v, (CommentedSeq, CommentedMap)) and v.fa.flow_style() for v in node)
    out = CommentedSeq()
    used: set[int] = set()
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            i: int | None = i1 + offset
            if tag not in ("equal", "replace") or i1 + offset >= i2 or i1 + offset in used:
                # A moved item: take the old one with the same content, comments and all.
                i = next((k for k, key in enumerate(old_keys) if key == new_keys[j] and k not in used), None)
            if i is None:
                out.append(_fresh(kind.item, new[j], flow or (rows_flow and isinstance(new[j], list))))
                continue
            used.add(i)
            if i in node.ca.items:
                out.ca.items[len(out)] = node.ca.items[i]
            out.append(node[i] if old_keys[i] == new_keys[j] else _merge(kind.item, node[i], new[j], flow=flow))
    out.ca.comment = node.ca.comment
    out.ca.end = node.ca.end
    if flow:
        out.fa.set_flow_style()
    return out


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

_QUOTED_LINE = re.compile(r'^\s*(?:-\s+)*[\w]+: "(?:[^"\\]|\\.)*"$')


def _repaired(original: str, parsed: str) -> dict[str, str]:
    """The lines the loader quoted before reading ("noi_dung: Ghi chú: ..."), as ruamel writes them back
    when their value did not change -> the line as the clerk typed it."""
    before, after = original.split("\n"), parsed.split("\n")
    if original == parsed or len(before) != len(after):
        return {}
    return {a: b for a, b in zip(after, before, strict=True) if a != b and _QUOTED_LINE.match(a)}


def updated_text(cls: type[Record], text: str, new: dict[str, Any], name: str = "") -> str:
    """The YAML `text` rewritten to hold the plain data `new`. PlanInvalid when the text is not YAML the
    loader reads, KehoachError (in Vietnamese, nothing written) when it cannot be edited here."""
    crlf = "\r\n" in text
    original = text.replace("\r\n", "\n")
    parsed = loader.parsed_text(original, name)
    layout = _layout(parsed)
    try:
        doc = load(parsed, layout)
    except (YAMLError, ValueError, TypeError) as exc:
        raise KehoachError(f"{name}: máy chưa sửa được tệp YAML này trong trình duyệt ({type(exc).__name__}); "
                           "tệp chưa bị sửa. Hãy sửa bằng trình soạn thảo văn bản và báo lỗi kèm tệp.") from None
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
    out = dump(merge_record(cls, doc, new), layout)
    back = _repaired(unicodedata.normalize("NFC", original), parsed)
    if back:
        out = "\n".join(back.get(line, line) for line in out.split("\n"))
    if not original.endswith("\n") and out.endswith("\n"):
        out = out[:-1]
    return out.replace("\n", "\r\n") if crlf else out
