"""Model -> the words of the page: every derived string, in reading order, before any layout.

The .docx renderer, the HTML preview and the tests all read this one result, so numbering, date
words and punctuation are decided in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import inline, nd30, vn
from .dockind import DocKind, of
from .model import KeHoach, Muc, NhiemVu, PhuLuc

# Paragraph kinds, each a paragraph style of the template.
PHAN, MUC, DOAN, CAN_CU = "phan", "muc", "doan", "can_cu"
# A titled point ("c) Hợp tác với ..."): body text that stays on the page of its first paragraph.
DIEM = "diem"


@dataclass
class Para:
    """One paragraph of the body as the template prints it."""

    kind: str
    text: str  # with inline marks; see inline.py
    label: str = ""  # where it stands: "II.3", "II.3.b", "II.4.1", "mở đầu" (for diffs and messages)

    @property
    def spans(self) -> list[inline.Span]:
        return inline.parse(self.text)

    @property
    def plain(self) -> str:
        return inline.plain(self.text)


@dataclass
class Appendix:
    """One appendix: its heading, title, the reference to it, and its table."""

    heading: str
    title: str
    reference: str
    columns: list[str]
    rows: list[list[str]]
    landscape: bool
    notes: list[Para] = field(default_factory=list)


@dataclass
class Page:
    """Everything the template prints, composed from the plan."""

    header_parent: list[str]  # the parent body's line, upright ("UBND TỈNH LÀO CAI"); none for a UBND
    header_body: list[str]  # the issuer's name, bold
    number_line: str
    place_date: str
    title: str
    summary: str
    body: list[Para]
    recipients: list[str]
    authority: list[str]
    signer: str
    footnotes: dict[int, str]
    appendices: list[Appendix]
    draft: bool
    doc_date: dt.date
    author: str
    kind: DocKind

    def lines(self) -> list[str]:
        """All the document's text in reading order, as a reader would see it (tests, previews)."""
        out = [*self.header_parent, *self.header_body, nd30.QUOC_HIEU, nd30.TIEU_NGU,
               self.number_line, self.place_date, self.title, self.summary]
        out += [p.plain for p in self.body]
        out += [nd30.NOI_NHAN_LABEL, *self.recipients, *self.authority, self.signer]
        out += [inline.plain(t) for t in self.footnotes.values()]
        for a in self.appendices:
            out += [a.heading, a.title, a.reference, *a.columns]
            out += [inline.plain(c) for row in a.rows for c in row]
            out += [p.plain for p in a.notes]
        return out


def _block(kind: str, lines: list[str], label: str) -> list[Para]:
    return [Para(kind, t, label) for t in lines]


def _numbered(prefix: str, lines: list[str], label: str) -> list[Para]:
    """The number opens the first paragraph of an untitled item: '1. Căn cứ ...'."""
    if not lines:
        return []
    # The numbered paragraph is a sentence: it ends like one (a bare phrase would read as a title).
    first = vn.ensure_final(lines[0], ".")
    return [Para(DOAN, f"{prefix} {first}", label), *_block(DOAN, lines[1:], label)]


def _task(number: str, task: NhiemVu, label: str) -> list[Para]:
    out = _numbered(number, task.noi_dung, label)
    if isinstance(task.chu_tri, list):
        out.append(Para(DOAN, f"- {task.nhan_chu_tri}:", label))
        out += _block(DOAN, task.chu_tri, label)
    elif task.chu_tri:
        out.append(Para(DOAN, f"- {task.nhan_chu_tri}: {vn.ensure_final(task.chu_tri, '.')}", label))
    if task.phoi_hop:
        partners = task.phoi_hop if isinstance(task.phoi_hop, str) else ", ".join(task.phoi_hop)
        out.append(Para(DOAN, f"- {task.nhan_phoi_hop}: {vn.ensure_final(partners, '.')}", label))
    if task.thoi_gian:
        out.append(Para(DOAN, f"- {task.nhan_thoi_gian}: {vn.ensure_final(task.thoi_gian, '.')}", label))
    out += _block(DOAN, task.them, label)
    return out


def _item(number: int, muc: Muc, section: str) -> list[Para]:
    label = f"{section}.{number}"
    out: list[Para] = []
    if muc.tieu_de:
        out.append(Para(MUC, f"{number}. {muc.tieu_de}", label))
        out += _block(DOAN, muc.noi_dung, label)
    else:
        out += _numbered(f"{number}.", muc.noi_dung, label)
    for k, diem in enumerate(muc.diem):
        letter = vn.point_letter(k)
        sub = f"{label}.{letter}"
        if diem.tieu_de:
            out.append(Para(DIEM, f"{letter}) {diem.tieu_de}", sub))
            out += _block(DOAN, diem.noi_dung, sub)
        else:
            out += _numbered(f"{letter})", diem.noi_dung, sub)
    for k, task in enumerate(muc.nhiem_vu, start=1):
        out += _task(f"{number}.{k}.", task, f"{label}.{k}")
    return out


def body_paragraphs(plan: KeHoach) -> list[Para]:
    out: list[Para] = []
    for i, line in enumerate(plan.can_cu):
        out.append(Para(CAN_CU, vn.ensure_final(line, "." if i == len(plan.can_cu) - 1 else ";"), "căn cứ"))
    out += _block(DOAN, plan.mo_dau, "mở đầu")
    for i, phan in enumerate(plan.phan, start=1):
        section = vn.roman(i)
        out.append(Para(PHAN, f"{section}. {vn.upper(phan.tieu_de)}", section))
        out += _block(DOAN, phan.noi_dung, section)
        for j, muc in enumerate(phan.muc, start=1):
            out += _item(j, muc, section)
    out += _block(DOAN, plan.ket_thuc, "kết thúc")
    last = out[-1]
    out[-1] = Para(last.kind, vn.end_mark(last.text), last.label)
    return out


def appendix_heading(index: int, count: int) -> str:
    return nd30.appendix_heading(index, count)


def identity(plan: KeHoach, kind: DocKind) -> str:
    """'Kế hoạch số 33/KH-UBND ngày 13 tháng 3 năm 2018 của Ủy ban nhân dân tỉnh Hậu Giang' (or '... của Sở
    Công Thương'): the words
    that name the document, as an appendix's reference line and the PDF's subject give them."""
    date = plan.ngay
    words = vn.date_words(date.nam if date else None, date.thang if date else None, date.ngay if date else None)
    return f"{kind.name} số {vn.reference_number(plan.so, plan.ky_hieu)} {words} của {plan.issuer.full_name}"


def _appendix(plan: KeHoach, kind: DocKind, index: int, pl: PhuLuc) -> Appendix:
    reference = f"(Kèm theo {identity(plan, kind)})"
    return Appendix(
        heading=appendix_heading(index, len(plan.phu_luc)),
        title=vn.upper(pl.tieu_de),
        reference=reference,
        columns=list(pl.cot),
        rows=[[c or "" for c in row] for row in pl.dong],
        landscape=pl.landscape,
        notes=_block(DOAN, pl.ghi_chu, appendix_heading(index, len(plan.phu_luc))),
    )


def doc_date(plan: KeHoach) -> dt.date:
    """The date stamped into the file's properties: the plan's own, never the clock's."""
    d = plan.ngay
    if d and d.complete:
        return d.as_date() or dt.date(2000, 1, 1)
    if d and d.nam:
        return dt.date(d.nam, d.thang or 1, 1)
    return dt.date(2000, 1, 1)


def place_name(plan: KeHoach) -> str:
    return plan.dia_danh or plan.body.place


_RECIPIENT_END = re.compile(r"[\s:!?…,]+$")  # "như sau: …": every closing mark before the ';'


def compose(plan: KeHoach) -> Page:
    kind = of(plan)
    issuer = plan.issuer
    d = plan.ngay
    place = place_name(plan)
    date_line = nd30.date_line(place, d.nam if d else None, d.thang if d else None, d.ngay if d else None)
    signer = plan.nguoi_ky
    # Each entry ends with ';' whatever the clerk ended it with (Phụ lục I, III.3.b).
    recipients = [f"- {vn.ensure_final(_RECIPIENT_END.sub('', r), ';')}" for r in plan.noi_nhan]
    recipients.append(f"- Lưu: {vn.ensure_final(', '.join(plan.luu), '.')}")
    return Page(
        header_parent=issuer.parent_lines,
        header_body=issuer.header_lines,
        number_line=vn.number_line(plan.so, plan.ky_hieu),
        place_date=date_line,
        title=kind.title,
        summary=plan.trich_yeu,
        body=body_paragraphs(plan),
        recipients=recipients,
        authority=vn.authority_lines(
            on_behalf=signer.thay_mat, collective=signer.tap_the or issuer.collective, mark=signer.quyen_han,
            head_title=signer.thu_truong, position=signer.chuc_vu),
        signer=signer.ho_ten,
        footnotes=dict(plan.chu_thich),
        appendices=[_appendix(plan, kind, i, pl) for i, pl in enumerate(plan.phu_luc, start=1)],
        draft=plan.is_draft,
        doc_date=doc_date(plan),
        author=issuer.organ_name,
        kind=kind,
    )
