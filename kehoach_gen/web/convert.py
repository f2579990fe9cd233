"""The .docx and .pdf the editor makes beside a plan, as `kehoach render` does.

Each plan's build holds that plan's own lock (its hand-edit guard reads the .docx it then replaces); the
PDF is converted from a copy of that .docx after the lock is released, through the warm office and its
timeout. So a long or hung LibreOffice delays only the PDF asked for: every other plan's .docx, and this
plan's next save or .docx, go ahead meanwhile."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from kehoach_gen.build import BuildResult, build
from kehoach_gen.web.office import WarmOffice
from kehoach_gen.web.store import Folder


class Documents:
    def __init__(self, folder: Folder, office: WarmOffice) -> None:
        self.folder, self.office = folder, office
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, name: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    def make(self, name: str, kind: str, force: bool) -> BuildResult:
        """The plan's .docx (and, for kind "pdf", its PDF) beside it."""
        with tempfile.TemporaryDirectory(prefix="kehoach-tao-") as tmp:
            with self._lock(name):
                result = build(self.folder.path(name), self.folder.sibling(name, ".docx"), force=force)
                if kind != "pdf":
                    return result
                # The PDF is made from this build's .docx, even if another build replaces it meanwhile.
                copy = Path(tmp) / "ke-hoach.docx"
                shutil.copyfile(result.output, copy)
            result.pdf = self.office.convert(copy, self.folder.sibling(name, ".pdf"))
        return result
