"""The bodies of `kehoach tai-khoan them | doi-mat-khau | xoa | danh-sach` (cli.py only declares them)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from kehoach_gen.errors import KehoachError
from kehoach_gen.web.accounts import Accounts


def _folder(folder: Path) -> Accounts:
    if not folder.is_dir():
        raise KehoachError(f"{folder}: không có thư mục này (cần thư mục kế hoạch mà kehoach serve mở)")
    return Accounts(folder.resolve())


def read_password() -> str:
    """From standard input when it is not a terminal (a script, `echo ... |`): its first line. At a terminal,
    asked twice without echo, so that a typing slip does not lock the clerk out."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    import getpass

    try:
        first = getpass.getpass("Mật khẩu: ")
        again = getpass.getpass("Nhập lại mật khẩu: ")
    except EOFError:  # Ctrl-D at the prompt
        raise KehoachError("chưa nhập mật khẩu; chưa thay đổi gì") from None
    if again != first:
        raise KehoachError("hai lần nhập mật khẩu không giống nhau; chưa thay đổi gì, hãy chạy lại lệnh")
    return first


def add(folder: Path, login: str, full_name: str, echo: Callable[[str], None]) -> None:
    accounts = _folder(folder)
    first = not accounts.active()
    accounts.new_names(login, full_name)
    account = accounts.add(login, full_name, read_password())
    echo(f"đã tạo tài khoản {account.login} ({account.full_name})")
    if first:
        echo("Từ nay mọi người mở kehoach serve trên thư mục này đều phải đăng nhập.")


def change_password(folder: Path, login: str, echo: Callable[[str], None]) -> None:
    accounts = _folder(folder)
    if accounts.get(login) is None:  # asked before the password is typed
        raise KehoachError(accounts._missing(login))
    account = accounts.change_password(login, read_password())
    echo(f"đã đổi mật khẩu của {account.login} ({account.full_name}); các phiên đăng nhập cũ phải đăng nhập lại")


def remove(folder: Path, login: str, echo: Callable[[str], None]) -> None:
    accounts = _folder(folder)
    account = accounts.remove(login)
    echo(f"đã xoá tài khoản {account.login} ({account.full_name}); lịch sử vẫn giữ tên người này ở các phiên bản cũ")
    if not accounts.active():
        echo("Thư mục không còn tài khoản nào: kehoach serve trở lại không cần đăng nhập (chỉ máy này, hoặc mã truy cập).")


def listing(folder: Path, echo: Callable[[str], None]) -> None:
    found = _folder(folder).all()
    if not found:
        echo("chưa có tài khoản nào (kehoach serve không cần đăng nhập); tạo bằng: kehoach tai-khoan them THƯ_MỤC TÊN "
             "--ho-ten \"Họ và tên\"")
        return
    for account in found.values():
        echo(f"{account.login}  {account.full_name}  (tạo lúc {account.created.replace('T', ' ')})")
