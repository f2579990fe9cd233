"""The text-level content checks (dates after the issue date, deadlines, years that disagree, leftovers)
over plain paragraphs: what `kehoach check` adds for any .docx, whoever wrote it. The paragraphs are read
here with python-docx, independently of the ND30 layout analysis."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from kehoach_gen.content.dates import date_hits, issue_hits
from kehoach_gen.content.findings import CONTENT, PLAN_AND_DOCX, Context
from kehoach_gen.content.leftovers import leftover_hits
from kehoach_gen.facts import nd30, textdates
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.facts.vn import clip
from kehoach_gen.facts.wordml import W
from kehoach_gen.ooxml.docxio import open_docx
from kehoach_gen.ooxml.layout import hidden

_SIGNATURE = re.compile(rf"^(?:{nd30.NOI_NHAN}|{nd30.AUTHORITY_MARK_FORM})", re.IGNORECASE)

_UNCHECKED = Family(
    "ND-C00", "Không kiểm tra được nội dung", CONTENT, PLAN_AND_DOCX, suggests=True,
    measured="các đoạn văn của tệp .docx, đọc lần thứ hai (không qua phần phân tích thể thức)",
    tolerance="một văn bản lạ không được làm mất các kết quả kiểm tra thể thức đã có: lỗi khi đọc nội dung chỉ "
              "là một cảnh báo")
C00 = _UNCHECKED.check(
    "", "W", "không kiểm tra được nội dung ({error})", title="không kiểm tra được nội dung",
    example={"where": "toàn văn bản", "error": "ValueError: ..."})


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


def paragraphs(path: str | Path) -> list[str]:
    """The document's paragraphs in reading order (tables cell by cell), as plain text: the text that prints,
    without runs set hidden (w:vanish), as the layout reader reads them."""

    document, _raw = open_docx(path)
    return [_clean("".join(t.text or "" for t in p.iter(f"{W}t") if not hidden(t.getparent())))
            for p in document.element.body.iter(f"{W}p")]


def _roles(texts: list[str]) -> Iterator[tuple[int, str, str]]:
    """(index, text, role) after the trích yếu: the opening until the first 'I.', the body, the signature
    block, each appendix's title. The header (number, place and date, blanks of a draft) is not read."""
    role = "opening"
    after_appendix_head = False
    for i, text in enumerate(texts):
        if not text:
            continue
        if nd30.MUC.match(text) and role == "opening":
            role = "body"
        if _SIGNATURE.match(text):
            role = "signature"
        if nd30.APPENDIX_HEADING.match(text):
            role, after_appendix_head = "appendix", True
            continue
        if text.startswith("(Kèm theo"):
            continue  # the plan's own number and date, blank in a draft
        if after_appendix_head:
            after_appendix_head = False
            yield i, text, "appendix_title"
            continue
        yield i, text, role


def check_paragraphs(texts: list[str], name: str = "") -> list[Finding]:
    """Text-level content findings of a document given as its paragraphs."""
    date_at = next((i for i, t in enumerate(texts) if textdates.issue_line(t)), None)
    issued = textdates.issue_line(texts[date_at]) if date_at is not None else None
    start = date_at + 1 if date_at is not None else 0
    title_at = next((i for i in range(start, len(texts)) if nd30.type_by_title(texts[i])), None)
    if title_at is None:
        return []  # not an administrative document this check can read
    summary_at = next((i for i in range(title_at + 1, len(texts)) if texts[i]), None)
    summary = texts[summary_at] if summary_at is not None else ""
    rest = texts[summary_at + 1:] if summary_at is not None else []
    year, month, day = issued if issued else (None, None, None)
    doc_type = nd30.type_by_title(texts[title_at])
    ctx = Context.of(year, month, day, summary, [t for t in rest[:8] if t], doc_type or nd30.KE_HOACH)
    out: list[Finding] = []

    def where(i: int) -> str:
        text = texts[i]
        return f"đoạn {i + 1}: '{clip(text, 40)}'"

    for hit in issue_hits(year, ctx):
        out.append(hit.located(file=name, where=where(date_at) if date_at is not None else "ngày ban hành"))
    if summary_at is not None:
        for hit in leftover_hits(summary, "summary"):
            out.append(hit.located(file=name, where=where(summary_at)))
    offset = (summary_at + 1) if summary_at is not None else 0
    for k, text, role in _roles(rest):
        i = offset + k
        hits = [*date_hits(text, role, ctx), *leftover_hits(text, "signer" if role == "signature" else role)]
        out.extend(h.located(file=name, where=where(i)) for h in hits)
    return out


def check_docx(path: str | Path) -> list[Finding]:
    """The text-level findings of a .docx the ND30 check could open. An odd document must not hide the
    layout findings already made, so a failure here is one warning, not an abort."""
    texts = paragraphs(path)
    try:
        return check_paragraphs(texts, str(path))
    except Exception as exc:  # the last line of defence, as for each ND30 rule
        return [C00(error=f"{type(exc).__name__}: {exc}").located(file=str(path), where="toàn văn bản")]
