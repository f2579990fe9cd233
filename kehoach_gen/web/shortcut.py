"""`kehoach serve --tao-loi-tat`: a Windows batch file that starts the browser editor on a folder with a
double click, for a clerk who never opens a terminal.

cmd.exe reads a batch file in the console's code page, so the file switches to UTF-8 (chcp 65001) on
its first line, which is ASCII; everything after it (a Vietnamese folder or user name) is read as the
UTF-8 it is written in. Lines end in CRLF, as cmd expects.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kehoach_gen.errors import KehoachError, display
from kehoach_gen.render.package import atomic_write

NAME = "kehoach-soan-thao.bat"
MARK = "rem kehoach-gen:"  # a file that carries it was written here and may be written again


def _quoted(path: Path | str) -> str:
    """A path as one cmd.exe argument: quotes keep spaces, & and ^ literal; a % must be doubled."""
    return '"' + str(path).replace("%", "%%") + '"'


def _python() -> Path:
    """The interpreter this kehoach runs in; its console twin when started without a window (pythonw)."""
    exe = Path(sys.executable)
    if exe.stem.lower() == "pythonw":
        exe = exe.with_name("python" + exe.suffix)
    return exe


def batch_text(folder: Path, *, host: str, port: int, python: Path | None = None) -> str:
    args = [_quoted(python or _python()), "-m", "kehoach_gen", "serve", _quoted(folder.resolve()), "--mo-trinh-duyet"]
    if host != "127.0.0.1":
        args += ["--host", host]
    if port != 8000:
        args += ["--port", str(port)]
    lines = [
        "@chcp 65001 >nul",
        "@echo off",
        f"{MARK} mở trình soạn kế hoạch trong trình duyệt; đóng cửa sổ này để dừng.",
        "rem Tạo bằng lệnh: kehoach serve THƯ-MỤC --tao-loi-tat NƠI-ĐẶT (chạy lại lệnh đó nếu chuyển thư mục).",
        " ".join(args),
        "if errorlevel 1 pause",  # a failure (a port in use) stays on screen until a key is pressed
    ]
    return "\r\n".join(lines) + "\r\n"


def write(where: Path, folder: Path, *, host: str, port: int) -> Path:
    """The batch file in the folder `where` (or at `where` itself when it names a .bat file)."""
    if not folder.is_dir():
        raise KehoachError(f"{display(folder)}: không có thư mục này")
    target = where if where.suffix.lower() == ".bat" else where / NAME
    if not target.parent.is_dir():
        raise KehoachError(f"{display(target.parent)}: không có thư mục này (nơi đặt lối tắt)")
    if target.exists():
        try:
            ours = MARK in target.read_text(encoding="utf-8", errors="replace")
        except OSError:
            ours = False
        if not ours:
            raise KehoachError(f"{display(target)}: tệp đã có và không phải lối tắt do kehoach tạo; không ghi đè "
                               "(chọn thư mục khác)")
    atomic_write(target, batch_text(folder, host=host, port=port).encode("utf-8"))
    return target
