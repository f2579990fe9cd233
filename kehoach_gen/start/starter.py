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
from kehoach_gen.start import issuers as starter_issuer

STARTER = KE_HOACH.starter


def slug(text: str) -> str:
    return provinces.fold(text).replace(" ", "-")


def unit_for(tinh: str, nam: int) -> provinces.Province:
    """The unit as it stands when the plan is drafted (December of the year before)."""
    return provinces.lookup(tinh, provinces.period(nam - 1, 12))


def starter_text(tinh: str, nam: int, file_name: str, templates: TemplateSet | None = None,
                 kind: DocKind = KE_HOACH, co_quan: str | None = None) -> str:
    """The starter of the province's committee, or of `co_quan` in the province: a Sở, a Ban, or a
    commune's committee (start/issuers.py)."""
    unit = unit_for(tinh, nam)
    tset = templates or TemplateSet()
    path = tset.find(kind.starter)
    text = render_text_template(path, tset.is_bundled(path), {
        "nam": nam, "nam_truoc": nam - 1, "ten_tep": file_name, "loai": kind.name,
        **starter_issuer.words(unit, co_quan, kind.document_type)}, keep_trailing_newline=True)
    load_plan_text(text, name=kind.starter)  # the starter must itself be a valid document of its kind
    return text


def default_stem(tinh: str, nam: int, co_quan: str | None = None, kind: DocKind = KE_HOACH) -> str:
    """lai-chau-2027, so-ngoai-vu-lai-chau-2027, xa-ta-van-2027; a report's ends in -bao-cao."""
    unit = unit_for(tinh, nam)
    issuer = starter_issuer.words(unit, co_quan)
    suffix = "" if kind is KE_HOACH else "-" + slug(kind.name.lower())
    if issuer["loai_co_quan"] == starter_issuer.COMMUNE:
        return f"{slug(issuer['don_vi'])}-{nam}{suffix}"
    if issuer["loai_co_quan"] == starter_issuer.DEPARTMENT:
        return f"{slug(issuer['co_quan'])}-{slug(unit.name)}-{nam}{suffix}"
    return f"{slug(unit.name)}-{nam}{suffix}"


def write_new(tinh: str, nam: int, output: Path | None, *, force: bool = False, co_quan: str | None = None,
              kind: DocKind = KE_HOACH) -> Path:
    stem = default_stem(tinh, nam, co_quan, kind)
    path = output or Path("drafts") / f"{stem}.yaml"
    if path.exists() and path.is_dir():
        path = path / f"{stem}.yaml"
    if path.exists() and not force:
        raise KehoachError(f"{path}: tệp đã có; không ghi đè để khỏi mất nội dung đang soạn "
                           "(chọn tên khác bằng -o, hoặc dùng --force)")
    atomic_write(path, starter_text(tinh, nam, str(path), co_quan=co_quan, kind=kind).encode("utf-8"))
    return path
