"""What every `kehoach` command shares: the command group, Vietnamese help, the exit codes, and `friendly`,
which turns every failure into a located Vietnamese message (never a traceback). Heavy libraries are imported
inside the commands, so that `kehoach --help` stays instant."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import click

from kehoach_gen.errors import KehoachError, display

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_FINDINGS = 0, 1, 2, 3


class _Formatter(click.HelpFormatter):
    """click's help in Vietnamese: its headings and placeholders are fixed English words."""

    _WORDS: ClassVar[dict[str, str]] = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
    _META: ClassVar[list[tuple[str, str]]] = [
        ("[OPTIONS]", "[TÙY CHỌN]"), ("COMMAND", "LỆNH"), ("[ARGS]...", "[THAM SỐ]..."), ("DIRECTORY", "THƯ MỤC"),
        ("PATH", "ĐƯỜNG DẪN"), ("INTEGER RANGE", "SỐ"), ("TEXT", "CHỮ")]

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for en, vi in self._META:
            args = args.replace(en, vi)
        super().write_usage(prog, args, prefix="Cách dùng: ")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        translated = []
        for term, text in rows:
            for en, vi in self._META:
                term = term.replace(en, vi)
            translated.append((term, text))
        super().write_dl(translated, col_max, col_spacing)

    def section(self, name: str) -> Any:
        return super().section(self._WORDS.get(name, name))


click.Context.formatter_class = _Formatter


_HELP = "In hướng dẫn này rồi thoát."


class _Command(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP
        return option


class Group(click.Group):
    command_class = _Command

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP
        return option


class Range(click.IntRange):
    """A whole number within bounds, refused in Vietnamese (click words its own refusal in English)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"'{value}' không phải số nguyên", param, ctx)
        if not (self.min or 0) <= number <= (self.max if self.max is not None else number):
            self.fail(f"{number} nằm ngoài khoảng {self.min}-{self.max}", param, ctx)
        return number


def document_text(what: str, limit: int) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """An option whose value is written into a document (an author's name): what a plan's field may not
    hold is refused here, in the option's name, before any work is done."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        import unicodedata

        from kehoach_gen.plan.values import unprintable

        value = unicodedata.normalize("NFC", value.strip())
        why = unprintable(value)
        if not value:
            why = f"{what} đang trống; hãy gõ {what}"
        elif why is None and len(value) > limit:
            why = f"{what} dài {len(value)} ký tự, quá {limit} ký tự; hãy viết ngắn lại"
        if why:
            raise click.BadParameter(why, ctx=ctx, param=param)
        return value

    return check


def err(message: str) -> None:
    click.echo(message, err=True)


def debug_on() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every failure into a Vietnamese message and an exit code; a traceback only with --debug."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = debug_on()
        try:
            return fn(*args, **kwargs)
        except KehoachError as exc:
            if debug:
                raise
            err(str(exc))
            sys.exit(exc.exit_code)
        except click.UsageError:
            raise  # worded for the clerk where it is raised; main() adds how to get help
        except KeyboardInterrupt:
            err("đã dừng (Ctrl-C); không tệp nào bị ghi dở.")
            sys.exit(130)
        except BrokenPipeError:
            closed_pipe()
        except MemoryError:
            if debug:
                raise
            err(f"{inputs_named()}không đủ bộ nhớ để làm xong (tệp quá lớn, hoặc máy đang thiếu bộ nhớ); hãy đóng bớt "
                 "chương trình khác rồi chạy lại")
            sys.exit(EXIT_FAIL)
        except OSError as exc:  # a disk, a permission, a device: the system's reason in Vietnamese
            if debug:
                raise
            from kehoach_gen.inputs import os_reason

            where = display(exc.filename) + ": " if exc.filename else ""
            err(f"{where}lỗi hệ thống: {os_reason(exc)}")
            sys.exit(EXIT_FAIL)
        except Exception as exc:  # the last line of defence against tracebacks
            if debug:
                raise
            err(f"lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết "
                 "và gửi kèm tệp đầu vào khi báo lỗi.")
            sys.exit(EXIT_FAIL)

    return wrapper


def inputs_named() -> str:
    """The files the command was given, to open a message that knows nothing more precise."""
    ctx = click.get_current_context(silent=True)
    paths: list[str] = []
    for value in (ctx.params.values() if ctx else ()):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Path):
                paths.append(display(item))
    return ", ".join(paths) + ": " if paths else ""


@contextlib.contextmanager
def startup_imports() -> Iterator[None]:
    """A command's first import of lxml, python-docx, docxtpl, jinja2 and yaml sets off some seventy runs of
    Python's cycle collector, each walking objects that live as long as the process: about 8 ms of a
    0.25 s `kehoach render`. Hold the collector off while importing, then freeze what the imports made
    (later collections skip it) and let it run again for the work. Once per process: a freeze would also
    keep whatever garbage is pending at the time, which at start-up is next to nothing."""
    if not gc.isenabled() or gc.get_freeze_count():  # the collector is managed elsewhere, or done already
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")
@click.version_option(package_name="kehoach-gen", prog_name="kehoach", message="%(prog)s %(version)s",
                      help="In phiên bản rồi thoát.")
def cli(debug: bool) -> None:
    """Soạn Kế hoạch của UBND, sở, ban theo Nghị định 30/2020/NĐ-CP từ tệp YAML."""


def print_content(findings: list[Any]) -> bool:
    """The content findings (ND-C..) of one plan, one line each; True when one of them is an error."""
    for finding in findings:
        err(str(finding))
    return any(f.severity == "E" for f in findings)


def content_summary(findings: list[Any]) -> str:
    from kehoach_gen.content import summary

    return summary(findings)


def yaml_target(output: Path | None) -> None:
    """A plan is written only to a .yaml: `-o van-ban.docx --force` must never turn a Word file into YAML."""
    if output is not None and output.suffix and output.suffix.lower() not in (".yaml", ".yml") \
            and not output.is_dir():
        raise KehoachError(f"{display(output)}: tệp kế hoạch phải có đuôi .yaml (đang: '{output.suffix}'); không ghi "
                           "đè văn bản Word, PDF hay tệp khác, kể cả khi có --force. Chọn tên khác bằng -o")


def closed_pipe() -> None:
    """The reader went away (`kehoach ... | head`): stop quietly, without a second error on exit."""
    try:
        sys.stdout = open(os.devnull, "w")  # lives until the process ends
        err("kehoach: đầu ra đã bị đóng (chương trình nhận kết quả đã dừng); dừng lại.")
    except OSError:
        pass
    sys.exit(EXIT_FAIL)
