"""The header block: header table, Quốc hiệu, Tiêu ngữ, issuing body, number and symbol, place and date
(ND30-R12 ... R21)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from docx.oxml.ns import qn
from lxml import etree

from kehoach_gen.check.kind import Kind, name_paras
from kehoach_gen.check.rules.base import (
    _ALIGN_VI,
    _RESOLVED,
    _UPPER,
    ADMINISTRATIVE,
    QH,
    SIZE,
    TN,
    _find,
    _is_upper,
    _nonempty,
    _pprops,
    _props,
    _size,
    centring,
    check_form,
    form,
    kind_of,
    runs,
)
from kehoach_gen.check.rules.place import (
    Mark,
    _box_mm,
    _cell,
    _offset_mm,
    _qh_elsewhere,
    centred,
    line_after,
    off_centre,
)
from kehoach_gen.facts import nd30, vn
from kehoach_gen.facts.findings import Family, Finding, Scope
from kehoach_gen.facts.metrics import text_width_mm
from kehoach_gen.facts.wordml import W
from kehoach_gen.ooxml.layout import DocxPara, Layout, norm


def _visible(el: etree._Element | None) -> bool | None:
    """A border element's say: drawn (True), switched off (False), or not set here (None)."""
    if el is None:
        return None
    return el.get(qn("w:val")) not in ("nil", "none", None)


_LOGICAL = {"left": "start", "right": "end"}  # the names newer Word writes for a cell's left and right


def _visible_borders(tbl: etree._Element, lay: Layout) -> bool:
    """Whether any edge of any cell is drawn, as Word resolves it: a cell's own border on a side wins over
    the table's, the table's direct borders over its style's (a 'Table Grid' whose cells all say nil is
    drawn with no line)."""
    tblpr = tbl.find(f"{W}tblPr")
    table = tblpr.find(f"{W}tblBorders") if tblpr is not None else None
    style = tblpr.find(f"{W}tblStyle") if tblpr is not None else None
    st = lay.resolver.styles.get(style.get(qn("w:val"))) if style is not None else None
    styled = st.find(f"{W}tblPr/{W}tblBorders") if st is not None else None

    def table_side(side: str) -> bool:
        for borders in (table, styled):
            say = _visible(borders.find(f"{W}{side}")) if borders is not None else None
            if say is not None:
                return say
        return False

    rows = tbl.findall(f"{W}tr")
    for r, tr in enumerate(rows):
        cells = tr.findall(f"{W}tc")
        for c, tc in enumerate(cells):
            own = tc.find(f"{W}tcPr/{W}tcBorders")
            edges = {"top": "top" if r == 0 else "insideH", "bottom": "bottom" if r == len(rows) - 1 else "insideH",
                     "left": "left" if c == 0 else "insideV", "right": "right" if c == len(cells) - 1 else "insideV"}
            for side, outer in edges.items():
                mine = None
                if own is not None:
                    mine = _visible(own.find(f"{W}{side}"))
                    if mine is None and side in _LOGICAL:
                        mine = _visible(own.find(f"{W}{_LOGICAL[side]}"))
                if mine if mine is not None else table_side(outer):
                    return True
    return False


_TABLE_PRACTICE = ("Phụ lục I không bắt buộc dùng bảng: bảng không viền là cách các mẫu của Phụ lục III đặt các ô "
                   "cạnh nhau, nên chỉ là cảnh báo")
R12 = Family("ND30-R12", "Bảng tiêu đề",
             "Phụ lục I, IV (sơ đồ: ô 2 bên trái, ô 1 bên phải cùng hàng); Phụ lục III, Mẫu 1.4 (bảng không viền)",
             ADMINISTRATIVE, measured="bảng đầu tiên của văn bản, trước tên loại: số cột, đường viền (của bảng, "
             "của kiểu bảng và của từng ô)", tolerance=_TABLE_PRACTICE)
_R12_NONE = R12.check("a", "W", "phần đầu nên trình bày bằng bảng không viền", title="phần đầu là bảng",
                      example={"where": "đầu văn bản", "found": "không có bảng", "expected": "bảng 2 cột không viền"})
_R12_COLUMNS = R12.check("b", "W", "bảng tiêu đề nên có cột trái (cơ quan) và cột phải (Quốc hiệu)",
                         title="bảng tiêu đề hai cột",
                         example={"where": "bảng tiêu đề", "found": "1 cột", "expected": "2 cột"})
_R12_BORDERS = R12.check("c", "W", "bảng tiêu đề không có đường viền", title="bảng tiêu đề không viền",
                         example={"where": "bảng tiêu đề", "found": "có viền", "expected": "không viền"})


@runs(R12)
def r12(lay: Layout) -> Iterator[Finding]:
    if lay.header is None:
        yield _R12_NONE("đầu văn bản", found="không có bảng", expected="bảng 2 cột không viền")
        return
    cols = max((len(r) for r in lay.header_cells), default=0)
    if cols < 2:  # two columns without a Quốc hiệu in them: R13 says what is missing
        yield _R12_COLUMNS("bảng tiêu đề", found=f"{cols} cột", expected="2 cột")
    if _visible_borders(lay.header, lay):
        yield _R12_BORDERS("bảng tiêu đề", found="có viền", expected="không viền")


def _qh(lay: Layout) -> DocxPara | None:
    return _find(lay.header_right, lambda p: p.text.upper() == QH)


def _tn(lay: Layout) -> DocxPara | None:
    qh = _qh(lay)
    if qh is None:
        return None
    after = _nonempty(lay.header_right[lay.header_right.index(qh) + 1:])
    if not after or after[0] is _date(lay):
        # The place-and-date line is an element of its own (ô 4): with the Tiêu ngữ missing or hidden it comes
        # next, and is not to be judged as the motto.
        return None
    return after[0]


def _hidden_after(lay: Layout, qh: DocxPara) -> str:
    """Words typed under the Quốc hiệu but set hidden (w:vanish): in the file, not on the page."""
    for p in lay.header_right[lay.header_right.index(qh) + 1:]:
        if p.text:
            break
        typed = norm("".join(t.text or "" for t in p.el.iter(f"{W}t")))
        if typed:
            return typed
    return ""




def _so(lay: Layout) -> DocxPara | None:
    return _find(lay.header_left, lambda p: nd30.opens_number_line(p.text))


def _date(lay: Layout) -> DocxPara | None:
    return _find(lay.header_right, lambda p: ", ngày" in p.text or (" ngày " in p.text and " năm" in p.text))


_body_names = name_paras


R13 = Family("ND30-R13", "Quốc hiệu",
             "Phụ lục I, II.1.a: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' chữ in hoa, cỡ chữ 12 đến 13, kiểu chữ đứng, "
             "đậm, ở phía trên cùng, bên phải trang đầu (ô 1)", ADMINISTRATIVE,
             measured="đoạn ở cột phải bảng tiêu đề có chữ là Quốc hiệu (so sau khi chuẩn hoá 'HOÀ'/'HÒA')")
_R13_MISSING = R13.check("a", "E", "thiếu Quốc hiệu ở phía trên, bên phải trang đầu", title="có Quốc hiệu",
                         example={"where": "bảng tiêu đề", "found": "không thấy", "expected": QH})
_R13_OUTSIDE = R13.check(
    "b", "W", "Quốc hiệu đặt ngoài bảng (khung chữ hoặc đoạn văn): không kiểm tra được vị trí các thành phần ở phần "
    "đầu", title="Quốc hiệu trong bảng tiêu đề", measured="Quốc hiệu gõ trước tên loại trong đoạn văn hoặc khung chữ",
    tolerance="đặt bằng khung chữ vẫn có thể đúng vị trí khi in, nhưng máy không đo được, nên chỉ là cảnh báo",
    example={"where": "đầu văn bản", "found": "không có bảng tiêu đề", "expected": "bảng 2 cột không viền"})
_R13_UPPER = R13.check("c", "E", "Quốc hiệu viết chữ in hoa", title="Quốc hiệu chữ in hoa", measured=_UPPER,
                       example={"where": "bảng tiêu đề, ô (1,2), đoạn 1", "found": "Cộng hòa xã hội chủ nghĩa Việt Nam",
                                "expected": QH})
_R13_FORM = form(R13, "def", "Quốc hiệu", "bảng tiêu đề, ô (1,2), đoạn 1", bold=True, italic=False,
                 size=SIZE["quoc_hieu"])
_R13_ONE_LINE = R13.check(
    "g", "E", "Quốc hiệu phải nằm trên một dòng (cột phải quá hẹp)", title="Quốc hiệu trên một dòng",
    measured="bề rộng dòng Quốc hiệu tính theo số đo chữ Times New Roman đậm ở cỡ chữ của nó, so với bề rộng bên "
             "trong ô (trừ lề ô và thụt lề)",
    tolerance="2 mm: bề rộng chữ là ước tính từ số đo phông; trang in thật thì ND30-G06 đo",
    example={"where": "bảng tiêu đề, ô (1,2), đoạn 1", "found": "cột rộng 80 mm", "expected": "≥ 96 mm"})


@runs(R13)
def r13(lay: Layout) -> Iterator[Finding]:
    p = _qh(lay)
    if p is None:
        if lay.header is None and _qh_elsewhere(lay):
            yield _R13_OUTSIDE("đầu văn bản", found="không có bảng tiêu đề", expected="bảng 2 cột không viền")
            return
        yield _R13_MISSING("bảng tiêu đề", found="không thấy", expected=QH)
        return
    if p.text != QH and not _is_upper(lay, p):
        yield _R13_UPPER(p.where, found=p.text, expected=QH)
    yield from check_form(_R13_FORM, lay, p)
    size = _size(lay, p) or 13
    pp = _pprops(lay, p)
    box = _box_mm(lay, p.el) - (pp.left_cm + pp.right_cm) * 10
    need = text_width_mm(QH, size, True)
    if _cell(p.el) is not None and need > box + 2:  # the width is an estimate from font metrics
        yield _R13_ONE_LINE(p.where, found=f"cột rộng {box:.0f} mm", expected=f"≥ {need:.0f} mm")


_TN_WHERE = "bảng tiêu đề, ô (1,2), đoạn 2"
R14 = Family("ND30-R14", "Tiêu ngữ",
             "Phụ lục I, II.1.b, c: 'Độc lập - Tự do - Hạnh phúc' chữ in thường, cỡ chữ 13 đến 14, kiểu chữ đứng, "
             "đậm, canh giữa dưới Quốc hiệu, gạch nối (-) có cách chữ; Quốc hiệu và Tiêu ngữ cách nhau dòng đơn",
             ADMINISTRATIVE, measured="đoạn có chữ đầu tiên ngay dưới Quốc hiệu trong cùng cột")
_R14_TEXT = R14.check(
    "a", "E", "Tiêu ngữ ngay dưới Quốc hiệu, các cụm từ nối bằng gạch nối (-) có cách chữ", title="chữ của Tiêu ngữ",
    measured="chữ của dòng ngay dưới Quốc hiệu, so đúng từng ký tự với 'Độc lập - Tự do - Hạnh phúc'",
    example={"where": _TN_WHERE, "found": "Độc lập – Tự do – Hạnh phúc", "expected": TN})
_R14_FORM = form(R14, "bcd", "Tiêu ngữ", _TN_WHERE, bold=True, italic=False, size=SIZE["tieu_ngu"])
_R14_UNDER = R14.check(
    "e", "E", "Tiêu ngữ canh giữa dưới Quốc hiệu", title="Tiêu ngữ canh giữa dưới Quốc hiệu",
    measured="điểm giữa dòng Tiêu ngữ so với điểm giữa dòng Quốc hiệu, tính như khi canh giữa",
    tolerance="5 mm: canh bằng dấu cách hay tab cũng được, người đọc thấy như nhau",
    example={"where": _TN_WHERE, "found": "lệch 12 mm so với Quốc hiệu", "expected": "cùng điểm giữa với Quốc hiệu"})
_R14_SPACING = R14.check(
    "f", "W", "Quốc hiệu và Tiêu ngữ cách nhau dòng đơn", title="Quốc hiệu và Tiêu ngữ dòng đơn",
    measured="giãn dòng (line spacing) của đoạn Tiêu ngữ",
    tolerance="đến 1,15 dòng (mặc định của Word) coi là dòng đơn; Phụ lục I nói 'dòng đơn' về giãn dòng, một chút "
              "khác biệt chỉ là cảnh báo",
    example={"where": _TN_WHERE, "found": "giãn dòng 1.5", "expected": "dòng đơn"})
_R14_GAP = R14.check(
    "g", "W", "Quốc hiệu và Tiêu ngữ nên liền nhau (dòng đơn)", title="Quốc hiệu và Tiêu ngữ liền nhau",
    measured="khoảng cách sau đoạn Quốc hiệu cộng khoảng cách trước đoạn Tiêu ngữ",
    tolerance="đến 3 pt; 'cách nhau dòng đơn' nói về giãn dòng, không về khoảng cách đoạn, nên chỉ là cảnh báo",
    example={"where": _TN_WHERE, "found": "cách 6 pt", "expected": "0 pt"})


@runs(R14)
def r14(lay: Layout) -> Iterator[Finding]:
    qh, tn = _qh(lay), _tn(lay)
    if qh is None:
        return
    if tn is None or tn.text != TN:
        hidden = _hidden_after(lay, qh) if tn is None else ""
        found = tn.text if tn else f"chữ ẩn, không in ra: {hidden}" if hidden else "không có"
        yield _R14_TEXT(tn.where if tn else qh.where, found=found, expected=TN)
        if tn is None:
            return
    yield from check_form(_R14_FORM, lay, tn)
    # "Canh giữa dưới Quốc hiệu": the two middles line up.
    a, b = _offset_mm(lay, qh), _offset_mm(lay, tn)
    if a is not None and b is not None and abs(a - b) > 5:
        yield _R14_UNDER(tn.where, found=f"lệch {abs(a - b):.0f} mm so với Quốc hiệu",
                         expected="cùng điểm giữa với Quốc hiệu")
    pa, pb = lay.resolver.para(qh.el), lay.resolver.para(tn.el)
    if qh.el is not tn.el and pb.line_rule == "auto" and (pb.line or 240) > 276:
        yield _R14_SPACING(tn.where, found=f"giãn dòng {(pb.line or 240) / 240:g}", expected="dòng đơn")
    elif qh.el is not tn.el and pa.after_pt + pb.before_pt > 3:
        yield _R14_GAP(tn.where, found=f"cách {pa.after_pt + pb.before_pt:g} pt", expected="0 pt")


_PAIRING = "cỡ chữ trong một văn bản tăng, giảm thống nhất, ví dụ Quốc hiệu 13, Tiêu ngữ 14, ngày tháng 14"
R15 = Family("ND30-R15", "Cỡ chữ Quốc hiệu - Tiêu ngữ - ngày tháng",
             "Phụ lục I, V, chú thích của bảng: cỡ chữ trong cùng một văn bản tăng, giảm phải thống nhất, ví dụ "
             "Quốc hiệu cỡ 13, Tiêu ngữ cỡ 14, địa danh và ngày tháng cỡ 14", ADMINISTRATIVE,
             tolerance="chú thích chỉ nêu ví dụ, nên chỉ là cảnh báo; không bao giờ gợi ý một cỡ ngoài khoảng Phụ lục "
                       "I cho phép")
_R15_MOTTO = R15.check("a", "W", _PAIRING, title="Tiêu ngữ lớn hơn Quốc hiệu 1 cỡ",
                       measured="cỡ chữ chính của Tiêu ngữ so với cỡ chữ chính của Quốc hiệu",
                       example={"where": _TN_WHERE, "found": "Quốc hiệu 13, Tiêu ngữ 13",
                                "expected": "Quốc hiệu 13, Tiêu ngữ 14"})
_R15_DATE = R15.check("b", "W", _PAIRING, title="ngày tháng cùng cỡ Tiêu ngữ",
                      measured="cỡ chữ chính của dòng địa danh, ngày tháng so với của Tiêu ngữ (khi cỡ ngày tháng "
                               "trong khoảng 13 đến 14)",
                      example={"where": "bảng tiêu đề, ô (2,2), đoạn 1", "found": "Tiêu ngữ 14, ngày tháng 13",
                               "expected": "ngày tháng 14"})


@runs(R15)
def r15(lay: Layout) -> Iterator[Finding]:
    qh, tn, date = _qh(lay), _tn(lay), _date(lay)
    if qh is None or tn is None:
        return
    s_qh, s_tn = _size(lay, qh), _size(lay, tn)
    if s_qh and s_tn and s_tn != s_qh + 1:
        # never suggest a size outside the ranges: pair from whichever of the two is inside its own
        pair = (s_qh, s_qh + 1) if s_qh + 1 in SIZE["tieu_ngu"] and s_qh in SIZE["quoc_hieu"] else \
            (s_tn - 1, s_tn) if s_tn - 1 in SIZE["quoc_hieu"] and s_tn in SIZE["tieu_ngu"] else (13.0, 14.0)
        yield _R15_MOTTO(tn.where, found=f"Quốc hiệu {s_qh:g}, Tiêu ngữ {s_tn:g}",
                         expected=f"Quốc hiệu {pair[0]:g}, Tiêu ngữ {pair[1]:g}")
    s_date = _size(lay, date) if date is not None else None
    if date is not None and s_tn and s_date and s_date != s_tn and s_date in SIZE["dia_danh_ngay"]:
        yield _R15_DATE(date.where, found=f"Tiêu ngữ {s_tn:g}, ngày tháng {s_date:g}", expected=f"ngày tháng {s_tn:g}")


def _line_length_words(mark: Mark) -> str:
    return f"{mark.length_mm:.1f} mm ({mark.how})" if mark.length_mm is not None else mark.how


_LINE_FORMS = ("đường kẻ tìm ở đoạn đó và các đoạn sau trong cùng cột: hình vẽ (DrawingML, VML), đường viền dưới "
               "đoạn, đường viền của đoạn trống kế tiếp, hoặc một dòng chỉ có dấu '_'")
R16 = Family("ND30-R16", "Đường kẻ dưới Tiêu ngữ",
             "Phụ lục I, II.1.b: phía dưới Tiêu ngữ có đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng chữ",
             ADMINISTRATIVE, measured=_LINE_FORMS)
_R16_MISSING = R16.check("a", "E", "thiếu đường kẻ ngang, nét liền dưới Tiêu ngữ", title="có đường kẻ dưới Tiêu ngữ",
                         example={"where": _TN_WHERE, "found": "không có",
                                  "expected": "đường kẻ dài bằng dòng Tiêu ngữ (≈60 mm)"})
_R16_LENGTH = R16.check(
    "b", "E", "đường kẻ dưới Tiêu ngữ dài bằng dòng chữ Tiêu ngữ", title="đường kẻ dài bằng Tiêu ngữ",
    measured="độ dài đường kẻ (hình vẽ: bề rộng; đường viền: bề rộng đoạn trừ thụt lề; dấu '_': số dấu × nửa cỡ "
             "chữ) so với bề rộng dòng Tiêu ngữ tính theo số đo chữ Times New Roman đậm",
    tolerance="±15 %: bề rộng chữ là ước tính từ số đo phông, và người đọc không phân biệt được hơn thế",
    example={"where": _TN_WHERE, "found": "40.0 mm (hình vẽ)", "expected": "≈60 mm (51-69 mm)"})


@runs(R16)
def r16(lay: Layout) -> Iterator[Finding]:
    tn = _tn(lay)
    if tn is None:
        return
    mark = line_after(lay, lay.header_right, tn, stop=lambda p: p.text != tn.text and bool(p.text))
    want = text_width_mm(TN, _size(lay, tn) or 14, True)
    if mark is None:
        yield _R16_MISSING(tn.where, found="không có", expected=f"đường kẻ dài bằng dòng Tiêu ngữ (≈{want:.0f} mm)")
        return
    if mark.length_mm is not None and abs(mark.length_mm - want) > 0.15 * want:
        yield _R16_LENGTH(tn.where, found=_line_length_words(mark),
                          expected=f"≈{want:.0f} mm ({0.85 * want:.0f}-{1.15 * want:.0f} mm)")


_BODY_LINE = re.compile(r"^(TỈNH|THÀNH PHỐ) \S")


_NAME_WHERE = "bảng tiêu đề, ô (1,1), đoạn 1"
_IS_UBND = Scope("văn bản của Ủy ban nhân dân (không có dòng cơ quan chủ quản)", lambda kind: kind.is_ubnd)
R17 = Family("ND30-R17", "Tên cơ quan ban hành",
             "Phụ lục I, II.2.b: tên cơ quan ban hành chữ in hoa, cỡ chữ 12 đến 13, kiểu chữ đứng, đậm, canh giữa "
             "dưới tên cơ quan chủ quản trực tiếp; tên cơ quan chủ quản chữ in hoa, cỡ chữ 12 đến 13, kiểu chữ đứng "
             "(ô 2)", ADMINISTRATIVE,
             measured="các dòng ở cột trái bảng tiêu đề, trên đường kẻ và dòng 'Số'; dòng cơ quan chủ quản là dòng "
                      "đầu khi phần đầu nêu cơ quan cấp trên ('UBND TỈNH LÀO CAI' trên 'SỞ CÔNG THƯƠNG')")
_R17_MISSING = R17.check("a", "E", "thiếu tên cơ quan ban hành", title="có tên cơ quan ban hành",
                         example={"where": "bảng tiêu đề, cột trái", "found": "không có",
                                  "expected": f"{nd30.UBND_NAME} / TỈNH ..."})
_R17_UPPER = R17.check("b", "E", "tên cơ quan viết chữ in hoa", title="tên cơ quan chữ in hoa", measured=_UPPER,
                       example={"where": _NAME_WHERE, "found": "Ủy ban nhân dân", "expected": "ỦY BAN NHÂN DÂN"})
_R17_PARENT = form(R17, "cd", "tên cơ quan chủ quản", _NAME_WHERE, italic=False, size=SIZE["co_quan_chu_quan"])
_R17_PARENT_BOLD = R17.check(
    "e", "W", "tên cơ quan chủ quản trực tiếp in đứng, không đậm", title="tên cơ quan chủ quản không đậm",
    measured=f"chữ đậm ở cả dòng tên cơ quan chủ quản, {_RESOLVED}",
    tolerance="Phụ lục I nêu 'kiểu chữ đứng' mà không nói 'đậm' cho dòng này; nhiều văn bản in đậm, nên là cảnh báo",
    example={"where": _NAME_WHERE, "found": "đậm", "expected": "không đậm"})
_R17_ISSUER = form(R17, "fgh", "tên cơ quan ban hành", "bảng tiêu đề, ô (1,1), đoạn 2", bold=True, italic=False,
                   size=SIZE["co_quan"])
_R17_UBND = R17.check(
    "i", "E", "tên Ủy ban nhân dân ghi đầy đủ: 'ỦY BAN NHÂN DÂN' rồi 'TỈNH <TÊN>' hoặc 'THÀNH PHỐ <TÊN>'",
    title="tên Ủy ban nhân dân đầy đủ", scope=_IS_UBND, clause="Phụ lục I, II.2.a: tên chính thức, đầy đủ",
    measured="các dòng tên cơ quan ghép lại, so với 'ỦY BAN NHÂN DÂN' rồi cấp (TỈNH, THÀNH PHỐ, XÃ, PHƯỜNG ...) "
             "và tên",
    example={"where": _NAME_WHERE, "found": "UBND TỈNH LAI CHÂU", "expected": "ỦY BAN NHÂN DÂN / TỈNH ..."})


@runs(R17)
def r17(lay: Layout) -> Iterator[Finding]:
    names = _body_names(lay)
    kind = kind_of(lay)
    if not names:
        if lay.header is not None:  # only the symbol may say whose it is ("KH-SCT": not a committee's)
            committee = kind.issuer_abbreviation in ("", nd30.UBND_ABBREVIATION)
            yield _R17_MISSING("bảng tiêu đề, cột trái", found="không có",
                               expected=f"{nd30.UBND_NAME} / TỈNH ..." if committee else
                               "<TÊN CƠ QUAN CHỦ QUẢN> / <TÊN CƠ QUAN BAN HÀNH>")
        return
    parents = names[:kind.parent_count] if kind.parent and len(names) > kind.parent_count else []
    for p in names:
        if not _is_upper(lay, p):
            yield _R17_UPPER(p.where, found=p.text, expected=p.text.upper())
        if any(p is q for q in parents):
            yield from check_form(_R17_PARENT, lay, p)
            if all(x.bold for x in _props(lay, p)):
                yield _R17_PARENT_BOLD(p.where, found="đậm", expected="không đậm")
        else:
            yield from check_form(_R17_ISSUER, lay, p)
    if _R17_UBND.applies(kind) and not kind.parent:
        texts = [p.text.upper() for p in names]
        one = " ".join(texts)
        if not re.fullmatch(rf"(CHỦ TỊCH )?{nd30.UBND_NAME} ({'|'.join(nd30.UNIT_LEVELS)}) .+", one):
            yield _R17_UBND(names[0].where, found=" / ".join(texts), expected="ỦY BAN NHÂN DÂN / TỈNH ...")


_SHORT_LENGTH = ("độ dài đường kẻ so với 1/3 đến 1/2 dòng chữ dài nhất ở trên (bề rộng tính theo số đo chữ Times New "
                 "Roman đậm, không quá bề rộng ô)")
_SHORT_TOLERANCE = "thêm 10 % mỗi phía: bề rộng chữ là ước tính từ số đo phông"
R18 = Family("ND30-R18", "Đường kẻ dưới tên cơ quan",
             "Phụ lục I, II.2.b: phía dưới tên cơ quan ban hành có đường kẻ ngang, nét liền, độ dài bằng từ 1/3 đến "
             "1/2 độ dài của dòng chữ, đặt cân đối", ADMINISTRATIVE, measured=_LINE_FORMS)
_R18_MISSING = R18.check("a", "E", "thiếu đường kẻ ngang, nét liền dưới tên cơ quan ban hành",
                         title="có đường kẻ dưới tên cơ quan",
                         example={"where": "bảng tiêu đề, ô (1,1), đoạn 2", "found": "không có",
                                  "expected": "đường kẻ dài 15-22 mm (1/3 đến 1/2 dòng chữ)"})
_R18_LENGTH = R18.check("b", "E", "đường kẻ dưới tên cơ quan dài từ 1/3 đến 1/2 dòng chữ",
                        title="đường kẻ dưới tên cơ quan dài 1/3 đến 1/2 dòng chữ", measured=_SHORT_LENGTH,
                        tolerance=_SHORT_TOLERANCE,
                        example={"where": "bảng tiêu đề, ô (1,1), đoạn 2", "found": "40.0 mm (hình vẽ)",
                                 "expected": "15-22 mm"})


@runs(R18)
def r18(lay: Layout) -> Iterator[Finding]:
    names = _body_names(lay)
    if not names:
        return
    kind = kind_of(lay)
    issuer = names[kind.parent_count:] if kind.parent and len(names) > kind.parent_count else names
    last = names[-1]
    mark = line_after(lay, lay.header_left, last, stop=lambda p: nd30.opens_number_line(p.text) or p.text.startswith("V/v"))
    widest = min(max(text_width_mm(p.text, _size(lay, p) or 13, True) for p in issuer), _box_mm(lay, last.el))
    lo, hi = widest * nd30.SHORT_LINE_RATIO.low, widest * nd30.SHORT_LINE_RATIO.high
    if mark is None:
        yield _R18_MISSING(last.where, found="không có", expected=f"đường kẻ dài {lo:.0f}-{hi:.0f} mm (1/3 đến 1/2 dòng chữ)")
        return
    if mark.length_mm is not None and not (lo * 0.9 <= mark.length_mm <= hi * 1.1):
        yield _R18_LENGTH(last.where, found=_line_length_words(mark), expected=f"{lo:.0f}-{hi:.0f} mm")


# What a suggestion names when the document does not say who issues it (a Sở's symbol is its own).
_SOME_ISSUER = "<cơ quan ban hành>"
_SOME_ISSUER_ABBREVIATION = "<chữ viết tắt tên cơ quan>"


def _own_symbol(kind: Kind) -> str:
    """The symbol this document's kind and issuer give ('KH-SCT' for a Sở Công Thương's plan), as a
    suggestion writes it; a People's Committee's is 'KH-UBND'."""
    abbr = kind.type.abbreviation if kind.type is not None else ""
    issuer = kind.issuer_abbreviation or _SOME_ISSUER_ABBREVIATION
    return f"{abbr}-{issuer}" if abbr else f"{issuer}-VP"


def _symbol_example(kind: Kind, number: str = "") -> str:
    """The Số line this document should carry: its own number (a leading zero below 10) when it has one,
    else a blank the văn thư fills in at issue, never an invented number."""
    return f"Số: {number.zfill(2) if number.isdigit() else '…'}/{_own_symbol(kind)}"


_NUMBER_GIVEN = "số do văn thư ghi khi ban hành"
_DAY_GIVEN = "ngày do văn thư ghi khi ban hành"  # what a draft leaves blank (Điều 15), said as such


_SO_FORM = re.compile(r"Số: (0[1-9]|\d{2,})/[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+")


_SO_WHERE = "bảng tiêu đề, ô (2,1), đoạn 1"
_DRAFT = ("bản dự thảo: số và ngày do văn thư ghi khi ban hành (Điều 15), nên chỉ là cảnh báo; bản ký số điện tử "
          "để trống cho hệ thống cấp")
R19 = Family("ND30-R19", "Số, ký hiệu",
             "Phụ lục I, II.3: 'Số' chữ in thường, cỡ chữ 13, kiểu chữ đứng, sau có dấu hai chấm; số nhỏ hơn 10 "
             "ghi thêm số 0; ký hiệu chữ in hoa, giữa số và ký hiệu có dấu '/', giữa các nhóm chữ viết tắt có dấu "
             "'-', không cách chữ; canh giữa dưới tên cơ quan ban hành (ô 3)", ADMINISTRATIVE,
             measured="dòng bắt đầu bằng 'Số' ở cột trái bảng tiêu đề")
_R19_MISSING = R19.check("a", "E", "thiếu dòng số, ký hiệu văn bản", title="có dòng số, ký hiệu",
                         example={"where": "bảng tiêu đề, cột trái", "found": "không có", "expected": "Số: 05/KH-UBND"})
_R19_DRAFT = R19.check("b", "W", "dự thảo: chưa có số văn bản", title="dự thảo chưa có số",
                       measured="phần số trước dấu '/' để trống hoặc chỉ có dấu chấm, dấu '_'", tolerance=_DRAFT,
                       example={"where": _SO_WHERE, "found": "Số:      /KH-UBND",
                                "expected": "Số: <số do văn thư ghi khi ban hành>/KH-UBND"})
_R19_SPACE = R19.check("c", "W", "sau 'Số:' nên có một dấu cách", title="một dấu cách sau 'Số:'",
                       measured="khoảng trắng giữa 'Số:' và số",
                       tolerance="Phụ lục I không nói dấu cách sau dấu hai chấm; các mẫu có một dấu cách",
                       example={"where": _SO_WHERE, "found": "Số:05/KH-UBND", "expected": "Số: 05/KH-UBND"})
_R19_FORM = R19.check(
    "d", "E", "số, ký hiệu có dạng 'Số: <số>/<ký hiệu>' (số nhỏ hơn 10 thêm số 0, ký hiệu không có dấu cách)",
    title="dạng 'Số: 05/KH-UBND'",
    measured="cả dòng so với mẫu 'Số: ' + số (01-09 có số 0 đứng trước) + '/' + các nhóm chữ viết tắt nối bằng '-'",
    example={"where": _SO_WHERE, "found": "Số: 5/KH - UBND", "expected": "Số: 05/KH-UBND"})
_R19_LOOK = form(R19, "efg", "số, ký hiệu", _SO_WHERE, bold=False, italic=False, size=SIZE["so_ky_hieu"])
_R19_CENTRE = centring(R19, "h", "số, ký hiệu (dưới tên cơ quan)", _SO_WHERE, label="số, ký hiệu")
_R19_CASE = R19.check("i", "E", "chữ 'Số' in thường", title="'Số' in thường",
                      measured="chữ mở đầu dòng số, ký hiệu, so với 'Số' (chữ S hoa, chữ ố thường)",
                      example={"where": _SO_WHERE, "found": "SỐ: 05/KH-UBND", "expected": "Số: 05/KH-UBND"})


@runs(R19)
def r19(lay: Layout) -> Iterator[Finding]:
    p = _so(lay)
    example = _symbol_example(kind_of(lay))
    if p is None:
        if lay.header is not None:
            yield _R19_MISSING("bảng tiêu đề, cột trái", found="không có", expected=example)
        return
    # Blanks around the line place it (R19h); inside it they are typed characters, quoted as typed.
    typed = p.raw.strip(" \t\u00a0") or p.text
    shown = vn.shown_blanks(typed)
    text = p.text
    m = nd30.NUMBER_LINE.match(text)
    if m and m.group("word") != nd30.NUMBER_WORD:
        # II.3.b: "Số" in normal case; the rest of the line is judged as if the word were typed right.
        text = nd30.NUMBER_WORD + text[m.end("word"):]
        yield _R19_CASE(p.where, found=shown, expected=text)
        m = nd30.NUMBER_LINE.match(text)
    number = m.group("n").strip(" .…_") if m else ""
    if number:
        example = _symbol_example(kind_of(lay), number)
    # The blanks around the colon as typed (\s takes tabs and no-break spaces too), after the first word
    # whatever its spelling ("SỐ", or "So" in a text typed without diacritics)
    gap = re.match(r"[^\s:]+(\s*):(\s*)", typed)
    one_space = re.sub(r"^Số\s*:\s*", "Số: ", text)
    if m and not number:
        yield _R19_DRAFT(p.where, found=shown, expected=f"Số: <{_NUMBER_GIVEN}>/{m.group('sym')}")
    elif not _SO_FORM.fullmatch(one_space) or (gap is not None and gap.group(1)):
        # "Số : 15": II.3.b puts the colon right after the word
        yield _R19_FORM(p.where, found=shown, expected=example)
    elif gap is None or gap.group(2) != " ":
        yield _R19_SPACE(p.where, found=shown, expected=one_space)
    yield from check_form(_R19_LOOK, lay, p)
    names = _body_names(lay)
    if names and not centred(lay, p):
        yield from off_centre(_R19_CENTRE, lay, p)


_DATE_WHERE = "bảng tiêu đề, ô (2,2), đoạn 1"
_DATE_SAMPLE = "<Địa danh>, ngày 05 tháng 01 năm 2026"
R20 = Family("ND30-R20", "Địa danh và ngày tháng",
             "Phụ lục I, II.4: địa danh là tên đơn vị hành chính nơi cơ quan đóng trụ sở; ngày, tháng, năm viết đầy "
             "đủ bằng chữ số Ả Rập, ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0; sau địa danh có dấu phẩy; chữ in "
             "thường, cỡ chữ 13 đến 14, kiểu chữ nghiêng, canh giữa dưới Quốc hiệu và Tiêu ngữ (ô 4)", ADMINISTRATIVE,
             measured="dòng ở cột phải bảng tiêu đề có ', ngày' (hoặc ' ngày ... năm')")
_R20_MISSING = R20.check("a", "E", "thiếu dòng địa danh, ngày tháng năm ban hành", title="có dòng địa danh, ngày tháng",
                         example={"where": "bảng tiêu đề, cột phải", "found": "không có", "expected": _DATE_SAMPLE})
_R20_DRAFT = R20.check("b", "W", "dự thảo: chưa có ngày ban hành", title="dự thảo chưa có ngày",
                       measured="dòng 'ngày ... tháng ... năm' để trống ngày (dấu chấm, dấu '…' hoặc khoảng trắng)",
                       tolerance=_DRAFT,
                       example={"where": _DATE_WHERE, "found": "Lai Châu, ngày      tháng 12 năm 2026",
                                "expected": "Lai Châu, ngày <ngày do văn thư ghi khi ban hành> tháng 12 năm 2026"})
_R20_FORM = R20.check("c", "E", "dòng ngày tháng có dạng '<Địa danh>, ngày ... tháng ... năm ...'",
                      title="dạng '<Địa danh>, ngày ... tháng ... năm ...'",
                      example={"where": _DATE_WHERE, "found": "Lai Châu, 05/01/2026", "expected": _DATE_SAMPLE})
_R20_ZEROS = R20.check(
    "d", "E", "ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 phía trước", title="số 0 trước ngày < 10 và tháng 1, 2",
    measured="ngày (01-31), tháng (01, 02, 3-12; 'tháng 06' cũng được), năm bốn chữ số",
    tolerance="Phụ lục I chỉ đòi số 0 ở ngày dưới 10 và tháng 1, 2; không cấm 'tháng 06', nên không báo",
    example={"where": _DATE_WHERE, "found": "ngày 5 tháng 1 năm 2026", "expected": "ngày 05 tháng 01 năm 2026"})
_R20_CALENDAR = R20.check("e", "E", "ngày tháng không có trên lịch", title="ngày có trên lịch",
                          example={"where": _DATE_WHERE, "found": "Lai Châu, ngày 30 tháng 02 năm 2026",
                                   "expected": "một ngày có thật"})
_R20_COMMA = R20.check("f", "E", "sau địa danh có dấu phẩy", title="dấu phẩy sau địa danh",
                       example={"where": _DATE_WHERE, "found": "Lai Châu ngày", "expected": "Lai Châu, ngày"})
_R20_PLACE = R20.check(
    "g", "E", "địa danh là tên đơn vị hành chính nơi cơ quan đóng trụ sở", title="địa danh đúng tên đơn vị",
    measured="địa danh so với tên tỉnh, thành phố đọc từ tên cơ quan ban hành hoặc cơ quan chủ quản ở phần đầu",
    example={"where": _DATE_WHERE, "found": "Hà Nội", "expected": "Lai Châu"})
_R20_LOOK = form(R20, "hij", "dòng địa danh, ngày tháng", _DATE_WHERE, bold=False, italic=True,
                 size=SIZE["dia_danh_ngay"])
_R20_CENTRE = R20.check(
    "k", "E", "địa danh, ngày tháng canh giữa so với Quốc hiệu và Tiêu ngữ", title="ngày tháng canh giữa dưới Quốc hiệu",
    measured="điểm giữa dòng ngày tháng so với điểm giữa dòng Quốc hiệu, tính như khi canh giữa",
    tolerance="5 mm hoặc 8 % bề rộng ô: canh bằng dấu cách hay tab cũng được, người đọc thấy như nhau",
    example={"where": _DATE_WHERE, "found": "căn phải", "expected": "cùng điểm giữa với Quốc hiệu"})


@runs(R20)
def r20(lay: Layout) -> Iterator[Finding]:
    p = _date(lay)
    if p is None:
        if lay.header is not None:
            yield _R20_MISSING("bảng tiêu đề, cột phải", found="không có", expected=_DATE_SAMPLE)
        return
    text = p.text
    draft = nd30.DRAFT_DATE_LINE.match(text)
    m = nd30.DATE_LINE.match(text)
    place: str | None = None
    if draft:
        # A draft's blanks are filled in at issue (Điều 15): say so, keep what it has, invent no day.
        month = (draft.group("m") or "").strip().strip(".…")
        year = (draft.group("y") or "").strip()
        month = (month.zfill(2) if month in ("1", "2") else month) if month.isdigit() else "…"
        yield _R20_DRAFT(p.where, found=text,
                         expected=f"{draft.group('place')}, ngày <{_DAY_GIVEN}> tháng {month} năm {year or '…'}")
        place = draft.group("place")
    elif not m:
        yield _R20_FORM(p.where, found=text, expected=_DATE_SAMPLE)
    else:
        place = m.group("place")
        d, mo, y = m.group("d"), m.group("m"), m.group("y")
        # II.4.b: days below 10 and months 1, 2 take a leading zero; nothing else is asked or forbidden.
        ok = re.fullmatch(r"0[1-9]|[12]\d|3[01]", d) and re.fullmatch(r"0[1-9]|1[0-2]|[3-9]", mo) \
            and re.fullmatch(r"\d{4}", y)
        if not ok:
            fixed = f"ngày {d.zfill(2) if d.isdigit() else d} tháng {mo.zfill(2) if mo in ('1', '2') else mo} năm {y}"
            yield _R20_ZEROS(p.where, found=text.split(", ", 1)[-1], expected=fixed)
        else:
            try:
                dt.date(int(y), int(mo), int(d))
            except ValueError:
                yield _R20_CALENDAR(p.where, found=text, expected="một ngày có thật")
        if not text.startswith(f"{place},"):
            yield _R20_COMMA(p.where, found=text[:len(place) + 6], expected=f"{place}, ngày")
    want = kind_of(lay).province
    if place is not None and want and place != want:
        yield _R20_PLACE(p.where, found=place, expected=want)
    yield from check_form(_R20_LOOK, lay, p)
    qh = _qh(lay)
    a, b = (_offset_mm(lay, qh) if qh else 0.0), _offset_mm(lay, p)
    if a is not None and (b is None or abs(a - b) > max(5.0, 0.08 * _box_mm(lay, p.el))):
        yield _R20_CENTRE(p.where, found=_ALIGN_VI.get(_pprops(lay, p).align, "")
                          + (f", lệch {abs(a - b):.0f} mm" if b is not None else ""),
                          expected="cùng điểm giữa với Quốc hiệu")


def _row(el: etree._Element) -> etree._Element | None:
    return next(el.iterancestors(f"{W}tr"), None)


R21 = Family("ND30-R21", "Số và ngày tháng cùng hàng",
             "Phụ lục I, II.4.c: địa danh và thời gian ban hành trình bày trên cùng một dòng với số, ký hiệu",
             ADMINISTRATIVE)
_R21 = R21.check("", "E", "địa danh, ngày tháng trình bày trên cùng một dòng với số, ký hiệu",
                 title="số và ngày tháng cùng dòng",
                 measured="dòng 'Số' và dòng ngày tháng nằm trong cùng một hàng của bảng tiêu đề",
                 example={"where": _SO_WHERE, "found": "khác hàng bảng", "expected": "cùng hàng"})


@runs(R21)
def r21(lay: Layout) -> Iterator[Finding]:
    so, date = _so(lay), _date(lay)
    if so is None or date is None:
        return
    if _row(so.el) is not _row(date.el):
        yield _R21(so.where, found="khác hàng bảng", expected="cùng hàng")
