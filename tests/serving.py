"""Start the real `kehoach serve` on a free port and wait until it answers (tests and bench share it)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from helpers import EXAMPLES

KEHOACH = str(Path(sys.executable).with_name("kehoach"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], str]:
    """The server and the address it printed (with its token, when it prints one); `env` adds variables."""
    if "--port" not in args:
        args = (*args, "--port", str(free_port()))
    proc = subprocess.Popen([KEHOACH, "serve", str(folder), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, **(env or {})})
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


@contextlib.contextmanager
def serving_examples(folder: Path, names: tuple[str, ...] = ("phu-tho-2022", "hau-giang-2018"),
                     *args: str) -> Iterator[tuple[str, Path]]:
    """The server over a folder holding copies of these examples: (its address, the folder)."""
    for name in names:
        shutil.copy(EXAMPLES / f"{name}.yaml", folder / f"{name}.yaml")
    proc, base = start_server(folder, *args)
    try:
        yield base, folder
    finally:
        stop_server(proc)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright import sync_api

    assert Path(CHROMIUM).exists(), "cần Chromium: apt-get install chromium (make test cài sẵn)"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


FAST = 10_000
"""ms a browser test waits for what a clerk would wait for; the timings themselves live in bench/."""


@contextlib.contextmanager
def clerk_page(browser: object) -> Iterator[object]:
    """A fresh browser tab (1400×900) that fails the test on any script error of the page."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(FAST)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


def open_plan(page: object, base: str, name: str) -> None:
    """The editor on a plan, once its first preview has arrived."""
    page.goto(f"{base}/ke-hoach/{name}")  # type: ignore[attr-defined]
    page.wait_for_function("document.body.dataset.previewSeq !== undefined")  # type: ignore[attr-defined]
