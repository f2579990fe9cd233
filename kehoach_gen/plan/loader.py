"""YAML file -> plain data with a position for every value -> validated model.

Every problem is collected and reported at once, as file:line:col: field: message (in Vietnamese).
The YAML is read safely: no Python tags, no aliases (so no "billion laughs"), no duplicate keys, and
YAML 1.1's surprises switched off (NO is not false, 010 is not octal, 1.10 is not a float).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.constructor
import yaml.cyaml
import yaml.loader
import yaml.resolver

from kehoach_gen.errors import CONTROL_CHARS, InputProblem, PlanInvalid, Problem, control_message
from kehoach_gen.facts import inline, sizes
from kehoach_gen.facts.inline import footnote_refs
from kehoach_gen.inputs import read_regular
from kehoach_gen.plan import model
from kehoach_gen.plan.dockind import for_data
from kehoach_gen.plan.fields import Invalid, Record, build, recheck, texts
from kehoach_gen.plan.typed_numbers import bare_numbers, strip_typed_numbers
from kehoach_gen.plan.yamlerrors import (
    SURROGATE_ESCAPE,
    SURROGATES,
    beyond_unicode,
    escape_message,
    quote_colon_value,
    yaml_problem,
)

MAX_BYTES = sizes.PLAN_BYTES

Path_ = tuple[str | int, ...]


class _Scalars(yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """YAML 1.2-like scalars: only true/false are booleans, integers are decimal, no floats."""


_Scalars.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                                                   "tag:yaml.org,2002:float")]
    for k, v in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Scalars.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Scalars.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
def _decimal(constructor: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> int:
    return int(constructor.construct_scalar(node), 10)


_Scalars.add_constructor("tag:yaml.org,2002:int", _decimal)  # type: ignore[arg-type,type-var]


def _event_source(text: str) -> Any:
    """libyaml's parser when PyYAML has it (scanning is most of the time), else PyYAML's own."""
    if getattr(yaml, "__with_libyaml__", False):
        return yaml.cyaml.CParser(text)  # type: ignore[attr-defined]
    return yaml.loader.BaseLoader(text)


_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}

_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
# The private use areas: a symbol font's own code points (Wingdings, Symbol), which come along with a symbol
# typed or pasted in that font. The document's Times New Roman has no glyph for them: Word prints a box.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def private_use(chars: list[str]) -> str:
    """What the private characters found are, for a message that says what was done with them."""
    codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in chars))
    return (f"ký tự riêng của phông ký hiệu ({codes}; Wingdings, Symbol...), phông Times New Roman của văn bản "
            "không có nên in ra thành ô vuông")


@dataclass
class Located:
    """Plain data from the YAML and where each value (and each key) stands in the file, plus the
    problems already found while reading it (reported together with the validation's)."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int] | None:
        table = self.keys if key else self.values
        for n in range(len(path), -1, -1):
            if path[:n] in table:
                return table[path[:n]]
            if path[:n] in self.values:
                return self.values[path[:n]]
        return None


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_text(path: Path) -> str:
    """Read a plan file as text, explaining the usual encoding mistakes in Vietnamese."""
    name = str(path)
    try:
        raw = read_regular(path, MAX_BYTES, "tệp")
    except InputProblem as exc:
        raise PlanInvalid(problems=[Problem(exc.reason, file=name)]) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 3 and raw[1:2] == b"\x00" and raw[3:4] == b"\x00"):
        raise PlanInvalid(problems=[Problem(
            "tệp được lưu bằng mã UTF-16; hãy lưu lại bằng UTF-8 (trong Notepad: Save As, Encoding: UTF-8)",
            file=name)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:8192]
    if b"\x00" in head or raw.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise PlanInvalid(problems=[Problem(
            "đây không phải tệp văn bản YAML (có vẻ là tệp nhị phân: .docx, .pdf, .doc...); "
            "với văn bản Word hãy dùng 'kehoach import'", file=name)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = "Windows-1258" if _looks_cp1258(raw) else "một mã cũ (TCVN3, VNI hoặc Windows-1258)"
        raise PlanInvalid(problems=[Problem(
            f"tệp không phải UTF-8 (có vẻ là {guess}); hãy lưu lại bằng UTF-8", file=name, line=line)]) from None


def _looks_cp1258(raw: bytes) -> bool:
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        return False
    letters = sum(1 for c in unicodedata.normalize("NFC", text) if "\u00c0" <= c <= "\u1ef9")
    return letters > 0


def _precheck(text: str, name: str) -> list[Problem]:
    problems: list[Problem] = []
    if "\t" not in text and not _CONTROL.search(text):
        return problems
    # split("\n"), not splitlines(): a pasted vertical tab or form feed must not count as a line break.
    for lineno, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(
                "thụt lề bằng phím Tab; YAML chỉ nhận dấu cách (hãy thay Tab bằng 2 dấu cách)",
                file=name, line=lineno, column=indent.index("\t") + 1))
        for m in _CONTROL.finditer(line):
            problems.append(Problem(control_message(m.group()), file=name, line=lineno, column=m.start() + 1))
        if len(problems) >= 20:
            break
    return problems


def _events(text: str, name: str) -> tuple[list[Any], str]:
    """All parser events, retrying once per line where a value merely ends in a colon."""
    for _ in range(500):
        source = _event_source(text)
        events: list[Any] = []
        try:
            while True:
                event = source.get_event()
                events.append(event)
                if isinstance(event, yaml.StreamEndEvent):
                    return events, text
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            fixed = None
            if mark is not None and "mapping values are not allowed" in str(exc):
                fixed = quote_colon_value(text, mark.line)
            if fixed is None:
                raise PlanInvalid(problems=[yaml_problem(exc, name, text)]) from None
            text = fixed
        except yaml.YAMLError as exc:
            raise PlanInvalid(problems=[Problem(f"cú pháp YAML sai ({exc})", file=name)]) from None
        except ValueError:
            raise PlanInvalid(problems=[beyond_unicode(text, name)]) from None
        finally:
            if hasattr(source, "dispose"):
                source.dispose()
    raise PlanInvalid(problems=[Problem("cú pháp YAML sai: quá nhiều dòng có dấu ':' không đặt trong nháy", file=name)])


def parsed_text(text: str, name: str) -> str:
    """The text exactly as `parse` reads it: NFC, with each one-line value holding ': ' quoted (see
    `quote_colon_value`). A round-trip YAML library that edits the clerk's file must start from this
    text, or it refuses what `validate` accepts. PlanInvalid, located, when the text is not YAML."""
    text = unicodedata.normalize("NFC", text)
    problems = _precheck(text, name)
    if problems:
        raise PlanInvalid(problems=problems)
    return _events(text, name)[1]


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    """Plain data and positions straight from the events: no node tree, no second walk. Aliases,
    foreign tags, non-text keys and duplicate keys become problems where they stand."""

    def __init__(self, name: str, located: Located, problems: list[Problem], text: str = "") -> None:
        self.name, self.located, self.problems, self.text = name, located, problems, text
        self.scalars = _Scalars()
        self.skip = 0  # depth of a value being skipped (a refused container)

    def problem(self, message: str, event: Any, path: Path_) -> None:
        line, col = _mark(event)
        self.problems.append(Problem(message, file=self.name, line=line, column=col, path=format_path(path)))

    def scalar(self, event: Any, path: Path_) -> Any:
        if event.style == '"' and SURROGATES.search(event.value):
            self.surrogate(event, path)
            return None
        if event.tag is None and event.style in ("'", '"', "|", ">"):
            return event.value  # quoted or block text: a string whatever it looks like
        tag = event.tag if event.tag not in (None, "!") else self.scalars.resolve(
            yaml.ScalarNode, event.value, event.implicit)
        if event.tag == "!":
            tag = "tag:yaml.org,2002:str"
        if tag == "tag:yaml.org,2002:str":
            return event.value
        if tag not in _ALLOWED_TAGS:
            self.problem(f"thẻ YAML '{tag}' không được phép (chỉ dùng chữ, số, ngày, danh sách)", event, path)
            return None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.scalars.yaml_constructors[tag](self.scalars, node)
        except (ValueError, yaml.YAMLError):
            shown = event.value if len(event.value) <= 40 else event.value[:40] + "…"
            self.problem(f"số '{shown}' quá lớn" if tag.endswith(":int") else f"ngày '{shown}' không có trên lịch",
                         event, path)
            return None
        return value.date() if isinstance(value, dt.datetime) else value

    def surrogate(self, event: Any, path: Path_) -> None:
        """PyYAML's own scanner (no libyaml) decodes "\\ud800" to half a character and says nothing:
        name the escape where it was typed."""
        source = self.text[event.start_mark.index:event.end_mark.index]
        typed = re.search(SURROGATE_ESCAPE, source)
        if typed is None:
            char = SURROGATES.search(event.value).group()  # type: ignore[union-attr]
            self.problem(escape_message(f"\\u{ord(char):04x}"), event, path)
            return
        at = event.start_mark.index + typed.start()
        line = self.text.count("\n", 0, at)
        column = at - (self.text.rfind("\n", 0, at) + 1)
        self.problems.append(Problem(escape_message(typed.group()), file=self.name, line=line + 1,
                                     column=column + 1, path=format_path(path)))

    def build(self, events: list[Any]) -> Any:
        root: Any = None
        stack: list[dict[str, Any]] = []  # frames: container, path, and for mappings the pending key
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.problem("tệp chỉ được chứa một kế hoạch (có dấu '---' thứ hai)", event, ())
                    break
                continue
            if self.skip:
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    self.skip += 1
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    self.skip -= 1
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                      yaml.SequenceStartEvent)):
                continue
            frame = stack[-1] if stack else None
            # Where does this event go?
            if frame is not None and frame["kind"] == "map" and frame["key"] is None:
                self.key(event, frame)
                continue
            if frame is None:
                path: Path_ = ()
            elif frame["kind"] == "map":
                path = (*frame["path"], frame["key"])
            else:
                path = (*frame["path"], len(frame["obj"]))
            value = self.value(event, path, stack)
            if frame is None:
                root = value
            elif frame["kind"] == "map":
                if frame["key"] is not _DUPLICATE:
                    frame["obj"][frame["key"]] = value
                frame["key"] = None
            else:
                frame["obj"].append(value)
        return root

    def key(self, event: Any, frame: dict[str, Any]) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            self.problem("tên trường phải là chữ", event, frame["path"])
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.skip = 1
            frame["key"] = _DUPLICATE  # its value is dropped too
            return
        key = self.scalar(event, (*frame["path"], "<khóa>"))
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            self.problem("tên trường phải là chữ", event, frame["path"])
            frame["key"] = _DUPLICATE
            return
        sub = (*frame["path"], key)
        if key in frame["obj"]:
            first = self.located.keys[sub][0]
            self.problem(f"trường '{key}' bị lặp (đã có ở dòng {first}); hãy gộp hoặc xoá một chỗ", event, sub)
            frame["key"] = _DUPLICATE
            return
        self.located.keys[sub] = _mark(event)
        frame["key"] = key

    def value(self, event: Any, path: Path_, stack: list[dict[str, Any]]) -> Any:
        self.located.values[path] = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            self.problem("không dùng neo/bí danh YAML (& và *): hãy viết lại nội dung", event, path)
            return None
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if event.tag is not None and event.tag not in _ALLOWED_TAGS:
            self.problem(f"thẻ YAML '{event.tag}' không được phép (chỉ dùng chữ, số, ngày, danh sách)", event, path)
            self.skip = 1
            return None
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        stack.append({"kind": "map" if isinstance(container, dict) else "seq", "obj": container, "path": path,
                      "key": None})
        return container


_DUPLICATE = object()


def parse(text: str, name: str) -> Located:
    """Parse YAML text into plain data with positions; raises PlanInvalid listing every problem."""
    text = unicodedata.normalize("NFC", text)
    problems = _precheck(text, name)
    if problems:
        raise PlanInvalid(problems=problems)
    events, text = _events(text, name)
    located = Located(data=None)
    if not any(isinstance(e, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent))
               for e in events):
        raise PlanInvalid(problems=[Problem("tệp trống: chưa có nội dung kế hoạch (thử 'kehoach new')", file=name)])
    located.data = _Builder(name, located, problems, text).build(events)
    located.problems = problems
    if located.data is None and problems:
        raise PlanInvalid(problems=problems)
    if not isinstance(located.data, dict):
        raise PlanInvalid(problems=[Problem(
            "nội dung phải là các trường dạng 'tên: giá trị' (co_quan, trich_yeu, phan...)", file=name, line=1)])
    return located


def validate(located: Located, name: str, cls: type[Record] | None = None) -> Any:
    return validate_with_warnings(located, name, cls)[0]


def validate_with_warnings(located: Located, name: str,
                           cls: type[Record] | None = None) -> tuple[Any, list[Problem]]:
    """The plan (or the document of the kind its data declares: dockind.for_data), and what was repaired on
    the way (located warnings); PlanInvalid lists every error."""
    cls = cls or for_data(located.data).record
    early = list(located.problems)
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    if not early and isinstance(located.data, dict) and located.data and not known & set(map(str, located.data)):
        # Some other file (a config file, a symlink to a system file): its keys are not echoed back.
        raise PlanInvalid(problems=[Problem(
            "đây không phải tệp kế hoạch: không có trường nào của kế hoạch (co_quan, trich_yeu, phan...)",
            file=name, line=1)])
    try:
        plan = build(cls, located.data)
    except Invalid as exc:
        problems: list[Problem] = list(early)
        seen = {p.path for p in early}
        for issue in exc.issues:
            shown = format_path(issue.loc)
            if shown in seen and issue.kind == "value":
                continue  # the reader already reported this value (a tab, a control character)
            seen.add(shown)
            if issue.kind == "missing":
                lc = located.where(issue.loc[:-1], key=True)
            else:
                lc = located.where(issue.loc, key=issue.kind == "unknown")
            problems.append(Problem(issue.message, file=name, line=lc[0] if lc else None,
                                    column=lc[1] if lc else None, path=shown))
        # In the order the clerk reads the file, not the order fields are declared in.
        problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
        raise PlanInvalid(problems=problems) from None
    if early:
        raise PlanInvalid(problems=early)
    warnings: list[Problem] = []
    if isinstance(plan, model.KeHoach):
        problems = list(check_references(plan, located, name))
        problems += [_at(located, loc, name, message=message)
                     for loc, message in sizes.too_large(texts(plan), len(plan.phu_luc))]
        if problems:
            raise PlanInvalid(problems=problems)
        from kehoach_gen.plan.corrections import corrected

        said: list[Problem] = []
        for locs, message in corrected(plan, lambda loc: _raw(located.data, loc)):
            # The same change on many lines (a final stop typed on every task) is said once, with its lines.
            lines = [str(lc[0]) for lc in map(located.where, locs[1:]) if lc]
            also = f"; cũng vậy ở dòng {', '.join(lines[:10])}{' ...' if len(lines) > 10 else ''}" if lines else ""
            said.append(_at(located, locs[0], name, severity="W", message=message + also))
        warnings += sorted(said, key=lambda p: (p.line or 0, p.column or 0))
        for path, text, markup in texts(plan):
            if PRIVATE_USE.search(text):
                warnings.append(_at(located, path, name, severity="W", message=(
                    f"có {private_use(PRIVATE_USE.findall(text))}; hãy gõ ký hiệu Unicode tương ứng (•, ✓, →) "
                    "hoặc xoá")))
            mark = inline.unclosed(text) if markup and "*" in text else None
            if mark:
                warnings.append(_at(located, path, name, severity="W", message=(
                    f"dấu '{mark}' mở chữ {'đậm' if mark == '**' else 'nghiêng'} mà không đóng: phần sau nó in "
                    f"{'đậm' if mark == '**' else 'nghiêng'} và dấu biến mất; dấu sao thật thì viết \\*")))
        # A number typed before the paragraphs of one block is said once for the block, with how many.
        blocks: dict[Path_, list[Any]] = {}
        for removed in strip_typed_numbers(plan):
            free = removed.number is None and isinstance(removed.loc[-1], int)
            blocks.setdefault(removed.loc[:-1] if free else removed.loc, []).append(removed)
        for same in blocks.values():
            removed = same[0]
            why = (f"máy tự đánh số ({removed.number})" if removed.number else
                   "số thứ tự do máy đánh; muốn có các khoản 1., 2. hay điểm a), b) thì dùng 'muc:' hay 'diem:'")
            typed = ", ".join(dict.fromkeys(f"'{r.typed}'" for r in same))
            where = f"ở đầu {len(same)} đoạn của khối này" if len(same) > 1 else "ở đầu dòng"
            warnings.append(_at(located, removed.loc, name, severity="W", message=(
                f"đã bỏ {typed} gõ tay {where}: {why}; hãy xoá trong tệp YAML")))
        after = [_at(located, loc, name, message=f"'{text.strip()}' chỉ có số thứ tự, không có chữ: trang in ra "
                     "sẽ đọc như một đề mục trống; viết đủ nội dung (số thứ tự do máy tự đánh)")
                 for loc, text in bare_numbers(plan)]
        if warnings:  # the text changed: what the page prints must still pass the records' checks
            after += [_at(located, issue.loc, name, message=f"sau khi bỏ số gõ tay: {issue.message}")
                      for issue in recheck(plan)]
        if after:
            raise PlanInvalid(problems=after)
    return plan, warnings


def _raw(data: Any, path: Path_) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _line_in_block(located: Located, path: Path_) -> tuple[int, int | None] | None:
    """Where the n-th paragraph of a '|' block stands: one paragraph per non-empty line below the '|'."""
    if len(path) < 2 or not isinstance(path[-1], int) or path in located.values:
        return None
    block, parent = _raw(located.data, path[:-1]), located.values.get(path[:-1])
    if not isinstance(block, str) or "\n" not in block or parent is None:
        return None
    lines = block.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if path[-1] >= len(filled):
        return None
    return parent[0] + 1 + filled[path[-1]], None  # the block keeps no column for its lines


def _at(located: Located, path: Path_, name: str, *, message: str, severity: str = "E") -> Problem:
    lc = _line_in_block(located, path) or located.where(path)
    return Problem(message, file=name, line=lc[0] if lc else None, column=lc[1] if lc else None,
                   path=format_path(path), severity=severity)


def check_references(plan: model.KeHoach, located: Located, name: str) -> Iterator[Problem]:
    """Footnote references over every text the page shows, and notes, must match one to one (Word shows
    each note once); a reference where the page prints text as typed would print '[^1]'."""
    used: dict[int, Path_] = {}
    for path, text, markup in texts(plan):
        if "[^" not in text:
            continue
        for ref in footnote_refs(text):
            if path[0] == "chu_thich":
                yield _at(located, path, name, message=f"chú thích không chứa chú thích khác ([^{ref}])")
            elif not markup:
                yield _at(located, path, name, message=(
                    f"[^{ref}] không đặt được ở trường này (in nguyên văn); đặt chú thích trong nội dung, "
                    "căn cứ, tiêu đề mục, ô bảng hoặc ghi chú phụ lục"))
            elif ref not in plan.chu_thich:
                yield _at(located, path, name, message=(
                    f"dẫn chú thích [^{ref}] nhưng chu_thich không có mục {ref}; thêm 'chu_thich:' với "
                    f"dòng '  {ref}: <nội dung chú thích>'"))
            elif ref in used:
                yield _at(located, path, name,
                          message=f"chú thích [^{ref}] được dẫn hai lần (lần đầu ở {format_path(used[ref])})")
            else:
                used[ref] = path
    for ref in plan.chu_thich:
        if ref not in used:
            yield _at(located, ("chu_thich", ref), name,
                      message=f"chú thích {ref} không được dẫn ở đâu; thêm [^{ref}] vào chỗ cần chú thích")


def load_plan(path: str | Path) -> model.KeHoach:
    return load_plan_with_warnings(path)[0]


def load_plan_with_warnings(path: str | Path) -> tuple[model.KeHoach, list[Problem]]:
    p = Path(path)
    text = read_text(p)
    located = parse(text, str(p))
    return validate_with_warnings(located, str(p))  # type: ignore[no-any-return]


def load_plan_text(text: str, name: str = "<văn bản>") -> model.KeHoach:
    return validate(parse(text, name), name)
