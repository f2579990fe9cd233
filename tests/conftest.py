from __future__ import annotations

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


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, one for the session (the editor's browser tests)."""
    from serving import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh tab that fails the test on any script error of the page."""
    from serving import clerk_page

    with clerk_page(browser) as pg:
        yield pg
