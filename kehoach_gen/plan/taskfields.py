"""The labels of a task's fields as plans print them: "Cơ quan chủ trì:", "Cơ quan phối hợp:", "Thời gian thực
hiện:" and the other ways offices write them ("Đơn vị thực hiện:", "Phối hợp:", "Thời hạn hoàn thành:", "Tiến
độ:"). The importer (a task's lines in a Word file or a web copy) and the follow-up (a task written as prose,
tracking/tasks.py) read a labelled line with this one function, so both take the same lines for fields."""

from __future__ import annotations

import re

# The model's field for each label, and the label the page prints when a plan names none (model.NhiemVu).
DEFAULT_LABELS = {"chu_tri": "Cơ quan chủ trì", "phoi_hop": "Cơ quan phối hợp", "thoi_gian": "Thời gian thực hiện"}

_WHO = r"(?:cơ quan|đơn vị)"
_LABELS = {
    # "Cơ quan chủ trì, phối hợp" leads: the lead body comes first on such a line.
    "chu_tri": re.compile(rf"^(?:{_WHO}(?:\s+(?:chủ trì|thực hiện|tham mưu)[^:]{{0,40}})?|chủ trì|thực hiện|"
                          r"tham mưu thực hiện|tổ chức thực hiện)$"),
    "phoi_hop": re.compile(rf"^(?:{_WHO}\s+)?phối hợp(?:\s+thực hiện)?$"),
    "thoi_gian": re.compile(r"^(?:thời gian|thời hạn|tiến độ)(?:\s+[^:]{0,40})?$"),
}
_LINE = re.compile(r"^(?P<label>[^:]{2,60}?)\s*:\s*(?P<value>.*)$")


def field_of(label: str) -> str | None:
    """The task field a printed label names ('chu_tri', 'phoi_hop', 'thoi_gian'), or None for any other words
    before a colon ("Cơ quan nhà nước các cấp:" is a sentence, not a field)."""
    words = " ".join(label.split()).lower()
    return next((kind for kind, pattern in _LABELS.items() if pattern.match(words)), None)


def labelled(line: str) -> tuple[str, str, str] | None:
    """(field, label as written, value) of a line such as "Cơ quan chủ trì: Sở Ngoại vụ", or None."""
    m = _LINE.match(line.strip())
    if m is None:
        return None
    kind = field_of(m.group("label"))
    return (kind, m.group("label").strip(), m.group("value").strip()) if kind else None
