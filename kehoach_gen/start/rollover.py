"""`kehoach new --from OLD.yaml --nam 2027`: roll last year's plan forward, on the YAML text itself so the
clerk's comments and layout survive: year references and deadlines moved, number and day blanked,
appendix tables emptied (or kept, their dates moved, with --giu-phu-luc). Every change is listed, and so is every date near the old year left as it was."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from pathlib import Path

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import provinces, textdates
from kehoach_gen.inputs import same_file
from kehoach_gen.plan.dockind import KE_HOACH
from kehoach_gen.plan.fields import declared_at, keys_marked
from kehoach_gen.plan.issuer import parse_committee
from kehoach_gen.plan.loader import load_plan, load_plan_text, parse, read_text
from kehoach_gen.plan.model import KeHoach, PhuLuc
from kehoach_gen.render.package import atomic_write

# Which keys a new year changes is part of each field's declaration (fields.spec, new_year).
_BLANK = "|".join(keys_marked(KE_HOACH.record, "new_year", "blank"))
_MONTH = "|".join(keys_marked(KE_HOACH.record, "new_year", "month"))
_EMPTY = "|".join(keys_marked(KE_HOACH.record, "new_year", "empty"))
_ROWS = keys_marked(PhuLuc, "new_year", "empty")  # what --giu-phu-luc keeps: the appendix tables' rows


def _emptied(text: str, name: str) -> set[int]:
    """The lines of the keys a new year empties, by where each key stands in the plan (a body table's rows
    'dong' stay, an appendix table's go)."""
    located = parse(text, name)
    return {line for path, (line, _) in located.keys.items()
            if path and isinstance(path[-1], str) and declared_at(KE_HOACH.record, path, "new_year") == "empty"}


@dataclass
class Rollover:
    text: str
    old_year: int
    changes: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # dates and years near the old year that were not moved


def year_of(plan: KeHoach) -> int | None:
    """The year a plan is for: its trích yếu's (the same reading as the content checks), else the year
    after a date late in the year before (plans are issued in the autumn for the next)."""
    years = textdates.plan_years(plan.trich_yeu)
    if years:
        return years[0]
    if plan.ngay and plan.ngay.nam:
        return plan.ngay.nam + (1 if plan.ngay.thang and plan.ngay.thang >= 10 else 0)
    return None


def plan_year(path: Path) -> int:
    year = year_of(load_plan(path))
    if year is not None:
        return year
    raise KehoachError(f"{path}: không xác định được năm của kế hoạch (trích yếu không có 'năm ...', chưa có ngày)")


# A cited document, from its kind and number to the end of its clause: the years in its title are its own.
_CITED = re.compile(r"\b(?:Kế hoạch|Quyết định|Nghị quyết|Chỉ thị|Công văn|Văn bản|Thông báo|Chương trình|Kết luận|"
                    r"Nghị định|Thông tư|Luật)\s+(?:số\s+)?\d+[^\s,;]*/[^\s,;]+")


def _clause_end(line: str, at: int) -> int:
    """Where the clause that cites a document ends: at ';' or '.', or at a comma that opens a new clause
    (', Ủy ban nhân dân tỉnh ban hành ...'); a comma inside the cited title runs on in small letters."""
    k = at
    while k < len(line):
        if line[k] in ";." and (k + 1 == len(line) or not line[k + 1].isdigit()):
            return k
        if line[k] == "," and line[k + 1:k + 3].strip()[:1].isupper():
            return k
        k += 1
    return k


def _impossible(mention: textdates.Mention) -> str:
    """Why a written date is on no calendar, in the clerk's words."""
    month, day = mention.month, mention.day
    if month is None or not 1 <= month <= 12:
        return f"không có tháng {month}"
    if day is not None and 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000: a leap year
        return f"năm {mention.year} không có ngày {day} tháng {month}"
    return f"không có ngày {day} tháng {month}"


def _move_line(line: str, no: int, old: int, year: int, changes: list[str], left: list[str]) -> str:
    """Move the plan's dates in one line: its year ('năm 2023'), its months and quarters, and deadlines
    ('trước ngày 15/12/2023'), by the years between the plans. A cited document keeps its date and an
    anniversary or other dated event stays too; each of those is listed for the clerk with the years
    either side of the old plan's that were not moved."""
    delta = year - old
    cited = [(c.start(), _clause_end(line, c.end())) for c in _CITED.finditer(line)]
    key = re.match(r"^\s*(?:-\s+)?(\w+)\s*:", line)
    default = textdates.DEADLINE if key and key.group(1) == "thoi_gian" else textdates.OTHER
    out, last = [], 0
    for m in textdates.mentions(line, default):
        if not m.exists:
            # Moving 'tháng 13/2023' to 'tháng 13/2024' would carry the mistake into a new year unnoticed,
            # and guessing the date meant is the clerk's to do.
            left.append(f"dòng {no}: giữ nguyên '{m.text}': {_impossible(m)}; hãy sửa lại ngày này")
            continue
        moved: str | None = None
        why = ""
        near = m.year in (old - 1, old, old + 1)
        if m.kind == textdates.CITATION:
            near = m.year >= old  # a document of the years before is expected; one of the plan's own year may be superseded
            why = "ngày của văn bản được dẫn"
        elif any(a <= m.start < b for a, b in cited):
            # "Kế hoạch số 250/KH-UBND ... về công tác đối ngoại năm 2027": the cited document's own title.
            why = "trong tên văn bản được dẫn"
        elif m.precision == "year":
            if m.year == old:
                moved = textdates.shift(m, delta)
            else:
                why = f"khác năm {old} của kế hoạch cũ"
        elif m.precision in ("month", "quarter") or m.kind == textdates.DEADLINE:
            if m.year in (old, old + 1):
                moved = textdates.shift(m, delta)
                why = "" if moved else f"ngày không có trong năm {m.year + delta}"
            else:
                why = f"thời hạn năm {m.year} (kế hoạch cũ là năm {old})"
        else:
            why = "ngày của một sự kiện, không phải thời hạn"
        if moved is not None:
            out.append(line[last:m.start] + moved)
            last = m.end
            changes.append(f"dòng {no}: '{m.text}' -> '{moved}'")
        elif near:
            left.append(f"dòng {no}: giữ nguyên '{m.text}' ({why}); kiểm tra lại")
    out.append(line[last:])
    return "".join(out)


def roll(source: Path, year: int, *, keep_appendices: bool = False) -> Rollover:
    """keep_appendices: the appendix tables keep last year's rows (delegations often repeat), their dates
    moved as the text's are, for the clerk to edit."""
    old = plan_year(source)
    delta = year - old
    text = read_text(source)
    out: list[str] = []
    changes: list[str] = []
    left: list[str] = []
    newline = "\r\n" if "\r\n" in text else "\n"  # a file saved on Windows keeps its CRLF in the new year
    lines = text.replace("\r\n", "\n").split("\n")
    emptied = _emptied(text, source.name)
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
            comment = re.search(r"\s#.*$", line)  # the clerk's note on the line stays with it
            out.append(f"{line.split(':', 1)[0].strip()}: {new}" + (f"    {comment.group(0).strip()}" if comment else ""))
            continue
        dm = re.match(rf"^(\s*)(- )?({_EMPTY})\s*:\s*(.*)$", line) if no in emptied else None
        if dm and keep_appendices and dm.group(3) in _ROWS:
            if dm.group(4).strip() != "[]":
                changes.append(f"dòng {no}: giữ các dòng bảng phụ lục năm trước để sửa")
        elif dm:
            if dm.group(4).strip() not in ("", "[]"):
                changes.append(f"dòng {no}: làm trống bảng phụ lục")
            elif not dm.group(4).strip():
                changes.append(f"dòng {no}: làm trống bảng phụ lục")
                skip_indent = len(dm.group(1)) + (2 if dm.group(2) else 0)
            out.append(f"{dm.group(1)}{dm.group(2) or ''}{dm.group(3)}: []")
            continue
        out.append(_move_line(line, no, old, year, changes, left))
    _follow_merger(source, out, changes, delta)
    changes = _said_once(changes)
    result = newline.join(out)
    load_plan_text(result, name=f"{source.name} (năm {year})")
    return Rollover(text=result, old_year=old, changes=changes, left=left)


def _said_once(changes: list[str]) -> list[str]:
    """Each change once, with how many times it happened on its line; none that changes nothing."""
    counts: dict[str, int] = {}
    for change in changes:
        if not re.search(r"'([^']*)' -> '\1'$", change):
            counts[change] = counts.get(change, 0) + 1
    return [c + (f" ({n} chỗ)" if n > 1 else "") for c, n in counts.items()]


def default_target(source: Path, old: int, year: int) -> Path:
    if str(old) in source.stem:
        return source.with_name(source.stem.replace(str(old), str(year)) + source.suffix)
    return source.with_name(f"{source.stem}-{year}{source.suffix}")


def write_rollover(source: Path, year: int, output: Path | None, *, force: bool = False,
                   keep_appendices: bool = False) -> tuple[Path, Rollover]:
    result = roll(source, year, keep_appendices=keep_appendices)
    target = output or default_target(source, result.old_year, year)
    if target.exists() and target.is_dir():
        target = target / default_target(source, result.old_year, year).name
    if same_file(target, source):
        raise KehoachError(f"{target}: trùng với tệp gốc; chọn tên khác bằng -o")
    if target.exists() and not force:
        raise KehoachError(f"{target}: tệp đã có; không ghi đè (chọn tên khác bằng -o, hoặc dùng --force)")
    atomic_write(target, result.text.encode("utf-8"))
    return target, result


def _follow_merger(source: Path, out: list[str], changes: list[str], delta: int) -> None:
    """A plan of a unit merged since (Bình Thuận in 2023, Lâm Đồng from 1 July 2025) rolls forward as
    the unit it became; its text still names the old unit, for the clerk to revise."""

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
    # A Sở's plan names its province in the parent line, a People's Committee's in its own name, a Chi cục's
    # (under a Sở) in its date line.

    written: str | None
    if plan.issuer.is_committee:
        key, written = "co_quan", plan.co_quan
    elif parse_committee(plan.co_quan_chu_quan or "") is not None:
        key, written = "co_quan_chu_quan", plan.co_quan_chu_quan
    else:
        key, written = "dia_danh", plan.dia_danh
    now = (after.body.place if key == "dia_danh" else
           f"UBND {after.unit}" if (written or "").lstrip().startswith("UBND") else after.body.full_name)
    for i, line in enumerate(out):
        if re.match(rf"^{key}\s*:", line) and written:
            out[i] = line.replace(written, now, 1)
            changes.insert(0, f"dòng {i + 1}: {unit.unit} đã nhập vào {after.unit}: {key} -> {now}; "
                           f"hãy sửa các chỗ nhắc đến {unit.unit} trong nội dung")
            return
