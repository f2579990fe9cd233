"""ND-C01 ... C06: years that disagree, dates against the issue date, deadlines, dates not on the calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .. import textdates
from ..textdates import CITATION, DEADLINE, Mention
from .findings import ATTACHED, SELF_NAMING, Context, Hit


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
            if m.kind != CITATION and m.exists and not first <= m.year <= ctx.years[1] and not ctx.names(m.year):
                yield _year_mismatch(m, ctx.years, "tiêu đề")
    if ctx.years and role in ("opening", "closing", "body"):
        spans = [*(SELF_NAMING.finditer(text) if role != "body" else ()), *ATTACHED.finditer(text)]
        for span in spans:
            for m in found:
                if (span.start() <= m.start < span.end() and m.kind != CITATION and m.precision == "year"
                        and not _in_years(m.year, ctx.years) and not ctx.names(m.year)):
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
