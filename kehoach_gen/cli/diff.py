"""`kehoach diff`: what changed between two versions, and a review copy with tracked changes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach_gen.cli.base import (
    cli,
    document_text,
    friendly,
)
from kehoach_gen.errors import display


@cli.command()
@click.argument("old", metavar="BẢN_CŨ", type=click.Path(path_type=Path))
@click.argument("new", metavar="BẢN_MỚI", type=click.Path(path_type=Path))
@click.option("--mau/--khong-mau", "color", default=None, help="Tô màu chỗ thay đổi (mặc định: khi in ra màn hình).")
@click.option("--docx", "review", type=click.Path(path_type=Path),
              help="Ghi bản mới có đánh dấu thay đổi (Track Changes) so với bản cũ, để xem và duyệt trong Word.")
@click.option("--tac-gia", "author", default="kehoach-gen", show_default=True, callback=document_text("tên người sửa", 255),
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
