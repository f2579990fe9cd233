"""The kinds of value a plan field holds: how each reads plain YAML data, what it says (in Vietnamese,
with the path) when the data is wrong, and how it describes itself in JSON Schema.

The plan needs a dozen field kinds. A general validation library costs a `kehoach render` process about
90 ms of start-up before it reads the first line, more than the whole render; these few classes cost
nothing at start-up and keep the messages in the clerk's words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

Loc = tuple[str | int, ...]
Hook = Callable[[Any], Any]
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Issue:
    """One thing wrong with the data at `loc` (a path into the data as read from the YAML)."""

    loc: Loc
    message: str
    kind: str = "value"  # "missing" (a required field), "unknown" (a key that is not a field), "value"


class Invalid(Exception):
    """The data does not make a plan; `issues` lists every problem found, in document order."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(f"{'.'.join(map(str, i.loc))}: {i.message}" for i in issues))
        self.issues = issues


class FieldError(ValueError):
    """A record's `check` found a field (or a part of it, `loc` relative to the record) wrong."""

    def __init__(self, loc: str | Loc, message: str) -> None:
        super().__init__(message)
        self.loc: Loc = (loc,) if isinstance(loc, str) else loc


class _Bad:
    """Marks a value that could not be read (its issue is already recorded)."""


BAD: Any = _Bad()


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "một nhóm trường"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "một số"
    if isinstance(value, dt.date):
        return "một ngày"
    if value is None:
        return "rỗng"
    return "một đoạn chữ"


# What a field needed, in the words of "cần <what>, không phải <what it got>".
_TEXT = "một đoạn chữ"
_LIST = "một danh sách (mỗi mục một dòng bắt đầu bằng '- ')"
_MAPPING = "một nhóm trường dạng 'tên: giá trị'"


def _wrong(loc: Loc, wanted: str, value: Any) -> Issue:
    return Issue(loc, f"cần {wanted}, không phải {type_name(value)}")


class Kind:
    """A field kind. `before` may reshape the raw value; `after` may check or reshape the read value.
    Either raises ValueError with a Vietnamese message to reject it."""

    def __init__(self, *, before: Hook | None = None, after: Hook | None = None) -> None:
        self.before = before
        self.after = after

    def read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        try:
            if self.before is not None:
                value = self.before(value)
            out = self._read(value, loc, issues)
            if out is not BAD and self.after is not None:
                out = self.after(out)
        except ValueError as exc:
            issues.append(Issue(loc, str(exc)))
            return BAD
        return out

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        raise NotImplementedError

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError


class Text(Kind):
    """One line of text. The `before` hook (the model's cleaning) turns numbers and dates into text."""

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if isinstance(value, str):
            return value
        issues.append(_wrong(loc, _TEXT, value))
        return BAD

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        # "- Lưu: VT" unquoted is a one-pair mapping to YAML; the model reads it as the text it meant.
        defs.setdefault("Chu", {"anyOf": [{"type": "string"}, {"type": "number"},
                                          {"type": "object", "minProperties": 1, "maxProperties": 1}],
                                "description": "Một dòng chữ"})
        return {"$ref": "#/$defs/Chu"}


class Block(Kind):
    """Paragraphs: the `before` hook (the model's) turns a multi-line string or nested lists into lines."""

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if not isinstance(value, list):
            issues.append(_wrong(loc, _LIST, value))
            return BAD
        bad = False
        for i, line in enumerate(value):
            if not isinstance(line, str):
                issues.append(_wrong((*loc, i), _TEXT, line))
                bad = True
        return BAD if bad else value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        defs.setdefault("DoanVan", {
            "anyOf": [{"type": "string"}, {"type": "null"},
                      {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "number"},
                                                            {"type": "array"}, {"type": "object"}]}}],
            "description": "Mỗi dòng một đoạn; '- ' gạch đầu dòng, '+ ' ý nhỏ",
        })
        return {"$ref": "#/$defs/DoanVan"}


class Integer(Kind):
    def __init__(self, low: int, high: int, **hooks: Hook | None) -> None:
        super().__init__(**hooks)
        self.low, self.high = low, high

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            issues.append(_wrong(loc, "một số nguyên", value))
            return BAD
        if value < self.low:
            issues.append(Issue(loc, f"phải lớn hơn hoặc bằng {self.low}"))
            return BAD
        if value > self.high:
            issues.append(Issue(loc, f"phải nhỏ hơn hoặc bằng {self.high}"))
            return BAD
        return value

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


class Flag(Kind):
    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if isinstance(value, bool):
            return value
        issues.append(Issue(loc, "cần true hoặc false"))
        return BAD

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "boolean"}


class Choice(Kind):
    def __init__(self, *choices: str, **hooks: Hook | None) -> None:
        super().__init__(**hooks)
        self.choices = choices

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if value in self.choices and isinstance(value, str):
            return value
        allowed = ", ".join(self.choices[:-1]) + f" hoặc {self.choices[-1]}"
        issues.append(Issue(loc, f"chỉ nhận một trong các giá trị: {allowed}"))
        return BAD

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"enum": list(self.choices)}


class Nullable(Kind):
    """The inner kind, or nothing (YAML null or an absent value)."""

    def __init__(self, inner: Kind, **hooks: Hook | None) -> None:
        super().__init__(**hooks)
        self.inner = inner

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        return None if value is None else self.inner.read(value, loc, issues)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [self.inner.schema(defs), {"type": "null"}]}


class ListOf(Kind):
    def __init__(self, item: Kind, *, min_items: int = 0, **hooks: Hook | None) -> None:
        super().__init__(**hooks)
        self.item, self.min_items = item, min_items

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if not isinstance(value, list):
            issues.append(_wrong(loc, _LIST, value))
            return BAD
        out = [self.item.read(v, (*loc, i), issues) for i, v in enumerate(value)]
        if any(v is BAD for v in out):
            return BAD
        if len(out) < self.min_items:
            issues.append(Issue(loc, f"cần ít nhất {self.min_items} mục"))
            return BAD
        return out

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema(defs)}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


class TextOrList(Kind):
    """One agency or several: "Sở Ngoại vụ" or [Sở Ngoại vụ, Công an tỉnh]."""

    def __init__(self, text: Text, **hooks: Hook | None) -> None:
        super().__init__(**hooks)
        self.text, self.many = text, ListOf(text)

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if value is None:
            return None
        return (self.many if isinstance(value, list) else self.text).read(value, loc, issues)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [self.text.schema(defs), self.many.schema(defs), {"type": "null"}]}


class Numbered(Kind):
    """A mapping from a number (1, 2 ...) to a text, as the footnotes are kept."""

    def __init__(self, value: Kind, **hooks: Hook | None) -> None:
        super().__init__(**hooks)
        self.value = value

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        if not isinstance(value, dict):
            issues.append(_wrong(loc, _MAPPING, value))
            return BAD
        out: dict[int, Any] = {}
        bad = False
        for key, item in value.items():
            number = int(key) if isinstance(key, str) and key.strip().isdigit() else key
            if not isinstance(number, int) or isinstance(number, bool):
                issues.append(Issue((*loc, key), f"cần một số thứ tự (1, 2 ...), không phải '{key}'", "unknown"))
                bad = True
                continue
            out[number] = self.value.read(item, (*loc, key), issues)
            bad = bad or out[number] is BAD
        return BAD if bad else out

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "propertyNames": {"pattern": "^[0-9]+$"},
                "additionalProperties": self.value.schema(defs)}


class Record:
    """Base of the model's dataclasses: fields declared with `spec`, plus optional hooks.

    `SHORTHAND` names the field a bare string stands for ("- Nội dung." for an untitled item);
    `before` reshapes the raw value (a date written as text); `check` runs on the built object and
    raises ValueError for a rule that spans fields.
    """

    SHORTHAND: ClassVar[str | None] = None
    DESCRIPTION: ClassVar[str] = ""
    NOUN: ClassVar[str] = "mục"  # what the clerk calls the record, in messages ("kế hoạch")
    # Keys clerks are known to write for a field under another name, with what to write instead.
    INSTEAD: ClassVar[dict[str, str]] = {}

    @classmethod
    def before(cls, value: Any) -> Any:
        return value

    def check(self) -> None:
        return None

    def problems(self) -> Iterator[FieldError]:
        """Rules that span fields and may find several things wrong at once, each located at its field."""
        return iter(())


R = TypeVar("R", bound=Record)
_REQUIRED: Any = dataclasses.MISSING


def spec(kind: Kind, default: Any = _REQUIRED, *, hint: str = "", markup: bool = False, new_year: str = "",
         schema: dict[str, Any] | None = None, printed: bool = True) -> Any:
    """Declare a field of a Record, once: its kind, its default (none: required), the hint an editor shows
    for it, whether its text may hold markup and footnote references (*nghiêng*, [^1]) that the page
    renders, and, rarely, a schema that says more than the kind can (a `before` hook accepting other
    shapes), and what rolling the plan to a new year does to it (`new_year`: "blank" the value, "month"
    of the new year without a day, "empty" the list). The field's place in the class is its place in the YAML.
    printed=False: a note for the people drafting (a reviewer's comment), never on the page nor read by the
    checks of what the page says."""
    meta = {"kind": kind, "schema": schema, "hint": hint, "markup": markup, "new_year": new_year,
            "printed": printed}
    if default is _REQUIRED:
        return dataclasses.field(metadata=meta)
    if isinstance(default, (list, dict)):
        # Each record gets its own copy: a clerk's plan must never share (and so change) another's list.
        shared = default
        return dataclasses.field(default_factory=lambda: shared.copy(), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


class Nested(Kind):
    def __init__(self, cls: type[Record], **hooks: Hook | None) -> None:
        super().__init__(**hooks)
        self.cls = cls

    def _read(self, value: Any, loc: Loc, issues: list[Issue]) -> Any:
        return read_record(self.cls, value, loc, issues)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        name = self.cls.__name__
        if name not in defs:
            defs[name] = {}  # reserve: records may refer to each other
            defs[name] = record_schema(self.cls, defs)
        ref = {"$ref": f"#/$defs/{name}"}
        if self.cls.SHORTHAND:
            return {"anyOf": [{"type": "string"}, ref]}
        return ref


_Shape = tuple[tuple[dataclasses.Field[Any], ...], frozenset[str]]
_SHAPES: dict[type, _Shape] = {}


def _fields(cls: type[Record]) -> _Shape:
    """A record's fields and their names, looked up once per class rather than once per record read."""
    shape = _SHAPES.get(cls)
    if shape is None:
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        shape = _SHAPES[cls] = (fields, frozenset(f.name for f in fields))
    return shape


def read_record(cls: type[R], value: Any, loc: Loc, issues: list[Issue]) -> R | Any:
    if cls.SHORTHAND and isinstance(value, str):
        value = {cls.SHORTHAND: value}
    try:
        value = cls.before(value)
    except ValueError as exc:
        issues.append(Issue(loc, str(exc)))
        return BAD
    if not isinstance(value, dict):
        issues.append(_wrong(loc, _MAPPING, value))
        return BAD
    fields, names = _fields(cls)
    found = len(issues)
    for key in value:
        if key not in names:
            issues.append(Issue((*loc, key), _unknown(str(key), names, cls.INSTEAD, _noun(cls)), "unknown"))
    kwargs: dict[str, Any] = {}
    for f in fields:
        if f.name in value:
            kwargs[f.name] = f.metadata["kind"].read(value[f.name], (*loc, f.name), issues)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            issues.append(Issue((*loc, f.name), "thiếu trường bắt buộc", "missing"))
    if len(issues) > found:
        return BAD
    obj = cls(**kwargs)
    try:
        obj.check()
    except FieldError as exc:
        issues.append(Issue((*loc, *exc.loc), str(exc)))
        return BAD
    except ValueError as exc:
        issues.append(Issue(loc, str(exc)))
        return BAD
    found = len(issues)
    for problem in obj.problems():
        issues.append(Issue((*loc, *problem.loc), str(problem)))
    return BAD if len(issues) > found else obj


def _unknown(key: str, names: frozenset[str], instead: dict[str, str], noun: str) -> str:
    import difflib  # only when a key is wrong: not worth its import on every render

    close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.6)
    tip = f"; {instead[key]}" if key in instead else f"; có phải ý bạn là '{close[0]}'?" if close else ""
    return f"trường '{key}' không có trong mẫu {noun}{tip}"


_TOP: list[type[Record]] = []  # the record being read at the top (the document), for its noun


def _noun(cls: type[Record]) -> str:
    return _TOP[-1].NOUN if _TOP else cls.NOUN


def recheck(obj: Any, loc: Loc = ()) -> Iterator[Issue]:
    """The records' own checks (problems()) again over a tree already read: after a repair of its text
    (typed numbers removed), what the page prints must still pass them."""
    if isinstance(obj, Record):
        for problem in obj.problems():
            yield Issue((*loc, *problem.loc), str(problem))
        for f in dataclasses.fields(obj):  # type: ignore[arg-type]
            yield from recheck(getattr(obj, f.name), (*loc, f.name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from recheck(item, (*loc, i))


def build(cls: type[R], data: Any) -> R:
    """Read plain data (as from YAML) into `cls`; raises Invalid listing every problem."""
    issues: list[Issue] = []
    _TOP.append(cls)
    try:
        out = read_record(cls, data, (), issues)
    finally:
        _TOP.pop()
    if issues or out is BAD:
        raise Invalid(issues)
    return out  # type: ignore[no-any-return]


def record_schema(cls: type[Record], defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in _fields(cls)[0]:
        kind: Kind = f.metadata["kind"]
        prop = dict(f.metadata["schema"] or kind.schema(defs))
        if f.metadata["hint"]:
            prop["description"] = f.metadata["hint"]
        if f.default is not dataclasses.MISSING:
            prop["default"] = _jsonable(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            prop["default"] = _jsonable(f.default_factory())
        else:
            required.append(f.name)
        props[f.name] = prop
    out: dict[str, Any] = {"title": cls.__name__, "type": "object", "properties": props,
                           "additionalProperties": False}
    if cls.DESCRIPTION:
        out["description"] = cls.DESCRIPTION
    if required:
        out["required"] = required
    return out


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, (str, int, bool, list, dict)) or value is None else str(value)


def field_names(cls: type[Record]) -> tuple[str, ...]:
    """The record's YAML keys in the order the YAML writes them."""
    return tuple(f.name for f in _fields(cls)[0])


def texts(record: Record, loc: Loc = ()) -> Iterator[tuple[Loc, str, bool]]:
    """Every text of a record tree, in document order, with its path and whether the field may hold
    markup (see spec): one walk for footnotes, typed numbering and anything else that reads the words."""
    for f in _fields(type(record))[0]:
        if f.metadata["printed"]:
            yield from _texts_in(getattr(record, f.name), (*loc, f.name), bool(f.metadata["markup"]))


def _texts_in(value: Any, loc: Loc, markup: bool) -> Iterator[tuple[Loc, str, bool]]:
    if isinstance(value, str):
        yield loc, value, markup
    elif isinstance(value, Record):
        yield from texts(value, loc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts_in(item, (*loc, i), markup)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, (*loc, key), markup)


def keys_marked(cls: type[Record], meta: str, value: Any) -> tuple[str, ...]:
    """The YAML keys, in this record or any record nested in it, whose declaration sets `meta` to value."""
    out: list[str] = []
    seen: set[type[Record]] = set()

    def visit(record: type[Record]) -> None:
        if record in seen:
            return
        seen.add(record)
        for f in _fields(record)[0]:
            if f.metadata[meta] == value and f.name not in out:
                out.append(f.name)
            for nested in _records_in(f.metadata["kind"]):
                visit(nested)

    visit(cls)
    return tuple(out)


def _records_in(kind: Kind) -> Iterator[type[Record]]:
    if isinstance(kind, Nested):
        yield kind.cls
    for inner in ("inner", "item"):
        if isinstance(getattr(kind, inner, None), Kind):
            yield from _records_in(getattr(kind, inner))


def _field_at(cls: type[Record], path: tuple[Any, ...]) -> tuple[dataclasses.Field[Any] | None, type[Record] | None]:
    """The field of the last key named on the way down a record's data, and the record the path ends in
    (None when it ends in a value); (None, None) when a key is not a field."""
    record: type[Record] | None = cls
    found: dataclasses.Field[Any] | None = None
    for part in path:
        if record is None or not isinstance(part, str):
            continue
        found = next((f for f in _fields(record)[0] if f.name == part), None)
        if found is None:
            return None, None
        kind = found.metadata["kind"]
        while isinstance(kind, (Nullable, ListOf)):
            kind = kind.inner if isinstance(kind, Nullable) else kind.item
        record = kind.cls if isinstance(kind, Nested) else None
    return found, record


def declared_at(cls: type[Record], path: tuple[Any, ...], meta: str) -> Any:
    """What the declaration of the field a path of a record's data ends in sets for `meta` (None: no such field)."""
    found, _ = _field_at(cls, path)
    return found.metadata[meta] if found is not None else None


def markup_at(cls: type[Record], path: tuple[Any, ...]) -> bool:
    """Whether the text at a path of a record's data may hold markup (spec's markup=): the field of the last
    key named on the way down decides. Text typed elsewhere (a reviewer's, an import's) is escaped only there."""
    found, record = _field_at(cls, path)
    if record is not None and record.SHORTHAND:  # a bare text standing for a record ("- Nội dung." for a point)
        found = next((f for f in _fields(record)[0] if f.name == record.SHORTHAND), None)
    return bool(found and found.metadata["markup"])
