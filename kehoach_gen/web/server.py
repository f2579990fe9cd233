"""`kehoach serve`: check the folder and the address, print where to open, run the web server (and, when
asked, open the clerk's browser on it once it listens)."""

from __future__ import annotations

import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn

from kehoach_gen import portable
from kehoach_gen.errors import KehoachError
from kehoach_gen.web.office import WarmOffice

LOCAL = {"127.0.0.1", "localhost", "::1"}
ANY = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # listening everywhere: this machine's browser uses loopback
WAIT_FOR_START = 60.0
GRACE = 3
"""Seconds a stopping server gives requests in flight to finish; open tabs' idle connections are closed."""


def _free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: the connections of a server just stopped (an open tab's) linger in TIME_WAIT for
        # a minute, which must not keep a restarted server off its port. Windows' SO_REUSEADDR would let
        # two servers share a port, and its TIME_WAIT does not block a listener, so it is not set there.
        if sys.platform != "win32":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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


class _Server(uvicorn.Server):
    """uvicorn's server, which also ends the LibreOffice processes it started as soon as it is asked to stop:
    a conversion in flight then fails at once instead of holding the shutdown up (and its processes, in
    groups of their own, outliving the server)."""

    def __init__(self, config: uvicorn.Config, office: WarmOffice) -> None:
        super().__init__(config)
        self.office = office

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        threading.Thread(target=self.stop_children, daemon=True).start()  # not inside the signal handler

    def stop_children(self) -> None:
        self.office.shutdown()
        portable.kill_started()


def _has_accounts(folder: Path) -> bool:
    from kehoach_gen.web.accounts import Accounts

    try:
        return Accounts(folder.resolve()).active()
    except KehoachError:
        return True  # a damaged account file: nobody logs in until it is mended, and the token is no way round


def run(folder: Path, host: str, port: int, echo: Callable[[str], None], *, open_browser: bool = False) -> None:
    from kehoach_gen.web.app import create_app

    if not folder.is_dir():
        raise KehoachError(f"{folder}: không có thư mục này")
    _free(host, port)
    # Another machine's browser can reach a server on any other address: it must show a secret.
    token = None if host in LOCAL else secrets.token_urlsafe(18)
    shown = None if _has_accounts(folder) else token  # accounts replace the token (web/login.py)
    echo(f"Soạn kế hoạch trong thư mục {folder.resolve()}")
    echo(f"  mở: {_address(host, port, shown)}")
    if shown != token:
        echo("  (thư mục có tài khoản: mỗi người đăng nhập bằng tài khoản của mình; xem: kehoach tai-khoan danh-sach)")
    elif token:
        echo("  (mã truy cập chỉ in ở đây; ai có đường dẫn này mới mở được)")
    echo("  dừng: Ctrl-C" + (" (hoặc đóng cửa sổ này)" if open_browser else ""))
    office = WarmOffice()
    app = create_app(folder, host=host, port=port, token=token, office=office)
    server = _Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                    timeout_graceful_shutdown=GRACE), office)
    if open_browser:
        url = _address(ANY.get(host, host), port, shown)
        threading.Thread(target=_open_when_listening, args=(server, url, echo), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl-C, then raises it again
        pass
    if not server.started:
        raise KehoachError(f"máy chủ không khởi động được trên {host}:{port} (xem thông báo ở trên)")
