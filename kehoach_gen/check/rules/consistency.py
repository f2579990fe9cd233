"""Across the document: capitals (Phụ lục II), the symbol against the type and issuer, decorations
(ND30-R48 ... R50)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach_gen.check.rules.base import _RESOLVED, ADMINISTRATIVE, EVERYTHING, kind_of, runs
from kehoach_gen.check.rules.body import _BODY_WHERE, _body
from kehoach_gen.check.rules.header import _IS_UBND, _SO, _SO_WHERE, _own_symbol, _so
from kehoach_gen.check.rules.place import _all_text_paras
from kehoach_gen.facts import nd30
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.ooxml.layout import Layout, text_runs

R48 = Family("ND30-R48", "Viết hoa (Phụ lục II)",
             "Phụ lục II, II.3: tên cơ quan, tổ chức viết hoa chữ cái đầu của các từ, cụm từ chỉ loại hình cơ quan "
             "('Ủy ban nhân dân', không 'Ủy Ban Nhân Dân')", ADMINISTRATIVE)
_R48 = R48.check(
    "", "W", "viết hoa sai quy tắc (chỉ hoa chữ đầu tên cơ quan)", title="viết hoa tên cơ quan",
    measured="'Ủy Ban Nhân Dân', 'Hội Đồng Nhân Dân' trong lời văn",
    tolerance="chỉ tìm vài lỗi hay gặp, không đọc được nghĩa câu; để người soạn xem lại, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "Ủy Ban Nhân Dân", "expected": "Ủy ban nhân dân"})


@runs(R48)
def r48(lay: Layout) -> Iterator[Finding]:
    for p in _body(lay):
        m = re.search(r"Ủy Ban Nhân Dân|Hội Đồng Nhân Dân", p.text)
        if m:
            yield _R48(p.where, found=m.group(0), expected=m.group(0).capitalize())


R49 = Family("ND30-R49", "Ký hiệu văn bản",
             "Phụ lục I, II.3.b và Phụ lục III: ký hiệu gồm chữ viết tắt tên loại văn bản (KH, QĐ, BC ...) và chữ "
             "viết tắt tên cơ quan ban hành (UBND, SCT ...)", ADMINISTRATIVE,
             measured="phần ký hiệu sau dấu '/' ở dòng 'Số', so với tên loại đọc ở ô 5a và cơ quan ban hành")
_R49_TYPE = R49.check("a", "E", "ký hiệu {type} bắt đầu bằng chữ viết tắt '{abbreviation}' (Phụ lục III)",
                      title="ký hiệu bắt đầu bằng chữ viết tắt tên loại",
                      example={"where": _SO_WHERE, "found": "QĐ-UBND", "expected": "KH-UBND", "type": "Kế hoạch",
                               "abbreviation": "KH"})
_R49_UBND = R49.check(
    "b", "E", f"ký hiệu văn bản của Ủy ban nhân dân có chữ viết tắt '{nd30.UBND_ABBREVIATION}'",
    title="ký hiệu của Ủy ban nhân dân có UBND", scope=_IS_UBND,
    example={"where": _SO_WHERE, "found": "KH-UBT", "expected": "KH-UBND"})


@runs(R49)
def r49(lay: Layout) -> Iterator[Finding]:
    p = _so(lay)
    kind = kind_of(lay)
    if p is None or kind.type is None or lay.title is None:
        return
    m = _SO.match(p.text)
    if not m:
        return
    groups = m.group("sym").split("-")
    want = kind.type.abbreviation
    if want and groups[0] != want:
        yield _R49_TYPE(p.where, found=m.group("sym"), expected=_own_symbol(kind), type=kind.type.name,
                        abbreviation=want)
    elif _R49_UBND.applies(kind) and len(groups) > 1 and groups[1] != nd30.UBND_ABBREVIATION:
        yield _R49_UBND(p.where, found=m.group("sym"), expected=f"{groups[0]}-{nd30.UBND_ABBREVIATION}")


R50 = Family("ND30-R50", "Trang trí không đúng quy cách",
             "Phụ lục I, II.1.b, II.2.b, II.5.b: các đường kẻ dưới Tiêu ngữ, tên cơ quan, trích yếu là nét liền; "
             "Phụ lục I không có chữ gạch chân", EVERYTHING)
_R50 = R50.check("", "W", "không gạch chân chữ (đường kẻ phải là nét vẽ)", title="không gạch chân chữ",
                 measured=f"gạch chân ở mọi đoạn chữ, {_RESOLVED}",
                 tolerance="gạch chân một tên văn bản hay một lời nhấn mạnh không sai thể thức rõ ràng, nên là cảnh "
                           "báo; đường kẻ dưới Tiêu ngữ làm bằng gạch chân thì R16 đo",
                 example={"where": "đoạn 20 (phần II, mục 3)", "found": "gạch chân", "expected": "không gạch chân"})


@runs(R50)
def r50(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            if lay.resolver.run(r, para.el).underline:
                yield _R50(para.where, found="gạch chân", expected="không gạch chân")
                break
