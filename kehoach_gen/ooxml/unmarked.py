"""A document typed without Vietnamese diacritics ("CONG HOA XA HOI CHU NGHIA VIET NAM", "So:", "Noi nhan:")
still has its parts where a reader expects them. The reader recognises the fixed words of the page in that
spelling and gives them their marks, so that the checker finds the Quốc hiệu, the number line, the
recipients ... and says once that the text has no diacritics, instead of calling every part missing. Only
the decree's own fixed words are restored, never the clerk's sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from kehoach_gen.facts import nd30


def bare(text: str) -> str:
    """The text without its Vietnamese marks (case kept, 'đ' as 'd')."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in s if unicodedata.category(c) != "Mn"))


def _marked(c: str) -> bool:
    return c in "đĐ" or unicodedata.normalize("NFD", c) != c


def lacks_marks(texts: Iterable[str], least: int = 200) -> bool:
    """The text as a whole carries no Vietnamese marks: at least `least` letters, almost none marked (a
    Vietnamese text marks about every third letter; a few words borrowed with marks do not make it one)."""
    letters = marked = 0
    for text in texts:
        for c in text:
            if c.isalpha():
                letters += 1
                marked += _marked(c)
    return letters >= least and marked * 100 < letters


def _phrase(words: str) -> str:
    """A pattern for the unmarked spelling of fixed words, any spacing between them."""
    return r"\s+".join(re.escape(w) for w in bare(words).split())


def _like(typed: str, marked: str) -> str:
    """The marked words in the case and punctuation the document typed ('Cong hoa' stays lower case, an
    en dash stays an en dash): restoring the marks must not hide another fault of the line."""
    if len(typed) != len(marked):
        return marked.upper() if typed.isupper() else marked
    return "".join(m.upper() if t.isupper() else m.lower() if t.islower() else (m if t.isalpha() or t == " " else t)
                   for t, m in zip(typed, marked, strict=True))


def _cased(marked: str) -> Callable[[re.Match[str]], str]:
    def put(m: re.Match[str]) -> str:
        return _like(m.group(0), marked)
    return put


# Whole lines: the line is exactly this (the Quốc hiệu, the Tiêu ngữ, a type name).
_LINES = [nd30.QUOC_HIEU, nd30.TIEU_NGU, *(t.title for t in (*nd30.DOCUMENT_TYPES, nd30.CONG_VAN))]
# Words that open a line: what the reader looks for at a line's start.
_OPENINGS = ["Số", nd30.NOI_NHAN, nd30.KINH_GUI, "Căn cứ", nd30.APPENDIX, "(Kèm theo", "- Lưu", "Như trên"]
# Words of the header's and the signature's capital lines (issuer, authority and position).
_CAPITALS = [nd30.UBND_NAME, *nd30.UNIT_LEVELS, "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC",
             "PHÓ TRƯỞNG BAN", "TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"]
_DATE = re.compile(r"^(?P<place>[^,]{1,60}),\s*ngay\b(?P<d>[^a-zA-Z]*)thang\b(?P<m>[^a-zA-Z]*)nam\b", re.IGNORECASE)

_WHOLE = {bare(line).upper(): line for line in _LINES}
_OPEN = [(re.compile(rf"^(?:{_phrase(w)})(?![A-Za-z])", re.IGNORECASE), w) for w in _OPENINGS]
_CAPS = [(re.compile(rf"(?<![A-Z]){_phrase(w)}(?![A-Z])"), w) for w in sorted(_CAPITALS, key=len, reverse=True)]


def restore(line: str) -> str:
    """The line with the decree's fixed words given their marks, if it is one of the page's fixed forms."""
    key = " ".join(line.split())
    whole = _WHOLE.get(bare(key).replace("–", "-").replace("—", "-").upper())
    if whole is not None:
        return _like(key, whole)
    for pattern, words in _OPEN:
        if pattern.match(key):
            key = pattern.sub(_cased(words), key, count=1)
            break
    m = _DATE.match(key)
    if m:
        key = f"{m.group('place')}, ngày{m.group('d')}tháng{m.group('m')}năm{key[m.end():]}"
    if key.isupper() or nd30.AUTHORITY_MARK.match(key):
        for pattern, words in _CAPS:
            key = pattern.sub(words, key)
    return key
