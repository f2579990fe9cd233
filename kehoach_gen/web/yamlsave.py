"""Write the browser's changes into the clerk's YAML text with a round-trip YAML library: a value the
clerk did not change keeps its exact text, comments stay where they were, keys keep their order.

Only values whose meaning changed are rewritten (compared through `formspec.canonical`), and list items
are matched old-to-new so that moving or inserting an item keeps the comments of the others.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..fields import Block, Kind, ListOf, Nested, Nullable, Record
from . import formspec


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a clerk's long paragraph
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_unicode = True
    return y


def load(text: str) -> Any:
    return _yaml().load(text)


def dump(doc: Any) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _fresh(kind: Kind | None, value: Any) -> Any:
    """A new value as YAML: several paragraphs as a literal block ('|'), the rest as plain data."""
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(inner, Block) and isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value + "\n")
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            sub = _sub_kind(inner, k)
            out[k] = _fresh(sub, v)
        return out
    if isinstance(value, list):
        item = inner.item if isinstance(inner, ListOf) else None
        return CommentedSeq([_fresh(item, v) for v in value])
    return value


def _sub_kind(kind: Kind | None, key: Any) -> Kind | None:
    if isinstance(kind, Nested) and isinstance(key, str):
        found = formspec.field_kind(kind.cls, key)
        return found[0] if found else None
    return None


def merge_record(cls: type[Record], node: Any, new: dict[str, Any]) -> Any:
    """`node` (the YAML as loaded) updated to say `new` (plain data); unchanged parts are the same objects."""
    if formspec.canonical(cls, _plain(node)) == formspec.canonical(cls, new):
        return node
    if not isinstance(node, CommentedMap):
        return _fresh(Nested(cls), new)
    for key in [k for k in node if k not in new]:
        del node[key]
    order = [f["name"] for f in formspec.form_spec()["records"][cls.__name__]["fields"]]
    for key, value in new.items():
        found = formspec.field_kind(cls, key)
        kind = found[0] if found else None
        if key in node:
            node[key] = _merge(kind, node[key], value, found[1] if found else False)
        else:
            node.insert(_position(node, order, key), key, _fresh(kind, value))
    return node


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


def _merge(kind: Kind | None, node: Any, value: Any, as_text: bool = False) -> Any:
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(inner, Nested) and isinstance(value, dict):
        return merge_record(inner.cls, node, value)
    if isinstance(inner, ListOf) and isinstance(value, list) and isinstance(node, CommentedSeq):
        return _merge_list(inner, node, value)
    if isinstance(inner, Block) and isinstance(node, CommentedSeq) and isinstance(value, str) and \
            all(isinstance(x, str) for x in node):
        # The clerk wrote the paragraphs as a list: keep it a list.
        lines = value.split("\n")
        return _merge_list(ListOf(inner), node, lines)
    if _same_scalar(node, value, as_text):
        return node
    return _fresh(kind, value)


def _same_scalar(node: Any, value: Any, as_text: bool) -> bool:
    if as_text:
        return formspec.scalar_text(node) == formspec.scalar_text(value)
    if isinstance(node, str) and isinstance(value, str):
        return node.rstrip("\n") == value.rstrip("\n") if "\n" in node else str(node) == value
    return type(node) is type(value) and bool(node == value)


def _merge_list(kind: ListOf, node: CommentedSeq, new: list[Any]) -> CommentedSeq:
    old_keys = [_key(_canon_item(kind, v)) for v in node]
    new_keys = [_key(_canon_item(kind, v)) for v in new]
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
                out.append(_fresh(kind.item, new[j]))
                continue
            used.add(i)
            if i in node.ca.items:
                out.ca.items[len(out)] = node.ca.items[i]
            out.append(node[i] if old_keys[i] == new_keys[j] else _merge(kind.item, node[i], new[j]))
    if node.fa.flow_style():
        out.fa.set_flow_style()
    return out


def _canon_item(kind: ListOf, value: Any) -> Any:
    item = kind.item.inner if isinstance(kind.item, Nullable) else kind.item
    plain = _plain(value)
    if isinstance(item, Nested):
        return formspec.canonical(item.cls, plain)
    return formspec.scalar_text(plain) if not isinstance(plain, (list, dict)) else plain


def _plain(node: Any) -> Any:
    """ruamel's objects -> plain Python data (what the project's loader would give)."""
    if isinstance(node, dict):
        return {(str(k) if not isinstance(k, int) else k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return node.date()
    return node


def updated_text(cls: type[Record], text: str, new: dict[str, Any]) -> str:
    """The YAML `text` rewritten to hold the plain data `new`."""
    doc = load(text)
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
    return dump(merge_record(cls, doc, new))
