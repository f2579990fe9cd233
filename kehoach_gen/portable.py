"""What differs between Windows and POSIX: running another program (LibreOffice, its Python) in a group
of its own and stopping it with the children it started, asking whether a process still lives or a file
is the user's own, renaming over a file that another program glances at. Nothing is loaded here that
the running system lacks."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # subprocess itself is loaded by what runs a program, not by every file write
    import subprocess


def own_group() -> dict[str, Any]:
    """Popen options that keep a console's Ctrl-C (and a closed terminal) from reaching the program
    before we stop it ourselves, and let kill_tree reach whatever it starts."""
    if sys.platform == "win32":
        import subprocess

        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW}
    return {"start_new_session": True}


def kill_tree(proc: subprocess.Popen[Any]) -> None:
    """Stop a program started with own_group() and everything it started (soffice starts soffice.bin)."""
    if sys.platform == "win32":
        import subprocess

        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True,
                       creationflags=subprocess.CREATE_NO_WINDOW, check=False)
    else:
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
            return
        except OSError:
            pass
    try:
        proc.kill()
    except OSError:
        pass


_running: set[subprocess.Popen[Any]] = set()
_running_lock = threading.Lock()


@contextlib.contextmanager
def tracked(proc: subprocess.Popen[Any]) -> Iterator[subprocess.Popen[Any]]:
    """While the block runs, kill_started() stops the program too (a server stopping with Ctrl-C must not
    leave a LibreOffice behind: started in its own group, it never sees the console's Ctrl-C)."""
    with _running_lock:
        _running.add(proc)
    try:
        yield proc
    finally:
        with _running_lock:
            _running.discard(proc)


def kill_started() -> None:
    """Stop every program being tracked, with whatever it started."""
    with _running_lock:
        procs = list(_running)
    for proc in procs:
        kill_tree(proc)


def mine(info: os.stat_result) -> bool:
    """Whether a file belongs to the user running this (Windows gives each user a temporary folder of
    their own and reports no owner)."""
    if sys.platform == "win32":
        return True
    return info.st_uid == os.getuid()


def alive(pid: int) -> bool:
    """Whether a process with this id runs. (On Windows os.kill(pid, 0) would terminate it.)"""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists, another user's
        try:
            code = wintypes.DWORD()
            return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace(source: str | Path, target: str | Path) -> None:
    """os.replace, patient on Windows: an antivirus scan, the search indexer or OneDrive syncing the folder
    holds a file just written for a moment, and the rename fails with 'access denied' meanwhile."""
    for _ in range(20 if sys.platform == "win32" else 0):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(0.05)
    os.replace(source, target)


def hide(path: str | Path) -> None:
    """Hide a folder of the program's own files in Explorer too (elsewhere its leading dot hides it)."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x02)  # FILE_ATTRIBUTE_HIDDEN


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner may read (an account list, a signing secret), beside it then renamed over
    it, so a reader never sees half of it. mkstemp makes the file 0600 on POSIX; on Windows it inherits the
    folder's permissions, as the user's own files do."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
