"""`kehoach check`: the ND30 layout rules over any .docx or PDF, and `--giai-thich` for one code."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from kehoach_gen.cli.base import (
    EXIT_FAIL,
    EXIT_FINDINGS,
    EXIT_OK,
    cli,
    debug_on,
    err,
    friendly,
)
from kehoach_gen.errors import KehoachError, display


@cli.command()
@click.argument("files", nargs=-1, metavar="TỆP...", type=click.Path(path_type=Path))
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
                    err(str(exc))
                continue
            except Exception as exc:  # a checker bug on one file must not lose the rest of a folder
                if debug_on():
                    raise
                unreadable = True
                message = (f"{display(path)}: lỗi không mong đợi khi kiểm tra ({type(exc).__name__}); "
                           "hãy gửi kèm tệp này khi báo lỗi")
                reports.append({"file": str(path), "unreadable": message})
                rows.append((str(path), None, message))
                if not as_json:
                    err(message)
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
