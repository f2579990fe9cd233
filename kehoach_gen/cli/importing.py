"""`kehoach import`: last year's plan (text or .docx) to YAML, or a reviewer's edited .docx merged into
the plan with `--into`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach_gen.cli.base import (
    EXIT_FINDINGS,
    cli,
    err,
    friendly,
    yaml_target,
)
from kehoach_gen.errors import KehoachError, display


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
        err(f"lưu ý: {line}")
    for line in report.applied:
        click.echo(line)
    for line in report.already:
        click.echo(line)
    for line in report.conflicts:
        err(line)
    for line in report.unplaced:
        err(f"chưa đưa vào được: {line}")
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


@cli.command(name="import")
@click.argument("source", metavar="TỆP_NGUỒN", type=click.Path(path_type=Path))
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

    yaml_target(output)
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
        err(str(warning))
    click.echo(str(target))
    click.echo(f"  {len(result.warnings)} chỗ cần kiểm tra (ghi ở đầu tệp); tạo văn bản: kehoach render {target}")
