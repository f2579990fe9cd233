"""A custom template (--templates, KEHOACH_TEMPLATES) is someone else's program: the Jinja sandbox stops
it reaching into Python, but not from looping for ever or building a gigabyte string. It runs in a forked
child with a memory cap and a CPU cap, and the parent stops waiting after a wall-clock limit; whatever
the template does, the clerk gets a Vietnamese message naming it within seconds.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import KehoachError, ResourceLimit, TemplateProblem, display

CPU_SECONDS = 3  # a plan renders in a fraction of a second of CPU; this is far past any honest template
SECONDS = 30.0  # wall clock, for a template that waits rather than works (a busy machine is slower)
MEMORY = 400 * 1024 * 1024  # on top of what the process already holds when the child starts
T = TypeVar("T")


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _lower(which: int, limit: int | None) -> None:
    """Lower a limit, never above what the process was already given (raising it would fail)."""
    if limit is None:
        return
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        resource.setrlimit(which, (limit, hard))


def _child(write_fd: int, fn: Callable[..., Any], args: tuple[Any, ...], cpu: int, memory: int) -> None:
    try:
        _lower(resource.RLIMIT_AS, _vm_size() + memory if _vm_size() else None)
        _lower(resource.RLIMIT_CPU, cpu)
        try:
            reply = ("ok", fn(*args))
        except MemoryError:
            reply = ("memory", None)
        except KehoachError as exc:
            reply = ("error", str(exc))
        except Exception as exc:  # a bug: the parent re-raises it as such
            reply = ("bug", f"{type(exc).__name__}: {exc}")
        data = pickle.dumps(reply)
        with os.fdopen(write_fd, "wb") as fh:
            fh.write(data)
    finally:
        os._exit(0)


def run_limited(fn: Callable[..., T], *args: Any, template: Path, cpu: int = CPU_SECONDS,
                seconds: float = SECONDS, memory: int = MEMORY) -> T:
    """fn(*args) in a child process under the limits; its result, or its KehoachError, as if run here."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is its result
        os.close(read_fd)
        _child(write_fd, fn, args, cpu, memory)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    name = display(template)
    if timed_out or (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)):
        spent = f"{seconds:.0f} giây" if timed_out else f"{cpu} giây máy tính"
        raise ResourceLimit(f"{name}: mẫu chạy quá {spent} nên bị dừng (có vòng lặp quá lớn hoặc không dừng?); "
                            "hãy sửa mẫu")
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        kind, value = "memory", None  # the child died before it could answer: out of memory
    if kind == "memory":
        raise ResourceLimit(f"{name}: mẫu dùng quá {memory // 2**20} MB bộ nhớ nên bị dừng (tạo chuỗi hoặc "
                            "danh sách quá lớn?); hãy sửa mẫu")
    if kind == "error":
        raise TemplateProblem(value)
    if kind == "bug":
        raise RuntimeError(value)
    return value  # type: ignore[no-any-return]


def render_text_template(template: Path, bundled: bool, values: dict[str, Any], *,
                         filters: dict[str, Callable[..., Any]] | None = None, **options: Any) -> str:
    """A text template (the HTML preview, the starter plan) rendered in the sandbox, inside the limits
    unless it is our own. Syntax and runtime errors name the template and the line."""
    try:
        source = template.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateProblem(f"{display(template)}: mẫu không phải văn bản UTF-8; hãy lưu lại bằng UTF-8") from None

    def go() -> str:
        from jinja2 import StrictUndefined, TemplateError
        from jinja2.sandbox import SandboxedEnvironment

        from .templates import OneFile, failing_line, guarded

        def line(exc: BaseException) -> int | None:
            return getattr(exc, "lineno", None) or failing_line(exc)

        env = SandboxedEnvironment(undefined=StrictUndefined, loader=OneFile(), **options)
        env.filters.update(filters or {})
        try:
            with guarded(template, lambda exc, _words: f" ở dòng {line(exc)}" if line(exc) else ""):
                return env.from_string(source).render(**values)
        except TemplateError as exc:
            raise TemplateProblem(f"{display(template)}: {jinja_message(exc, line(exc))}") from None

    return go() if bundled else run_limited(go, template=template)


def jinja_message(exc: Exception, line: int | None = None) -> str:
    """A Jinja error in the template author's terms: where, then Jinja's own words (its messages name
    tags and tokens, which the author wrote)."""
    from .templates import Refused

    line = line or getattr(exc, "lineno", None)
    where = f" ở dòng {line}" if line else ""
    if isinstance(exc, Refused):
        return f"lỗi mẫu{where}: {exc}"
    if " is undefined" in str(exc):
        return f"lỗi mẫu{where}: biến {str(exc).split(' is undefined')[0]} không có trong dữ liệu"
    return f"lỗi mẫu{where} ({type(exc).__name__}: {exc})"
