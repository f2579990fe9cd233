from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import EXAMPLE_NAMES, EXAMPLES

from kehoach_gen.build import build


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """Each example plan rendered once per test session."""
    out = tmp_path_factory.mktemp("examples")
    return {name: build(EXAMPLES / f"{name}.yaml", out / f"{name}.docx").output for name in EXAMPLE_NAMES}


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download), one for each module of browser tests."""
    from playwright import sync_api

    assert Path(CHROMIUM).exists(), "cần Chromium: apt-get install chromium (make test cài sẵn)"
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()
