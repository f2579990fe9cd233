"""Writing files: byte-identical .docx packages, a fingerprint of what we wrote, atomic replacement."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document

import glob
import hashlib
import io
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

from kehoach_gen import portable
from kehoach_gen.errors import OutputProblem, display
from kehoach_gen.inputs import write_reason
from kehoach_gen.ooxml.basecopy import add_to_package
from kehoach_gen.ooxml.docxio import DocxUnreadable, each_part

_EPOCH = (1980, 1, 1, 0, 0, 0)
CUSTOM_PART = "docProps/custom.xml"
FINGERPRINT_NAME = "kehoach-gen-fingerprint"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def content_fingerprint(parts: dict[str, bytes]) -> str:
    """Hash of the document's own parts (word/...): Word rewrites them on every save, so a mismatch
    means the file was opened and saved, or edited, since we wrote it."""
    return _fingerprint((n, (parts[n],)) for n in sorted(parts) if n.startswith("word/"))


def _fingerprint(parts: Iterable[tuple[str, Iterable[bytes]]]) -> str:
    h = hashlib.sha256()
    for name, chunks in parts:
        h.update(name.encode() + b"\0")
        for chunk in chunks:
            h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()


def _custom_xml(fingerprint: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{FINGERPRINT_NAME}">'
        f"<vt:lpwstr>{fingerprint}</vt:lpwstr></property></Properties>"
    ).encode()


def _register_custom(parts: dict[str, bytes]) -> None:
    ct = parts["[Content_Types].xml"].decode("utf-8")
    if f'PartName="/{CUSTOM_PART}"' not in ct:
        ct = ct.replace("</Types>", f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CUSTOM_CT}"/></Types>')
        parts["[Content_Types].xml"] = ct.encode("utf-8")
    rels = parts["_rels/.rels"].decode("utf-8")
    if _CUSTOM_RT not in rels:
        ids = {int(n) for n in re.findall(r'Id="rId(\d+)"', rels)}
        new_id = max(ids, default=0) + 1
        rels = rels.replace("</Relationships>",
                            f'<Relationship Id="rId{new_id}" Type="{_CUSTOM_RT}" Target="{CUSTOM_PART}"/>'
                            "</Relationships>")
        parts["_rels/.rels"] = rels.encode("utf-8")


def document_entries(document: Document) -> list[tuple[str, bytes]]:
    """The parts of a python-docx document in the order python-docx itself writes them, serialised
    once, so the package is zipped once (not saved, then unzipped and zipped again)."""
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = list(package.iter_parts())
    entries = [("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
               ("_rels/.rels", package.rels.xml)]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries


def write_package(entries: list[tuple[str, bytes]], base: dict[str, Any] | None = None) -> bytes:
    """Zip with fixed timestamps, order and attributes, plus our fingerprint: the same plan gives the
    same bytes on every run and machine, so a changed hash means a changed plan. base: the plan's data,
    carried inside for `import --into` (basecopy.py)."""
    names = [n for n, _ in entries]
    parts = dict(entries)
    if base is not None:
        add_to_package(parts, names, base)
    _register_custom(parts)
    parts[CUSTOM_PART] = _custom_xml(content_fingerprint(parts))
    if CUSTOM_PART not in names:
        names.append(CUSTOM_PART)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            fixed = zipfile.ZipInfo(name, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED  # level 1: a few KB larger, several times faster
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, parts[name], compresslevel=1)
    return out.getvalue()


def written_by_us_unchanged(path: Path) -> bool | None:
    """True: the file is exactly as we wrote it. False: edited since, not ours, or not a file we can
    read within the same caps as every other .docx reader. None: no file."""

    if not path.exists() and not path.is_symlink():
        return None
    custom = b""

    def own_parts() -> Iterator[tuple[str, Iterable[bytes]]]:
        nonlocal custom
        for name, chunks in each_part(path, lambda n: n.startswith("word/") or n == CUSTOM_PART):
            if name == CUSTOM_PART:
                custom = b"".join(chunks)[:4096]
            else:
                yield name, chunks

    try:
        fingerprint = _fingerprint(own_parts())
    except DocxUnreadable:
        return False
    m = re.search(rf'name="{FINGERPRINT_NAME}"><vt:lpwstr>([0-9a-f]+)<', custom.decode("utf-8", "replace"))
    return m is not None and m.group(1) == fingerprint


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# A file name holds 255 bytes; mkstemp adds 8 characters and the suffix 4 to the prefix.
_TEMP_NAME_BYTES = 200


def _temp_prefix(path: Path) -> str:
    """The hidden temporary file's name before mkstemp's random part: the document's own name while that
    leaves room, else its first words and a hash of the whole, so any name the file system holds saves."""
    name = path.name
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) + 2 <= _TEMP_NAME_BYTES:
        return f".{name}."
    head = raw[:60].decode("utf-8", "ignore")
    return f".{head}~{hashlib.sha256(raw).hexdigest()[:12]}."


def _sweep(path: Path, older_than: float = 600.0) -> None:
    """A write killed outright (power cut, kill -9) leaves its hidden temporary file behind; the next
    good write of the same document clears those that are clearly abandoned."""
    now = time.time()
    for stale in path.parent.glob(glob.escape(_temp_prefix(path)) + "*.tmp"):
        try:
            if now - stale.stat().st_mtime > older_than:
                stale.unlink()
        except OSError:
            pass


def atomic_write(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: an error or Ctrl-C never leaves half a file.
    A full disk, a read-only folder, a missing permission: an OutputProblem naming the file."""

    try:
        _atomic_write(path, data)
    except OSError as exc:
        raise OutputProblem(f"{display(path)}: không ghi được tệp ({write_reason(exc)}); "
                            "tệp cũ (nếu có) vẫn nguyên vẹn") from None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); the document gets the mode a plain save would give it.
        # (Windows has only a read-only flag, and no os.fchmod before Python 3.13.)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            # The data must be on disk before the rename makes it the document (power cuts happen).
            (getattr(os, "fdatasync", None) or os.fsync)(fh.fileno())
        portable.replace(tmp, path)
        _sweep(path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
