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

from kehoach_gen.facts import textdates
from kehoach_gen.facts.findings import Finding, Scope

__all__ = ["ATTACHED", "CONTENT", "PLAN_AND_DOCX", "PLAN_ONLY", "SELF_NAMING", "Context", "Finding", "blocking",
           "summary"]

# The documents the content checks read: a plan in YAML (validate, render, watch and the browser editor),
# and, for the checks over a single text, any .docx given to `kehoach check`.
PLAN_AND_DOCX = Scope("kế hoạch soạn bằng tệp YAML (validate, render, watch, trang soạn thảo) và mọi văn bản "
                      ".docx được kiểm tra bằng kehoach check")
PLAN_ONLY = Scope("kế hoạch soạn bằng tệp YAML (validate, render, watch, trang soạn thảo)")
CONTENT = "Nội dung, không phải thể thức: điều lãnh đạo thường trả lại"


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

