"""The web editor: a Starlette application over one folder of plans.

Pages are Jinja templates bundled with the package; the editor is one hand-written script that builds
the form from `formspec.form_spec()`. Nothing from the browser is ever used as a template or a path
outside the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import tempfile
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from kehoach_gen.errors import KehoachError, OutputProblem, Problem
from kehoach_gen.facts import provinces
from kehoach_gen.importer import import_file
from kehoach_gen.plan import formspec
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.dockind import KE_HOACH
from kehoach_gen.render.package import atomic_write
from kehoach_gen.render.pdf import PdfFailed, PdfUnavailable
from kehoach_gen.review.diff import changes, describe
from kehoach_gen.start.issuers import COMMITTEE, KINDS, SUGGESTED, co_quan_for
from kehoach_gen.start.rollover import default_target, roll
from kehoach_gen.start.starter import default_stem, write_new
from kehoach_gen.web import confine, filenames
from kehoach_gen.web import report as year_report
from kehoach_gen.web.bodylimit import BodyLimit, parse_object
from kehoach_gen.web.convert import Documents
from kehoach_gen.web.history import Records
from kehoach_gen.web.login import Login, author_of, current_user
from kehoach_gen.web.office import WarmOffice
from kehoach_gen.web.store import Checked, Conflict, Folder, NotFound, Refused, Snapshot, check_data

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 10 * 1024 * 1024
"""A Word plan with pictures is a few MB; a text copy a few hundred KB."""
UPLOAD_TYPES = {".docx", ".txt", ".md"}
MAX_JSON = 4 * 1024 * 1024
TOKEN_COOKIE = "kehoach_token"
CSRF_HEADER = "x-kehoach"


def _problem(p: Problem) -> dict[str, Any]:
    return {"message": p.message, "path": p.path, "line": p.line, "severity": p.severity, "text": str(p)}


def _error(message: str, status: int = 400, **extra: Any) -> JSONResponse:
    return JSONResponse({"message": message, **extra}, status_code=status)


class Guard:
    """Every request: the Host header names this server (no DNS rebinding), a token when listening
    beyond this machine, and a custom header on every change (a foreign page cannot forge it)."""

    def __init__(self, app: ASGIApp, hosts: set[str], token: str | None, login: Login | None = None) -> None:
        self.app, self.hosts, self.token, self.login = app, hosts, token, login

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = request.headers.get("host", "").rsplit(":", 1)[0].strip("[]").lower()
        login = self.login is not None and self.login.active()
        if self.token is None and host not in self.hosts and not login:  # a rebinding page has no session cookie
            await _error("máy chủ chỉ nhận truy cập qua địa chỉ của chính nó", 403)(scope, receive, send)
            return
        if login and self.login is not None:  # accounts replace the token (web/login.py)
            if not await self.login.admit(scope, receive, send):
                return
        elif self.token is not None:
            given = request.query_params.get("token")
            if given is not None and _same(given, self.token):
                response = RedirectResponse(request.url.remove_query_params("token"), status_code=303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            cookie = request.cookies.get(TOKEN_COOKIE, "")
            if not _same(cookie, self.token):
                await HTMLResponse(
                    "<!doctype html><meta charset=utf-8><title>Cần mã truy cập</title><p>Cần mã truy cập: "
                    "mở đường dẫn có <code>?token=...</code> được in ra khi chạy <code>kehoach serve</code>.</p>",
                    status_code=401)(scope, receive, send)
                return
        if request.method not in ("GET", "HEAD") and request.headers.get(CSRF_HEADER) != "1":
            await _error("yêu cầu không đến từ trang soạn thảo", 403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _same(given: str, secret: str) -> bool:
    """A constant-time comparison that any text sent can go through (compare_digest refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode("utf-8"))


class Editor:
    def __init__(self, folder: Path, office: WarmOffice | None = None) -> None:
        self.folder = Folder(folder)
        self.office = office or WarmOffice()
        self.pages = Environment(loader=FileSystemLoader(HERE / "templates"), undefined=StrictUndefined,
                                 autoescape=select_autoescape(default=True))
        self.documents = Documents(self.folder, self.office)
        self.pages.globals["nguoi_dung"] = current_user
        self.records = Records(self.folder, self.pages)

    # ---- pages
    async def index(self, request: Request) -> Response:
        rows = self.folder.rows()
        await run_in_threadpool(self.records.listing, rows)
        units = [(p.name, p.body.full_name) for p in provinces.current()]
        html = self.pages.get_template("list.html").render(
            rows=rows, units=units, folder=str(self.folder.root), year=dt.date.today().year + 1,
            types=", ".join(sorted(UPLOAD_TYPES)), max_mb=MAX_UPLOAD // 1024 // 1024, kinds=KINDS,
            suggested=SUGGESTED, plan_kind=KE_HOACH.name)
        return HTMLResponse(html)

    async def editor(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            self.folder.path(name)
            if not self.folder.path(name).is_file():
                raise NotFound(f"{name}: không có kế hoạch này trong thư mục")
        except NotFound as exc:
            return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>{_esc(str(exc))}</p>", status_code=404)
        units = [p.body.full_name for p in provinces.current()]
        html = self.pages.get_template("editor.html").render(name=name, spec=formspec.form_spec(self.folder.kind(name)),
                                                               suggest={"co_quan": units})
        return HTMLResponse(html)

    # ---- plan data
    def _snapshot(self, snap: Snapshot, checked: Checked | None = None) -> dict[str, Any]:
        if checked is None and snap.data is not None:
            checked = check_data(formspec.from_editor(formspec.record_of(snap.data), snap.data), snap.name)
        problems = checked.problems if checked else snap.problems
        return {"name": snap.name, "version": snap.version, "data": snap.data, "text": snap.text,
                "problems": [_problem(p) for p in problems], "html": checked.html if checked else None}

    async def plan(self, request: Request) -> Response:
        try:
            seen = await run_in_threadpool(self.records.seen, request.path_params["name"])
            return JSONResponse({**self._snapshot(self.folder.open(request.path_params["name"])), **seen})
        except NotFound as exc:
            return _error(str(exc), 404)
        except KehoachError as exc:
            return _error(str(exc))

    async def version(self, request: Request) -> Response:
        try:
            return JSONResponse({"version": self.folder.version(request.path_params["name"])})
        except NotFound as exc:
            return _error(str(exc), 404)

    async def _json(self, request: Request) -> dict[str, Any]:
        return parse_object(await request.body())  # BodyLimit counts the bytes as they arrive

    async def preview(self, request: Request) -> Response:
        body = await self._json(request)
        plain = formspec.from_editor(formspec.record_of(body.get("data")), body.get("data"))
        checked = await run_in_threadpool(check_data, plain, request.path_params["name"])
        return JSONResponse({"html": checked.html, "problems": [_problem(p) for p in checked.problems],
                             "seq": body.get("seq")})

    async def save(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            body = await self._json(request)
            snap = await run_in_threadpool(self.records.save, name, body.get("data"), str(body.get("version", "")),
                                           author_of(request))
        except Conflict as exc:
            other = self._snapshot(exc.current)
            other["changes"] = _changes(body.get("data"), exc.current, name)
            return _error(str(exc), 409, other=other)
        except NotFound as exc:
            return _error(str(exc), 404)
        except Refused as exc:
            return _error(str(exc), exc.status)
        except OutputProblem as exc:  # the disk refused (full, read-only, a name too long): nothing written
            return _error(f"Chưa lưu: {exc}", 500)
        except KehoachError as exc:
            return _error(str(exc))
        return JSONResponse(self._snapshot(snap))

    # ---- documents
    async def document(self, request: Request) -> Response:
        name, kind = request.path_params["name"], request.path_params["kind"]
        body = await self._json(request)
        force = bool(body.get("force"))
        if kind not in ("docx", "pdf"):
            return _error("chỉ tạo được .docx hoặc .pdf", 404)
        try:
            result = await run_in_threadpool(self.documents.make, name, kind, force)
        except OutputProblem as exc:
            return _error(str(exc), 409, guard=True)
        except (PdfFailed, PdfUnavailable) as exc:  # LibreOffice missing, failing or past its time: not the plan
            return _error(str(exc), 503)
        except KehoachError as exc:
            return _error(str(exc))
        findings = result.report.findings if result.report else []
        return JSONResponse({"url": f"/tep/{name}/{kind}", "backup": result.backup.name if result.backup else None,
                             "findings": [{"text": f.render(name.rsplit(".", 1)[0] + ".docx"), "severity": f.severity}
                                          for f in findings]})

    async def download(self, request: Request) -> Response:
        name, kind = request.path_params["name"], request.path_params["kind"]
        try:
            path = self.folder.sibling(name, f".{kind}")
        except NotFound as exc:
            return _error(str(exc), 404)
        if kind not in ("docx", "pdf") or confine.inside(self.folder.root, path) is None:
            return _error("chưa có tệp này; bấm nút tạo văn bản trước", 404)
        media = "application/pdf" if kind == "pdf" else \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return FileResponse(path, media_type=media, filename=path.name)

    # ---- new plans
    async def new(self, request: Request) -> Response:
        body = await self._json(request)
        try:
            province = provinces.find(str(body.get("tinh", "")))
            year = _year(body)
            co_quan = co_quan_for(str(body.get("loai") or COMMITTEE), str(body.get("ten") or ""))
            target = self.folder.free_name(default_stem(province.name, year, co_quan))
            path = write_new(province.name, year, target, co_quan=co_quan)
            self.records.created(path.name, author_of(request), f"tạo kế hoạch mới ({province.name}, năm {year})")
        except KehoachError as exc:
            return _error(str(exc))
        return JSONResponse({"name": path.name})

    async def rollover(self, request: Request) -> Response:
        body = await self._json(request)
        try:
            source = self.folder.path(str(body.get("name", "")))
            year = _year(body)
            result = roll(source, year, keep_appendices=bool(body.get("giu_phu_luc")))
            target = self.folder.free_name(default_target(source, result.old_year, year).stem)
            atomic_write(target, result.text.encode("utf-8"))
            self.records.created(target.name, author_of(request), f"chuyển sang năm {year} từ {source.name}")
        except KehoachError as exc:
            return _error(str(exc))
        return JSONResponse({"name": target.name, "changes": result.changes})

    async def upload(self, request: Request) -> Response:
        filename = filenames.shown(Path(request.query_params.get("ten", "").replace("\\", "/")).name)
        suffix = Path(filename).suffix.lower()
        if suffix not in UPLOAD_TYPES:
            return _error(f"chỉ nhận tệp {', '.join(sorted(UPLOAD_TYPES))} (đang: '{filename}')", 415)
        if int(request.headers.get("content-length") or 0) > MAX_UPLOAD:
            return _error(f"tệp quá lớn; giới hạn {MAX_UPLOAD // 1024 // 1024} MB", 413)
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_UPLOAD:
                return _error(f"tệp quá lớn; giới hạn {MAX_UPLOAD // 1024 // 1024} MB", 413)
        if suffix == ".docx" and not data.startswith(b"PK\x03\x04"):
            return _error(f"{filename}: không phải tệp Word .docx", 415)
        with tempfile.TemporaryDirectory(prefix="kehoach-nhap-") as tmp:
            source = Path(tmp) / f"nguon{suffix}"
            source.write_bytes(bytes(data))
            try:
                result = await run_in_threadpool(import_file, source)
            except KehoachError as exc:
                return _error(str(exc).replace(str(source), filename))
        target = self.folder.free_name(Path(filename).stem)
        text = result.yaml_text.replace(source.name, filename)
        atomic_write(target, text.encode("utf-8"))
        self.records.created(target.name, author_of(request), f"nhập từ tệp {filename}")
        return JSONResponse({"name": target.name, "warnings": [w.message for w in result.warnings]})


def _year(body: dict[str, Any]) -> int:
    value = body.get("nam")
    try:
        year = int(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else 0
    except ValueError:
        year = 0
    if not 2000 <= year <= 2200:
        raise KehoachError(f"năm phải là một số từ 2000 đến 2200 (đang: '{value}')")
    return year


def _changes(mine: Any, theirs: Snapshot, name: str) -> list[str]:
    """What the other version says differently from the clerk's (the lines of `kehoach diff`)."""

    a = check_data(formspec.from_editor(formspec.record_of(mine), mine), name)
    b = (check_data(formspec.from_editor(formspec.record_of(theirs.data), theirs.data), name)
         if theirs.data is not None else None)
    if a.plan is None or b is None or b.plan is None:
        return []
    return [line for c in changes(compose(a.plan), compose(b.plan)) for line in describe(c, False)][:60]


async def _refused(request: Request, exc: Exception) -> Response:
    response = _error(str(exc), exc.status if isinstance(exc, Refused) else 400)
    if response.status_code == 413:  # the rest of the body is not wanted: close instead of reading it on
        response.headers["connection"] = "close"
    return response


_HTTP_MESSAGES = {404: "không có trang hoặc tệp này", 405: "trang này không nhận yêu cầu kiểu này"}


async def _http(request: Request, exc: Exception) -> Response:
    """The framework's own refusals (an unknown address, a wrong method), in Vietnamese."""
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    message = _HTTP_MESSAGES.get(status, "yêu cầu không hợp lệ")
    if request.url.path.startswith("/api/"):
        return _error(message, status)
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>{_esc(message)}</p>", status_code=status)


async def _failed(request: Request, exc: Exception) -> Response:
    """Whatever went wrong, the browser gets a sentence in Vietnamese (the traceback goes to the server's
    console, where `kehoach serve` runs); nothing is half-written, since every file is written atomically."""
    message = ("lỗi máy chủ khi xử lý yêu cầu này; nếu đang lưu thì tệp chưa bị sửa. Hãy thử lại, và báo lỗi kèm "
               f"tệp kế hoạch nếu còn gặp ({type(exc).__name__})")
    if request.url.path.startswith("/api/"):
        return _error(message, 500)
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>{_esc(message)}</p>", status_code=500)


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def create_app(folder: Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
               office: WarmOffice | None = None) -> Starlette:
    editor = Editor(folder, office)
    routes = [
        Route("/", editor.index),
        Route("/ke-hoach/{name}", editor.editor),
        Route("/api/ke-hoach/{name}", editor.plan),
        Route("/api/ke-hoach/{name}/phien-ban", editor.version),
        Route("/api/ke-hoach/{name}/xem-truoc", editor.preview, methods=["POST"]),
        Route("/api/ke-hoach/{name}/luu", editor.save, methods=["POST"]),
        Route("/api/ke-hoach/{name}/tao/{kind:str}", editor.document, methods=["POST"]),
        Route("/tep/{name}/{kind:str}", editor.download),
        Route("/api/moi", editor.new, methods=["POST"]),
        Route("/api/nam-moi", editor.rollover, methods=["POST"]),
        Route("/api/nhap", editor.upload, methods=["POST"]),
        year_report.route(editor),
        *editor.records.routes(),
        Mount("/tai-nguyen", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The office warms up while the clerk reads the list, so the first PDF is already fast; the list's rows
        # are read meanwhile, so that a folder of hundreds of plans opens at once.
        threading.Thread(target=editor.office.warm, daemon=True).start()
        threading.Thread(target=editor.folder.rows, daemon=True).start()
        yield
        editor.office.close()

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={KehoachError: _refused, HTTPException: _http, Exception: _failed})
    hosts = {"127.0.0.1", "localhost", "::1", host.lower()}
    app.state.editor = editor
    limited = BodyLimit(app, lambda path: MAX_UPLOAD if path == "/api/nhap" else MAX_JSON)
    return Guard(limited, hosts, token, Login(editor.folder.root, editor.pages))  # type: ignore[return-value]
