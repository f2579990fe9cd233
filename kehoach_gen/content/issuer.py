"""ND-C20, C21: the plan's wording against its issuer: a province's bodies or a city's, and the unit's name
as the header spells it."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from kehoach_gen.content.findings import CONTENT, PLAN_ONLY
from kehoach_gen.facts import vn, wording
from kehoach_gen.facts.findings import Family, Finding

_WORDING = Family(
    "ND-C20", "Cách gọi cơ quan không khớp cấp tỉnh, thành phố", CONTENT, PLAN_ONLY, suggests=True,
    measured="tên các cơ quan của tỉnh hay của thành phố trực thuộc trung ương ('Tỉnh ủy' / 'Thành ủy', "
             "'HĐND tỉnh' / 'HĐND thành phố') so với cấp của cơ quan ban hành ở phần đầu",
    tolerance="không báo khi sau đó là tên riêng của đơn vị khác ('Tỉnh ủy Vân Nam'), khi nêu cả hai ('Thành "
              "ủy/Tỉnh ủy', 'tỉnh, thành phố'), trong chú thích (dẫn văn bản của nơi khác), hoặc ở kế hoạch cấp xã")
C20 = _WORDING.check(
    "", "E", "'{text}' không đúng với {unit} của kế hoạch", title="cách gọi cơ quan sai cấp", fix="viết '{right}'",
    example={"where": "phan[2].muc[1].noi_dung[1]", "text": "Tỉnh ủy", "unit": "thành phố", "right": "Thành ủy"})
_SPELLING = Family(
    "ND-C21", "Tên tỉnh, thành phố viết khác phần đầu văn bản", CONTENT, PLAN_ONLY, suggests=True,
    measured="mọi chỗ viết tên tỉnh, thành phố mà bỏ dấu đi thì trùng tên ở phần đầu ('Lai Chau', 'Lai châu')",
    tolerance="chấp nhận cả hai cách đặt dấu thanh ('Thanh Hoá' và 'Thanh Hóa'), tên viết hoa toàn bộ; một chữ "
              "thường trùng tên khi bỏ dấu ('huệ' với Huế) không bị báo")
C21 = _SPELLING.check(
    "", "E", "tên '{written}' viết khác phần đầu văn bản ('{name}')", title="tên tỉnh viết khác phần đầu",
    fix="viết '{name}'", example={"where": "mo_dau[1]", "written": "Lai Chau", "name": "Lai Châu"})


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower()


class _FoldTable(dict[int, str]):
    """str.translate's table for fold(), filled in as characters are met: building it for every character
    up to U+2000 at once took a few milliseconds of each process that checks a plan."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if 0x1E00 <= code < 0x1F00:  # Vietnamese letters with two marks (ấ, ặ, ữ ...)
            folded = _fold_char(c)
        elif 0x20 <= code < 0x2000:
            folded = _fold_char(c)
            if len(folded) != 1:  # one character for one
                folded = c
        else:
            folded = c
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: positions in the result are positions in text."""
    return text.translate(_FOLD)


# "Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương": both kinds named together, no unit's own body.
# Compiled on first use: only a text with a wrong-looking form asks.
@functools.cache
def _both_kinds() -> re.Pattern[str]:
    return re.compile(r"\s*(?:,|và|/|hoặc)\s*(?:thành phố|tỉnh)(?!\w)(?!\s*(?:ủy|uỷ))")


def _next_word_capitalised(text: str, end: int) -> bool:
    m = re.match(r"\s+(\w)", text[end:end + 4])
    return bool(m and m.group(1).isupper())


def wording_hits(text: str, body: vn.IssuingBody) -> Iterator[Finding]:
    """ND-C20: a city's plan says "Tỉnh ủy", a province's says "HĐND thành phố". A form followed by a
    proper name is another unit's ("Bí thư Tỉnh ủy Vân Nam") and is fine."""
    if not body.is_provincial or not any(n in text for n in wording.needles(body.kind)):
        return  # a commune's plan names the province's bodies and its own alike
    rx, right = wording.wrong_forms(body.kind)
    for m in rx.finditer(text):
        if _next_word_capitalised(text, m.end()) or m.group(0).isupper() or _both_kinds().match(text, m.end()):
            continue
        if text[m.end():m.end() + 1] == "/" or text[max(m.start() - 1, 0):m.start()] == "/":
            continue  # "Thành ủy/Tỉnh ủy": both kinds named, as a central text addresses them
        fix = right[m.group(0).lower().replace("uỷ", "ủy")]
        if m.group(0)[0].isupper():
            fix = fix[0].upper() + fix[1:]
        yield C20(snippet=m.group(0), at=m.start(), text=m.group(0), unit=body.unit, right=fix)


def ascii_fold(text: str) -> str:
    """A quick lower-case, diacritic-free copy (positions not kept): enough to count a name's spellings."""
    return unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore").decode().lower()


def name_variants_possible(text: str, body: vn.IssuingBody) -> bool:
    """False when every diacritic-free occurrence of the name is the name as written: the common case,
    decided in one pass over the whole plan instead of one per paragraph."""
    key = ascii_fold(body.name)
    spelled = text.count(body.name) + text.count(vn.upper(body.name))
    folded = ascii_fold(text)
    found, at = 0, folded.find(key)
    while at >= 0:
        end = at + len(key)
        if (at == 0 or not folded[at - 1].isalpha()) and (end == len(folded) or not folded[end].isalpha()):
            found += 1
        at = folded.find(key, end)
    return found != spelled


# The old and the new placement of a tone mark on "oa", "oe", "uy": the same word either way. Compiled on
# first use: only a text that may spell the unit's name differently asks.
@functools.cache
def _tones() -> re.Pattern[str]:
    return re.compile(r"([oOuU])([áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ])")


def _new_tone(m: re.Match[str]) -> str:
    """'oá' -> 'óa', 'uỷ' -> 'ủy': the tone moved onto the first vowel."""
    parts = unicodedata.normalize("NFD", m.group(2))
    return unicodedata.normalize("NFC", m.group(1) + parts[1:]) + parts[0]


def name_hits(text: str, body: vn.IssuingBody) -> Iterator[Finding]:
    """ND-C21: the province's name as the header spells it ('Lai Châu', not 'Lai Chau' or 'Lai châu')."""
    name = body.name
    key = fold(name)
    folded = fold(text)
    if key not in folded:
        return
    words = len(name.split())
    for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
        written = text[m.start():m.end()]
        if _tones().sub(_new_tone, written) in (_tones().sub(_new_tone, name), vn.upper(name)):
            continue  # "Thanh Hoá" for "Thanh Hóa": both placements of the tone are accepted writing
        kind_before = re.search(r"(?:tỉnh|thành phố)\s+$", text[max(0, m.start() - 12):m.start()], re.IGNORECASE)
        if not kind_before and (words == 1 or not all(w[:1].isupper() for w in written.split())):
            continue  # an ordinary word that folds alike ("huệ" for Huế), not the unit's name
        yield C21(snippet=written, at=m.start(), written=written, name=name)
