""".docx -> .pdf through the real LibreOffice, headless, one start per batch, with a throw-away profile
so two conversions at once (or a clerk's open LibreOffice) never collide."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from kehoach_gen import portable
from kehoach_gen.errors import KehoachError, display
from kehoach_gen.inputs import write_reason
from kehoach_gen.render import soffice
from kehoach_gen.render.package import atomic_write

PLAIN_FILTER = "pdf:writer_pdf_Export"  # LibreOffice's defaults; render/pdfa.py adds PDF/A options
TEMP_VAR = "TEMP" if sys.platform == "win32" else "TMPDIR"  # where the system's temporary folder is set


class PdfUnavailable(KehoachError):
    """LibreOffice is not installed: the .docx is written, the PDF cannot be."""


class PdfFailed(KehoachError):
    """LibreOffice ran but produced no PDF (or ran out of time)."""


_PREFIXES = ("kehoach-pdf-", "kehoach-xem-")
_OWNER = "kehoach.pid"


def sweep_stale(root: Path | None = None, older_than: float = 3600.0) -> None:
    """A run killed outright (kill -9, a closed terminal) cannot clean its work folder: each folder
    names the process that owns it, and the next run removes those whose owner is gone (or, without an
    owner file, that are older than an hour)."""
    root = root or Path(tempfile.gettempdir())
    now = time.time()
    for prefix in _PREFIXES:
        for folder in root.glob(f"{prefix}*"):
            try:
                info = folder.lstat()
                if not stat.S_ISDIR(info.st_mode) or not portable.mine(info):  # another user's is theirs
                    continue
                try:
                    owner = int((folder / _OWNER).read_text(encoding="ascii").strip() or "0")
                except (OSError, ValueError):
                    owner = 0
                stale = not portable.alive(owner) if owner else now - info.st_mtime > older_than
                if stale:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue


@contextlib.contextmanager
def work_dir(prefix: str) -> Iterator[Path]:
    """A throw-away folder that says which process owns it (see sweep_stale)."""
    sweep_stale()
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        (Path(tmp) / _OWNER).write_text(str(os.getpid()), encoding="ascii")
        yield Path(tmp)


def _full_temp(work: Path) -> Path | None:
    """The temporary folder LibreOffice writes to when it has no room (it then says only that the
    source 'could not be loaded')."""
    for folder in (work, Path(tempfile.gettempdir())):
        try:
            if shutil.disk_usage(folder).free < 4 * 1024 * 1024:
                return folder
        except OSError:
            continue
    return None


# LibreOffice export filters by target format: PDF, and .docx for a re-save (what an office does when it
# opens a plan in LibreOffice and saves it).
FILTERS = {"pdf": PLAIN_FILTER, "docx": "docx:MS Word 2007 XML"}


def convert(sources: Sequence[Path], targets: Sequence[Path] | None = None, *, timeout: float | None = None,
            to: str = "pdf", export_filter: str | None = None) -> list[Path]:
    """Convert every source .docx to PDF (or re-save it as .docx) in one LibreOffice run; each result
    lands atomically at its target (default: beside its .docx). export_filter may carry the PDF filter's
    options (render/pdfa.py)."""
    if not sources:
        return []
    exe = soffice.find()
    if exe is None:
        raise PdfUnavailable(f"không tạo được PDF: chưa có LibreOffice; {soffice.install_hint()}")
    targets = list(targets) if targets is not None else [s.with_suffix(f".{to}") for s in sources]
    timeout = timeout if timeout is not None else 60 + 20 * len(sources)
    with work_dir("kehoach-pdf-") as work:
        inbox, outbox, profile = work / "in", work / "out", work / "profile"
        inbox.mkdir()
        # Unique names: two plans with the same stem in different folders must not overwrite each other.
        staged = []
        for i, src in enumerate(sources):
            name = f"{i:04d}.docx"  # the clerk's file name (any characters) never reaches a command line
            try:
                shutil.copyfile(src, inbox / name)
            except OSError as exc:
                raise PdfFailed(f"{display(work)}: không chuẩn bị được thư mục tạm để tạo PDF "
                                f"({write_reason(exc)}); văn bản .docx vẫn được giữ") from None
            staged.append(inbox / name)
        cmd = [exe, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", export_filter or FILTERS[to], "--outdir", str(outbox), *map(str, staged)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env={**os.environ, "HOME": str(work)}, **portable.own_group())
        except OSError as exc:
            raise PdfUnavailable(f"không chạy được LibreOffice {display(exe)} ({exc.strerror}); "
                                 f"{soffice.install_hint()}") from None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            portable.kill_tree(proc)
            proc.communicate()
            raise PdfFailed(f"LibreOffice không chuyển xong sang PDF sau {timeout:.0f} giây; hãy thử lại, hoặc "
                            "đóng các cửa sổ LibreOffice đang treo") from None
        done = []
        for stage, target in zip(staged, targets, strict=True):
            pdf = outbox / (stage.stem + f".{to}")
            full = _full_temp(work) if not pdf.is_file() else None
            if full is not None:
                raise PdfFailed(f"{display(target)}: không tạo được PDF: ổ đĩa chứa thư mục tạm {display(full)} "
                                f"đã đầy (đổi bằng biến môi trường {TEMP_VAR}); văn bản .docx vẫn được giữ")
            if not pdf.is_file():
                raise failed(target, proc.returncode, err.decode("utf-8", "replace"))
            atomic_write(target, pdf.read_bytes())
            done.append(target)
        return done


def failed(target: Path, code: int | None, said: str = "") -> PdfFailed:
    """LibreOffice ran and left no PDF: the likely reason and what to do, never its own backtrace
    ('soffice.bin(+0x10b1)') or English error text."""
    from kehoach_gen.render.limits import file_size_limit

    kept = "văn bản .docx vẫn được giữ"
    limit = file_size_limit()
    if limit is not None:
        return PdfFailed(f"{display(target)}: không tạo được PDF: máy đang giới hạn cỡ tệp được ghi ra ({limit} KB, "
                         "đặt bằng 'ulimit -f') nên LibreOffice dừng giữa chừng; hãy bỏ giới hạn đó ('ulimit -f "
                         f"unlimited', hoặc nhờ người quản trị máy) rồi tạo lại; {kept}")
    if "could not be loaded" in said or "loadComponentFromURL" in said:
        return PdfFailed(f"{display(target)}: không tạo được PDF: LibreOffice không mở được tệp .docx; hãy thử mở tệp "
                         f"bằng LibreOffice hoặc Word xem có báo lỗi không; {kept}")
    how = f" (mã {code})" if code else ""
    crashed = code is not None and (code < 0 or code >= 128)
    what = f"LibreOffice dừng đột ngột{how} khi chuyển sang PDF" if crashed else f"LibreOffice không tạo được PDF{how}"
    return PdfFailed(f"{display(target)}: {what}; hãy thử lại, và nếu vẫn lỗi thì mở tệp .docx bằng Word hoặc "
                     f"LibreOffice rồi lưu thành PDF; {kept}")
