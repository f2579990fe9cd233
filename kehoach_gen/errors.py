"""One base error for everything a user can cause; each carries data, none prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we know."""

    message: str
    file: str = ""
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str = ""  # field path, e.g. "phan[1].muc[2].tieu_de"
    severity: str = "E"  # "E" error, "W" warning

    def __str__(self) -> str:
        where = self.file or "<đầu vào>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field_part = f" {self.path}:" if self.path else ""
        label = "lỗi" if self.severity == "E" else "cảnh báo"
        return f"{where}: {label}:{field_part} {self.message}"


class KehoachError(Exception):
    """Base class: a failure the user can fix, with a Vietnamese message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class PlanInvalid(KehoachError):
    """The plan file could not be loaded or validated; problems lists every one found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateProblem(KehoachError):
    """A template is missing or broken (names the template and the tag)."""


class OutputProblem(KehoachError):
    """The output could not be written where asked."""


# C0 and C1 controls (the escape character starts terminal sequences), plus the invisible characters that
# reorder or hide text on screen (bidirectional embeddings, overrides and isolates, zero-width marks).
INVISIBLE_CHARS = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
# Characters a plan may not hold: C0 controls (XML 1.0 cannot hold them), DEL and C1 controls (Word prints
# them as nothing or as boxes), the two non-characters. A plan file's line breaks (LF, CR, NEL) are YAML's.
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff"
UNSAFE_CHARS = "\x00-\x1f\x7f-\x9f" + INVISIBLE_CHARS
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


def control_message(char: str, where: str = "") -> str:
    """What to say about a control character in a plan, wherever it was found."""
    return (f"ký tự điều khiển U+{ord(char):04X}{where} (thường lẫn vào khi sao chép từ chương trình khác, hoặc gõ "
            "dạng \\0, \\x01 trong nháy kép); văn bản không in được ký tự này, hãy xoá nó")


def display(name: object) -> str:
    """A file name (or any text from outside) as it may be printed: control and invisible characters
    shown as \\uNNNN (valid in JSON too), so a name cannot move the cursor, retitle the terminal or
    reorder the message around it."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(name))


class InputProblem(KehoachError):
    """An input could not be read as a file: missing, not a regular file, too large, unreadable."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{display(path)}: {reason}")
        self.path = path
        self.reason = reason


class ResourceLimit(KehoachError):
    """A custom template ran out of its time or memory."""
