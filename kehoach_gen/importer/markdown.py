"""Markdown copies of a plan (a web page as a text extractor writes it) -> logical lines.

Such a copy marks emphasis with `**`/`*` (hints, never text), writes the header and signature tables
one cell per line between lone `|` lines, and hard-wraps every paragraph at about 80 columns, in the
middle of phrases. Out of it come the lines a plain copy would have: one paragraph per line, markers
removed, with what the markers told (a wholly bold line; a bold number that is not a title). Lone `|`
lines are kept as "|" so that flattened tables can still be read cell by cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PIPE = "|"

# A line that starts a new paragraph even without a blank line before it, when the previous one ended
# a sentence: a list mark, a number, a letter, Nơi nhận.
_ITEM_START = re.compile(r"^\s*(\*+\s*)?([-+•]\s|[a-zđ]\)\s|\d{1,2}(\.\d{1,2})*\.\s|[IVXLC]+\.\s|[A-Đ]\.\s|Nơi nhận)")
_BOLD_NUMBER = re.compile(r"^\*\*\s*(\d{1,2}(\.\d{1,2})*\.?|[a-zđ]\)|[IVXLC]+\.)\s*\*\*\s*\S")
_CONTINUES = re.compile(r"(Số\s*:|,\s*ngày(\s+\d{1,2})?|tháng(\s+\d{1,2})?)$")


@dataclass
class Logical:
    where: int  # first source line
    text: str  # markers removed, spaces collapsed; "|" for a lone pipe
    bold: bool | None = None  # True: wholly bold; False: only its number bold; None: no hint


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


def _hint(raw: str) -> bool | None:
    s = raw.strip()
    if _BOLD_NUMBER.match(s):
        return False
    inner = s[2:-2] if len(s) > 4 and s.startswith("**") and s.endswith("**") else None
    if inner is not None and "**" not in inner and _plain(inner):
        return True
    return None


def _finish(where: int, raw: str) -> Logical | None:
    text = _plain(raw)
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


def _para_lines(block: list[tuple[int, str]]) -> list[Logical]:
    """A paragraph hard-wrapped at ~80 columns: its lines are one, except where a new item starts after
    a finished sentence."""
    out: list[tuple[int, str]] = []
    for no, line in block:
        if out:
            prev_no, prev = out[-1]
            ended = _plain(prev)[-1:] in ".;:" or (_hint(prev) is True and not _unbalanced(prev))
            if not (ended and _ITEM_START.match(line) and not _unbalanced(prev)):
                out[-1] = (prev_no, f"{prev} {line.strip()}")
                continue
        out.append((no, line.strip()))
    return [x for x in (_finish(no, t) for no, t in out) if x is not None]


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

    for no, line in enumerate(raw, start=1):
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
