"""Vietnamese administrative-writing conventions (ND30/2020/NĐ-CP).

Everything a clerk should not have to type lives here: capitals, Roman numerals, point letters,
date words with the decree's leading zeros, the "Số" line, the authority lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kehoach_gen.facts import nd30

BLANK = "      "
"""Six spaces: the gap a draft leaves for the number or the day, filled in by hand after signing."""

# ND30 uses the Vietnamese alphabet order without f, j, w, z; after i) the decree gives no letters,
# so the common continuation k...y is used.
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clip(text: str, limit: int, *, from_end: bool = False) -> str:
    """The text shortened for a message at a word boundary (never '...của Ủy'), with '…' where it is cut;
    from_end keeps its last words instead ('…về Sở Ngoại vụ.')."""
    if len(text) <= limit:
        return text
    if from_end:
        cut = text[-limit - 1:]
        space = cut.find(" ")
        cut = cut[space + 1:] if 0 <= space < limit // 2 else text[-limit:]
        return "…" + cut.lstrip(" ,;:-–")
    cut = text[:limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:-–") + "…"


_BLANK_MARKS = (("\t", "→", "tab"), ("\u00a0", "°", "dấu cách không ngắt"))


def shown_blanks(text: str) -> str:
    """The text as typed, for a quote: tabs and no-break spaces drawn with the marks Word shows for them (¶ on),
    and said once what they are; typed spaces are kept as they are, never collapsed."""
    said = [f"{mark} là {name}" for blank, mark, name in _BLANK_MARKS if blank in text]
    for blank, mark, _ in _BLANK_MARKS:
        text = text.replace(blank, mark)
    return f"{text} ({', '.join(said)})" if said else text


def upper(text: str) -> str:
    """Upper-case Vietnamese text; str.upper() handles the precomposed letters, NFC keeps it tidy."""
    return nfc(nfc(text).upper())


def all_capitals(text: str) -> bool:
    """Every letter a capital (two letters at least): how web copies print a trích yếu that ND30 wants in
    normal case."""
    return sum(c.isalpha() for c in text) >= 2 and text == text.upper()


# Names that keep their capitals inside a sentence (Phụ lục II): bodies, the State, the Party, and a
# document type followed by its number ("Chỉ thị số 32").
_PROPER = ("Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư", "Thủ tướng Chính phủ", "Chính phủ", "Quốc hội",
           "Ủy ban nhân dân", "Hội đồng nhân dân", "Mặt trận Tổ quốc Việt Nam", "Việt Nam", "Nhà nước", "Đảng",
           "Nhân dân", "Trung ương", "Tỉnh ủy", "Thành ủy")
# Compiled on first use, as the other patterns of sentence_case are (re caches them): only a line printed
# in capitals asks.
_TYPE_BEFORE_NUMBER = (r"\b(nghị quyết|nghị định|quyết định|chỉ thị|kế hoạch|chương trình|thông báo|"
                       r"thông tư|luật|công văn|kết luận|đề án)(?= số\b| \d)")


def sentence_case(text: str, names: tuple[str, ...] = ()) -> str:
    """A line printed in capitals, written back in normal case: a capital first letter, proper names
    (those given, and the bodies above) and symbols with digits ("32/CT-TTg") kept in capitals."""
    words = nfc(text).split(" ")
    out = [w if any(ch.isdigit() for ch in w) and "/" in w else w.lower() for w in words]
    line = " ".join(out)
    for name in sorted((*_PROPER, *names), key=len, reverse=True):
        line = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, line)
    line = re.sub(_TYPE_BEFORE_NUMBER, lambda m: m.group(1)[:1].upper() + m.group(1)[1:], line)
    line = re.sub(r"([“\"(]\s*)(\w)", lambda m: m.group(1) + m.group(2).upper(), line)
    return next((line[:i] + c.upper() + line[i + 1:] for i, c in enumerate(line) if c.isalpha()), line)


def roman(n: int) -> str:
    if n <= 0:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def from_roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    text = text.upper()
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        v = values[c]
        if i + 1 < len(text) and values[text[i + 1]] > v:
            total -= v
        else:
            total += v
    return total if roman(total) == text else None


def point_letter(index: int) -> str:
    """The letter of the index-th point (0-based): a, b, c, d, đ, e, g, h, i, k, ..."""
    if index < len(POINT_LETTERS):
        return POINT_LETTERS[index]
    # Beyond y (23 points) ND30 has nothing; doubling keeps the sequence unambiguous.
    return POINT_LETTERS[index // len(POINT_LETTERS) - 1] + POINT_LETTERS[index % len(POINT_LETTERS)]


def two_digits_below_ten(n: int) -> str:
    return f"{n:02d}" if n < 10 else str(n)


class DocumentNumber(int):
    """A document number that keeps its digits as the clerk wrote them ('0125'). Phụ lục I (II.3) asks
    a leading zero below 10 and forbids nothing else, so a register's own form is printed as it is;
    as a number it is the number (125), so comparisons and arithmetic are unchanged."""

    digits: str

    def __new__(cls, digits: str) -> DocumentNumber:
        self = super().__new__(cls, int(digits))
        self.digits = digits
        return self

    def __getnewargs__(self) -> tuple[str]:  # type: ignore[override]  # copies keep the digits
        return (self.digits,)


def number_text(n: int) -> str:
    """The number as printed after 'Số:': two digits at least (II.3), a clerk's own leading zeros kept."""
    return n.digits.zfill(2) if isinstance(n, DocumentNumber) else two_digits_below_ten(n)


def month_words(month: int) -> str:
    # ND30 writes months 1 and 2 as 01 and 02 (to avoid misreading as 10-12); 3..12 plainly.
    return f"{month:02d}" if month <= 2 else str(month)


def date_words(year: int | None, month: int | None, day: int | None) -> str:
    """'ngày 05 tháng 01 năm 2023'; a draft's blank is one gap of six spaces ('ngày      tháng 12')."""
    out = ""
    for word, value in (("ngày", None if day is None else two_digits_below_ten(day)),
                        ("tháng", None if month is None else month_words(month)),
                        ("năm", None if year is None else str(year))):
        out += f"{word}{BLANK}" if value is None else f"{word} {value} "
    return out if year is None else out.rstrip(" ")


def number_line(number: int | None, symbol: str) -> str:
    """'Số: 33/KH-UBND', or 'Số:      /KH-UBND' for a draft."""
    if number is None:
        return f"Số:{BLANK}/{symbol}"
    return f"Số: {number_text(number)}/{symbol}"


def reference_number(number: int | None, symbol: str) -> str:
    return f"{BLANK}/{symbol}" if number is None else f"{number_text(number)}/{symbol}"


# A People's Committee's unit: a province or centrally-run city, or a unit below one (a commune, a ward, a
# special zone; before 1 July 2025 also a district, an urban district, a town) whose plans are laid out alike.
PROVINCIAL_KINDS = ("tỉnh", "thành phố")
LOCAL_KINDS = ("đặc khu", "thị trấn", "thị xã", "phường", "huyện", "quận", "xã")
_KINDS = "|".join(k for kind in (*PROVINCIAL_KINDS, *LOCAL_KINDS) for k in (kind, kind.capitalize(), kind.upper()))
_BODY_RE = re.compile(
    r"^\s*(?:Ủy|Uỷ|UỶ|ỦY)\s+(?:ban|BAN)\s+(?:nhân|NHÂN)\s+(?:dân|DÂN)\s+"
    rf"(?P<kind>{_KINDS})\s+(?P<name>\S.*?)\s*$"
)

# Units named after a person keep "Thành phố" as part of their name (ND30 Phụ lục I, II.4.a).
_FULL_NAME_CITIES = {"Hồ Chí Minh"}


@dataclass(frozen=True)
class IssuingBody:
    """A People's Committee (of a province, or of a unit below one), with every form of its name a plan needs."""

    kind: str  # "tỉnh" or "thành phố"; "xã", "phường" ... for a unit below a province (LOCAL_KINDS)
    name: str  # "Lai Châu", "Hồ Chí Minh", "Tả Van"

    @property
    def is_provincial(self) -> bool:
        return self.kind in PROVINCIAL_KINDS

    @property
    def unit(self) -> str:
        """'tỉnh Lai Châu', 'thành phố Hà Nội', 'Thành phố Hồ Chí Minh'."""
        if self.kind == "thành phố" and self.name in _FULL_NAME_CITIES:
            return f"Thành phố {self.name}"
        return f"{self.kind} {self.name}"

    @property
    def full_name(self) -> str:
        return f"Ủy ban nhân dân {self.unit}"

    @property
    def header_lines(self) -> list[str]:
        return [nd30.UBND_NAME, upper(f"{self.kind} {self.name}")]

    @property
    def place(self) -> str:
        """Place name of the date line: the province name without 'tỉnh' (ND30 practice, spec 3.1)."""
        if self.name in _FULL_NAME_CITIES:
            return f"Thành phố {self.name}"
        return self.name

    @property
    def collective(self) -> str:
        """The collective in the TM. line: 'ỦY BAN NHÂN DÂN' without the province (Mẫu 1.4)."""
        return nd30.UBND_NAME


def parse_issuing_body(text: str) -> IssuingBody | None:
    m = _BODY_RE.match(nfc(text))
    if not m:
        return None
    kind = m.group("kind").lower()
    name = m.group("name")
    if name.isupper():
        name = " ".join(w.capitalize() for w in name.split())
    return IssuingBody(kind=kind, name=name)


def authority_lines(
    *, on_behalf: bool, collective: str, mark: str | None, head_title: str, position: str
) -> list[str]:
    """The capitalised lines above the signature (ND30 Phụ lục I, II.7.b; Art. 13)."""
    lines: list[str] = []
    if on_behalf:
        lines.append(f"TM. {upper(collective)}")
    if mark == "Q":
        lines.append(f"Q. {upper(head_title)}")
    elif mark in ("KT", "TL", "TUQ"):
        lines.append(f"{mark}. {upper(head_title)}")
        lines.append(upper(position))
    else:
        lines.append(upper(position))
    return lines


def end_mark(text: str) -> str:
    """Close the last body paragraph with './.' (every Mẫu of Phụ lục III does)."""
    stripped = text.rstrip()
    if stripped.endswith("./."):
        return stripped
    if stripped.endswith("."):
        return stripped + "/."
    return stripped + "./."


_CLOSING_MARKS = re.compile(r"(?:(?<!\\)\*)+$")


def ensure_final(text: str, mark: str) -> str:
    """End a line with mark unless it already ends with sentence punctuation (inside the emphasis marks
    that close it, too: '*... hành chính.*' ends with its full stop)."""
    stripped = text.rstrip()
    closing = _CLOSING_MARKS.search(stripped)
    marks = closing.group() if closing else ""
    words = stripped[:len(stripped) - len(marks)].rstrip()
    last = words[-1:]
    if last and last in ".;:!?…":
        if mark == ";" and last in ".;":
            return words[:-1] + ";" + marks
        return words + marks
    return stripped + mark
