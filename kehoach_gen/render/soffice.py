"""Where LibreOffice is: the one lookup behind every PDF, `check --trang` and the web editor's warm office.

In order: the KEHOACH_SOFFICE variable (the program, its folder, or the .app bundle), the PATH, then the
places the installers put it: on Windows the install path LibreOffice writes in the registry and the
Program Files folders (the installer does not touch the PATH), on macOS LibreOffice.app in the
Applications folders, on Linux the upstream packages' /opt/libreofficeX.Y.
"""

from __future__ import annotations

import importlib
import ntpath
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kehoach_gen.errors import display

ENV_VAR = "KEHOACH_SOFFICE"
DOWNLOAD = "https://www.libreoffice.org/download/"
_APP = Path("LibreOffice.app", "Contents", "MacOS", "soffice")


def _windows(platform: str) -> bool:
    return platform.startswith("win")


def _program(folder: Path, platform: str) -> Iterator[Path]:
    """soffice inside a folder someone named: the program folder, the install folder or the .app bundle."""
    name = "soffice.exe" if _windows(platform) else "soffice"
    yield folder / name
    yield folder / "program" / name
    yield folder / "Contents" / "MacOS" / "soffice"
    yield folder / _APP


def registry_install_paths() -> list[str]:
    """The folders the Windows installer recorded: its UNO install path (the program folder) and the App
    Paths entry of soffice.exe, per machine and per user, 64- and 32-bit views."""
    try:
        winreg: Any = importlib.import_module("winreg")  # Any: typeshed declares it for Windows only
    except ImportError:  # not Windows
        return []
    found: list[str] = []
    keys = [(r"SOFTWARE\LibreOffice\UNO\InstallPath", ""),
            (r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath", ""),
            (r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", "Path"),
            (r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", "")]
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        for key, value in keys:
            try:
                with winreg.OpenKey(hive, key) as handle:
                    data, _ = winreg.QueryValueEx(handle, value)
            except OSError:
                continue
            if isinstance(data, str) and data.strip():
                found.append(ntpath.expandvars(data.strip().strip('"')))  # a REG_EXPAND_SZ's %VARIABLE%
    return found


def _installed(environ: Mapping[str, str], platform: str, registry: Callable[[], list[str]]) -> Iterator[Path]:
    if _windows(platform):
        for entry in registry():
            path = Path(entry)
            yield path  # App Paths names the program itself
            yield from _program(path, platform)
        for variable, below in (("ProgramFiles", ""), ("ProgramW6432", ""), ("ProgramFiles(x86)", ""),
                                ("LOCALAPPDATA", "Programs")):  # the last: an install for this user only
            if not environ.get(variable):
                continue
            root = Path(environ[variable], below)
            # today's installer writes "LibreOffice"; older ones a versioned folder ("LibreOffice 5")
            for folder in [root / "LibreOffice", *sorted(root.glob("LibreOffice *"), reverse=True)]:
                yield folder / "program" / "soffice.exe"
    elif platform == "darwin":
        yield Path("/Applications") / _APP
        if environ.get("HOME"):
            yield Path(environ["HOME"], "Applications") / _APP
    else:  # The Document Foundation's own .deb/.rpm packages: /opt/libreoffice24.8, no 'soffice' on the PATH
        yield from (folder / "program" / "soffice" for folder in sorted(Path("/opt").glob("libreoffice*"), reverse=True))


def find(environ: Mapping[str, str] | None = None, platform: str | None = None,
         registry: Callable[[], list[str]] = registry_install_paths) -> str | None:
    """The LibreOffice program to run, or None. A KEHOACH_SOFFICE that names nothing runnable is not
    overridden by a guess: the clerk asked for that one (install_hint says what is wrong)."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    override = environ.get(ENV_VAR, "").strip().strip('"')
    if override:
        path = Path(override)
        if path.is_file():
            return str(path)
        if path.is_dir():
            return next((str(p) for p in _program(path, platform) if p.is_file()), None)
        return shutil.which(override, path=environ.get("PATH"))
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name, path=environ.get("PATH"))
        if exe:
            return exe
    return next((str(p) for p in _installed(environ, platform, registry) if p.is_file()), None)


def install_hint(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """What to do when find() found nothing, in the clerk's words and for the clerk's system."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    if _windows(platform):
        hint = (f"tải LibreOffice tại {DOWNLOAD} rồi cài (máy tự tìm trong C:\\Program Files\\LibreOffice), "
                f"hoặc đặt biến môi trường {ENV_VAR} chỉ tới tệp soffice.exe")
    elif platform == "darwin":
        hint = (f"tải LibreOffice tại {DOWNLOAD} rồi kéo LibreOffice vào thư mục Applications, "
                f"hoặc đặt biến môi trường {ENV_VAR} chỉ tới LibreOffice.app")
    else:
        hint = ("cài LibreOffice và phông chữ Liberation Serif 2 (đủ dấu tiếng Việt): "
                "sudo apt-get install libreoffice-writer-nogui fonts-liberation2 (hoặc chạy: make demo); "
                f"bản cho hệ điều hành khác: {DOWNLOAD}")
    override = environ.get(ENV_VAR, "").strip()
    if override:
        hint = (f"biến môi trường {ENV_VAR} chỉ tới '{display(override)}', nơi không có chương trình LibreOffice "
                f"(soffice): sửa lại đường dẫn, hoặc xóa biến này để máy tự tìm; chưa cài thì {hint}")
    return hint
