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
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from kehoach_gen.build import BuildResult, build
from kehoach_gen.errors import KehoachError, OutputProblem, Problem
from kehoach_gen.facts import provinces
from kehoach_gen.plan import formspec
from kehoach_gen.plan.model import KeHoach
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

    def __init__(self, app: ASGIApp, hosts: set[str], token: str | None) -> None:
        self.app, self.hosts, self.token = app, hosts, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = request.headers.get("host", "").rsplit(":", 1)[0].strip("[]").lower()
        if self.token is None and host not in self.hosts:
            await _error("máy chủ chỉ nhận truy cập qua địa chỉ của chính nó", 403)(scope, receive, send)
            return
        if self.token is not None:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given, self.token):
                response = RedirectResponse(request.url.remove_query_params("token"), status_code=303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            cookie = request.cookies.get(TOKEN_COOKIE, "")
            if not hmac.compare_digest(cookie, self.token):
                await HTMLResponse(
                    "<!doctype html><meta charset=utf-8><title>Cần mã truy cập</title><p>Cần mã truy cập: "
                    "mở đường dẫn có <code>?token=...</code> được in ra khi chạy <code>kehoach serve</code>.</p>",
                    status_code=401)(scope, receive, send)
                return
        if request.method not in ("GET", "HEAD") and request.headers.get(CSRF_HEADER) != "1":
            await _error("yêu cầu không đến từ trang soạn thảo", 403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class Editor:
    def __init__(self, folder: Path, office: WarmOffice | None = None) -> None:
        self.folder = Folder(folder)
        self.office = office or WarmOffice()
        self.pages = Environment(loader=FileSystemLoader(HERE / "templates"), undefined=StrictUndefined,
                                 autoescape=select_autoescape(default=True))
        self._build_lock = threading.Lock()

    # ---- pages
    async def index(self, request: Request) -> Response:
        rows = [self.folder.summary(n) for n in self.folder.names()]
        units = [(p.name, p.body.full_name) for p in provinces.current()]
        html = self.pages.get_template("list.html").render(
            rows=rows, units=units, folder=str(self.folder.root), year=dt.date.today().year + 1,
            types=", ".join(sorted(UPLOAD_TYPES)), max_mb=MAX_UPLOAD // 1024 // 1024)
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
        html = self.pages.get_template("editor.html").render(name=name, spec=formspec.form_spec(),
                                                               suggest={"co_quan": units})
        return HTMLResponse(html)

    # ---- plan data
    def _snapshot(self, snap: Snapshot, checked: Checked | None = None) -> dict[str, Any]:
        if checked is None and snap.data is not None:
            checked = check_data(formspec.from_editor(KeHoach, snap.data), snap.name)
        problems = checked.problems if checked else snap.problems
        return {"name": snap.name, "version": snap.version, "data": snap.data, "text": snap.text,
                "problems": [_problem(p) for p in problems], "html": checked.html if checked else None}

    async def plan(self, request: Request) -> Response:
        try:
            return JSONResponse(self._snapshot(self.folder.open(request.path_params["name"])))
        except NotFound as exc:
            return _error(str(exc), 404)
        except KehoachError as exc:
            return _error(str(exc))

    async def version(self, request: Request) -> Response:
        try:
            return JSONResponse({"version": self.folder.version(request.path_params["name"])})
        except NotFound as exc:
            return _error(str(exc), 404)

    async def _json(self, request: Request) -> Any:
        length = int(request.headers.get("content-length") or 0)
        if length > MAX_JSON:
            raise Refused(f"dữ liệu gửi lên quá lớn (giới hạn {MAX_JSON // 1024 // 1024} MB)", 413)
        try:
            body = await request.json()
        except ValueError:
            raise Refused("dữ liệu gửi lên không đọc được (không phải JSON)", 400) from None
        if not isinstance(body, dict):
            raise Refused("dữ liệu gửi lên không đúng dạng", 400)
        return body

    async def preview(self, request: Request) -> Response:
        body = await self._json(request)
        plain = formspec.from_editor(KeHoach, body.get("data"))
        checked = await run_in_threadpool(check_data, plain, request.path_params["name"])
        return JSONResponse({"html": checked.html, "problems": [_problem(p) for p in checked.problems],
                             "seq": body.get("seq")})

    async def save(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            body = await self._json(request)
            snap = await run_in_threadpool(self.folder.save, name, body.get("data"), str(body.get("version", "")))
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
            result = await run_in_threadpool(self._document, name, kind, force)
        except OutputProblem as exc:
            return _error(str(exc), 409, guard=True)
        except KehoachError as exc:
            return _error(str(exc))
        findings = result.report.findings if result.report else []
        return JSONResponse({"url": f"/tep/{name}/{kind}", "backup": result.backup.name if result.backup else None,
                             "findings": [{"text": f.render(name.rsplit(".", 1)[0] + ".docx"), "severity": f.severity}
                                          for f in findings]})

    def _document(self, name: str, kind: str, force: bool) -> BuildResult:
        """The same build (and hand-edit guard) as `kehoach render`, beside the plan."""
        with self._build_lock:
            result = build(self.folder.path(name), self.folder.sibling(name, ".docx"), force=force)
            if kind == "pdf":
                result.pdf = self.office.convert(result.output, self.folder.sibling(name, ".pdf"))
        return result

    async def download(self, request: Request) -> Response:
        name, kind = request.path_params["name"], request.path_params["kind"]
        try:
            path = self.folder.sibling(name, f".{kind}")
        except NotFound as exc:
            return _error(str(exc), 404)
        if kind not in ("docx", "pdf") or not path.is_file():
            return _error("chưa có tệp này; bấm nút tạo văn bản trước", 404)
        media = "application/pdf" if kind == "pdf" else \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return FileResponse(path, media_type=media, filename=path.name)

    # ---- new plans
    async def new(self, request: Request) -> Response:
        from kehoach_gen.start.starter import slug, write_new

        body = await self._json(request)
        try:
            province = provinces.find(str(body.get("tinh", "")))
            year = _year(body)
            target = self.folder.free_name(f"{slug(province.name)}-{year}")
            path = write_new(province.name, year, target)
        except KehoachError as exc:
            return _error(str(exc))
        return JSONResponse({"name": path.name})

    async def rollover(self, request: Request) -> Response:
        from kehoach_gen.render.package import atomic_write
        from kehoach_gen.start.rollover import default_target, roll

        body = await self._json(request)
        try:
            source = self.folder.path(str(body.get("name", "")))
            year = _year(body)
            result = roll(source, year, keep_appendices=bool(body.get("giu_phu_luc")))
            target = self.folder.free_name(default_target(source, result.old_year, year).stem)
            atomic_write(target, result.text.encode("utf-8"))
        except KehoachError as exc:
            return _error(str(exc))
        return JSONResponse({"name": target.name, "changes": result.changes})

    async def upload(self, request: Request) -> Response:
        from kehoach_gen.importer import import_file
        from kehoach_gen.render.package import atomic_write

        filename = Path(request.query_params.get("ten", "")).name
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
    from kehoach_gen.plan.compose import compose
    from kehoach_gen.review.diff import changes, describe

    a = check_data(formspec.from_editor(KeHoach, mine), name)
    b = check_data(formspec.from_editor(KeHoach, theirs.data), name) if theirs.data is not None else None
    if a.plan is None or b is None or b.plan is None:
        return []
    return [line for c in changes(compose(a.plan), compose(b.plan)) for line in describe(c, False)][:60]


async def _refused(request: Request, exc: Exception) -> Response:
    return _error(str(exc), exc.status if isinstance(exc, Refused) else 400)


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
        Mount("/tai-nguyen", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The office warms up while the clerk reads the list, so the first PDF is already fast.
        threading.Thread(target=editor.office.warm, daemon=True).start()
        yield
        editor.office.close()

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={KehoachError: _refused, Exception: _failed})
    hosts = {"127.0.0.1", "localhost", "::1", host.lower()}
    app.state.editor = editor
    return Guard(app, hosts, token)  # type: ignore[return-value]
