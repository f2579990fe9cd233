"""`kehoach watch`: re-render a plan (or a folder of plans) on every save."""

from __future__ import annotations

from pathlib import Path

import click

from kehoach_gen.cli.base import (
    cli,
    friendly,
)


@cli.command()
@click.argument("target", metavar="KẾ_HOẠCH.yaml|THƯ_MỤC", type=click.Path(path_type=Path))
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
