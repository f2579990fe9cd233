"""Open any .docx defensively: not a regular file, not a zip, a .doc or a password-protected file in
disguise, missing parts, zip bombs. Every failure is a DocxUnreadable with a Vietnamese message.

Nothing trusts what the zip claims about itself: each part is inflated in small steps with a running
byte count, against caps on the total and on the number of parts, whatever sizes the zip directory
states. Only the XML parts are inflated (pictures and embedded files are never read by the checker or
the importer), and python-docx is handed a package rebuilt from what was read, so it inflates nothing.
Every reader of a .docx (check, import, render's overwrite guard) comes through here.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import docx
from lxml import etree

from kehoach_gen.errors import InputProblem, KehoachError, display
from kehoach_gen.facts import sizes
from kehoach_gen.facts.wordml import W
from kehoach_gen.inputs import open_regular, os_reason

MAX_FILE = 256 * 1024 * 1024  # on disk: a plan is a few hundred KB; Word files with photos stay far below
# Checking time and memory follow the number of XML tags more than bytes: a 40-page report has ~60 000.
# Both caps are what the largest plan `validate` accepts renders to (sizes.py), so every file the program
# writes can be read back; their cost for the worst shape of file is measured there.
MAX_XML = sizes.MAX_XML
MAX_TAGS = sizes.MAX_TAGS
MAX_INFLATED = 128 * 1024 * 1024  # everything inflated by one reader (the overwrite guard hashes pictures too)
MAX_PARTS = 3000  # a long Word file with many pictures has a few hundred
MAX_DIRECTORY = 2 * 1024 * 1024  # the zip's own table of contents, read before anything else
# libxml2's own limits, which python-docx's parser keeps (no XML_PARSE_HUGE): named in the messages.
XML_DEPTH = 256  # nested elements; a table inside a table takes three levels (w:tbl, w:tr, w:tc)
XML_TEXT = 10 * 1024 * 1024  # one text node or attribute value
_CHUNK = 64 * 1024

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: an old .doc, or an encrypted .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class DocxUnreadable(KehoachError):
    exit_code = 1


def _fail(path: Path, why: str) -> DocxUnreadable:
    return DocxUnreadable(f"{display(path)}: không đọc được văn bản: {why}")


def _too_big(path: Path, what: str) -> DocxUnreadable:
    return _fail(path, f"{what}; tệp bất thường (có thể là bom nén), không mở")


def _open(path: Path) -> BinaryIO:
    try:
        return open_regular(path)
    except InputProblem as exc:
        raise _fail(path, exc.reason) from None


def _is_encrypted(fh: BinaryIO) -> bool:
    """Word saves a password-protected .docx as an OLE container holding an 'EncryptedPackage' stream;
    the stream's name sits in the container's directory, which may be anywhere in the file."""
    fh.seek(0)
    tail = b""
    read = 0
    while read < MAX_FILE:
        chunk = fh.read(1 << 20)
        if not chunk:
            return False
        if _ENCRYPTED in tail + chunk:
            return True
        tail = chunk[-len(_ENCRYPTED):]
        read += len(chunk)
    return False


def _directory(path: Path, fh: BinaryIO) -> zipfile.ZipFile:
    head = fh.read(8)
    if head.startswith(_CFB):
        if _is_encrypted(fh):
            raise _fail(path, "tệp được đặt mật khẩu (mã hóa); hãy mở bằng Word, bỏ mật khẩu "
                              "(Tệp > Thông tin > Bảo vệ tài liệu) rồi lưu lại")
        raise _fail(path, "đây là tệp .doc (Word 97-2003); hãy mở bằng Word và lưu lại dạng .docx")
    if head.startswith(b"%PDF"):
        raise _fail(path, "đây là tệp PDF, không phải .docx")
    if not head.startswith(b"PK"):
        raise _fail(path, "không phải tệp .docx (không phải tệp nén Office Open XML)")
    size = fh.seek(0, io.SEEK_END)
    if size > MAX_FILE:
        raise _too_big(path, f"tệp quá lớn ({size / 2**20:.0f} MB, giới hạn {MAX_FILE // 2**20} MB)")
    fh.seek(0)
    try:
        # The end record says how large the table of contents is; zipfile would read it all into objects.
        end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
    except OSError as exc:
        raise _fail(path, os_reason(exc)) from None
    if not end:
        raise _fail(path, "tệp .docx bị hỏng (không tìm thấy mục lục của tệp nén)")
    if end[zipfile._ECD_SIZE] > MAX_DIRECTORY or end[zipfile._ECD_ENTRIES_TOTAL] > MAX_PARTS:  # type: ignore[attr-defined]
        raise _too_big(path, f"quá nhiều phần (hơn {MAX_PARTS})")
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _fail(path, "tệp .docx bị hỏng (không giải nén được)") from None
    except OSError as exc:
        raise _fail(path, os_reason(exc)) from None
    if len(zf.infolist()) > MAX_PARTS:  # the end record may understate the count
        zf.close()
        raise _too_big(path, f"quá nhiều phần (hơn {MAX_PARTS})")
    return zf


class _Budget:
    def __init__(self, path: Path, limit: int, what: str, tags: int | None = None) -> None:
        self.path, self.left, self.limit, self.what = path, limit, limit, what
        self.tags_left, self.tags = tags, tags

    def take(self, chunk: bytes) -> None:
        self.left -= len(chunk)
        if self.left < 0:
            raise _too_big(self.path, f"{self.what} giải nén vượt {self.limit // 2**20} MB")
        if self.tags_left is not None:
            self.tags_left -= chunk.count(b"<")
            if self.tags_left < 0:
                raise _fail(self.path, f"văn bản quá lớn để đọc (hơn {sizes.number(self.tags or 0)} thẻ XML; một văn "
                                       "bản 40 trang có khoảng 60.000)")


def _chunks(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """A part's bytes, inflated at most _CHUNK at a time, counted against the budget as they come.
    zipfile stops at the size the directory claims; a part holding more fails its CRC check."""
    if info.flag_bits & 0x1:
        raise _fail(path, "tệp được đặt mật khẩu (mã hóa); hãy bỏ mật khẩu rồi lưu lại")
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                budget.take(chunk)
                yield chunk
    except DocxUnreadable:
        raise
    except zipfile.BadZipFile as exc:
        why = ("kích thước khai trong tệp nén không khớp nội dung" if "CRC" in str(exc)
               else "tệp .docx bị hỏng")
        raise _fail(path, f"phần '{display(info.filename)}': {why}") from None
    except NotImplementedError:
        raise _fail(path, f"phần '{display(info.filename)}' nén theo cách Word không dùng") from None
    except (zlib.error, EOFError, ValueError, RuntimeError):
        raise _fail(path, f"phần '{display(info.filename)}' bị hỏng (không giải nén được)") from None
    except OSError as exc:
        raise _fail(path, os_reason(exc)) from None


def _read(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    return b"".join(_chunks(path, zf, info, budget))


def each_part(path: str | Path, wanted: Callable[[str], bool], *,
              limit: int = MAX_INFLATED) -> Iterator[tuple[str, Iterator[bytes]]]:
    """The wanted parts in name order, each as its chunks (consume them before the next part), within
    the caps: the overwrite guard hashes a file without holding it."""
    path = Path(path)
    with _open(path) as fh, _directory(path, fh) as zf:
        budget = _Budget(path, limit, "nội dung")
        for info in sorted((i for i in zf.infolist() if wanted(i.filename)), key=lambda i: i.filename):
            yield info.filename, _chunks(path, zf, info, budget)


def _xml_parts(path: Path, zf: zipfile.ZipFile, budget: _Budget) -> dict[str, bytes]:
    """Every part, XML parts inflated and the rest left empty: [Content_Types].xml decides which is which."""
    infos = {i.filename: i for i in zf.infolist()}
    for other, what in (("xl/workbook.xml", "bảng tính Excel (.xlsx)"), ("ppt/presentation.xml", "trình chiếu PowerPoint"
                                                                                 " (.pptx)")):
        if other in infos and "word/document.xml" not in infos:
            raise _fail(path, f"đây là {what}, không phải văn bản Word .docx")
    for needed in ("[Content_Types].xml", "word/document.xml"):
        if needed not in infos:
            raise _fail(path, f"thiếu phần bắt buộc '{needed}'")
    types = _read(path, zf, infos["[Content_Types].xml"], budget)
    try:
        root = etree.fromstring(types, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise _fail(path, "phần '[Content_Types].xml' không phải XML hợp lệ") from None
    defaults = {(e.get("Extension") or "").lower(): e.get("ContentType") or "" for e in root
                if isinstance(e.tag, str) and e.tag.endswith("Default")}
    overrides = {(e.get("PartName") or "").lstrip("/"): e.get("ContentType") or "" for e in root
                 if isinstance(e.tag, str) and e.tag.endswith("Override")}
    parts = {"[Content_Types].xml": types}
    for name, info in infos.items():
        if name in parts or name.endswith("/"):
            continue
        kind = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")
        if name.lower().endswith((".xml", ".rels")) or kind.endswith("xml"):
            parts[name] = _read(path, zf, info, budget)
        else:
            parts[name] = b""  # a picture, a font, an embedded file: never looked at
    return parts


def _repack(parts: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    out.seek(0)
    return out


def open_docx(path: str | Path) -> tuple[docx.document.Document, dict[str, bytes]]:
    """The python-docx Document, plus the raw XML parts python-docx does not model (footnotes, comments)."""
    path = Path(path)
    with _open(path) as fh, _directory(path, fh) as zf:
        parts = _xml_parts(path, zf, _Budget(path, MAX_XML, "phần XML", MAX_TAGS))
    from kehoach_gen.ooxml.basecopy import is_base_part

    raw: dict[str, bytes] = {n: parts[n] for n in parts
                             if n in ("word/footnotes.xml", "word/comments.xml", "docProps/core.xml") or is_base_part(n)}
    try:
        document = docx.Document(_repack(parts))
    except Exception as exc:  # python-docx raises many kinds on malformed packages; _why names them
        raise _fail(path, _why(exc)) from None
    _main_part(path, document.element)
    return document, raw


_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _main_part(path: Path, root: etree._Element) -> None:
    """python-docx accepts any XML as the main part and fails later, far from the cause, on a root that is
    not w:document (a damaged file, another program's XML) or a document without a body: every reader
    gets the reason here instead."""
    if root.tag == f"{{{_W_STRICT}}}document":
        raise _fail(path, "văn bản được lưu dạng 'Strict Open XML'; hãy mở bằng Word và lưu lại dạng "
                          "'Word Document (*.docx)'")
    if root.tag != f"{W}document":
        found = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise _fail(path, f"phần 'word/document.xml' không phải nội dung văn bản Word (phần tử gốc là "
                          f"'{display(found)}', không phải 'w:document'); tệp bị hỏng hoặc do chương trình khác "
                          "tạo: hãy mở bằng Word rồi lưu lại dạng .docx")
    if root.find(f"{W}body") is None:
        raise _fail(path, "phần 'word/document.xml' không có thân văn bản (w:body); tệp bị hỏng: hãy mở bằng "
                          "Word rồi lưu lại dạng .docx")


def _why(exc: Exception) -> str:
    """What python-docx disliked, without echoing the file's content (lxml quotes the offending text)."""
    said = str(exc).lower()
    log = getattr(exc, "error_log", None) or ()
    if isinstance(exc, MemoryError) or "memory allocation failed" in said or any(
            e.type_name == "ERR_NO_MEMORY" for e in log):
        return "không đủ bộ nhớ để đọc văn bản (máy đang thiếu bộ nhớ?); hãy đóng bớt chương trình khác rồi thử lại"
    if isinstance(exc, etree.XMLSyntaxError) and "excessive depth" in said:
        return (f"các phần tử XML lồng nhau quá {XML_DEPTH} tầng, chẳng hạn bảng đặt trong bảng quá nhiều lần; "
                "văn bản bất thường, không đọc")
    if isinstance(exc, etree.XMLSyntaxError) and ("huge" in said or "resource limit" in said):
        what = "thuộc tính" if "buffer" in said or "attvalue" in said else "đoạn chữ"
        return f"một phần XML có {what} dài quá {XML_TEXT // 2**20} MB; văn bản bất thường, không đọc"
    broken = "cấu trúc .docx không hợp lệ"
    if isinstance(exc, etree.XMLSyntaxError):
        line = f", dòng {exc.lineno}" if getattr(exc, "lineno", None) else ""
        return f"{broken}: một phần XML viết sai cú pháp{line}"
    if isinstance(exc, KeyError):
        return f"{broken}: thiếu một phần được tham chiếu"
    if "content type" in said or "main document" in said:
        return f"{broken}: không phải văn bản Word (phần chính không đúng loại)"
    return f"{broken} (lỗi {type(exc).__name__}); hãy mở bằng Word rồi lưu lại"
