"""`kehoach theo-doi`: the tracking workbook of a plan's tasks, and the status read from filled copies."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach_gen.cli.base import (
    EXIT_FINDINGS,
    cli,
    err,
    friendly,
)


@cli.command(name="theo-doi")
@click.argument("plan", metavar="KẾ_HOẠCH.yaml", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Sổ theo dõi .xlsx sẽ tạo (mặc định: <tên kế hoạch>-theo-doi.xlsx cạnh tệp YAML).")
@click.option("--force", is_flag=True, help="Ghi đè cả sổ đã được điền (giữ bản cũ thành .bak.xlsx).")
@click.option("--tu", "filled", multiple=True, type=click.Path(path_type=Path),
              help="Đọc sổ theo dõi đã điền (dùng được nhiều lần, mỗi cơ quan một sổ) và in tình hình thực hiện; "
                   "kèm -o: tạo lại sổ theo kế hoạch đã sửa, chép sang phần các cơ quan đã điền.")
@click.option("--ngay", "on_day", help="Ngày tính quá hạn, dạng ngày/tháng/năm (mặc định: hôm nay).")
@friendly
def theo_doi(plan: Path, output: Path | None, force: bool, filled: tuple[Path, ...], on_day: str | None) -> None:
    """Sổ theo dõi thực hiện kế hoạch (.xlsx): mỗi nhiệm vụ một dòng, mỗi cơ quan chủ trì một trang; --tu đọc sổ đã điền."""
    if filled and output is None:
        if force:
            raise click.UsageError("--tu không kèm -o chỉ đọc sổ đã điền, không ghi tệp nào: bỏ --force")
        _tracking_status(plan, list(filled), on_day)
        return
    from kehoach_gen.tracking.workbook import carried_lines, write_workbook

    written = write_workbook(plan, output, force=force, carry=filled)
    if written.backup:
        click.echo(f"  bản cũ được giữ lại: {written.backup}")
    for line in carried_lines(written):
        err(line)
    click.echo(f"{written.path}: {written.tasks} nhiệm vụ, {written.appendix_rows} dòng phụ lục, "
               f"{len(written.bodies)} trang theo cơ quan chủ trì")
    for line in written.notes:
        click.echo(f"  {line}")
    click.echo(f"  gửi các cơ quan điền cột Tình trạng, Ngày hoàn thành, Kết quả, Ghi chú; xem tình hình: "
               f"kehoach theo-doi {plan} --tu {written.path}")
    if written.carry_report is not None and written.carry_report.unmatched:
        sys.exit(EXIT_FINDINGS)


def _tracking_status(plan: Path, workbooks: list[Path], on_day: str | None) -> None:
    """The plan's status from filled workbooks; exit 3 when rows could not be matched to the plan's tasks."""
    import datetime as dt

    from kehoach_gen.plan.dockind import KE_HOACH, require
    from kehoach_gen.plan.loader import load_plan
    from kehoach_gen.tracking.status import day_of, day_words, read_status, status_lines
    from kehoach_gen.tracking.tasks import FROM_A_PLAN, plan_tasks

    try:
        today = (day_of(on_day) if on_day else None) or dt.date.today()
    except ValueError as exc:
        raise click.UsageError(f"--ngay: {exc}") from None
    loaded = load_plan(plan)
    require(loaded, KE_HOACH, plan, FROM_A_PLAN)
    tasks = plan_tasks(loaded)
    report = read_status(tasks, workbooks)
    for line in report.ignored:
        err(f"lưu ý: {line}")
    for line in report.by_content:
        err(f"lưu ý: {line}")
    for line in report.conflicts:
        err(f"cảnh báo: {line}")
    for line in report.unmatched + report.missing:
        err(f"không khớp: {line}")
    click.echo(f"{plan}: tình hình thực hiện đến ngày {day_words(today)} (theo "
               f"{', '.join(str(w) for w in workbooks)})")
    for line in status_lines(report, tasks, today):
        click.echo(line)
    if report.unmatched or report.missing:
        err(f"{len(report.unmatched)} dòng trong sổ không khớp nhiệm vụ nào, {len(report.missing)} nhiệm vụ không có "
             "trong sổ (xem các dòng 'không khớp' ở trên)")
        sys.exit(EXIT_FINDINGS)
