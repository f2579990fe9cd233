"""What a leader would send back that no layout rule sees: the content checks (ND-C01 ...).

Pure functions over the model (or over plain paragraphs of any .docx) returning findings; each finding on
a plan is located at the YAML file:line:col the loader recorded for the value. Errors are things that
cannot be right (a cited document dated after the plan), warnings are things to look at, leftovers are
what the clerk still has to fill in (a starter's sample name, an import's "[Cần bổ sung ...]", an empty
table). Drafts render with all of them; the final mode (`--ban-chinh-thuc`) refuses errors and leftovers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import textdates, vn, wording
from .errors import Problem
from .textdates import CITATION, DEADLINE, Mention

Path_ = tuple[str | int, ...]

# What each code means, once: the JSON report of `kehoach check` carries it as the finding's title.
CODES: dict[str, str] = {
    "ND-C00": "không kiểm tra được nội dung",
    "ND-C01": "năm nêu trong văn bản khác năm của kế hoạch",
    "ND-C02": "ngày ban hành không khớp năm của kế hoạch",
    "ND-C03": "văn bản được dẫn có ngày sau ngày ban hành",
    "ND-C04": "thời hạn trước ngày ban hành",
    "ND-C05": "thời hạn ngoài năm của kế hoạch",
    "ND-C06": "ngày không có trên lịch",
    "ND-C10": "chỗ giữ chỗ chưa điền",
    "ND-C11": "tên mẫu chưa thay",
    "ND-C12": "chỗ trống '...', 'xx' chưa điền",
    "ND-C13": "bảng phụ lục trống",
    "ND-C14": "phụ lục không được nhắc đến trong văn bản",
    "ND-C15": "dẫn phụ lục không có",
    "ND-C16": "nơi nhận bị lặp",
    "ND-C17": "nơi nhận thiếu hoặc lặp dòng Lưu",
    "ND-C20": "cách gọi cơ quan không khớp cấp tỉnh, thành phố",
    "ND-C21": "tên tỉnh, thành phố viết khác phần đầu văn bản",
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "E" error, "W" warning
    message: str
    suggestion: str = ""
    leftover: bool = False
    file: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""  # the YAML field (a plan) or the paragraph (a .docx)

    @property
    def blocks_final(self) -> bool:
        """The version that goes to signature may keep warnings, never an error or a leftover."""
        return self.severity == "E" or self.leftover

    def __str__(self) -> str:
        tip = f"; gợi ý: {self.suggestion}" if self.suggestion else ""
        kind = " (còn sót)" if self.leftover else ""
        return str(Problem(f"[{self.code}]{kind} {self.message}{tip}", file=self.file, line=self.line,
                           column=self.column, path=self.path, severity=self.severity))

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.code, "title": CODES[self.code], "severity": self.severity, "where": self.path,
                "message": self.message,
                "suggestion": self.suggestion, "leftover": self.leftover, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Hit:
    """A finding inside one text, before it is located: snippet is the words it is about."""

    code: str
    severity: str
    message: str
    snippet: str
    suggestion: str = ""
    leftover: bool = False
    at: int = -1  # where the snippet starts in the text, when known (a text may hold the same words twice)


@dataclass
class Context:
    """What the text checks compare against: when the plan is issued and which years it covers."""

    issued_from: dt.date | None = None  # earliest possible issue date (a draft knows only the month)
    issued_to: dt.date | None = None
    years: tuple[int, int] | None = None
    forward: bool = True  # a plan looks ahead, so its deadlines are checked; a report tells what is past

    @classmethod
    def of(cls, year: int | None, month: int | None, day: int | None, summary: str, opening: Iterable[str] = (),
           forward: bool = True) -> Context:
        ctx = cls(years=textdates.plan_years(summary) or _years_from_opening(opening), forward=forward)
        if year:
            if day and month:
                try:
                    ctx.issued_from = ctx.issued_to = dt.date(year, month, day)
                except ValueError:
                    return ctx
            else:
                ctx.issued_from = dt.date(year, month or 1, 1)
                last = month or 12
                ctx.issued_to = dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)
        return ctx


_SELF_NAMING = re.compile(r"(?:ban hành|Trên đây là)\s+(?:[^.;:]{0,40}?)Kế hoạch(?!\s+(?:số|\d))[^.;:()]{0,160}",
                          re.IGNORECASE)
_ATTACHED = re.compile(r"\([^()]{0,200}kèm theo\)", re.IGNORECASE)


def _years_from_opening(opening: Iterable[str]) -> tuple[int, int] | None:
    for text in opening:
        for m in _SELF_NAMING.finditer(text):
            years = textdates.plan_years(m.group(0))
            if years:
                return years
    return None


def _words(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _in_years(year: int, years: tuple[int, int]) -> bool:
    return years[0] <= year <= years[1]


def _years_words(years: tuple[int, int]) -> str:
    return f"năm {years[0]}" if years[0] == years[1] else f"giai đoạn {years[0]} - {years[1]}"


# --- dates ---------------------------------------------------------------------------------------------

def date_hits(text: str, role: str, ctx: Context) -> Iterator[Hit]:
    """ND-C01, C03 ... C06 in one text. role says what the text is (a thoi_gian is all deadlines, an
    appendix title states the plan's year)."""
    found = textdates.mentions(text, DEADLINE if role == "thoi_gian" else textdates.OTHER)
    for m in found:
        if not m.exists:
            yield Hit("ND-C06", "E", f"'{m.text}' không có trên lịch", m.text,
                      "kiểm tra lại ngày, tháng (tháng 2 có 28 hoặc 29 ngày; tháng 4, 6, 9, 11 có 30 ngày)", at=m.start)
            continue
        yield from _date_hit(m, ctx)
    if ctx.years and role in ("appendix_title", "title"):
        # A section may review the year before ("Kết quả năm 2026" in a 2027 plan); an appendix is the plan's.
        first = ctx.years[0] - (role == "title")
        for m in found:
            if m.kind != CITATION and m.exists and not first <= m.year <= ctx.years[1]:
                yield _year_mismatch(m, ctx.years, "tiêu đề")
    if ctx.years and role in ("opening", "closing", "body"):
        spans = [*(_SELF_NAMING.finditer(text) if role != "body" else ()), *_ATTACHED.finditer(text)]
        for span in spans:
            for m in found:
                if (span.start() <= m.start < span.end() and m.kind != CITATION and m.precision == "year"
                        and not _in_years(m.year, ctx.years)):
                    yield _year_mismatch(m, ctx.years, "câu nêu kế hoạch" if role != "body" else "phụ lục kèm theo")


def _year_mismatch(m: Mention, years: tuple[int, int], what: str) -> Hit:
    right = _years_words(years)
    return Hit("ND-C01", "E", f"{what} ghi '{m.text}' nhưng kế hoạch là {right} (theo trích yếu)", m.text,
               f"sửa thành {right}, hoặc sửa năm ở trích yếu nếu trích yếu sai", at=m.start)


def _date_hit(m: Mention, ctx: Context) -> Iterator[Hit]:
    first, last = m.first_day(), m.last_day()
    if first is None or last is None:
        return
    if m.kind == CITATION and m.precision == "day" and ctx.issued_to and first > ctx.issued_to:
        yield Hit("ND-C03", "E", f"văn bản được dẫn ghi ngày {_words(first)}, sau ngày ban hành kế hoạch "
                                 f"({_issued_words(ctx)}): không thể dẫn văn bản chưa có", m.text,
                  "kiểm tra lại ngày, tháng, năm của văn bản được dẫn (thường là gõ nhầm năm)", at=m.start)
    elif m.kind == DEADLINE and not ctx.forward:
        return
    elif m.kind == DEADLINE and ctx.issued_from and last.year < ctx.issued_from.year - 1:
        return  # "hoạt động trước ngày 01/01/1945": a date in history, not this plan's deadline
    elif m.kind == DEADLINE and ctx.issued_from and last < ctx.issued_from:
        yield Hit("ND-C04", "E", f"thời hạn '{m.text}' đã qua trước ngày ban hành ({_issued_words(ctx)})", m.text,
                  "đặt thời hạn sau ngày ban hành (kế hoạch năm trước còn sót lại?)", at=m.start)
    elif m.kind == DEADLINE and ctx.years and _outside(first, last, ctx):
        yield Hit("ND-C05", "W",
                  f"thời hạn '{m.text}' nằm ngoài {_years_words(ctx.years)} của kế hoạch", m.text,
                  f"kiểm tra năm của thời hạn (kế hoạch {_years_words(ctx.years)})", at=m.start)


def _outside(first: dt.date, last: dt.date, ctx: Context) -> bool:
    """A deadline outside the plan's years that is not the usual kind: one between the issue date and the
    start of the year (units issue their own plans first) or in the first quarter after it (final reports)."""
    assert ctx.years is not None
    start, end = ctx.years
    if last.year < start:
        if ctx.issued_from is None or ctx.issued_to is None:
            return True
        # Before the issue date is ND-C04's. A draft knows only its month: a deadline in that month may
        # fall before the day it is signed (last year's "trước ngày 15/12" left in next year's plan).
        return ctx.issued_from != ctx.issued_to and first <= ctx.issued_to
    return first > dt.date(end + 1, 3, 31)


def _issued_words(ctx: Context) -> str:
    if ctx.issued_from and ctx.issued_from == ctx.issued_to:
        return _words(ctx.issued_from)
    if ctx.issued_from and ctx.issued_to and ctx.issued_from.month == ctx.issued_to.month:
        return f"tháng {ctx.issued_from.month}/{ctx.issued_from.year}"
    return f"năm {ctx.issued_from.year}" if ctx.issued_from else "chưa có ngày"


def issue_hits(year: int | None, ctx: Context) -> Iterator[Hit]:
    """ND-C02: a plan for 2027 is issued late in 2026 or in 2027, not after its year has ended."""
    if not year or not ctx.years:
        return
    if year > ctx.years[1]:
        yield Hit("ND-C02", "E", f"ngày ban hành năm {year} nhưng kế hoạch là {_years_words(ctx.years)}: "
                                 "kế hoạch ban hành khi năm của nó đã qua", str(year),
                  "sửa năm ở ngày ban hành hoặc ở trích yếu")
    elif year < ctx.years[0] - 1:
        yield Hit("ND-C02", "W", f"ngày ban hành năm {year}, sớm hơn nhiều so với {_years_words(ctx.years)} "
                                 "của kế hoạch", str(year), "kiểm tra năm ở ngày ban hành hoặc ở trích yếu")


# --- leftovers ----------------------------------------------------------------------------------------

_BRACKET = re.compile(r"\[(?!\^)[^\[\]\n]{1,100}\]")
_BRACKET_WORDS = re.compile(r"bổ sung|cần|họ và tên|họ tên|tên\s|điền|ghi rõ|thiếu|chưa có|\.\.\.|…|\bxx", re.IGNORECASE)
_SURNAMES = ("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý")
_SAMPLE_NAME = re.compile(rf"(?<!\w)(?:{_SURNAMES})\s+(?:Văn|Thị)\s+[A-ZĐ](?!\w)")
_SINGLE_LETTER_NAME = re.compile(r"^\S+(?:\s+\S+)*\s+[A-ZĐ]\.?$")
_DOTS = re.compile(r"(?<!\w)(?:số|ngày|tháng|năm|Số|Ngày|Tháng|Năm)\s*(?:\.{2,}|…+)|(?:\.{3,}|…+)\s*/|/\s*(?:\.{3,}|…+)"
                   r"|\(\s*(?:\.{2,}|…+)\s*\)")
_XX = re.compile(r"(?<![\w/])x{2,}(?!\w)|(?<=/)X{2,}(?!\w)|(?<!\w)X{2,}(?=/)")


def leftover_hits(text: str, role: str) -> Iterator[Hit]:
    """ND-C10 ... C12: what a starter or an import left for the clerk to fill in."""
    if "[" in text:
        for m in _BRACKET.finditer(text):
            if _BRACKET_WORDS.search(m.group(0)):
                yield Hit("ND-C10", "W", f"chỗ giữ chỗ '{m.group(0)}' chưa được điền", m.group(0),
                          "thay bằng nội dung thật rồi xoá dấu [ ]", leftover=True, at=m.start())
    name = _SAMPLE_NAME.search(text) if (" Văn " in text or " Thị " in text) else None
    if name or (role == "signer" and _SINGLE_LETTER_NAME.match(text)):
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
        blank = _XX.search(text)
        if blank:
            yield Hit("ND-C12", "W", f"chỗ trống '{blank.group(0)}' chưa điền", blank.group(0),
                      "điền số, ngày cụ thể", leftover=True, at=blank.start())


# --- wording against the issuer ------------------------------------------------------------------------

def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower()


_FOLD: dict[int, str] = {}


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: positions in the result are positions in text."""
    if not _FOLD:
        for code in range(0x20, 0x2000):
            folded = _fold_char(chr(code))
            if folded != chr(code):
                _FOLD[code] = folded if len(folded) == 1 else chr(code)
        for code in range(0x1E00, 0x1F00):
            _FOLD[code] = _fold_char(chr(code))
    return text.translate(_FOLD)


# "Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương": both kinds named together, no unit's own body.
_BOTH_KINDS = re.compile(r"\s*(?:,|và|/|hoặc)\s*(?:thành phố|tỉnh)(?!\w)(?!\s*(?:ủy|uỷ))")


def _next_word_capitalised(text: str, end: int) -> bool:
    m = re.match(r"\s+(\w)", text[end:end + 4])
    return bool(m and m.group(1).isupper())


def wording_hits(text: str, body: vn.IssuingBody) -> Iterator[Hit]:
    """ND-C20: a city's plan says "Tỉnh ủy", a province's says "HĐND thành phố". A form followed by a
    proper name is another unit's ("Bí thư Tỉnh ủy Vân Nam") and is fine."""
    if not any(n in text for n in wording.needles(body.kind)):
        return
    rx, right = wording.wrong_forms(body.kind)
    for m in rx.finditer(text):
        if _next_word_capitalised(text, m.end()) or m.group(0).isupper() or _BOTH_KINDS.match(text, m.end()):
            continue
        fix = right[m.group(0).lower().replace("uỷ", "ủy")]
        if m.group(0)[0].isupper():
            fix = fix[0].upper() + fix[1:]
        yield Hit("ND-C20", "E", f"'{m.group(0)}' không đúng với cơ quan ban hành ({body.full_name})", m.group(0),
                  f"viết '{fix}'", at=m.start())


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


# The old and the new placement of a tone mark on "oa", "oe", "uy": the same word either way.
_TONES = re.compile(r"([oOuU])([áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ])")


def _new_tone(m: re.Match[str]) -> str:
    """'oá' -> 'óa', 'uỷ' -> 'ủy': the tone moved onto the first vowel."""
    parts = unicodedata.normalize("NFD", m.group(2))
    return unicodedata.normalize("NFC", m.group(1) + parts[1:]) + parts[0]


def name_hits(text: str, body: vn.IssuingBody) -> Iterator[Hit]:
    """ND-C21: the province's name as the header spells it ('Lai Châu', not 'Lai Chau' or 'Lai châu')."""
    name = body.name
    key = fold(name)
    folded = fold(text)
    if key not in folded:
        return
    words = len(name.split())
    for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
        written = text[m.start():m.end()]
        if _TONES.sub(_new_tone, written) in (_TONES.sub(_new_tone, name), vn.upper(name)):
            continue  # "Thanh Hoá" for "Thanh Hóa": both placements of the tone are accepted writing
        kind_before = re.search(r"(?:tỉnh|thành phố)\s+$", text[max(0, m.start() - 12):m.start()], re.IGNORECASE)
        if not kind_before and (words == 1 or not all(w[:1].isupper() for w in written.split())):
            continue  # an ordinary word that folds alike ("huệ" for Huế), not the unit's name
        yield Hit("ND-C21", "E", f"tên '{written}' viết khác phần đầu văn bản ('{name}')", written, f"viết '{name}'",
                  at=m.start())


# --- the plan ------------------------------------------------------------------------------------------

def texts(plan: Any) -> Iterator[tuple[Path_, str, str]]:
    """Every text of the plan a reader sees, with its model path and its role."""
    yield ("co_quan",), plan.co_quan, "field"
    yield ("trich_yeu",), plan.trich_yeu, "summary"
    if plan.dia_danh:
        yield ("dia_danh",), plan.dia_danh, "field"
    for i, t in enumerate(plan.can_cu):
        yield ("can_cu", i), t, "opening"
    for i, t in enumerate(plan.mo_dau):
        yield ("mo_dau", i), t, "opening"
    for pi, phan in enumerate(plan.phan):
        yield ("phan", pi, "tieu_de"), phan.tieu_de, "title"
        for i, t in enumerate(phan.noi_dung):
            yield ("phan", pi, "noi_dung", i), t, "body"
        for mi, muc in enumerate(phan.muc):
            base: Path_ = ("phan", pi, "muc", mi)
            if muc.tieu_de:
                yield (*base, "tieu_de"), muc.tieu_de, "title"
            for i, t in enumerate(muc.noi_dung):
                yield (*base, "noi_dung", i), t, "body"
            for di, diem in enumerate(muc.diem):
                if diem.tieu_de:
                    yield (*base, "diem", di, "tieu_de"), diem.tieu_de, "body"
                for i, t in enumerate(diem.noi_dung):
                    yield (*base, "diem", di, "noi_dung", i), t, "body"
            for ni, nv in enumerate(muc.nhiem_vu):
                task: Path_ = (*base, "nhiem_vu", ni)
                for i, t in enumerate(nv.noi_dung):
                    yield (*task, "noi_dung", i), t, "body"
                for key in ("chu_tri", "phoi_hop"):
                    value = getattr(nv, key)
                    for i, t in enumerate([value] if isinstance(value, str) else value or []):
                        yield ((*task, key) if isinstance(value, str) else (*task, key, i)), t, "field"
                if nv.thoi_gian:
                    yield (*task, "thoi_gian"), nv.thoi_gian, "thoi_gian"
                for i, t in enumerate(nv.them):
                    yield (*task, "them", i), t, "body"
    for i, t in enumerate(plan.ket_thuc):
        yield ("ket_thuc", i), t, "closing"
    for i, t in enumerate(plan.noi_nhan):
        yield ("noi_nhan", i), t, "recipient"
    yield ("nguoi_ky", "ho_ten"), plan.nguoi_ky.ho_ten, "signer"
    yield ("nguoi_ky", "chuc_vu"), plan.nguoi_ky.chuc_vu, "field"
    for k, t in plan.chu_thich.items():
        yield ("chu_thich", k), t, "footnote"
    for ai, pl in enumerate(plan.phu_luc):
        yield ("phu_luc", ai, "tieu_de"), pl.tieu_de, "appendix_title"
        for ci, t in enumerate(pl.cot):
            yield ("phu_luc", ai, "cot", ci), t, "field"
        timing = {ci for ci, col in enumerate(pl.cot) if "thời gian" in col.lower()}
        for ri, row in enumerate(pl.dong):
            for ci, t in enumerate(row):
                if t:
                    yield ("phu_luc", ai, "dong", ri, ci), t, "thoi_gian" if ci in timing else "cell"
        for i, t in enumerate(pl.ghi_chu):
            yield ("phu_luc", ai, "ghi_chu", i), t, "body"


def text_hits(text: str, role: str, ctx: Context, body: vn.IssuingBody | None, names: bool = True
              ) -> Iterator[Hit]:
    """Every check that reads one text on its own: shared by plans and .docx files. names=False skips the
    spelling of the unit's name when a pass over the whole document found no variant."""
    yield from date_hits(text, role, ctx)
    yield from leftover_hits(text, role)
    if body is not None and "[" not in body.name:  # an import that could not tell the issuer guessed its kind
        yield from wording_hits(text, body)
        if names:
            yield from name_hits(text, body)


_APPENDIX_CITED = re.compile(
    r"(?<!\w)phụ lục(?:\s+số)?\s+(?P<list>(?:[IVXLC]+|\d{1,2})(?:\s*(?:,|và|-|–|đến)\s*(?:[IVXLC]+|\d{1,2})(?!\w))*)(?!\w)",
    re.IGNORECASE)
_APPENDIX_ANY = re.compile(r"(?<!\w)phụ lục(?!\s+(?:số\s+)?(?:[IVXLC]+|\d{1,2})(?!\w))", re.IGNORECASE)


def _numbers(listed: str) -> list[int]:
    out: list[int] = []
    parts = re.split(r"\s*(,|và|-|–|đến)\s*", listed)
    values = [p for i, p in enumerate(parts) if i % 2 == 0]
    seps = [p for i, p in enumerate(parts) if i % 2 == 1]
    nums = [int(v) if v.isdigit() else (vn.from_roman(v) or 0) for v in values]
    for i, n in enumerate(nums):
        if i and seps[i - 1] in ("-", "–", "đến") and out and n > out[-1]:
            out.extend(range(out[-1] + 1, n + 1))
        else:
            out.append(n)
    return out


def _recipient_key(text: str) -> str:
    t = re.sub(r"\((?:để\s+)?(?:b/c|báo cáo|đ/b|biết|t/h|thực hiện|p/h|phối hợp)[^)]*\)", "", text, flags=re.IGNORECASE)
    return " ".join(re.sub(r"[^\w\s]", " ", fold(t)).split())


@dataclass
class Locator:
    """YAML positions for model paths: the loader's table of values, refined to the line and column of
    the words inside a multi-line block."""

    located: Any
    source: str
    name: str

    def __post_init__(self) -> None:
        self.lines = self.source.split("\n")
        self.starts = sorted(set(self.located.values.values()))

    def at(self, path: Path_, text: str = "", snippet: str = "", offset: int = -1) -> tuple[int | None, int | None]:
        anchor = self.located.where(path)
        if anchor is None:
            return None, None
        nxt = bisect.bisect_right(self.starts, anchor)
        end = self.starts[nxt][0] if nxt < len(self.starts) else len(self.lines)
        line, col = anchor
        last = min(max(end, line), len(self.lines))
        if text:  # a paragraph of a block is a line of its own: find that line first
            whole = next((n for n in range(line, last + 1) if self.lines[n - 1].strip().endswith(text)), None)
            if whole is not None:
                line, col = whole, len(self.lines[whole - 1].rstrip()) - len(text) + 1
                if offset >= 0:  # the words themselves, even when the paragraph holds them twice
                    return line, col + offset
        for probe in (text[:30], snippet):
            if not probe:
                continue
            for n in range(line, max(end, line) + 1):
                if n > len(self.lines):
                    break
                row = self.lines[n - 1].lower()  # the model holds some fields in capitals
                k = row.find(probe.lower(), col - 1 if n == line else 0)
                if k >= 0:
                    line, col = n, k + 1
                    break
        return line, col


def check_plan(plan: Any, located: Any, name: str, source: str) -> list[Finding]:
    """All content findings of a loaded plan, in file order."""
    from .loader import format_path

    locator = Locator(located, source, name)
    body = plan.body
    d = plan.ngay
    ctx = Context.of(d.nam if d else None, d.thang if d else None, d.ngay if d else None, plan.trich_yeu,
                     [*plan.mo_dau, *plan.can_cu, *plan.ket_thuc])
    out: list[Finding] = []

    def add(hit: Hit, path: Path_, text: str = "") -> None:
        line, col = locator.at(path, text, hit.snippet, hit.at)
        out.append(Finding(hit.code, hit.severity, hit.message, hit.suggestion, hit.leftover, name, line, col,
                           format_path(path)))

    for hit in issue_hits(d.nam if d else None, ctx):
        add(hit, ("ngay",))
    cited: set[int] = set()
    generic = False
    everything = list(texts(plan))
    names = name_variants_possible("\n".join(t for _, t, _ in everything), body)
    for path, text, role in everything:
        for hit in text_hits(text, role, ctx, body, names):
            add(hit, path, text)
        if role in ("opening", "body", "closing", "title", "footnote") and "hụ lục" in text.lower():
            for m in _APPENDIX_CITED.finditer(text):
                numbers = _numbers(m.group("list"))
                cited.update(numbers)
                if max(numbers) > len(plan.phu_luc):
                    have = f"chỉ có {len(plan.phu_luc)} phụ lục" if plan.phu_luc else "không có phụ lục nào"
                    add(Hit("ND-C15", "E", f"dẫn '{m.group(0)}' nhưng kế hoạch {have}", m.group(0),
                            "thêm phụ lục vào phu_luc hoặc sửa lời dẫn", at=m.start()), path, text)
            generic = generic or bool(_APPENDIX_ANY.search(text))
    for ai, pl in enumerate(plan.phu_luc):
        if not any(any(c.strip() for c in row) for row in pl.dong):
            add(Hit("ND-C13", "W", f"bảng của phụ lục '{pl.tieu_de}' chưa có dòng nào", "",
                    "điền các dòng của bảng (dong), hoặc bỏ phụ lục", leftover=True), ("phu_luc", ai, "dong"))
        if ai + 1 not in cited and not generic:
            heading = "Phụ lục" if len(plan.phu_luc) == 1 else f"Phụ lục {vn.roman(ai + 1)}"
            add(Hit("ND-C14", "W", f"{heading} ('{pl.tieu_de}') không được nhắc đến trong văn bản", "",
                    f"thêm lời dẫn, ví dụ '(Chi tiết tại {heading} kèm theo)'"), ("phu_luc", ai, "tieu_de"))
    seen: dict[str, int] = {}
    for i, entry in enumerate(plan.noi_nhan):
        key = _recipient_key(entry)
        if re.match(r"(?i)lưu\s*:", entry):
            add(Hit("ND-C17", "E", f"'{entry}' là dòng Lưu, máy đã tự ghi từ trường luu", entry,
                    "xoá dòng này khỏi noi_nhan, ghi vào luu: [VT, ...]"), ("noi_nhan", i))
        elif key and key in seen:
            add(Hit("ND-C16", "E", f"nơi nhận '{entry}' trùng với dòng {seen[key] + 1} của Nơi nhận", entry,
                    "xoá một dòng"), ("noi_nhan", i))
        else:
            seen.setdefault(key, i)
    if isinstance(located.data, dict) and "luu" not in located.data:
        add(Hit("ND-C17", "W", "Nơi nhận chưa có dòng Lưu của đơn vị soạn thảo (máy chỉ ghi 'Lưu: VT')", "",
                "thêm luu: [VT, <chữ viết tắt đơn vị soạn thảo>]"), ("noi_nhan",))
    out.sort(key=lambda f: (f.line is None, f.line or 0, f.column or 0))
    return out


def load_checked(path: str | Path, *, content: bool = True) -> tuple[Any, list[Finding]]:
    """Load and validate a plan (raising PlanInvalid as the loader does), then run the content checks."""
    from .loader import parse, read_text, validate

    p = Path(path)
    text = unicodedata.normalize("NFC", read_text(p))
    located = parse(text, str(p))
    plan = validate(located, str(p))
    return plan, (check_plan(plan, located, str(p), text) if content else [])


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocks_final]


def summary(findings: list[Finding]) -> str:
    """'1 lỗi, 2 cảnh báo (1 chỗ chưa điền)' for the line after the findings."""
    errors = sum(f.severity == "E" for f in findings)
    left = sum(f.leftover for f in findings)
    tail = f" ({left} chỗ chưa điền)" if left else ""
    return f"nội dung: {errors} lỗi, {len(findings) - errors} cảnh báo{tail}"
