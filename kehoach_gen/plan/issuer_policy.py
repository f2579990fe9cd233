"""What the header may print for its issuer, checked against the plan's other fields: a committee or a body
under one (and its parent line), the unit as it was named on the plan's date, the place of the date line, and
the symbol the issuer uses for this kind of document. Shared by every document kind with an issuing body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import nd30, provinces, vn
from kehoach_gen.plan.fields import FieldError
from kehoach_gen.plan.issuer import parse_committee

if TYPE_CHECKING:
    from kehoach_gen.plan.model import KeHoach


def issuer_problems(plan: KeHoach) -> Iterator[FieldError]:

    committee = vn.parse_issuing_body(plan.co_quan)
    if committee is not None and plan.co_quan_chu_quan is not None:
        yield FieldError("co_quan_chu_quan", f"{plan.co_quan} không ghi cơ quan chủ quản ở phần đầu văn bản "
                                             "(chỉ sở, ban ghi dòng cơ quan chủ quản); bỏ dòng co_quan_chu_quan")
    elif committee is None and plan.co_quan_chu_quan is None:
        rest = re.sub(r"^\s*(?:tỉnh|thành phố)\s+", "", plan.co_quan, flags=re.IGNORECASE)
        unit = provinces.ever(rest)
        if unit is not None:
            yield FieldError("co_quan", f"viết đủ tên cơ quan: '{unit.body.full_name}' (đang: '{plan.co_quan}')")
        else:
            yield FieldError("co_quan", "cần dạng 'Ủy ban nhân dân tỉnh <Tên>' hoặc 'Ủy ban nhân dân thành phố "
                                        f"<Tên>' (đang: '{plan.co_quan}'); kế hoạch của sở, ban thì ghi thêm "
                                        "dòng cơ quan chủ quản: co_quan_chu_quan: UBND tỉnh <Tên>")
    elif (committee is None and plan.co_quan_chu_quan is not None and parse_committee(plan.co_quan_chu_quan) is None
          and plan.unit_of_place() is None):
        yield FieldError("dia_danh" if plan.dia_danh else "co_quan_chu_quan",
                         f"cơ quan chủ quản '{plan.co_quan_chu_quan}' không phải Ủy ban nhân dân: ghi 'dia_danh:' là "
                         "tên tỉnh, thành phố nơi cơ quan đóng trụ sở, như 'dia_danh: Lào Cai'"
                         + (f" (đang: '{plan.dia_danh}')" if plan.dia_danh else ""))
    elif committee is None and plan.nguoi_ky.thay_mat and plan.nguoi_ky.tap_the is None:
        yield FieldError(("nguoi_ky", "thay_mat"), f"{plan.co_quan} làm việc theo chế độ thủ trưởng: người ký "
                                                   "không ký 'TM.'; bỏ dòng thay_mat (hoặc ghi tap_the khi ký "
                                                   "thay mặt một tập thể)")

def symbol_problems(plan: KeHoach) -> Iterator[FieldError]:
    issuer = plan.issuer
    want = nd30.symbol(plan.DOCUMENT_TYPE)
    if issuer.is_committee and plan.ky_hieu != want:
        yield FieldError("ky_hieu", f"{plan.DOCUMENT_TYPE.name} của {nd30.UBND} có ký hiệu {want} "
                                    f"(đang: {plan.ky_hieu}); ký hiệu của sở, ban dùng cho văn bản sở, ban "
                                    "ban hành. Bỏ dòng ky_hieu để dùng mặc định")
    elif not issuer.is_committee and plan.ky_hieu == want:
        # Left out, the symbol is the committee's: the clerk is sent to the body's name, where it is decided.
        yield FieldError("co_quan", f"{plan.DOCUMENT_TYPE.name} của {issuer.full_name} ghi ký hiệu của chính cơ "
                                    f"quan, không dùng {want}: thêm dòng 'ky_hieu: {issuer.symbol_hint(plan.DOCUMENT_TYPE)}' (hoặc "
                                    "chữ viết tắt cơ quan đã quy định; Nghị định 30, Phụ lục I, II.3)")
    elif not issuer.is_committee and not plan.ky_hieu.startswith(f"{plan.DOCUMENT_TYPE.abbreviation}-"):
        yield FieldError("ky_hieu", f"ký hiệu {plan.DOCUMENT_TYPE.name} mở đầu bằng "
                                    f"{plan.DOCUMENT_TYPE.abbreviation}- rồi đến chữ viết tắt tên cơ quan, như "
                                    f"{issuer.symbol_hint(plan.DOCUMENT_TYPE)} (đang: {plan.ky_hieu})")

def unit_problems(plan: KeHoach) -> Iterator[FieldError]:
    typed = plan.body
    where = "co_quan" if plan.issuer.is_committee else "co_quan_chu_quan"
    if where == "co_quan_chu_quan" and parse_committee(plan.co_quan_chu_quan or "") is None:
        # The province is the one the date line names (looked up already): written as the list writes it.
        if plan.dia_danh != typed.place:
            yield FieldError("dia_danh", f"viết đúng tên tỉnh, thành phố: '{typed.place}' (đang: '{plan.dia_danh}')")
        return
    if re.fullmatch(r"\[[^\]]*\]", typed.name.strip()):
        # A placeholder an import left ("[Tên tỉnh]"): the content check reports it as a leftover and
        # the final mode refuses it; a draft still renders.
        return
    if not typed.is_provincial:
        # A commune's or a district's committee: no list of those units to hold it to; its date line
        # names the unit itself (Phụ lục I, II.4.a).
        if plan.dia_danh is not None and plan.dia_danh != typed.place:
            yield FieldError("dia_danh", f"địa danh của {typed.full_name} là '{typed.place}' (tên đơn vị hành "
                                         f"chính nơi cơ quan đóng trụ sở); bỏ dòng dia_danh để máy tự ghi "
                                         f"(đang: '{plan.dia_danh}')")
        return
    d = plan.ngay
    when = provinces.period(d.nam, d.thang, d.ngay) if d else None
    try:
        unit = provinces.lookup(typed.name, when)
    except KehoachError as exc:
        undated = "" if when else "; kế hoạch trước ngày 01/7/2025 thì ghi ngày ban hành ở 'ngay:' để dùng tên lúc ấy"
        yield FieldError(where, f"{exc}{undated}")
        return
    if (unit.kind, unit.name) != (typed.kind, typed.name):
        right = unit.body.full_name
        written = plan.co_quan if where == "co_quan" else plan.co_quan_chu_quan
        if where == "co_quan_chu_quan" and written and written.lstrip().startswith("UBND"):
            right = f"UBND {unit.body.unit}"
        yield FieldError(where, f"viết đúng tên đơn vị: '{right}' (đang: '{written}')")
        return
    if plan.dia_danh is not None and plan.dia_danh != unit.body.place:
        yield FieldError("dia_danh", f"địa danh của {plan.issuer.full_name} là '{unit.body.place}' "
                                     f"(tên tỉnh, thành phố nơi cơ quan đóng trụ sở, Nghị định 30); "
                                     f"bỏ dòng dia_danh để máy tự ghi (đang: '{plan.dia_danh}')")
