"""`kehoach new --from OLD.yaml --nam 2027`: roll last year's plan forward, on the YAML text itself so the
clerk's comments and layout survive: year references moved, number and day blanked, appendix tables
emptied. Every change is listed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .dockind import KE_HOACH
from .errors import KehoachError
from .fields import keys_marked
from .loader import load_plan, load_plan_text, read_text
from .render.package import atomic_write

# Which keys a new year changes is part of each field's declaration (fields.spec, new_year).
_BLANK = "|".join(keys_marked(KE_HOACH.record, "new_year", "blank"))
_MONTH = "|".join(keys_marked(KE_HOACH.record, "new_year", "month"))
_EMPTY = "|".join(keys_marked(KE_HOACH.record, "new_year", "empty"))


@dataclass
class Rollover:
    text: str
    old_year: int
    changes: list[str] = field(default_factory=list)


def plan_year(path: Path) -> int:
    plan = load_plan(path)
    years = re.findall(r"(?:năm|giai đoạn)\s+(\d{4})", plan.trich_yeu, flags=re.IGNORECASE)
    if years:
        return int(years[-1])
    if plan.ngay and plan.ngay.nam:
        return plan.ngay.nam + (1 if plan.ngay.thang and plan.ngay.thang >= 10 else 0)
    raise KehoachError(f"{path}: không xác định được năm của kế hoạch (trích yếu không có 'năm ...', chưa có ngày)")


def _year_patterns(old: int) -> list[re.Pattern[str]]:
    # Only references to the plan's year move: "năm 2023", "NĂM 2023", "quý II/2023", "tháng 6/2023".
    # Dates of past documents ("ngày 10/4/2023") and other years stay as written.
    return [re.compile(rf"\b((?:năm|Năm|NĂM)\s+){old}\b"),
            re.compile(rf"\b((?:quý|Quý|QUÝ)\s+[IV]+/){old}\b"),
            re.compile(rf"\b((?:tháng|Tháng)\s+\d{{1,2}}/){old}\b")]


def _move_years(pattern: re.Pattern[str], line: str, year: int) -> str:
    def swap(m: re.Match[str]) -> str:
        # "ngày 10 tháng 01 năm 2018" dates a past document: it stays.
        if re.search(r"tháng\s+\d{1,2}\s+$", line[max(0, m.start() - 14):m.start()]):
            return m.group(0)
        return f"{m.group(1)}{year}"

    return pattern.sub(swap, line)


def roll(source: Path, year: int) -> Rollover:
    old = plan_year(source)
    delta = year - old
    text = read_text(source)
    out: list[str] = []
    changes: list[str] = []
    lines = text.split("\n")
    skip_indent: int | None = None
    for no, line in enumerate(lines, start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if skip_indent is not None:
            if (stripped and indent > skip_indent) or (stripped.startswith("- ") and indent >= skip_indent and
                                                     not stripped.startswith("- tieu_de")):
                continue
            skip_indent = None
        if stripped.startswith("#"):
            out.append(line)
            continue
        if (key := re.match(rf"^({_BLANK})\s*:", line)) is not None:
            if not re.match(rf"^({_BLANK})\s*:\s*(null|~)?\s*(#.*)?$", line):
                changes.append(f"dòng {no}: bỏ số văn bản (dự thảo mới)")
            out.append(f"{key.group(1)}:" + (f"    {m.group(0)}" if (m := re.search(r"#.*$", line)) else ""))
            continue
        m = re.match(rf"^(?:{_MONTH})\s*:\s*['\"]?(\d{{4}})(?:-(\d{{1,2}}))?", line)
        if m:
            month = int(m.group(2)) if m.group(2) else 12
            new = f"{int(m.group(1)) + delta}-{month:02d}"
            changes.append(f"dòng {no}: ngày ban hành -> tháng {month}/{int(m.group(1)) + delta}, để trống ngày")
            out.append(f"{line.split(':', 1)[0].strip()}: {new}")
            continue
        dm = re.match(rf"^(\s*)(- )?({_EMPTY})\s*:\s*(.*)$", line)
        if dm:
            if dm.group(4).strip() not in ("", "[]"):
                changes.append(f"dòng {no}: làm trống bảng phụ lục")
            elif not dm.group(4).strip():
                changes.append(f"dòng {no}: làm trống bảng phụ lục")
                skip_indent = len(dm.group(1)) + (2 if dm.group(2) else 0)
            out.append(f"{dm.group(1)}{dm.group(2) or ''}{dm.group(3)}: []")
            continue
        new_line = line
        for pattern in _year_patterns(old):
            new_line = _move_years(pattern, new_line, year)
        if new_line != line:
            changes.append(f"dòng {no}: {old} -> {year}: {new_line.strip()[:70]}")
        out.append(new_line)
    _follow_merger(source, out, changes, delta)
    result = "\n".join(out)
    load_plan_text(result, name=f"{source.name} (năm {year})")
    return Rollover(text=result, old_year=old, changes=changes)


def default_target(source: Path, old: int, year: int) -> Path:
    if str(old) in source.stem:
        return source.with_name(source.stem.replace(str(old), str(year)) + source.suffix)
    return source.with_name(f"{source.stem}-{year}{source.suffix}")


def write_rollover(source: Path, year: int, output: Path | None, *, force: bool = False) -> tuple[Path, Rollover]:
    result = roll(source, year)
    target = output or default_target(source, result.old_year, year)
    if target.exists() and target.is_dir():
        target = target / default_target(source, result.old_year, year).name
    if target.resolve() == source.resolve():
        raise KehoachError(f"{target}: trùng với tệp gốc; chọn tên khác bằng -o")
    if target.exists() and not force:
        raise KehoachError(f"{target}: tệp đã có; không ghi đè (chọn tên khác bằng -o, hoặc dùng --force)")
    atomic_write(target, result.text.encode("utf-8"))
    return target, result


def _follow_merger(source: Path, out: list[str], changes: list[str], delta: int) -> None:
    """A plan of a unit merged since (Bình Thuận in 2023, Lâm Đồng from 1 July 2025) rolls forward as
    the unit it became; its text still names the old unit, for the clerk to revise."""
    from . import provinces

    plan = load_plan(source)
    body = plan.body
    d = plan.ngay
    try:
        unit = provinces.lookup(body.name, provinces.period(d.nam, d.thang, d.ngay) if d else None)
    except KehoachError:
        return
    rolled = provinces.period(d.nam + delta, d.thang or 12) if d and d.nam else None
    after = provinces.successor(unit, rolled) if rolled else None
    if after is None:
        return
    for i, line in enumerate(out):
        if re.match(r"^co_quan\s*:", line):
            out[i] = line.replace(plan.co_quan, after.body.full_name, 1)
            changes.insert(0, f"dòng {i + 1}: {unit.unit} đã nhập vào {after.unit}: co_quan -> {after.body.full_name}; "
                           f"hãy sửa các chỗ nhắc đến {unit.unit} trong nội dung")
            return
