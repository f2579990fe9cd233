"""The provincial units in force (34 since 1 July 2025), from the maintained vietnam-provinces list."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .errors import KehoachError
from .vn import IssuingBody, nfc


@dataclass(frozen=True)
class Province:
    kind: str  # "tỉnh" | "thành phố"
    name: str

    @property
    def body(self) -> IssuingBody:
        return IssuingBody(kind=self.kind, name=self.name)


def fold(text: str) -> str:
    """Lower-case, no diacritics, no "tỉnh"/"thành phố" prefix: what a clerk may type for a name."""
    s = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower().strip()
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        if s.startswith(prefix):
            s = s[len(prefix):]
    return " ".join(s.split())


@lru_cache(maxsize=1)
def current() -> tuple[Province, ...]:
    from vietnam_provinces import Province as VP
    from vietnam_provinces import VietNamDivisionType

    out = []
    for p in VP.iter_all():
        if p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
            name = p.name.removeprefix("Thành phố ").strip()
            out.append(Province("thành phố", nfc(name)))
        else:
            out.append(Province("tỉnh", nfc(p.name.removeprefix("Tỉnh ").strip())))
    return tuple(out)


def find(query: str) -> Province:
    table = {fold(p.name): p for p in current()}
    key = fold(query)
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
    tip = ("; có phải: " + ", ".join(table[c].name for c in close) + "?") if close else ""
    raise KehoachError(
        f"không có tỉnh, thành phố '{query}' trong danh sách 34 đơn vị hành chính cấp tỉnh hiện hành{tip} "
        "(xem danh sách: kehoach new --liet-ke)"
    )
