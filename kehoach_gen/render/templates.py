"""One ordered template search path: user folders first (--templates, KEHOACH_TEMPLATES), then the
bundled templates/. A user folder can override a single file and inherit the rest."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateError

from kehoach_gen.errors import ResourceLimit, TemplateProblem, display

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
        # A folder that is not there (a typo, a folder since moved) would leave the bundled template to
        # print the plan in silence: the clerk asked for their office's.
        dirs = [_folder(Path(d), "--templates") for d in extra]
        env = os.environ.get(ENV_VAR, "")
        dirs += [_folder(Path(d), f"biến môi trường {ENV_VAR}") for d in env.split(os.pathsep) if d]
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


def _folder(path: Path, given: str) -> Path:
    if not path.is_dir():
        why = "là một tệp, không phải thư mục" if path.exists() else "không có thư mục này"
        raise TemplateProblem(f"{display(path)} ({given}): {why}; hãy ghi đúng thư mục chứa mẫu riêng của cơ quan")
    return path


class Refused(TemplateError):
    """Something an office's template may not do, said in Vietnamese."""


class OneFile(BaseLoader):
    """An office's template is one file: {% include %}, {% import %} and {% extends %} would read another
    template (from where?), and are refused by name, where they stand."""

    def get_source(self, environment: Environment, template: str) -> Any:
        raise Refused(f"mẫu không ghép được mẫu khác ('{template}', qua include, import hoặc extends): mẫu "
                            "riêng phải là một tệp; hãy chép phần cần dùng vào chính mẫu này")


class _CpuSpent(Exception):
    """Raised where the template was running when its CPU time ran out."""


def failing_line(exc: BaseException) -> int | None:
    """The line of the template (compiled by Jinja from a string) that was running when exc was raised:
    Jinja rewrites its tracebacks so that the template's frames carry the template's own line numbers."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@contextlib.contextmanager
def guarded(template: Path, place: Callable[[BaseException, tuple[str, ...]], str]) -> Iterator[None]:
    """An office's template run so that whatever stops it names the template and the place (place(exc,
    words) gives " ở dòng 3", or " ở thẻ '{% for ... %}'" preferring a tag with one of the words): a
    template calling itself, its time under the CPU limit
    (the limit's signal raises here, so the traceback still shows which line was running), memory. The
    limits themselves are set by render/limits.py around the call."""
    from kehoach_gen.render.limits import CPU_SECONDS, MEMORY

    def spent(signum: int, frame: FrameType | None) -> None:
        signal.signal(signum, signal.SIG_IGN)  # once: the message must be built in peace
        raise _CpuSpent

    cpu = getattr(signal, "SIGXCPU", None)  # Windows has no CPU limit signal
    try:
        before = signal.signal(cpu, spent) if cpu is not None else None
    except ValueError:  # not the main thread (a child of the limits runs it as its main thread)
        cpu = None
    name = display(template)
    try:
        yield
    except _CpuSpent as exc:
        raise ResourceLimit(f"{name}: mẫu chạy quá {CPU_SECONDS} giây máy tính{place(exc, ('for',))} nên bị dừng (có vòng lặp "
                            "quá lớn hoặc không dừng?); hãy sửa mẫu") from None
    except MemoryError as exc:
        raise ResourceLimit(f"{name}: mẫu dùng quá {MEMORY // 2**20} MB bộ nhớ{place(exc, ())} nên bị dừng (tạo chuỗi "
                            "hoặc danh sách quá lớn?); hãy sửa mẫu") from None
    except RecursionError as exc:
        raise TemplateProblem(f"{name}: lỗi mẫu{place(exc, ('macro', 'call'))}: macro hoặc mẫu gọi lại chính nó không dừng; hãy sửa "
                              "mẫu") from None
    finally:
        if cpu is not None:
            signal.signal(cpu, before)
