"""Numbers a clerk typed where the model numbers: "I. MỤC ĐÍCH" as a part's title would print
"I. I. MỤC ĐÍCH". The clerk clearly meant the number the model gives, so it is removed, and said."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import nd30
from .fields import Loc
from .model import KeHoach

_TYPED = re.compile("^(?:" + "|".join(f"(?:{form})" for form in nd30.NUMBER_FORMS.values()) + ")")


@dataclass(frozen=True)
class Removed:
    loc: Loc
    typed: str  # what was removed, as typed ("I.", "1.1.", "-")
    number: str  # the number the page prints there ("I.", "2.1.", "b)")


def _strip(text: str) -> tuple[str, str]:
    typed = ""
    while (m := _TYPED.match(text)) and text[m.end():].strip():
        typed += m.group(0)
        text = text[m.end():]
    return text, typed.strip()


def strip_typed_numbers(plan: KeHoach) -> Iterator[Removed]:
    """Remove a typed number (or a '- ', '+ ') from each title or paragraph that the model numbers."""
    from . import vn

    def lead(obj: object, field: str, loc: Loc, number: str) -> Iterator[Removed]:
        value = getattr(obj, field)
        if isinstance(value, str):
            text, typed = _strip(value)
            if typed:
                setattr(obj, field, text)
                yield Removed((*loc, field), typed, number)
        elif isinstance(value, list) and value and isinstance(value[0], str):
            text, typed = _strip(value[0])
            if typed:
                value[0] = text
                yield Removed((*loc, field, 0), typed, number)

    for i, phan in enumerate(plan.phan):
        section = vn.roman(i + 1)
        yield from lead(phan, "tieu_de", ("phan", i), f"{section}.")
        for j, muc in enumerate(phan.muc):
            loc: Loc = ("phan", i, "muc", j)
            yield from lead(muc, "tieu_de" if muc.tieu_de else "noi_dung", loc, f"{j + 1}.")
            for k, diem in enumerate(muc.diem):
                yield from lead(diem, "tieu_de" if diem.tieu_de else "noi_dung", (*loc, "diem", k),
                                f"{vn.point_letter(k)})")
            for k, task in enumerate(muc.nhiem_vu):
                yield from lead(task, "noi_dung", (*loc, "nhiem_vu", k), f"{j + 1}.{k + 1}.")
