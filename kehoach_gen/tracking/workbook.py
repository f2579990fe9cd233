"""`kehoach theo-doi PLAN -o THEO-DOI.xlsx`: the workbook an office sends to the bodies to follow the plan's
year. A sheet of every task, one per appendix (đoàn ra, đoàn vào: what was planned, then what was done), one
per lead body; the columns to fill in are shaded, the status is a drop-down, the header row is frozen, has
filters and is printed on every page of an A4 landscape print.

openpyxl writes it: a maintained library that writes real .xlsx with data validation lists, freeze panes,
conditional formats and print setup, which Excel, LibreOffice and WPS all open."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kehoach_gen.facts import vn
from kehoach_gen.plan.compose import identity
from kehoach_gen.plan.dockind import of
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.tracking import sheet as S
from kehoach_gen.tracking.bodies import body_key
from kehoach_gen.tracking.tasks import AppendixTable, PlanTasks, Task

FONT = "Times New Roman"
_SIZE = 12
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PLAN_FILL = PatternFill("solid", fgColor="DCE6F1")  # header of what the plan says
_FILL_IN = PatternFill("solid", fgColor="FFF2CC")  # header and cells of what the bodies fill in
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")
_STATUS_FILLS = {S.DONE: "C6EFCE", S.IN_PROGRESS: "FFEB9C", S.LATE: "FFC7CE"}
_LATE_ROW = PatternFill("solid", fgColor="FDE9E7")
# Width (in characters) each column may take: (least, most). Longer text wraps.
_WIDTHS = {S.ORDINAL: (4, 5), S.PART: (12, 16), S.ITEM: (14, 22), S.CONTENT: (30, 60), S.LEAD: (14, 22),
           S.PARTNERS: (12, 20), S.DEADLINE: (10, 16), S.DUE: (11, 11), S.STATUS: (15, 15), S.DONE_ON: (11, 11),
           S.RESULT: (24, 30), S.NOTE: (12, 16)}
_APPENDIX_WIDTH = (6, 30)
_LINE_POINTS = 15.5  # one wrapped line of 12 pt text


@dataclass
class Written:
    path: Path
    tasks: int
    appendix_rows: int
    bodies: list[str]  # the per-body sheets, in order
    unassigned: int  # tasks no lead body could be read for
    skipped: list[str]  # the parts that hold no task
    backup: Path | None = None

    @property
    def notes(self) -> list[str]:
        out = []
        if self.skipped:
            out.append(f"không lấy nhiệm vụ ở phần nêu mục đích, yêu cầu, kinh phí: {'; '.join(self.skipped)}")
        if self.unassigned:
            out.append(f"{self.unassigned} nhiệm vụ không ghi rõ cơ quan chủ trì: chỉ có ở trang '{S.TASKS_SHEET}'")
        return out


@dataclass(frozen=True)
class _Column:
    header: str
    width: tuple[int, int]
    fill_in: bool = False


def build(plan: KeHoach, tasks: PlanTasks, plan_name: str) -> tuple[bytes, list[str], int]:
    """The workbook's bytes, the per-body sheets' names, and how many tasks name no lead body."""
    wb = Workbook()
    who = identity(plan, of(plan))
    wb.properties.title = f"Theo dõi thực hiện {who}"
    wb.properties.creator = plan.issuer.organ_name
    main = wb.active
    assert main is not None
    main.title = S.TASKS_SHEET
    _task_sheet(main, tasks.tasks, f"THEO DÕI THỰC HIỆN {vn.upper(who)}", who)
    for table in tasks.appendices:
        ws = wb.create_sheet(S.sheet_name(table.heading, wb.sheetnames))
        _appendix_sheet(ws, table, who)
    groups: dict[str, tuple[str, list[Task]]] = {}
    for task in tasks.tasks:
        for body in task.lead:
            groups.setdefault(body_key(body), (body, []))[1].append(task)
    bodies = []
    for body, led in groups.values():
        ws = wb.create_sheet(S.sheet_name(body, wb.sheetnames))
        bodies.append(ws.title)
        _task_sheet(ws, led, f"NHIỆM VỤ DO {vn.upper(body)} CHỦ TRÌ", who)
    meta = wb.create_sheet(S.META_SHEET)
    meta.sheet_state = "veryHidden"  # not in Excel's Unhide list: nobody edits it by accident
    rows: list[tuple[str, Any]] = [("phien_ban", S.FORMAT_VERSION), ("ke_hoach", plan_name), ("van_ban", who),
                                   ("trich_yeu", plan.trich_yeu), ("nam", tasks.year)]
    rows.append(("van_tay", S.fingerprint(S.workbook_cells(wb))))
    for row in rows:
        meta.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), bodies, sum(1 for t in tasks.tasks if not t.lead)


def _task_sheet(ws: Worksheet, tasks: Sequence[Task], title: str, who: str) -> None:
    columns = [_Column(h, _WIDTHS.get(h, (0, 0)), h in S.FILLED_IN) for h in S.TASK_COLUMNS]
    rows = [[t.key, n, t.part, t.item, t.text, "\n".join(t.lead), "\n".join(t.partners), t.deadline, t.due,
             None, None, None, None] for n, t in enumerate(tasks, start=1)]
    _fill(ws, title, columns, rows, who)


def _appendix_sheet(ws: Worksheet, table: AppendixTable, who: str) -> None:
    columns = [_Column(S.KEY, (0, 0)), *(_Column(c, _APPENDIX_WIDTH) for c in table.columns),
               *(_Column(h, _WIDTHS[h], h in S.FILLED_IN) for h in S.TRACKING_COLUMNS)]
    rows = [[r.key, *(_number(c) for c in r.cells), *([""] * (len(table.columns) - len(r.cells))), r.due,
             None, None, None, None] for r in table.rows]
    _fill(ws, f"{vn.upper(table.heading)}: {table.title} - THEO DÕI THỰC HIỆN", columns, rows, who)


def _number(cell: str) -> Any:
    """A running number stays a number (sorting 1, 2, 10 as numbers)."""
    return int(cell) if cell.isdigit() and len(cell) < 6 else cell


def _fill(ws: Worksheet, title: str, columns: list[_Column], rows: list[list[Any]], who: str) -> None:
    last = get_column_letter(len(columns))
    end = S.FIRST_ROW + max(len(rows), 1) - 1
    ws.append([None, title])
    ws.merge_cells(f"B1:{last}1")
    ws["B1"].font = Font(name=FONT, size=13, bold=True)
    ws["B1"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[1].height = 36
    ws.append([c.header for c in columns])
    for k, column in enumerate(columns, start=1):
        cell = ws.cell(S.HEADER_ROW, k)
        cell.font = Font(name=FONT, size=_SIZE, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = _FILL_IN if column.fill_in else _PLAN_FILL
        cell.border = _BOX
    for row in rows:
        ws.append(row)
    widths = [_width(c, [r[k] for r in rows]) for k, c in enumerate(columns)]
    body_font = Font(name=FONT, size=_SIZE)
    for r in range(S.FIRST_ROW, S.FIRST_ROW + len(rows)):
        for k, column in enumerate(columns, start=1):
            cell = ws.cell(r, k)
            cell.font = body_font
            cell.border = _BOX
            cell.alignment = _CENTRE if column.header in (S.ORDINAL, S.STATUS, *S.DATE_COLUMNS) else _WRAP_TOP
            if column.header in S.DATE_COLUMNS:
                cell.number_format = "dd/mm/yyyy"
            if column.fill_in:
                cell.fill = _FILL_IN
        ws.row_dimensions[r].height = _height(rows[r - S.FIRST_ROW], widths)
    for k, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.column_dimensions["A"].hidden = True  # the key
    ws.row_dimensions[S.HEADER_ROW].height = _LINE_POINTS * 2 + 4
    letter = {c.header: get_column_letter(k) for k, c in enumerate(columns, start=1)}
    _validate(ws, letter, end)
    ws.freeze_panes = f"A{S.FIRST_ROW}"
    ws.auto_filter.ref = f"A{S.HEADER_ROW}:{last}{end}"
    _print_setup(ws, who)


def _width(column: _Column, values: list[Any]) -> float:
    least, most = column.width
    if column.header == S.KEY:
        return 12
    longest = max((len(line) for v in [column.header, *values] if v is not None
                   for line in (v.isoformat() if isinstance(v, dt.date) else str(v)).split("\n")), default=0)
    return max(least, min(most, longest + 2))


def _height(row: list[Any], widths: list[float]) -> float:
    """Rows are given the height their wrapped text needs: Excel does not grow a row for wrapped text in a
    file it did not lay out itself."""
    lines = 1
    for value, width in zip(row[1:], widths[1:], strict=True):
        if isinstance(value, str) and value:
            lines = max(lines, sum(max(1, math.ceil(len(line) / max(1.0, width - 1.5))) for line in value.split("\n")))
    return min(409.0, lines * _LINE_POINTS + 4)  # 409 points: the tallest row Excel allows


def _validate(ws: Worksheet, letter: dict[str, str], end: int) -> None:
    first = S.FIRST_ROW
    listed = ", ".join(S.STATUSES)
    status = DataValidation(type="list", formula1='"' + ",".join(S.STATUSES) + '"', allow_blank=True,
                            showErrorMessage=True, showInputMessage=True, errorTitle="Tình trạng không có trong danh sách",
                            error=f"Chọn một trong: {listed}.", promptTitle=S.STATUS, prompt="Chọn trong danh sách")
    status.add(f"{letter[S.STATUS]}{first}:{letter[S.STATUS]}{end}")
    dates = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                           allow_blank=True, showErrorMessage=True, errorTitle="Ngày không hợp lệ",
                           error="Gõ ngày có trên lịch, dạng ngày/tháng/năm, ví dụ 15/12/2027.")
    for header in S.DATE_COLUMNS:
        dates.add(f"{letter[header]}{first}:{letter[header]}{end}")
    ws.add_data_validation(status)
    ws.add_data_validation(dates)
    cells = f"{letter[S.STATUS]}{first}:{letter[S.STATUS]}{end}"
    for value, colour in _STATUS_FILLS.items():
        ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{value}"'],
                                                        fill=PatternFill("solid", fgColor=colour)))
    due, state = letter[S.DUE], letter[S.STATUS]
    # A row whose deadline has passed and that is not done is tinted on the clerk's screen, day by day.
    late = f'AND(${due}{first}<>"",${due}{first}<TODAY(),${state}{first}<>"{S.DONE}")'
    ws.conditional_formatting.add(f"B{first}:{letter[S.NOTE]}{end}", FormulaRule(formula=[late], fill=_LATE_ROW))


def _print_setup(ws: Worksheet, who: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{S.HEADER_ROW}:{S.HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = f"Theo dõi thực hiện {who}"
    ws.oddHeader.center.size = 9
    ws.oddHeader.center.font = FONT
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = FONT


def default_output(plan_path: Path) -> Path:
    return plan_path.with_name(f"{plan_path.stem}-theo-doi.xlsx")


def write_workbook(plan_path: Path, output: Path | None, *, force: bool = False) -> Written:
    """Write the plan's tracking workbook. One the clerk (or a body) filled in, or any file we did not write,
    is never replaced without force; with force it is kept beside as .bak.xlsx."""
    from kehoach_gen.plan.loader import load_plan
    from kehoach_gen.render.package import atomic_write
    from kehoach_gen.tracking.tasks import plan_tasks
    from kehoach_gen.tracking.xlsxread import check_suffix

    target = output or default_output(plan_path)
    if target.is_dir():
        target = target / default_output(plan_path).name
    check_suffix(target, "sổ theo dõi (-o)")
    plan = load_plan(plan_path)
    tasks = plan_tasks(plan)
    data, bodies, unassigned = build(plan, tasks, plan_path.name)
    backup = _guard(target, force=force)
    atomic_write(target, data)
    return Written(target, len(tasks.tasks), sum(len(t.rows) for t in tasks.appendices), bodies, unassigned,
                   tasks.skipped, backup)


def _guard(path: Path, *, force: bool) -> Path | None:
    from kehoach_gen.build import _backup_path
    from kehoach_gen.errors import OutputProblem, display
    from kehoach_gen.inputs import is_regular
    from kehoach_gen.tracking.xlsxread import WorkbookUnreadable, open_workbook

    if not path.exists() and not path.is_symlink():
        return None
    if not is_regular(path):
        raise OutputProblem(f"{display(path)}: không ghi vào đây: không phải tệp thường (thư mục, ống dẫn, thiết bị "
                            "hoặc liên kết hỏng); chọn tên khác bằng -o")
    try:
        wb = open_workbook(path)
        stored = {str(row[0]): row[1] for row in wb[S.META_SHEET].iter_rows(values_only=True) if row and row[0]} \
            if S.META_SHEET in wb.sheetnames else {}
        untouched = bool(stored.get("van_tay")) and stored["van_tay"] == S.fingerprint(S.workbook_cells(wb))
    except WorkbookUnreadable:
        untouched = False
    if untouched:
        return None
    if not force:
        raise OutputProblem(f"{display(path)}: sổ theo dõi này đã được điền hoặc sửa sau lần tạo trước (hoặc không do "
                            "kehoach tạo ra); không ghi đè để khỏi mất phần đã điền. Xem tình hình: kehoach theo-doi "
                            f"KẾ-HOẠCH.yaml --tu {display(path)}; tạo sổ mới thì chọn tên khác bằng -o, hoặc thêm "
                            "--force (bản hiện có được giữ lại thành tệp .bak.xlsx bên cạnh)")
    backup: Path = _backup_path(path)
    import shutil

    shutil.copy2(path, backup)
    return backup
