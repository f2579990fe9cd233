"""`kehoach diff OLD.yaml NEW.yaml`: what changed between two versions, place by place, with word-level
marks ("II.3: sửa nội dung", "Nơi nhận: thêm 'Sở Du lịch'")."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kehoach_gen.facts import nd30
from kehoach_gen.plan.compose import Page, Para, compose
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.review.align import align

RED, GREEN, RESET = "\x1b[31;9m", "\x1b[32;4m", "\x1b[0m"


@dataclass(frozen=True)
class Change:
    where: str
    what: str  # "thêm", "bỏ", "sửa", "chuyển"
    old: str = ""
    new: str = ""


# The numbers a plan derives ("II.", "3.", "3.1.", "b)"): renumbering after an insertion is not an edit.
_DERIVED_NUMBER = nd30.NUMBER_AT_START


def _units(paras: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Consecutive paragraphs of one place ("II.3") joined into one unit of text, without the numbers."""
    units: list[tuple[str, list[str]]] = []
    for label, raw in paras:
        text = _DERIVED_NUMBER.sub("", raw)
        if units and units[-1][0] == label:
            units[-1][1].append(text)
        else:
            units.append((label, [text]))
    return [(label, "\n".join(texts)) for label, texts in units]


def _fixed(page: Page) -> dict[str, str]:
    """Places that exist once in every plan: compared place by place."""
    out = {"Số": page.number_line, "Địa danh, ngày": page.place_date, "Trích yếu": page.summary,
           "Người ký": " / ".join([*page.authority, page.signer])}
    for k, text in page.footnotes.items():
        out[f"Chú thích {k}"] = text
    return out


def _sequences(page: Page) -> dict[str, list[tuple[str, str]]]:
    """Places whose parts can be inserted, removed or moved: compared after alignment."""
    seqs = {"": _units([(p.label, p.plain) for p in page.body if p.table is None])}
    seqs.update(_tables(page.body))
    for a in page.appendices:
        rows = [(f"{a.heading}, tên", a.title)]
        rows += _units([(p.label, p.plain) for p in [*a.lead, *a.notes, *a.body] if p.table is None])
        rows += [(f"{a.heading}, dòng {i}", " | ".join(row)) for i, row in enumerate(a.rows, start=1)]
        seqs[a.heading] = rows
        seqs.update(_tables([*a.lead, *a.notes, *a.body]))
    return seqs


def _tables(paras: list[Para]) -> dict[str, list[tuple[str, str]]]:
    """The tables among paragraphs, each compared as an appendix's: column names, then rows."""
    out: dict[str, list[tuple[str, str]]] = {}
    count: dict[str, int] = {}
    for p in paras:
        if p.table is not None:
            count[p.label] = count.get(p.label, 0) + 1
            where = f"{p.label or 'mở đầu'}, bảng {count[p.label]}"
            rows = [(f"{where}, tên cột", " | ".join(p.table.columns))]
            rows += [(f"{where}, dòng {i}", " | ".join(row)) for i, row in enumerate(p.table.rows, start=1)]
            out[where] = rows
    return out


def _where(old_label: str, new_label: str) -> str:
    return new_label if old_label == new_label else f"{new_label} (trước là {old_label})"


def _aligned(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> Iterator[Change]:
    for op in align([t for _, t in a], [t for _, t in b]):
        if op.kind == "insert" and op.new is not None:
            yield Change(b[op.new][0], "thêm", new=b[op.new][1])
        elif op.kind == "delete" and op.old is not None:
            yield Change(a[op.old][0], "bỏ", old=a[op.old][1])
        elif op.kind == "edit" and op.old is not None and op.new is not None:
            yield Change(_where(a[op.old][0], b[op.new][0]), "sửa", old=a[op.old][1], new=b[op.new][1])
        elif op.kind == "move" and op.old is not None and op.new is not None:
            yield Change(_where(a[op.old][0], b[op.new][0]), "chuyển", old=a[op.old][1], new=b[op.new][1])


def changes(old: Page, new: Page) -> Iterator[Change]:
    fa, fb = _fixed(old), _fixed(new)
    for label in list(fb) + [k for k in fa if k not in fb]:
        if label not in fa:
            yield Change(label, "thêm", new=fb[label])
        elif label not in fb:
            yield Change(label, "bỏ", old=fa[label])
        elif fa[label] != fb[label]:
            yield Change(label, "sửa", old=fa[label], new=fb[label])
    sa, sb = _sequences(old), _sequences(new)
    for key in list(sb) + [k for k in sa if k not in sb]:
        yield from _aligned(sa.get(key, []), sb.get(key, []))
    for entry in new.recipients:
        if entry not in old.recipients:
            yield Change("Nơi nhận", "thêm", new=_entry(entry))
    for entry in old.recipients:
        if entry not in new.recipients:
            yield Change("Nơi nhận", "bỏ", old=_entry(entry))


def _entry(text: str) -> str:
    return re.sub(r"^- |[;.]$", "", text)


def word_diff(old: str, new: str, color: bool) -> str:
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            out.append(" ".join(words) if len(words) <= 12 else " ".join([*words[:5], "…", *words[-5:]]))
            continue
        if i2 > i1:
            gone = " ".join(a[i1:i2])
            out.append(f"{RED}{gone}{RESET}" if color else f"[-{gone}-]")
        if j2 > j1:
            came = " ".join(b[j1:j2])
            out.append(f"{GREEN}{came}{RESET}" if color else f"{{+{came}+}}")
    return " ".join(out)


def describe(change: Change, color: bool) -> list[str]:
    if change.what == "thêm":
        return [f"{change.where}: thêm '{change.new[:100]}'"]
    if change.what == "bỏ":
        return [f"{change.where}: bỏ '{change.old[:100]}'"]
    if change.what == "chuyển":
        if change.old == change.new:
            return [f"{change.where}: chuyển chỗ, nội dung giữ nguyên"]
        return [f"{change.where}: chuyển chỗ và sửa nội dung", f"    {word_diff(change.old, change.new, color)}"]
    return [f"{change.where}: sửa nội dung", f"    {word_diff(change.old, change.new, color)}"]


def _docx_paragraphs(path: str) -> list[tuple[str, str]]:
    """A Word file's paragraphs in reading order, each placed by its number in the body."""
    from kehoach_gen.ooxml.docxio import open_docx
    from kehoach_gen.review.tracked import body_lines

    document, _ = open_docx(path)
    lines = [t for t in body_lines(document.element.body) if t.strip()]
    return [(f"đoạn {i}", t) for i, t in enumerate(lines, start=1)]


def diff_files(old_path: str, new_path: str) -> list[Change]:
    if old_path.lower().endswith(".docx") or new_path.lower().endswith(".docx"):
        def read(path: str) -> list[tuple[str, str]]:
            if path.lower().endswith(".docx"):
                return _docx_paragraphs(path)
            page = compose(load_plan(path))
            return [(f"đoạn {i}", t) for i, t in enumerate((t for t in page.lines() if t.strip()), start=1)]
        return list(_aligned(read(old_path), read(new_path)))
    return list(changes(compose(load_plan(old_path)), compose(load_plan(new_path))))
