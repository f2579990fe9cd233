"""Neutral records: what an existing plan says, independent of whether it came as text or .docx.

A parser turns its format into a Source (header facts, body lines with hints, Nơi nhận, signature,
footnotes, appendices); assemble.py turns a Source into plan data. Nothing here knows YAML or Word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    lead: list[str] = field(default_factory=list)  # lines between a caption and the table ("(Lưu ý: ...)")


@dataclass
class Line:
    """One body paragraph, with what the source tells about it."""

    text: str  # with inline marks (*...*, **...**, [^n])
    where: int = 0  # source line (text) or paragraph number (docx)
    style: str | None = None  # "phan", "muc" or "doan" when the paragraph has one of our template's styles
    bold: bool | None = None  # whole paragraph bold (a titled item), when the source knows
    italic: bool | None = None  # whole paragraph italic, when the source knows
    table: Table | None = None  # a table among the paragraphs (text: its caption, or "")


@dataclass
class AppendixSource:
    title: str
    table: Table | None
    landscape: bool | None
    notes: list[str] = field(default_factory=list)
    where: int = 0
    reference: str = ""  # its "(Kèm theo ...)" line as printed; the model prints its own from the plan's facts
    # What an appendix holds when it is not one table with notes under it: its lines and tables in order,
    # read as the body is read (parts, items, points, paragraphs, tables).
    body: list[Line] = field(default_factory=list)


@dataclass
class Source:
    name: str
    body_lines: list[str] = field(default_factory=list)  # "ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"; "SỞ CÔNG THƯƠNG"
    parent_line: str = ""  # "UBND TỈNH LÀO CAI" above a Sở's name; "" for a People's Committee's plan
    number: str | None = None  # "33", "" for a draft, None when not found
    symbol: str | None = None
    date_text: str | None = None  # "Lai Châu, ngày 05 tháng 4 năm 2022"
    summary: str | None = None
    summary_where: int = 0  # where the trích yếu starts, when the source says
    body: list[Line] = field(default_factory=list)
    recipients: list[str] | None = None  # None: the source has no Nơi nhận at all
    archive: str | None = None  # "VT, NC"
    drafter: str | None = None  # the drafter's tag printed small after the Lưu line's units ("Châu")
    authority: list[str] = field(default_factory=list)
    signer: str | None = None
    footnotes: dict[int, str] = field(default_factory=dict)
    appendices: list[AppendixSource] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # a web page's table of document facts
    notes: list[tuple[int, str]] = field(default_factory=list)  # (source line, Vietnamese warning)
    header_where: int = 0  # where the header block starts in the source
    tail_where: int = 0  # where Nơi nhận / the signature start (or would have)

    def warn(self, where: int, message: str) -> None:
        self.notes.append((where, message))

    def add_recipient(self, line: str) -> None:
        """One Nơi nhận line as printed ('- Bộ Ngoại giao;', '- Lưu: VT, NC.') into the model's terms. A line
        with no dash after one ending in ',' goes on that recipient ('- Các sở: Nông nghiệp và Môi trường,'
        / 'Tài chính, Công Thương, Xây dựng;' is one line of the list, wrapped)."""
        entry = re.sub(r"^[-–]\s*", "", line.strip())
        if re.match(r"^Lưu\s*:", entry):
            self.archive = re.sub(r"^Lưu\s*:\s*", "", entry).rstrip(".").strip()
            return
        # "- TT. Tỉnh ủy; (B/c)" is written "- TT. Tỉnh ủy (B/c);" by ND30.
        entry = re.sub(r";\s*(\([^)]*\))\s*$", r" \1", entry).rstrip(";").strip()
        if self.recipients is None:
            self.recipients = []
        if self.continues_recipient(line):
            self.recipients[-1] += f" {entry}"
            return
        if not any(c.isalnum() for c in entry):
            # "- ......;" in a form to fill in: no recipient to write, and the model takes none that empty.
            self.warn(self.tail_where, f"dòng Nơi nhận '{line.strip()}' chưa ghi cơ quan nào: bỏ đi, cần bổ sung")
            return
        self.recipients.append(entry)

    def continues_recipient(self, line: str) -> bool:
        """A Nơi nhận line that carries on the recipient above it rather than starting one."""
        listed = self.recipients or []
        return bool(listed) and listed[-1].endswith(",") and not line.lstrip().startswith(("-", "–"))
