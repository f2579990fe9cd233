"""`kehoach theo-doi PLAN --tu THEO-DOI.xlsx`: the plan's status from the filled workbook(s): counts by status
and the tasks overdue on a day, by lead body.

Rows are found again by their hidden key, then by content (align.py, as versions of a plan are compared):
a row the clerk moved, sorted or edited is still its task; a row added, or a task deleted from the plan or
added to it since the workbook was made, is named with its sheet and row. A task filled in on several
sheets (the tasks sheet and its body's own sheet, or several bodies' copies of the workbook) takes the
tasks sheet's entry first; differing entries are named. A status outside the list, a date that is not on
the calendar, a file that is not a workbook: a located message and no report."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError, display
from kehoach_gen.facts import vn
from kehoach_gen.review import align
from kehoach_gen.tracking import sheet as S
from kehoach_gen.tracking.tasks import AppendixRow, AppendixTable, PlanTasks, Task

UNASSIGNED = "Chưa rõ cơ quan chủ trì"
Record = Task | AppendixRow


class WorkbookInvalid(KehoachError):
    exit_code = 1


@dataclass
class _Entry:
    """One filled row of one sheet."""

    file: str
    sheet: str
    row: int
    key: str
    text: str
    values: dict[str, Any]  # status, done_on, result, note, due: read and checked
    cells: dict[str, str]  # header -> coordinate
    primary: bool  # the tasks sheet or an appendix's sheet, not a body's copy

    def where(self, header: str | None = None) -> str:
        at = f"ô {self.cells[header]}" if header and header in self.cells else f"dòng {self.row}"
        return f"{self.file}: trang tính '{self.sheet}', {at}"


@dataclass
class State:
    """A task's or an appendix row's state after every sheet is read."""

    record: Record
    table: str  # "Nhiệm vụ", "Phụ lục I"
    label: str  # "II.2.1", "Phụ lục I, dòng 1"
    status: str | None = None
    due: dt.date | None = None
    done_on: dt.date | None = None
    result: str = ""
    note: str = ""
    where: str = ""  # the status cell, as the clerk finds it

    @property
    def filled(self) -> bool:
        """Whether a body wrote anything for this row (a workbook made again keeps it)."""
        return bool(self.status or self.done_on or self.result or self.note)


@dataclass
class Report:
    states: list[State] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # rows that are no task of the plan
    missing: list[str] = field(default_factory=list)  # tasks no sheet has
    by_content: list[str] = field(default_factory=list)  # rows found by their words (key changed or lost)
    conflicts: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # sheets that are not tracking sheets

    def counts(self, table: str) -> tuple[dict[str, int], int]:
        """Rows by status in one table, and how many of the 'Chưa thực hiện' are rows left blank."""
        counts = dict.fromkeys(S.STATUSES, 0)
        blank = 0
        for s in self.states:
            if s.table == table:
                counts[s.status or S.NOT_STARTED] += 1
                blank += s.status is None
        return counts, blank

    def overdue(self, today: dt.date) -> list[State]:
        return [s for s in self.states if s.status == S.LATE or (s.due is not None and s.due < today
                                                                  and s.status != S.DONE)]


def read_status(tasks: PlanTasks, paths: list[Path]) -> Report:
    from kehoach_gen.tracking.xlsxread import open_workbook

    records: dict[str, tuple[str, Record, str]] = {}
    for n, task in enumerate(tasks.tasks):
        records[task.key] = (S.TASKS_SHEET, task, task.label or str(n + 1))
    for table in tasks.appendices:
        for r, row in enumerate(table.rows):
            records[row.key] = (table.heading, row, f"{table.heading}, dòng {r + 1}")
    report = Report()
    errors: list[str] = []
    found: dict[str, list[_Entry]] = {}
    for path in paths:
        wb = open_workbook(path)
        book = _Book(display(path))
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            read = _sheet_entries(display(path), ws, errors)
            if read is None:
                report.ignored.append(f"{display(path)}: trang tính '{ws.title}' không có dòng tiêu đề của sổ theo dõi "
                                      f"(cột '{S.STATUS}'); bỏ qua")
                continue
            kind, entries, plan_columns = read
            book.rows += len(entries)
            book.keyed += sum(bool(e.key) for e in entries)
            space = _space(kind, entries, plan_columns, tasks, ws.title)
            if space is None:
                report.ignored.append(f"{display(path)}: trang tính '{ws.title}' không khớp phụ lục nào của kế hoạch; "
                                      "bỏ qua")
                continue
            for entry, key, how in _match(entries, space):
                if key is None:
                    report.unmatched.append(f"{entry.where()}: '{_short(entry.text)}' không khớp nhiệm vụ nào của kế "
                                            "hoạch (dòng thêm vào, hoặc nhiệm vụ đã bỏ khỏi kế hoạch); không tính")
                    continue
                if how == "content":
                    report.by_content.append(f"{entry.where()}: khớp theo nội dung với {records[key][2]} "
                                             f"'{_short(_text(records[key][1]))}'")
                    book.by_content.append(f"{records[key][2]} '{_short(_text(records[key][1]), 40)}'")
                else:
                    book.by_key += 1
                found.setdefault(key, []).append(entry)
        if book.foreign():
            errors.append(book.refusal())
    if errors:
        raise WorkbookInvalid("\n".join(errors))
    for key, (where, record, label) in records.items():
        state = State(record, where, label, due=record.due)
        entries = sorted(found.get(key, []), key=lambda e: not e.primary)
        if not entries:
            report.missing.append(f"{label} '{_short(_text(record))}' không có trong sổ theo dõi (nhiệm vụ thêm vào kế "
                                  "hoạch sau khi tạo sổ, hoặc dòng đã bị xoá); tính là chưa thực hiện")
        _merge(state, entries, report.conflicts)
        report.states.append(state)
    return report


@dataclass
class _Book:
    """What one workbook's rows matched: enough to tell a workbook made from another plan."""

    file: str
    rows: int = 0
    keyed: int = 0  # rows whose hidden key cell is filled
    by_key: int = 0
    by_content: list[str] = field(default_factory=list)  # the plan's tasks some row matched by its words

    def foreign(self) -> bool:
        """Clearly another plan's workbook: not one row carries a key of this plan, and its words match under
        half of the rows. A plan reshaped since its workbook was made changes every key (a key holds the
        task's place) yet its rows still read as its tasks; two plans share a few tasks' words at most."""
        return self.rows > 0 and self.by_key == 0 and len(self.by_content) * 2 < self.rows

    def refusal(self) -> str:
        keys = (f"không dòng nào trong {self.keyed} dòng có mã ẩn (cột '{S.KEY}') là mã của một nhiệm vụ của kế "
                "hoạch" if self.keyed else f"các dòng không có mã ẩn (cột '{S.KEY}') của sổ tạo từ kế hoạch")
        if self.by_content:
            shown = "; ".join(self.by_content[:3]) + (f"; và {len(self.by_content) - 3} dòng khác"
                                                       if len(self.by_content) > 3 else "")
            words = f"chỉ {len(self.by_content)} trong {self.rows} dòng khớp theo nội dung ({shown})"
        else:
            words = f"không dòng nào khớp với nhiệm vụ của kế hoạch theo nội dung ({self.rows} dòng)"
        return (f"{self.file}: không phải sổ theo dõi của kế hoạch này: {keys}, {words}; có phải sổ của kế hoạch "
                "khác? Tạo sổ cho kế hoạch này: kehoach theo-doi KẾ-HOẠCH.yaml -o THEO-DOI.xlsx")


def _text(record: Record) -> str:
    return record.text


def _short(text: str, size: int = 70) -> str:
    text = " | ".join(" ".join(p.split()) for p in text.split(" | ") if p.strip())  # an appendix row's empty cells out
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


# --- reading a sheet -------------------------------------------------------------------------------------

def _header(ws: Any) -> tuple[int, dict[str, int]] | None:
    """The header row (the first of the sheet's first rows that names the status column) and its columns."""
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=6, values_only=True), start=1):
        named = {S.words(v): k for k, v in enumerate(row) if v is not None}
        if S.words(S.STATUS) in named:
            return r, named
    return None


def _sheet_entries(file: str, ws: Any, errors: list[str]) -> tuple[str, list[_Entry], list[str]] | None:
    """The sheet's kind ('tasks' or 'appendix'), its filled rows, and the plan's columns it shows."""
    found = _header(ws)
    if found is None:
        return None
    header_row, named = found
    columns = {h: named[S.words(h)] for h in (*S.TASK_COLUMNS, *S.TRACKING_COLUMNS) if S.words(h) in named}
    is_tasks = all(h in columns for h in (S.PART, S.CONTENT, S.LEAD))
    kind = "tasks" if is_tasks else "appendix"
    plan_columns = [(S.words(v), k) for k, v in enumerate(next(ws.iter_rows(min_row=header_row, max_row=header_row,
                                                                             values_only=True)))
                    if v is not None and S.words(v) not in {S.words(h) for h in (S.KEY, *S.TRACKING_COLUMNS)}]
    entries = []
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        if all(v is None or str(v).strip() == "" for k, v in enumerate(row) if k != columns.get(S.KEY)):
            continue
        cells = {h: f"{_letter(k)}{r}" for h, k in columns.items()}

        def value(header: str, row: tuple[Any, ...] = row) -> Any:
            k = columns.get(header)
            return row[k] if k is not None and k < len(row) else None

        if is_tasks:
            text = str(value(S.CONTENT) or "")
        else:
            text = " | ".join(str(row[k] if k < len(row) and row[k] is not None else "") for name, k in plan_columns
                              if not re.match(r"(?i)^\s*(tt|stt|số tt)\s*$", name))
        entry = _Entry(file, ws.title, r, str(value(S.KEY) or "").strip(), text, {}, cells,
                       ws.title == S.TASKS_SHEET or not is_tasks)
        _read_values(entry, value, errors)
        entries.append(entry)
    return kind, entries, [name for name, _ in plan_columns]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _read_values(entry: _Entry, value: Any, errors: list[str]) -> None:
    raw = value(S.STATUS)
    if raw is not None and str(raw).strip():
        status = S.status_of(raw)
        if status is None:
            errors.append(f"{entry.where(S.STATUS)}: tình trạng '{_short(str(raw), 40)}' không có trong danh sách "
                          f"({', '.join(S.STATUSES)}); chọn trong danh sách thả xuống của ô")
        entry.values["status"] = status
    for header, name in ((S.DUE, "due"), (S.DONE_ON, "done_on")):
        try:
            entry.values[name] = day_of(value(header))
        except ValueError as exc:
            errors.append(f"{entry.where(header)}: {exc}")
    for header, name in ((S.RESULT, "result"), (S.NOTE, "note")):
        text = value(header)
        entry.values[name] = " ".join(str(text).split()) if text is not None else ""


_TYPED_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def day_of(raw: Any) -> dt.date | None:
    """A date cell: a real date, an Excel day number, or text typed as ngày/tháng/năm."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(raw).date()
        except (ValueError, OverflowError, AttributeError):
            raise ValueError(f"số '{raw}' không phải một ngày") from None
    text = str(raw).strip()
    m = _TYPED_DATE.match(text)
    iso = _ISO_DATE.match(text)
    if not m and not iso:
        raise ValueError(f"không đọc được ngày '{_short(text, 40)}': gõ dạng ngày/tháng/năm, ví dụ 15/12/2027")
    day, month, year = (int(g) for g in m.groups()) if m else (int(iso.group(3)), int(iso.group(2)), int(iso.group(1)))  # type: ignore[union-attr]
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày '{text}' không có trên lịch (tháng {month} năm {year} không có ngày {day})") from None


# --- matching rows to the plan ---------------------------------------------------------------------------

def _space(kind: str, entries: list[_Entry], columns: list[str], tasks: PlanTasks, title: str) -> list[Record] | None:
    """The records a sheet's rows are the plan's copies of: the tasks, or one appendix's rows (the one its
    keys name, else the one with its columns, else the one its name is)."""
    if kind == "tasks":
        return list(tasks.tasks)
    keys = {e.key for e in entries}
    best = max(tasks.appendices, key=lambda t: sum(r.key in keys for r in t.rows), default=None)
    if best is not None and any(r.key in keys for r in best.rows):
        return list(best.rows)
    for table in tasks.appendices:
        if [S.words(c) for c in table.columns] == columns or S.words(table.heading) == S.words(title):
            return list(table.rows)
    return [] if not entries and tasks.appendices else None


def _match(entries: list[_Entry], space: list[Record]) -> Iterator[tuple[_Entry, str | None, str]]:
    """Each row with the key of its record ('key': by its hidden key; 'content': by its words), or None."""
    by_key = {r.key: r for r in space}
    taken: set[str] = set()
    rest: list[_Entry] = []
    for entry in entries:
        if entry.key in by_key and entry.key not in taken:
            taken.add(entry.key)
            yield entry, entry.key, "key"
        else:
            rest.append(entry)
    left = [r for r in space if r.key not in taken]
    ops = align.align([S.words(e.text) for e in rest], [S.words(r.text) for r in left])
    for op in ops:
        if op.old is None:
            continue
        if op.new is None:
            yield rest[op.old], None, ""
        else:
            yield rest[op.old], left[op.new].key, "content"


_FIELDS = (("status", S.STATUS), ("done_on", S.DONE_ON), ("result", S.RESULT), ("note", S.NOTE), ("due", S.DUE))


def _merge(state: State, entries: list[_Entry], conflicts: list[str]) -> None:
    """The first entry that says something wins (the tasks sheet's before a body's copy); an entry that
    differs from it is named. Every copy starts with the plan's deadline date: only a changed one says
    something."""
    chosen: dict[str, _Entry] = {}
    for name, header in _FIELDS:
        said = [e for e in entries if e.values.get(name) not in (None, "")]
        if name == "due":
            said = [e for e in said if e.values["due"] != state.record.due]
        if not said:
            continue
        chosen[name] = said[0]
        for other in said[1:]:
            if other.values[name] != said[0].values[name]:
                conflicts.append(f"{other.where(header)} ghi '{_shown(other.values[name])}' nhưng "
                                 f"{said[0].where(header)} ghi '{_shown(said[0].values[name])}': lấy theo "
                                 f"trang tính '{said[0].sheet}'")
    state.status = chosen["status"].values["status"] if "status" in chosen else None
    state.where = (chosen.get("status") or entries[0]).where(S.STATUS) if entries else ""
    state.due = chosen["due"].values["due"] if "due" in chosen else state.record.due
    state.done_on = chosen["done_on"].values["done_on"] if "done_on" in chosen else None
    state.result = chosen["result"].values["result"] if "result" in chosen else ""
    state.note = chosen["note"].values["note"] if "note" in chosen else ""


def _shown(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else _short(str(value), 40)


# --- the printed status ------------------------------------------------------------------------------------

def day_words(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def tables(tasks: PlanTasks) -> list[tuple[str, str]]:
    """(table, what it is) in the order the status is told."""
    out = [(S.TASKS_SHEET, "Nhiệm vụ")]
    out += [(t.heading, f"{t.heading} ({_title(t)})") for t in tasks.appendices]
    return out


def _title(table: AppendixTable) -> str:
    return vn.sentence_case(table.title)


def status_lines(report: Report, tasks: PlanTasks, today: dt.date) -> Iterator[str]:
    for table, name in tables(tasks):
        counts, blank = report.counts(table)
        total = sum(counts.values())
        if table != S.TASKS_SHEET and not total:
            continue
        yield f"{name}: {total}"
        for status in S.STATUSES:
            note = f" (trong đó {blank} dòng chưa điền tình trạng)" if status == S.NOT_STARTED and blank else ""
            yield f"  {status}: {counts[status]}{note}"
    late = report.overdue(today)
    if not late:
        yield f"Không có nhiệm vụ quá hạn đến ngày {day_words(today)}."
        return
    yield f"Quá hạn đến ngày {day_words(today)} (đã qua thời hạn mà chưa hoàn thành, hoặc ghi Quá hạn): {len(late)}"
    groups: dict[str, list[State]] = {}
    for state in late:
        for body in state.record.lead or (UNASSIGNED,):
            groups.setdefault(body, []).append(state)
    for body in sorted(groups, key=lambda b: (b == UNASSIGNED, -len(groups[b]), b)):
        yield f"  {body} ({len(groups[body])}):"
        for state in groups[body]:
            due = f"hạn {day_words(state.due)}" if state.due else "không ghi hạn"
            yield (f"    - {state.label}: {_short(state.record.text)} ({due}; {state.status or 'chưa điền tình trạng'})"
                   + (f" [{state.where}]" if state.where else ""))
