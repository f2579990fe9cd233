"""Inline markup inside plan text: *nghiêng*, **đậm** and footnote references [^1].

Kept deliberately tiny: clerks type plain Vietnamese; the marks are for the rare emphasis and for
footnotes. A literal asterisk is written \\*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\\\*|\*\*|\*|\[\^(\d+)\]")


@dataclass(frozen=True)
class Span:
    """A run of text with its marks: bold, italic, or a footnote reference."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    footnote: int | None = None


def parse(text: str) -> list[Span]:
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []
    pos = 0

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold=bold, italic=italic))
            buf.clear()

    for m in _TOKEN.finditer(text):
        buf.append(text[pos:m.start()])
        tok = m.group(0)
        if tok == "\\*":
            buf.append("*")
        elif tok == "**":
            flush()
            bold = not bold
        elif tok == "*":
            flush()
            italic = not italic
        else:
            flush()
            spans.append(Span(footnote=int(m.group(1)), bold=bold, italic=italic))
        pos = m.end()
    buf.append(text[pos:])
    flush()
    return [s for s in spans if s.text or s.footnote is not None]


def plain(text: str) -> str:
    """The text as it reads in the document, without marks or footnote references."""
    return "".join(s.text for s in parse(text))


def marks(text: str) -> int:
    """How many marks (emphasis toggles, footnote references) split the text into runs."""
    if "*" not in text and "[^" not in text:
        return 0
    return sum(1 for m in _TOKEN.finditer(text) if m.group(0) != "\\*")


def footnote_refs(text: str) -> list[int]:
    return [s.footnote for s in parse(text) if s.footnote is not None]


def unclosed(text: str) -> str | None:
    """The mark left open at the end of the text ('*' or '**'): the rest of the paragraph would print
    italic or bold and the mark itself vanish, which a clerk typing a literal star did not mean."""
    bold = italic = False
    for m in _TOKEN.finditer(text):
        if m.group(0) == "**":
            bold = not bold
        elif m.group(0) == "*":
            italic = not italic
    return "**" if bold else "*" if italic else None
