"""The bundled template's compiled code is kept between runs (kehoach_gen/render/jinjacache.py): the real
command writes the same document without the cache, with a cold one and with a warm one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import EXAMPLES


def _render(tmpdir: Path, out: Path) -> bytes:
    subprocess.run([sys.executable, "-m", "kehoach_gen", "render", str(EXAMPLES / "kon-tum-2022.yaml"), "-o", str(out)],
                   env=dict(os.environ, TMPDIR=str(tmpdir)), check=True, capture_output=True, timeout=300)
    return out.read_bytes()


def test_kept_code_changes_nothing(tmp_path: Path) -> None:
    unusable, fresh = tmp_path / "unusable", tmp_path / "fresh"
    unusable.mkdir()
    fresh.mkdir()
    folder = f"_jinja2-cache-{os.getuid()}"
    (unusable / folder).write_text("not a folder")  # jinja refuses it: every run compiles
    plain = _render(unusable, tmp_path / "plain.docx")
    assert (unusable / folder).read_text() == "not a folder"

    cold = _render(fresh, tmp_path / "cold.docx")
    (kept,) = (fresh / folder).iterdir()
    os.utime(kept, (1_000_000_000, 1_000_000_000))
    before = kept.stat()
    warm = _render(fresh, tmp_path / "warm.docx")
    after = kept.stat()
    assert (after.st_ino, after.st_mtime) == (before.st_ino, before.st_mtime)  # read back, not written again
    assert plain == cold == warm
