"""A LibreOffice kept warm for the web editor's PDFs: started once (through LibreOffice's own Python
bridge, `uno`), then each .docx is converted by the running office in a fraction of a second.

Where no Python with `uno` is found, every PDF falls back to `render.pdf.convert` (one cold start each).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from kehoach_gen import portable
from kehoach_gen.render import pdf, soffice
from kehoach_gen.render.package import atomic_write

ENV_VAR = "KEHOACH_UNO_PYTHON"
TIMEOUT = 120.0
WORKER = Path(__file__).with_name("uno_worker.py")


def uno_python() -> str | None:
    """A Python interpreter that can import LibreOffice's `uno` (Debian: python3-uno; Windows: the
    python.exe inside LibreOffice's program folder; macOS: the python script in the bundle's Resources)."""
    candidates = [os.environ.get(ENV_VAR, "")]
    exe = soffice.find()
    if exe:
        program = Path(shutil.which(exe) or exe).resolve().parent
        candidates += [str(program / "python.exe"), str(program / "python"), str(program.parent / "Resources" / "python")]
    if sys.platform != "win32":  # on Windows "python3" may be the Store's installer stub
        candidates += ["/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30,
                                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0)).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            continue
        if ok:
            return candidate
    return None


class WarmOffice:
    """One office process for the server's lifetime; conversions go through it one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._work: tempfile.TemporaryDirectory[str] | None = None
        self._python: str | bool | None = False  # False: not looked up yet

    def _start(self) -> subprocess.Popen[str] | None:
        if self._python is False:
            self._python = uno_python()
        exe = soffice.find()
        if not self._python or exe is None:
            return None
        self._work = tempfile.TemporaryDirectory(prefix="kehoach-office-")
        profile = Path(self._work.name) / "profile"
        proc = subprocess.Popen(
            [str(self._python), str(WORKER), exe, profile.as_uri(), f"kehoach-{uuid.uuid4().hex[:12]}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            env={**os.environ, "HOME": self._work.name}, **portable.own_group())
        assert proc.stdout is not None
        first = proc.stdout.readline()
        if not first or not json.loads(first).get("ready"):
            self._stop(proc)
            return None
        return proc

    def warm(self) -> None:
        """Start the office now (in the background at server start), so the first PDF is already fast."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()

    def convert(self, source: Path, target: Path) -> Path:
        with self._lock:
            for _attempt in range(2):
                if self._proc is None or self._proc.poll() is not None:
                    self._proc = self._start()
                if self._proc is None:
                    break
                reply = self._ask(self._proc, source, target)
                if reply is not None:
                    return reply
                self._stop(self._proc)  # a crashed or stuck office: start a fresh one once
                self._proc = None
        (done,) = pdf.convert([source], [target])
        return done

    def _ask(self, proc: subprocess.Popen[str], source: Path, target: Path) -> Path | None:
        assert proc.stdin is not None and proc.stdout is not None and self._work is not None
        out = Path(self._work.name) / f"{uuid.uuid4().hex}.pdf"
        # A stuck office must not hang the editor: past the timeout it is killed and started afresh.
        watchdog = threading.Timer(TIMEOUT, self._kill, args=(proc,))
        watchdog.start()
        try:
            proc.stdin.write(json.dumps({"src": str(source.resolve()), "dst": str(out)}) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
        except (OSError, ValueError):
            return None
        finally:
            watchdog.cancel()
        if not line:
            return None
        reply = json.loads(line)
        if "error" in reply or not out.is_file():
            raise pdf.failed(Path(target.name), None, str(reply.get("error", "")))
        atomic_write(target, out.read_bytes())
        out.unlink()
        return target

    @staticmethod
    def _kill(proc: subprocess.Popen[str]) -> None:
        portable.kill_tree(proc)  # the worker and the office it started

    def _stop(self, proc: subprocess.Popen[str]) -> None:
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self._kill(proc)

    def close(self) -> None:
        with self._lock:
            if self._proc is not None:
                self._stop(self._proc)
                self._proc = None
            if self._work is not None:
                self._work.cleanup()
                self._work = None
