"""`kehoach serve`: check the folder and the address, print where to open, run the web server."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from ..errors import KehoachError

LOCAL = {"127.0.0.1", "localhost", "::1"}


def _free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise KehoachError(f"không mở được cổng {port} trên {host} ({exc.strerror}); cổng đang bận hoặc "
                               "địa chỉ không thuộc máy này: chọn cổng khác bằng --port") from None


def run(folder: Path, host: str, port: int, echo: Callable[[str], None]) -> None:
    import uvicorn

    from .app import create_app

    if not folder.is_dir():
        raise KehoachError(f"{folder}: không có thư mục này")
    _free(host, port)
    # Another machine's browser can reach a server on any other address: it must show a secret.
    token = None if host in LOCAL else secrets.token_urlsafe(18)
    shown = f"[{host}]" if ":" in host else host
    echo(f"Soạn kế hoạch trong thư mục {folder.resolve()}")
    if token:
        echo(f"  mở: http://{shown}:{port}/?token={token}")
        echo("  (mã truy cập chỉ in ở đây; ai có đường dẫn này mới mở được)")
    else:
        echo(f"  mở: http://{shown}:{port}/")
    echo("  dừng: Ctrl-C")
    app = create_app(folder, host=host, port=port, token=token)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
