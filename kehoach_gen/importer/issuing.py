"""Who issued the page and who signs it, as an imported plan states them: the issuing body (its name spelt as
the list of units spells it on the plan's date, or the unit the text names most), a body under a committee, and
the signer's name, position and authority mark."""

from __future__ import annotations

import re
from typing import Any

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import nd30, provinces, vn
from kehoach_gen.importer.records import Source
from kehoach_gen.plan.issuer import Issuer, head_title, heads, organ_case, parse_committee

PLACEHOLDER_SECTION = "[CẦN BỔ SUNG TIÊU ĐỀ PHẦN]"
PLACEHOLDER_ITEM = "[Mục bị thiếu trong bản gốc: cần bổ sung]"
PLACEHOLDER_SUMMARY = "[Cần bổ sung trích yếu]"
PLACEHOLDER_SIGNER = "[Họ và tên người ký]"
PLACEHOLDER_RECIPIENT = "[Cần bổ sung nơi nhận]"

# "I.MỤC ĐÍCH" without its space is a part heading too: `kehoach check` (ND30-R30/R31) reads it so.
_LETTERED = re.compile(r"^([A-ZĐ])\.\s+(.+)$")
_DIEU = re.compile(r"^Điều \d+\.?\s")
_FIELD = re.compile(r"^- (?P<label>[^:]{2,60}?):\s*(?P<value>.*)$")
# A task's fields set out as points: the label of each point, and what follows its colon.
_FIELD_POINTS = {
    "noi_dung": re.compile(r"^(Nhiệm vụ|Nội dung(?: thực hiện| nhiệm vụ)?)\s*:\s*(.*)$", re.IGNORECASE),
    "co_quan": re.compile(r"^((?:Cơ quan|Đơn vị)(?: thực hiện| chủ trì)?)\s*:\s*(.*)$", re.IGNORECASE),
    "thoi_gian": re.compile(r"^(Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành)?)\s*:\s*(.*)$",
                            re.IGNORECASE),
}
_CLOSING = re.compile(r"^(Trên đây là|Trong quá trình thực hiện|Quá trình thực hiện)")

_POSITIONS = {"CHỦ TỊCH": "Chủ tịch", "PHÓ CHỦ TỊCH": "Phó Chủ tịch", "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
              "PHÓ CHÁNH VĂN PHÒNG": "Phó Chánh Văn phòng", "GIÁM ĐỐC": "Giám đốc", "PHÓ GIÁM ĐỐC": "Phó Giám đốc"}


PLACEHOLDER_SIGNER = "[Họ và tên người ký]"


_POSITIONS = {"CHỦ TỊCH": "Chủ tịch", "PHÓ CHỦ TỊCH": "Phó Chủ tịch", "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
              "PHÓ CHÁNH VĂN PHÒNG": "Phó Chánh Văn phòng", "GIÁM ĐỐC": "Giám đốc", "PHÓ GIÁM ĐỐC": "Phó Giám đốc"}


def position_case(upper: str) -> str:
    upper = vn.upper(upper.strip())
    if upper in _POSITIONS:
        return _POSITIONS[upper]
    for head in heads():
        for title in (head, f"Phó {head}"):
            if vn.upper(title) == upper:
                return title
    low = upper.lower()
    return low[:1].upper() + low[1:]


def place_case(upper: str) -> str:
    return " ".join(w if w == "-" else w[:1].upper() + w[1:].lower() for w in upper.split())


def successor_unit(body: vn.IssuingBody, year: int | None, month: int | None, day: int | None) -> vn.IssuingBody | None:
    """The unit that took over this one by the plan's period (today for an undated copy), if it merged."""
    if not body.is_provincial:
        return None  # "phường Bắc Giang" is a ward, not the province it is named after
    unit = provinces.ever(body.name)
    if unit is None:
        return None
    after = provinces.successor(unit, provinces.period(year, month, day))
    return after.body if after is not None else None


def official_unit(body: vn.IssuingBody, year: int | None, month: int | None, day: int | None) -> vn.IssuingBody | None:
    """The unit's name as the list of units of the plan's date writes it ("Bà Rịa Vũng Tàu", its hyphen lost
    in a web copy, is "Bà Rịa - Vũng Tàu"); None when the copy names no unit the list knows (a commune's
    committee among them: the list holds provinces only)."""
    if not body.is_provincial:
        return None

    try:
        return provinces.lookup(body.name, provinces.period(year, month, day)).body
    except KehoachError:
        return None


def capital_words(src: Source) -> list[str]:
    """Words the plan's own sentences print in capitals ('khóa XVI', 'HĐND'): a trích yếu printed all in
    capitals keeps them so when it is written in normal case. Heading lines (all capitals) tell nothing."""
    found: set[str] = set()
    for line in src.body:
        text = line.text.replace("*", "")
        if vn.all_capitals(text):
            continue
        for word in re.findall(r"(?<![\w/-])[^\W\d_]{2,}(?![\w/-])", text):
            if word.isupper():
                found.add(word)
    return sorted(found)


def spell_unit_name(src: Source, body: vn.IssuingBody) -> None:
    """The unit's name misspelt in the text ('Hà Nôi' for 'Hà Nội') is written as the header spells it,
    as the content check (ND-C21) reads a misspelling; each place is said."""
    from kehoach_gen.content.issuer import name_hits

    def fixed(text: str) -> tuple[str, list[str]]:
        seen = []
        for hit in sorted(name_hits(text, body), key=lambda h: h.at, reverse=True):
            text = text[:hit.at] + body.name + text[hit.at + len(hit.snippet):]
            seen.append(hit.snippet)
        return text, seen

    for line in src.body:
        line.text, seen = fixed(line.text)
        for written in seen:
            src.warn(line.where, f"tên '{written}' viết khác phần đầu văn bản: ghi '{body.name}'")
    for number, note in src.footnotes.items():
        src.footnotes[number], seen = fixed(note)
        for written in seen:
            src.warn(src.tail_where, f"chú thích ({number}): tên '{written}' viết khác phần đầu văn bản: "
                                     f"ghi '{body.name}'")


def _parent_committee(src: Source) -> vn.IssuingBody | None:
    """The People's Committee the parent line names ("UBND TỈNH LÀO CAI", "UỶ BAN ..."), if it names one."""
    return parse_committee(src.parent_line.replace("UỶ", "ỦY")) if src.parent_line else None


def _body_text(src: Source) -> str:
    return "\n".join(line.text.replace("*", "") for line in src.body)


def _lone_department(src: Source) -> str | None:
    """The name of a body of a kind the heads' table knows (a Sở, a Ban ...) printed with no parent line."""
    joined = " ".join(src.body_lines)
    if src.parent_line or head_title(joined) is None:  # the kind first: casing reads the whole text
        return None
    return organ_case(joined, _body_text(src))[0]


def _province_named(place: str) -> bool:
    """Whether the date line's place is a province's or a centrally-run city's name, of any period (a
    commune's name there tells the province nothing)."""
    return provinces.ever(place.removeprefix("Thành phố ").strip()) is not None


def read_issuer(src: Source, unit: vn.IssuingBody) -> Issuer:
    """A Sở's plan as printed: its parent line (abbreviated as printed: "UBND tỉnh Lào Cai") and its name
    in the case its own sentences write it ("Sở Công Thương"); a People's Committee's otherwise."""
    lone = _lone_department(src)
    if lone is not None and not unit.name.startswith("["):
        # "SỞ CÔNG THƯƠNG" with no parent line above it (a copy that lost it, or a header that never had
        # it): the parent is the committee of the province the plan is dated in.
        parent = f"UBND {unit.unit}"
        src.warn(src.header_where, f"bản gốc không có dòng cơ quan chủ quản trên tên '{vn.upper(lone)}': ghi "
                                   f"'{parent}' (Nghị định 30, Phụ lục I, II.2), cần xem lại")
        return Issuer(unit=unit, department=lone, parent=parent)
    if src.parent_line and src.body_lines and _parent_committee(src) is None:
        # "SỞ CÔNG THƯƠNG" above "CHI CỤC ...": the parent is a body, the province the date line's.
        text = _body_text(src)
        parent, _ = organ_case(src.parent_line, text)
        name, found = organ_case(" ".join(src.body_lines), text)
        if head_title(parent) is not None and not unit.name.startswith("["):
            if not found:
                src.warn(src.header_where, f"tên cơ quan '{vn.upper(name)}' chỉ có chữ in hoa: ghi '{name}', cần xem "
                                           "lại chữ hoa của tên riêng")
            return Issuer(unit=unit, department=name, parent=parent)
    if not (src.parent_line and src.body_lines and _parent_committee(src)):
        return Issuer(unit=unit)
    printed = re.sub(r"\s+", " ", src.parent_line.strip())
    parent = f"UBND {unit.unit}" if printed.upper().startswith("UBND") else unit.full_name
    name, found = organ_case(" ".join(src.body_lines), _body_text(src))
    if not found:
        src.warn(src.header_where, f"tên cơ quan '{vn.upper(name)}' chỉ có chữ in hoa: ghi '{name}', cần xem lại "
                                   "chữ hoa của tên riêng")
    return Issuer(unit=unit, department=name, parent=parent)


def issuing_body(src: Source) -> vn.IssuingBody:
    """The province whose People's Committee issues the plan, or stands above the body that does."""
    parent = _parent_committee(src)
    if parent is not None:
        return vn.IssuingBody(kind=parent.kind, name=place_case(parent.name))
    if len(src.body_lines) >= 2:
        parsed = vn.parse_issuing_body(f"Ủy ban nhân dân {src.body_lines[1]}")
        if parsed:
            return vn.IssuingBody(kind=parsed.kind, name=place_case(parsed.name))
    if src.body_lines:
        # "UBND TỈNH LÀO CAI" above a department: the People's Committee is the first line.
        first = re.sub(r"^UBND\b", "Ủy ban nhân dân", src.body_lines[0].replace("UỶ", "ỦY"))
        parsed = vn.parse_issuing_body(first)
        if parsed:
            return vn.IssuingBody(kind=parsed.kind, name=place_case(parsed.name))
    place = None
    if src.date_text and "," in src.date_text:
        place = src.date_text.split(",")[0].strip()
    meta = src.meta.get("Cơ quan ban hành") or src.meta.get("Nơi ban hành")
    if meta:
        parsed = vn.parse_issuing_body(f"Ủy ban nhân dân {meta}")
        if parsed:
            src.warn(src.header_where, f"tên cơ quan ban hành lấy từ thông tin trang web ('{meta}')")
            return parsed
    if place and _province_named(place):
        name = place.removeprefix("Thành phố ").strip()
        kind = "tỉnh"
        try:
            kind = provinces.find(name).kind
        except KehoachError:  # a province merged in 2025 is still a valid historical plan
            pass
        parent_body = bool(src.parent_line) and _parent_committee(src) is None
        if _lone_department(src) is None and not parent_body:  # a Sở's province is the date line's: no gap
            src.warn(src.header_where, f"bản gốc thiếu dòng '{vn.upper(kind + ' ' + name)}': suy ra từ địa danh '{place}'")
        return vn.IssuingBody(kind=kind, name=name)
    mentioned = _most_mentioned_unit(src)
    if mentioned is not None:
        printed = (f"cơ quan ban hành '{' / '.join(src.body_lines)}' không phải Ủy ban nhân dân hay sở, ban thuộc Ủy ban"
                   if src.body_lines else "bản gốc thiếu tên cơ quan ban hành")
        src.warn(src.header_where, f"{printed}: suy ra '{mentioned.full_name}' từ nội dung "
                                   "(đơn vị được nhắc nhiều nhất), cần kiểm tra")
        return mentioned
    seen = f" (phần đầu bản gốc: '{' / '.join(src.body_lines)}')" if src.body_lines else ""
    src.warn(src.header_where, f"không xác định được cơ quan ban hành{seen}: điền chỗ trống cần bổ sung")
    return vn.IssuingBody(kind="tỉnh", name="[Tên tỉnh]")


_UNIT_MENTION = re.compile(r"\b(tỉnh|thành phố|Thành phố)\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
                           r"\w*)(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*){0,3})")


def _most_mentioned_unit(src: Source) -> vn.IssuingBody | None:
    """A copy whose header is lost still names its province in the text ('trên địa bàn tỉnh Nghệ An')."""
    counts: dict[tuple[str, str], int] = {}
    for line in src.body:
        for m in _UNIT_MENTION.finditer(line.text):
            key = (m.group(1).lower(), m.group(2))
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    (kind, name), _ = max(counts.items(), key=lambda kv: kv[1])
    return vn.IssuingBody(kind=kind, name=name)


def read_signer(src: Source, issuer: Issuer) -> dict[str, Any]:
    """The signature block, written as what differs from the issuer's defaults (a People's Committee: TM.,
    KT. CHỦ TỊCH / PHÓ CHỦ TỊCH; a Sở: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC, no TM.)."""
    signer: dict[str, Any] = {}
    head = issuer.head
    deputy = f"Phó {head}" if head else "Phó Chủ tịch"
    lines = [vn.upper(x) for x in src.authority]
    tm = [x for x in lines if x.startswith("TM. ")]
    marks = [x for x in lines if re.match(r"^(KT|TL|TUQ|Q)\. ", x)]
    positions = [x for x in lines if not re.match(r"^(TM|KT|TL|TUQ|Q)\. ", x)]
    if issuer.is_committee:
        if lines and not tm:
            signer["thay_mat"] = False
        elif tm and tm[0][4:] != nd30.UBND_NAME:
            signer["tap_the"] = position_case(tm[0][4:])
    elif tm:
        signer["thay_mat"] = True
        signer["tap_the"] = organ_case(tm[0][4:])[0]
    if marks:
        mark, rest = marks[0].split(". ", 1)
        signer["quyen_han"] = mark
        if head is None or rest != vn.upper(head):
            signer["thu_truong"] = position_case(rest)
    if positions:
        # The capacity right under the KT. line is the signer's; a title further down is the signer's other
        # office ("PHÓ THỦ TƯỚNG" under a Ban chỉ đạo's "PHÓ TRƯỞNG BAN THƯỜNG TRỰC").
        after_mark = [x for x in lines[lines.index(marks[0]) + 1:] if x in positions] if marks else []
        signer["chuc_vu"] = position_case((after_mark or positions)[0] if marks else positions[-1])
        own_head = vn.upper(head or "Chủ tịch")
        deputy_of_head = vn.upper(signer["chuc_vu"]).startswith(f"PHÓ {own_head}")
        if not marks and vn.upper(signer["chuc_vu"]) != own_head and not deputy_of_head:
            # No KT. line above "TRƯỞNG BAN": its signer heads whatever signs, not a deputy of the issuer's head.
            signer["thu_truong"] = signer["chuc_vu"]
    elif marks and marks[0].startswith("Q. "):
        pass
    elif marks and marks[0].startswith("KT. "):
        # "KT. CỤC TRƯỞNG" with the line under it lost: a deputy of that head signs.
        signer["chuc_vu"] = f"Phó {position_case(marks[0][4:])}"
        src.warn(src.tail_where, f"bản gốc thiếu chức vụ người ký: tạm ghi '{signer['chuc_vu']}', cần kiểm tra")
    else:
        src.warn(src.tail_where, f"bản gốc thiếu chức vụ người ký: tạm ghi '{deputy}', cần kiểm tra")
    name = src.signer or src.meta.get("Người ký")
    if name and not src.signer:
        src.warn(src.tail_where, f"họ tên người ký lấy từ thông tin trang web ('{name}')")
    if not name:
        src.warn(src.tail_where, "bản gốc thiếu họ tên người ký: điền chỗ trống cần bổ sung")
    signer["ho_ten"] = name or PLACEHOLDER_SIGNER
    position = signer.get("chuc_vu", deputy)
    if signer.get("quyen_han") == "KT" and position != (head or "Chủ tịch") and "thu_truong" not in signer:
        signer.pop("quyen_han")  # KT. is what a deputy's signature gets by default
    return signer
