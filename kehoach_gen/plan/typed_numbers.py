"""Numbers a clerk typed where the model numbers: "I. MỤC ĐÍCH" as a part's title would print
"I. I. MỤC ĐÍCH", and "1. ..." opening a free paragraph would read as a khoản the page does not have.
The clerk clearly meant the model's numbering, so the typed one is removed, and said."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kehoach_gen.facts import nd30, vn
from kehoach_gen.plan.fields import Loc, texts
from kehoach_gen.plan.model import KeHoach, Muc, Phan

_NUMBER = "|".join(f"(?:{form})" for form in nd30.NUMBER_FORMS.values())
_NUMBERED = re.compile(f"^(?:{_NUMBER}|{nd30.BULLETS})")  # where the model prints a number
_FREE = nd30.NUMBER_AT_START  # a free paragraph: a bullet is the clerk's own and stays


# Under a task (1.1.), points a), b) restart and are the clerk's own lettering (II.6.c): they stay.
# Compiled on first use: only a plan whose tasks have paragraphs of their own (them) asks.
@functools.cache
def _under_task() -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(f"(?:{form})" for name, form in nd30.NUMBER_FORMS.items()
                                        if name != "điểm") + ")")


# Fields whose list items are paragraphs of the body, each opening a line of the page.
_PARAGRAPHS = {"can_cu", "mo_dau", "noi_dung", "ket_thuc", "them", "chu_tri", "ghi_chu"}


@dataclass(frozen=True)
class Removed:
    """A number the clerk typed before a text that the page numbers itself."""

    loc: Loc
    typed: str  # what was removed, as typed ("I.", "1.1.", "-")
    number: str | None  # the number the page prints there ("I.", "2.1.", "b)"); None in a free paragraph


def _strip(text: str, form: re.Pattern[str]) -> tuple[str, str]:
    typed = ""
    while (m := form.match(text)) and text[m.end():].strip():
        typed += m.group(0)
        text = text[m.end():]
    return text, typed.strip()


def _numbered(plan: KeHoach) -> Iterator[tuple[Loc, str]]:
    """The titles and paragraphs the model opens with its own number, with that number: the body's and the
    appendices' parts and items."""
    yield from _parts(plan.phan, ())
    for a, appendix in enumerate(plan.phu_luc):
        yield from _items(appendix.muc, ("phu_luc", a))
        yield from _parts(appendix.phan, ("phu_luc", a))


def _parts(parts: list[Phan], at: Loc) -> Iterator[tuple[Loc, str]]:
    for i, phan in enumerate(parts):
        yield (*at, "phan", i, "tieu_de"), f"{vn.roman(i + 1)}."
        yield from _items(phan.muc, (*at, "phan", i))


def _items(items: list[Muc], at: Loc) -> Iterator[tuple[Loc, str]]:
    for j, muc in enumerate(items):
        loc: Loc = (*at, "muc", j)
        yield (*loc, "tieu_de") if muc.tieu_de else (*loc, "noi_dung", 0), f"{j + 1}."
        for k, diem in enumerate(muc.diem):
            point: Loc = (*loc, "diem", k)
            yield (*point, "tieu_de") if diem.tieu_de else (*point, "noi_dung", 0), f"{vn.point_letter(k)})"
        for k, task in enumerate(muc.nhiem_vu):
            where = (*loc, "nhiem_vu", k)
            if task.tieu_de:
                yield (*where, "tieu_de"), f"{j + 1}.{k + 1}."
            elif not task.dang_diem:  # the item's own points: no number of their own
                yield (*where, "noi_dung", 0), f"{j + 1}.{k + 1}."


def _set(root: Any, loc: Loc, value: str) -> None:
    for part in loc[:-1]:
        root = root[part] if isinstance(part, int) else getattr(root, part)
    if isinstance(loc[-1], int):
        root[loc[-1]] = value
    else:
        setattr(root, loc[-1], value)


def strip_typed_numbers(plan: KeHoach) -> Iterator[Removed]:
    """Remove a typed number from each title or paragraph that opens a line of the page (and a typed
    '- ' or '+ ' where the model prints a number)."""
    numbered = dict(_numbered(plan))
    for loc, text, _markup in list(texts(plan)):
        if loc in numbered:
            form = _NUMBERED
        elif len(loc) >= 2 and isinstance(loc[-1], int) and loc[-2] in _PARAGRAPHS:
            form = _under_task() if loc[-2] == "them" else _FREE
        else:
            continue
        stripped, typed = _strip(text, form)
        if typed:
            _set(plan, loc, stripped)
            yield Removed(loc, typed, numbered.get(loc))


def bare_numbers(plan: KeHoach) -> Iterator[tuple[Loc, str]]:
    """Titles and paragraphs that are only a number ("II.", "3.", "b)"): the page would print a heading
    with no words, which every reader (the check included) takes for the start of a new part."""
    for loc, text, _markup in texts(plan):
        if loc[0] not in _BODY:
            continue  # an appendix's notes (a table kept as text, "3.1" a cell) are not read for headings
        if is_bare(text):
            yield loc, text


def is_bare(text: str) -> bool:
    """Only a number, in any form a reader takes for one ("II.", "3.", "b)", "1.2:")."""
    rest = nd30.NUMBER_MARK.sub("", text.strip(), count=1)
    return rest != text.strip() and not any(c.isalpha() for c in rest)


_BODY = ("can_cu", "mo_dau", "phan", "ket_thuc")
# A number in any form a reader takes for one, however punctuated ("II..", "3)", "1.2:").
