"""`kehoach serve` speed, through the real command and Debian's Chromium (Playwright, no browser download):
opening the editor, a keystroke to the updated preview, and a PDF from the warm LibreOffice."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "drafts" / "examples"
sys.path.insert(0, str(ROOT / "tests"))
from serving import start_server, stop_server  # noqa: E402 - the tests' way of starting the server


def largest_example() -> Path:
    return max(EXAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)


def _post(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "X-Kehoach": "1"})
    with urllib.request.urlopen(req, timeout=300) as r:
        return json.loads(r.read())


def bench_serve(keystrokes: int = 41, opens: int = 7, pdfs: int = 5) -> dict:
    from playwright.sync_api import sync_playwright

    plan = largest_example()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(plan, Path(tmp) / plan.name)
        server, base = start_server(Path(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                            args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                open_times = []
                for _ in range(opens + 1):
                    start = time.perf_counter()
                    page.goto(f"{base}/ke-hoach/{plan.name}")
                    page.wait_for_function("document.body.dataset.previewSeq !== undefined && "
                                           "document.getElementById('xem').contentDocument.querySelector('.trich-yeu')")
                    open_times.append(time.perf_counter() - start)
                open_times = open_times[1:]  # the first also starts the server's lazy imports

                box = page.locator('[data-key="trich_yeu"]')
                box.click()
                page.keyboard.press("End")
                typed = ""
                key_times = []
                for i in range(keystrokes):
                    ch = "abcdefghij"[i % 10]
                    typed += ch
                    start = time.perf_counter()
                    page.keyboard.type(ch)
                    page.wait_for_function(
                        "t => document.getElementById('xem').contentDocument.querySelector('.trich-yeu')"
                        ".textContent.trim().endsWith(t)", arg=typed, polling="raf")
                    key_times.append(time.perf_counter() - start)
                    page.wait_for_timeout(40)  # typing speed: ~10 keys a second with the wait
                browser.close()

            url = f"{base}/api/ke-hoach/{plan.name}/tao/pdf"
            pdf_times = []
            for _ in range(pdfs + 1):
                start = time.perf_counter()
                _post(url, {"force": True})
                pdf_times.append(time.perf_counter() - start)
            pdf = Path(tmp) / plan.with_suffix(".pdf").name
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
        finally:
            stop_server(server)
    return {"plan": plan.stem, "open": statistics.median(open_times), "key": statistics.median(key_times),
            "key_p90": sorted(key_times)[int(len(key_times) * 0.9)], "pdf_first": pdf_times[0],
            "pdf_next": statistics.median(pdf_times[1:]), "pdf_pages": pages}


if __name__ == "__main__":
    print(bench_serve())
