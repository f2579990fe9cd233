"""build(): load -> validate -> compose -> render -> guard -> write -> check; pdfs() converts a batch.
The CLI only wraps these."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach_gen.content import blocking, load_checked_with_data
from kehoach_gen.errors import KehoachError, OutputProblem, Problem, display
from kehoach_gen.facts.findings import Finding
from kehoach_gen.inputs import is_regular, read_regular, same_file, write_reason
from kehoach_gen.plan.compose import compose
from kehoach_gen.render import docx as docx_render
from kehoach_gen.render.package import atomic_write, written_by_us_unchanged
from kehoach_gen.render.templates import TemplateSet

if TYPE_CHECKING:
    from kehoach_gen.check import Report
    from kehoach_gen.plan.compose import Page
    from kehoach_gen.plan.model import KeHoach


@dataclass
class BuildResult:
    """One rendered plan: where it went, what it took, and its findings."""

    source: Path
    output: Path
    seconds: float
    backup: Path | None = None
    changed: bool = True
    report: Report | None = None  # the ND30 check of the written file
    pdf: Path | None = None
    plan: KeHoach | None = None  # the model as rendered (electronic issuance blanks its number and date)
    page: Page | None = None
    content: list[Finding] = field(default_factory=list)  # the content checks of the plan (ND-C..)
    pdf_target: Path | None = None  # where the PDF goes when -o named a .pdf
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
    if (path.exists() or path.is_symlink()) and not is_regular(path):
        raise OutputProblem(f"{display(path)}: không ghi vào đây: không phải tệp thường (thư mục, ống dẫn, "
                            "thiết bị hoặc liên kết hỏng); chọn tên khác bằng -o")
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


class FinalRefused(KehoachError):
    """The version for signature still has content errors or leftovers: nothing is written."""

    def __init__(self, source: Path, findings: list[Finding]) -> None:
        lines = [str(f) for f in findings]
        lines.append(f"{source}: bản chính thức (--ban-chinh-thuc) chưa được tạo: còn {len(findings)} lỗi hoặc chỗ "
                     "chưa điền ở trên; sửa hết rồi tạo lại (bản dự thảo vẫn tạo được khi bỏ --ban-chinh-thuc).")
        super().__init__("\n".join(lines))
        self.findings = findings


def output_paths(source: Path, output: str | Path | None, templates: TemplateSet) -> tuple[Path, Path | None]:
    """Where the .docx (and a PDF named by -o) go. An output never replaces an input, --force or not:
    the plan and the template are the clerk's work, a .docx is only ever derived from them."""
    out = Path(output) if output else default_output(source)
    _never_an_input(out, source, templates)
    pdf_target = None
    if out.is_dir() or (output is not None and not out.suffix and not out.exists()):
        out = out / f"{source.stem}.docx"  # "-o ket-qua" (or "ket-qua/") names a folder
    elif out.suffix.lower() == ".pdf":
        pdf_target, out = out, out.with_suffix(".docx")  # the .docx is kept beside the PDF it became
    elif out.suffix.lower() != ".docx":
        raise OutputProblem(f"{display(out)}: văn bản kết quả phải có đuôi .docx (hoặc .pdf khi dùng --pdf); "
                            "chọn tên khác bằng -o")
    for target in filter(None, (out, pdf_target)):
        _never_an_input(target, source, templates)
    return out, pdf_target


def _never_an_input(target: Path, source: Path, templates: TemplateSet) -> None:
    for kept, what in ((source, "tệp kế hoạch"), (templates.find("kehoach.docx"), "mẫu văn bản")):
        if same_file(target, kept):
            raise OutputProblem(f"{display(target)}: trùng với {what} {display(kept)}; không bao giờ ghi đè "
                                "tệp đầu vào (kể cả khi có --force), hãy chọn tên khác bằng -o")


def build(plan_path: str | Path, output: str | Path | None = None, *, force: bool = False,
          templates: Iterable[str | Path] = (), check: bool = True, electronic: bool = False,
          final: bool = False) -> BuildResult:
    """Render one plan. With check (the default) the plan's content is checked (ND-C..) and the written
    file is run through the ND30 rules, so a document is never handed over without its findings. With
    final, a plan with a content error or leftover is refused before anything is written. electronic:
    the document the e-office system numbers, dates and signs (electronic.py)."""
    start = time.perf_counter()
    source = Path(plan_path)
    plan, content, notes, source_data = load_checked_with_data(source, content=check or final)
    if final and blocking(content):
        raise FinalRefused(source, blocking(content))
    if electronic:
        from kehoach_gen.eoffice import electronic as e_doc

        plan = e_doc.for_electronic(plan)
        page = e_doc.not_a_draft(compose(plan))
        data = e_doc.size_signature_zone(docx_render.render(page, TemplateSet(templates), base=source_data))
    else:
        page = compose(plan)
        data = docx_render.render(page, TemplateSet(templates), base=source_data)
    out, pdf_target = output_paths(source, output, TemplateSet(templates))
    unchanged = (is_regular(out) and out.stat().st_size == len(data)
                 and read_regular(out, len(data)) == data)
    backup = None if unchanged else guard_output(out, force=force)
    if not unchanged:
        try:
            atomic_write(out, data)
        except OSError as exc:
            raise OutputProblem(f"{display(out)}: không ghi được tệp ({write_reason(exc)})") from None
    result = BuildResult(source=source, output=out, seconds=time.perf_counter() - start, backup=backup,
                         changed=not unchanged, plan=plan, page=page, content=content,
                         pdf_target=pdf_target, notes=notes)
    if check:
        from kehoach_gen.check import check_file

        result.report = check_file(out)
    return result


def pdfs(results: list[BuildResult], *, pdfa: bool = False) -> None:
    """One LibreOffice start for the whole batch (starting it costs more than converting a plan).
    pdfa: PDF/A-2b with the document's metadata, each file checked after writing (eoffice.py)."""
    from kehoach_gen.render import pdf

    export_filter = pdf.PLAIN_FILTER
    if pdfa:
        from kehoach_gen.render.pdfa import FILTER as export_filter
    targets = [r.pdf_target or r.output.with_suffix(".pdf") for r in results]
    for result, path in zip(results, pdf.convert([r.output for r in results], targets, export_filter=export_filter),
                            strict=True):
        result.pdf = path
        if pdfa:
            from kehoach_gen.eoffice.exchange import finish_pdfa

            finish_pdfa(result)
