"""ND-C10 ... C12: what a starter or an import left for the clerk to fill in."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .findings import Hit

_BRACKET = re.compile(r"\[(?!\^)[^\[\]\n]{1,100}\]")
_SURNAMES = ("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý")
_SAMPLE_NAME = re.compile(rf"(?<!\w)(?:{_SURNAMES})\s+(?:Văn|Thị)\s+[A-ZĐ](?!\w)")
# A sample signer ("Trần B"): capitalised words of letters, then one capital. "Lưu: VT, M." (a clerk's
# initials) and other abbreviations of the signature block have a colon, a comma or an all-capital word.
_SINGLE_LETTER_NAME = re.compile(r"^(?:[^\W\d_]+\s+){1,4}[A-ZĐ]\.?$")
_DOTS = re.compile(r"(?<!\w)(?:số|ngày|tháng|năm|Số|Ngày|Tháng|Năm)\s*(?:\.{2,}|…+)|(?:\.{3,}|…+)\s*/|/\s*(?:\.{3,}|…+)"
                   r"|\(\s*(?:\.{2,}|…+)\s*\)")


# The two below are compiled on first use: most texts have no bracket and no "xx" to look into.
@functools.cache
def _bracket_words() -> re.Pattern[str]:
    return re.compile(r"bổ sung|cần|họ và tên|họ tên|tên\s|điền|ghi rõ|thiếu|chưa có|\.\.\.|…|\bxx", re.IGNORECASE)


@functools.cache
def _xx() -> re.Pattern[str]:
    return re.compile(r"(?<![\w/])x{2,}(?!\w)|(?<=/)X{2,}(?!\w)|(?<!\w)X{2,}(?=/)")


def _sample_signer(text: str) -> bool:
    return bool(_SINGLE_LETTER_NAME.match(text)) and all(w[:1].isupper() and w[1:].islower()
                                                         for w in text.split()[:-1])


def leftover_hits(text: str, role: str) -> Iterator[Hit]:
    """ND-C10 ... C12: what a starter or an import left for the clerk to fill in."""
    if "[" in text:
        for m in _BRACKET.finditer(text):
            if _bracket_words().search(m.group(0)):
                yield Hit("ND-C10", "W", f"chỗ giữ chỗ '{m.group(0)}' chưa được điền", m.group(0),
                          "thay bằng nội dung thật rồi xoá dấu [ ]", leftover=True, at=m.start())
    name = _SAMPLE_NAME.search(text) if (" Văn " in text or " Thị " in text) else None
    if name or (role == "signer" and _sample_signer(text)):
        shown = name.group(0) if name else text
        yield Hit("ND-C11", "W", f"'{shown}' là tên mẫu, chưa thay bằng tên thật", shown,
                  "điền họ tên thật (người ký: không kèm học hàm, học vị)", leftover=True,
                  at=name.start() if name else 0)
    if not text.strip(" \t.…") and (".." in text or "…" in text):
        yield Hit("ND-C12", "W", "nội dung chỉ có dấu chấm lửng, chưa điền", text.strip(),
                  "điền nội dung hoặc xoá dòng", leftover=True)
        return
    if ".." in text or "…" in text:
        blank = _DOTS.search(text)
        if blank:  # one finding per text: "ngày … tháng … năm …" is one blank to fill, not three
            yield Hit("ND-C12", "W", f"chỗ trống '{blank.group(0).strip()}' chưa điền", blank.group(0).strip(),
                      "điền số, ngày cụ thể", leftover=True, at=blank.start())
            return
    if "xx" in text or "XX" in text:
        blank = _xx().search(text)
        if blank:
            yield Hit("ND-C12", "W", f"chỗ trống '{blank.group(0)}' chưa điền", blank.group(0),
                      "điền số, ngày cụ thể", leftover=True, at=blank.start())
