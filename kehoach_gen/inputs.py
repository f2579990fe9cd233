"""Reading what the clerk points us at: regular files only, with a byte cap, and file names shown safely.

A FIFO blocks the reader until someone writes, a device (/dev/zero) never ends, a socket cannot be read:
each is refused the moment it is opened, before a single byte is read. The descriptor is checked, not
the name, so a file swapped for a FIFO between a check and the open is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from kehoach_gen.errors import InputProblem, display

__all__ = ["display", "is_regular", "open_regular", "os_reason", "read_regular", "write_reason"]

_OS_REASONS = {
    errno.ENOENT: "không tìm thấy tệp",
    errno.EACCES: "không có quyền đọc tệp",
    errno.EPERM: "không có quyền đọc tệp",
    errno.ELOOP: "liên kết tượng trưng (symlink) trỏ vòng quanh, không dẫn tới tệp nào",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EIO: "lỗi đọc đĩa",
    errno.ENXIO: "thiết bị không có mặt",
    errno.EISDIR: "đây là thư mục, không phải tệp",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in the clerk's words (Python's are English)."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return write_reason(exc)


def write_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EDQUOT: "đã hết dung lượng được phép trên ổ đĩa",
        errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho đọc",
        errno.EACCES: "không có quyền ghi vào đây",
        errno.EPERM: "không có quyền ghi vào đây",
        errno.ENOENT: "thư mục không tồn tại",
        errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
        errno.EISDIR: "đây là thư mục",
        errno.EFBIG: "tệp vượt quá kích thước cho phép",
        errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.EIO: "lỗi ghi đĩa",
        errno.ELOOP: "liên kết tượng trưng (symlink) trỏ vòng quanh",
        errno.EEXIST: "đã có một tệp trùng tên với thư mục cần tạo",
        errno.EXDEV: "không chuyển được tệp giữa hai ổ đĩa",
        errno.ETXTBSY: "tệp đang được chương trình khác dùng",
    }
    if getattr(exc, "winerror", None) in (32, 33):  # Windows: another program has the file open (or locked)
        return "tệp đang mở trong chương trình khác (Word, LibreOffice...); hãy đóng tệp rồi thử lại"
    return reasons.get(exc.errno or 0, f"lỗi hệ thống số {exc.errno}" if exc.errno else "lỗi hệ thống")


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "đây là thư mục, không phải tệp"
    if stat.S_ISFIFO(mode):
        return "đây là ống dẫn (FIFO), không phải tệp thường; chỉ đọc tệp thường"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "đây là thiết bị, không phải tệp thường; chỉ đọc tệp thường"
    if stat.S_ISSOCK(mode):
        return "đây là socket, không phải tệp thường; chỉ đọc tệp thường"
    return "không phải tệp thường; chỉ đọc tệp thường"


def open_regular(path: Path) -> BinaryIO:
    """Open for reading, or raise InputProblem with the reason (the message names the file)."""
    # O_BINARY: Windows opens a descriptor in text mode otherwise, and its reads would turn CRLF into LF
    # and stop at the first Ctrl-Z byte of a .docx. O_NONBLOCK (POSIX only) keeps a FIFO from blocking the open.
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    flags = (os.O_RDONLY | nonblocking | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) |
             getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputProblem(path, os_reason(exc)) from None
    try:
        reason = _kind(os.fstat(fd).st_mode)
        if reason:
            raise InputProblem(path, reason)
        if nonblocking:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int, what: str = "tệp") -> bytes:
    """The whole file, refusing one that is not regular or holds more than `limit` bytes (whatever its
    size claims: /proc files say 0)."""
    with open_regular(path) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputProblem(path, os_reason(exc)) from None
    if len(data) > limit:
        raise InputProblem(path, f"{what} quá lớn (hơn {limit / 2**20:.0f} MB); không phải một kế hoạch")
    return data


def is_regular(path: Path) -> bool:
    """For folder listings: a FIFO or a broken link in a folder is reported, not opened."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, RuntimeError):
        return False


def same_file(a: Path, b: Path) -> bool:
    """Whether writing a would destroy b: the same path after links, or the same file under another
    name (a hard link). Never raises: a symlink loop is simply not the same file."""
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False
