"""The page and its text: paper, orientation, margins, fonts, encoding, colour, page numbers
(ND30-R01 ... R11)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from docx.oxml.ns import qn
from lxml import etree

from kehoach_gen.check.rules.base import _RESOLVED, EVERYTHING, FONT, SIZE, Rule, _pt, bold_warning, centring, runs
from kehoach_gen.check.rules.place import _all_text_paras, _sections, centred, off_centre
from kehoach_gen.errors import INVISIBLE_CHARS
from kehoach_gen.facts import nd30
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.facts.vn import clip
from kehoach_gen.facts.wordml import W, emu_to_mm
from kehoach_gen.ooxml.layout import DocxPara, Layout, has_page_field, para_text, text_runs

_PAGE_SETUP = "thiết lập trang, phân đoạn 1"
_A4 = sorted(nd30.PAPER_MM)
R01 = Family("ND30-R01", "Khổ giấy A4", "Phụ lục I, I.1: khổ A4 (210 mm x 297 mm)", EVERYTHING,
             measured="khổ giấy của từng phân đoạn (section) của văn bản, trang dọc hay trang ngang",
             tolerance="±0,5 mm: Word lưu khổ giấy bằng twip (1/1440 inch), 210 mm không đổi ra số twip tròn")
_R01 = R01.check("", "E", "khổ giấy phải là A4", title="khổ giấy A4",
                 example={"where": _PAGE_SETUP, "found": "215.9 × 279.4 mm", "expected": "210 × 297 mm"})


@runs(R01)
def r01(lay: Layout) -> Iterator[Finding]:
    for i, s in enumerate(_sections(lay)):
        w, h = emu_to_mm(s.page_width or 0), emu_to_mm(s.page_height or 0)
        dims = sorted((w, h))
        if abs(dims[0] - _A4[0]) > 0.5 or abs(dims[1] - _A4[1]) > 0.5:
            yield _R01(f"thiết lập trang, phân đoạn {i + 1}", found=f"{w:.1f} × {h:.1f} mm",
                       expected=f"{_A4[0]:g} × {_A4[1]:g} mm")


def _section_has_table(lay: Layout, index: int) -> bool:
    """A table of content (not the header or signature table) in this section."""
    return any(lay.section_of.get(id(b)) == index and b is not lay.header and b is not lay.sig
               for b in lay.document.element.body.iter(f"{W}tbl"))


R02 = Family("ND30-R02", "Hướng trang",
             "Phụ lục I, I.2: trình bày theo chiều dài khổ A4; văn bản có bảng, biểu không làm thành phụ lục riêng "
             "thì có thể trình bày theo chiều rộng", EVERYTHING,
             measured="hướng trang của từng phân đoạn, và phân đoạn đó có bảng (ngoài bảng tiêu đề, bảng chữ ký) "
                      "hay là phụ lục không")
_R02_FIRST = R02.check("a", "E", "văn bản trình bày theo chiều dài khổ A4 (trang dọc)", title="trang đầu trang dọc",
                       example={"where": _PAGE_SETUP, "found": "trang ngang", "expected": "trang dọc"})
_R02_OTHER = R02.check(
    "b", "W", "trang ngang chỉ dùng cho bảng biểu hoặc phụ lục", title="trang ngang chỉ cho bảng, phụ lục",
    tolerance="một phân đoạn sau trang đầu có thể là bảng biểu mà máy không nhận ra, nên chỉ là cảnh báo",
    example={"where": "thiết lập trang, phân đoạn 2", "found": "trang ngang", "expected": "trang dọc"})


@runs(R02)
def r02(lay: Layout) -> Iterator[Finding]:
    appendix_sections = {ap.section for ap in lay.appendices}
    for i, s in enumerate(_sections(lay)):
        landscape = (s.page_width or 0) > (s.page_height or 0)
        if not landscape:
            continue
        where = f"thiết lập trang, phân đoạn {i + 1}"
        if i == 0 and not _section_has_table(lay, 0):
            yield _R02_FIRST(where, found="trang ngang", expected="trang dọc")
        elif i not in appendix_sections and not _section_has_table(lay, i):
            yield _R02_OTHER(where, found="trang ngang", expected="trang dọc")


_MARGINS = (("ND30-R03", "top", "trên"), ("ND30-R04", "bottom", "dưới"), ("ND30-R05", "left", "trái"),
            ("ND30-R06", "right", "phải"))
# A landscape page is the portrait page turned: its top (or bottom) is the binding edge.
_TURNED = ({"top": "left", "bottom": "right", "left": "top", "right": "bottom"},
           {"top": "right", "bottom": "left", "left": "bottom", "right": "top"})


def _mm(value: object) -> float:
    return emu_to_mm(value or 0)  # type: ignore[arg-type]


def _margin_ok(side: str, mm: float) -> bool:
    r = nd30.MARGIN_MM[side]
    # mm -> twips rounding moves a margin by up to 0.02 mm either way.
    return r.low - 0.05 <= mm <= r.high + 0.05


def _margin_rule(family: Family, side: str, name: str) -> Rule:
    r = nd30.MARGIN_MM[side]
    portrait = family.check("a", "E", f"lề {name} {r.words('mm')}", title=f"lề {name} {r.words('mm')}",
                            example={"where": _PAGE_SETUP, "found": f"{r.low - 2:.1f} mm", "expected": r.words("mm")})
    landscape = family.check(
        "b", "W", f"trang ngang: lề {name} nên theo lề trang dọc xoay ngang (Phụ lục I không quy định lề trang ngang)",
        title=f"lề {name} của trang ngang",
        tolerance="Phụ lục I không nói về lề trang ngang: chấp nhận lề trang dọc xoay theo trang (lề 30-35 mm "
                  "thành lề trên hoặc dưới); khác thế thì chỉ là cảnh báo",
        example={"where": "thiết lập trang, phân đoạn 2", "found": f"{r.low - 2:.1f} mm",
                 "expected": f"{r.words('mm')} hoặc lề trang dọc xoay ngang"})

    def check(lay: Layout) -> Iterator[Finding]:
        for i, s in enumerate(_sections(lay)):
            values = {k: _mm(getattr(s, f"{k}_margin")) for k in ("top", "bottom", "left", "right")}
            mm = values[side]
            if _margin_ok(side, mm):
                continue
            where = f"thiết lập trang, phân đoạn {i + 1}"
            if (s.page_width or 0) > (s.page_height or 0):
                if any(all(_margin_ok(turn[k], values[k]) for k in values) for turn in _TURNED):
                    continue  # the portrait margins, turned with the page
                yield landscape(where, found=f"{mm:.1f} mm", expected=f"{r.words('mm')} hoặc lề trang dọc xoay ngang")
                continue
            yield portrait(where, found=f"{mm:.1f} mm", expected=r.words("mm"))
    return check


for _rid, _side, _name in _MARGINS:
    _family = Family(_rid, f"Lề {_name}", "Phụ lục I, I.3: cách mép trên và mép dưới 20 - 25 mm, cách mép trái "
                     "30 - 35 mm, cách mép phải 15 - 20 mm", EVERYTHING,
                     measured=f"lề {_name} của từng phân đoạn (section), đổi từ twip ra mm",
                     tolerance="thêm 0,05 mm mỗi phía: đổi mm ra twip làm tròn, 25 mm lưu thành 25,01 mm")
    runs(_family)(_margin_rule(_family, _side, _name))


def _font_family(name: str) -> str:
    """'Times New Roman Bold' is Times New Roman named with its style."""
    return re.sub(r"\s+(Bold|Italic|Bold Italic|Regular)$", "", name, flags=re.IGNORECASE)


R07 = Family("ND30-R07", "Phông chữ Times New Roman",
             "Phụ lục I, I.4: phông chữ tiếng Việt Times New Roman, bộ mã Unicode (TCVN 6909:2001), màu đen",
             EVERYTHING, measured="phông chữ in ra chữ tiếng Việt (ascii, hAnsi; phông chữ phức hợp cs chỉ khi đoạn chữ "
             "đặt viết từ phải sang trái) của mọi đoạn chữ trong nội dung, bảng, đầu trang, chân trang và chú thích, "
             "theo định dạng Word thực áp dụng")
_R07_FONT = R07.check("a", "E", "phông chữ phải là Times New Roman", title="phông Times New Roman",
                      example={"where": "đoạn 12 (phần II, mục 1)", "found": "Arial", "expected": nd30.FONT})
_R07_STYLED = R07.check(
    "b", "W", "tên phông ghi kèm kiểu chữ; nên chọn đúng phông Times New Roman", title="tên phông kèm kiểu chữ",
    tolerance="'Times New Roman Bold' vẫn in ra Times New Roman trên máy có phông đó, nên chỉ là cảnh báo",
    example={"where": "bảng tiêu đề, ô (1,1), đoạn 1", "found": "Times New Roman Bold", "expected": nd30.FONT})


@runs(R07)
def r07(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            p = lay.resolver.run(r, para.el)
            # Vietnamese prints in the ascii and hAnsi fonts; the complex-script font only in a run marked as
            # right-to-left or complex script (a Calibri page number does not print in its cs Times New Roman).
            complex_script = r.find(f"{W}rPr/{W}rtl") is not None or r.find(f"{W}rPr/{W}cs") is not None
            fonts = {f for f in (p.ascii, p.h_ansi) if f} | ({p.cs} if p.cs and complex_script else set())
            if fonts and fonts != {FONT} and {_font_family(f) for f in fonts} == {FONT}:  # styles stripped only when needed
                yield _R07_STYLED(para.where, found=", ".join(sorted(fonts)), expected=FONT)
                break
            if not fonts or fonts != {FONT}:
                found = ", ".join(sorted(fonts)) or "không đặt"
                yield _R07_FONT(para.where, found=found, expected=FONT)
                break


R08 = Family("ND30-R08", "Mã Unicode", R07.clause, EVERYTHING)
_R08_LEGACY = R08.check(
    "a", "E", "dùng phông chữ mã cũ (TCVN3/VNI), không phải Unicode", title="không dùng phông mã cũ",
    measured="tên phông của mọi đoạn chữ: phông '.Vn...' (TCVN3) hoặc 'VNI-...' là chữ mã cũ",
    example={"where": "đoạn 3", "found": ".VnTime", "expected": "Unicode, Times New Roman"})
_R08_NFC = R08.check(
    "b", "W", "chữ chưa ở dạng dựng sẵn (NFC)", title="chữ Unicode dựng sẵn",
    measured="chữ của từng đoạn có ở dạng Unicode dựng sẵn (NFC) không",
    tolerance="chữ tổ hợp (NFD) vẫn hiện đúng nhưng tìm kiếm, sắp xếp và ký số có thể sai, nên là cảnh báo",
    example={"where": "đoạn 3", "found": "NFD", "expected": "NFC"})

_R08_INVISIBLE = R08.check(
    "c", "W", "có ký tự vô hình (đổi chiều chữ hoặc độ rộng 0), thường lẫn vào khi sao chép",
    title="không có ký tự vô hình",
    measured="các ký tự điều khiển hướng chữ (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C) và ký tự độ rộng 0 "
             "(U+200B-200D, U+2060-2065, U+FEFF) trong chữ của từng đoạn: những ký tự lệnh import và validate báo",
    tolerance="Phụ lục I không nói đến; ký tự đổi chiều có thể làm chữ hiện khác chữ được lưu, nên là cảnh báo",
    example={"where": "đoạn 3", "found": "U+202E (đổi chiều chữ)", "expected": "xoá ký tự"})
_R08_UNMARKED = R08.check(
    "d", "E", "văn bản gõ không dấu tiếng Việt", title="chữ tiếng Việt có dấu",
    measured="tỉ lệ chữ cái có dấu (và chữ đ) trong toàn văn bản: dưới 1 % trên ít nhất 200 chữ cái là văn bản không "
             "dấu; máy vẫn nhận ra các thành phần (Quốc hiệu, 'So:', 'Noi nhan:' ...) để kiểm tra phần còn lại",
    example={"where": "toàn văn bản", "found": "không dấu: 'CONG HOA XA HOI CHU NGHIA VIET NAM'",
             "expected": "chữ tiếng Việt có dấu, Unicode TCVN 6909:2001"})

_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")  # what import and validate refuse in a plan
_DIRECTION = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@runs(R08)
def r08(lay: Layout) -> Iterator[Finding]:
    if lay.unmarked:
        first = next((p.raw.strip() for p in lay.paragraphs_everywhere() if p.raw.strip()), "")
        yield _R08_UNMARKED("toàn văn bản", found=f"không dấu: '{clip(first, 40)}'",
                            expected="chữ tiếng Việt có dấu, Unicode TCVN 6909:2001")
    for para in _all_text_paras(lay):
        runs = text_runs(para.el)
        legacy = [lay.resolver.run(r, para.el).ascii for r in runs]
        bad = next((f for f in legacy if f and (f.startswith(".Vn") or f.upper().startswith("VNI"))), None)
        if bad:
            yield _R08_LEGACY(para.where, found=bad, expected="Unicode, Times New Roman")
            continue
        raw = para_text(para.el)
        if raw and not unicodedata.is_normalized("NFC", raw):
            yield _R08_NFC(para.where, found="NFD", expected="NFC")
        hidden = sorted(set(_INVISIBLE.findall(raw)))
        if hidden:
            what = ", ".join(f"U+{ord(c):04X} ({'đổi chiều chữ' if _DIRECTION.match(c) else 'độ rộng 0'})"
                             for c in hidden)
            yield _R08_INVISIBLE(para.where, found=what, expected="xoá ký tự")


_INVISIBLE_HIGHLIGHT = (None, "none", "white")


def _black(color: str | None) -> bool:
    """Black as printed: automatic, 000000, or a near-black Word offers as "Black, lighter 5%"."""
    value = (color or "auto").lower()
    if value == "auto":
        return True
    try:
        return len(value) == 6 and max(int(value[i:i + 2], 16) for i in (0, 2, 4)) <= 0x40
    except ValueError:
        return False


R09 = Family("ND30-R09", "Màu chữ đen", R07.clause, EVERYTHING,
             measured="màu chữ và màu nền (highlight) của mọi đoạn chữ, theo định dạng Word thực áp dụng",
             tolerance="màu tự động, 000000, màu gần đen Word gọi 'Black, lighter 5%' (mỗi kênh ≤ 40 hex) và nền "
                       "trắng hoặc không tô đều in ra như chữ đen")
_R09 = R09.check("", "E", "chữ phải màu đen, không tô nền", title="chữ màu đen",
                 example={"where": "đoạn 8 (phần I, mục 2)", "found": "màu FF0000", "expected": "màu đen"})


@runs(R09)
def r09(lay: Layout) -> Iterator[Finding]:
    for para in _all_text_paras(lay):
        for r in text_runs(para.el):
            p = lay.resolver.run(r, para.el)
            color_ok = _black(p.color) and p.theme_color in (None, "text1")
            if not color_ok or p.highlight not in _INVISIBLE_HIGHLIGHT:
                found = f"nền {p.highlight}" if p.highlight not in _INVISIBLE_HIGHLIGHT else \
                    f"màu {p.theme_color or p.color}"
                yield _R09(para.where, found=found, expected="màu đen")
                break


def _page_paras(hdr: etree._Element) -> list[etree._Element]:
    """Paragraphs of a header part holding a PAGE field, at any depth (inside w:sdt, tables, frames)."""
    return [p for p in hdr.iter(qn("w:p")) if has_page_field(p)]


R10 = Family("ND30-R10", "Số trang từ trang 2",
             "Phụ lục I, I.7: số trang đánh từ số 1, chữ số Ả Rập, cỡ chữ 13 đến 14, kiểu chữ đứng, canh giữa "
             "theo chiều ngang trong phần lề trên, không hiển thị số trang thứ nhất", EVERYTHING,
             measured="trường PAGE ở đầu trang (header) của phân đoạn đầu, ở mọi độ sâu (trong w:sdt, bảng, khung)")
_HEADER_WHERE = "đầu trang, phân đoạn 1"
_R10_MISSING = R10.check("a", "E", "thiếu số trang (trường PAGE) ở lề trên, từ trang 2", title="có số trang",
                         example={"where": _HEADER_WHERE, "found": "không có",
                                  "expected": "trường PAGE canh giữa ở đầu trang"})
_R10_CENTRE = centring(R10, "b", "số trang", _HEADER_WHERE)
_R10_SIZE = R10.check(
    "c", "E", f"số trang cỡ chữ {SIZE['so_trang'].words()}", title=f"số trang cỡ chữ {SIZE['so_trang'].words()}",
    measured=f"cỡ chữ của số trang (kết quả của trường PAGE), {_RESOLVED}",
    example={"where": _HEADER_WHERE, "found": "12 pt", "expected": SIZE["so_trang"].words()})
_R10_UPRIGHT = R10.check("d", "E", "số trang kiểu chữ đứng", title="số trang chữ đứng",
                         measured=f"chữ nghiêng ở số trang, {_RESOLVED}",
                         example={"where": _HEADER_WHERE, "found": "nghiêng", "expected": "đứng"})
_R10_BOLD = bold_warning(R10, "e", "số trang nên in thường (Phụ lục I: kiểu chữ đứng)", "số trang", _HEADER_WHERE,
                         said="kiểu chữ đứng")
_R10_FOOTER = R10.check("f", "E", "số trang đặt ở lề trên, không ở chân trang", title="số trang không ở chân trang",
                        measured="trường PAGE ở chân trang (footer) của mọi phân đoạn",
                        example={"where": "chân trang, phân đoạn 1", "found": "chân trang", "expected": "đầu trang"})


@runs(R10)
def r10(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    if not sections:
        return
    if not _page_paras(sections[0].header._element):
        yield _R10_MISSING(_HEADER_WHERE, found="không có", expected="trường PAGE canh giữa ở đầu trang")
    for i, sec in enumerate(sections):
        # I.7 holds every page number to its form: the document's, and an appendix's numbered on its own
        # (III.1.đ) in a header of its own section; a linked header is the first one's, judged once.
        if i and sec.header.is_linked_to_previous:
            continue
        field_paras = _page_paras(sec.header._element)
        if field_paras:
            yield from _page_number(lay, field_paras[0], f"đầu trang, phân đoạn {i + 1}")
    for i, sec in enumerate(sections):
        for footer in (sec.footer, sec.first_page_footer):
            if not footer.is_linked_to_previous and has_page_field(footer._element):
                yield _R10_FOOTER(f"chân trang, phân đoạn {i + 1}", found="chân trang", expected="đầu trang")
                break


def _page_number(lay: Layout, el: etree._Element, where: str) -> Iterator[Finding]:
    """The place, size and slant of one header's page number."""
    p = DocxPara(el, where)
    # The number a reader sees is the field's result run; fall back to the instruction's run.
    shown = [r for r in p.el.iter(qn("w:r")) if r.find(qn("w:t")) is not None and (r.findtext(qn("w:t")) or "").strip()]
    shown = shown or [r for r in p.el.iter(qn("w:r")) if r.find(qn("w:instrText")) is not None]
    run = lay.resolver.run(shown[0] if shown else None, p.el)
    number = DocxPara(p.el, where, text="99", runs=tuple(shown[:1]), raw=_before_field(p.el))
    if not centred(lay, number, "99"):
        yield from off_centre(_R10_CENTRE, lay, number)
    size = SIZE["so_trang"]
    if run.size not in size:
        yield _R10_SIZE(where, found=_pt(run.size), expected=size.words())
    if run.italic:
        yield _R10_UPRIGHT(where, found="nghiêng", expected="đứng")
    if run.bold:
        yield _R10_BOLD(where, found="đậm", expected="không đậm")


def _before_field(p: etree._Element) -> str:
    """The spaces and tabs typed before the PAGE field: where the number starts."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:fldChar"), qn("w:fldSimple")):
        if el.tag == qn("w:tab"):
            if el.getparent().tag == qn("w:r"):
                out.append("\t")
        elif el.tag == qn("w:t"):
            if (el.text or "").strip():
                break
            out.append(el.text or "")
        else:
            break
    return "".join(out) or " "


R11 = Family("ND30-R11", "Không đánh số trang 1", R10.clause, EVERYTHING)
_R11_SAME = R11.check(
    "a", "E", "không hiển thị số trang thứ nhất (bật 'trang đầu khác')", title="trang đầu khác (không số trang)",
    measured="phân đoạn đầu không bật 'trang đầu khác' (different first page) mà đầu trang có trường PAGE",
    example={"where": "trang đầu", "found": "trang 1 có số trang", "expected": "trang 1 không có số trang"})
_R11_FIRST = R11.check(
    "b", "E", "không hiển thị số trang thứ nhất", title="trang 1 không có số trang",
    measured="đầu trang riêng của trang đầu có trường PAGE",
    example={"where": "trang đầu", "found": "trang 1 có số trang", "expected": "trang 1 không có số trang"})


@runs(R11)
def r11(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    if not sections:
        return
    s = sections[0]
    where = "trang đầu"
    if not s.different_first_page_header_footer:
        if has_page_field(s.header._element):
            yield _R11_SAME(where, found="trang 1 có số trang", expected="trang 1 không có số trang")
        return
    first = s.first_page_header
    if not first.is_linked_to_previous and has_page_field(first._element):
        yield _R11_FIRST(where, found="trang 1 có số trang", expected="trang 1 không có số trang")
