"""Markdown copies of a plan (a web page as a text extractor writes it) -> logical lines.

Such a copy marks emphasis with `**`/`*` (hints, never text), writes the header and signature tables
one cell per line between lone `|` lines, and hard-wraps every paragraph at about 80 columns, in the
middle of phrases. Out of it come the lines a plain copy would have: one paragraph per line, markers
removed, with what the markers told (a wholly bold line; a bold number that is not a title). Lone `|`
lines are kept as "|" so that flattened tables can still be read cell by cell.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kehoach_gen.facts import nd30
from kehoach_gen.plan.issuer import POSITION_LINE

PIPE = "|"
_ARABIC, _LETTER, _ROMAN = nd30.ARABIC_NUMBER, nd30.POINT_LETTER, nd30.ROMAN_NUMERAL

# A line that starts a new paragraph even without a blank line before it, when the previous one ended
# a sentence: a list mark, a number, a letter, Nơi nhận.
ITEM_START = re.compile(rf"^\s*(\*+\s*)?([-+•]\s|{_LETTER}\)\s|{_ARABIC}\.\s|{_ROMAN}\.\s|[A-Đ]\.\s|{nd30.NOI_NHAN})")
_BOLD_NUMBER = re.compile(rf"^\*\*\s*({_ARABIC}\.?|{_LETTER}\)|{_ROMAN}\.)\s*\*\*\s*\S")
_CONTINUES = re.compile(r"(Số\s*:|,\s*ngày(\s+\d{1,2})?|tháng(\s+\d{1,2})?)$")


@dataclass
class Logical:
    where: int  # first source line
    text: str  # markers removed, spaces collapsed; "|" for a lone pipe
    bold: bool | None = None  # True: wholly bold; False: only its number bold; None: no hint


# A line that opens something of its own in a hard-wrapped plain copy (no markers to tell): the
# signature's capacity lines, the Số and date lines, Nơi nhận, a footnote, an appendix heading.
_UNIT_START = re.compile(r"^((TM|KT|TL|TUQ|Q)\.\s|Số\s*:|Nơi nhận|\[\d{1,2}\]|\(\d{1,2}\)\s|PHỤ LỤC\b"
                         rf"|{POSITION_LINE}$)"
                         r"|^[^,]{2,40}, ngày\b")
_SEPARATOR = re.compile(r"^[-_─–—=.\s]{3,}$")


def looks_wrapped(lines: list[str]) -> bool:
    """A plain copy hard-wrapped mid-phrase: many lines stop without a sentence end and the next goes
    on in lower case or with a number. One paragraph a line (a web page pasted, LibreOffice's export)
    rarely does (a tenth of its lines at most, in table cells)."""
    pairs = mid = 0
    for a, b in itertools.pairwise(lines):
        a, b = a.strip(), b.strip()
        if not a or not b:
            continue
        pairs += 1
        if a[-1] not in ".;:!?" and not ITEM_START.match(b) and (b[0].islower() or b[0].isdigit()):
            mid += 1
    return pairs >= 10 and mid >= 0.35 * pairs


def looks_markdown(lines: list[str]) -> bool:
    pipes = sum(1 for ln in lines if ln.strip() == PIPE)
    bolds = sum(ln.count("**") for ln in lines)
    return pipes >= 2 or bolds >= 6


def _unbalanced(text: str) -> bool:
    doubles = text.count("**")
    singles = text.replace("**", "").count("*")
    return doubles % 2 == 1 or singles % 2 == 1


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"(?<!\\)\*+", " ", text)).replace("\\*", "*").strip()


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# "**1**. **Mục đích**": the number and its title bold apart, the full stop between them not.
_SPLIT_TITLE = re.compile(rf"^\*\*\s*({_ARABIC}|{_LETTER}|{_ROMAN})\s*\*\*\s*([.)])\s*\*\*")
# "1 . Mục đích" once those markers are gone: the number keeps its mark.
_LOOSE_MARK = re.compile(rf"^({_ARABIC}|{_LETTER}|{_ROMAN}) ([.)])(?=\s|$)")


def _hint(raw: str) -> bool | None:
    s = _SPLIT_TITLE.sub(r"**\1\2 ", raw.strip())
    if _BOLD_NUMBER.match(s):
        return False
    inner = s[2:-2] if len(s) > 4 and s.startswith("**") and s.endswith("**") else None
    if inner is not None and "**" not in inner and _plain(inner):
        return True
    return None


def _finish(where: int, raw: str) -> Logical | None:
    text = _LOOSE_MARK.sub(r"\1\2", _plain(raw))
    # Spaces inside punctuation come from markers that stood there ("trong thực tiễn ." stays as printed).
    text = re.sub(r"([(“\"]) ", r"\1", text)
    if not text:
        return None
    return Logical(where, text, _hint(raw))


def _cell_lines(block: list[tuple[int, str]]) -> list[Logical]:
    """A table cell's lines stay apart (Nơi nhận, the signature), unless a phrase runs on."""
    out: list[tuple[int, str]] = []
    for no, line in block:
        if out:
            prev_no, prev = out[-1]
            stripped = line.strip()
            first = _plain(stripped)[:1]
            if (_unbalanced(prev) or not first or (first.isalpha() and first.islower())
                    or _CONTINUES.search(_plain(prev))):
                out[-1] = (prev_no, f"{prev} {stripped}")
                continue
        out.append((no, line.strip()))
    return [x for x in (_finish(no, t) for no, t in out) if x is not None]


def _para_lines(block: list[tuple[int, str]], markers: bool = True) -> list[Logical]:
    """A paragraph hard-wrapped at ~80 columns: its lines are one, except where a new item starts after
    a finished sentence. Without markers, the lines of the header and signature (capitals, then a
    name; 'KT.', 'Số:', the date) also stand apart."""
    out: list[tuple[int, str]] = []
    for no, line in block:
        if out:
            prev_no, prev = out[-1]
            stripped = line.strip()
            if markers:
                whole = _hint(prev) is True and not _unbalanced(prev)
                ended = _plain(prev)[-1:] in ".;:" or whole
                # Two wholly bold lines are two lines (a wrapped bold phrase leaves its markers open).
                apart = not _unbalanced(prev) and (
                    (ended and bool(ITEM_START.match(line))) or (whole and stripped.startswith("**"))
                    or bool(_UNIT_START.match(_plain(stripped))))
            else:
                last = block[[n for n, _ in block].index(no) - 1][1].strip()
                ended = last[-1:] in ".;:"
                apart = ((ended and bool(ITEM_START.match(stripped))) or bool(_UNIT_START.match(stripped))
                         or (_is_caps(last) and not _is_caps(stripped) and not stripped[:1].islower()))
            if not apart:
                out[-1] = (prev_no, f"{prev} {stripped}")
                continue
        out.append((no, line.strip()))
    if not markers:
        return [Logical(no, _spaced(t)) for no, t in out if t.strip()]
    return [x for x in (_finish(no, t) for no, t in out) if x is not None]


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def plain_lines(raw: list[str]) -> list[Logical]:
    """A hard-wrapped plain copy: blank lines and rules part its blocks."""
    out: list[Logical] = []
    block: list[tuple[int, str]] = []
    for no, line in enumerate(raw, start=1):
        if not line.strip() or _SEPARATOR.match(line.strip()):
            out.extend(_para_lines(block, markers=False))
            block = []
        else:
            block.append((no, line))
    out.extend(_para_lines(block, markers=False))
    return out


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _markdown_source(raw: list[str]) -> list[tuple[int, str]]:
    """Markdown's own syntax as the lone-'|' form the web copies use: a pipe-table row becomes its cells
    between '|' lines (<br> a line break in a cell), '#' headings bold lines, '* ' bullets '- ',
    backslash escapes their character. A '+ ' line stays '+ ': a Vietnamese page writes it for the smaller
    level under a '- ' item, as the plan's own markup does."""
    out: list[tuple[int, str]] = []
    for no, line in enumerate(raw, start=1):
        stripped = line.strip()
        if stripped != PIPE and _TABLE_ROW.match(line):
            if _TABLE_RULE.match(line):
                continue
            out.append((no, PIPE))
            for cell in re.split(r"(?<!\\)\|", stripped.strip("|")):
                out += [(no, part) for part in _BR.split(cell) if part.strip()]
                out.append((no, PIPE))
            continue
        if (m := re.match(r"^#{1,6}\s+(.*?)\s*#*$", stripped)) is not None:
            line = f"**{m.group(1)}**" if m.group(1) else ""
        line = re.sub(r"^(\s*)\*\s+(?=\S)", r"\1- ", line)
        line = re.sub(r"\\([.\-_#|\[\]()!>+])", r"\1", line)
        out.append((no, line))
    return out


def logical_lines(raw: list[str]) -> list[Logical]:
    out: list[Logical] = []
    block: list[tuple[int, str]] = []
    after_pipe = False

    def flush(before_pipe: bool) -> None:
        nonlocal block
        if block:
            reader = _cell_lines if (after_pipe or before_pipe) else _para_lines
            out.extend(reader(block))
        block = []

    for no, line in _markdown_source(raw):
        stripped = line.strip()
        if stripped == PIPE:
            flush(True)
            out.append(Logical(no, PIPE))
            after_pipe = True
        elif not stripped:
            flush(False)
            after_pipe = False
        else:
            block.append((no, line))
    flush(False)
    return out
