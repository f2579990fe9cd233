"""The plan's legal bases: the "Căn cứ ..." lines that open it, one document (a law, a resolution, a
decision ...) a line, each ending with ';' and the last with '.' (Phụ lục I, II.6.a), printed in italics.

A copy prints them italic or upright; either way they are the bases, and the plan writes them in can_cu.
A "Căn cứ ..." line that goes on into the plan's own lead-in ("..., Ủy ban nhân dân tỉnh ban hành Kế hoạch
... như sau:") is the opening's sentence, and stays in mo_dau."""

from __future__ import annotations

import re

from kehoach_gen.facts import inline
from kehoach_gen.importer.records import Line, Source

_BASIS = re.compile(r"^Căn cứ\s+\S")
# The opening's own sentence announces what follows ("... ban hành Kế hoạch ... như sau:"); a cited
# document's title may well say "ban hành Kế hoạch", so only the announcement tells.
_LEAD_IN = re.compile(r"\bnhư sau\b")


def is_basis(line: Line) -> bool:
    """Whether an opening line is a legal basis: 'Căn cứ ...' ending a clause (';' or '.'), not the lead-in."""
    text = inline.plain(line.text).strip()
    if line.style is not None:  # our own template's style says what the paragraph is
        return line.style == "can_cu"
    return bool(_BASIS.match(text)) and text.endswith((";", ".")) and not _LEAD_IN.search(text)


def read(line: Line, src: Source) -> str:
    """The basis as the plan writes it, without its closing ';' or '.'; one the source printed upright is
    said: the plan prints it italic, as ND30 does."""
    if line.italic is False and line.style != "can_cu":
        src.warn(line.where, "dòng 'Căn cứ' in chữ đứng trong bản gốc được ghi vào can_cu: in nghiêng, mỗi căn cứ kết "
                             "thúc bằng ';', căn cứ cuối bằng '.' theo Nghị định 30 (Phụ lục I, II.6.a)")
    return re.sub(r"(?<![.…])[;.]$", "", line.text.rstrip())  # the plan sets ';' and '.' itself
