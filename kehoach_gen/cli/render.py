"""`kehoach render`: plans to .docx (and .pdf, PDF/A, the e-office records)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach_gen.cli.base import (
    EXIT_FAIL,
    EXIT_FINDINGS,
    cli,
    content_summary,
    debug_on,
    err,
    friendly,
    print_content,
    startup_imports,
)
from kehoach_gen.errors import KehoachError


@cli.command()
@click.argument("plans", nargs=-1, metavar="KẾ_HOẠCH.yaml...", required=True, type=click.Path(path_type=Path))
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
    with startup_imports():
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
            if debug_on():
                raise
            failed = True
            err(str(exc))
            continue
        for problem in result.notes or []:
            err(str(problem))
        note = "" if result.changed else " (không thay đổi)"
        click.echo(f"{result.output}{note}  [{result.seconds:.2f} giây]")
        if result.backup:
            click.echo(f"  bản cũ được giữ lại: {result.backup}")
        if result.content:
            nonconforming |= print_content(result.content)
            click.echo(f"  {content_summary(result.content)}")
        if result.errors:
            nonconforming = True
            for f in result.errors:
                err(f.render(str(result.output)))
            err(f"{result.output}: văn bản chưa đúng thể thức Nghị định 30 ({len(result.errors)} lỗi); "
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
                err(f"{result.output}: cảnh báo: {note}")
    if failed:
        sys.exit(EXIT_FAIL)
    if nonconforming:
        sys.exit(EXIT_FINDINGS)
