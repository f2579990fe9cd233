"""`kehoach import`: an existing plan (text or .docx) -> neutral records -> plan data -> YAML,
validated before it is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KehoachError, PlanInvalid, Problem
from ..loader import decode, load_plan_text
from ..model import KeHoach
from . import docx as docx_parser
from . import text as text_parser
from .assemble import assemble
from .records import Source
from .yamlout import dump

MAX_TEXT = 2 * 1024 * 1024


@dataclass
class ImportResult:
    yaml_text: str
    plan: KeHoach
    warnings: list[Problem] = field(default_factory=list)


def read_source(path: Path) -> Source:
    if not path.is_file():
        raise KehoachError(f"{path}: không tìm thấy tệp")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK") or path.suffix.lower() == ".docx" or head.startswith(b"\xd0\xcf\x11\xe0"):
        return docx_parser.parse(path)
    if path.stat().st_size > MAX_TEXT:
        raise KehoachError(f"{path}: tệp quá lớn cho một kế hoạch ({path.stat().st_size // 1024} KB)")
    try:
        text = decode(path.read_bytes(), str(path))
    except PlanInvalid as exc:
        raise KehoachError(str(exc).replace("YAML", "văn bản")) from None
    if not text.strip():
        raise KehoachError(f"{path}: tệp trống, không có nội dung để nhập")
    return text_parser.parse(text, str(path))


def import_file(path: str | Path) -> ImportResult:
    source_path = Path(path)
    src = read_source(source_path)
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
    plan = load_plan_text(text, name=f"{source_path.name} (sau khi nhập)")
    return ImportResult(yaml_text=text, plan=plan, warnings=warnings)
