"""What the plan's fields keep differently from what the clerk typed, said where it was typed.

Some fields keep a value in the form the page needs: a heading without its final stop, the trích yếu with a
capital first letter, a Nơi nhận line without the '-' and ';' the page adds, a task's time and bodies without
the final stop the page adds. The page comes out right either way; saying so keeps the clerk's file from
drifting, unnoticed, from what is printed. Each one-line text the plan holds is compared with the value read
from the file, so a correction a field gains later is said too. Spacing (NFC, doubled and non-breaking spaces,
the cleaning every text gets) is not a change of the words and is not said; neither is a heading kept in
capitals, the form its field declares.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from typing import Any

from kehoach_gen.facts import vn
from kehoach_gen.plan.fields import Block, Nullable, declared_at, texts
from kehoach_gen.plan.model import TEXT, KeHoach

Path_ = tuple[Any, ...]

_NOUNS = {"tieu_de": "tiêu đề", "trich_yeu": "trích yếu", "noi_nhan": "dòng Nơi nhận",
          "thoi_gian": "thời gian thực hiện", "chu_tri": "cơ quan chủ trì", "phoi_hop": "cơ quan phối hợp",
          "nguoi_soan": "ký hiệu người soạn thảo"}
_WHY = {"tieu_de": "tiêu đề không có dấu chấm, dấu chấm phẩy cuối",
        "trich_yeu": "trích yếu mở đầu bằng chữ hoa, Nghị định 30, Phụ lục I",
        "noi_nhan": "dấu '-' đầu dòng và ';' cuối dòng Nơi nhận do máy tự thêm",
        "thoi_gian": "máy tự thêm dấu chấm cuối dòng", "chu_tri": "máy tự thêm dấu chấm cuối dòng",
        "phoi_hop": "máy tự thêm dấu chấm cuối dòng",
        "nguoi_soan": "dấu chấm sau dòng Lưu do máy tự thêm"}
_MARKS = {".": "dấu chấm", ";": "dấu chấm phẩy", ",": "dấu phẩy", "-": "dấu gạch", "–": "dấu gạch",
          ":": "dấu hai chấm", "./": "dấu './'"}
# What may follow the words of a text and still leave a removal "at its end": footnote references, emphasis.
_TAIL = r"(?:\[\^\d+\]|\*+|\s)*"


def corrected(plan: KeHoach, typed_at: Callable[[Path_], Any]) -> Iterator[tuple[list[Path_], str]]:
    """The one-line texts the plan keeps other than as typed: the paths where the same was done, and what;
    typed_at gives the value read from the file at a path (None where the file has none there)."""
    said: dict[str, list[Path_]] = {}
    for path, kept, _ in texts(plan):
        typed = typed_at(path)
        if typed == kept or not isinstance(typed, str):
            continue
        read = TEXT.before(typed) if TEXT.before is not None else typed
        if read == kept or not isinstance(read, str) or _in_block(path):
            continue
        message = _said(read, kept, _field(path))
        if message:
            said.setdefault(message, []).append(path)
    for path, message in _line_ends(plan):
        said.setdefault(message, []).append(path)
    for message, paths in said.items():
        yield paths, message


# Line ends the page may set differently from the clerk's: a Nơi nhận line ends ';' (Phụ lục I, III.3.b), a
# căn cứ ';' then '.' for the last. Only a text ending in one of these can print otherwise.
_ENDS = tuple(".:!?…,;")


def _line_ends(plan: KeHoach) -> Iterator[tuple[Path_, str]]:
    """Each Nơi nhận or căn cứ line whose final mark the page prints other than typed, found by composing
    the page (the one place that sets those marks)."""
    if not any(t.rstrip().endswith(_ENDS) for t in (*plan.noi_nhan, *plan.can_cu)):
        return
    from kehoach_gen.plan.compose import CAN_CU, compose

    page = compose(plan)
    for i, (typed, line) in enumerate(zip(plan.noi_nhan, page.recipients, strict=False)):
        if not line.startswith(f"- {typed}"):
            yield ("noi_nhan", i), (f"dòng Nơi nhận in thành '{_short(line)}' (mỗi dòng Nơi nhận kết thúc bằng "
                                    "dấu ';'); hãy sửa như vậy trong tệp YAML")
    grounds = [p.text for p in page.body if p.kind == CAN_CU]
    for i, (typed, line) in enumerate(zip(plan.can_cu, grounds, strict=False)):
        if not line.startswith(typed.rstrip()):
            yield ("can_cu", i), (f"căn cứ in thành '{_tail(line)}' (các dòng căn cứ kết thúc bằng ';', dòng cuối "
                                  "bằng '.'); hãy sửa như vậy trong tệp YAML")


def _in_block(path: Path_) -> bool:
    """A paragraph of a block: its lines are split, joined and numbered, so a line's path in the plan is not
    its place in the file (typed numbering has its own message)."""
    kind = declared_at(KeHoach, path, "kind")
    while isinstance(kind, Nullable):
        kind = kind.inner
    return isinstance(kind, Block)


def _field(path: Path_) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


def _said(typed: str, kept: str, field: str) -> str | None:
    """What was done to the typed text, in words: removals by where they stood, letters put in capitals,
    or (any other change) the two values."""
    upper = vn.upper(typed)
    # A heading kept in capitals is its field's form: compare letters regardless of case there.
    seen = upper if kept == vn.upper(kept) and len(upper) == len(typed) else typed
    if seen == kept:
        return None
    removed: list[str] = []
    capitals: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, seen, kept, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            piece = typed[i1:i2]
            where = "đầu" if i1 == 0 else "cuối" if re.fullmatch(_TAIL, seen[i2:]) else "giữa"
            removed.append(f"{_MARKS.get(piece.strip(), repr(piece.strip()) if piece.strip() else 'dấu cách')} ở {where}")
        elif tag == "replace" and seen[i1:i2].lower() == kept[j1:j2].lower():
            capitals.append(f"'{typed[i1:i2]}'")
        else:
            return (f"đã đổi '{_short(typed)}' thành '{_short(kept)}'" + _because(field)
                    + "; hãy sửa như vậy trong tệp YAML")
    noun = _NOUNS.get(field, "giá trị")
    done = [f"đã bỏ {' và '.join(removed)} {noun}"] if removed else []
    if capitals:
        done.append(f"đã viết hoa chữ {', '.join(capitals)} của {noun}")
    return "; ".join(done) + _because(field) + "; hãy sửa như vậy trong tệp YAML"


def _because(field: str) -> str:
    return f" ({_WHY[field]})" if field in _WHY else ""


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"


def _tail(text: str, size: int = 50) -> str:
    """The end of a long line, from a word's start: where its final mark is."""
    return text if len(text) <= size else "…" + text[-size:].split(" ", 1)[-1]
