"""`kehoach serve`: check the folder and the address, print where to open, run the web server (and, when
asked, open the clerk's browser on it once it listens)."""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError

LOCAL = {"127.0.0.1", "localhost", "::1"}
ANY = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # listening everywhere: this machine's browser uses loopback
WAIT_FOR_START = 60.0


def _free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise KehoachError(f"không mở được cổng {port} trên {host} ({exc.strerror}); cổng đang bận hoặc "
                               "địa chỉ không thuộc máy này: chọn cổng khác bằng --port") from None


def _address(host: str, port: int, token: str | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def _open_when_listening(server: Any, url: str, echo: Callable[[str], None]) -> None:
    """The browser is opened only once the server accepts connections, so the first page never fails."""
    import webbrowser

    deadline = time.monotonic() + WAIT_FOR_START
    while not server.started:
        if server.should_exit or time.monotonic() > deadline:
            return
        time.sleep(0.05)
    try:
        opened = webbrowser.open(url)
    except Exception:  # webbrowser.Error, or a browser command that could not start
        opened = False
    if not opened:
        echo("  (không mở được trình duyệt; hãy tự mở đường dẫn trên)")


def run(folder: Path, host: str, port: int, echo: Callable[[str], None], *, open_browser: bool = False) -> None:
    import uvicorn

    from kehoach_gen.web.app import create_app

    if not folder.is_dir():
        raise KehoachError(f"{folder}: không có thư mục này")
    _free(host, port)
    # Another machine's browser can reach a server on any other address: it must show a secret.
    token = None if host in LOCAL else secrets.token_urlsafe(18)
    echo(f"Soạn kế hoạch trong thư mục {folder.resolve()}")
    echo(f"  mở: {_address(host, port, token)}")
    if token:
        echo("  (mã truy cập chỉ in ở đây; ai có đường dẫn này mới mở được)")
    echo("  dừng: Ctrl-C" + (" (hoặc đóng cửa sổ này)" if open_browser else ""))
    app = create_app(folder, host=host, port=port, token=token)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    if open_browser:
        url = _address(ANY.get(host, host), port, token)
        threading.Thread(target=_open_when_listening, args=(server, url, echo), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then raises it again
        pass
    if not server.started:
        raise KehoachError(f"máy chủ không khởi động được trên {host}:{port} (xem thông báo ở trên)")
