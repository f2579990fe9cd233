"""`kehoach import`: an existing plan (text or .docx) -> neutral records -> plan data -> YAML,
validated before it is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KehoachError, PlanInvalid, Problem, display
from ..inputs import open_regular, read_regular
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
    with open_regular(path) as fh:
        head = fh.read(8)
    if head.startswith(b"PK") or path.suffix.lower() == ".docx" or head.startswith(b"\xd0\xcf\x11\xe0"):
        return docx_parser.parse(path)
    raw = read_regular(path, MAX_TEXT, "tệp")
    try:
        text = decode(raw, str(path))
    except PlanInvalid as exc:
        raise KehoachError(str(exc).replace("YAML", "văn bản")) from None
    if not text.strip():
        raise KehoachError(f"{display(path)}: tệp trống, không có nội dung để nhập")
    return text_parser.parse(text, str(path))


def import_file(path: str | Path) -> ImportResult:
    source_path = Path(path)
    src = read_source(source_path)
    data = assemble(src)
    warnings = [Problem(msg, file=str(source_path), line=line or None, severity="W") for line, msg in src.notes]
    comments = [f"Nhập từ {source_path.name} bằng 'kehoach import'. Kiểm tra các chỗ ghi chú dưới đây:"]
    comments += [f"- {'dòng ' + str(line) + ': ' if line else ''}{msg}" for line, msg in src.notes]
    if len(comments) == 1:
        comments = [f"Nhập từ {source_path.name} bằng 'kehoach import'."]
    text = dump(data, comments)
    plan = load_plan_text(text, name=f"{source_path.name} (sau khi nhập)")
    return ImportResult(yaml_text=text, plan=plan, warnings=warnings)
