"""Property: whatever the loader reads, the browser editor saves, and what it saves reads back as what the
form said. A plan as a clerk writes it (a starter, an example, a generated plan), with tricky values
typed in any form the loader accepts and comments anywhere, is saved through `store.Folder.save` with
tricky values typed in the form, twice in a row. After each save: the file reads back through the loader
as exactly the form's data, every comment is still there in its order, and every value not edited keeps
its exact text.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from helpers import EXAMPLE_NAMES, EXAMPLES
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_import_roundtrip import plans

from kehoach_gen.errors import PlanInvalid
from kehoach_gen.facts import provinces
from kehoach_gen.plan import formspec, yamlsave, yamltext
from kehoach_gen.plan.loader import parse, parsed_text
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.start.starter import starter_text
from kehoach_gen.web.store import Folder

Path_ = tuple[Any, ...]
FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What breaks YAML writers: indicators, comment marks, quotes, line separators, values that look like
# numbers, dates, booleans or null, and ordinary Vietnamese words around them.
PIECES = [":", ": ", "a:b", '"', "'", "''", "#", " #", "# ", " ", "  ", "\t", "\u2028", "\u2029", "\u0085", "\u00a0",
          "\\", "\\n", "007", "0125", "12", "-3", "1.5", "1.10", "1e3", "2027-12", "2027-12-01", "2027-02-31",
          "yes", "no", "true", "True", "false", "~", "null", "Null", "NULL", "=", "<<", "|", ">", "- ", "-", "? ",
          "[", "]", "{", "}", ",", "&a", "*a", "!", "!!str", "%", "@", "`", "---", "...", "Ghi chú", "Sở Ngoại vụ",
          "công tác", "năm 2027", "\u0301", "e\u0302\u0301", "\U0001f600", "\ufeff", "\x7f"]

tricky = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=0, max_size=6).map("".join)
one_line = tricky.map(lambda s: s.replace("\n", " ").replace("\r", " "))
paragraphs = st.lists(tricky, min_size=1, max_size=3).map("\n".join)


# ---- YAML as the loader reads it: comments, and the text of each value

def _spans(text: str) -> list[tuple[int, int]]:
    return [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text, Loader=FAST)]


def comments(text: str) -> list[str]:
    """Every comment, in order: a '#' after a space or at a line start that no token of the text covers."""
    text = parsed_text(text, "x")
    covered = bytearray(len(text) + 1)
    for start, end in _spans(text):
        covered[start:end] = b"\x01" * (end - start)
    out, i = [], 0
    while (i := text.find("#", i)) >= 0:
        if not covered[i] and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            out.append(text[i:end if end >= 0 else len(text)].rstrip())
            i = end if end >= 0 else len(text)
        else:
            i += 1
    return out


def sources(text: str) -> dict[Path_, str]:
    """Each scalar value's own text (quotes, block header and all), by its path."""
    base = parsed_text(text, "x")
    return {path: base[a:b] for path, (a, b) in _scalars(base).items()}


def _scalars(text: str) -> dict[Path_, tuple[int, int]]:
    return {v.path: (v.start, v.end) for v in yamltext.values(text)}


# ---- a clerk's file: values typed in any form the loader reads, comments anywhere

def _double(s: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\u2028": "\\L", "\u2029": "\\P", "\x85": "\\N"}
    return '"' + "".join(escapes.get(c, c if c.isprintable() or c == " " else f"\\u{ord(c):04x}") for c in s) + '"'


FORMS = {"plain": lambda s: s, "single": lambda s: "'" + s.replace("'", "''") + "'", "double": _double}


def _located_values(text: str) -> dict[Path_, tuple[int, int]]:
    if parsed_text(text, "x") != text:
        return {}  # positions in the repaired text are not the file's; leave such a file as it is
    return _scalars(text)


@st.composite
def clerk_files(draw: st.DrawFn) -> str:
    source = draw(st.sampled_from(["starter", "example", "generated"]))
    if source == "starter":
        unit = draw(st.sampled_from(sorted(u.name for u in provinces.current())))
        text = starter_text(unit, draw(st.integers(2026, 2030)), "ke-hoach.yaml")
    elif source == "example":
        text = (EXAMPLES / f"{draw(st.sampled_from(EXAMPLE_NAMES))}.yaml").read_text(encoding="utf-8")
    else:
        text = draw(plans())[0]
    event(f"file: {source}")
    # Tricky one-line values typed by the clerk in one form or another, kept when the loader reads them.
    for _ in range(draw(st.integers(0, 4))):
        spans = _located_values(text)
        one = [p for p, (a, b) in spans.items() if "\n" not in text[a:b] and p and isinstance(p[-1], str)]
        if not one:
            break
        path = draw(st.sampled_from(one))
        value, form = draw(one_line), draw(st.sampled_from([*sorted(FORMS), "block"]))
        a, b = spans[path]
        if form == "block":  # a '|' block, whatever it holds (a raw U+2028 too)
            line = text[text.rfind("\n", 0, a) + 1:a]
            typed = "|-\n" + " " * (len(line) - len(line.lstrip(" ")) + 2) + value
        else:
            typed = FORMS[form](value)
        candidate = text[:a] + typed + text[b:]
        if _reads(candidate, path, value):
            text = candidate
            event(f"clerk typed a value {form}")
    # Comments: on their own line and at the end of a line, where the loader still reads the same data.
    for n in range(draw(st.integers(0, 4))):
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        note = f"# ghi chú {n}: xem lại"
        if draw(st.booleans()):
            indent = len(lines[i]) - len(lines[i].lstrip(" "))
            candidate = "\n".join([*lines[:i], " " * indent + note, *lines[i:]])
        else:
            candidate = "\n".join([*lines[:i], lines[i] + "  " + note, *lines[i + 1:]])
        if _same_data(text, candidate) and note in comments(candidate):
            text = candidate
    if draw(st.sampled_from([False] * 4 + [True])):
        text = text.replace("\n", "\r\n")  # saved by Notepad
        event("CRLF")
    return text


def _reads(text: str, path: Path_, value: str) -> bool:
    try:
        located = parse(text, "x")
    except PlanInvalid:
        return False
    data: Any = located.data
    for part in path:  # the event's keys are text; the loader reads a number key as a number
        if isinstance(data, dict):
            data = data.get(part, data.get(int(part)) if str(part).isdigit() else None)
        else:
            data = data[part] if isinstance(data, list) else None
    return not located.problems and data == unicodedata.normalize("NFC", value)


def _same_data(a: str, b: str) -> bool:
    try:
        return parse(a, "x").data == parse(b, "x").data
    except PlanInvalid:
        return False


# ---- the form's edits

def _leaves(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, (*path, i))
    elif isinstance(data, str):
        yield path


def _set(data: Any, path: Path_, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


BLOCKS = {f["name"] for rec in formspec.form_spec()["records"].values() for f in rec["fields"] if f["widget"] == "lines"}


@st.composite
def edits(draw: st.DrawFn, data: Any) -> list[tuple[Path_, str]]:
    leaves = list(_leaves(data))
    chosen = draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=4, unique=True)) if leaves else []
    return [(p, draw(paragraphs if p[-1] in BLOCKS else one_line)) for p in chosen]


def _lists(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _lists(v, (*path, k))
    elif isinstance(data, list):
        if data:
            yield path
        for i, v in enumerate(data):
            yield from _lists(v, (*path, i))


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def moves(draw: st.DrawFn, data: Any) -> list[Path_]:
    """Items added (a copy of a neighbour, one of its texts retyped) and items moved, in place in `data`;
    the lists they change."""
    touched = []
    for _ in range(draw(st.integers(0, 2))):
        where = draw(st.sampled_from(list(_lists(data))))
        items = _at(data, where)
        i = draw(st.integers(0, len(items) - 1))
        if draw(st.booleans()):
            fresh = json.loads(json.dumps(items[i]))
            if isinstance(fresh, str):
                fresh = draw(one_line)
            else:
                leaves = list(_leaves(fresh))
                if leaves:
                    _set(fresh, draw(st.sampled_from(leaves)), draw(one_line))
            items.insert(draw(st.integers(0, len(items))), fresh)
        elif len(items) > 1:
            j = draw(st.integers(0, len(items) - 1))
            items[i], items[j] = items[j], items[i]
        touched.append(where)
    return touched


def _expected(data: Any) -> Any:
    return formspec.canonical(KeHoach, _nfc(formspec.from_editor(KeHoach, data)))


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _touches(path: Path_, edited: list[Path_]) -> bool:
    return any(path[:len(e)] == e or e[:len(path)] == path for e in edited)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(clerk_files(), st.data())
def test_what_the_form_saves_reads_back_and_keeps_the_clerks_text(tmp_path_factory, text, data):
    folder = Folder(tmp_path_factory.mktemp("luu"))
    path = folder.root / "ke-hoach.yaml"
    path.write_bytes(text.encode("utf-8"))
    for _ in range(2):  # a second save starts from what the first wrote
        before = path.read_bytes().decode("utf-8")
        snap = folder.open("ke-hoach.yaml")
        assert snap.data is not None and not snap.unread, snap.problems
        form = json.loads(json.dumps(snap.data))
        changes = data.draw(edits(form))
        for where, value in changes:
            _set(form, where, value)
        moved = data.draw(moves(form))
        folder.save("ke-hoach.yaml", form, snap.version)
        after = path.read_bytes().decode("utf-8")
        assert formspec.canonical(KeHoach, parse(after, "x").data) == _expected(form)
        kept_comments = [unicodedata.normalize("NFC", c) for c in comments(before)]
        if moved:  # a moved item takes its comments along
            assert sorted(comments(after)) == sorted(kept_comments)
        else:
            assert comments(after) == kept_comments
        old, new = sources(before), sources(after)
        edited = [tuple(p) for p, _ in changes] + moved
        kept = {p: unicodedata.normalize("NFC", s) for p, s in old.items() if not _touches(p, edited)}
        assert {p: new.get(p) for p in kept} == kept
        assert ("\r\n" in after) == ("\r\n" in text)


@pytest.mark.parametrize("unit", sorted(u.name for u in provinces.current()))
def test_every_starter_saved_unchanged_is_byte_for_byte_the_same(unit):
    text = starter_text(unit, 2027, "ke-hoach.yaml")
    form = formspec.to_editor(KeHoach, parse(text, "x").data)
    assert yamlsave.updated_text(KeHoach, text, formspec.from_editor(KeHoach, form)) == text


def test_a_comment_after_a_value_holding_a_colon_stays_a_comment():
    """'trich_yeu: Ghi chú: ... # sửa sau' is quoted by the loader before YAML reads it (the colon); the
    comment after the value is the clerk's note, not words of the trích yếu, on reading and on saving."""
    text = (EXAMPLES / "lai-chau-2023.yaml").read_text(encoding="utf-8")
    line = next(ln for ln in text.split("\n") if ln.startswith("trich_yeu:"))
    typed = "trich_yeu: Ghi chú: công tác đối ngoại năm 2023   # sửa sau: hỏi lại"
    text = text.replace(line, typed, 1)
    data = parse(text, "p.yaml").data
    assert data["trich_yeu"] == "Ghi chú: công tác đối ngoại năm 2023"
    data["ket_thuc"] = "Kết thúc mới."
    saved = yamlsave.updated_text(KeHoach, text, data, "p.yaml")
    assert typed in saved.split("\n")  # as the clerk typed it, comment included
    assert parse(saved, "p.yaml").data["trich_yeu"] == "Ghi chú: công tác đối ngoại năm 2023"
    data["trich_yeu"] = "Ghi chú: công tác đối ngoại năm 2024"
    again = yamlsave.updated_text(KeHoach, saved, data, "p.yaml")
    assert parse(again, "p.yaml").data["trich_yeu"] == "Ghi chú: công tác đối ngoại năm 2024"
    assert "# sửa sau: hỏi lại" in again
