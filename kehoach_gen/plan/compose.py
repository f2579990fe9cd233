"""Model -> the words of the page: every derived string, in reading order, before any layout.

The .docx renderer, the HTML preview and the tests all read this one result, so numbering, date
words and punctuation are decided in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from kehoach_gen.facts import inline, nd30, vn
from kehoach_gen.plan.dockind import DocKind, of
from kehoach_gen.plan.model import Bang, KeHoach, Muc, NhiemVu, Phan, PhuLuc

# Paragraph kinds, each a paragraph style of the template.
PHAN, MUC, DOAN, CAN_CU = "phan", "muc", "doan", "can_cu"
# A titled point ("c) Hợp tác với ..."): body text that stays on the page of its first paragraph.
DIEM = "diem"
# A table among the paragraphs: its caption is the paragraph's text.
BANG = "bang"


@dataclass
class Table:
    """A table of the body as printed: column names, rows (cells with marks). Its caption is the
    paragraph before it."""

    columns: list[str]
    rows: list[list[str]]

    def lines(self) -> list[str]:
        return [*self.columns, *(inline.plain(c) for row in self.rows for c in row)]


@dataclass
class Para:
    """One paragraph of the body as the template prints it (or a table, kind BANG)."""

    kind: str
    text: str  # with inline marks; see inline.py
    label: str = ""  # where it stands: "II.3", "II.3.b", "II.4.1", "mở đầu" (for diffs and messages)
    table: Table | None = None  # a BANG's

    @property
    def spans(self) -> list[inline.Span]:
        return inline.parse(self.text)

    @property
    def plain(self) -> str:
        return inline.plain(self.text)


@dataclass
class Appendix:
    """One appendix: its heading, title, the reference to it, its table (no columns: none), and what else
    it holds, as the body's paragraphs and tables: lead (before the table), body (after its notes)."""

    heading: str
    title: str
    reference: str
    columns: list[str]
    rows: list[list[str]]
    landscape: bool
    notes: list[Para] = field(default_factory=list)
    lead: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)


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
    recipients: list[str]  # the last is the Lưu line, with the drafter's tag (printed subscript) before its '.'
    drafter: str | None  # that tag
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
        out += [t for p in self.body for t in (p.table.lines() if p.table else [p.plain])]
        out += [nd30.NOI_NHAN_LABEL, *self.recipients, *self.authority, self.signer]
        out += [inline.plain(t) for t in self.footnotes.values()]
        for a in self.appendices:
            out += [a.heading, a.title, a.reference]
            out += [t for p in a.lead for t in (p.table.lines() if p.table else [p.plain])]
            out += [*a.columns, *(inline.plain(c) for row in a.rows for c in row)]
            out += [t for p in [*a.notes, *a.body] for t in (p.table.lines() if p.table else [p.plain])]
        return out


def _block(kind: str, lines: list[str], label: str) -> list[Para]:
    return [Para(kind, t, label) for t in lines]


def _tables(tables: list[Bang], label: str) -> list[Para]:
    """Each table where its container's paragraphs end, then the paragraphs under it."""
    out = []
    for b in tables:
        if b.tieu_de:  # ND30 gives a caption no layout of its own: a body paragraph, bold
            out.append(Para(DOAN, inline.write([replace(s, bold=True) for s in inline.parse(b.tieu_de)]), label))
        out += _block(DOAN, b.noi_dung, label)
        out.append(Para(BANG, "", label, table=Table(list(b.cot), [[c or "" for c in row] for row in b.dong])))
        out += _block(DOAN, b.ghi_chu, label)
    return out


def _numbered(prefix: str, lines: list[str], label: str) -> list[Para]:
    """The number opens the first paragraph of an untitled item: '1. Căn cứ ...'."""
    if not lines:
        return []
    # The numbered paragraph is a sentence: it ends like one (a bare phrase would read as a title).
    first = vn.ensure_final(lines[0], ".")
    return [Para(DOAN, f"{prefix} {first}", label), *_block(DOAN, lines[1:], label)]


def _agencies(task: NhiemVu, label: str) -> list[Para]:
    out = []
    if isinstance(task.chu_tri, list):
        out.append(Para(DOAN, f"- {task.nhan_chu_tri}:", label))
        out += _block(DOAN, task.chu_tri, label)
    elif task.chu_tri:
        out.append(Para(DOAN, f"- {task.nhan_chu_tri}: {vn.ensure_final(task.chu_tri, '.')}", label))
    if task.phoi_hop:
        partners = task.phoi_hop if isinstance(task.phoi_hop, str) else ", ".join(task.phoi_hop)
        out.append(Para(DOAN, f"- {task.nhan_phoi_hop}: {vn.ensure_final(partners, '.')}", label))
    return out


def _task(number: str, task: NhiemVu, label: str) -> list[Para]:
    if task.tieu_de:
        out = [Para(DOAN, _labelled(number, task.tieu_de), label)]
    elif task.dang_diem:
        out = []  # the item's own points: no number of its own
    else:
        out = _numbered(number, task.noi_dung, label)
    if task.dang_diem:
        return out + _task_points(task, label) + _tables(task.bang, label)
    if task.tieu_de:
        out += _block(DOAN, task.noi_dung, label)
    out += _agencies(task, label)
    if task.thoi_gian:
        out.append(Para(DOAN, f"- {task.nhan_thoi_gian}: {vn.ensure_final(task.thoi_gian, '.')}", label))
    out += _block(DOAN, task.them, label)
    return out + _tables(task.bang, label)


def _task_points(task: NhiemVu, label: str) -> list[Para]:
    """A task set out as points, as many plans print one: a) Nhiệm vụ: ...; b) Cơ quan thực hiện: with its
    lead and partner agencies; c) Thời gian thực hiện: ...; the paragraphs after them."""
    letters = iter(vn.point_letter(k) for k in range(task.field_points()))
    first, rest = task.noi_dung[0], task.noi_dung[1:]
    if first.startswith(("- ", "+ ")):
        out = [Para(DOAN, f"{next(letters)}) {task.nhan_nhiem_vu}:", label), *_block(DOAN, task.noi_dung, label)]
    else:
        out = [Para(DOAN, f"{next(letters)}) {task.nhan_nhiem_vu}: {first}", label), *_block(DOAN, rest, label)]
    if isinstance(task.chu_tri, str) and not task.phoi_hop and task.nhan_chu_tri == task.nhan_co_quan:
        out.append(Para(DOAN, f"{next(letters)}) {task.nhan_co_quan}: {vn.ensure_final(task.chu_tri, '.')}", label))
    elif task.chu_tri or task.phoi_hop:
        out += [Para(DOAN, f"{next(letters)}) {task.nhan_co_quan}:", label), *_agencies(task, label)]
    if task.thoi_gian:
        out.append(Para(DOAN, f"{next(letters)}) {task.nhan_thoi_gian}: {vn.ensure_final(task.thoi_gian, '.')}", label))
    return out + _block(DOAN, task.them, label)


def _labelled(number: str, title: str) -> str:
    """A title after its number ('a)', '1.1.'); a title set wholly bold (or italic) carries its number with
    it, as Word prints a numbered line set so."""
    spans = inline.parse(title)
    words = [s for s in spans if s.text.strip()]
    label = inline.Span(f"{number} ", bold=bool(words) and all(s.bold for s in words),
                        italic=bool(words) and all(s.italic for s in words))
    return inline.write([label, *spans]) if label.bold or label.italic else f"{number} {title}"


def _item(number: int, muc: Muc, section: str) -> list[Para]:
    label = f"{section}.{number}"
    out: list[Para] = []
    if muc.tieu_de:
        out.append(Para(MUC, f"{number}. {muc.tieu_de}", label))
        out += _block(DOAN, muc.noi_dung, label)
    else:
        out += _numbered(f"{number}.", muc.noi_dung, label)
    out += _tables(muc.bang, label)
    for k, diem in enumerate(muc.diem):
        letter = vn.point_letter(k)
        sub = f"{label}.{letter}"
        if diem.tieu_de:
            out.append(Para(DIEM, _labelled(f"{letter})", diem.tieu_de), sub))
            out += _block(DOAN, diem.noi_dung, sub)
        else:
            out += _numbered(f"{letter})", diem.noi_dung, sub)
        out += _tables(diem.bang, sub)
    for k, task in enumerate(muc.nhiem_vu, start=1):
        out += _task(f"{number}.{k}.", task, f"{label}.{k}")
    return out


def _parts(parts: list[Phan], where: str = "") -> list[Para]:
    """Parts I., II. ... with their paragraphs, tables and items (where: the appendix they stand in)."""
    out: list[Para] = []
    for i, phan in enumerate(parts, start=1):
        section = f"{where}{vn.roman(i)}"
        out.append(Para(PHAN, f"{vn.roman(i)}. {vn.upper(phan.tieu_de)}", section))
        out += _block(DOAN, phan.noi_dung, section)
        out += _tables(phan.bang, section)
        for j, muc in enumerate(phan.muc, start=1):
            out += _item(j, muc, section)
    return out


def body_paragraphs(plan: KeHoach) -> list[Para]:
    out: list[Para] = []
    for i, line in enumerate(plan.can_cu):
        out.append(Para(CAN_CU, vn.ensure_final(line, "." if i == len(plan.can_cu) - 1 else ";"), "căn cứ"))
    out += _block(DOAN, plan.mo_dau, "mở đầu")
    out += _parts(plan.phan)
    out += _block(DOAN, plan.ket_thuc, "kết thúc")
    last = out[-1]
    if last.table is not None:  # a plan that ends on a table closes under it
        out.append(Para(DOAN, vn.end_mark(""), last.label))
    else:
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
    heading = appendix_heading(index, len(plan.phu_luc))
    body = _tables(pl.bang, heading)
    for j, muc in enumerate(pl.muc, start=1):
        body += _item(j, muc, heading)
    return Appendix(
        heading=heading,
        title=vn.upper(pl.tieu_de),
        reference=reference,
        columns=list(pl.cot),
        rows=[[c or "" for c in row] for row in pl.dong],
        landscape=pl.landscape,
        notes=_block(DOAN, pl.ghi_chu, heading),
        lead=_block(DOAN, pl.noi_dung, heading),
        body=body + _parts(pl.phan, f"{heading}, "),
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
    units = ", ".join(plan.luu)
    # The drafter's tag prints small between the units and the line's full stop, as offices set it.
    recipients.append(f"- Lưu: {units.rstrip('.')}{plan.nguoi_soan}." if plan.nguoi_soan
                      else f"- Lưu: {vn.ensure_final(units, '.')}")
    return Page(
        header_parent=issuer.parent_lines,
        header_body=issuer.header_lines,
        number_line=vn.number_line(plan.so, plan.ky_hieu),
        place_date=date_line,
        title=kind.title,
        summary=plan.trich_yeu,
        body=body_paragraphs(plan),
        recipients=recipients,
        drafter=plan.nguoi_soan,
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
