"""The title block: the document's type, the trích yếu and the line under it (ND30-R22 ... R24)."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach_gen.check.rules.base import (
    _UPPER,
    SIZE,
    TITLED,
    _is_upper,
    _pt,
    _size,
    centring,
    check_form,
    form,
    kind_of,
    runs,
)
from kehoach_gen.check.rules.header import _LINE_FORMS, _SHORT_LENGTH, _SHORT_TOLERANCE, _line_length_words
from kehoach_gen.check.rules.place import Mark, _box_mm, line_after, off_centre
from kehoach_gen.facts import nd30, vn
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.facts.metrics import text_width_mm
from kehoach_gen.ooxml.layout import Layout, Para, shape_lines


def _type_name(lay: Layout) -> str:
    kind = kind_of(lay)
    return kind.type.title if kind.type is not None else "tên loại"


_TITLE_WHERE = "tên loại"
_KH = {"type": nd30.KE_HOACH.title}
R22 = Family("ND30-R22", "Tên loại văn bản",
             "Phụ lục I, II.5.b: tên loại văn bản đặt canh giữa, chữ in hoa, cỡ chữ 13 đến 14, kiểu chữ đứng, đậm "
             "(ô 5a)", TITLED, measured="dòng đầu tiên sau bảng tiêu đề là tên một loại văn bản của Phụ lục III")
_R22_MISSING = R22.check("a", "E", "thiếu tên loại văn bản dưới phần đầu", title="có tên loại văn bản",
                         example={"where": "đầu văn bản", "found": "không có", "expected": nd30.KE_HOACH.title})
_R22_UPPER = R22.check("b", "E", "tên loại văn bản viết chữ in hoa", title="tên loại chữ in hoa", measured=_UPPER,
                       example={"where": _TITLE_WHERE, "found": "Kế hoạch", "expected": nd30.KE_HOACH.title})
_R22_LOOK = form(R22, "cde", "tên loại '{type}'", _TITLE_WHERE, bold=True, italic=False, size=SIZE["ten_loai"],
                 values=_KH, label="tên loại")
_R22_CENTRE = centring(R22, "f", "tên loại '{type}'", _TITLE_WHERE, values=_KH, label="tên loại")


@runs(R22)
def r22(lay: Layout) -> Iterator[Finding]:
    p = lay.title
    name = _type_name(lay)
    if p is None:
        yield _R22_MISSING("đầu văn bản", found="không có", expected=name)
        return
    if not _is_upper(lay, p):
        yield _R22_UPPER(p.where, found=p.text, expected=name)
    yield from check_form(_R22_LOOK, lay, p, type=name)
    yield from off_centre(_R22_CENTRE, lay, p, type=name)


_SUMMARY_WHERE = "trích yếu"
R23 = Family("ND30-R23", "Trích yếu",
             "Phụ lục I, II.5.b: trích yếu nội dung đặt canh giữa, ngay dưới tên loại, chữ in thường, cỡ chữ 13 đến "
             "14, kiểu chữ đứng, đậm (ô 5a)", TITLED,
             measured="các dòng ngay dưới tên loại, đến đường kẻ ngắn hoặc đoạn nội dung đầu tiên")
_R23_MISSING = R23.check("a", "E", "thiếu trích yếu nội dung dưới tên loại '{type}'", title="có trích yếu",
                         example={"where": _SUMMARY_WHERE, "found": "không có",
                                  "expected": "một câu ngắn in thường, đậm, canh giữa", **_KH})
_R23_LOOK = form(R23, "bcd", "trích yếu", _SUMMARY_WHERE, bold=True, italic=False, size=SIZE["trich_yeu"])
_R23_CENTRE = centring(R23, "e", "trích yếu", _SUMMARY_WHERE)
_R23_CAPITALS = R23.check(
    "f", "E", "trích yếu trình bày bằng chữ in thường", title="trích yếu chữ in thường",
    measured="mọi chữ cái của trích yếu đều viết hoa (bản chép từ trang web hay để như vậy)",
    example={"where": _SUMMARY_WHERE, "found": "toàn chữ in hoa", "expected": "Công tác đối ngoại năm 2026"})
_R23_INITIAL = R23.check("g", "E", "trích yếu viết hoa chữ cái đầu", title="trích yếu viết hoa chữ đầu",
                         measured="chữ cái đầu tiên của trích yếu",
                         example={"where": _SUMMARY_WHERE, "found": "công tác đối ngoại", "expected": "Công tác đối ngoại"})
_R23_SIZE = R23.check(
    "h", "W", "trích yếu nên cùng cỡ chữ với tên loại", title="trích yếu cùng cỡ tên loại",
    measured="cỡ chữ chính của trích yếu so với của tên loại",
    tolerance="Phụ lục I cho cả hai khoảng 13 đến 14, không bắt cùng cỡ; các mẫu cùng cỡ, nên là cảnh báo",
    example={"where": _SUMMARY_WHERE, "found": "13 pt", "expected": "14 pt"})


@runs(R23)
def r23(lay: Layout) -> Iterator[Finding]:
    if lay.title is None:
        return
    if not lay.summary:
        yield _R23_MISSING("trích yếu", found="không có", expected="một câu ngắn in thường, đậm, canh giữa",
                           type=_type_name(lay))
        return
    for p in lay.summary:
        yield from check_form(_R23_LOOK, lay, p)
        yield from off_centre(_R23_CENTRE, lay, p)
    text = " ".join(p.text for p in lay.summary)
    letters = [c for c in text if c.isalpha()]
    if vn.all_capitals(text):
        yield _R23_CAPITALS(lay.summary[0].where, found="toàn chữ in hoa", expected=vn.sentence_case(text)[:40])
    elif letters and not letters[0].isupper():
        yield _R23_INITIAL(lay.summary[0].where, found=text[:20], expected=text[:1].upper() + text[1:20])
    s_sum, s_title = _size(lay, lay.summary[0]), _size(lay, lay.title)
    if s_sum != s_title:
        yield _R23_SIZE(lay.summary[0].where, found=_pt(s_sum), expected=_pt(s_title))


R24 = Family("ND30-R24", "Đường kẻ dưới trích yếu",
             "Phụ lục I, II.5.b: bên dưới trích yếu có đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ "
             "dài của dòng chữ và đặt cân đối so với dòng chữ", TITLED,
             measured=_LINE_FORMS + "; hoặc hình vẽ gắn ở dòng tên loại hay đoạn nội dung đầu tiên")
_R24_MISSING = R24.check("a", "E", "thiếu đường kẻ ngang, nét liền dưới trích yếu", title="có đường kẻ dưới trích yếu",
                         example={"where": _SUMMARY_WHERE, "found": "không có",
                                  "expected": "đường kẻ dài 25-37 mm (1/3 đến 1/2 dòng chữ)"})
_R24_LENGTH = R24.check("b", "E", "đường kẻ dưới trích yếu dài từ 1/3 đến 1/2 dòng chữ",
                        title="đường kẻ dưới trích yếu dài 1/3 đến 1/2 dòng chữ", measured=_SHORT_LENGTH,
                        tolerance=_SHORT_TOLERANCE,
                        example={"where": _SUMMARY_WHERE, "found": "120.0 mm (đường viền dưới đoạn)",
                                 "expected": "25-37 mm"})


@runs(R24)
def r24(lay: Layout) -> Iterator[Finding]:
    if not lay.summary:
        return
    where = lay.summary[-1].where
    size = _size(lay, lay.summary[-1]) or 14
    box = _box_mm(lay, lay.summary[-1].el)
    longest = min(max(text_width_mm(p.text, size, True) for p in lay.summary), box)
    lo, hi = longest * nd30.SHORT_LINE_RATIO.low, longest * nd30.SHORT_LINE_RATIO.high
    column = [Para(el, "") for el in lay.title_block]
    last = next(p for p in column if p.el is lay.summary[-1].el)
    mark = line_after(lay, column, last)
    if mark is None:
        # a line anchored in the title, or in the first body paragraph, and placed by its offset
        first_body = [lay.body[0].el] if lay.body else []
        marks = [Mark(m, "hình vẽ") for el in [*lay.title_block, *first_body] for m in shape_lines(el)]
        mark = marks[0] if marks else None
    if mark is None:
        yield _R24_MISSING(where, found="không có", expected=f"đường kẻ dài {lo:.0f}-{hi:.0f} mm (1/3 đến 1/2 dòng chữ)")
        return
    if mark.length_mm is not None and not (lo * 0.9 <= mark.length_mm <= hi * 1.1):
        yield _R24_LENGTH(where, found=_line_length_words(mark), expected=f"{lo:.0f}-{hi:.0f} mm")
