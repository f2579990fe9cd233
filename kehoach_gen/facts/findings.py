"""Findings, and the one table of the checks that make them.

Every check of the layout rules (ND30-R..), of the printed page (ND30-G..) and of the content (ND-C..) is
one record here, in the manner of a linter's code table: its code, what documents it applies to, its
severity, the clause of Phụ lục I it enforces, its message template, a fix hint and a short note for the
clerk (what is measured, the tolerance and why, an example). One code is one check with one severity.
A check's emitter passes the values only (where, the value found, the value expected, the words that fill
the template); the message and the code are never typed anywhere else. `docs/quy-tac.md` and
`kehoach check --giai-thich` are generated from the same records.

The records are declared beside the code that emits them (a family per element of the page or subject:
the Quốc hiệu, the margins, dates in the text ...); `load_all` imports every such module. Kept free of
the .docx reader: loading a plan checks its content without importing the layout checker.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kehoach_gen.errors import Problem

SEVERITY_WORDS = {"E": "lỗi", "W": "cảnh báo"}

# Keyword names a check's call takes for itself; a template may not use them for its own values.
_RESERVED = frozenset({"where", "found", "expected", "snippet", "at"})


@dataclass(frozen=True)
class Finding:
    """One finding of any check: where it is (a place in a .docx, or a plan's YAML field and position),
    what it says, the value found and one that would be right."""

    code: str
    severity: str  # "E" error, "W" warning
    message: str
    where: str = ""  # a place in a .docx ("bảng tiêu đề, ô (1,2), đoạn 1"), or a plan's field path
    found: str = ""
    expected: str = ""
    suggestion: str = ""  # a content check's hint, printed with the finding
    leftover: bool = False  # something the clerk still has to fill in
    file: str = ""
    line: int | None = None
    column: int | None = None
    snippet: str = field(default="", compare=False)  # the words a content finding is about, before it is located
    at: int = field(default=-1, compare=False)  # where the snippet starts in its text, when known

    @property
    def check(self) -> Check:
        return CODES[self.code]

    @property
    def rule(self) -> str:
        """The family the check belongs to ("ND30-R13", the Quốc hiệu, for "ND30-R13c"): what the JSON
        report has always called "rule"; the code itself is "code"."""
        return self.check.family

    @property
    def title(self) -> str:
        return self.check.title

    @property
    def blocks_final(self) -> bool:
        """The version that goes to signature may keep warnings, never an error or a leftover."""
        return self.severity == "E" or self.leftover

    @property
    def tail(self) -> str:
        """"(đang: X; đúng: Y)": the value that failed and one that Phụ lục I allows."""
        parts = [f"đang: {self.found}" if self.found else "", f"đúng: {self.expected}" if self.expected else ""]
        parts = [p for p in parts if p]
        return f" ({'; '.join(parts)})" if parts else ""

    @property
    def tip(self) -> str:
        return f"; gợi ý: {self.suggestion}" if self.suggestion else ""

    def render(self, file: str) -> str:
        """The line `kehoach check` prints for a .docx."""
        label = "" if self.severity == "E" else "cảnh báo: "
        return f"{file}: {self.where}: [{self.code}] {label}{self.message}{self.tip}{self.tail}"

    def __str__(self) -> str:
        """The line `validate`, `render` and `watch` print for a plan, at its YAML position."""
        kind = " (còn sót)" if self.leftover else ""
        return str(self.problem(f"[{self.code}]{kind} {self.message}{self.tip}"))

    def problem(self, message: str | None = None) -> Problem:
        """The finding as a located problem (the browser editor shows it under its field)."""
        return Problem(f"[{self.code}] {self.message}{self.tip}" if message is None else message, file=self.file,
                       line=self.line, column=self.column, path=self.where, severity=self.severity)

    def located(self, *, file: str = "", line: int | None = None, column: int | None = None,
                where: str = "") -> Finding:
        """The same finding placed in its file."""
        return replace(self, file=file, line=line, column=column, where=where)

    def as_dict(self) -> dict[str, Any]:
        """The finding in `kehoach check --json`; a content finding carries its hint and YAML position too."""
        out: dict[str, Any] = {"rule": self.rule, "code": self.code, "title": self.title, "severity": self.severity,
                               "where": self.where, "message": self.message, "found": self.found,
                               "expected": self.expected}
        if self.code.startswith("ND-C"):
            out.update(suggestion=self.suggestion, leftover=self.leftover, line=self.line, column=self.column)
        return out


@dataclass(frozen=True)
class Scope:
    """Which documents a check applies to: in words for the clerk, and as a test on the document's kind
    (check.kind.Kind) the layout checker decides first."""

    words: str
    test: Callable[[Any], bool] = field(default=lambda kind: True, compare=False)

    def __call__(self, kind: Any) -> bool:
        return self.test(kind)


@dataclass(frozen=True)
class Check:
    """One check: the record behind a code."""

    code: str  # "ND30-R13c", "ND30-G01a", "ND-C03"
    family: str  # the element or subject it belongs to: "ND30-R13" (Quốc hiệu)
    title: str  # a few words naming what is checked
    severity: str
    message: str  # template; {name} fields are filled with the values the emitter passes
    clause: str  # the clause of Phụ lục I (or the practice) it enforces
    scope: Scope
    measured: str  # what is measured, and how
    tolerance: str  # what is let pass, and why ("" for an exact rule of Phụ lục I)
    example: Mapping[str, str]  # the values of a typical finding: docs show the line the check prints
    fix: str = ""  # how to put it right (a template too)
    suggests: bool = False  # the fix is printed with each finding ("gợi ý: ...")
    leftover: bool = False  # the finding is something left to fill in (blocks the final version)

    def __call__(self, where: str = "", found: object = "", expected: object = "", *, snippet: str = "",
                 at: int = -1, **values: Any) -> Finding:
        return Finding(self.code, self.severity, self.message.format(**values), where=where, found=str(found),
                       expected=str(expected), suggestion=self.fix.format(**values) if self.suggests else "",
                       leftover=self.leftover, snippet=snippet, at=at)

    def applies(self, kind: Any) -> bool:
        return self.scope(kind)

    def sample(self) -> Finding:
        """The finding of the check's example, as the clerk would see it."""
        return self(**dict[str, Any](self.example))

    @property
    def fields(self) -> set[str]:
        return _fields(self.message) | (_fields(self.fix) if self.suggests else set())


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass
class Family:
    """The checks of one element or subject (the Quốc hiệu, the margins, dates in the text ...): they share
    a number, a clause, a scope and what is measured unless a check names its own."""

    code: str
    title: str
    clause: str
    scope: Scope
    measured: str = ""
    tolerance: str = ""
    suggests: bool = False  # content checks print their fix with each finding
    checks: list[Check] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.code in FAMILIES:
            raise ValueError(f"{self.code} declared twice")
        FAMILIES[self.code] = self

    def check(self, letter: str, severity: str, message: str, *, title: str, example: Mapping[str, str],
              measured: str = "", tolerance: str = "", fix: str = "", clause: str = "", scope: Scope | None = None,
              leftover: bool = False) -> Check:
        """Declare one check of the family: letter "" for a family of one check, else "a", "b" ..."""
        item = Check(code=self.code + letter, family=self.code, title=title, severity=severity, message=message,
                     clause=clause or self.clause, scope=scope or self.scope, measured=measured or self.measured,
                     tolerance=tolerance or self.tolerance, example=example, fix=fix, suggests=self.suggests,
                     leftover=leftover)
        if item.code in CODES:
            raise ValueError(f"{item.code} declared twice")
        if severity not in SEVERITY_WORDS:
            raise ValueError(f"{item.code}: severity {severity!r}")
        if item.fields & _RESERVED:
            raise ValueError(f"{item.code}: a template field is named like an argument: {item.fields & _RESERVED}")
        CODES[item.code] = item
        self.checks.append(item)
        return item


CODES: dict[str, Check] = {}
FAMILIES: dict[str, Family] = {}


def load_all() -> None:
    """Import every module that declares checks, so that the table is complete (the docs, --giai-thich)."""
    from kehoach_gen import content  # noqa: F401  (ND-C..)
    from kehoach_gen.check import geometry, rules  # noqa: F401  (ND30-R.., ND30-G..)
    from kehoach_gen.content import paragraphs as text  # noqa: F401  (ND-C00, the .docx reader's own)


_CODE = re.compile(r"(?P<head>ND30-|ND-)?(?P<letter>[RGC])(?P<number>\d+)(?P<sub>[a-z]?)", re.IGNORECASE)


def canonical(text: str) -> str:
    """The code a clerk means: 'r13c', 'R13C', 'ND30-R13c' -> 'ND30-R13c'; 'c3' -> 'ND-C03'; anything
    else comes back as it was typed (trimmed)."""
    t = "".join(text.split())
    m = _CODE.fullmatch(t)
    if m is None:
        return t
    letter = m.group("letter").upper()
    head = "ND-" if letter == "C" else "ND30-"
    return f"{head}{letter}{int(m.group('number')):02d}{m.group('sub').lower()}"


def sort_key(code: str) -> tuple[str, int, str]:
    """R before G before C, then by number and letter ('ND30-R2' before 'ND30-R10')."""
    m = _CODE.fullmatch(code)
    if m is None:
        return ("~", 0, code)
    return ("RGC".index(m.group("letter").upper()).__str__(), int(m.group("number")), m.group("sub"))
