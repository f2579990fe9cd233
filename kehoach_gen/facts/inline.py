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


def write(spans: list[Span]) -> str:
    """Spans back to marked text that `parse` reads as the same spans: neighbours of one style merge (two
    italic runs side by side are one *...*), spaces at the edges of an emphasis stand outside its marks,
    and each mark opens or closes exactly one style (a bold run inside an italic one cannot leave the rest
    of the paragraph bold). A literal '*' is escaped."""
    # Pieces: (text, style) where style None is neutral (spaces, footnote references): it takes whatever
    # style costs no mark.
    pieces: list[tuple[str, tuple[bool, bool] | None]] = []
    for s in spans:
        if s.footnote is not None:
            pieces.append((f"[^{s.footnote}]", None))
            continue
        core = s.text.strip()
        if not core:
            pieces.append((s.text, None))
            continue
        lead, trail = s.text[:len(s.text) - len(s.text.lstrip())], s.text[len(s.text.rstrip()):]
        pieces += [(lead, None), (core.replace("*", "\\*"), (s.bold, s.italic)), (trail, None)]
    out: list[str] = []
    state = (False, False)

    def to(want: tuple[bool, bool]) -> None:
        nonlocal state
        if want[0] != state[0]:
            out.append("**")
        if want[1] != state[1]:
            out.append("*")
        state = want

    for k, (text, style) in enumerate(pieces):
        if not text:
            continue
        if style is None:
            ahead = next((st for _, st in pieces[k + 1:] if st is not None), (False, False))
            to((state[0] and ahead[0], state[1] and ahead[1]))
        else:
            to(style)
        out.append(text)
    to((False, False))
    return "".join(out)


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
