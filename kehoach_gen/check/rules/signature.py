"""The signature block and the recipients: table, authority lines, signer, signing space, Nơi nhận,
Lưu, drafter's code (ND30-R34 ... R41)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from kehoach_gen.check.kind import Kind
from kehoach_gen.check.rules.base import (
    _ALIGN_VI,
    _UPPER,
    ADMINISTRATIVE,
    SIZE,
    _is_upper,
    _nonempty,
    _props,
    bold_warning,
    centring,
    check_form,
    form,
    kind_of,
    runs,
)
from kehoach_gen.check.rules.header import _TABLE_PRACTICE, _row, _visible_borders
from kehoach_gen.check.rules.place import (
    FLUSH_TOLERANCE_CM,
    _box_mm,
    block_middle_mm,
    centred,
    flush_left_cm,
    middle_mm,
    off_centre,
)
from kehoach_gen.facts import nd30, vn
from kehoach_gen.facts.findings import Check, Family, Finding, Scope
from kehoach_gen.facts.wordml import W
from kehoach_gen.ooxml.layout import DocxPara, Layout, norm
from kehoach_gen.plan.issuer import head_title


def _sig(lay: Layout) -> tuple[list[DocxPara], list[DocxPara]]:
    if len(lay.sig_cells) < 2:
        return (lay.sig_cells[0] if lay.sig_cells else []), []
    return lay.sig_cells[0], lay.sig_cells[-1]


def _authority(lay: Layout) -> tuple[list[DocxPara], DocxPara | None]:
    _, right = _sig(lay)
    lines = [p for p in _nonempty(right) if not re.fullmatch(r"\(.*\)|\[.*\]", p.text)]  # "(Đã ký)" notes
    if not lines:
        return [], None
    if lines[-1].text == lines[-1].text.upper() and lines[-1].text != lines[-1].text.lower():
        return lines, None  # all capitals: a position line, the name is not typed yet (a draft)
    return lines[:-1], lines[-1]


_AUTH_WHERE = "khối ký, bên phải, ô (1,2), đoạn 1"
_SIGN_CLAUSE = ("Phụ lục I, II.7.b, đ: quyền hạn (TM., KT., TL., TUQ., Q.), chức vụ người ký chữ in hoa, cỡ chữ 13 "
                "đến 14, kiểu chữ đứng, đậm (ô 7a); họ tên người ký chữ in thường, cỡ chữ 13 đến 14, kiểu chữ đứng, "
                "đậm, canh giữa so với quyền hạn, chức vụ (ô 7b); trước họ tên không ghi học hàm, học vị (II.7.c)")
R34 = Family("ND30-R34", "Bảng Nơi nhận - chữ ký",
             "Phụ lục I, IV (sơ đồ: ô 9b bên trái, ô 7a, 7b, 7c bên phải cùng hàng); Phụ lục III, Mẫu 1.4",
             ADMINISTRATIVE, measured="bảng có 'Nơi nhận:' sau phần nội dung: số cột, đường viền",
             tolerance=_TABLE_PRACTICE)
_R34_NONE = R34.check("a", "W", "thiếu khối Nơi nhận và chữ ký (bảng 2 cột)", title="có khối Nơi nhận và chữ ký",
                      example={"where": "cuối văn bản", "found": "không có", "expected": "bảng 2 cột không viền"})
_R34_COLUMNS = R34.check("b", "W", "khối Nơi nhận và chữ ký nên là bảng 2 cột", title="khối ký hai cột",
                         example={"where": "khối ký", "found": "3 cột", "expected": "2 cột"})
_R34_BORDERS = R34.check("c", "W", "bảng Nơi nhận - chữ ký không có đường viền", title="khối ký không viền",
                         example={"where": "khối ký", "found": "có viền", "expected": "không viền"})


@runs(R34)
def r34(lay: Layout) -> Iterator[Finding]:
    if lay.sig is None:
        yield _R34_NONE("cuối văn bản", found="không có", expected="bảng 2 cột không viền")
        return
    if len(lay.sig_cells) != 2:
        yield _R34_COLUMNS("khối ký", found=f"{len(lay.sig_cells)} cột", expected="2 cột")
    if _visible_borders(lay.sig, lay):
        yield _R34_BORDERS("khối ký", found="có viền", expected="không viền")






def by_spaces(family: Family, letter: str, name: str, where: str) -> Check:
    """Declare the warning that an element is centred by typed spaces or tabs, not by its alignment."""
    return family.check(
        letter, "W", f"{name} canh giữa bằng dấu cách hoặc tab; nên đặt căn giữa",
        title=f"{name} căn giữa bằng định dạng", measured="dòng trông canh giữa nhưng không đặt căn giữa",
        tolerance="canh giữa bằng dấu cách hoặc tab in ra đúng nhưng lệch ngay khi sửa chữ, đổi phông, nên là cảnh "
                  "báo", example={"where": where, "found": "căn bằng dấu cách", "expected": "căn giữa"})


R35 = Family("ND30-R35", "Quyền hạn, chức vụ người ký", _SIGN_CLAUSE, ADMINISTRATIVE,
             measured="các dòng chữ in hoa ở ô bên phải khối ký, trên họ tên người ký (bỏ ghi chú '(Đã ký)')")
_R35_MISSING = R35.check("a", "E", "thiếu dòng quyền hạn, chức vụ người ký", title="có dòng quyền hạn, chức vụ",
                         example={"where": "khối ký, bên phải", "found": "không có",
                                  "expected": f"{nd30.UBND_COLLECTIVE} / CHỦ TỊCH"})
_R35_MARK_SPACE = R35.check("b", "E", "sau dấu chấm của TM., KT. ... có một dấu cách", title="dấu cách sau TM., KT.",
                            example={"where": _AUTH_WHERE, "found": "KT.CHỦ TỊCH", "expected": "KT. CHỦ TỊCH"})
_R35_UPPER = R35.check("c", "E", "quyền hạn, chức vụ người ký viết chữ in hoa", title="quyền hạn, chức vụ chữ in hoa",
                       measured=_UPPER, example={"where": _AUTH_WHERE, "found": "Kt. Chủ tịch", "expected": "KT. CHỦ TỊCH"})
_R35_TM_FIRST = R35.check("d", "E", "dòng TM. đứng đầu khối chữ ký", title="dòng TM. đứng đầu",
                          clause="Phụ lục I, II.7.b: ký thay mặt tập thể ghi 'TM.' trước tên tập thể",
                          example={"where": "khối ký, bên phải, ô (1,2), đoạn 2", "found": "dòng 2",
                                   "expected": "dòng 1"})
_R35_POSITION = R35.check(
    "e", "E", "sau dòng {mark}. có dòng chức vụ của người ký", title="có chức vụ người ký sau KT., TL., TUQ.",
    clause="Phụ lục I, II.7.b: KT., TL., TUQ. ghi trước chức vụ của người đứng đầu; dưới là chức vụ của người ký",
    measured="dòng KT., TL., TUQ. là dòng quyền hạn cuối cùng",
    example={"where": "khối ký, bên phải, ô (1,2), đoạn 2", "found": "không có", "expected": "PHÓ CHỦ TỊCH",
             "mark": "KT"})
_R35_LOOK = form(R35, "fgh", "quyền hạn, chức vụ", _AUTH_WHERE, bold=True, italic=False, size=SIZE["quyen_han"])
_R35_CENTRE = centring(R35, "i", "quyền hạn, chức vụ", _AUTH_WHERE, severity="W",
                       tolerance="Phụ lục I không nêu cách canh dòng quyền hạn, chức vụ (ô 7a), chỉ nêu họ tên canh "
                                 "giữa so với các dòng này (II.7.đ) và vị trí bên phải (sơ đồ IV), nên chỉ là cảnh báo")
_R35_SPACES = by_spaces(R35, "j", "quyền hạn, chức vụ", _AUTH_WHERE)
_R35_COLLECTIVE = R35.check(
    "k", "W", f"Kế hoạch ký thay mặt tập thể Ủy ban nhân dân thường có dòng '{nd30.UBND_COLLECTIVE}'",
    title="dòng TM. ỦY BAN NHÂN DÂN ở Kế hoạch của UBND",
    scope=Scope("Kế hoạch của Ủy ban nhân dân", lambda kind: kind.is_ubnd and kind.is_ke_hoach),
    measured="dòng quyền hạn đầu tiên bắt đầu bằng 'TM.'",
    tolerance="nhiều kế hoạch của UBND ký thẳng 'KT. CHỦ TỊCH'; Phụ lục I không nói kế hoạch nào là việc của tập "
              "thể, nên là cảnh báo",
    example={"where": _AUTH_WHERE, "found": "KT. CHỦ TỊCH", "expected": nd30.UBND_COLLECTIVE})


@runs(R35)
def r35(lay: Layout) -> Iterator[Finding]:
    lines, _ = _authority(lay)
    kind = kind_of(lay)
    if lay.sig is not None and not lines:
        yield _R35_MISSING("khối ký, bên phải", found="không có", expected=_authority_example(kind))
    for i, p in enumerate(lines):
        if (m := nd30.AUTHORITY_MARK.match(p.text)) and not p.text[m.end():].startswith(" "):
            yield _R35_MARK_SPACE(p.where, found=p.text, expected=f"{m.group(1)}. {p.text[m.end():]}")
        if not _is_upper(lay, p):
            yield _R35_UPPER(p.where, found=p.text, expected=p.text.upper())
        if p.text.startswith("TM.") and i != 0:
            yield _R35_TM_FIRST(p.where, found=f"dòng {i + 1}", expected="dòng 1")
        m = nd30.AUTHORITY_MARK.match(p.text)
        if m and m.group(1) in ("KT", "TL", "TUQ") and i == len(lines) - 1:
            # KT.: the head's deputy signs ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"); TL., TUQ.: another office's head.
            deputy = f"PHÓ {p.text[m.end():].strip()}" if m.group(1) == "KT" else "<CHỨC VỤ NGƯỜI KÝ>"
            yield _R35_POSITION(p.where, found="không có", expected=deputy, mark=m.group(1))
        yield from check_form(_R35_LOOK, lay, p)
        yield from _centred_in_block(lay, p, _R35_CENTRE, _R35_SPACES)
    if lines and _R35_COLLECTIVE.applies(kind) and not lines[0].text.startswith("TM."):
        yield _R35_COLLECTIVE(lines[0].where, found=lines[0].text, expected=nd30.UBND_COLLECTIVE)


def _authority_example(kind: Kind) -> str:
    """The authority lines a document of this issuer usually opens its signature with."""
    if kind.is_ubnd or not kind.issuer:
        return f"{nd30.UBND_COLLECTIVE} / CHỦ TỊCH"
    head = head_title(kind.issuer_name)
    return f"KT. {vn.upper(head)} / PHÓ {vn.upper(head)}" if head else "<QUYỀN HẠN, CHỨC VỤ NGƯỜI KÝ>"


def _centred_in_block(lay: Layout, p: DocxPara, off: Check, by_spaces: Check) -> Iterator[Finding]:
    """Centred in the signer's cell; centring by typed spaces reads as centred but is fragile (W)."""
    if not centred(lay, p):
        yield from off_centre(off, lay, p)
    elif lay.resolver.para(p.el).align != "center":
        yield by_spaces(p.where, found="căn bằng dấu cách", expected="căn giữa")


_NAME_WHERE_SIG = "khối ký, bên phải, ô (1,2), đoạn 6"
R36 = Family("ND30-R36", "Họ tên người ký", _SIGN_CLAUSE, ADMINISTRATIVE,
             measured="dòng cuối ô bên phải khối ký, khi không phải chữ in hoa")
_R36_DRAFT = R36.check("a", "W", "dự thảo: chưa có họ tên người ký", title="dự thảo chưa có họ tên",
                       tolerance="bản dự thảo có thể chưa biết người ký, nên là cảnh báo",
                       example={"where": _AUTH_WHERE, "found": "không có", "expected": "Nguyễn Văn A"})
_R36_TITLE = R36.check(
    "b", "E", "trước họ tên người ký không ghi học hàm, học vị", title="không ghi học hàm, học vị",
    measured="họ tên bắt đầu bằng GS, PGS, TS, ThS, KS, BS, CN, TSKH hoặc có 'Giáo sư', 'Tiến sĩ', 'Thạc sĩ'",
    example={"where": _NAME_WHERE_SIG, "found": "TS. Nguyễn Văn Bình", "expected": "Nguyễn Văn Bình"})
_R36_CASE = R36.check(
    "c", "W", "họ tên viết in thường, hoa chữ cái đầu mỗi chữ", title="họ tên hoa chữ cái đầu",
    tolerance="có tên riêng viết khác quy tắc chung (tên người dân tộc, tên nước ngoài), nên là cảnh báo",
    example={"where": _NAME_WHERE_SIG, "found": "Nguyễn văn bình", "expected": "Nguyễn Văn Bình"})
_R36_LOOK = form(R36, "def", "họ tên người ký", _NAME_WHERE_SIG, bold=True, italic=False, size=SIZE["ho_ten"])
_R36_CENTRE = R36.check(
    "g", "E", "họ tên người ký canh giữa so với quyền hạn, chức vụ người ký", title="họ tên canh giữa dưới chức vụ",
    measured="điểm giữa dòng họ tên so với điểm giữa khối các dòng quyền hạn, chức vụ (từ đầu dòng trái nhất đến cuối "
             "dòng phải nhất), tính từ căn lề, thụt lề, dấu cách và tab gõ ở đầu dòng, bề rộng ô; không so với giữa ô",
    tolerance="5 mm hoặc 8 % bề rộng ô: canh bằng dấu cách hay tab cũng được, người đọc thấy như nhau",
    example={"where": _NAME_WHERE_SIG, "found": "lệch 12 mm về bên trái so với dòng chức vụ",
             "expected": "cùng điểm giữa với các dòng quyền hạn, chức vụ"})
_R36_SPACES = by_spaces(R36, "h", "họ tên người ký", _NAME_WHERE_SIG)


@runs(R36)
def r36(lay: Layout) -> Iterator[Finding]:
    lines, name = _authority(lay)
    if name is None:
        if lines:
            yield _R36_DRAFT(lines[-1].where, found="không có", expected="Nguyễn Văn A")
        return
    if re.match(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.?\s", name.text) or re.search(r"Giáo sư|Tiến sĩ|Thạc sĩ", name.text):
        yield _R36_TITLE(name.where, found=name.text, expected=re.sub(r"^\S+\.?\s", "", name.text))
    if name.text != " ".join(w[:1].upper() + w[1:].lower() for w in name.text.split()):
        yield _R36_CASE(name.where, found=name.text,
                        expected=" ".join(w[:1].upper() + w[1:].lower() for w in name.text.split()))
    yield from check_form(_R36_LOOK, lay, name)
    # II.7.đ: the name is centred on the authority and position lines (7a), wherever they stand in the cell.
    anchor, mid = block_middle_mm(lay, lines), middle_mm(lay, name)
    room = max(5.0, 0.08 * _box_mm(lay, name.el))
    if anchor is None or mid is None:
        yield from _centred_in_block(lay, name, _R36_CENTRE, _R36_SPACES)
    elif abs(mid - anchor) > room:
        yield _R36_CENTRE(name.where, found=f"lệch {abs(mid - anchor):.0f} mm về bên {'phải' if mid > anchor else 'trái'} "
                                            "so với dòng chức vụ",
                          expected="cùng điểm giữa với các dòng quyền hạn, chức vụ")
    elif lay.resolver.para(name.el).align != "center":
        yield _R36_SPACES(name.where, found="căn bằng dấu cách", expected="căn giữa")


R37 = Family("ND30-R37", "Khoảng trống để ký",
             "Phụ lục I, II.7.đ, II.8: chữ ký (ô 7c) và dấu (ô 8) đặt giữa chức vụ và họ tên người ký", ADMINISTRATIVE)
_R37 = R37.check(
    "", "W", "chừa khoảng trống để ký và đóng dấu", title="chừa chỗ ký và đóng dấu",
    measured="khoảng cách từ dòng chức vụ cuối đến họ tên: khoảng cách đoạn cộng các dòng trống (mỗi dòng 1,15 lần "
             "cỡ chữ)",
    tolerance="Phụ lục I không nêu độ cao; dưới 36 pt (khoảng ba dòng) thì khó ký và đóng dấu, nên là cảnh báo",
    example={"where": _NAME_WHERE_SIG, "found": "14 pt", "expected": "≥ 36 pt"})


@runs(R37)
def r37(lay: Layout) -> Iterator[Finding]:
    lines, name = _authority(lay)
    if not lines or name is None:
        return
    _, right = _sig(lay)
    start, end = right.index(lines[-1]), right.index(name)
    space = lay.resolver.para(lines[-1].el).after_pt + lay.resolver.para(name.el).before_pt
    seen: set[etree._Element] = {lines[-1].el, name.el}
    for p in right[start + 1:end]:
        line = (lay.resolver.run(None, p.el).size or 14) * 1.15
        if p.runs is not None and not p.text:
            space += line  # an empty line made by w:br
        elif p.el not in seen:
            seen.add(p.el)
            props = lay.resolver.para(p.el)
            space += line + props.before_pt + props.after_pt
    if space < 36:
        yield _R37(name.where, found=f"{space:.0f} pt", expected="≥ 36 pt")


def flush(family: Family, letter: str, name: str, where: str) -> Check:
    """Declare the check that an element starts at the left margin, as the reader sees it."""
    return family.check(
        letter, "E", f"{name} sát lề trái", title=f"{name} sát lề trái",
        measured="chỗ dòng chữ bắt đầu, tính từ lề trái của trang: chỗ đặt bảng (bảng căn giữa hay căn phải đứng "
                 "theo độ rộng của nó, có thể lấn ra ngoài lề; bảng căn trái đứng theo thụt lề bảng), các cột đứng "
                 "trước ô, lề ô, thụt lề đoạn, dấu cách và tab gõ ở đầu dòng; đoạn căn giữa hay căn phải là không "
                 "sát lề",
        tolerance=f"{FLUSH_TOLERANCE_CM:g} cm (vài ký tự): người đọc vẫn thấy dòng sát lề".replace(".", ","),
        example={"where": where, "found": "cách lề 1,27 cm", "expected": "cách lề 0 cm"})


def _flush_left(check: Check, lay: Layout, p: DocxPara) -> Iterator[Finding]:
    """'Sát lề trái' (II.9.d): where the line starts, whatever alignment or indent puts it there."""
    align = lay.resolver.para(p.el).align
    if align in ("center", "right"):
        yield check(p.where, found=_ALIGN_VI[align], expected="sát lề trái")
        return
    pos = flush_left_cm(lay, p)
    if abs(pos) > FLUSH_TOLERANCE_CM:
        yield check(p.where, found=f"cách lề {pos:.2f} cm".replace(".", ","), expected="cách lề 0 cm")


_RECIPIENTS_CLAUSE = ("Phụ lục I, II.9.d (ô 9b): từ 'Nơi nhận' trên một dòng riêng, ngang hàng với dòng quyền hạn, "
                      "chức vụ người ký, sát lề trái, sau có dấu hai chấm, chữ in thường, cỡ chữ 12, kiểu chữ nghiêng, "
                      "đậm; phần liệt kê cỡ chữ 11, kiểu chữ đứng, mỗi nơi nhận một dòng, đầu dòng có gạch ngang, "
                      "cuối dòng có dấu chấm phẩy, dòng cuối 'Lưu: VT, <chữ viết tắt đơn vị soạn thảo>' rồi dấu chấm")
_LABEL_WHERE = "khối ký, bên trái, ô (1,1), đoạn 1"
_ENTRY_WHERE = "khối ký, bên trái, ô (1,1), đoạn 2"
R38 = Family("ND30-R38", "Chữ 'Nơi nhận:'", _RECIPIENTS_CLAUSE, ADMINISTRATIVE,
             measured="dòng đầu tiên có chữ ở ô bên trái khối ký")
_R38_TEXT = R38.check("a", "E", "từ 'Nơi nhận' trên một dòng riêng, sau có dấu hai chấm", title="dòng 'Nơi nhận:'",
                      example={"where": _LABEL_WHERE, "found": "Nơi nhận", "expected": nd30.NOI_NHAN_LABEL})
_R38_LOOK = form(R38, "bcd", "chữ 'Nơi nhận:'", _LABEL_WHERE, bold=True, italic=True, size=SIZE["noi_nhan_label"])
_R38_FLUSH = flush(R38, "e", "chữ 'Nơi nhận:'", _LABEL_WHERE)
_R38_LEVEL = R38.check(
    "f", "W", "chữ 'Nơi nhận:' ngang hàng với dòng quyền hạn, chức vụ người ký", title="'Nơi nhận:' ngang hàng chức vụ",
    measured="dòng 'Nơi nhận:' và dòng quyền hạn đầu tiên cùng một hàng của bảng khối ký",
    tolerance="khác hàng bảng vẫn có thể in ngang nhau, nên là cảnh báo",
    example={"where": _LABEL_WHERE, "found": "khác hàng bảng", "expected": f"cùng hàng với '{nd30.UBND_COLLECTIVE}'"})


@runs(R38)
def r38(lay: Layout) -> Iterator[Finding]:
    left, _ = _sig(lay)
    lab = _nonempty(left)[:1]
    if lay.sig is None or not lab:
        return
    p = lab[0]
    if p.text != nd30.NOI_NHAN_LABEL:
        yield _R38_TEXT(p.where, found=p.text, expected=nd30.NOI_NHAN_LABEL)
    yield from check_form(_R38_LOOK, lay, p)
    yield from _flush_left(_R38_FLUSH, lay, p)
    lines, _ = _authority(lay)
    if lines and _row(lines[0].el) is not _row(p.el):
        yield _R38_LEVEL(p.where, found="khác hàng bảng", expected=f"cùng hàng với '{lines[0].text}'")


_DRAFTER = re.compile(r"^[A-ZĐ][A-ZĐ0-9]*\.\(\d+\)$")


def _entries(lay: Layout) -> list[DocxPara]:
    """The Nơi nhận lines under the label, without a drafter code ("PL.(300)", ô 12) after them."""
    left, _ = _sig(lay)
    items = _nonempty(left)[1:]
    while items and _DRAFTER.match(items[-1].text):
        items.pop()
    return items


R41 = Family("ND30-R41", "Ký hiệu người soạn thảo, số bản",
             "Phụ lục I, III.3 (ô 12): ký hiệu chữ in hoa, số lượng bản bằng chữ số Ả Rập, cỡ chữ 11, kiểu chữ đứng",
             ADMINISTRATIVE, measured="dòng dạng 'PL.(300)' dưới Nơi nhận")
_R41_LOOK = form(R41, "ab", "ký hiệu người soạn thảo và số bản", "khối ký, bên trái, ô (1,1), đoạn 9", italic=False,
                 size=SIZE["ma_nguoi_soan"], severity="W",
                 tolerance="thành phần không bắt buộc, ít người đọc tới, nên là cảnh báo")


@runs(R41)
def r41(lay: Layout) -> Iterator[Finding]:
    left, _ = _sig(lay)
    for p in _nonempty(left)[1:]:
        if _DRAFTER.match(p.text):
            yield from check_form(_R41_LOOK, lay, p)


R39 = Family("ND30-R39", "Các dòng Nơi nhận", _RECIPIENTS_CLAUSE, ADMINISTRATIVE,
             measured="các dòng dưới 'Nơi nhận:' ở ô bên trái khối ký (trừ ký hiệu người soạn thảo ở cuối)")
_R39_FORM = R39.check("a", "E", "mỗi nơi nhận trên một dòng, đầu dòng có '-', cuối dòng có ';'",
                      title="dòng nơi nhận dạng '- ...;'",
                      example={"where": _ENTRY_WHERE, "found": "Bộ Ngoại giao", "expected": "- Bộ Ngoại giao;"})
_R39_LOOK = form(R39, "bc", "dòng nơi nhận", _ENTRY_WHERE, italic=False, size=SIZE["noi_nhan"])
_R39_BOLD = bold_warning(R39, "d", "dòng nơi nhận kiểu chữ đứng, không đậm", "dòng nơi nhận", _ENTRY_WHERE,
                         said="kiểu chữ đứng")
_R39_FLUSH = flush(R39, "e", "gạch đầu dòng nơi nhận", _ENTRY_WHERE)


@runs(R39)
def r39(lay: Layout) -> Iterator[Finding]:
    entries = _entries(lay)
    for i, p in enumerate(entries):
        last = i == len(entries) - 1
        if not last and not re.fullmatch(r"- \S.*;", p.text):
            fixed = "- " + p.text.lstrip("-–+• ").rstrip(".;,") + ";"
            yield _R39_FORM(p.where, found=p.text, expected=fixed)
        yield from check_form(_R39_LOOK, lay, p)
        if any(x.bold for x in _props(lay, p)):
            yield _R39_BOLD(p.where, found="đậm", expected="không đậm")
        yield from _flush_left(_R39_FLUSH, lay, p)


_KEEP_WHERE = "khối ký, bên trái, ô (1,1), đoạn 8"
R40 = Family("ND30-R40", "Dòng Lưu", _RECIPIENTS_CLAUSE, ADMINISTRATIVE,
             measured="dòng cuối cùng dưới 'Nơi nhận:' (trước ký hiệu người soạn thảo)")
_R40_FORM = R40.check("a", "E", "dòng cuối Nơi nhận: 'Lưu: VT, <đơn vị soạn thảo>', cuối cùng là dấu chấm",
                      title="dòng '- Lưu: VT, ...'",
                      measured="chữ của dòng cuối, trừ tên người soạn thảo mà đơn vị in nhỏ (chỉ số dưới, chỉ số trên) "
                               "sau chữ viết tắt đơn vị: đó là thông lệ của đơn vị, không phải một phần của dòng Lưu",
                      example={"where": _KEEP_WHERE, "found": "- Lưu: VT, NC", "expected": "- Lưu: VT, NC."})
_R40_UNIT = R40.check("b", "W", "dòng Lưu nên ghi đơn vị soạn thảo", title="dòng Lưu có đơn vị soạn thảo",
                      tolerance="'- Lưu: VT.' vẫn đúng dạng; thiếu đơn vị soạn thảo chỉ là cảnh báo",
                      example={"where": _KEEP_WHERE, "found": "- Lưu: VT.", "expected": "- Lưu: VT, <đơn vị>."})


def _drafter_tag(lay: Layout, p: DocxPara) -> tuple[str, str]:
    """The Lưu line as read without the drafter's tag many offices set small after the units ('- Lưu: VT,
    NC.' then 'Châu' in subscript): an office practice, not a unit; and the tag."""
    runs = [r for r in (p.el.iter(f"{W}r") if p.runs is None else p.runs) if r.find(f"{W}t") is not None]
    small = [r for r in runs if lay.resolver.run(r, p.el).vert_align is not None]
    if not small:
        return p.text, ""
    def text(rs: list[etree._Element]) -> str:
        return norm("".join(t.text or "" for r in rs for t in r.iterchildren(f"{W}t")))
    tag = text(small)
    # The line's own full stop set small with the tag ('VP' then 'Việt Cường.' in subscript) still ends it.
    stop = re.search(r"[.;,]+$", tag) if runs[-1] in small else None
    return text([r for r in runs if r not in small]) + (stop.group(0) if stop else ""), tag


@runs(R40)
def r40(lay: Layout) -> Iterator[Finding]:
    entries = _entries(lay)
    if lay.sig is None or not entries:
        return
    p = entries[-1]
    text, _tag = _drafter_tag(lay, p)
    if not re.fullmatch(r"- Lưu:\s?VT(, ?[^;]+)?\.", text):
        unit = re.sub(r"^-?\s*Lưu:?\s*(VT,?\s*)?", "", text).rstrip(".;") or "<đơn vị soạn thảo>"
        yield _R40_FORM(p.where, found=text, expected=f"- Lưu: VT, {unit}.")
    elif text == "- Lưu: VT.":
        yield _R40_UNIT(p.where, found=text, expected="- Lưu: VT, <đơn vị>.")
