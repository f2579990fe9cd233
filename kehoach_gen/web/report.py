"""`kehoach serve`: "Tạo báo cáo năm", the year-end report drafted in the browser from a plan of the folder and
the filled tracking workbooks the clerk picks, exactly as `kehoach new --bao-cao --from` drafts it
(start/report.py), written beside the plan and never over a file already there.

The workbooks travel in the request's JSON (base64), so a clerk on another machine of the office sends the
copies the bodies e-mailed back; they are read from a temporary folder and never kept."""

from __future__ import annotations

import base64
import binascii
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kehoach_gen.errors import KehoachError, OutputProblem
from kehoach_gen.start.report import default_output, said, write_report
from kehoach_gen.web import filenames
from kehoach_gen.web.bodylimit import parse_object
from kehoach_gen.web.store import NotFound, Refused

if TYPE_CHECKING:
    from kehoach_gen.start.report import WrittenReport
    from kehoach_gen.web.app import Editor

PATH = "/api/bao-cao"
MAX_WORKBOOKS = 40  # one per lead body of a province, and some to spare
_WORKBOOK_NAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]{1,120}\.xlsx$", re.IGNORECASE)


def _answer(message: str, status: int, **extra: Any) -> JSONResponse:
    return JSONResponse({"message": message, **extra}, status_code=status)


def _workbooks(given: Any) -> list[tuple[str, bytes]]:
    """The uploaded workbooks as (file name, bytes); a name or content that is not an .xlsx's is refused."""
    if given is None:
        return []
    if not isinstance(given, list) or len(given) > MAX_WORKBOOKS:
        raise Refused(f"sổ theo dõi gửi lên không đúng dạng (tối đa {MAX_WORKBOOKS} tệp)", 400)
    out = []
    for item in given:
        name = filenames.shown(Path(str(item.get("ten", "")).replace("\\", "/")).name) if isinstance(item, dict) else ""
        if not _WORKBOOK_NAME.match(name) or name.startswith("."):
            raise Refused(f"sổ theo dõi phải là tệp Excel .xlsx (đang: '{name}')", 415)
        try:
            raw = base64.b64decode(str(item.get("du_lieu", "")), validate=True)
        except (binascii.Error, ValueError):
            raise Refused(f"{name}: nội dung tệp gửi lên không đọc được", 400) from None
        out.append((name, raw))
    return out


def _draft(editor: Editor, plan: Path, target: Path, workbooks: list[tuple[str, bytes]],
           next_year: bool) -> tuple[WrittenReport, list[str]]:
    """The report drafted as the command line drafts it; the workbooks' temporary paths never reach the clerk."""

    with tempfile.TemporaryDirectory(prefix="kehoach-bao-cao-") as tmp:
        paths = []
        for i, (_, raw) in enumerate(workbooks):
            path = Path(tmp) / f"so-{i + 1}.xlsx"  # the clerk's names may be any; messages show them back
            path.write_bytes(raw)
            paths.append(path)

        def named(text: str) -> str:
            for path, (name, _) in zip(paths, workbooks, strict=True):
                text = text.replace(str(path), name)
            return text

        try:
            with editor.folder.lock(target.name):
                if os.path.lexists(target):  # checked again under the lock: two clicks make one report
                    raise FileExistsError
                written = write_report(plan, paths, target, next_year=next_year)
        except KehoachError as exc:
            raise type(exc)(named(str(exc))) from None
        _, notes = said(written)
        return written, [named(line) for line in notes]


def route(editor: Editor) -> Route:
    """POST /api/bao-cao {"name": plan, "phuong_huong": bool, "so_theo_doi": [{"ten", "du_lieu"}]}: the report
    "<plan>-bao-cao.yaml" beside the plan; its name and what the workbooks said that the clerk should see."""

    async def make(request: Request) -> Response:
        try:
            body = parse_object(await request.body())  # the body's size is counted as it arrives (BodyLimit)
            name = str(body.get("name", ""))
            plan = editor.folder.path(name)
            if not plan.is_file():
                raise NotFound(f"{name}: không có kế hoạch này trong thư mục")
            target = editor.folder.path(default_output(plan).name)  # a link leading out of the folder is refused
            if os.path.lexists(target):
                return _answer(f"Đã có báo cáo {target.name} của kế hoạch này; máy không ghi đè để khỏi mất nội "
                               "dung đang soạn. Mở báo cáo đó để sửa, hoặc đổi tên (xoá) tệp đó rồi tạo lại.", 409,
                               name=target.name)
            workbooks = _workbooks(body.get("so_theo_doi"))
            written, notes = await run_in_threadpool(_draft, editor, plan, target, workbooks,
                                                     bool(body.get("phuong_huong")))
        except FileExistsError:
            return _answer(f"Đã có báo cáo {target.name} của kế hoạch này; máy không ghi đè.", 409, name=target.name)
        except NotFound as exc:
            return _answer(str(exc), 404)
        except Refused as exc:
            return _answer(str(exc), exc.status)
        except OutputProblem as exc:
            return _answer(f"Chưa tạo báo cáo: {exc}", 500)
        except KehoachError as exc:
            return _answer(str(exc), 400)
        # notes: what the workbooks said (rows matching no task ...); the report's own places to fill are
        # shown by the editor, as content warnings at their fields.
        d = written.drafted
        return JSONResponse({"name": written.path.name, "tasks": d.tasks, "filled": d.filled, "year": d.year,
                             "notes": notes})

    return Route(PATH, make, methods=["POST"])
