"""Open any .docx defensively: not a zip, a .doc in disguise, missing parts, zip bombs. Every failure is
a DocxUnreadable with a Vietnamese message; nothing here inflates more than a bounded amount."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from lxml import etree

from ..errors import KehoachError

MAX_TOTAL = 200 * 1024 * 1024  # a real plan is a few hundred KB; Word files with images stay far below
MAX_PART = 64 * 1024 * 1024
MAX_RATIO = 200  # XML compresses ~10x; hundreds-fold only in crafted files


class DocxUnreadable(KehoachError):
    exit_code = 1


def _fail(path: Path, why: str) -> DocxUnreadable:
    return DocxUnreadable(f"{path}: không đọc được văn bản: {why}")


def open_docx(path: str | Path) -> tuple[docx.document.Document, dict[str, bytes]]:
    """The python-docx Document, plus the raw XML parts python-docx does not model (footnotes).
    The file is read once; sizes are checked from the zip directory before anything is inflated."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TOTAL:
            raise _fail(path, f"tệp quá lớn ({path.stat().st_size / 2**20:.0f} MB); tệp bất thường, không mở")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "không tìm thấy tệp") from None
    except IsADirectoryError:
        raise _fail(path, "đây là thư mục") from None
    except OSError as exc:
        raise _fail(path, exc.strerror or "lỗi đọc tệp") from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(path, "đây là tệp .doc (Word 97-2003); hãy mở bằng Word và lưu lại dạng .docx")
    if not data.startswith(b"PK"):
        raise _fail(path, "không phải tệp .docx (không phải tệp nén Office Open XML)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise _fail(path, "tệp .docx bị hỏng (không giải nén được)") from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            raise _fail(path, f"nội dung giải nén quá lớn ({total / 2**30:.1f} GB); tệp bất thường, không mở")
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART or (info.file_size > 10 * 1024 * 1024 and ratio > MAX_RATIO):
                raise _fail(path, f"phần '{info.filename}' giải nén bất thường ({info.file_size // 2**20} MB); "
                                  "tệp có thể là bom nén, không mở")
        names = {i.filename for i in infos}
        for needed in ("[Content_Types].xml", "word/document.xml"):
            if needed not in names:
                raise _fail(path, f"thiếu phần bắt buộc '{needed}'")
        try:
            # python-docx inflates the parts it models; only the footnotes are read here.
            raw = {n: _bounded_read(zf, n) for n in ("word/footnotes.xml",) if n in names}
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _fail(path, f"tệp .docx bị hỏng ({exc})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise _fail(path, f"cấu trúc .docx không hợp lệ ({type(exc).__name__})") from None
    except Exception as exc:  # python-docx raises many kinds on malformed packages
        raise _fail(path, f"cấu trúc .docx không hợp lệ ({type(exc).__name__}: {exc})") from None
    return document, raw


def _bounded_read(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise ValueError(f"phần {name} quá lớn")
    return data
