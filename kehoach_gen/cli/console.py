"""The process around the command: UTF-8 output on any console, control characters shown escaped, click's
usage errors in Vietnamese, a closed pipe stopped quietly, and a fast exit."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

from kehoach_gen.cli.base import EXIT_FAIL, EXIT_OK, EXIT_USAGE, cli, closed_pipe, err
from kehoach_gen.errors import display

_USAGE_VI = [
    ("No such option", "không có tùy chọn"),
    ("Missing argument", "thiếu tham số"),
    ("Missing option", "thiếu tùy chọn"),
    ("No such command", "không có lệnh"),
    ("Invalid value for", "giá trị không hợp lệ cho"),
    ("does not exist", "không tồn tại"),
    ("requires an argument", "cần một giá trị"),
    ("Got unexpected extra argument", "thừa tham số"),
    # click.Path's refusals: "Directory 'x' is a file."
    ("Directory '", "thư mục '"), ("File '", "tệp '"), ("Path '", "đường dẫn '"),
    ("' is a file.", "' là một tệp, không phải thư mục"), ("' is a directory.", "' là một thư mục, không phải tệp"),
    ("' is not readable.", "' không đọc được"), ("' is not writable.", "' không ghi được"),
]


def _exit(code: int) -> None:
    """Leave without tearing down every library object: the interpreter's clean-up of every module and
    lxml tree is measurable against a plan's render. Everything we write is complete (and fsynced) by now."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away has nothing left to receive
        code = code or EXIT_FAIL
    os._exit(code)


class _Escaping:
    """stdout/stderr for the terminal: control and invisible characters from file names or documents
    are shown as \\uNNNN, never obeyed. Only the colours `kehoach diff` itself writes pass."""

    _OURS = re.compile(r"(\x1b\[(?:31;9|32;4|0)m)")

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if isinstance(text, str):
            pieces = self._OURS.split(text)
            text = "".join(p if i % 2 else "\n".join("\t".join(map(display, line.split("\t")))
                                                      for line in p.split("\n"))
                           for i, p in enumerate(pieces))
        return self._stream.write(text)

    @property
    def buffer(self) -> None:
        """None: click would otherwise write to a Windows console's bytes directly, past the escaping."""
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _utf8(stream: Any) -> Any:
    """The stream writing UTF-8, whatever Python chose from the console or the locale: Windows gives a
    redirected or piped output the ANSI code page (cp1258 on a Vietnamese Windows), which has no 'ỗ'.
    Characters UTF-8 cannot carry (a file name's undecodable bytes) are written as \\xNN. No stream at all
    (pythonw, a scheduled task) writes nowhere."""
    if stream is None:
        return open(os.devnull, "w", encoding="utf-8")  # lives until the process ends
    try:
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    except (AttributeError, OSError, ValueError):  # not a text file of ours (a test's capture): left alone
        pass
    return stream


def main(argv: list[str] | None = None) -> None:
    if argv is None:
        sys.stdout, sys.stderr = _Escaping(_utf8(sys.stdout)), _Escaping(_utf8(sys.stderr))  # type: ignore[assignment]
    try:
        _run(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if argv is None:
            _exit(code)
        raise


def _run(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="kehoach", standalone_mode=False)
    except BrokenPipeError:
        closed_pipe()
    except click.exceptions.Abort:
        err("đã dừng.")
        sys.exit(130)
    except click.UsageError as exc:
        msg = exc.format_message()
        for en, vi in _USAGE_VI:
            msg = msg.replace(en, vi)
        cmd = exc.ctx.command_path if exc.ctx else "kehoach"
        err(f"lỗi cách dùng: {msg}\nXem hướng dẫn: {cmd} --help")
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        err(f"lỗi: {exc.format_message()}")
        sys.exit(exc.exit_code)
    sys.exit(EXIT_OK)
