"""`kehoach new`: a complete, commented starting plan for a provincial unit, worded for its kind (a city
has a Thành ủy and a HĐND thành phố, a province a Tỉnh ủy and a HĐND tỉnh)."""

from __future__ import annotations

from pathlib import Path

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import provinces
from kehoach_gen.plan.dockind import KE_HOACH, DocKind
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.render.limits import render_text_template
from kehoach_gen.render.package import atomic_write
from kehoach_gen.render.templates import TemplateSet

STARTER = KE_HOACH.starter


def slug(text: str) -> str:
    return provinces.fold(text).replace(" ", "-")


def unit_for(tinh: str, nam: int) -> provinces.Province:
    """The unit as it stands when the plan is drafted (December of the year before)."""
    return provinces.lookup(tinh, provinces.period(nam - 1, 12))


def starter_text(tinh: str, nam: int, file_name: str, templates: TemplateSet | None = None,
                 kind: DocKind = KE_HOACH) -> str:
    unit = unit_for(tinh, nam)
    body = unit.body
    tset = templates or TemplateSet()
    path = tset.find(kind.starter)
    text = render_text_template(path, tset.is_bundled(path), {
        "co_quan": body.full_name, "dia_danh": body.place, "don_vi": body.unit, "nam": nam, "nam_truoc": nam - 1,
        "ten_tep": file_name, "cap": unit.kind, "tinh_uy": unit.party_committee, "hdnd": unit.council,
        "cong_an": unit.police, "ubnd": unit.committee_short, "ky_hieu": kind.symbol, "loai": kind.name},
        keep_trailing_newline=True)
    load_plan_text(text, name=kind.starter)  # the starter must itself be a valid plan
    return text


def write_new(tinh: str, nam: int, output: Path | None, *, force: bool = False) -> Path:
    unit = unit_for(tinh, nam)
    path = output or Path("drafts") / f"{slug(unit.name)}-{nam}.yaml"
    if path.exists() and path.is_dir():
        path = path / f"{slug(unit.name)}-{nam}.yaml"
    if path.exists() and not force:
        raise KehoachError(f"{path}: tệp đã có; không ghi đè để khỏi mất nội dung đang soạn "
                           "(chọn tên khác bằng -o, hoặc dùng --force)")
    atomic_write(path, starter_text(tinh, nam, str(path)).encode("utf-8"))
    return path
