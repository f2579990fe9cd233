"""`kehoach preview`: an HTML page and PNG images of a plan, for a quick look."""

from __future__ import annotations

from pathlib import Path

import click

from kehoach_gen.cli.base import (
    cli,
    err,
    friendly,
)


@cli.command()
@click.argument("plan", metavar="KẾ_HOẠCH.yaml", type=click.Path(path_type=Path))
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
        err(f"cảnh báo: {note}")
