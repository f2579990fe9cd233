"""The bundled template as jinja runs it is kept between runs (kehoach_gen/render/prepared.py): the real
command writes the same document without the folder, with a cold one, a warm one and a damaged one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLES


def _render(tmpdir: Path, out: Path) -> bytes:
    subprocess.run([sys.executable, "-m", "kehoach_gen", "render", str(EXAMPLES / "kon-tum-2022.yaml"), "-o", str(out)],
                   env=dict(os.environ, TMPDIR=str(tmpdir)), check=True, capture_output=True, timeout=300)
    return out.read_bytes()


@pytest.mark.slow
def test_kept_preparation_changes_nothing(tmp_path: Path) -> None:
    unusable, fresh = tmp_path / "unusable", tmp_path / "fresh"
    unusable.mkdir()
    fresh.mkdir()
    folder = f"_jinja2-cache-{os.getuid()}"
    (unusable / folder).write_text("not a folder")  # jinja refuses it: every run prepares the template
    plain = _render(unusable, tmp_path / "plain.docx")
    assert (unusable / folder).read_text() == "not a folder"

    cold = _render(fresh, tmp_path / "cold.docx")
    kept = sorted((fresh / folder).iterdir())
    assert len(kept) == 2  # docxtpl's cleaned XML and jinja's code
    for path in kept:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    before = [(p.stat().st_ino, p.stat().st_mtime) for p in kept]
    warm = _render(fresh, tmp_path / "warm.docx")
    assert [(p.stat().st_ino, p.stat().st_mtime) for p in kept] == before  # read back, not made again

    cleaned = next(p for p in kept if "patch_xml" in p.name)
    cleaned.write_bytes(cleaned.read_bytes()[:-100])  # cut short: its digest no longer matches
    damaged = _render(fresh, tmp_path / "damaged.docx")
    assert plain == cold == warm == damaged
