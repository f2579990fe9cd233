"""The clerk's YAML text as the project's loader reads it, for a round-trip YAML library (ruamel.yaml) that
edits it: the loader's plain scalars, the file's own indentation, double-quoted escapes that survive the
loader's NFC, every value's place in the text, and the clerk's own spelling of each value put back after
the library has written the whole text anew."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from kehoach_gen.errors import PlanInvalid
from kehoach_gen.plan import loader


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
DEFAULT_LAYOUT: Layout = (2, 4, 2)


def _yaml(layout: Layout = DEFAULT_LAYOUT) -> YAML:
    y = YAML(typ="rt")
    y.Resolver = _Resolver
    y.Emitter = _Emitter
    y.preserve_quotes = True
    y.width = 1 << 30  # never re-wrap a clerk's long paragraph
    y.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    y.allow_unicode = True
    return y


_KEY_ONLY = re.compile(r"^( *)[\w]+:[ \t]*(?:#.*)?$")


def indentation(text: str) -> Layout:
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
    item, dash = sequence or (DEFAULT_LAYOUT[1], DEFAULT_LAYOUT[2])
    return mapping or DEFAULT_LAYOUT[0], max(item, dash + 2), dash


def load(text: str, layout: Layout = DEFAULT_LAYOUT) -> Any:
    return _yaml(layout).load(text)


def dump(doc: Any, layout: Layout = DEFAULT_LAYOUT) -> str:
    out = io.StringIO()
    _yaml(layout).dump(doc, out)
    return out.getvalue()


def plain(node: Any) -> Any:
    """ruamel's objects -> plain Python data (what the project's loader gives)."""
    if isinstance(node, dict):
        return {(str(k) if not isinstance(k, int) else int(k)): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, dt.datetime):
        return node.date()
    return node


@dataclass(frozen=True)
class Written:
    """One value as it stands in a text: where, in what context, and what it says."""

    path: tuple[Any, ...]
    start: int
    end: int
    says: tuple[str, str]  # the scalar's content, and its type (a plain one's as the loader resolves it)
    plain: bool
    flow: bool
    indent: int  # of the line it starts on: a block scalar's lines depend on it
    column: int


_PLAIN = loader._Scalars()


def values(text: str) -> list[Written]:
    """Every scalar value of a text (keys aside), read by the same parser as the loader's."""
    out: list[Written] = []
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
            out.append(Written(path, first.index, last.index, (event.value, typed), not event.style,
                                any(f[3] for f in stack), len(line) - len(line.lstrip(" ")), first.column))
            _next(stack)
        else:
            stack.append([isinstance(event, yaml.MappingStartEvent), path,
                          None if isinstance(event, yaml.MappingStartEvent) else 0, event.flow_style])
    return out


def _next(stack: list[list[Any]]) -> None:
    if stack:
        stack[-1][2] = None if stack[-1][0] else stack[-1][2] + 1


def as_typed(out: str, before: str) -> str:
    """The library writes every value anew; one that says what it said in the clerk's text is put back
    as the clerk wrote it (its escapes, quotes, line breaks), where that text fits the same place: the
    same path, or else the one way the clerk wrote that value."""
    old = values(before)
    by_path = {v.path: v for v in old}
    by_value: dict[tuple[str, str], set[str]] = {}
    for v in old:
        by_value.setdefault(v.says, set()).add(before[v.start:v.end])
    edits: list[tuple[int, int, str]] = []
    for new in values(out):
        mine = out[new.start:new.end]
        same = by_path.get(new.path)
        if same is not None and same.says == new.says:
            theirs = before[same.start:same.end]
            fits = same.flow == new.flow and ("\n" not in theirs or (same.indent, same.column) == (new.indent, new.column))
        else:
            forms = by_value.get(new.says, set())
            theirs = next(iter(forms)) if len(forms) == 1 else mine
            fits = "\n" not in theirs and not new.flow
        if fits and theirs.endswith("\n") and not mine.endswith("\n"):
            theirs = re.sub(r"\n[ \t\n]*$", "", theirs)  # a block's last line breaks: the text after it has its own
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


# The loader's quoting of such a line, with the clerk's end-of-line comment kept after the quotes.
_QUOTED_LINE = re.compile(r'^\s*(?:-\s+)*[\w]+: "(?:[^"\\]|\\.)*"(?:[ \t]+#.*)?$')


_BREAKS = "\x85\u2028\u2029"


def readable(text: str) -> str:
    """The text with what ruamel's scanner refuses or reads otherwise than libyaml (the loader) written the
    way both read alike, double-quoted: a tab inside a plain value ("Sở<Tab>Ngoại vụ", pasted from Word), a
    raw line separator U+2028 in a '|' block. `as_typed` puts the clerk's form back in what is written."""
    if "\t" not in text and not any(c in text for c in _BREAKS):
        return text
    for value in reversed(values(text)):
        piece = text[value.start:value.end]
        if (value.plain and "\t" in piece) or any(c in piece for c in _BREAKS):
            quoted = dump({"x": DoubleQuotedScalarString(value.says[0])})[len("x: "):].rstrip("\n")
            ending = piece[len(piece.rstrip()):]  # a block's own last line break
            text = text[:value.start] + quoted + ending + text[value.end:]
    return text


def same_reading(a: str, b: str, name: str) -> bool:
    """Both readers read `a` as `b`."""
    try:
        return loader.parse(a, name).data == loader.parse(b, name).data and \
            plain(load(readable(a))) == plain(load(readable(b)))
    except (PlanInvalid, YAMLError, ValueError, TypeError):
        return False


def repaired(original: str, parsed: str) -> dict[str, str]:
    """The lines the loader quoted before reading ("noi_dung: Ghi chú: ..."), as ruamel writes them back
    when their value did not change -> the line as the clerk typed it."""
    before, after = original.split("\n"), parsed.split("\n")
    if original == parsed or len(before) != len(after):
        return {}
    return {a: b for a, b in zip(after, before, strict=True) if a != b and _QUOTED_LINE.match(a)}
