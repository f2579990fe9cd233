"""Start the real `kehoach serve` on a free port and wait until it answers (tests and bench share it)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

KEHOACH = str(Path(sys.executable).with_name("kehoach"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(folder: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """The server and the address it printed (with its token, when it prints one)."""
    if "--port" not in args:
        args = (*args, "--port", str(free_port()))
    proc = subprocess.Popen([KEHOACH, "serve", str(folder), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    url = next(line for line in proc.stdout if "mở:" in line).split("mở:", 1)[1].strip()
    probe = url.split("?")[0].replace("0.0.0.0", "127.0.0.1")
    for _ in range(300):
        try:
            urllib.request.urlopen(probe, timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers (a 401 before the token is shown)
        except OSError:
            time.sleep(0.1)
    return proc, url.rstrip("/") if "?" not in url else url


def stop_server(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=60)
