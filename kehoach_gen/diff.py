"""`kehoach diff OLD.yaml NEW.yaml`: what changed between two versions, place by place, with word-level
marks ("II.3: sửa nội dung", "Nơi nhận: thêm 'Sở Du lịch'")."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .compose import Page, compose
from .loader import load_plan

RED, GREEN, RESET = "\x1b[31;9m", "\x1b[32;4m", "\x1b[0m"


@dataclass(frozen=True)
class Change:
    where: str
    what: str  # "thêm", "bỏ", "sửa"
    old: str = ""
    new: str = ""


def _groups(page: Page) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}

    def add(label: str, text: str) -> None:
        groups.setdefault(label, []).append(text)

    add("Số", page.number_line)
    add("Địa danh, ngày", page.place_date)
    add("Trích yếu", page.summary)
    for p in page.body:
        add(p.label, p.plain)
    for r in page.recipients:
        add("Nơi nhận", r)
    add("Người ký", " / ".join([*page.authority, page.signer]))
    for k, text in page.footnotes.items():
        add(f"Chú thích {k}", text)
    for a in page.appendices:
        add(a.heading, a.title)
        for i, row in enumerate(a.rows, start=1):
            add(f"{a.heading}, dòng {i}", " | ".join(row))
    return groups


def changes(old: Page, new: Page) -> Iterator[Change]:
    a, b = _groups(old), _groups(new)
    order = list(b) + [k for k in a if k not in b]
    for label in order:
        if label not in a:
            yield Change(label, "thêm", new=" ".join(b[label]))
        elif label not in b:
            yield Change(label, "bỏ", old=" ".join(a[label]))
        elif a[label] != b[label]:
            if label == "Nơi nhận":
                for entry in b[label]:
                    if entry not in a[label]:
                        yield Change(label, "thêm", new=_entry(entry))
                for entry in a[label]:
                    if entry not in b[label]:
                        yield Change(label, "bỏ", old=_entry(entry))
            else:
                yield Change(label, "sửa", old=" ".join(a[label]), new=" ".join(b[label]))


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
    return [f"{change.where}: sửa nội dung", f"    {word_diff(change.old, change.new, color)}"]


def diff_files(old_path: str, new_path: str) -> list[Change]:
    return list(changes(compose(load_plan(old_path)), compose(load_plan(new_path))))
