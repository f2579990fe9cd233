"""A custom template (--templates, KEHOACH_TEMPLATES) is someone else's program: the Jinja sandbox stops
it reaching into Python, but not from looping for ever or building a gigabyte string. It runs in a child
process and the parent stops waiting after a wall-clock limit; where the system offers resource limits
(Linux, the BSDs) the child also runs under a CPU cap and a memory cap. Whatever the template does, the
clerk gets a Vietnamese message naming it within seconds.

The child is a fresh interpreter, not a fork: Windows has no fork, and forking the threaded web server
could copy a lock held by another thread. It takes the parent's import path, then one pickled call, on
stdin, and answers with one pickled reply on stdout.
"""

from __future__ import annotations

import functools
import math
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kehoach_gen.errors import KehoachError, ResourceLimit, TemplateProblem, display

CPU_SECONDS = 3  # a plan renders in a fraction of a second of CPU; this is far past any honest template
SECONDS = 30.0  # wall clock, for a template that waits rather than works (a busy machine is slower)
MEMORY = 400 * 1024 * 1024  # on top of what the child holds once the call's modules are loaded
T = TypeVar("T")

_CHILD = ("import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
          "from kehoach_gen.render.limits import answer_one; answer_one()")


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _cap(cpu: int, memory: int) -> bool:
    """Lower the child's CPU and address-space limits where the system has them; whether it could."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall clock is the one limit
        return False

    def lower(which: int, limit: int) -> None:
        """Never above what the process was already given (raising a limit would fail)."""
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or limit < soft:
            resource.setrlimit(which, (limit, hard))

    size = _vm_size()  # only Linux reports it; RLIMIT_AS is not enforced on macOS anyway
    if size:
        lower(resource.RLIMIT_AS, size + memory)
    usage = resource.getrusage(resource.RUSAGE_SELF)  # the interpreter's start is not the template's time
    lower(resource.RLIMIT_CPU, math.ceil(usage.ru_utime + usage.ru_stime) + cpu)
    return True


def file_size_limit() -> int | None:
    """The cap on the size of a file this process (and a program it starts) may write, in KB, if any: a
    LibreOffice stopped by it must be told apart from one that failed."""
    try:
        import resource
    except ImportError:  # Windows has no such limit
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else max(1, soft // 1024)


def answer_one() -> None:
    """The child's side: one call, under the caps, and its outcome as the parent will read it."""
    fn, args, cpu, memory = pickle.load(sys.stdin.buffer)  # loads the modules the call needs
    _cap(cpu, memory)
    try:
        reply: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        reply = ("memory", None)
    except KehoachError as exc:
        reply = ("error", str(exc))
    except Exception as exc:  # a bug: the parent re-raises it as such
        reply = ("bug", f"{type(exc).__name__}: {exc}")
    try:
        data = pickle.dumps(reply)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _killed_for_cpu(returncode: int) -> bool:
    """Killed by the CPU limit (SIGXCPU) or, out of memory, by the kernel (SIGKILL): POSIX signals only."""
    wanted = {getattr(signal, name) for name in ("SIGXCPU", "SIGKILL") if hasattr(signal, name)}
    return returncode < 0 and -returncode in wanted


def run_limited(fn: Callable[..., T], *args: Any, template: Path, cpu: int = CPU_SECONDS,
                seconds: float = SECONDS, memory: int = MEMORY) -> T:
    """fn(*args) in a child process under the limits; its result, or its KehoachError, as if run here.
    fn and args travel pickled: a module-level function (or a partial of one) and plain data."""
    name = display(template)
    request = pickle.dumps(sys.path) + pickle.dumps((fn, args, cpu, memory))
    try:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except OSError as exc:
        raise TemplateProblem(f"{name}: không chạy được tiến trình riêng cho mẫu ({exc.strerror}); "
                              "hãy thử lại") from None
    timed_out = False
    try:
        out, err = proc.communicate(request, timeout=seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        out, err = proc.communicate()
    finally:
        if proc.poll() is None:  # Ctrl-C while waiting: the child goes too
            proc.kill()
            proc.wait()
    if timed_out or _killed_for_cpu(proc.returncode):
        spent = f"{seconds:.0f} giây" if timed_out else f"{cpu} giây máy tính"
        raise ResourceLimit(f"{name}: mẫu chạy quá {spent} nên bị dừng (có vòng lặp quá lớn hoặc không dừng?); "
                            "hãy sửa mẫu")
    try:
        kind, value = pickle.loads(out)
    except Exception:
        # No answer: the child died. Out of memory, as a rule (a C allocation under the cap aborts); a
        # child that could not even start says so on stderr, and that is a bug to report.
        said = err.decode("utf-8", "replace").strip().splitlines()
        if proc.returncode >= 0 and said and "MemoryError" not in said[-1]:
            raise RuntimeError(f"tiến trình chạy mẫu dừng (mã {proc.returncode}): {said[-1]}") from None
        kind, value = "memory", None
    if kind == "memory":
        raise ResourceLimit(f"{name}: mẫu dùng quá {memory // 2**20} MB bộ nhớ nên bị dừng (tạo chuỗi hoặc "
                            "danh sách quá lớn?); hãy sửa mẫu")
    if kind == "error":
        raise TemplateProblem(value)
    if kind == "bug":
        raise RuntimeError(value)
    return value  # type: ignore[no-any-return]


def _render_source(template: Path, source: str, values: dict[str, Any],
                   filters: dict[str, Callable[..., Any]], options: dict[str, Any]) -> str:
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    from kehoach_gen.render.templates import OneFile, failing_line, guarded

    def line(exc: BaseException) -> int | None:
        return getattr(exc, "lineno", None) or failing_line(exc)

    env = SandboxedEnvironment(undefined=StrictUndefined, loader=OneFile(), **options)
    env.filters.update(filters)
    try:
        with guarded(template, lambda exc, _words: f" ở dòng {line(exc)}" if line(exc) else ""):
            return env.from_string(source).render(**values)
    except TemplateError as exc:
        raise TemplateProblem(f"{display(template)}: {jinja_message(exc, line(exc))}") from None


def render_text_template(template: Path, bundled: bool, values: dict[str, Any], *,
                         filters: dict[str, Callable[..., Any]] | None = None, **options: Any) -> str:
    """A text template (the HTML preview, the starter plan) rendered in the sandbox, inside the limits
    unless it is our own. Syntax and runtime errors name the template and the line. Filters must be
    module-level functions (or partials of them): they travel to the child process."""
    try:
        source = template.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateProblem(f"{display(template)}: mẫu không phải văn bản UTF-8; hãy lưu lại bằng UTF-8") from None
    go = functools.partial(_render_source, template, source, values, filters or {}, options)
    return go() if bundled else run_limited(go, template=template)


def jinja_message(exc: Exception, line: int | None = None) -> str:
    """A Jinja error in the template author's terms: where, then Jinja's own words (its messages name
    tags and tokens, which the author wrote)."""
    from kehoach_gen.render.templates import Refused

    line = line or getattr(exc, "lineno", None)
    where = f" ở dòng {line}" if line else ""
    if isinstance(exc, Refused):
        return f"lỗi mẫu{where}: {exc}"
    if " is undefined" in str(exc):
        return f"lỗi mẫu{where}: biến {str(exc).split(' is undefined')[0]} không có trong dữ liệu"
    return f"lỗi mẫu{where} ({type(exc).__name__}: {exc})"
