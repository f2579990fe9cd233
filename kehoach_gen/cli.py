"""The `kehoach` command. The only module that prints or picks an exit code; heavy libraries are
imported inside the commands so that `kehoach --help` stays instant."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
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


class _Group(click.Group):
    command_class = _Command

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP
        return option


class _Range(click.IntRange):
    """A whole number within bounds, refused in Vietnamese (click words its own refusal in English)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"'{value}' không phải số nguyên", param, ctx)
        if not (self.min or 0) <= number <= (self.max if self.max is not None else number):
            self.fail(f"{number} nằm ngoài khoảng {self.min}-{self.max}", param, ctx)
        return number


def _document_text(what: str, limit: int) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """An option whose value is written into a document (an author's name): what a plan's field may not
    hold is refused here, in the option's name, before any work is done."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        import unicodedata

        from kehoach_gen.plan.model import unprintable

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
        except BrokenPipeError:
            _closed_pipe()
        except MemoryError:
            if debug:
                raise
            _err(f"{_inputs()}không đủ bộ nhớ để làm xong (tệp quá lớn, hoặc máy đang thiếu bộ nhớ); hãy đóng bớt "
                 "chương trình khác rồi chạy lại")
            sys.exit(EXIT_FAIL)
        except OSError as exc:  # a disk, a permission, a device: the system's reason in Vietnamese
            if debug:
                raise
            from kehoach_gen.inputs import os_reason

            where = display(exc.filename) + ": " if exc.filename else ""
            _err(f"{where}lỗi hệ thống: {os_reason(exc)}")
            sys.exit(EXIT_FAIL)
        except Exception as exc:  # the last line of defence against tracebacks
            if debug:
                raise
            _err(f"lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết "
                 "và gửi kèm tệp đầu vào khi báo lỗi.")
            sys.exit(EXIT_FAIL)

    return wrapper


def _inputs() -> str:
    """The files the command was given, to open a message that knows nothing more precise."""
    ctx = click.get_current_context(silent=True)
    paths: list[str] = []
    for value in (ctx.params.values() if ctx else ()):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Path):
                paths.append(display(item))
    return ", ".join(paths) + ": " if paths else ""


@contextlib.contextmanager
def _startup_imports() -> Iterator[None]:
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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Hiện chi tiết kỹ thuật (traceback) khi có lỗi.")
@click.version_option(package_name="kehoach-gen", prog_name="kehoach", message="%(prog)s %(version)s",
                      help="In phiên bản rồi thoát.")
def cli(debug: bool) -> None:
    """Soạn Kế hoạch của UBND, sở, ban theo Nghị định 30/2020/NĐ-CP từ tệp YAML."""


@cli.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly
def validate(plans: tuple[Path, ...]) -> None:
    """Kiểm tra tệp YAML của kế hoạch (không tạo văn bản)."""
    from kehoach_gen.content import load_checked
    from kehoach_gen.errors import PlanInvalid

    failed, content_errors = False, False
    for plan in plans:
        try:
            _plan, content, notes = load_checked(plan)
        except PlanInvalid as exc:
            failed = True
            _err(str(exc))
        else:
            for note in notes:
                _err(str(note))
            content_errors |= _print_content(content)
            click.echo(f"{plan}: hợp lệ" + (f" ({len(notes)} cảnh báo)" if notes else "")
                       + (f"; {_content_summary(content)}" if content else ""))
    if failed:
        sys.exit(EXIT_FAIL)
    if content_errors:
        sys.exit(EXIT_FINDINGS)


def _print_content(findings: list[Any]) -> bool:
    """The content findings (ND-C..) of one plan, one line each; True when one of them is an error."""
    for finding in findings:
        _err(str(finding))
    return any(f.severity == "E" for f in findings)


def _content_summary(findings: list[Any]) -> str:
    from kehoach_gen.content import summary

    return summary(findings)


@cli.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp .docx kết quả (mặc định: cạnh tệp YAML, cùng tên); với nhiều kế hoạch: một thư mục.")
@click.option("--force", is_flag=True, help="Ghi đè cả văn bản đã bị sửa tay (giữ bản cũ thành .bak.docx).")
@click.option("--pdf", "make_pdf", is_flag=True, help="Tạo thêm tệp .pdf cạnh tệp .docx (cần LibreOffice).")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Thư mục mẫu riêng, được ưu tiên trước mẫu có sẵn (dùng được nhiều lần).")
# Ready for e-office and ký số (electronic.py, metadata.py, edxml.py, render/pdfa.py).
@click.option("--pdfa", is_flag=True, help="Tạo tệp .pdf dạng PDF/A-2b (nhúng phông, có siêu dữ liệu) để ký số, lưu trữ.")
@click.option("--metadata", "make_metadata", is_flag=True,
              help="Ghi thêm tệp .json các trường thông tin văn bản đi (Phụ lục VI Nghị định 30); kèm --pdfa nếu chưa có --pdf.")
@click.option("--edxml", "make_edxml", is_flag=True,
              help="Ghi thêm tệp .edxml: phần đầu gói tin edXML (QCVN 102:2016); kèm --pdfa nếu chưa có --pdf.")
@click.option("--dien-tu", "electronic", is_flag=True,
              help="Văn bản điện tử: để trống số, ngày tháng cho hệ thống cấp khi ký số; chừa chỗ chữ ký số và dấu.")
@click.option("--ma-dinh-danh", "organ", help="Mã định danh của cơ quan ban hành, ví dụ 000.00.00.H29 "
              "(hoặc biến môi trường KEHOACH_MA_DINH_DANH).")
@click.option("--ban-chinh-thuc", "final", is_flag=True,
              help="Bản trình ký: không tạo văn bản khi nội dung còn lỗi hoặc chỗ chưa điền.")
@friendly
def render(plans: tuple[Path, ...], output: Path | None, force: bool, make_pdf: bool,
           template_dirs: tuple[Path, ...], pdfa: bool, make_metadata: bool, make_edxml: bool, electronic: bool,
           organ: str | None, final: bool) -> None:
    """Tạo văn bản .docx (và .pdf) từ tệp YAML."""
    with _startup_imports():
        from kehoach_gen.build import build, pdfs

    make_pdf = make_pdf or (output is not None and output.suffix.lower() == ".pdf")  # the .docx is kept too
    organ_id = None
    if make_metadata or make_edxml:
        from kehoach_gen.eoffice.metadata import organ_id as read_organ_id

        organ_id = read_organ_id(organ)
        pdfa = pdfa or not make_pdf  # the record's page count is the signed file's

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
            result = build(plan, output, force=force, templates=template_dirs, electronic=electronic,
                           final=final)
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
        if result.content:
            nonconforming |= _print_content(result.content)
            click.echo(f"  {_content_summary(result.content)}")
        if result.errors:
            nonconforming = True
            for f in result.errors:
                _err(f.render(str(result.output)))
            _err(f"{result.output}: văn bản chưa đúng thể thức Nghị định 30 ({len(result.errors)} lỗi); "
                 "tệp được giữ lại để xem, hãy sửa mẫu hoặc nội dung rồi tạo lại.")
        elif result.warnings:
            click.echo(f"  {len(result.warnings)} cảnh báo thể thức (xem: kehoach check {result.output})")
        written.append(result)
    if (make_pdf or pdfa) and written:
        pdfs(written, pdfa=pdfa)
        for result in written:
            click.echo(str(result.pdf))
    if (make_metadata or make_edxml) and written:
        from kehoach_gen.eoffice.exchange import write_records

        for result in written:
            paths, notes = write_records(result, organ=organ_id, record_json=make_metadata, edxml=make_edxml,
                                         electronic=electronic)
            for path in paths:
                click.echo(str(path))
            for note in notes:
                _err(f"{result.output}: cảnh báo: {note}")
    if failed:
        sys.exit(EXIT_FAIL)
    if nonconforming:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho kịch bản, CI).")
@click.option("--strict", is_flag=True, help="Coi cả cảnh báo là lỗi.")
@click.option("--trang", is_flag=True, help="Kiểm tra cả trang in (ND30-G..): dựng trang bằng LibreOffice rồi đo "
              "đường kẻ, các dòng phải nằm trên một dòng, đề mục cuối trang, khối chữ ký.")
@click.option("--giai-thich", "explain", metavar="MÃ", help="Giải thích một mã (ví dụ R13d, ND30-R13, C03): điều "
              "Phụ lục I, máy đo gì, dung sai và vì sao, ví dụ.")
@friendly
def check(files: tuple[Path, ...], as_json: bool, strict: bool, trang: bool = False, explain: str | None = None) -> None:
    """Kiểm tra thể thức Nghị định 30 của văn bản .docx bất kỳ (hoặc mọi tệp .docx trong một thư mục).

    Tệp .pdf (bản sẽ ký số): phông chữ, khổ giấy, PDF/A, chữ ở phần đầu và phần ký.
    Mã thoát: 0 đạt, 3 có lỗi (với --strict: cả cảnh báo), 1 không đọc được tệp, 2 sai cách dùng.
    """
    import json

    if explain is not None:
        _explain(explain, files)
        return
    if not files:
        raise click.UsageError("thiếu tệp cần kiểm tra: kehoach check van-ban.docx (hoặc một thư mục)")

    from kehoach_gen.check import DocxUnreadable, check_file
    from kehoach_gen.check import report as check_text
    from kehoach_gen.check.pdf import PdfReport, PdfUnreadable, check_pdf
    from kehoach_gen.content.paragraphs import check_docx as content_of

    unreadable, failing = False, False
    reports: list[dict] = []
    expanded: list[Path] = []
    for path in files:
        if path.is_dir():  # a reviewer's folder: every Word file in it, not Word's own "~$" lock files
            found = sorted(p for p in path.glob("*.docx") if not p.name.startswith(("~$", ".")))
            if not found:
                raise KehoachError(f"{display(path)}: thư mục không có tệp .docx nào để kiểm tra")
            expanded += found
        else:
            expanded.append(path)
    rows: list[tuple[str, Any, str]] = []
    pages = _page_findings(expanded) if trang else {}
    try:
        for path in expanded:
            try:
                # A .pdf is the file that will be signed: check/pdf.py reports what it can read of it.
                report: Any = check_pdf(path) if path.suffix.lower() == ".pdf" else check_file(path)
            except (DocxUnreadable, PdfUnreadable) as exc:
                unreadable = True
                reports.append({"file": str(path), "unreadable": str(exc)})
                rows.append((str(path), None, str(exc)))
                if not as_json:
                    _err(str(exc))
                continue
            except Exception as exc:  # a checker bug on one file must not lose the rest of a folder
                if _debug():
                    raise
                unreadable = True
                message = (f"{display(path)}: lỗi không mong đợi khi kiểm tra ({type(exc).__name__}); "
                           "hãy gửi kèm tệp này khi báo lỗi")
                reports.append({"file": str(path), "unreadable": message})
                rows.append((str(path), None, message))
                if not as_json:
                    _err(message)
                continue
            if not isinstance(report, PdfReport):
                # The text-level content checks (ND-C..): dates against the issue date, years, leftovers.
                report.findings += content_of(path)
                report.findings.extend(pages.get(path, []))
            reports.append(report.as_dict())
            rows.append((str(path), report, ""))
            if report.errors or (strict and report.warnings):
                failing = True
            if as_json:
                continue
            if isinstance(report, PdfReport):
                for line in report.lines():
                    click.echo(f"{path}: {line}")
                click.echo(f"{path}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo")
            else:
                for line in check_text.file_lines(report, path):
                    click.echo(line)
        if not as_json:
            for line in check_text.summary_lines(rows):
                click.echo(line)
    except BrokenPipeError:
        # `kehoach check thu-muc/ | head`: the reader has seen enough; leave without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS if failing else EXIT_OK)
    if as_json:
        total_e = sum(r.get("errors", 0) for r in reports)
        total_w = sum(r.get("warnings", 0) for r in reports)
        click.echo(json.dumps({"errors": total_e, "warnings": total_w, "files": reports}, ensure_ascii=False,
                              indent=2))
    if unreadable:
        sys.exit(EXIT_FAIL)
    if failing:
        sys.exit(EXIT_FINDINGS)


def _explain(code: str, files: tuple[Path, ...]) -> None:
    """`check --giai-thich`: one code or one rule explained, from the same table as docs/quy-tac.md."""
    from kehoach_gen.check.explain import explain, unknown

    if files:
        raise click.UsageError("--giai-thich dùng riêng, không kèm tệp: kehoach check --giai-thich R13d")
    lines = explain(code)
    if lines is None:
        raise click.UsageError(unknown(code))
    for line in lines:
        click.echo(line)


def _page_findings(paths: list[Path]) -> dict[Path, list]:
    """`check --trang`: the printed-page rules, every readable file laid out in one LibreOffice run. A file
    the reader refuses is left out here (its own check reports why), so it cannot stop the others."""
    from kehoach_gen.check import DocxUnreadable
    from kehoach_gen.check.geometry import check_pages
    from kehoach_gen.ooxml.docxio import open_docx

    readable = []
    for path in paths:
        if path.suffix.lower() == ".pdf":
            continue
        try:
            open_docx(path)
        except DocxUnreadable:
            continue
        readable.append(path)
    return {p: r.findings for p, r in zip(readable, check_pages(readable), strict=True)} if readable else {}


@cli.command()
@click.option("--tinh", help='Tỉnh, thành phố (ví dụ: "Lai Châu", "Hà Nội", "Hồ Chí Minh").')
@click.option("--nam", type=_Range(2000, 2200), help="Năm của kế hoạch, ví dụ 2027.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Tệp YAML sẽ tạo (mặc định: drafts/<tỉnh>-<năm>.yaml).")
@click.option("--force", is_flag=True, help="Ghi đè tệp YAML đã có.")
@click.option("--liet-ke", "list_all", is_flag=True, help="Liệt kê 34 tỉnh, thành phố hiện hành.")
@click.option("--from", "from_plan", type=click.Path(path_type=Path),
              help="Chuyển kế hoạch năm trước sang năm --nam (giữ nội dung, bỏ số và ngày, làm trống bảng phụ lục).")
@click.option("--giu-phu-luc", "keep_appendices", is_flag=True,
              help="Với --from: giữ các dòng bảng phụ lục năm trước (dời năm, thời hạn) để sửa, không làm trống.")
@friendly
def new(tinh: str | None, nam: int | None, output: Path | None, force: bool, list_all: bool,
        from_plan: Path | None, keep_appendices: bool) -> None:
    """Tạo tệp YAML khởi đầu cho kế hoạch công tác đối ngoại của một tỉnh, thành phố."""
    from kehoach_gen.facts import provinces
    from kehoach_gen.start import starter

    if list_all:
        for p in provinces.current():
            click.echo(f"{p.kind} {p.name}")
        return
    _yaml_target(output)
    if from_plan is not None:
        from kehoach_gen.start.rollover import write_rollover

        if not nam:
            raise click.UsageError("cần --nam, ví dụ: kehoach new --from ke-hoach-2026.yaml --nam 2027")
        path, result = write_rollover(from_plan, nam, output, force=force, keep_appendices=keep_appendices)
        click.echo(str(path))
        for change in result.changes:
            click.echo(f"  {change}")
        for kept in result.left:
            click.echo(f"  {kept}")
        left = f", {len(result.left)} chỗ giữ nguyên cần xem lại" if result.left else ""
        click.echo(f"  {len(result.changes)} thay đổi{left}; kiểm tra lại nội dung rồi chạy: kehoach render {path}")
        return
    if keep_appendices:
        raise click.UsageError("--giu-phu-luc chỉ dùng cùng --from: giữ các dòng bảng phụ lục của kế hoạch năm trước")
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
    from kehoach_gen.render.preview import preview as make_preview

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
@click.option("--ban-chinh-thuc", "final", is_flag=True,
              help="Bản trình ký: không tạo lại văn bản khi nội dung còn lỗi hoặc chỗ chưa điền.")
@friendly
def watch(target: Path, force: bool, template_dirs: tuple[Path, ...], final: bool) -> None:
    """Tự tạo lại văn bản mỗi khi lưu tệp YAML (một tệp, hoặc mọi tệp YAML trong thư mục)."""
    from kehoach_gen.render.watch import watch as run_watch

    run_watch(target, lambda line: click.echo(line), force=force, templates=template_dirs, final=final)


def _yaml_target(output: Path | None) -> None:
    """A plan is written only to a .yaml: `-o van-ban.docx --force` must never turn a Word file into YAML."""
    if output is not None and output.suffix and output.suffix.lower() not in (".yaml", ".yml") \
            and not output.is_dir():
        raise KehoachError(f"{display(output)}: tệp kế hoạch phải có đuôi .yaml (đang: '{output.suffix}'); không ghi "
                           "đè văn bản Word, PDF hay tệp khác, kể cả khi có --force. Chọn tên khác bằng -o")


def _import_into(source: Path, plan: Path) -> None:
    """Word edits back into the plan, three ways when the .docx carries the plan it was made from: the
    YAML is rewritten in place (comments kept), the old one kept beside it as PLAN.yaml.bak (not a .yaml,
    so `render drafts/*.yaml` and `serve` do not take it for a plan). Conflicts, what could not be placed
    and Word comments go into the plan's `y_kien` list, each named here; the exit code is 3 when any did."""
    import shutil

    from kehoach_gen.render.package import atomic_write
    from kehoach_gen.review.merge_back import YKIEN, merge_into

    if source.suffix.lower() != ".docx":
        raise KehoachError(f"{source}: --into cần văn bản Word .docx đã sửa")
    report = merge_into(source, plan)
    for line in report.notices:
        _err(f"lưu ý: {line}")
    for line in report.applied:
        click.echo(line)
    for line in report.already:
        click.echo(line)
    for line in report.conflicts:
        _err(line)
    for line in report.unplaced:
        _err(f"chưa đưa vào được: {line}")
    for line in report.comments:
        click.echo(line)
    if not report.changed:
        click.echo(f"không có phần sửa nào để đưa vào {plan.name}" + (" (các chỗ sửa đều đã có)" if report.already else ""))
        return
    backup = plan.with_name(f"{plan.name}.bak")
    shutil.copy2(plan, backup)
    atomic_write(plan, report.yaml_text.encode("utf-8"))
    how = "so ba chiều với bản gốc trong văn bản" if report.three_way else "so với tệp YAML hiện tại"
    click.echo(f"{plan}: đã đưa vào {len(report.applied)} chỗ sửa ({how}; bản trước giữ ở {backup.name}); "
               f"{len(report.conflicts)} chỗ xung đột, {len(report.unplaced)} chỗ chưa đặt được, "
               f"{len(report.comments)} ý kiến"
               + (f": xem danh sách '{YKIEN}:' cuối tệp, xử lý xong thì xoá từng mục" if
                  report.conflicts or report.unplaced or report.comments else ""))
    if report.conflicts or report.unplaced:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--mau/--khong-mau", "color", default=None, help="Tô màu chỗ thay đổi (mặc định: khi in ra màn hình).")
@click.option("--docx", "review", type=click.Path(path_type=Path),
              help="Ghi bản mới có đánh dấu thay đổi (Track Changes) so với bản cũ, để xem và duyệt trong Word.")
@click.option("--tac-gia", "author", default="kehoach-gen", show_default=True, callback=_document_text("tên người sửa", 255),
              help="Tên người sửa ghi trên các thay đổi trong tệp --docx.")
@click.option("--force", is_flag=True, help="Ghi đè tệp --docx đã có.")
@friendly
def diff(old: Path, new: Path, color: bool | None, review: Path | None, author: str, force: bool) -> None:
    """So sánh hai phiên bản kế hoạch (YAML hoặc .docx): chỗ nào thêm, bỏ, sửa, chuyển chỗ."""
    from kehoach_gen.review.diff import describe, diff_files

    use_color = sys.stdout.isatty() if color is None else color
    found = diff_files(str(old), str(new))
    if review is not None:
        from kehoach_gen.errors import OutputProblem
        from kehoach_gen.render.package import atomic_write
        from kehoach_gen.review.trackdocx import review_copy

        if review.resolve() in (old.resolve(), new.resolve()):
            raise OutputProblem(f"{review}: tệp --docx trùng với tệp đầu vào; hãy chọn tên khác")
        if review.is_dir() or review.suffix.lower() != ".docx":
            raise OutputProblem(f"{display(review)}: --docx cần tên một tệp Word .docx sẽ ghi, ví dụ --docx duyet.docx")
        if review.exists() and not force:
            raise OutputProblem(f"{review}: tệp đã có (có thể đã được duyệt, sửa trong Word); không ghi đè. "
                                "Chọn tên khác hoặc thêm --force")
        data, count = review_copy(old, new, author=author)
        try:
            atomic_write(review, data)
        except OSError as exc:
            raise OutputProblem(f"{review}: không ghi được tệp ({exc.strerror})") from None
        click.echo(f"{review}: {count} chỗ đánh dấu thay đổi (trong Word: thẻ Xem lại (Review) > Chấp nhận hoặc Từ chối)")
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
@click.option("--into", "into", type=click.Path(path_type=Path),
              help="Đưa phần sửa trong Word (kể cả thay đổi đang đánh dấu) vào tệp kế hoạch YAML này.")
@friendly
def import_command(source: Path, output: Path | None, force: bool, into: Path | None) -> None:
    """Nhập kế hoạch cũ (.docx hoặc văn bản .txt chép từ trang web) thành tệp YAML để soạn tiếp."""
    if into is not None:
        _import_into(source, into)
        return
    from kehoach_gen.importer import import_file
    from kehoach_gen.render.package import atomic_write

    _yaml_target(output)
    target = output or source.with_suffix(".yaml")
    if target.exists() and target.is_dir():
        target = target / f"{source.stem}.yaml"
    from kehoach_gen.inputs import same_file

    if same_file(target, source):
        raise KehoachError(f"{display(target)}: tệp YAML kết quả trùng với tệp nguồn; chọn tên khác bằng -o")
    if target.exists() and not force:
        raise KehoachError(f"{target}: tệp đã có; không ghi đè để khỏi mất nội dung đang soạn "
                           "(chọn tên khác bằng -o, hoặc dùng --force)")
    result = import_file(source)
    atomic_write(target, result.yaml_text.encode("utf-8"))
    for warning in result.warnings:
        _err(str(warning))
    click.echo(str(target))
    click.echo(f"  {len(result.warnings)} chỗ cần kiểm tra (ghi ở đầu tệp); tạo văn bản: kehoach render {target}")


@cli.command(name="theo-doi")
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Sổ theo dõi .xlsx sẽ tạo (mặc định: <tên kế hoạch>-theo-doi.xlsx cạnh tệp YAML).")
@click.option("--force", is_flag=True, help="Ghi đè cả sổ đã được điền (giữ bản cũ thành .bak.xlsx).")
@click.option("--tu", "filled", multiple=True, type=click.Path(path_type=Path),
              help="Đọc sổ theo dõi đã điền (dùng được nhiều lần, mỗi cơ quan một sổ) và in tình hình thực hiện.")
@click.option("--ngay", "on_day", help="Ngày tính quá hạn, dạng ngày/tháng/năm (mặc định: hôm nay).")
@friendly
def theo_doi(plan: Path, output: Path | None, force: bool, filled: tuple[Path, ...], on_day: str | None) -> None:
    """Sổ theo dõi thực hiện kế hoạch (.xlsx): mỗi nhiệm vụ một dòng, mỗi cơ quan chủ trì một trang; --tu đọc sổ đã điền."""
    if filled:
        if output is not None or force:
            raise click.UsageError("--tu đọc sổ đã điền, không ghi tệp nào: bỏ -o và --force (chỉ dùng khi tạo sổ)")
        _tracking_status(plan, list(filled), on_day)
        return
    from kehoach_gen.tracking.workbook import write_workbook

    written = write_workbook(plan, output, force=force)
    if written.backup:
        click.echo(f"  bản cũ được giữ lại: {written.backup}")
    click.echo(f"{written.path}: {written.tasks} nhiệm vụ, {written.appendix_rows} dòng phụ lục, "
               f"{len(written.bodies)} trang theo cơ quan chủ trì")
    for line in written.notes:
        click.echo(f"  {line}")
    click.echo(f"  gửi các cơ quan điền cột Tình trạng, Ngày hoàn thành, Kết quả, Ghi chú; xem tình hình: "
               f"kehoach theo-doi {plan} --tu {written.path}")


def _tracking_status(plan: Path, workbooks: list[Path], on_day: str | None) -> None:
    """The plan's status from filled workbooks; exit 3 when rows could not be matched to the plan's tasks."""
    import datetime as dt

    from kehoach_gen.plan.loader import load_plan
    from kehoach_gen.tracking.status import day_of, day_words, read_status, status_lines
    from kehoach_gen.tracking.tasks import plan_tasks

    try:
        today = (day_of(on_day) if on_day else None) or dt.date.today()
    except ValueError as exc:
        raise click.UsageError(f"--ngay: {exc}") from None
    tasks = plan_tasks(load_plan(plan))
    report = read_status(tasks, workbooks)
    for line in report.ignored:
        _err(f"lưu ý: {line}")
    for line in report.by_content:
        _err(f"lưu ý: {line}")
    for line in report.conflicts:
        _err(f"cảnh báo: {line}")
    for line in report.unmatched + report.missing:
        _err(f"không khớp: {line}")
    click.echo(f"{plan}: tình hình thực hiện đến ngày {day_words(today)} (theo "
               f"{', '.join(str(w) for w in workbooks)})")
    for line in status_lines(report, tasks, today):
        click.echo(line)
    if report.unmatched or report.missing:
        _err(f"{len(report.unmatched)} dòng trong sổ không khớp nhiệm vụ nào, {len(report.missing)} nhiệm vụ không có "
             "trong sổ (xem các dòng 'không khớp' ở trên)")
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Ghi ra tệp .json thay vì màn hình.")
@click.option("--force", is_flag=True, help="Ghi đè tệp lược đồ .json đã có.")
@friendly
def schema(output: Path | None, force: bool) -> None:
    """In JSON Schema của tệp YAML (cho VS Code và các trình soạn thảo)."""
    import json

    from kehoach_gen.plan.schema import plan_schema

    text = json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        from kehoach_gen.render.package import atomic_write

        if not output.is_dir() and output.suffix.lower() != ".json":
            raise KehoachError(f"{display(output)}: lược đồ ghi vào tệp .json (ví dụ: -o kehoach.schema.json); "
                               "không ghi đè văn bản, kế hoạch hay tệp khác")
        if output.is_file() and not force:
            raise KehoachError(f"{display(output)}: tệp đã có; không ghi đè (thêm --force để ghi lại lược đồ)")
        atomic_write(output, text.encode("utf-8"))
        click.echo(str(output))
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", default=8000, show_default=True, type=_Range(1, 65535), help="Cổng của trang web.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe; địa chỉ khác 127.0.0.1 (cho cả cơ quan dùng) cần mã truy cập được in ra.")
@click.option("--mo-trinh-duyet", "open_browser", is_flag=True,
              help="Mở trang soạn thảo trong trình duyệt mặc định khi máy chủ đã sẵn sàng.")
@click.option("--tao-loi-tat", "shortcut", type=click.Path(path_type=Path),
              help="Không chạy máy chủ mà ghi tệp kehoach-soan-thao.bat vào thư mục này (ví dụ Desktop): "
                   "nhấp đúp tệp đó là mở trình soạn thảo trên THƯ MỤC, không cần gõ lệnh (Windows).")
@friendly
def serve(folder: Path, port: int, host: str, open_browser: bool, shortcut: Path | None) -> None:
    """Soạn, xem trước và tải kế hoạch trong trình duyệt (các tệp YAML trong THƯ MỤC)."""
    if shortcut is not None:
        from kehoach_gen.web.shortcut import write

        written = write(shortcut, folder, host=host, port=port)
        click.echo(str(written))
        click.echo(f"Nhấp đúp tệp này để mở trình soạn kế hoạch trên thư mục {folder.resolve()}.")
        return
    from kehoach_gen.web.server import run

    run(folder, host, port, echo=click.echo, open_browser=open_browser)


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


def _closed_pipe() -> None:
    """The reader went away (`kehoach ... | head`): stop quietly, without a second error on exit."""
    try:
        sys.stdout = open(os.devnull, "w")  # lives until the process ends
        _err("kehoach: đầu ra đã bị đóng (chương trình nhận kết quả đã dừng); dừng lại.")
    except OSError:
        pass
    sys.exit(EXIT_FAIL)


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
        _closed_pipe()
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
