"""A plan's tasks as records: what a year of follow-up tracks (the workbook of `kehoach theo-doi`, and the
results a year-end report lists).

A task is a `nhiem_vu` with its fields, a point a), b) ..., or, in a plan written as prose, an item's
paragraph or bullet ('- ...'; its '+ ...' lines stay with it) with what its words say: a lead body ("Sở
Tài chính chủ trì", "Giao Sở Ngoại vụ ..."), a deadline ("trước ngày 15/12/2027", "Quý II"), and lines
labelled like a task's fields ("- Thời gian thực hiện: Thường xuyên."). The parts that state purposes or
funding (I. MỤC ĐÍCH, YÊU CẦU; III. KINH PHÍ) hold no task. Each record carries a short key made from its
text and its place, which the workbook keeps hidden to find the row again after the clerk sorts or moves it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from kehoach_gen.facts import nd30, textdates, vn
from kehoach_gen.plan.model import KeHoach, Muc, NhiemVu
from kehoach_gen.tracking.bodies import Bodies, clean, display_name, from_fields, from_prose, names, only_names

# Parts whose titles open with these words state why or with what money, not what to do.
_NOT_TASKS = ("MỤC ĐÍCH", "MỤC TIÊU", "YÊU CẦU", "QUAN ĐIỂM", "KINH PHÍ", "CĂN CỨ", "SỰ CẦN THIẾT", "ĐÁNH GIÁ",
              "KẾT QUẢ", "TÌNH HÌNH", "BỐI CẢNH")
# A paragraph labelled like a task's field: "- Thời gian thực hiện: Thường xuyên.", "Cơ quan chủ trì: Sở ...".
_FIELD = re.compile(r"^(?P<label>(?:Cơ quan|Đơn vị)?\s*(?:chủ trì|thực hiện|tham mưu thực hiện)|Tổ chức thực hiện|"
                    r"Cơ quan phối hợp|Đơn vị phối hợp|Phối hợp|Thời gian(?: thực hiện| hoàn thành)?|Thời hạn"
                    r"(?: hoàn thành)?|Tiến độ)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_CUE = re.compile(r"(?:trước|chậm nhất(?:\s+là)?|hạn(?:\s+chót)?|hoàn thành(?:\s+trong|\s+trước)?|đến\s+hết|trong)"
                  r"\s*$", re.IGNORECASE)
KEY_LENGTH = 10
_NO_YEAR = 2000  # stands in for an unknown year; the mentions read with it are given no date


@dataclass(frozen=True)
class Task:
    """One task of the plan, as the follow-up sees it."""

    key: str  # short hash of the text and its place: the workbook's hidden row key
    part: str  # "II. NHIỆM VỤ CỤ THỂ"
    item: str  # "2. Công tác quản lý đoàn ra, đoàn vào"; "1." for an untitled item; "" for a part's own text
    label: str  # where it stands, as diffs name it: "II.2.1", "II.3.b", "IV.2"
    text: str  # the task's words (no marks), its '+' lines on lines of their own; "2.1. ..." for a nhiem_vu
    lead: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    deadline: str = ""  # as written
    due: dt.date | None = None  # the last deadline the words name, where one can be read
    path: str = ""  # the YAML field it comes from: "phan[1].muc[1].nhiem_vu[0]"


@dataclass(frozen=True)
class AppendixRow:
    key: str
    cells: tuple[str, ...]
    text: str  # what identifies the row by content: its cells but the running number, joined by " | "
    lead: tuple[str, ...] = ()
    deadline: str = ""
    due: dt.date | None = None
    path: str = ""


@dataclass(frozen=True)
class AppendixTable:
    heading: str  # "Phụ lục I"
    title: str
    columns: tuple[str, ...]
    rows: tuple[AppendixRow, ...]


@dataclass
class PlanTasks:
    tasks: list[Task] = field(default_factory=list)
    appendices: list[AppendixTable] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # the parts that hold no task, as "I. MỤC ĐÍCH, YÊU CẦU"
    year: int | None = None  # the plan's one year, which dates written without a year belong to


def row_key(place: str, text: str) -> str:
    return hashlib.sha1(f"{place}\n{text}".encode()).hexdigest()[:KEY_LENGTH]


def plan_year(plan: KeHoach) -> int | None:
    years = textdates.plan_years(plan.trich_yeu)
    return years[0] if years and years[0] == years[1] else None


def plan_tasks(plan: KeHoach) -> PlanTasks:
    """Every task of the plan in reading order, and the appendices' rows."""
    out = PlanTasks(year=plan_year(plan))
    tracked = [i for i, p in enumerate(plan.phan) if not _states_no_task(p.tieu_de)] or list(range(len(plan.phan)))
    for i, phan in enumerate(plan.phan):
        part = f"{vn.roman(i + 1)}. {clean(vn.upper(phan.tieu_de))}"
        if i not in tracked:
            out.skipped.append(part)
            continue
        where = f"phan[{i}]"
        out.tasks += _prose(phan.noi_dung, part, "", vn.roman(i + 1), f"{where}.noi_dung", out.year, ())
        for j, muc in enumerate(phan.muc):
            out.tasks += _item(muc, part, f"{vn.roman(i + 1)}.{j + 1}", j + 1, f"{where}.muc[{j}]", out.year)
    for k, pl in enumerate(plan.phu_luc):
        out.appendices.append(_appendix(pl.cot, pl.dong, nd30.appendix_heading(k + 1, len(plan.phu_luc)),
                                        clean(pl.tieu_de), f"phu_luc[{k}]", out.year))
    return out


def _states_no_task(title: str) -> bool:
    return vn.upper(clean(title)).lstrip().startswith(_NOT_TASKS)


def _item(muc: Muc, part: str, label: str, number: int, where: str, year: int | None) -> list[Task]:
    title = clean(muc.tieu_de or "")
    item = f"{number}. {title}" if title else f"{number}."
    # "1. Sở Ngoại vụ" under TỔ CHỨC THỰC HIỆN: the item's title is the body its paragraphs assign.
    owner = tuple(only_names(title))
    if muc.nhiem_vu:
        return [_task(t, part, item, f"{label}.{k + 1}", f"{number}.{k + 1}.", f"{where}.nhiem_vu[{k}]", year)
                for k, t in enumerate(muc.nhiem_vu)]
    tasks = _prose(muc.noi_dung, part, item, label, f"{where}.noi_dung", year, owner,
                   opening=f"{number}." if not title else "")
    for k, diem in enumerate(muc.diem):
        letter = vn.point_letter(k)
        head = clean(diem.tieu_de or "")
        words = "\n".join([head, *(clean(x) for x in diem.noi_dung)] if head else [clean(x) for x in diem.noi_dung])
        tasks.append(_made(words, part, item, f"{label}.{letter}", f"{where}.diem[{k}]", year, owner,
                           number=f"{letter})"))
    if not tasks and title:
        tasks.append(_made(title, part, item, label, f"{where}.tieu_de", year, owner))
    return tasks


def _task(task: NhiemVu, part: str, item: str, label: str, number: str, where: str, year: int | None) -> Task:
    lines = [clean(x) for x in task.noi_dung] + [clean(x) for x in task.them if not _aside(clean(x))]
    if task.tieu_de:  # its own line 1.1. above its text
        lines = [clean(task.tieu_de), *lines]
    # A task set out as points without a title is its item's own: the page gives it no number.
    text = ("" if task.dang_diem and not task.tieu_de else f"{number} ") + "\n".join(lines)
    bodies = from_fields(task.chu_tri, task.phoi_hop)
    if not bodies.lead and not bodies.partners:
        bodies = from_prose(text)
    deadline = clean(task.thoi_gian or "")
    return Task(row_key(where, text), part, item, label, text, bodies.lead, bodies.partners, deadline,
                due_date(deadline, year, whole=True) if deadline else _due_in_text(text, year)[1], where)


def _made(words: str, part: str, item: str, label: str, where: str, year: int | None, owner: tuple[str, ...],
          fields: dict[str, str] | None = None, number: str = "") -> Task:
    """A task read from prose: its bodies and deadline from its own words, or from the lines labelled as
    fields under it, or from the item that names the body it assigns. number: the item's or point's, which
    opens the text as the page prints it ("1. Sở Tài chính ...")."""
    fields = fields or {}
    text = f"{number} {words}" if number else words
    bodies = from_fields(fields.get("chu_tri"), fields.get("phoi_hop")) if fields.get("chu_tri") else from_prose(words)
    if fields.get("phoi_hop") and not fields.get("chu_tri"):
        bodies = Bodies(bodies.lead, tuple(dict.fromkeys((*bodies.partners, *from_fields(None, fields["phoi_hop"]).partners))))
    if not bodies.lead and owner:
        bodies = Bodies(owner, bodies.partners)
    if fields.get("thoi_gian"):
        deadline, due = fields["thoi_gian"], due_date(fields["thoi_gian"], year, whole=True)
    else:
        deadline, due = _due_in_text(words, year)
    return Task(row_key(where, text), part, item, label, text, bodies.lead, bodies.partners, deadline, due, where)


@dataclass
class _Row:
    lines: list[str]
    at: int
    fields: dict[str, str] = field(default_factory=dict)


def _prose(block: list[str], part: str, item: str, label: str, where: str, year: int | None,
           owner: tuple[str, ...], opening: str = "") -> list[Task]:
    """One task per paragraph or '- ' bullet of a block; '+ ' lines belong to the bullet above them, a
    paragraph that ends in ':' introduces what follows, one in brackets points elsewhere ("(Chi tiết tại Phụ
    lục I)"), and lines labelled as fields belong to the tasks above them (or below, when none is)."""
    rows: list[_Row] = []
    pending: dict[str, str] = {}
    lines = [clean(x) for x in block]
    for n, line in enumerate(lines):
        marker = line[:2] if line.startswith(("- ", "+ ", "– ")) else ""
        words = line[len(marker):].strip()
        labelled = _FIELD.match(words)
        if labelled and len(labelled.group("value")) < 300:
            kind = _field_kind(labelled.group("label"))
            value = labelled.group("value").rstrip(" .")
            owners = [r for r in rows if kind not in r.fields]
            for r in owners:
                r.fields[kind] = value
            if not owners:
                pending[kind] = value
            continue
        if marker == "+ " and rows:
            rows[-1].lines.append(line)
        elif not words or _aside(words) or (not marker and words.endswith(":") and n + 1 < len(lines)):
            continue
        else:
            rows.append(_Row([words], n, dict(pending)))
    return [_made("\n".join(r.lines), part, item, label, f"{where}[{r.at}]", year, owner, r.fields,
                  opening if r.at == 0 else "") for r in rows]


def _field_kind(label: str) -> str:
    low = label.lower()
    if "phối hợp" in low:
        return "phoi_hop"
    if low.startswith(("thời", "tiến độ")):
        return "thoi_gian"
    return "chu_tri"


def _aside(text: str) -> bool:
    """A paragraph wholly in brackets: "(Chi tiết tại Phụ lục I kèm theo)"."""
    return text.startswith("(") and text.rstrip(" .;").endswith(")")


def _deadlines(text: str, year: int | None, default: str) -> Iterator[textdates.Mention]:
    """Dated mentions, and those written without a year read in the plan's year. A plan of several years
    (or none named) still shows "trước ngày 30/11 hàng năm" as written, with no date: which year is unknown."""
    yield from textdates.mentions(text, default)
    for m in textdates.yearless(text, year or _NO_YEAR, default):
        yield m if year else replace(m, day=None, month=13)


def due_date(text: str, year: int | None, *, whole: bool = False) -> dt.date | None:
    """The last day the deadline words allow: "Quý II/2027" is 30/6/2027, "trước ngày 15/12/2027" 15/12/2027,
    "Quý II" in a plan for 2027 the same; None for "Thường xuyên" or a date not on the calendar. whole: the
    text is a deadline field, so every date in it is one."""
    days = [m.last_day() for m in _deadlines(text, year, textdates.DEADLINE if whole else textdates.OTHER)
            if m.kind == textdates.DEADLINE and m.exists]
    return max((d for d in days if d is not None), default=None)


def _due_in_text(text: str, year: int | None) -> tuple[str, dt.date | None]:
    """The deadline a sentence sets ("... báo cáo trước ngày 30/11 hàng năm"), with its cue word."""
    found = sorted((m for m in _deadlines(text, year, textdates.OTHER) if m.kind == textdates.DEADLINE),
                   key=lambda m: m.start)
    if not found:
        return "", None
    words = []
    for m in found:
        cue = _CUE.search(text, max(0, m.start - 24), m.start)
        words.append(text[cue.start() if cue else m.start:m.end])
    days = [d for d in (m.last_day() for m in found if m.exists) if d is not None]
    return "; ".join(words), max(days, default=None)


_ORDINAL = re.compile(nd30.ORDINAL_COLUMN)


def _appendix(columns: list[str], rows: list[list[str]], heading: str, title: str, where: str,
              year: int | None) -> AppendixTable:
    cols = tuple(clean(c) for c in columns)
    when = next((k for k, c in enumerate(cols) if re.search(r"thời (gian|hạn|điểm)", c, re.IGNORECASE)), None)
    who = next((k for k, c in enumerate(cols) if re.search(r"chủ trì|cơ quan|đơn vị", c, re.IGNORECASE)), None)
    out = []
    for r, row in enumerate(rows):
        cells = tuple(clean(str(c)) for c in row)
        content = " | ".join(c for k, c in enumerate(cells) if not _ORDINAL.match(cols[k] if k < len(cols) else ""))
        deadline = cells[when] if when is not None and when < len(cells) else ""
        lead = cells[who] if who is not None and who < len(cells) else ""
        out.append(AppendixRow(row_key(f"{where}.dong[{r}]", content), cells, content,
                               tuple(names(lead) or ([display_name(lead)] if lead else [])), deadline,
                               due_date(deadline, year, whole=True) if deadline else None, f"{where}.dong[{r}]"))
    return AppendixTable(heading, title, cols, tuple(out))
