"""How a provincial unit names its own bodies: a province has a Tỉnh ủy and an HĐND tỉnh, a centrally-run city
a Thành ủy and an HĐND thành phố. The starter writes these forms, the content check holds a plan to them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# (province form, city form). A form followed by a proper name ("Tỉnh ủy Vân Nam", "UBND thành phố Lai Châu")
# is another unit's body and is left alone by the check.
UNIT_FORMS: tuple[tuple[str, str], ...] = (
    ("Tỉnh ủy", "Thành ủy"),
    ("Đảng bộ tỉnh", "Đảng bộ thành phố"),
    ("HĐND tỉnh", "HĐND thành phố"),
    ("Hội đồng nhân dân tỉnh", "Hội đồng nhân dân thành phố"),
    ("UBND tỉnh", "UBND thành phố"),
    ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"),
    ("Công an tỉnh", "Công an thành phố"),
    ("ngân sách tỉnh", "ngân sách thành phố"),
    ("trên địa bàn tỉnh", "trên địa bàn thành phố"),
    ("ngành tỉnh", "ngành thành phố"),
    ("đoàn thể tỉnh", "đoàn thể thành phố"),
)


def form(kind: str, province_form: str) -> str:
    """A body's name as a unit of this kind writes it: form("thành phố", "Tỉnh ủy") is "Thành ủy"."""
    city = next(c for p, c in UNIT_FORMS if p == province_form)
    return city if kind == "thành phố" else province_form


def needles(kind: str) -> tuple[str, ...]:
    """Words one of the other kind's forms must contain: a plain `in` test spares most paragraphs the pattern."""
    return ("tỉnh", "Tỉnh") if kind == "thành phố" else ("thành phố", "Thành phố", "Thành ủy", "Thành uỷ")


@lru_cache(maxsize=2)
def wrong_forms(kind: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for the other kind's forms and, for each (lower-cased), the form this kind writes."""
    pairs = [(city, prov) for prov, city in UNIT_FORMS] if kind == "tỉnh" else list(UNIT_FORMS)
    # Case matters: "các huyện ủy, thành ủy" are district bodies in any province's plan; "Thành ủy" is a city's.
    variants = {unicodedata.normalize("NFC", w.replace("ủy", "uỷ")) for w, _ in pairs} | {w for w, _ in pairs}
    variants |= {v[0].upper() + v[1:] for v in variants}
    alternatives = "|".join(sorted((re.escape(v) for v in variants), key=len, reverse=True))
    rx = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return rx, {w.lower().replace("uỷ", "ủy"): r for w, r in pairs}
