"""Dates and years written in Vietnamese administrative text: where they are, what they are (the date of a
cited document, a deadline, anything else), whether they exist. Shared by the content checks of a YAML
plan, of any .docx, and by `new --from`, so a date is read the same way everywhere."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from kehoach_gen.facts import nd30

CITATION, DEADLINE, OTHER = "citation", "deadline", "other"

# A mention ends in its year, and a plan's years are 19xx or 20xx: the scan looks for those two literals
# (which Python's re skips to in C, unlike a digit class) and reads what stands before each year with
# patterns anchored at the year. A plan has a few hundred paragraphs and this runs on each at every save.
_YEARS = (re.compile(r"20\d\d"), re.compile(r"19\d\d"))
_DAY_WORDS = ("day", re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+$"))
_DAY_NUMBERS = ("day", re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)$"))
_MONTH = ("month", re.compile(r"(?<!\w)tháng\s+(?P<m>\d{1,2})\s*(?:/\s*|năm\s+)$"))
_QUARTER = ("quarter", re.compile(r"(?<!\w)quý\s+(?P<q>iv|i{1,3})\s*(?:/|năm\s+)$"))
_YEAR = ("year", re.compile(r"(?<!\w)năm\s+$"))
# Which forms can end in what stands right before the year: "/" (05/01/2026, tháng 6/2026, quý II/2026),
# "." or "-" (05.01.2026), "năm " (ngày 05 tháng 01 năm 2026, tháng 6 năm 2026, quý II năm 2026, năm 2026).
_BY_SIGN = {"/": (_DAY_NUMBERS, _MONTH, _QUARTER), ".": (_DAY_NUMBERS,), "-": (_DAY_NUMBERS,)}
_AFTER_WORD = (_DAY_WORDS, _MONTH, _QUARTER, _YEAR)
_DAY_WORD_BEFORE = re.compile(r"(?<!\w)ngày\s*$")
_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d{4}")
# "66.4.2025/NQ-CP": figures followed by "/" and a symbol are a document's number (a resolution's, mistyped
# with a dot), never a date.
_SYMBOL_AFTER = re.compile(r"\s*/\s*[a-zđ]")
# "ngày 21/9/025": a day and month in figures whose year lost a digit. Not a date anyone can read, so a
# broken one to report; the scan for years (19xx, 20xx) never sees it.
_SHORT_YEAR = re.compile(r"(?<!\w)ngày\s*(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*\d{3}(?![\d/])",
                         re.IGNORECASE)

# A document's number and symbol right before its date: "số 12/KH-UBND", "Chỉ thị 38-CT/TW,", "số 303- CV/TU",
# "số 70/2020/QH14", "Kế hoạch 147/KH-UBND".
_SYMBOL_BEFORE = re.compile(
    r"\d{1,5}[a-zđ]?(?:\s*/\s*\d{4})?\s*[-/]\s*[A-ZĐ][A-Za-zĐđ0-9]*(?:\s*[-/.]\s*[A-Za-zĐđ0-9]+)*"
    r"(?:\s+của\s+[^,;.()]{1,60}?)?\s*,?\s*(?:ngày\s*)?$")
# What makes a date a deadline or a due month: "trước ngày", "chậm nhất là", "hạn", "hoàn thành trong",
# "đến hết". A bare "đến ngày" is as often a data cut-off ("đến ngày 31/12, toàn tỉnh có ...") as a due date.
_DEADLINE_BEFORE = re.compile(
    r"(?:trước|chậm nhất(?:\s+là)?|hạn(?:\s+chót)?|hoàn thành(?:\s+trong|\s+trước)?|xong\s+trước|"
    r"đến\s+(?:hết|trước)|trong)\s*(?:ngày|tháng|quý|năm)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A date (day precision), a month, a quarter or a year named in a text."""

    start: int
    end: int
    text: str
    year: int
    month: int | None = None  # for a quarter: its last month
    day: int | None = None
    kind: str = OTHER
    precision: str = "day"  # "day" | "month" | "quarter" | "year"

    @property
    def exists(self) -> bool:
        if self.day is None:
            return self.month is None or 1 <= self.month <= 12
        try:
            dt.date(self.year, self.month or 1, self.day)
        except ValueError:
            return False
        return True

    def first_day(self) -> dt.date | None:
        if not self.exists:
            return None
        if self.precision == "quarter" and self.month:
            return dt.date(self.year, self.month - 2, 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date | None:
        if not self.exists:
            return None
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        nxt = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)


def _kind(text: str, start: int, default: str) -> str:
    # Windows as short as the words can be: these searches run for every date of the plan.
    near = text[max(0, start - 40):start]
    if ("/" in near or "-" in near) and _SYMBOL_BEFORE.search(near):  # every symbol has one of them
        return CITATION
    if " của " in near:  # "số 08-ĐA/TU của Tỉnh ủy Lào Cai ngày ...": the symbol stands further back
        far = text[max(0, start - 120):start]
        if _SYMBOL_BEFORE.search(far):
            return CITATION
    if _DEADLINE_BEFORE.search(near, max(0, len(near) - 28)):
        return DEADLINE
    return default


def _years(low: str) -> list[int]:
    spots = [m.start() for rx in _YEARS for m in rx.finditer(low)]
    if len(_YEARS) > 1:
        spots.sort()
    n = len(low)
    return [i for i in spots if (i == 0 or not low[i - 1].isdigit()) and (i + 4 >= n or not low[i + 4].isdigit())]


def mentions(text: str, default: str = OTHER) -> list[Mention]:
    """Every date, month, quarter and single year in text, in order. A range '2021-2025' is not a year;
    default is the kind of a date nothing around it classifies (a thoi_gian field passes DEADLINE)."""
    if "19" not in text and "20" not in text:
        return []
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer would shift every position
        low = text
    found: list[Mention] = []
    for at in _years(low):
        end = at + 4
        window_start = max(0, at - 32)
        sign = low[at - 1] if at else ""
        forms = _BY_SIGN.get(sign) or (_AFTER_WORD if low[max(0, at - 5):at].rstrip().endswith("năm") else ())
        for precision, rx in forms:
            m = rx.search(low, window_start, at)
            if m is None:
                continue
            if precision == "year" and _RANGE_AFTER.match(low, end):
                break
            if precision == "day" and sign in "/.-" and _SYMBOL_AFTER.match(low, end):
                break
            start = m.start()
            groups = m.groupdict()
            day = int(groups["d"]) if groups.get("d") else None
            if groups.get("q"):
                month: int | None = {"i": 3, "ii": 6, "iii": 9, "iv": 12}[groups["q"]]
            else:
                month = int(groups["m"]) if groups.get("m") else None
            if day is not None:
                lead = _DAY_WORD_BEFORE.search(low, max(0, start - 8), start)
                start = lead.start() if lead else start  # "ngày" belongs to the date: `new --from` rewrites it
            kind = _kind(text, start, default)
            if precision == "year" and kind == DEADLINE:
                kind = default  # "đến năm 2030" is a horizon; a bare year is a due date only where the field says so
            found.append(Mention(start, end, text[start:end], int(low[at:end]), month, day, kind, precision))
            break
    return found


def broken_dates(text: str) -> list[tuple[int, int]]:
    """Where text writes a date whose year has three figures ("ngày 21/9/025"): (start, end) of each. They
    are no mention (no year to read), so they stay out of `mentions` and what uses it (`new --from`, the
    deadlines of `theo-doi`); the content checks report them with the dates not on the calendar."""
    if "ngày" not in text.lower():
        return []
    return [(m.start(), m.end()) for m in _SHORT_YEAR.finditer(text)]


# Dates a plan writes without their year, meaning its own year: "trước ngày 30/11 hàng năm", "Quý II", "tháng 6".
# A digit, a slash or "năm" after them would make them one of the dated forms above.
_NO_YEAR_AFTER = r"(?!\s*(?:[/.-]\s*\d|năm\s+\d))"
_YEARLESS = (
    ("day", re.compile(r"(?<![\d/.-])(?:ngày\s*)?(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?![\d])"
                       + _NO_YEAR_AFTER, re.IGNORECASE)),
    ("day", re.compile(r"(?<![\d/.-])(?:ngày\s*)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?!\d)" + _NO_YEAR_AFTER,
                       re.IGNORECASE)),
    ("quarter", re.compile(r"(?<!\w)quý\s+(?P<q>iv|i{1,3}|[1-4])(?!\w)" + _NO_YEAR_AFTER, re.IGNORECASE)),
    ("month", re.compile(r"(?<!\w)tháng\s+(?P<m>\d{1,2})(?!\d)" + _NO_YEAR_AFTER, re.IGNORECASE)),
)
_QUARTER_END = {"i": 3, "ii": 6, "iii": 9, "iv": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def yearless(text: str, year: int, default: str = OTHER) -> list[Mention]:
    """Dates, months and quarters written without a year ("trước ngày 30/11 hàng năm", "Quý II", "tháng 6"),
    read in the given year (a one-year plan's own); kinds as in mentions. Forms that carry their year
    are left to mentions."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for precision, rx in _YEARLESS:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            day = int(groups["d"]) if groups.get("d") else None
            month = _QUARTER_END[groups["q"].lower()] if groups.get("q") else int(groups["m"])
            if day is None and not 1 <= month <= 12:
                continue
            taken.append((m.start(), m.end()))
            kind = _kind(text, m.start(), default)
            found.append(Mention(m.start(), m.end(), text[m.start():m.end()], year, month, day, kind, precision))
    return sorted(found, key=lambda x: x.start)


# Compiled on first use, like _issue_line: reading a plan for its dates never needs either.
@functools.cache
def _range() -> re.Pattern[str]:
    return re.compile(r"(?<![\d/])(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})(?![\d/])")


def ranges(text: str) -> list[tuple[int, int]]:
    return [(int(m.group("a")), int(m.group("b"))) for m in _range().finditer(text)
            if int(m.group("a")) < int(m.group("b"))]


_HORIZON = re.compile(r"(?:đến|tầm nhìn)\s*$", re.IGNORECASE)  # "đến năm 2030" is not the plan's year
_PERIOD = re.compile(r"giai đoạn\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})", re.IGNORECASE)


def plan_years(summary: str) -> tuple[int, int] | None:
    """The years a plan covers, read from its trích yếu: 'năm 2027' or 'giai đoạn 2022 - 2025'; None when
    it names neither (a plan carrying out a directive, say)."""
    m = _PERIOD.search(summary)
    if m and int(m.group("a")) <= int(m.group("b")):
        return int(m.group("a")), int(m.group("b"))
    years = [x.year for x in mentions(summary) if x.precision == "year" and x.kind != CITATION
             and not _HORIZON.search(summary, max(0, x.start - 12), x.start)]
    if years:
        return years[-1], years[-1]
    return None


def named_years(summary: str) -> list[tuple[int, int]]:
    """Every span of years the trích yếu itself names: each range ('giai đoạn 2025 - 2035'), each year
    ('năm 2027'), and a horizon ('định hướng đến năm 2045', 'tầm nhìn đến năm 2045') from the plan's first
    year to its last. A heading or a sentence that names one of them agrees with the trích yếu."""
    out = ranges(summary)
    years = plan_years(summary)
    for x in mentions(summary):
        if x.kind == CITATION:
            continue
        if years and years[0] < x.year and _HORIZON.search(summary, max(0, x.start - 12), x.start):
            out.append((years[0], x.year))
        else:
            out.append((x.year, x.year))
    return out


def issue_line(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a place-and-date line 'Lai Châu, ngày 05 tháng 01 năm 2026'; a draft's blank
    day or month is None."""
    line = nd30.read_date_line(text)
    if line is None or line.year is None or len(line.place) < 2:
        return None
    return line.year, line.month, line.day if line.month else None


def shift(mention: Mention, years: int) -> str | None:
    """The mention's own words with its year moved; None when the moved date would not exist (29/02)."""
    if mention.day is not None and mention.month is not None:
        try:
            dt.date(mention.year + years, mention.month, mention.day)
        except ValueError:
            return None
    text = mention.text
    y = str(mention.year)
    cut = text.rfind(y)
    return text[:cut] + str(mention.year + years) + text[cut + len(y):]
