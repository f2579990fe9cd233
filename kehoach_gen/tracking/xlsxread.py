"""Open a workbook the clerk points us at, defensively: a file that is not an .xlsx (an old .xls, a
password-protected workbook, a PDF, a renamed file), a broken or oversized zip. Every refusal is a
WorkbookUnreadable naming the file in Vietnamese. The zip is inflated through the same capped reader as
every .docx (docxread.docxio), and openpyxl is handed only what was read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from kehoach_gen.errors import InputProblem, KehoachError, display
from kehoach_gen.inputs import open_regular

MAX_INFLATED = 64 * 1024 * 1024  # a year's tracking workbook is a few hundred KB
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: an .xls, or an encrypted .xlsx
SUFFIX = ".xlsx"


class WorkbookUnreadable(KehoachError):
    exit_code = 1


def _fail(path: Path, why: str) -> WorkbookUnreadable:
    return WorkbookUnreadable(f"{display(path)}: không đọc được sổ theo dõi: {why}")


def check_suffix(path: Path, what: str) -> None:
    if path.suffix.lower() != SUFFIX:
        raise KehoachError(f"{display(path)}: {what} phải là tệp Excel .xlsx (đang: '{path.suffix or 'không có đuôi'}')")


def open_workbook(path: Path) -> Any:
    """The openpyxl workbook (values, not formulas: what a formula showed when the file was last saved)."""
    check_suffix(path, "sổ theo dõi")
    try:
        with open_regular(path) as fh:
            head = fh.read(8)
    except InputProblem as exc:
        raise _fail(path, exc.reason) from None
    if head.startswith(_CFB):
        raise _fail(path, "đây là tệp Excel 97-2003 (.xls) hoặc tệp được đặt mật khẩu; hãy mở bằng Excel, bỏ mật "
                          "khẩu nếu có, rồi lưu lại dạng Sổ làm việc Excel (.xlsx)")
    if head.startswith(b"%PDF"):
        raise _fail(path, "đây là tệp PDF, không phải tệp Excel")
    if not head.startswith(b"PK"):
        raise _fail(path, "không phải tệp Excel .xlsx (không phải tệp nén Office Open XML)")
    from kehoach_gen.ooxml.docxio import DocxUnreadable, each_part

    parts: dict[str, bytes] = {}
    try:
        for name, chunks in each_part(path, lambda n: not n.endswith("/"), limit=MAX_INFLATED):
            parts[name] = b"".join(chunks)
    except DocxUnreadable as exc:
        why = str(exc).split(": không đọc được văn bản: ", 1)[-1].replace(".docx", ".xlsx")
        raise _fail(path, why) from None
    if "xl/workbook.xml" not in parts:
        raise _fail(path, "không phải sổ làm việc Excel (thiếu phần 'xl/workbook.xml'; có thể là văn bản Word "
                          "đổi đuôi)")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    packed.seek(0)
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about what it does not read (slicers, some extensions): not the clerk's concern.
            warnings.simplefilter("ignore")
            return load_workbook(packed, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed package
        raise _fail(path, f"cấu trúc tệp .xlsx không hợp lệ (lỗi {type(exc).__name__})") from None
