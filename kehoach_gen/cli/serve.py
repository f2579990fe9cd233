"""`kehoach serve`: the browser editor over a folder of plans."""

from __future__ import annotations

from pathlib import Path

import click

from kehoach_gen.cli.base import (
    Range,
    cli,
    friendly,
)


@cli.command()
@click.argument("folder", metavar="THƯ_MỤC", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", default=8000, show_default=True, type=Range(1, 65535), help="Cổng của trang web.")
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
