"""The findings of the content checks and what they are judged against.

An error cannot be right (a cited document dated after the plan), a warning is worth a look, a leftover is
what the clerk still has to fill in (a starter's sample name, an import's "[Cần bổ sung ...]", an empty
table). Drafts render with all of them; the final mode (`--ban-chinh-thuc`) refuses errors and leftovers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import textdates
from ..errors import Problem

if TYPE_CHECKING:
    from .incheck import InCheck

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
    "ND-C15": "dẫn phụ lục không có",
    "ND-C16": "nơi nhận bị lặp",
    "ND-C17": "nơi nhận thiếu hoặc lặp dòng Lưu",
    "ND-C20": "cách gọi cơ quan không khớp cấp tỉnh, thành phố",
    "ND-C21": "tên tỉnh, thành phố viết khác phần đầu văn bản",
}


@dataclass(frozen=True)
class Finding:
    """One content finding (ND-C..) and where it is in the plan or the document."""

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

    def as_check_finding(self) -> InCheck:
        """The same finding in `kehoach check`'s report of a .docx, beside the layout rules' findings."""
        from .incheck import InCheck  # the layout checker, only when a .docx is checked

        tip = f"; gợi ý: {self.suggestion}" if self.suggestion else ""
        return InCheck(self.code, self.severity, self.path, f"{self.message}{tip}", details=self.as_dict())

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
    named: tuple[tuple[int, int], ...] = ()  # every year the trích yếu names, its horizon included

    def names(self, year: int) -> bool:
        """The trích yếu itself names this year ('..., định hướng đến năm 2045'): no mismatch."""
        return any(a <= year <= b for a, b in self.named)

    @classmethod
    def of(cls, year: int | None, month: int | None, day: int | None, summary: str, opening: Iterable[str] = (),
           forward: bool = True) -> Context:
        ctx = cls(years=textdates.plan_years(summary) or _years_from_opening(opening), forward=forward,
                  named=tuple(textdates.named_years(summary)))
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


SELF_NAMING = re.compile(r"(?:ban hành|Trên đây là)\s+(?:[^.;:]{0,40}?)Kế hoạch(?!\s+(?:số|\d))[^.;:()]{0,160}",
                          re.IGNORECASE)
ATTACHED = re.compile(r"\([^()]{0,200}kèm theo\)", re.IGNORECASE)


def _years_from_opening(opening: Iterable[str]) -> tuple[int, int] | None:
    for text in opening:
        for m in SELF_NAMING.finditer(text):
            years = textdates.plan_years(m.group(0))
            if years:
                return years
    return None


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocks_final]


def summary(findings: list[Finding]) -> str:
    """'1 lỗi, 2 cảnh báo (1 chỗ chưa điền)' for the line after the findings."""
    errors = sum(f.severity == "E" for f in findings)
    left = sum(f.leftover for f in findings)
    tail = f" ({left} chỗ chưa điền)" if left else ""
    return f"nội dung: {errors} lỗi, {len(findings) - errors} cảnh báo{tail}"


def __getattr__(name: str) -> Any:
    """InCheck moved to incheck.py (it imports the layout checker); still reachable from here."""
    if name == "InCheck":
        from .incheck import InCheck

        return InCheck
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
