"""The editor's history and review status: every save recorded as a version (who, when, what changed),
the "Lịch sử" page (each version, the page as it was, "So sánh" with the structural diff and the
tracked-changes .docx, "Khôi phục"), and the moves Dự thảo → Chờ duyệt → Đã duyệt.

Edits made on disk outside the server are recorded (as OUTSIDE) whenever a plan is listed, opened, saved
or its history shown, before anything else is recorded over them.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from kehoach_gen.errors import KehoachError, PlanInvalid
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan_text, parse
from kehoach_gen.review.diff import changes, describe
from kehoach_gen.review.trackdocx import review_copy
from kehoach_gen.web import status
from kehoach_gen.web.login import author_of
from kehoach_gen.web.store import Folder, NotFound, Refused, Snapshot, check_data
from kehoach_gen.web.versions import Author, History, HistoryError, summarize

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _error(message: str, code: int = 400) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=code)


class Records:
    def __init__(self, folder: Folder, pages: Environment) -> None:
        self.folder = folder
        self.history = History(folder.root)
        self.pages = pages
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, name: str) -> threading.Lock:
        """Held from recording what the disk holds to recording the save, so that another save between
        the two is never taken for an edit made outside."""
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    # ---- hooks of the editor
    def seen(self, name: str) -> dict[str, Any]:
        """A plan being opened: an edit made outside recorded, and its status for the editor."""
        self.folder.path(name)  # a name outside the folder is refused before anything is read
        self.history.sync([name])
        return {"trang_thai": status.current(self.history, name)}

    def listing(self, rows: list[dict[str, Any]]) -> None:
        """The plan list: every plan's edits made outside recorded, and its status shown."""
        self.history.sync(self.folder.names(), complete=True)
        statuses = self.history.statuses()
        for row in rows:
            row["trang_thai"] = status.current(self.history, row["name"], statuses)

    def save(self, name: str, data: Any, version: str, author: Author) -> Snapshot:
        path = self.folder.path(name)
        with self._lock(name):
            self.history.sync([name])
            status.refuse_if_approved(self.history, name)
            real = path.resolve()
            if real.name != name and real.parent == path.parent.resolve():
                status.refuse_if_approved(self.history, real.name)  # a link in the folder to an approved plan
            before = path.read_bytes() if path.is_file() else None
            snap = self.folder.save(name, data, version)
            after = path.read_bytes()
            if after != before:
                try:
                    self.history.commit(author, {name: after}, {name: summarize(before, after, name)})
                except OSError as exc:
                    # The clerk's words are on disk; only the version is missing: say exactly that.
                    raise KehoachError(f"đã lưu {name}, nhưng chưa ghi được phiên bản vào lịch sử ({exc.strerror or exc}"
                                       f"; thư mục .kehoach/lich-su). Hãy tải lại trang trước khi sửa tiếp và nhờ người "
                                       "quản trị cho tài khoản chạy kehoach serve quyền ghi thư mục này") from None
        return snap

    def created(self, name: str, author: Author, summary: str) -> None:
        """A plan the server wrote anew (new, rolled forward, imported): its first version, by its author."""
        path = self.folder.path(name)
        with self._lock(name):
            self.history.commit(author, {name: path.read_bytes()}, {name: summary})

    # ---- the history page and its data
    def routes(self) -> list[Route]:
        return [
            Route("/ke-hoach/{name}/lich-su", self.page),
            Route("/api/ke-hoach/{name}/lich-su", self.versions),
            Route("/api/ke-hoach/{name}/lich-su/{number:int}", self.at),
            Route("/api/ke-hoach/{name}/so-sanh/{old:int}/{new:int}", self.compare),
            Route("/tep/{name}/so-sanh/{old:int}/{new:int}", self.compare_docx),
            Route("/api/ke-hoach/{name}/khoi-phuc/{number:int}", self.restore, methods=["POST"]),
            Route("/api/ke-hoach/{name}/trang-thai", self.status),
            Route("/api/ke-hoach/{name}/trang-thai/{to:str}", self.move, methods=["POST"]),
        ]

    def _name(self, request: Request) -> str:
        name = str(request.path_params["name"])
        self.folder.path(name)  # refuses a name outside the folder
        return name

    async def page(self, request: Request) -> Response:
        try:
            name = self._name(request)
        except NotFound as exc:
            return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>{_esc(str(exc))}</p>", status_code=404)
        return HTMLResponse(self.pages.get_template("lich-su.html").render(name=name))

    async def versions(self, request: Request) -> Response:
        try:
            name = self._name(request)
            await run_in_threadpool(self.history.sync, [name])
            found = await run_in_threadpool(self.history.versions, name)
        except (NotFound, HistoryError) as exc:
            return _error(str(exc), 404)
        return JSONResponse({
            "trang_thai": status.current(self.history, name),
            "phien_ban": [{"so": v.number, "luc": f"{v.when:%H:%M %d/%m/%Y}", "tac_gia": v.author.name,
                           "tai_khoan": v.author.login, "tom_tat": v.summary} for v in reversed(found)]})

    async def at(self, request: Request) -> Response:
        """A version as it was: its YAML and its page."""
        try:
            name, number = self._name(request), int(request.path_params["number"])
            raw = await run_in_threadpool(self.history.text_of, name, number)
        except (NotFound, HistoryError) as exc:
            return _error(str(exc), 404)
        text = raw.decode("utf-8", "replace")
        checked = await run_in_threadpool(_page_of, text, name)
        return JSONResponse({"so": number, "text": text, "html": checked.html,
                             "problems": [str(p) for p in checked.problems]})

    async def _between(self, request: Request, work: Callable[[str, int, int], Any], failed: str) -> Any:
        """`work(name, old, new)` over the two versions the path names; what goes wrong, as a Response."""
        try:
            name = self._name(request)
            old, new = int(request.path_params["old"]), int(request.path_params["new"])
            return name, old, new, await run_in_threadpool(work, name, old, new)
        except (NotFound, HistoryError) as exc:
            return _error(str(exc), 404)
        except KehoachError as exc:
            return _error(f"{failed}: {exc}")

    async def compare(self, request: Request) -> Response:
        """What changed from one version to another, place by place (the lines of `kehoach diff`)."""
        got = await self._between(request, self._compare, "không so sánh được")
        if isinstance(got, Response):
            return got
        _, old, new, lines = got
        return JSONResponse({"tu": old, "den": new, "thay_doi": lines})

    def _compare(self, name: str, old: int, new: int) -> list[str]:
        a, b = (self.history.text_of(name, n).decode("utf-8", "replace") for n in (old, new))
        pages = compose(load_plan_text(a, f"{name} (phiên bản {old})")), compose(load_plan_text(b, f"{name} (phiên bản {new})"))
        return [line for c in changes(*pages) for line in describe(c, False)]

    async def compare_docx(self, request: Request) -> Response:
        """The newer version as a Word file with the changes since the older one tracked (Track Changes)."""
        got = await self._between(request, self._review_copy, "không tạo được văn bản so sánh")
        if isinstance(got, Response):
            return got
        name, old, new, data = got
        stem = name.rsplit(".", 1)[0]
        return Response(data, media_type=DOCX, headers={
            "Content-Disposition": _attachment(f"{stem}-so-sanh-{old}-{new}.docx")})

    def _review_copy(self, name: str, old: int, new: int) -> bytes:
        author = self.history.version(name, new).author.name
        with tempfile.TemporaryDirectory(prefix="kehoach-so-sanh-") as tmp:
            paths: list[Path] = []
            for number in (old, new):
                path = Path(tmp) / f"phien-ban-{number}-{len(paths)}.yaml"
                path.write_bytes(self.history.text_of(name, number))
                paths.append(path)
            data, _ = review_copy(paths[0], paths[1], author=author)
        return data

    async def _change(self, request: Request, work: Callable[[str, Author], dict[str, Any]]) -> Response:
        """A change of the plan the path names, by the logged-in clerk; a refusal answered with its status."""
        try:
            return JSONResponse(await run_in_threadpool(work, self._name(request), author_of(request)))
        except NotFound as exc:
            return _error(str(exc), 404)
        except Refused as exc:
            return _error(str(exc), exc.status)
        except KehoachError as exc:
            return _error(str(exc))

    async def restore(self, request: Request) -> Response:
        number = int(request.path_params["number"])

        def work(name: str, author: Author) -> dict[str, Any]:
            with self._lock(name), self.folder.lock(name):
                self.history.sync([name])
                status.refuse_if_approved(self.history, name, "khôi phục")
                version = self.history.restore(name, number, author)
            return {"so": version.number, "message": f"Đã khôi phục phiên bản {number} thành phiên bản mới "
                    f"{version.number}."}

        return await self._change(request, work)

    async def status(self, request: Request) -> Response:
        try:
            name = self._name(request)
            return JSONResponse(await run_in_threadpool(self.seen, name))
        except NotFound as exc:
            return _error(str(exc), 404)

    async def move(self, request: Request) -> Response:
        to = str(request.path_params["to"])

        def work(name: str, author: Author) -> dict[str, Any]:
            if not self.folder.path(name).is_file():  # a status for a plan not yet written would wait for it
                raise KehoachError(f"không có kế hoạch {name} trong thư mục")
            with self._lock(name):
                self.history.sync([name])
                return {"trang_thai": status.move(self.history, name, to, author)}

        return await self._change(request, work)


def _page_of(text: str, name: str) -> Any:
    from kehoach_gen.web.store import Checked

    try:
        located = parse(text, name)
    except PlanInvalid as exc:
        return Checked(problems=exc.problems)
    return check_data(located.data, name)


def _attachment(filename: str) -> str:
    import urllib.parse

    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{urllib.parse.quote(filename)}"


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
