"""The editor's form, read from the model's field declarations (kehoach_gen.plan.fields kinds), never from a
second list of fields: a field added to the model appears in the browser with its schema hint.

Three functions walk the same declarations:
- `form_spec` describes every record as widgets for the browser script;
- `to_editor` turns plain YAML data into the shape the widgets edit (a paragraph block is one text with
  a line per paragraph, a shorthand item becomes its record, a date becomes its text);
- `from_editor` turns the widgets' data back into plain data the loader validates and the YAML keeps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import lru_cache
from typing import Any

from kehoach_gen.plan.fields import (
    Block,
    Choice,
    Flag,
    Integer,
    Kind,
    ListOf,
    Nested,
    Nullable,
    Numbered,
    Record,
    Text,
    TextOrList,
)
from kehoach_gen.plan.model import KeHoach

ROOT: type[Record] = KeHoach


def _split_hint(name: str, hint: str | None) -> tuple[str, str]:
    """A schema hint reads "Label: details" or "Label (details)"; the part before is the field's label."""
    if not hint:
        return name.replace("_", " ").capitalize(), ""
    cut = min((i for i in (hint.find(":"), hint.find(";"), hint.find(" (")) if i > 0), default=len(hint))
    # "Ký hiệu, mặc định KH-UBND": a comma before a lower-case word ends the label ("Phụ lục I, II" does not).
    comma = None if "..." in hint[:cut] else re.search(r", (?=[^\W\d_A-ZĐ]{2,}\b)", hint[:cut])
    label = hint[:comma.start() if comma else cut].strip()
    return label, hint[len(label):].lstrip(" ,:;").strip()


def _item_label(description: str) -> str:
    """ "Phần I., II. ..." -> "Phần": the words before the first number or mark."""
    words = []
    for word in _split_hint("", description)[0].split():
        if not word.isalpha():
            break
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1)
def _hints() -> dict[str, dict[str, str]]:
    """Per record, per field: the description the JSON Schema gives it (`kehoach schema`)."""
    from kehoach_gen.plan.schema import plan_schema

    schema = plan_schema()
    out = {ROOT.__name__: {k: v.get("description", "") for k, v in schema["properties"].items()}}
    for name, sub in schema.get("$defs", {}).items():
        if isinstance(sub, dict) and "properties" in sub:
            out[name] = {k: v.get("description", "") for k, v in sub["properties"].items()}
    return out


def _accepts_text(meta_schema: dict[str, Any] | None) -> bool:
    """A field whose declaration widens its schema to a string (a date, a number written as text) is
    edited as one line of text."""
    if not meta_schema:
        return False
    options = meta_schema.get("anyOf", [meta_schema])
    return any(o.get("type") == "string" for o in options)


def _widget(kind: Kind, records: dict[str, Any]) -> dict[str, Any]:
    nullable = isinstance(kind, Nullable)
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(inner, Choice):
        return {"widget": "choice", "choices": list(inner.choices), "nullable": nullable}
    if isinstance(inner, Flag):
        return {"widget": "flag", "nullable": nullable}
    if isinstance(inner, Integer):
        return {"widget": "int", "min": inner.low, "max": inner.high}
    if isinstance(inner, Block):
        return {"widget": "lines"}
    if isinstance(inner, TextOrList):
        return {"widget": "several"}
    if isinstance(inner, Numbered):
        return {"widget": "notes"}
    if isinstance(inner, Nested):
        _record(inner.cls, records)
        return {"widget": "record", "record": inner.cls.__name__}
    if isinstance(inner, ListOf):
        item = inner.item
        if isinstance(item, Nested):
            _record(item.cls, records)
            return {"widget": "records", "record": item.cls.__name__, "min": inner.min_items}
        if isinstance(item, ListOf):
            return {"widget": "grid"}
        return {"widget": "strings", "min": inner.min_items}
    return {"widget": "text"}


def _record(cls: type[Record], records: dict[str, Any]) -> None:
    name = cls.__name__
    if name in records:
        return
    records[name] = {}  # reserved first: records refer to each other
    hints = _hints().get(name, {})
    fields = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        kind: Kind = f.metadata["kind"]
        label, hint = _split_hint(f.name, hints.get(f.name))
        widget = {"widget": "text"} if _accepts_text(f.metadata.get("schema")) else _widget(kind, records)
        default = None if f.default is dataclasses.MISSING else f.default
        fields.append({"name": f.name, "label": label, "hint": hint, "required": _required(f),
                       "default": default if isinstance(default, (str, int, bool)) else None, **widget})
    records[name] = {"label": _split_hint(name, cls.DESCRIPTION)[0], "item": _item_label(cls.DESCRIPTION),
                     "shorthand": cls.SHORTHAND, "fields": fields}


@lru_cache(maxsize=1)
def form_spec() -> dict[str, Any]:
    records: dict[str, Any] = {}
    _record(ROOT, records)
    return {"root": ROOT.__name__, "records": records}


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _fields_of(cls: type[Record]) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


def _lines(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(scalar_text(v) for v in value)
    return scalar_text(value)


def scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict) and len(value) == 1:
        ((k, v),) = value.items()
        return f"{k}: {scalar_text(v)}"
    return str(value)


def _to(kind: Kind, value: Any, as_text: bool = False) -> Any:
    if as_text:
        return scalar_text(value)
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if value is None:
        return None
    try:
        if isinstance(inner, Block):
            shaped = inner.before(value) if inner.before else value
            return "\n".join(shaped) if isinstance(shaped, list) and all(isinstance(x, str) for x in shaped) \
                else _lines(value)
        if isinstance(inner, TextOrList):
            return _lines(value)
        if isinstance(inner, Text):
            return scalar_text(value)
        if isinstance(inner, Numbered) and isinstance(value, dict):
            return {str(k): scalar_text(v) for k, v in value.items()}
        if isinstance(inner, Nested):
            return to_editor(inner.cls, value)
        if isinstance(inner, ListOf) and isinstance(value, list):
            if inner.before is not None:
                value = inner.before(value)
            return [_to(inner.item, v) for v in value]
    except ValueError:
        pass  # a value the kind rejects is shown as it is; the validation names it
    return value


def to_editor(cls: type[Record], value: Any) -> Any:
    """Plain data (as read from the YAML) -> the shape the browser's widgets edit."""
    if cls.SHORTHAND and isinstance(value, str):
        value = {cls.SHORTHAND: value}
    if not isinstance(value, dict):
        return value
    fields = _fields_of(cls)
    out: dict[str, Any] = {}
    for key, item in value.items():
        f = fields.get(key) if isinstance(key, str) else None
        if f is None:
            out[str(key)] = item  # not a field: kept, and the validation says so
        else:
            out[key] = _to(f.metadata["kind"], item, _accepts_text(f.metadata.get("schema")))
    return out


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _from(kind: Kind, value: Any, as_text: bool = False) -> Any:
    if as_text:
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and re.fullmatch(r"[0-9]+", text) and (len(text) == 1 or text[0] != "0"):
            return int(text)  # a number typed with leading zeros ("0125") stays text: printed as typed
        if isinstance(text, str):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text or None
        return text
    if isinstance(kind, Nullable) and value == "":
        return None
    inner = kind.inner if isinstance(kind, Nullable) else kind
    if isinstance(inner, TextOrList) and isinstance(value, str):
        lines = [ln.strip() for ln in value.splitlines() if ln.strip()]
        return None if not lines else lines[0] if len(lines) == 1 else lines
    if isinstance(inner, Block) and isinstance(value, str):
        return value.strip("\n")
    if isinstance(inner, Text) and isinstance(value, str) and isinstance(kind, Nullable):
        return value if value.strip() else None
    if isinstance(inner, Nested):
        return from_editor(inner.cls, value)
    if isinstance(inner, Numbered) and isinstance(value, dict):
        return {int(k) if str(k).isdigit() else k: v for k, v in value.items()}
    if isinstance(inner, ListOf) and isinstance(value, list):
        return [_from(inner.item, v) for v in value]
    return value


def from_editor(cls: type[Record], value: Any) -> Any:
    """The widgets' data -> plain data: an optional field left empty is dropped (its default stands)."""
    if not isinstance(value, dict):
        return value
    fields = _fields_of(cls)
    out: dict[str, Any] = {}
    for key, item in value.items():
        f = fields.get(key)
        if f is None:
            out[key] = item
            continue
        plain = _from(f.metadata["kind"], item, _accepts_text(f.metadata.get("schema")))
        if _empty(plain) and not _required(f):
            continue
        out[key] = plain
    return out


def canonical(cls: type[Record], plain: Any) -> Any:
    """Plain data as the editor would give it back: two values with the same canonical form say the
    same thing, however the YAML wrote them."""
    return from_editor(cls, to_editor(cls, plain))


def canonical_value(kind: Kind, value: Any, as_text: bool = False) -> Any:
    """One field's value as the editor would give it back (`canonical` for a single value)."""
    return _from(kind, _to(kind, value, as_text), as_text)


def field_kind(cls: type[Record], name: str) -> tuple[Kind, bool] | None:
    f = _fields_of(cls).get(name)
    if f is None:
        return None
    return f.metadata["kind"], _accepts_text(f.metadata.get("schema"))
