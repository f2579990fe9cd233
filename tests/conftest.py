from __future__ import annotations

import sys
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
