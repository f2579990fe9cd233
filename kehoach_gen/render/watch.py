"""`kehoach watch PLAN.yaml | DIR`: re-render on every save, one line per render; a broken YAML prints
its errors and leaves the last good document in place."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from kehoach_gen.build import build
from kehoach_gen.errors import KehoachError


def _targets(target: Path) -> tuple[Path, Callable[[Path], bool]]:
    if target.is_dir():
        return target, lambda p: p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    resolved = target.resolve()
    # Editors save by writing a new file and renaming it over the old one: watch the folder, not the inode.
    return target.parent, lambda p: p.resolve() == resolved


def render_one(path: Path, echo: Callable[[str], None], *, force: bool, templates: Iterable[str | Path],
               final: bool = False) -> bool:
    stamp = time.strftime("%H:%M:%S")
    try:
        result = build(path, force=force, templates=templates, final=final)
    except KehoachError as exc:
        echo(f"{stamp}  {path}: chưa tạo lại được, văn bản cũ được giữ nguyên")
        for line in str(exc).splitlines():
            echo(f"          {line}")
        return False
    note = "" if result.changed else " (không thay đổi)"
    echo(f"{stamp}  {result.output}{note}  {result.seconds:.2f} giây")
    for finding in result.errors:
        echo(f"          {finding.render(str(result.output))}")
    for content in result.content:
        echo(f"          {content}")
    return True


def watch(target: Path, echo: Callable[[str], None], *, force: bool = False, templates: Iterable[str | Path] = (),
          stop: threading.Event | None = None, final: bool = False) -> None:
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # its English Ctrl-C notice is ours to say
    if not target.exists():
        raise KehoachError(f"{target}: không tìm thấy tệp hoặc thư mục để theo dõi")
    folder, wanted = _targets(target)
    templates = list(templates)
    plans = sorted(p for p in folder.iterdir() if wanted(p)) if target.is_dir() else [target]
    for plan in plans:
        render_one(plan, echo, force=force, templates=templates, final=final)
    echo(f"đang theo dõi {target} (Ctrl-C để dừng)")
    try:
        for changes in watchfiles.watch(folder, watch_filter=lambda _c, p: wanted(Path(p)), debounce=40, step=20,
                                        stop_event=stop, raise_interrupt=False, recursive=False):
            for path in sorted({Path(p) for change, p in changes if change != watchfiles.Change.deleted}):
                if path.is_file():
                    render_one(path, echo, force=force, templates=templates, final=final)
    except KeyboardInterrupt:
        pass  # Ctrl-C in the middle of a render: the write is atomic, the last good document stays
    echo("đã dừng theo dõi.")
