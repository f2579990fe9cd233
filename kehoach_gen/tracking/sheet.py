"""The tracking workbook's shape, shared by the writer and the reader: sheet and column names, the status
list, where the header row is, and the hidden sheet that says which plan the workbook follows."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable
from typing import Any

STATUSES = ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Quá hạn")
NOT_STARTED, IN_PROGRESS, DONE, LATE = STATUSES

TASKS_SHEET = "Nhiệm vụ"
META_SHEET = "_kehoach"
FORMAT_VERSION = 1

# Column headers. KEY is hidden: the row's key (tasks.row_key), by which a filled row is found again.
KEY = "Mã"
ORDINAL = "TT"
PART, ITEM, CONTENT, LEAD, PARTNERS, DEADLINE = "Phần", "Mục", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn"
DUE = "Hạn (ngày)"
STATUS, DONE_ON, RESULT, NOTE = "Tình trạng", "Ngày hoàn thành", "Kết quả", "Ghi chú"
TASK_COLUMNS = (KEY, ORDINAL, PART, ITEM, CONTENT, LEAD, PARTNERS, DEADLINE, DUE, STATUS, DONE_ON, RESULT, NOTE)
# An appendix sheet: the appendix's own columns (what was planned), then these (what was done).
TRACKING_COLUMNS = (DUE, STATUS, DONE_ON, RESULT, NOTE)
FILLED_IN = (STATUS, DONE_ON, RESULT, NOTE)  # the columns the bodies fill in
DATE_COLUMNS = (DUE, DONE_ON)

HEADER_ROW = 2  # row 1 is the sheet's title
FIRST_ROW = HEADER_ROW + 1
SHEET_NAME_MAX = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = str.maketrans({c: "-" for c in "[]:*?/\\"})


def words(value: Any) -> str:
    """A cell's text for comparing: NFC, single spaces, case folded."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split()).casefold()


def status_of(value: Any) -> str | None:
    """The listed status a cell holds however it was typed ("hoàn thành", " Hoàn  Thành"); None if unlisted."""
    typed = words(value)
    return next((s for s in STATUSES if words(s) == typed), None)


def sheet_name(name: str, taken: Iterable[str]) -> str:
    """A legal sheet name (31 characters, none of []:*?/\\), unlike any taken one in Excel's eyes (case)."""
    base = " ".join(name.translate(_NOT_IN_SHEET_NAMES).split()).strip("'")
    for long, short in (("Ủy ban nhân dân", "UBND"), ("Văn phòng", "VP"), ("Thành phố", "TP")):
        if len(base) > SHEET_NAME_MAX:
            base = base.replace(long, short)
    if len(base) > SHEET_NAME_MAX:
        base = base[:SHEET_NAME_MAX - 1].rstrip() + "…"
    used = {t.casefold() for t in taken}
    candidate, n = base, 2
    while candidate.casefold() in used:
        tail = f" ({n})"
        candidate = base[:SHEET_NAME_MAX - len(tail)].rstrip() + tail
        n += 1
    return candidate


def cell_value(value: Any) -> str:
    """A cell as the fingerprint sees it: a date however the file stores it, a number as written."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


def fingerprint(sheets: Iterable[tuple[str, Iterable[tuple[str, Any]]]]) -> str:
    """What the workbook shows: each non-empty cell of each visible sheet, with the sheet's name. Equal before
    and after a save that changed nothing, so a workbook nobody filled may be written again."""
    digest = hashlib.sha256()
    for title, cells in sheets:
        digest.update(f"\x1e{title}".encode())
        for where, value in cells:
            text = cell_value(value)
            if text:
                digest.update(f"\x1f{where}\x1d{text}".encode())
    return digest.hexdigest()[:32]


def workbook_cells(workbook: Any) -> list[tuple[str, list[tuple[str, Any]]]]:
    """An openpyxl workbook's visible sheets as the fingerprint reads them."""
    return [(ws.title, [(c.coordinate, c.value) for row in ws.iter_rows() for c in row])
            for ws in workbook.worksheets if ws.sheet_state == "visible"]
