"""The accounts of one plans folder (`kehoach tai-khoan`): who may open `kehoach serve` on it, each with a
full name that the history shows. Kept in FOLDER/.kehoach/tai-khoan.json, written whole and renamed over
the old file, readable by its owner only; a password is kept only as a salted scrypt hash, slow on purpose.
A folder with at least one account asks every visitor to log in."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError
from kehoach_gen.portable import hide, write_private
from kehoach_gen.web.versions import HIDDEN

FILE = "tai-khoan.json"
LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
MIN_PASSWORD, MAX_PASSWORD = 8, 256
MAX_NAME = 100
# scrypt with 2^15 rounds of 8 blocks: 32 MB and about a tenth of a second a try, what OWASP advises.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MEMORY = 64 * 1024 * 1024


@dataclass
class Account:
    login: str
    full_name: str
    password: str  # "scrypt$N$r$p$salt$hash"
    stamp: str  # changes with the password: every session signed before it ends
    created: str = ""

    def checks(self, password: str) -> bool:
        return verify(self.password, password)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def verify(stored: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        return hmac.compare_digest(_scrypt(password, base64.b64decode(salt), int(n), int(r), int(p)), expected)
    except ValueError:
        return False


DUMMY = "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), "AAAAAAAAAAAAAAAAAAAAAA==", "AA=="])
"""Checked against when the login name is unknown, so that an answer takes as long either way."""


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    data = unicodedata.normalize("NFC", password).encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MEMORY, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Accounts:
    """The account file of a folder, read again whenever it changes on disk (accounts are added with the
    command line while the server runs)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / HIDDEN / FILE
        self._seen: tuple[int, int] | None = None
        self._accounts: dict[str, Account] = {}

    def all(self) -> dict[str, Account]:
        try:
            info = self.path.stat()
        except OSError:
            self._seen, self._accounts = None, {}
            return {}
        key = (info.st_mtime_ns, info.st_size)
        if key != self._seen:
            self._accounts = self._read()
            self._seen = key
        return self._accounts

    def active(self) -> bool:
        return bool(self.all())

    def get(self, login: str) -> Account | None:
        return self.all().get(normal_login(login))

    def _read(self) -> dict[str, Account]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except PermissionError:
            raise KehoachError(f"{self.path}: máy chủ không có quyền đọc tệp tài khoản (tệp có thể do người quản trị "
                               "tạo bằng tài khoản khác, như root); hãy cho tài khoản chạy kehoach serve quyền đọc "
                               "tệp (chown), đừng xoá tệp") from None
        try:
            data = json.loads(text)
            return {login: Account(login, v["ho_ten"], v["mat_khau"], v["phien"], v.get("tao_luc", ""))
                    for login, v in data["tai_khoan"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise KehoachError(f"{self.path}: tệp tài khoản bị hỏng; không ai đăng nhập được cho đến khi sửa "
                               "lại (chép lại bản sao lưu, hoặc xoá tệp rồi tạo lại tài khoản)") from None

    def _write(self, accounts: dict[str, Account]) -> None:
        data: dict[str, Any] = {"tai_khoan": {
            a.login: {"ho_ten": a.full_name, "mat_khau": a.password, "phien": a.stamp, "tao_luc": a.created}
            for a in sorted(accounts.values(), key=lambda a: a.login)}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        hide(self.path.parent)
        try:
            write_private(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        except OSError as exc:
            raise KehoachError(f"{self.path}: không ghi được tệp tài khoản ({exc.strerror})") from None

    # ---- the command line's changes
    def new_names(self, login: str, full_name: str) -> tuple[str, str]:
        """The login and full name of a new account, refused before a password is asked for."""
        login = checked_login(login)
        if login in self.all():
            raise KehoachError(f"tài khoản '{login}' đã có; đổi mật khẩu bằng: kehoach tai-khoan doi-mat-khau")
        name = unicodedata.normalize("NFC", " ".join(full_name.split()))
        if not name or len(name) > MAX_NAME or any(unicodedata.category(ch)[0] == "C" for ch in name):
            raise KehoachError(f"--ho-ten: cần họ và tên người dùng (1 đến {MAX_NAME} ký tự), ví dụ "
                               "--ho-ten \"Nguyễn Văn An\"")
        return login, name

    def add(self, login: str, full_name: str, password: str) -> Account:
        login, name = self.new_names(login, full_name)
        accounts = dict(self.all())
        account = Account(login, name, hash_password(checked_password(password)), secrets.token_urlsafe(12),
                          dt.datetime.now().replace(microsecond=0).isoformat())
        accounts[login] = account
        self._write(accounts)
        return account

    def change_password(self, login: str, password: str) -> Account:
        accounts = dict(self.all())
        account = accounts.get(normal_login(login))
        if account is None:
            raise KehoachError(self._missing(login))
        new = Account(account.login, account.full_name, hash_password(checked_password(password)),
                      secrets.token_urlsafe(12), account.created)
        accounts[account.login] = new
        self._write(accounts)
        return new

    def remove(self, login: str) -> Account:
        accounts = dict(self.all())
        account = accounts.pop(normal_login(login), None)
        if account is None:
            raise KehoachError(self._missing(login))
        self._write(accounts)
        return account

    def _missing(self, login: str) -> str:
        have = ", ".join(sorted(self.all())) or "chưa có tài khoản nào"
        return f"không có tài khoản '{login}' trong thư mục {self.folder} (có: {have})"


def normal_login(login: str) -> str:
    return unicodedata.normalize("NFC", login).strip().lower()


def checked_login(login: str) -> str:
    login = normal_login(login)
    if not LOGIN.match(login):
        raise KehoachError(f"tên đăng nhập '{login}' không dùng được: chỉ gồm chữ cái không dấu, chữ số và dấu "
                           ". _ - (tối đa 40 ký tự), ví dụ 'an.nv'")
    return login


def checked_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise KehoachError(f"mật khẩu cần từ {MIN_PASSWORD} đến {MAX_PASSWORD} ký tự (mật khẩu vừa nhập có "
                           f"{len(password)} ký tự)")
    if any(unicodedata.category(ch)[0] == "C" for ch in password):
        raise KehoachError("mật khẩu có ký tự điều khiển (Tab, xuống dòng...); hãy chọn mật khẩu khác")
    return password
