"""ND-C01 ... C06: years that disagree, dates against the issue date, deadlines, dates not on the calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kehoach_gen.content.findings import ATTACHED, CONTENT, PLAN_AND_DOCX, SELF_NAMING, Context
from kehoach_gen.facts import textdates
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.facts.textdates import CITATION, DEADLINE, Mention

_YEARS = Family(
    "ND-C01", "Năm nêu trong văn bản khác năm của văn bản", CONTENT, PLAN_AND_DOCX, suggests=True,
    measured="năm của văn bản (kế hoạch, báo cáo) đọc từ trích yếu ('năm 2027', 'giai đoạn 2026 - 2030'); rồi năm "
             "ghi ở tiêu đề phần, mục, tiêu đề phụ lục, câu nêu chính văn bản ('ban hành Kế hoạch ... năm 2026') "
             "và lời '(phụ lục ... kèm theo)'",
    tolerance="không báo năm của văn bản được dẫn, năm mà chính trích yếu nêu ('định hướng đến năm 2045'); tiêu "
              "đề phần, mục được nêu năm trước đó (phần 'Kết quả năm 2026' của kế hoạch năm 2027), năm sau đó ở "
              "báo cáo (phần 'Phương hướng, nhiệm vụ năm 2028' của báo cáo năm 2027)")
C01 = _YEARS.check(
    "", "E", "{what} ghi '{text}' nhưng {noun} là {right} (theo trích yếu)", title="năm khác năm của văn bản",
    fix="sửa thành {right}, hoặc sửa năm ở trích yếu nếu trích yếu sai",
    example={"where": "phu_luc[1].tieu_de", "what": "tiêu đề", "text": "năm 2026", "noun": "kế hoạch",
             "right": "năm 2027"})

_ISSUED = Family(
    "ND-C02", "Ngày ban hành không khớp năm của văn bản", CONTENT, PLAN_AND_DOCX, suggests=True,
    measured="năm ở dòng địa danh, ngày tháng (hoặc trường ngay) so với năm của văn bản theo trích yếu",
    tolerance="kế hoạch ban hành từ năm trước đến hết năm của nó; báo cáo ban hành trong năm được báo cáo hoặc "
              "năm sau đó")
C02_LATE = _ISSUED.check(
    "a", "E", "ngày ban hành năm {year}, quá muộn so với {years} của {noun} (theo trích yếu)",
    title="ban hành quá muộn so với năm của văn bản", fix="sửa năm ở ngày ban hành hoặc ở trích yếu",
    example={"where": "ngay", "year": "2028", "years": "năm 2027", "noun": "kế hoạch"})
C02_EARLY = _ISSUED.check(
    "b", "W", "ngày ban hành năm {year}, sớm hơn nhiều so với {years} của {noun}",
    title="ban hành quá sớm so với năm của văn bản", fix="kiểm tra năm ở ngày ban hành hoặc ở trích yếu",
    tolerance="kế hoạch năm sau thường ban hành từ cuối năm trước, nên chỉ báo khi sớm hơn từ hai năm; có thể "
              "đúng (kế hoạch nhiều năm soạn sớm), nên chỉ là cảnh báo",
    example={"where": "ngay", "year": "2024", "years": "năm 2027", "noun": "kế hoạch"})

_CITED = Family(
    "ND-C03", "Văn bản được dẫn có ngày sau ngày ban hành", CONTENT, PLAN_AND_DOCX, suggests=True,
    measured="ngày đầy đủ (ngày, tháng, năm) của văn bản được dẫn ('Quyết định số 12/QĐ-UBND ngày 15/3/2027') so "
             "với ngày ban hành văn bản; bản dự thảo chỉ có tháng thì so với ngày cuối tháng đó",
    tolerance="chỉ báo ngày có đủ ngày, tháng, năm và chắc chắn sau ngày ban hành")
C03 = _CITED.check(
    "", "E", "văn bản được dẫn ghi ngày {date}, sau ngày ban hành {noun} ({issued}): không thể dẫn văn bản chưa có",
    title="dẫn văn bản có ngày sau ngày ban hành",
    fix="kiểm tra lại ngày, tháng, năm của văn bản được dẫn (thường là gõ nhầm năm)",
    example={"where": "can_cu[2]", "date": "15/03/2027", "noun": "kế hoạch", "issued": "09/03/2026"})

_DEADLINES = Family(
    "ND-C04", "Thời hạn trước ngày ban hành",
    CONTENT + " (chỉ xét văn bản đặt việc phải làm: Kế hoạch, Chương trình, Phương án, Đề án)", PLAN_AND_DOCX,
    suggests=True,
    measured="các thời hạn ('trước ngày 15/12/2026', cột 'Thời gian' của bảng phụ lục) so với ngày ban hành",
    tolerance="ngày trước năm ban hành hơn một năm là ngày trong lịch sử ('trước ngày 01/01/1945'), không phải "
              "thời hạn; bản dự thảo chỉ có tháng thì so với ngày đầu tháng")
C04 = _DEADLINES.check(
    "", "E", "thời hạn '{text}' đã qua trước ngày ban hành ({issued})", title="thời hạn đã qua",
    fix="đặt thời hạn sau ngày ban hành ({noun} năm trước còn sót lại?)",
    example={"where": "phan[2].muc[1].nhiem_vu[1].thoi_gian", "text": "trước ngày 15/12/2025", "issued": "09/03/2026",
             "noun": "kế hoạch"})

_OUTSIDE = Family(
    "ND-C05", "Thời hạn ngoài năm của văn bản", _DEADLINES.clause, PLAN_AND_DOCX, suggests=True,
    measured="các thời hạn so với năm (giai đoạn) của văn bản theo trích yếu",
    tolerance="cho phép thời hạn từ ngày ban hành đến đầu năm của kế hoạch (đơn vị ban hành kế hoạch của mình "
              "trước) và trong quý I năm sau (báo cáo tổng kết); khác thế có thể vẫn đúng, nên chỉ là cảnh báo")
C05 = _OUTSIDE.check(
    "", "W", "thời hạn '{text}' nằm ngoài {years} của {noun}", title="thời hạn ngoài năm của văn bản",
    fix="kiểm tra năm của thời hạn ({noun} {years})",
    example={"where": "phan[2].muc[1].nhiem_vu[1].thoi_gian", "text": "tháng 6 năm 2029", "years": "năm 2027",
             "noun": "kế hoạch"})

_CALENDAR = Family(
    "ND-C06", "Ngày không có trên lịch", "Phụ lục I, II.4.b (ngày, tháng, năm ghi đầy đủ) và " + CONTENT,
    PLAN_AND_DOCX, suggests=True,
    measured="mọi ngày ghi trong văn bản ('30/02/2027', 'ngày 31 tháng 4 năm 2027', 'ngày 21/9/025' thiếu chữ số năm)")
C06 = _CALENDAR.check(
    "", "E", "'{text}' không có trên lịch", title="ngày không có trên lịch",
    fix="kiểm tra lại ngày, tháng, năm (năm ghi đủ bốn chữ số; tháng 2 có 28 hoặc 29 ngày; tháng 4, 6, 9, 11 có 30 "
        "ngày)",
    example={"where": "phan[2].muc[1].noi_dung[1]", "text": "30/02/2027"})


def _words(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _in_years(year: int, years: tuple[int, int]) -> bool:
    return years[0] <= year <= years[1]


def _years_words(years: tuple[int, int]) -> str:
    return f"năm {years[0]}" if years[0] == years[1] else f"giai đoạn {years[0]} - {years[1]}"


# --- dates ---------------------------------------------------------------------------------------------

def date_hits(text: str, role: str, ctx: Context) -> Iterator[Finding]:
    """ND-C01, C03 ... C06 in one text. role says what the text is (a thoi_gian is all deadlines, an
    appendix title states the plan's year)."""
    found = textdates.mentions(text, DEADLINE if role == "thoi_gian" else textdates.OTHER)
    for start, end in textdates.broken_dates(text):
        yield C06(snippet=text[start:end], at=start, text=text[start:end])
    for m in found:
        if not m.exists:
            yield C06(snippet=m.text, at=m.start, text=m.text)
            continue
        yield from _date_hit(m, ctx)
    if ctx.years and role in ("appendix_title", "title"):
        # A section may review the year before ("Kết quả năm 2026" in a 2027 plan), and a report's the year
        # after ("Phương hướng, nhiệm vụ năm 2028" in the report on 2027); an appendix is the document's year.
        first = ctx.years[0] - (role == "title")
        last = ctx.years[1] + (role == "title" and not ctx.forward)
        for m in found:
            if m.kind != CITATION and m.exists and not first <= m.year <= last and not ctx.names(m.year):
                yield _year_mismatch(m, ctx, "tiêu đề")
    if ctx.years and role in ("opening", "closing", "body"):
        spans = [*(SELF_NAMING.finditer(text) if role != "body" else ()), *ATTACHED.finditer(text)]
        for span in spans:
            for m in found:
                if (span.start() <= m.start < span.end() and m.kind != CITATION and m.precision == "year"
                        and not _in_years(m.year, ctx.years) and not ctx.names(m.year)):
                    yield _year_mismatch(m, ctx, f"câu nêu {ctx.noun}" if role != "body" else "phụ lục kèm theo")


def _year_mismatch(m: Mention, ctx: Context, what: str) -> Finding:
    assert ctx.years is not None
    return C01(snippet=m.text, at=m.start, what=what, text=m.text, noun=ctx.noun, right=_years_words(ctx.years))


def _date_hit(m: Mention, ctx: Context) -> Iterator[Finding]:
    first, last = m.first_day(), m.last_day()
    if first is None or last is None:
        return
    if m.kind == CITATION and m.precision == "day" and ctx.issued_to and first > ctx.issued_to:
        yield C03(snippet=m.text, at=m.start, date=_words(first), noun=ctx.noun, issued=_issued_words(ctx))
    elif m.kind == DEADLINE and not ctx.forward:
        return
    elif m.kind == DEADLINE and ctx.issued_from and last.year < ctx.issued_from.year - 1:
        return  # "hoạt động trước ngày 01/01/1945": a date in history, not this plan's deadline
    elif m.kind == DEADLINE and ctx.issued_from and last < ctx.issued_from:
        yield C04(snippet=m.text, at=m.start, text=m.text, issued=_issued_words(ctx), noun=ctx.noun)
    elif m.kind == DEADLINE and ctx.years and _outside(first, last, ctx):
        yield C05(snippet=m.text, at=m.start, text=m.text, years=_years_words(ctx.years), noun=ctx.noun)


def _outside(first: dt.date, last: dt.date, ctx: Context) -> bool:
    """A deadline outside the plan's years that is not the usual kind: one between the issue date and the
    start of the year (units issue their own plans first) or in the first quarter after it (final reports)."""
    assert ctx.years is not None
    start, end = ctx.years
    if last.year < start:
        if ctx.issued_from is None or ctx.issued_to is None:
            return True
        # Before the issue date is ND-C04's. A draft knows only its month: a deadline in that month may
        # fall before the day it is signed (last year's "trước ngày 15/12" left in next year's plan); the
        # month's last day ("trước ngày 31/12/2025" in a plan signed in 12/2025) cannot.
        return ctx.issued_from != ctx.issued_to and first < ctx.issued_to
    return first > dt.date(end + 1, 3, 31)


def _issued_words(ctx: Context) -> str:
    if ctx.issued_from and ctx.issued_from == ctx.issued_to:
        return _words(ctx.issued_from)
    if ctx.issued_from and ctx.issued_to and ctx.issued_from.month == ctx.issued_to.month:
        return f"tháng {ctx.issued_from.month}/{ctx.issued_from.year}"
    return f"năm {ctx.issued_from.year}" if ctx.issued_from else "chưa có ngày"


def issue_hits(year: int | None, ctx: Context) -> Iterator[Finding]:
    """ND-C02: a plan for 2027 is issued late in 2026 or in 2027, not after its year has ended (a report on
    2027, in 2027 or early in the year after)."""
    if not year or not ctx.years:
        return
    if year > ctx.years[1] + (not ctx.forward):
        yield C02_LATE(snippet=str(year), year=year, years=_years_words(ctx.years), noun=ctx.noun)
    elif year < ctx.years[0] - 1:
        yield C02_EARLY(snippet=str(year), year=year, years=_years_words(ctx.years), noun=ctx.noun)
