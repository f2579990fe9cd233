"""Run by Debian's python3 (python3-uno): open each .docx in LibreOffice, accept or reject all tracked
changes as a user would (the dispatcher's own commands), and save the text.

usage: python3 lo_revisions.py PROFILE_DIR (accept|reject|keep) IN.docx OUT.txt [...]
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(argv: list[str]) -> None:
    profile, jobs = argv[0], argv[1:]
    pipe = f"kehoach-{uuid.uuid4().hex}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                               "--norestore", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for i in range(0, len(jobs), 3):
            mode, source, target = jobs[i:i + 3]
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
            if mode != "keep":
                command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
            doc.storeToURL(uno.systemPathToFileUrl(target),
                           (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")))
            doc.close(True)
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1:])
