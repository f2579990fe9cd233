""".docx -> .pdf through the real LibreOffice, headless, one start per batch, with a throw-away profile
so two conversions at once (or a clerk's open LibreOffice) never collide."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import KehoachError
from .package import atomic_write

ENV_VAR = "KEHOACH_SOFFICE"
PLAIN_FILTER = "pdf:writer_pdf_Export"  # LibreOffice's defaults; render/pdfa.py adds PDF/A options
INSTALL_HINT = ("cài LibreOffice và phông chữ Liberation Serif 2 (đủ dấu tiếng Việt): "
                "sudo apt-get install libreoffice-writer-nogui fonts-liberation2 (hoặc chạy: make demo)")


class PdfUnavailable(KehoachError):
    """LibreOffice is not installed: the .docx is written, the PDF cannot be."""


class PdfFailed(KehoachError):
    """LibreOffice ran but produced no PDF (or ran out of time)."""


def soffice() -> str | None:
    override = os.environ.get(ENV_VAR)
    if override:
        return override if Path(override).exists() or shutil.which(override) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


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
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(f"không tạo được PDF: chưa có LibreOffice; {INSTALL_HINT}")
    targets = list(targets) if targets is not None else [s.with_suffix(f".{to}") for s in sources]
    timeout = timeout if timeout is not None else 60 + 20 * len(sources)
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        work = Path(tmp)
        inbox, outbox, profile = work / "in", work / "out", work / "profile"
        inbox.mkdir()
        # Unique names: two plans with the same stem in different folders must not overwrite each other.
        staged = []
        for i, src in enumerate(sources):
            name = f"{i:04d}-{src.stem}.docx"
            shutil.copyfile(src, inbox / name)
            staged.append(inbox / name)
        cmd = [exe, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", export_filter or FILTERS[to], "--outdir", str(outbox), *map(str, staged)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                    env={**os.environ, "HOME": str(work)})
        except OSError as exc:
            raise PdfUnavailable(f"không chạy được LibreOffice ({exc.strerror}); {INSTALL_HINT}") from None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfFailed(f"LibreOffice không chuyển xong sang PDF sau {timeout:.0f} giây; hãy thử lại, hoặc "
                            "đóng các cửa sổ LibreOffice đang treo") from None
        done = []
        for stage, target in zip(staged, targets, strict=True):
            pdf = outbox / (stage.stem + f".{to}")
            if not pdf.is_file():
                detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
                raise PdfFailed(f"{target}: LibreOffice không tạo được PDF (mã {proc.returncode}"
                                f"{'; ' + detail[0] if detail else ''}); văn bản .docx vẫn được giữ")
            atomic_write(target, pdf.read_bytes())
            done.append(target)
        return done
