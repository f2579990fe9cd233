"""Logging in to `kehoach serve` on a folder that has accounts: the login page, signed session cookies,
logging out, and wrong passwords slowed down and counted.

Every request passes here before the editor (web/app.py's Guard asks), also from this very machine: a
shared office folder is opened from many desks and the history must name who saved. A session is a cookie
`LOGIN.EXPIRES.SIGNATURE`, the signature an HMAC under a secret generated once into the folder, over the
login, the expiry and the account's stamp, which a new password replaces (ending every older session).
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import hmac
import secrets
import time
import urllib.parse
from pathlib import Path

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send

from kehoach_gen.errors import KehoachError
from kehoach_gen.portable import write_private
from kehoach_gen.web.accounts import DUMMY, Account, Accounts, normal_login, verify
from kehoach_gen.web.versions import HIDDEN, Author

COOKIE = "kehoach_phien"
SESSION_SECONDS = 12 * 3600  # a working day; then the login page again
SECRET_FILE = "bi-mat"
MAX_FAILURES = 5
FAILURE_WINDOW = LOCK_SECONDS = 15 * 60
FAILURE_DELAY = 1.0  # seconds every wrong password waits: a guesser's thousand tries take a quarter hour
MAX_FORM = 8 * 1024
NO_LOGIN = "không đăng nhập"
"""The author of a change made on a folder without accounts."""

USER: contextvars.ContextVar[Account | None] = contextvars.ContextVar("kehoach_user", default=None)
SCOPE_KEY = "kehoach.user"


def current_user() -> Account | None:
    """The account of the request being answered (for the pages' header)."""
    return USER.get()


def author_of(request: Request) -> Author:
    account = request.scope.get(SCOPE_KEY)
    return Author(account.full_name, account.login) if isinstance(account, Account) else Author(NO_LOGIN)


class Login:
    def __init__(self, folder: Path, pages: Environment) -> None:
        self.accounts = Accounts(folder)
        self.secret_path = folder / HIDDEN / SECRET_FILE
        self.pages = pages
        self.delay, self.limit, self.lock_seconds = FAILURE_DELAY, MAX_FAILURES, LOCK_SECONDS
        self._secret: bytes | None = None
        self._failures: dict[str, list[float]] = {}
        self._hashes: dict[str, str] = {}  # the password a name's failures were counted against
        self._trying: dict[str, asyncio.Lock] = {}
        self._checking = asyncio.Semaphore(2)
        self._ended: dict[str, int] = {}  # sessions logged out before their time: signature -> expiry

    def active(self) -> bool:
        """Whether the folder asks for a login. A damaged account file still does (nobody gets in)."""
        try:
            return self.accounts.active()
        except KehoachError:
            return True

    # ---- the secret and the cookie
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = _secret(self.secret_path)
        return self._secret

    def _signature(self, account: Account, expires: int) -> str:
        message = f"{account.login}\n{expires}\n{account.stamp}".encode()
        return hmac.new(self.secret(), message, hashlib.sha256).hexdigest()

    def cookie_for(self, account: Account) -> str:
        expires = int(time.time()) + SESSION_SECONDS
        while self._signature(account, expires) in self._ended:  # a session logged out in this same second
            expires += 1
        return f"{account.login}.{expires}.{self._signature(account, expires)}"

    def session(self, request: Request) -> Account | None:
        value = request.cookies.get(COOKIE, "")
        parts = value.rsplit(".", 2)
        if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) < time.time():
            return None
        try:
            account = self.accounts.get(parts[0])
        except KehoachError:
            return None
        if account is None or not hmac.compare_digest(parts[2].encode(), self._signature(account, int(parts[1])).encode()):
            return None
        if parts[2] in self._ended:  # logged out: a copy of the cookie kept elsewhere opens nothing
            return None
        return account

    # ---- every request
    async def admit(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """True when the request may go on to the editor (with its account in the scope); otherwise the
        answer has been sent here: the login page, a redirect to it, or a refusal."""
        request = Request(scope, receive)
        path = request.url.path
        if path == "/dang-nhap":
            response = await (self._submit(request) if request.method == "POST" else self._page(request))
        elif path == "/dang-xuat" and request.method == "POST":
            response = self._logout(request)
        elif path.startswith("/tai-nguyen/"):
            return True  # the style sheet and scripts hold nothing of the folder
        else:
            account = self.session(request)
            if account is not None:
                scope[SCOPE_KEY] = account
                USER.set(account)
                return True
            if path.startswith("/api/") or request.method not in ("GET", "HEAD"):
                response = JSONResponse({"message": "Cần đăng nhập (phiên làm việc đã hết hoặc chưa đăng nhập); hãy "
                                         "tải lại trang để đăng nhập. Phần chưa lưu vẫn còn trên trang này."},
                                        status_code=401)
            else:
                target = path + (f"?{request.url.query}" if request.url.query else "")
                response = RedirectResponse("/dang-nhap?" + urllib.parse.urlencode({"tiep": target}), status_code=303)
        await response(scope, receive, send)
        return False

    async def _page(self, request: Request, message: str = "", status: int = 200, login: str = "",
                    target: str | None = None) -> Response:
        html = self.pages.get_template("login.html").render(
            message=message, login=login, tiep=_next(target or request.query_params.get("tiep", "/")))
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})

    async def _submit(self, request: Request) -> Response:
        origin = request.headers.get("origin")
        # Behind a reverse proxy the page's own host is the one the proxy was asked for (X-Forwarded-Host); the
        # session cookie is SameSite=Strict either way, so this only keeps other sites' forms out.
        hosts = {request.headers.get("host"), *(h.strip() for h in request.headers.get("x-forwarded-host", "").split(","))}
        if origin and urllib.parse.urlsplit(origin).netloc not in hosts:
            return HTMLResponse("<!doctype html><meta charset=utf-8><p>Yêu cầu đăng nhập không đến từ trang này.</p>",
                                status_code=403)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM:
                return await self._page(request, "Dữ liệu đăng nhập quá dài.", 413)
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        login = normal_login(form.get("ten", [""])[0])[:100]
        password = form.get("mat_khau", [""])[0]
        target = _next(form.get("tiep", ["/"])[0])
        try:
            account = self.accounts.get(login)
        except KehoachError as exc:
            return await self._page(request, str(exc), 500, login, target)
        if account is not None and self._hashes.get(login, account.password) != account.password:
            self._failures.pop(login, None)  # a new password set by the administrator lifts the lock
        # One try at a time for a name, and a few password checks at a time in all: parallel guesses cannot
        # slip past the count, and a flood of them waits here instead of filling the threads others need.
        async with self._trying.setdefault(login, asyncio.Lock()):
            if self._locked(login):
                return await self._page(request, self._locked_message(), 429, login, target)
            async with self._checking:
                good = await run_in_threadpool(verify, account.password if account else DUMMY, password)
            if account is None or not good:
                self._failed(login)
                if account is not None:
                    self._hashes[login] = account.password
                await asyncio.sleep(self.delay)
                if self._locked(login):
                    return await self._page(request, self._locked_message(), 429, login, target)
                left = self.limit - len(self._failures.get(login, []))
                return await self._page(request, f"Tên đăng nhập hoặc mật khẩu không đúng (còn {left} lần thử trước "
                                        "khi tài khoản bị tạm khoá).", 401, login, target)
        self._failures.pop(login, None)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, self.cookie_for(account), max_age=SESSION_SECONDS, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    def _logout(self, request: Request) -> Response:
        if self.session(request) is not None:
            now = int(time.time())
            self._ended = {sig: until for sig, until in self._ended.items() if until > now}
            _, expires, signature = request.cookies[COOKIE].rsplit(".", 2)
            self._ended[signature] = int(expires)
        response = RedirectResponse("/dang-nhap", status_code=303)
        response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return response

    # ---- wrong passwords
    def _recent(self, login: str) -> list[float]:
        now = time.monotonic()
        recent = [t for t in self._failures.get(login, []) if now - t < max(FAILURE_WINDOW, self.lock_seconds)]
        if recent:
            self._failures[login] = recent
        else:
            self._failures.pop(login, None)
        return recent

    def _locked(self, login: str) -> bool:
        recent = self._recent(login)
        return len(recent) >= self.limit and time.monotonic() - recent[-1] < self.lock_seconds

    def _locked_message(self) -> str:
        minutes = max(1, round(self.lock_seconds / 60))
        return (f"Nhập sai mật khẩu {self.limit} lần liền nên tài khoản này tạm khoá {minutes} phút. Hãy chờ rồi thử "
                "lại, hoặc nhờ người quản trị đổi mật khẩu (kehoach tai-khoan doi-mat-khau).")

    def _failed(self, login: str) -> None:
        if len(self._trying) > 10_000:
            self._trying = {k: v for k, v in self._trying.items() if v.locked()}
            self._hashes = {k: v for k, v in self._hashes.items() if k in self._failures}
        if len(self._failures) > 10_000:  # names made up by a guesser: forget the oldest
            for key in list(self._failures)[:5_000]:
                self._failures.pop(key, None)
        self._failures.setdefault(login, []).append(time.monotonic())


def _next(target: str) -> str:
    """Where to go after logging in: a path of this server only (never '//elsewhere')."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _secret(path: Path) -> bytes:
    """The folder's signing secret, generated once, readable by its owner only."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, secrets.token_hex(32).encode())
        data = path.read_bytes()
    if len(data) < 32:
        raise KehoachError(f"{path}: tệp bí mật bị hỏng; xoá tệp này rồi chạy lại (mọi người sẽ phải đăng nhập lại)")
    return data

