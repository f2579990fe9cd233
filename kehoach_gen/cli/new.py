"""`kehoach new`: a starting plan, blank for a provincial unit or rolled over from last year's."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach_gen.cli.base import (
    EXIT_FINDINGS,
    Range,
    cli,
    err,
    friendly,
    yaml_target,
)


@cli.command()
@click.option("--tinh", help='Tỉnh, thành phố (ví dụ: "Lai Châu", "Hà Nội", "Hồ Chí Minh").')
@click.option("--co-quan", "co_quan", help='Cơ quan ban hành khi không phải UBND tỉnh: sở, ban thuộc tỉnh ("Sở Ngoại vụ") '
                                          'hoặc "Ủy ban nhân dân xã Tả Van" (xã, phường, đặc khu của tỉnh).')
@click.option("--nam", type=Range(2000, 2200), help="Năm của kế hoạch, ví dụ 2027.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Tệp YAML sẽ tạo (mặc định: drafts/<tỉnh>-<năm>.yaml).")
@click.option("--force", is_flag=True, help="Ghi đè tệp YAML đã có.")
@click.option("--liet-ke", "list_all", is_flag=True, help="Liệt kê 34 tỉnh, thành phố hiện hành.")
@click.option("--from", "from_plan", type=click.Path(path_type=Path),
              help="Chuyển kế hoạch năm trước sang năm --nam (giữ nội dung, bỏ số và ngày, làm trống bảng phụ lục).")
@click.option("--giu-phu-luc", "keep_appendices", is_flag=True,
              help="Với --from: giữ các dòng bảng phụ lục năm trước (dời năm, thời hạn) để sửa, không làm trống.")
@click.option("--bao-cao", "report", is_flag=True,
              help="Tạo báo cáo kết quả thực hiện kế hoạch: từ kế hoạch (--from), hoặc bản trống (--tinh, --nam).")
@click.option("--theo-doi", "workbooks", multiple=True, type=click.Path(path_type=Path),
              help="Với --bao-cao --from: sổ theo dõi đã điền (dùng được nhiều lần) để lấy tình trạng, kết quả.")
@click.option("--phuong-huong", "next_year", is_flag=True,
              help="Với --bao-cao: trích yếu thêm '... và phương hướng, nhiệm vụ năm sau'.")
@friendly
def new(tinh: str | None, co_quan: str | None, nam: int | None, output: Path | None, force: bool, list_all: bool,
        from_plan: Path | None, keep_appendices: bool, report: bool, workbooks: tuple[Path, ...],
        next_year: bool) -> None:
    """Tạo tệp YAML khởi đầu cho kế hoạch công tác đối ngoại của một tỉnh, thành phố (hoặc sở, ban, xã của tỉnh; --bao-cao: báo cáo kết quả)."""
    from kehoach_gen.facts import provinces
    from kehoach_gen.start import starter

    if list_all:
        for p in provinces.current():
            click.echo(f"{p.kind} {p.name}")
        return
    yaml_target(output)
    if (workbooks or next_year) and not report:
        raise click.UsageError("--theo-doi và --phuong-huong chỉ dùng cùng --bao-cao")
    if report and from_plan is not None:
        from kehoach_gen.start.report import said, write_report

        if nam or keep_appendices:
            raise click.UsageError("--bao-cao --from lấy năm từ kế hoạch: bỏ --nam và --giu-phu-luc")
        out, errors = said(write_report(from_plan, list(workbooks), output, force=force, next_year=next_year))
        for line in out:
            click.echo(line)
        for line in errors:
            err(line)
        if any(line.startswith("không khớp:") for line in errors):
            sys.exit(EXIT_FINDINGS)
        return
    if workbooks:
        raise click.UsageError("--theo-doi dùng cùng --bao-cao --from KẾ-HOẠCH.yaml")
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
    from kehoach_gen.plan.dockind import BAO_CAO, KE_HOACH

    path = starter.write_new(tinh, nam, output, force=force, co_quan=co_quan, kind=BAO_CAO if report else KE_HOACH)
    click.echo(f"{path}")
    click.echo(f"  sửa nội dung rồi chạy: kehoach render {path}")
