"""ND-C10 ... C12: what a starter or an import left for the clerk to fill in."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kehoach_gen.content.findings import CONTENT, PLAN_AND_DOCX
from kehoach_gen.facts.findings import Family, Finding

LEFTOVER_TOLERANCE = ("chỗ chưa điền: được tạo văn bản dự thảo (cảnh báo), nhưng bản trình ký (--ban-chinh-thuc) không "
         "được tạo khi còn")
_PLACEHOLDER = Family(
    "ND-C10", "Chỗ giữ chỗ chưa điền", CONTENT, PLAN_AND_DOCX, suggests=True, tolerance=LEFTOVER_TOLERANCE,
    measured="chữ trong dấu ngoặc vuông có lời nhắc ('[Cần bổ sung ...]', '[họ và tên]', '[...]') mà bản khởi "
             "đầu hoặc lệnh import để lại; không tính chỗ đặt chú thích '[^1]'")
C10 = _PLACEHOLDER.check(
    "", "W", "chỗ giữ chỗ '{text}' chưa được điền", title="chỗ giữ chỗ chưa điền", leftover=True,
    fix="thay bằng nội dung thật rồi xoá dấu [ ]",
    example={"where": "phan[1].muc[1].noi_dung[1]", "text": "[Cần bổ sung nội dung]"})
_SAMPLE = Family(
    "ND-C11", "Tên mẫu chưa thay", CONTENT, PLAN_AND_DOCX, suggests=True, tolerance=LEFTOVER_TOLERANCE,
    measured="họ tên mẫu ('Nguyễn Văn A', 'Trần Thị B'), và ở người ký: các chữ viết hoa đầu rồi một chữ cái "
             "('Trần B')")
C11 = _SAMPLE.check(
    "", "W", "'{text}' là tên mẫu, chưa thay bằng tên thật", title="tên mẫu chưa thay", leftover=True,
    fix="điền họ tên thật (người ký: không kèm học hàm, học vị)",
    example={"where": "nguoi_ky.ho_ten", "text": "Nguyễn Văn A"})
_BLANK = Family(
    "ND-C12", "Chỗ trống '...', 'xx' chưa điền", CONTENT, PLAN_AND_DOCX, suggests=True, tolerance=LEFTOVER_TOLERANCE,
    measured="dấu chấm lửng ở chỗ số, ngày ('ngày … tháng …', 'số .../'), hoặc 'xx' thay cho số; một chỗ mỗi "
             "đoạn")
C12_DOTS = _BLANK.check(
    "a", "W", "nội dung chỉ có dấu chấm lửng, chưa điền", title="đoạn chỉ có dấu chấm lửng", leftover=True,
    fix="điền nội dung hoặc xoá dòng", example={"where": "phan[1].muc[2].noi_dung[1]"})
C12_BLANK = _BLANK.check(
    "b", "W", "chỗ trống '{text}' chưa điền", title="chỗ trống chưa điền", leftover=True,
    fix="điền số, ngày cụ thể", example={"where": "can_cu[1]", "text": "ngày …"})

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


def leftover_hits(text: str, role: str) -> Iterator[Finding]:
    """ND-C10 ... C12: what a starter or an import left for the clerk to fill in."""
    if "[" in text:
        for m in _BRACKET.finditer(text):
            if _bracket_words().search(m.group(0)):
                yield C10(snippet=m.group(0), at=m.start(), text=m.group(0))
    name = _SAMPLE_NAME.search(text) if (" Văn " in text or " Thị " in text) else None
    if name or (role == "signer" and _sample_signer(text)):
        shown = name.group(0) if name else text
        yield C11(snippet=shown, at=name.start() if name else 0, text=shown)
    if not text.strip(" \t.…") and (".." in text or "…" in text):
        yield C12_DOTS(snippet=text.strip())
        return
    if ".." in text or "…" in text:
        blank = _DOTS.search(text)
        if blank:  # one finding per text: "ngày … tháng … năm …" is one blank to fill, not three
            yield C12_BLANK(snippet=blank.group(0).strip(), at=blank.start(), text=blank.group(0).strip())
            return
    if "xx" in text or "XX" in text:
        blank = _xx().search(text)
        if blank:
            yield C12_BLANK(snippet=blank.group(0), at=blank.start(), text=blank.group(0))
