"""Run by a Python that has LibreOffice's `uno` module (not the project's): starts one headless
LibreOffice and converts .docx to PDF on request, one JSON line in, one JSON line out, until stdin closes.

Keeping the office running is what makes a second PDF take a fraction of a second instead of a start.
"""

import json
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def _prop(name, value):  # noqa: ANN001, ANN202 - runs under LibreOffice's Python, kept minimal
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main() -> None:
    soffice, profile_url, pipe = sys.argv[1:4]
    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation={profile_url}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(1200):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None:
                break
            time.sleep(0.05)
    if ctx is None:
        print(json.dumps({"error": "LibreOffice không khởi động được"}), flush=True)
        return
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["src"]), "_blank", 0,
                                                   (_prop("Hidden", True),))
                try:
                    doc.storeToURL(uno.systemPathToFileUrl(request["dst"]), (_prop("FilterName", "writer_pdf_Export"),))
                finally:
                    doc.close(True)
                reply: dict[str, object] = {"ok": True}
            except Exception as exc:  # any UNO failure goes back as a message; the office stays up
                reply = {"error": str(exc)}
            print(json.dumps(reply), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
