"""The `kehoach` command. The only module that prints or picks an exit code; heavy libraries are
imported inside the commands so that `kehoach --help` stays instant."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import click

from .errors import KehoachError

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


class _Group(click.Group):
    command_class = _Command

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP
        return option


def _err(message: str) -> None:
    click.echo(message, err=True)


def _debug() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every failure into a Vietnamese message and an exit code; a traceback only with --debug."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = _debug()
        try:
            return fn(*args, **kwargs)
        except KehoachError as exc:
            if debug:
                raise
            _err(str(exc))
            sys.exit(exc.exit_code)
        except click.UsageError:
            raise  # worded for the clerk where it is raised; main() adds how to get help
        except KeyboardInterrupt:
            _err("đã dừng (Ctrl-C); không tệp nào bị ghi dở.")
            sys.exit(130)
        except Exception as exc:  # the last line of defence against tracebacks
            if debug:
                raise
            _err(f"lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết "
                 "và gửi kèm tệp đầu vào khi báo lỗi.")
            sys.exit(EXIT_FAIL)

    return wrapper


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")
@click.version_option(package_name="kehoach-gen", prog_name="kehoach", message="%(prog)s %(version)s",
                      help="In phiên bản rồi thoát.")
def cli(debug: bool) -> None:
    """Soạn Kế hoạch của UBND tỉnh theo Nghị định 30/2020/NĐ-CP từ tệp YAML."""


@cli.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly
def validate(plans: tuple[Path, ...]) -> None:
    """Kiểm tra tệp YAML của kế hoạch (không tạo văn bản)."""
    from .errors import PlanInvalid
    from .loader import load_plan_with_warnings

    failed = False
    for plan in plans:
        try:
            _, notes = load_plan_with_warnings(plan)
        except PlanInvalid as exc:
            failed = True
            _err(str(exc))
        else:
            for note in notes:
                _err(str(note))
            click.echo(f"{plan}: hợp lệ" + (f" ({len(notes)} cảnh báo)" if notes else ""))
    if failed:
        sys.exit(EXIT_FAIL)


@cli.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp .docx kết quả (mặc định: cạnh tệp YAML, cùng tên); với nhiều kế hoạch: một thư mục.")
@click.option("--force", is_flag=True, help="Ghi đè cả văn bản đã bị sửa tay (giữ bản cũ thành .bak.docx).")
@click.option("--pdf", "make_pdf", is_flag=True, help="Tạo thêm tệp .pdf cạnh tệp .docx (cần LibreOffice).")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Thư mục mẫu riêng, được ưu tiên trước mẫu có sẵn (dùng được nhiều lần).")
@friendly
def render(plans: tuple[Path, ...], output: Path | None, force: bool, make_pdf: bool,
           template_dirs: tuple[Path, ...]) -> None:
    """Tạo văn bản .docx (và .pdf) từ tệp YAML."""
    from .build import build, pdfs

    if len(plans) > 1 and output is not None and output.suffix.lower() == ".docx":
        raise KehoachError("khi tạo nhiều kế hoạch, -o phải là một thư mục (ví dụ: -o ket-qua/)")
    if len(plans) > 1 and output is not None:
        stems: dict[str, Path] = {}
        for plan in plans:
            if plan.stem in stems:
                raise KehoachError(f"{plan} và {stems[plan.stem]} cùng tên: trong {output} văn bản này sẽ ghi đè "
                                   "văn bản kia; hãy đổi tên một tệp")
            stems[plan.stem] = plan
        output.mkdir(parents=True, exist_ok=True)
    failed, nonconforming = False, False
    written = []
    for plan in plans:
        try:
            result = build(plan, output, force=force, templates=template_dirs)
        except KehoachError as exc:
            if _debug():
                raise
            failed = True
            _err(str(exc))
            continue
        for problem in result.notes or []:
            _err(str(problem))
        note = "" if result.changed else " (không thay đổi)"
        click.echo(f"{result.output}{note}  [{result.seconds:.2f} giây]")
        if result.backup:
            click.echo(f"  bản cũ được giữ lại: {result.backup}")
        if result.errors:
            nonconforming = True
            for f in result.errors:
                _err(f.render(str(result.output)))
            _err(f"{result.output}: văn bản chưa đúng thể thức Nghị định 30 ({len(result.errors)} lỗi); "
                 "tệp được giữ lại để xem, hãy sửa mẫu hoặc nội dung rồi tạo lại.")
        elif result.warnings:
            click.echo(f"  {len(result.warnings)} cảnh báo thể thức (xem: kehoach check {result.output})")
        written.append(result)
    if make_pdf and written:
        pdfs(written)
        for result in written:
            click.echo(str(result.pdf))
    if failed:
        sys.exit(EXIT_FAIL)
    if nonconforming:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho kịch bản, CI).")
@click.option("--strict", is_flag=True, help="Coi cả cảnh báo là lỗi.")
@friendly
def check(files: tuple[Path, ...], as_json: bool, strict: bool) -> None:
    """Kiểm tra thể thức Nghị định 30 của văn bản .docx bất kỳ (hoặc mọi tệp .docx trong một thư mục).

    Mã thoát: 0 đạt, 3 có lỗi (với --strict: cả cảnh báo), 1 không đọc được tệp, 2 sai cách dùng.
    """
    import json

    from .check import DocxUnreadable, check_file

    unreadable, failing = False, False
    reports: list[dict] = []
    expanded: list[Path] = []
    for path in files:
        if path.is_dir():  # a reviewer's folder: every Word file in it, not Word's own "~$" lock files
            expanded += sorted(p for p in path.glob("*.docx") if not p.name.startswith(("~$", ".")))
        else:
            expanded.append(path)
    for path in expanded:
        try:
            report = check_file(path)
        except DocxUnreadable as exc:
            unreadable = True
            reports.append({"file": str(path), "unreadable": str(exc)})
            if not as_json:
                _err(str(exc))
            continue
        reports.append(report.as_dict())
        if report.errors or (strict and report.warnings):
            failing = True
        if not as_json:
            for f in report.findings:
                label = "" if f.severity == "E" else "cảnh báo: "
                click.echo(f"{path}: {f.where}: [{f.rule}] {label}{f.message}"
                           + (f" (đang: {f.found})" if f.found else ""))
            click.echo(f"{path}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo")
    if as_json:
        total_e = sum(r.get("errors", 0) for r in reports)
        total_w = sum(r.get("warnings", 0) for r in reports)
        click.echo(json.dumps({"errors": total_e, "warnings": total_w, "files": reports}, ensure_ascii=False,
                              indent=2))
    if unreadable:
        sys.exit(EXIT_FAIL)
    if failing:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--tinh", help='Tỉnh, thành phố (ví dụ: "Lai Châu", "Hà Nội", "Hồ Chí Minh").')
@click.option("--nam", type=click.IntRange(2000, 2200), help="Năm của kế hoạch, ví dụ 2027.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Tệp YAML sẽ tạo (mặc định: drafts/<tỉnh>-<năm>.yaml).")
@click.option("--force", is_flag=True, help="Ghi đè tệp YAML đã có.")
@click.option("--liet-ke", "list_all", is_flag=True, help="Liệt kê 34 tỉnh, thành phố hiện hành.")
@click.option("--from", "from_plan", type=click.Path(path_type=Path),
              help="Chuyển kế hoạch năm trước sang năm --nam (giữ nội dung, bỏ số và ngày, làm trống bảng phụ lục).")
@friendly
def new(tinh: str | None, nam: int | None, output: Path | None, force: bool, list_all: bool,
        from_plan: Path | None) -> None:
    """Tạo tệp YAML khởi đầu cho kế hoạch công tác đối ngoại của một tỉnh, thành phố."""
    from . import provinces, starter

    if list_all:
        for p in provinces.current():
            click.echo(f"{p.kind} {p.name}")
        return
    if from_plan is not None:
        from .rollover import write_rollover

        if not nam:
            raise click.UsageError("cần --nam, ví dụ: kehoach new --from ke-hoach-2026.yaml --nam 2027")
        path, result = write_rollover(from_plan, nam, output, force=force)
        click.echo(str(path))
        for change in result.changes:
            click.echo(f"  {change}")
        click.echo(f"  {len(result.changes)} thay đổi; kiểm tra lại nội dung rồi chạy: kehoach render {path}")
        return
    if not tinh or not nam:
        missing = " và ".join(o for o, v in (("--tinh", tinh), ("--nam", nam)) if not v)
        raise click.UsageError(f"thiếu {missing}: cần tỉnh, thành phố và năm của kế hoạch, ví dụ: "
                               f"kehoach new --tinh \"{tinh or 'Lai Châu'}\" --nam 2027")
    path = starter.write_new(tinh, nam, output, force=force)
    click.echo(f"{path}")
    click.echo(f"  sửa nội dung rồi chạy: kehoach render {path}")


@cli.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Thư mục kết quả (mặc định: <tên>-xem-truoc/ cạnh tệp YAML).")
@click.option("--chi-html", "html_only", is_flag=True, help="Chỉ tạo trang HTML (tức thì, không cần LibreOffice).")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Thư mục mẫu riêng.")
@friendly
def preview(plan: Path, output: Path | None, html_only: bool, template_dirs: tuple[Path, ...]) -> None:
    """Xem trước kế hoạch: trang HTML (đọc được trên điện thoại, in được A4) và ảnh PNG từng trang."""
    from .preview import preview as make_preview

    result = make_preview(plan, output, images=not html_only, templates=template_dirs)
    click.echo(str(result.html))
    for image in result.images:
        click.echo(str(image))
    for note in result.notes:
        _err(f"cảnh báo: {note}")


@cli.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Ghi đè cả văn bản đã bị sửa tay (giữ bản cũ thành .bak.docx).")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Thư mục mẫu riêng.")
@friendly
def watch(target: Path, force: bool, template_dirs: tuple[Path, ...]) -> None:
    """Tự tạo lại văn bản mỗi khi lưu tệp YAML (một tệp, hoặc mọi tệp YAML trong thư mục)."""
    from .watch import watch as run_watch

    run_watch(target, lambda line: click.echo(line), force=force, templates=template_dirs)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--mau/--khong-mau", "color", default=None, help="Tô màu chỗ thay đổi (mặc định: khi in ra màn hình).")
@friendly
def diff(old: Path, new: Path, color: bool | None) -> None:
    """So sánh hai phiên bản kế hoạch (YAML): chỗ nào thêm, bỏ, sửa."""
    from .diff import describe, diff_files

    use_color = sys.stdout.isatty() if color is None else color
    found = diff_files(str(old), str(new))
    if not found:
        click.echo("không có thay đổi")
        return
    for change in found:
        for line in describe(change, use_color):
            click.echo(line)
    click.echo(f"{len(found)} thay đổi")


@cli.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Tệp YAML sẽ tạo (mặc định: cạnh tệp nguồn).")
@click.option("--force", is_flag=True, help="Ghi đè tệp YAML đã có.")
@friendly
def import_command(source: Path, output: Path | None, force: bool) -> None:
    """Nhập kế hoạch cũ (.docx hoặc văn bản .txt chép từ trang web) thành tệp YAML để soạn tiếp."""
    from .importer import import_file
    from .render.package import atomic_write

    target = output or source.with_suffix(".yaml")
    if target.exists() and target.is_dir():
        target = target / f"{source.stem}.yaml"
    if target.resolve() == source.resolve():
        raise KehoachError(f"{target}: tệp YAML kết quả trùng với tệp nguồn; chọn tên khác bằng -o")
    if target.exists() and not force:
        raise KehoachError(f"{target}: tệp đã có; không ghi đè để khỏi mất nội dung đang soạn "
                           "(chọn tên khác bằng -o, hoặc dùng --force)")
    result = import_file(source)
    atomic_write(target, result.yaml_text.encode("utf-8"))
    for warning in result.warnings:
        _err(str(warning))
    click.echo(str(target))
    click.echo(f"  {len(result.warnings)} chỗ cần kiểm tra (ghi ở đầu tệp); tạo văn bản: kehoach render {target}")


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Ghi ra tệp thay vì màn hình.")
@friendly
def schema(output: Path | None) -> None:
    """In JSON Schema của tệp YAML (cho VS Code và các trình soạn thảo)."""
    import json

    from .schema import plan_schema

    text = json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        from .render.package import atomic_write

        atomic_write(output, text.encode("utf-8"))
        click.echo(str(output))
    else:
        click.echo(text, nl=False)


_USAGE_VI = [
    ("No such option", "không có tùy chọn"),
    ("Missing argument", "thiếu tham số"),
    ("Missing option", "thiếu tùy chọn"),
    ("No such command", "không có lệnh"),
    ("Invalid value for", "giá trị không hợp lệ cho"),
    ("does not exist", "không tồn tại"),
    ("requires an argument", "cần một giá trị"),
    ("Got unexpected extra argument", "thừa tham số"),
]


def _exit(code: int) -> None:
    """Leave without tearing down every library object: the interpreter's clean-up of every module and
    lxml tree is measurable against a plan's render. Everything we write is complete (and fsynced) by now."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
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
    except click.exceptions.Abort:
        _err("đã dừng.")
        sys.exit(130)
    except click.UsageError as exc:
        msg = exc.format_message()
        for en, vi in _USAGE_VI:
            msg = msg.replace(en, vi)
        cmd = exc.ctx.command_path if exc.ctx else "kehoach"
        _err(f"lỗi cách dùng: {msg}\nXem hướng dẫn: {cmd} --help")
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        _err(f"lỗi: {exc.format_message()}")
        sys.exit(exc.exit_code)
    sys.exit(EXIT_OK)


if __name__ == "__main__":
    main()
