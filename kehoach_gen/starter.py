"""`kehoach new`: a complete, commented starting plan for a current province or city."""

from __future__ import annotations

from pathlib import Path

from . import provinces
from .errors import KehoachError
from .loader import load_plan_text
from .render.limits import render_text_template
from .render.package import atomic_write
from .render.templates import TemplateSet
from .wording import party_committee

STARTER = "ke-hoach-moi.yaml.j2"


def slug(text: str) -> str:
    return provinces.fold(text).replace(" ", "-")


def starter_text(tinh: str, nam: int, file_name: str, templates: TemplateSet | None = None) -> str:
    province = provinces.find(tinh)
    body = province.body
    tset = templates or TemplateSet()
    path = tset.find(STARTER)
    text = render_text_template(path, tset.is_bundled(path), {
        "co_quan": body.full_name, "dia_danh": body.place, "don_vi": body.unit, "nam": nam, "nam_truoc": nam - 1,
        "ten_tep": file_name, "cap": body.kind, "cap_uy": party_committee(body.kind)}, keep_trailing_newline=True)
    load_plan_text(text, name=STARTER)  # the starter must itself be a valid plan
    return text


def write_new(tinh: str, nam: int, output: Path | None, *, force: bool = False) -> Path:
    province = provinces.find(tinh)
    path = output or Path("drafts") / f"{slug(province.name)}-{nam}.yaml"
    if path.exists() and path.is_dir():
        path = path / f"{slug(province.name)}-{nam}.yaml"
    if path.exists() and not force:
        raise KehoachError(f"{path}: tệp đã có; không ghi đè để khỏi mất nội dung đang soạn "
                           "(chọn tên khác bằng -o, hoặc dùng --force)")
    atomic_write(path, starter_text(tinh, nam, str(path)).encode("utf-8"))
    return path
