"""Who a new plan (`kehoach new`, the editor's "Tạo kế hoạch mới") is written for, and the words of the
starter that depend on it: the People's Committee of a province or city, a body under it (a Sở, a Ban,
the Văn phòng: its own symbol, the committee as its parent line, a head who signs without TM.), or the
committee of a commune, ward or special zone in the province (its own councils, its own place name)."""

from __future__ import annotations

from typing import Any

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import nd30, provinces, vn
from kehoach_gen.plan.issuer import Issuer, body_kinds, head_title, parse_committee

# The issuer kinds a clerk chooses from (the editor's list page offers the same three).
COMMITTEE, DEPARTMENT, COMMUNE = "ubnd", "so-ban", "xa"
COMMUNE_KINDS = ("xã", "phường", "đặc khu")
"""The units below a province since 01/7/2025 (the district level is gone)."""
KINDS = {COMMITTEE: "Ủy ban nhân dân tỉnh, thành phố", DEPARTMENT: "Sở, ban, cơ quan thuộc Ủy ban nhân dân tỉnh",
         COMMUNE: "Ủy ban nhân dân xã, phường, đặc khu"}
# Names offered as the clerk types (any other name of a known kind is accepted).
SUGGESTED = ("Sở Ngoại vụ", "Sở Nội vụ", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
             "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Khoa học và Công nghệ",
             "Sở Xây dựng", "Sở Tư pháp", "Sở Dân tộc và Tôn giáo", "Ban Quản lý Khu kinh tế",
             "Văn phòng Ủy ban nhân dân tỉnh")


def _tidy(name: str) -> str:
    name = " ".join(vn.nfc(name).split())
    return vn.upper(name[:1]) + name[1:]


def kind_of(co_quan: str | None) -> str:
    """Which of the three kinds the name given is; a Vietnamese error saying what to write otherwise."""
    if not co_quan or not co_quan.strip():
        return COMMITTEE
    body = parse_committee(_tidy(co_quan))
    if body is not None:
        if body.is_provincial:
            raise KehoachError(f"'{co_quan}': kế hoạch của Ủy ban nhân dân tỉnh, thành phố chỉ cần --tinh; "
                               "--co-quan dành cho sở, ban hoặc Ủy ban nhân dân xã, phường, đặc khu")
        if body.kind not in COMMUNE_KINDS:
            raise KehoachError(f"'{co_quan}': từ 01/7/2025 dưới tỉnh chỉ còn xã, phường, đặc khu; ghi "
                               "'Ủy ban nhân dân xã <Tên>' (hoặc phường, đặc khu)")
        return COMMUNE
    if head_title(_tidy(co_quan)) is not None:
        return DEPARTMENT
    raise KehoachError(f"'{co_quan}': không rõ cơ quan; ghi tên sở, ban bắt đầu bằng một trong: "
                       f"{', '.join(body_kinds())} (ví dụ 'Sở Ngoại vụ'), hoặc 'Ủy ban nhân dân xã <Tên>'")


def co_quan_for(kind: str, name: str) -> str | None:
    """The issuer's name from the editor's choice of kind and the name typed ("xã Tả Van" is enough for a
    commune); a Vietnamese error when the name is not of that kind."""
    if kind not in KINDS:
        raise KehoachError(f"loại cơ quan ban hành không hợp lệ (đang: '{kind}')")
    if kind == COMMITTEE:
        return None
    name = " ".join(name.split())
    if not name:
        raise KehoachError("cần tên cơ quan ban hành: " + ("tên sở, ban (ví dụ 'Sở Ngoại vụ')" if kind == DEPARTMENT
                                                           else "tên xã, phường, đặc khu (ví dụ 'xã Tả Van')"))
    if kind == COMMUNE and parse_committee(_tidy(name)) is None:
        if not vn.nfc(name).lower().startswith(COMMUNE_KINDS):
            raise KehoachError(f"'{name}': ghi cả loại đơn vị, ví dụ 'xã {name}', 'phường {name}' hoặc 'đặc khu {name}'")
        name = f"Ủy ban nhân dân {name}"
    if kind_of(name) != kind:
        raise KehoachError(f"'{name}' không phải {KINDS[kind][0].lower()}{KINDS[kind][1:]}")
    return name


def words(unit: provinces.Province, co_quan: str | None,
          document_type: nd30.DocumentType = nd30.KE_HOACH) -> dict[str, Any]:
    """The starter template's words for the issuer, beside the province's own; the symbol is of the document's
    type (a report's BC-UBND, a Sở's BC-...)."""
    kind = kind_of(co_quan)
    province = {"cap": unit.kind, "tinh_uy": unit.party_committee, "hdnd": unit.council, "cong_an": unit.police,
                "ubnd": unit.committee_short, "don_vi": unit.body.unit, "dia_danh": unit.body.place}
    out: dict[str, Any] = {**province, "loai_co_quan": kind, "co_quan_chu_quan": None, "dau_moi": "Sở Ngoại vụ",
                           "ky_hieu": nd30.symbol(document_type), "chuc_vu": "Phó Chủ tịch", "thu_truong": "Chủ tịch"}
    if kind == COMMITTEE:
        out |= {"co_quan": unit.body.full_name, "ban_hanh": unit.body.full_name}
        out["noi_nhan"] = ["Văn phòng Chính phủ", "Bộ Ngoại giao", f"TT. {unit.party_committee} (b/c)",
                           f"TT. {unit.council} (b/c)", f"Chủ tịch, các PCT {unit.committee_short}",
                           f"Các sở, ban, ngành {unit.kind}"]
    elif kind == DEPARTMENT:
        name = _tidy(str(co_quan))
        parent = f"UBND {unit.body.unit}"
        head = head_title(name) or "Giám đốc"
        issuer = Issuer(unit=unit.body, department=name, parent=parent)
        kind_words = next(k for k in body_kinds() if head_title(k) == head and vn.upper(name).startswith(vn.upper(k)))
        out |= {"co_quan": name, "ban_hanh": name, "co_quan_chu_quan": parent, "ky_hieu": issuer.symbol_hint(document_type),
                "chuc_vu": f"Phó {head}", "thu_truong": head,
                "dau_moi": "Phòng Hành chính - Tổ chức" if kind_words == "Văn phòng" else f"Văn phòng {kind_words}"}
        out["noi_nhan"] = [f"{parent} (b/c)", "Bộ Ngoại giao (b/c)", f"{head}, các Phó {head}",
                           "Các phòng, đơn vị trực thuộc"]
    else:
        body = parse_committee(_tidy(str(co_quan)))
        assert body is not None
        local = {"cap": body.kind, "tinh_uy": f"Đảng ủy {body.kind}", "hdnd": f"HĐND {body.kind}",
                 "cong_an": f"Công an {body.kind}", "ubnd": f"UBND {body.kind}", "don_vi": body.unit,
                 "dia_danh": body.place}
        out |= local | {"co_quan": body.full_name, "ban_hanh": body.full_name,
                        "dau_moi": f"Văn phòng HĐND và UBND {body.kind}"}
        out["noi_nhan"] = [f"{unit.committee_short} {unit.body.name} (b/c)", "Sở Ngoại vụ (b/c)",
                           f"TT. Đảng ủy {body.kind} (b/c)", f"TT. HĐND {body.kind} (b/c)",
                           f"Chủ tịch, các PCT UBND {body.kind}", f"Các ban, ngành, đoàn thể {body.kind}"]
    return out
