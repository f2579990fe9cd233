"""`kehoach preview`: an instant HTML page from the model, and PNG images of the real pages."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kehoach_gen.errors import KehoachError, OutputProblem, display
from kehoach_gen.inputs import write_reason
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.render import docx as docx_render
from kehoach_gen.render import html as html_render
from kehoach_gen.render import pdf
from kehoach_gen.render.package import atomic_write
from kehoach_gen.render.templates import TemplateSet


@dataclass
class PreviewResult:
    html: Path
    images: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def default_dir(plan_path: Path) -> Path:
    return plan_path.with_name(f"{plan_path.stem}-xem-truoc")


def preview(plan_path: str | Path, out_dir: str | Path | None = None, *, images: bool = True,
            templates: Iterable[str | Path] = (), dpi: int = 70) -> PreviewResult:
    source = Path(plan_path)
    plan = load_plan(source)
    page = compose(plan)
    tset = TemplateSet(templates)
    target = Path(out_dir) if out_dir else default_dir(source)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputProblem(f"{display(target)}: không tạo được thư mục xem trước ({write_reason(exc)})") from None
    html_path = target / f"{source.stem}.html"
    atomic_write(html_path, html_render.render(page, f"{page.kind.name}: {page.summary}", tset).encode("utf-8"))
    result = PreviewResult(html=html_path)
    if not images:
        return result
    if shutil.which("pdftoppm") is None:
        result.notes.append("không có pdftoppm (gói poppler-utils) nên không tạo ảnh trang; bản HTML vẫn có")
        return result
    with pdf.work_dir("kehoach-xem-") as work:
        docx_path = work / f"{source.stem}.docx"
        docx_path.write_bytes(docx_render.render(page, tset))
        try:
            (pdf_path,) = pdf.convert([docx_path])
        except KehoachError as exc:
            result.notes.append(f"không tạo được ảnh trang: {exc}")
            return result
        try:
            run = subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(work / "trang")],
                                 capture_output=True, timeout=120)
        except subprocess.TimeoutExpired:
            result.notes.append("pdftoppm chạy quá 120 giây nên bị dừng; bản HTML vẫn có")
            return result
        if run.returncode != 0:
            result.notes.append("pdftoppm không tạo được ảnh trang")
            return result
        for old in target.glob(f"{source.stem}-trang-*.png"):
            old.unlink()
        for png in sorted(work.glob("trang-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            number = int(png.stem.rsplit("-", 1)[1])
            dest = target / f"{source.stem}-trang-{number}.png"
            atomic_write(dest, png.read_bytes())
            result.images.append(dest)
    return result
