"""One ordered template search path: user folders first (--templates, KEHOACH_TEMPLATES), then the
bundled templates/. A user folder can override a single file and inherit the rest."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import TemplateProblem

ENV_VAR = "KEHOACH_TEMPLATES"


@functools.cache  # the program's own folder: found once, not on each of the few lookups of every render
def bundled_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "kehoach.docx").is_file():
            return candidate
    return here.parent / "templates"


class TemplateSet:
    def __init__(self, extra: Iterable[str | Path] = ()) -> None:
        dirs = [Path(d) for d in extra]
        env = os.environ.get(ENV_VAR, "")
        dirs += [Path(d) for d in env.split(os.pathsep) if d]
        self.dirs = [*dirs, bundled_dir()]

    def is_bundled(self, path: Path) -> bool:
        return path.resolve().parent == bundled_dir().resolve()

    def find(self, name: str) -> Path:
        for d in self.dirs:
            candidate = d / name
            if candidate.is_file():
                return candidate
        searched = ", ".join(str(d) for d in self.dirs)
        raise TemplateProblem(f"không tìm thấy mẫu '{name}' (đã tìm trong: {searched})")
