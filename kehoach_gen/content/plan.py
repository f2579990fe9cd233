"""The content checks over a loaded plan: every text it holds, the checks across texts (appendices cited,
recipients), each finding located at the YAML line and column the loader recorded."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach_gen.content.dates import date_hits, issue_hits
from kehoach_gen.content.findings import CONTENT, PLAN_ONLY, Context
from kehoach_gen.content.issuer import fold, name_hits, name_variants_possible, wording_hits
from kehoach_gen.content.leftovers import LEFTOVER_TOLERANCE, leftover_hits
from kehoach_gen.errors import Problem
from kehoach_gen.facts import vn
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.plan.loader import format_path, parse, read_text, validate_with_warnings

Path_ = tuple[str | int, ...]

_EMPTY_TABLE = Family(
    "ND-C13", "Bảng phụ lục trống", CONTENT, PLAN_ONLY, suggests=True,
    measured="bảng của mỗi phụ lục (dong) có ít nhất một dòng có chữ",
    tolerance=LEFTOVER_TOLERANCE)
C13 = _EMPTY_TABLE.check(
    "", "W", "bảng của phụ lục '{title}' chưa có dòng nào", title="bảng phụ lục chưa có dòng", leftover=True,
    fix="điền các dòng của bảng (dong), hoặc bỏ phụ lục",
    example={"where": "phu_luc[1].dong", "title": "Kế hoạch đoàn ra năm 2027"})
_MISSING_APPENDIX = Family(
    "ND-C15", "Dẫn phụ lục không có", "Phụ lục I, III.1.a (văn bản có phụ lục thì phải chỉ dẫn về phụ lục đó)",
    PLAN_ONLY, suggests=True,
    measured="lời dẫn 'Phụ lục II', 'phụ lục số 3', 'Phụ lục I và II' trong lời văn, tiêu đề, chú thích, so với số "
             "phụ lục kế hoạch có",
    tolerance="không tính phụ lục của văn bản khác ('Phụ lục II Nghị định số ...')")
C15 = _MISSING_APPENDIX.check(
    "", "E", "dẫn '{text}' nhưng kế hoạch {have}", title="dẫn phụ lục không có",
    fix="thêm phụ lục vào phu_luc hoặc sửa lời dẫn",
    example={"where": "phan[2].muc[1].noi_dung[2]", "text": "Phụ lục III", "have": "chỉ có 2 phụ lục"})
_TWICE = Family(
    "ND-C16", "Nơi nhận bị lặp", "Phụ lục I, II.9 (Nơi nhận: mỗi nơi một dòng)", PLAN_ONLY, suggests=True,
    measured="các dòng Nơi nhận so với nhau, bỏ qua hoa thường, dấu câu và ghi chú '(b/c)', '(t/h)'")
C16 = _TWICE.check(
    "", "E", "nơi nhận '{entry}' trùng với dòng {line} của Nơi nhận", title="nơi nhận trùng", fix="xoá một dòng",
    example={"where": "noi_nhan[4]", "entry": "Bộ Ngoại giao", "line": "1"})
_KEEP = Family(
    "ND-C17", "Nơi nhận thiếu hoặc lặp dòng Lưu", "Phụ lục I, II.9.d (dòng cuối 'Lưu: VT, <đơn vị soạn thảo>')",
    PLAN_ONLY, suggests=True, measured="dòng 'Lưu:' trong noi_nhan, và trường luu")
C17_TWICE = _KEEP.check(
    "a", "E", "'{entry}' là dòng Lưu, máy đã tự ghi từ trường luu", title="dòng Lưu ghi ở nơi nhận",
    fix="xoá dòng này khỏi noi_nhan, ghi vào luu: [VT, ...]",
    example={"where": "noi_nhan[5]", "entry": "Lưu: VT, NC"})
C17_UNIT = _KEEP.check(
    "b", "W", "Nơi nhận chưa có dòng Lưu của đơn vị soạn thảo (máy chỉ ghi 'Lưu: VT')",
    title="dòng Lưu thiếu đơn vị soạn thảo", fix="thêm luu: [VT, <chữ viết tắt đơn vị soạn thảo>]",
    tolerance="'Lưu: VT.' vẫn đúng thể thức; Phụ lục I nêu thêm đơn vị soạn thảo, nên là cảnh báo",
    example={"where": "noi_nhan"})


def texts(plan: Any) -> Iterator[tuple[Path_, str, str]]:
    """Every text of the plan a reader sees, with its model path and its role."""
    yield ("co_quan",), plan.co_quan, "field"
    yield ("trich_yeu",), plan.trich_yeu, "summary"
    if plan.dia_danh:
        yield ("dia_danh",), plan.dia_danh, "field"
    for i, t in enumerate(plan.can_cu):
        yield ("can_cu", i), t, "opening"
    for i, t in enumerate(plan.mo_dau):
        yield ("mo_dau", i), t, "opening"
    yield from _parts(plan.phan, ())
    for i, t in enumerate(plan.ket_thuc):
        yield ("ket_thuc", i), t, "closing"
    for i, t in enumerate(plan.noi_nhan):
        yield ("noi_nhan", i), t, "recipient"
    yield ("nguoi_ky", "ho_ten"), plan.nguoi_ky.ho_ten, "signer"
    yield ("nguoi_ky", "chuc_vu"), plan.nguoi_ky.chuc_vu, "field"
    for k, t in plan.chu_thich.items():
        yield ("chu_thich", k), t, "footnote"
    for ai, pl in enumerate(plan.phu_luc):
        at: Path_ = ("phu_luc", ai)
        yield (*at, "tieu_de"), pl.tieu_de, "appendix_title"
        yield from _paragraphs(at, "noi_dung", pl.noi_dung)
        yield from _table(at, pl)
        yield from _paragraphs(at, "ghi_chu", pl.ghi_chu)
        yield from _tables(at, pl.bang)
        yield from _items(pl.muc, at)
        yield from _parts(pl.phan, at)


def _paragraphs(at: Path_, key: str, lines: list[str], role: str = "body") -> Iterator[tuple[Path_, str, str]]:
    for i, t in enumerate(lines):
        yield (*at, key, i), t, role


def _table(at: Path_, table: Any) -> Iterator[tuple[Path_, str, str]]:
    """A table's column names and cells; a cell under a 'Thời gian' column is a time."""
    for ci, t in enumerate(table.cot):
        yield (*at, "cot", ci), t, "field"
    timing = {ci for ci, col in enumerate(table.cot) if "thời gian" in col.lower()}
    for ri, row in enumerate(table.dong):
        for ci, t in enumerate(row):
            if t:
                yield (*at, "dong", ri, ci), t, "thoi_gian" if ci in timing else "cell"


def _tables(at: Path_, tables: list[Any]) -> Iterator[tuple[Path_, str, str]]:
    for bi, b in enumerate(tables):
        where: Path_ = (*at, "bang", bi)
        if b.tieu_de:
            yield (*where, "tieu_de"), b.tieu_de, "body"
        yield from _paragraphs(where, "noi_dung", b.noi_dung)
        yield from _table(where, b)
        yield from _paragraphs(where, "ghi_chu", b.ghi_chu)


def _parts(parts: list[Any], at: Path_) -> Iterator[tuple[Path_, str, str]]:
    """Parts I., II. ... and all they hold: the body's, or an appendix's (at: where they stand)."""
    for pi, phan in enumerate(parts):
        where: Path_ = (*at, "phan", pi)
        yield (*where, "tieu_de"), phan.tieu_de, "title"
        yield from _paragraphs(where, "noi_dung", phan.noi_dung)
        yield from _tables(where, phan.bang)
        yield from _items(phan.muc, where)


def _titled(at: Path_, record: Any, role: str) -> Iterator[tuple[Path_, str, str]]:
    """An item's, point's or task's title (if any), paragraphs and tables."""
    if record.tieu_de:
        yield (*at, "tieu_de"), record.tieu_de, role
    yield from _paragraphs(at, "noi_dung", record.noi_dung)
    yield from _tables(at, record.bang)


def _items(items: list[Any], at: Path_) -> Iterator[tuple[Path_, str, str]]:
    for mi, muc in enumerate(items):
        base: Path_ = (*at, "muc", mi)
        yield from _titled(base, muc, "title")
        for di, diem in enumerate(muc.diem):
            yield from _titled((*base, "diem", di), diem, "body")
        for ni, nv in enumerate(muc.nhiem_vu):
            task: Path_ = (*base, "nhiem_vu", ni)
            if nv.tieu_de:
                yield (*task, "tieu_de"), nv.tieu_de, "title"
            yield from _paragraphs(task, "noi_dung", nv.noi_dung)
            for key in ("chu_tri", "phoi_hop"):
                value = getattr(nv, key)
                for i, t in enumerate([value] if isinstance(value, str) else value or []):
                    yield ((*task, key) if isinstance(value, str) else (*task, key, i)), t, "field"
            if nv.thoi_gian:
                yield (*task, "thoi_gian"), nv.thoi_gian, "thoi_gian"
            yield from _paragraphs(task, "them", nv.them)
            yield from _tables(task, nv.bang)


def text_hits(text: str, role: str, ctx: Context, body: vn.IssuingBody | None, names: bool = True
              ) -> Iterator[Finding]:
    """Every check that reads one text on its own: shared by plans and .docx files. names=False skips the
    spelling of the unit's name when a pass over the whole document found no variant."""
    yield from date_hits(text, role, ctx)
    yield from leftover_hits(text, role)
    if body is not None and "[" not in body.name:  # an import that could not tell the issuer guessed its kind
        if role != "footnote":  # a footnote cites other bodies' documents, a former province's among them
            yield from wording_hits(text, body)
        if names:
            yield from name_hits(text, body)


_APPENDIX_CITED = re.compile(
    r"(?<!\w)phụ lục(?:\s+số)?\s+(?P<list>(?:[IVXLC]+|\d{1,2})(?:\s*(?:,|và|-|–|đến)\s*(?:[IVXLC]+|\d{1,2})(?!\w))*)(?!\w)",
    re.IGNORECASE)


@functools.cache  # compiled when a plan first cites a numbered appendix, not at every start of the command
def _other_document() -> re.Pattern[str]:
    return re.compile(
        r"\s*,?\s*(?:của\s+|ban hành kèm theo\s+|kèm theo\s+)?(?:Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|"
        r"Luật|Công văn|Văn bản|Kết luận|Quy chế|Quy định|Hướng dẫn|Đề án|Chương trình|Thông báo)(?!\w)", re.IGNORECASE)


_APPENDIX_ANY = re.compile(r"(?<!\w)phụ lục(?!\s+(?:số\s+)?(?:[IVXLC]+|\d{1,2})(?!\w))", re.IGNORECASE)


def _numbers(listed: str) -> list[int]:
    out: list[int] = []
    parts = re.split(r"\s*(,|và|-|–|đến)\s*", listed)
    values = [p for i, p in enumerate(parts) if i % 2 == 0]
    seps = [p for i, p in enumerate(parts) if i % 2 == 1]
    nums = [int(v) if v.isdigit() else (vn.from_roman(v) or 0) for v in values]
    for i, n in enumerate(nums):
        if i and seps[i - 1] in ("-", "–", "đến") and out and n > out[-1]:
            out.extend(range(out[-1] + 1, n + 1))
        else:
            out.append(n)
    return out


def _recipient_key(text: str) -> str:
    t = re.sub(r"\((?:để\s+)?(?:b/c|báo cáo|đ/b|biết|t/h|thực hiện|p/h|phối hợp)[^)]*\)", "", text, flags=re.IGNORECASE)
    return " ".join(re.sub(r"[^\w\s]", " ", fold(t)).split())


@dataclass
class Locator:
    """YAML positions for model paths: the loader's table of values, refined to the line and column of
    the words inside a multi-line block."""

    located: Any
    source: str
    name: str

    def __post_init__(self) -> None:
        self.lines = self.source.split("\n")
        self.starts = sorted(set(self.located.values.values()))

    def at(self, path: Path_, text: str = "", snippet: str = "", offset: int = -1) -> tuple[int | None, int | None]:
        anchor = self.located.where(path)
        if anchor is None:
            return None, None
        nxt = bisect.bisect_right(self.starts, anchor)
        end = self.starts[nxt][0] if nxt < len(self.starts) else len(self.lines)
        line, col = anchor
        last = min(max(end, line), len(self.lines))
        if text:  # a paragraph of a block is a line of its own: find that line first
            whole = next((n for n in range(line, last + 1) if self.lines[n - 1].strip().endswith(text)), None)
            if whole is not None:
                line, col = whole, len(self.lines[whole - 1].rstrip()) - len(text) + 1
                if offset >= 0:  # the words themselves, even when the paragraph holds them twice
                    return line, col + offset
        for probe in (text[:30], snippet):
            if not probe:
                continue
            for n in range(line, max(end, line) + 1):
                if n > len(self.lines):
                    break
                row = self.lines[n - 1].lower()  # the model holds some fields in capitals
                k = row.find(probe.lower(), col - 1 if n == line else 0)
                if k >= 0:
                    line, col = n, k + 1
                    break
        return line, col


def check_plan(plan: Any, located: Any, name: str, source: str) -> list[Finding]:
    """All content findings of a loaded plan, in file order."""
    locator = Locator(located, source, name)
    body = plan.body
    d = plan.ngay
    ctx = Context.of(d.nam if d else None, d.thang if d else None, d.ngay if d else None, plan.trich_yeu,
                     [*plan.mo_dau, *plan.can_cu, *plan.ket_thuc])
    out: list[Finding] = []

    def add(hit: Finding, path: Path_, text: str = "") -> None:
        line, col = locator.at(path, text, hit.snippet, hit.at)
        out.append(hit.located(file=name, line=line, column=col, where=format_path(path)))

    for hit in issue_hits(d.nam if d else None, ctx):
        add(hit, ("ngay",))
    cited: set[int] = set()
    generic = False
    everything = list(texts(plan))
    names = name_variants_possible("\n".join(t for _, t, _ in everything), body)
    for path, text, role in everything:
        for hit in text_hits(text, role, ctx, body, names):
            add(hit, path, text)
        if role in ("opening", "body", "closing", "title", "footnote") and "hụ lục" in text.lower():
            for m in _APPENDIX_CITED.finditer(text):
                if _other_document().match(text, m.end()):
                    continue  # "Phụ lục II Nghị quyết ...", "phụ lục II, Nghị định số ...": another document's
                numbers = _numbers(m.group("list"))
                cited.update(numbers)
                if max(numbers) > len(plan.phu_luc):
                    have = f"chỉ có {len(plan.phu_luc)} phụ lục" if plan.phu_luc else "không có phụ lục nào"
                    add(C15(snippet=m.group(0), at=m.start(), text=m.group(0), have=have), path, text)
            generic = generic or bool(_APPENDIX_ANY.search(text))
    for ai, pl in enumerate(plan.phu_luc):
        if pl.cot and not any(any(c.strip() for c in row) for row in pl.dong):
            add(C13(title=pl.tieu_de), ("phu_luc", ai, "dong"))
        # An appendix the body never cites is refused at validation (Phụ lục I, III.1.a; model.KeHoach).
    seen: dict[str, int] = {}
    for i, entry in enumerate(plan.noi_nhan):
        key = _recipient_key(entry)
        if re.match(r"(?i)lưu\s*:", entry):
            add(C17_TWICE(snippet=entry, entry=entry), ("noi_nhan", i))
        elif key and key in seen:
            add(C16(snippet=entry, entry=entry, line=seen[key] + 1), ("noi_nhan", i))
        else:
            seen.setdefault(key, i)
    if isinstance(located.data, dict) and "luu" not in located.data:
        add(C17_UNIT(), ("noi_nhan",))
    out.sort(key=lambda f: (f.line is None, f.line or 0, f.column or 0))
    return out


def load_checked(path: str | Path, *, content: bool = True) -> tuple[Any, list[Finding], list[Problem]]:
    """Load and validate a plan (raising PlanInvalid as the loader does), then run the content checks.
    Returns the plan, the content findings and what validation repaired (typed numbers ...)."""
    return load_checked_with_data(path, content=content)[:3]  # type: ignore[return-value]


def load_checked_with_data(path: str | Path, *, content: bool = True) -> tuple[Any, list[Finding], list[Problem], Any]:
    """load_checked, plus the plain data the plan was read from (what its documents carry as their base)."""
    p = Path(path)
    text = unicodedata.normalize("NFC", read_text(p))
    located = parse(text, str(p))
    plan, notes = validate_with_warnings(located, str(p))
    return plan, (check_plan(plan, located, str(p), text) if content else []), notes, located.data
