"""build(): load -> validate -> compose -> render -> guard -> write -> check; pdfs() converts a batch.
The CLI only wraps these."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .compose import compose
from .errors import OutputProblem, Problem
from .loader import load_plan_with_warnings
from .render import docx as docx_render
from .render.package import atomic_write, written_by_us_unchanged
from .render.templates import TemplateSet

if TYPE_CHECKING:
    from .check import Report
    from .check.rules import Finding


@dataclass
class BuildResult:
    source: Path
    output: Path
    seconds: float
    backup: Path | None = None
    changed: bool = True
    report: Report | None = None  # the ND30 check of the written file
    pdf: Path | None = None
    notes: list[Problem] | None = None  # what validation repaired in the plan (typed numbers ...)

    @property
    def errors(self) -> list[Finding]:
        return self.report.errors if self.report else []

    @property
    def warnings(self) -> list[Finding]:
        return self.report.warnings if self.report else []


def default_output(plan_path: Path) -> Path:
    return plan_path.with_suffix(".docx")


def _backup_path(path: Path) -> Path:
    n = 1
    while True:
        candidate = path.with_name(f"{path.stem}.bak{'' if n == 1 else n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def guard_output(path: Path, *, force: bool) -> Path | None:
    """Refuse to overwrite a document someone changed after we wrote it; with force, keep a copy."""
    state = written_by_us_unchanged(path)
    if state is None or state:
        return None
    if not force:
        raise OutputProblem(
            f"{path}: tệp này đã được sửa (hoặc mở bằng Word và lưu lại) sau lần tạo trước, hoặc không do "
            "kehoach tạo ra; không ghi đè để khỏi mất phần sửa tay. Hãy chuyển phần sửa vào tệp YAML, "
            "hoặc chạy lại với --force (bản hiện có được giữ lại thành tệp .bak.docx bên cạnh)."
        )
    backup = _backup_path(path)
    import shutil  # only for the rare --force backup

    shutil.copy2(path, backup)
    return backup


def build(plan_path: str | Path, output: str | Path | None = None, *, force: bool = False,
          templates: Iterable[str | Path] = (), check: bool = True) -> BuildResult:
    """Render one plan. With check (the default) the written file is run through the ND30 rules, so
    a non-conforming document is never handed over without its findings."""
    start = time.perf_counter()
    source = Path(plan_path)
    plan, notes = load_plan_with_warnings(source)
    data = docx_render.render(compose(plan), TemplateSet(templates))
    out = Path(output) if output else default_output(source)
    if out.exists() and out.is_dir():
        out = out / f"{source.stem}.docx"
    unchanged = out.is_file() and out.read_bytes() == data
    backup = None if unchanged else guard_output(out, force=force)
    if not unchanged:
        try:
            atomic_write(out, data)
        except OSError as exc:
            raise OutputProblem(f"{out}: không ghi được tệp ({exc.strerror})") from None
    result = BuildResult(source=source, output=out, seconds=time.perf_counter() - start, backup=backup,
                         changed=not unchanged, notes=notes)
    if check:
        from .check import check_file

        result.report = check_file(out)
    return result


def pdfs(results: list[BuildResult]) -> None:
    """One LibreOffice start for the whole batch (starting it costs more than converting a plan)."""
    from .render import pdf

    for result, path in zip(results, pdf.convert([r.output for r in results]), strict=True):
        result.pdf = path
