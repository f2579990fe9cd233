"""Every file the editor lists, reads or serves stays inside the folder it was started on. A symbolic link
(or a Windows junction) in the folder that leads elsewhere is treated as if the file were not there: one
such link must neither break the list for everyone nor hand out a file from outside."""

from __future__ import annotations

import stat
from pathlib import Path


def inside(root: Path, path: Path) -> Path | None:
    """The real path of `path` when, after every link, it is a regular file within `root` (itself
    resolved); None for a file elsewhere, a broken link, a loop, a folder, a device or a pipe."""
    try:
        real = path.resolve(strict=True)
        mode = real.stat().st_mode
    except (OSError, RuntimeError):  # RuntimeError: a link loop on older Pythons
        return None
    if not real.is_relative_to(root) or not stat.S_ISREG(mode):
        return None
    return real


def leads_outside(root: Path, path: Path) -> bool:
    """Whether something exists at `path` (a link counts, even broken) that is not a regular file in `root`:
    the editor must not write through it, read it or replace it."""
    try:
        path.lstat()
    except OSError:
        return False  # nothing there: a new file may be written
    return inside(root, path) is None
