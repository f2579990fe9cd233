"""`kehoach import`: an existing plan (text or .docx) -> neutral records -> plan data -> YAML,
validated before it is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kehoach_gen.errors import CONTROL_CHARS, KehoachError, PlanInvalid, Problem, display
from kehoach_gen.importer import docx as docx_parser
from kehoach_gen.importer import plaintext as text_parser
from kehoach_gen.importer.assemble import assemble
from kehoach_gen.importer.records import Source
from kehoach_gen.importer.yamlout import dump
from kehoach_gen.inputs import open_regular, read_regular
from kehoach_gen.plan.loader import MAX_BYTES, decode, load_plan_text
from kehoach_gen.plan.model import INVISIBLE as _INVISIBLE
from kehoach_gen.plan.model import KeHoach

MAX_TEXT = 2 * 1024 * 1024


@dataclass
class ImportResult:
    yaml_text: str
    plan: KeHoach
    warnings: list[Problem] = field(default_factory=list)


_LINE_BREAKS = re.compile("[\u2028\u2029\x85]")
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")


def _visible(src: Source) -> None:
    """Invisible characters (zero-width, direction marks) and control characters come along with text
    copied from web pages or other programs; a plan may not hold them, so the import drops them and says
    so. A control character becomes a space, so that the words on either side stay apart."""
    dropped = breaks = controls = 0

    def strip(text: str) -> str:
        nonlocal dropped, breaks, controls
        cleaned = _INVISIBLE.sub("", text)
        dropped += len(text) - len(cleaned)
        breaks += len(_LINE_BREAKS.findall(cleaned))
        cleaned, found = _CONTROL.subn(" ", _LINE_BREAKS.sub(" ", cleaned))
        controls += found
        return cleaned

    src.summary = strip(src.summary) if src.summary else src.summary
    src.signer = strip(src.signer) if src.signer else src.signer
    src.recipients = [strip(r) for r in src.recipients] if src.recipients is not None else None
    src.authority = [strip(a) for a in src.authority]
    src.body_lines = [strip(b) for b in src.body_lines]
    src.parent_line = strip(src.parent_line)
    for line in src.body:
        line.text = strip(line.text)
        if line.table is not None:
            line.table.columns = [strip(c) for c in line.table.columns]
            line.table.rows = [[strip(c) for c in row] for row in line.table.rows]
    src.footnotes = {k: strip(v) for k, v in src.footnotes.items()}
    for ap in src.appendices:
        ap.title, ap.notes = strip(ap.title), [strip(n) for n in ap.notes]
        if ap.table is not None:
            ap.table.columns = [strip(c) for c in ap.table.columns]
            ap.table.rows = [[strip(c) for c in row] for row in ap.table.rows]
    if dropped:
        src.warn(0, f"đã bỏ {dropped} ký tự vô hình (độ rộng 0 hoặc đổi chiều chữ) lẫn trong văn bản nguồn")
    if breaks:
        src.warn(0, f"{breaks} ký tự ngắt dòng đặc biệt (U+2028, U+2029, U+0085) giữa đoạn được thay bằng dấu cách")
    if controls:
        src.warn(0, f"đã thay {controls} ký tự điều khiển lẫn trong văn bản nguồn bằng dấu cách")


def read_source(path: Path) -> Source:
    with open_regular(path) as fh:
        head = fh.read(8)
    if head.startswith(b"PK") or path.suffix.lower() == ".docx" or head.startswith(b"\xd0\xcf\x11\xe0"):
        return docx_parser.parse(path)
    raw = read_regular(path, MAX_TEXT, "tệp")
    stray = _stray_nuls(raw)
    if stray:  # a text that holds a NUL byte or two (a copy gone wrong) is still a text, not a binary file
        raw = raw.replace(b"\x00", b" ")
    try:
        text = decode(raw, str(path))
    except PlanInvalid as exc:
        raise KehoachError(str(exc).replace("tệp văn bản YAML", "tệp văn bản").replace("YAML", "văn bản")) from None
    if not text.strip():
        raise KehoachError(f"{display(path)}: tệp trống, không có nội dung để nhập")
    # Unicode's line and paragraph separators (and NEL) break lines as a newline does on the page; YAML
    # readers disagree on them, so they are read as the line breaks they are.
    src = text_parser.parse(_LINE_BREAKS.sub("\n", text), str(path))
    for line in stray:
        src.warn(line, "ký tự NUL (mã 0) trong văn bản nguồn được thay bằng dấu cách")
    return src


def _stray_nuls(raw: bytes) -> list[int]:
    """The lines holding a NUL byte, when the rest reads as UTF-8 text and NULs are rare (a UTF-16 file,
    a Word file or a picture holds them everywhere, and is refused as not text)."""
    if b"\x00" not in raw or raw.count(b"\x00") * 100 > len(raw) or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return []
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return []
    return [no for no, line in enumerate(raw.split(b"\n"), start=1) if b"\x00" in line]


def import_file(path: str | Path) -> ImportResult:
    source_path = Path(path)
    src = read_source(source_path)
    _visible(src)
    data = assemble(src)
    # In the order of the source; a .docx is located by paragraph, as `kehoach check` locates it.
    located = sorted(src.notes, key=lambda note: note[0])
    unit = "đoạn" if source_path.suffix.lower() == ".docx" else "dòng"
    warnings = [Problem(msg, file=str(source_path), line=line or None, severity="W") for line, msg in located]
    comments = [f"Nhập từ {source_path.name} bằng 'kehoach import'. Kiểm tra các chỗ ghi chú dưới đây:"]
    comments += [f"- {unit + ' ' + str(line) + ': ' if line else ''}{msg}" for line, msg in located]
    if len(comments) == 1:
        comments = [f"Nhập từ {source_path.name} bằng 'kehoach import'."]
    text = dump(data, comments)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise KehoachError(f"{display(source_path)}: nội dung nhập được dài {size / 2**20:.1f} MB, quá giới hạn "
                           f"{MAX_BYTES // 2**20} MB của một tệp kế hoạch; văn bản nguồn không phải một kế hoạch "
                           "(hoặc gộp nhiều văn bản): hãy tách ra rồi nhập từng phần")
    plan = load_plan_text(text, name=f"{source_path.name} (sau khi nhập)")
    return ImportResult(yaml_text=text, plan=plan, warnings=warnings)
