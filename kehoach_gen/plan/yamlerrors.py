"""A YAML syntax error explained to the clerk in Vietnamese, at its line: libyaml's reason turned into what to
type (an indent, a quote left open, a value holding ": ", a bad escape such as a lone surrogate)."""

from __future__ import annotations

import re

import yaml
import yaml.constructor
import yaml.cyaml
import yaml.loader
import yaml.resolver

from kehoach_gen.errors import Problem
from kehoach_gen.facts import sizes

MAX_BYTES = sizes.PLAN_BYTES

Path_ = tuple[str | int, ...]


_YAML_HINTS = [
    ("mapping values are not allowed", "dấu ':' nằm giữa giá trị; hãy đặt cả giá trị trong dấu nháy kép \"...\""),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường, hoặc thụt lề lệch"),
    ("did not find expected key", "thụt lề không khớp với các dòng phía trên"),
    ("did not find expected '-' indicator", "thụt lề của danh sách không khớp"),
    ("found character '\\t'", "có ký tự Tab; YAML chỉ nhận dấu cách"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu nháy đóng?)"),
    ("found undefined alias", "không dùng neo/bí danh YAML (& và *): hãy viết lại nội dung"),
    ("found alias", "không dùng neo/bí danh YAML (& và *): hãy viết lại nội dung"),
    ("expected ',' or ']'", "thiếu dấu ']' đóng danh sách (hoặc thiếu dấu ',' giữa các mục)"),
    ("expected ',' or '}'", "thiếu dấu '}' đóng nhóm (hoặc thiếu dấu ',')"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên"),
    ("expected the node content", "thiếu nội dung sau dấu '[', '{' hoặc ':' (tệp kết thúc giữa chừng?)"),
    ("while scanning a quoted scalar", "thiếu dấu nháy đóng"),
    ("did not find expected node content", "một mục trong [...] bắt đầu bằng ký tự dành riêng của YAML ('- ', '? ', "
     "': '); hãy đặt mục đó trong dấu nháy kép \"...\" (hoặc viết mỗi mục một dòng '- ...')"),
    ("cannot start any token", "giá trị không được bắt đầu bằng ký tự '@' hay '`' (YAML dành riêng); hãy đặt cả giá trị "
     "trong dấu nháy kép \"...\""),
]


# The patterns below serve only the message for a YAML syntax error: sources for re.match, which compiles
# one on first use (and caches it) rather than at every start of the command.
_KEY_LINE = r"^( *)(- +)?([\w]+):(?:[ \t]|$)"


def _over_indented(text: str, line_no: int) -> str | None:
    """A key indented deeper than the key above it: YAML reads it as more words of that key's value and
    then trips on its colon. Say that, not "add quotes", which would not help."""
    lines = text.split("\n")
    if not 0 <= line_no < len(lines):
        return None
    here = re.match(_KEY_LINE, lines[line_no])
    if not here:
        return None
    for prev in reversed(lines[:line_no]):
        if not prev.strip() or prev.lstrip().startswith("#"):
            continue
        above = re.match(_KEY_LINE, prev)
        if not above:
            return None
        column = len(above.group(1)) + len(above.group(2) or "")
        if len(here.group(1)) > column and prev[above.end():].strip() not in ("", "|", ">", "|-", ">-"):
            return (f"thụt lề: '{here.group(3)}' thụt vào sâu hơn '{above.group(3)}' ở dòng trên nên bị đọc như "
                    f"phần tiếp của giá trị dòng trên; hãy cho '{here.group(3)}' thẳng cột với "
                    f"'{above.group(3)}' (bắt đầu ở cột {column + 1})")
        return None
    return None


_ESCAPE_ERRORS = ("escape", "hexdecimal", "hexadecimal")


SURROGATES = re.compile("[\ud800-\udfff]")


def escape_message(escape: str) -> str:
    """What is wrong with one backslash escape of a double-quoted value, and what to type instead."""
    digits = escape[2:]
    code = int(digits, 16) if escape[1:2] in ("u", "U", "x") and digits and all(
        c in "0123456789abcdefABCDEF" for c in digits) else None
    if code is not None and 0xD800 <= code <= 0xDFFF:
        return (f"mã thoát '{escape}' trong chuỗi nháy kép là nửa cặp thay thế (surrogate) của UTF-16, không "
                "tự đứng thành một ký tự; hãy gõ thẳng ký tự cần dùng (hoặc xoá mã này)")
    if code is not None:
        return (f"mã thoát '{escape}' trong chuỗi nháy kép vượt quá mã Unicode lớn nhất (U+10FFFF); hãy gõ thẳng "
                "ký tự cần dùng (hoặc xoá mã này)")
    if escape[1:2] in ("u", "U", "x"):
        return (f"mã thoát '{escape}' trong chuỗi nháy kép thiếu chữ số hệ 16 (\\xHH, \\uHHHH, \\UHHHHHHHH); "
                "dấu \\ thật thì viết \\\\ hoặc đặt giá trị trong nháy đơn '...'")
    return (f"'{escape}' trong chuỗi nháy kép không phải mã thoát của YAML; dấu \\ thật thì viết \\\\ hoặc đặt "
            "giá trị trong nháy đơn '...'")


def _escape_at(line: str, column: int) -> tuple[str, int]:
    """The escape the parser stopped at (it points at or just after its backslash) and its column."""
    start = line.rfind("\\", 0, column + 1)
    if start < 0:
        return "\\", column
    size = {"x": 2, "u": 4, "U": 8}.get(line[start + 1:start + 2], 0)
    return line[start:start + 2 + size], start


def _escape_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem | None:
    """A bad escape in a double-quoted value, named for what it is (the parser's context, 'while scanning
    a quoted scalar', would otherwise read as a quote left open)."""
    mark = exc.problem_mark
    if mark is None or not any(word in (exc.problem or "") for word in _ESCAPE_ERRORS):
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    escape, column = _escape_at(line, mark.column)
    return Problem(f"cú pháp YAML sai: {escape_message(escape)}", file=name, line=mark.line + 1, column=column + 1)


SURROGATE_ESCAPE = r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}"


_BIG_ESCAPE = r"\\U([0-9a-fA-F]{8})"


def beyond_unicode(text: str, name: str) -> Problem:
    """PyYAML's own scanner (no libyaml) fails on a \\U escape past U+10FFFF with a bare ValueError."""
    for no, line in enumerate(text.split("\n"), start=1):
        for m in re.finditer(_BIG_ESCAPE, line):
            if int(m.group(1), 16) > 0x10FFFF:
                return Problem(f"cú pháp YAML sai: {escape_message(m.group())}", file=name, line=no,
                               column=m.start() + 1)
    return Problem("cú pháp YAML sai: một mã thoát trong chuỗi nháy kép không phải ký tự Unicode", file=name)


def yaml_problem(exc: yaml.MarkedYAMLError, name: str, text: str = "") -> Problem:
    escaped = _escape_problem(exc, name, text)
    if escaped is not None:
        return escaped
    mark = exc.problem_mark or exc.context_mark
    raw = exc.problem or exc.context or "lỗi cú pháp"
    hint = next((vi for en, vi in _YAML_HINTS if en in str(exc)), None)
    column = mark.column + 1 if mark else None
    if mark is not None and "mapping values are not allowed" in str(exc):
        deeper = _over_indented(text, mark.line)
        if deeper:
            hint, column = deeper, len(text.split("\n")[mark.line]) - len(text.split("\n")[mark.line].lstrip()) + 1
    opened = _open_quote(text, mark.line) if mark is not None else None
    if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        opened = (exc.context_mark.line, exc.context_mark.column)
    if opened is not None:
        # A quote left open swallows the lines below it; the parser gives up far away. Point at the quote.
        line, col = opened
        hint = "dấu nháy mở ở đây chưa được đóng; thêm dấu nháy đóng ở cuối giá trị (hoặc bỏ dấu nháy mở)"
        return Problem(f"cú pháp YAML sai: {hint}", file=name, line=line + 1, column=col + 1)
    msg = f"cú pháp YAML sai: {hint}" if hint else f"cú pháp YAML sai ({raw})"
    return Problem(msg, file=name, line=mark.line + 1 if mark else None, column=column)


_QUOTED_START = r"^\s*(?:-\s+)*(?:[\w]+:\s+)?(?:-\s+)*([\"'])"


def _open_quote(text: str, before: int) -> tuple[int, int] | None:
    """The first line above a syntax error whose value opens a quote it does not close on that line:
    the likely cause, since a plan's values are one line each (paragraphs go in '|' blocks)."""
    for no, line in enumerate(text.split("\n")[:before + 1]):
        m = re.match(_QUOTED_START, line)
        if m is None:
            continue
        quote = m.group(1)
        rest = line[m.end():]
        closed = rest.replace('\\"', "").count('"') if quote == '"' else rest.replace("''", "").count("'")
        if closed == 0:
            return no, m.start(1)
    return None


_COLON_VALUE = r"^(\s*(?:-\s+)*[\w]+:[ \t]+)([^'\"|>\[{&*!%@`#\s].*?)\s*$"


def quote_colon_value(text: str, line_no: int) -> str | None:
    """'mo_dau: ... như sau:' is a YAML error (a colon ends the line), yet its meaning is plain. Quote
    that one value so the clerk's text is read as written; None when the line is not of that shape."""
    lines = text.split("\n")
    if not 0 <= line_no < len(lines):
        return None
    m = re.match(_COLON_VALUE, lines[line_no])
    if not m:
        return None
    # A '#' after a space ends a plain value in YAML: what follows is the clerk's comment, kept outside the quotes.
    cut = re.search(r"[ \t]+#", m.group(2))
    value, comment = (m.group(2)[:cut.start()], m.group(2)[cut.start():]) if cut else (m.group(2), "")
    if ": " not in value + " ":
        return None
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    lines[line_no] = f'{m.group(1)}"{value}"{comment}'
    return "\n".join(lines)
