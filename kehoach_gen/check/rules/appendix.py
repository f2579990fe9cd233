"""The appendices: placement, heading, title, reference line, page numbers, reference in the body
(ND30-R42 ... R47)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree

from kehoach_gen.check.rules.base import (
    ADMINISTRATIVE,
    SIZE,
    WITH_APPENDIX,
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
from kehoach_gen.check.rules.header import _DRAFT, _SOME_ISSUER, _date, _own_symbol, _so
from kehoach_gen.check.rules.page import _page_paras
from kehoach_gen.check.rules.place import _sections, off_centre
from kehoach_gen.facts import nd30, vn
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.facts.wordml import W
from kehoach_gen.ooxml.layout import Appendix, DocxPara, Layout, norm, para_text
from kehoach_gen.ooxml.unmarked import bare

_APPX_CLAUSE = ("Phụ lục I, III.1: văn bản có phụ lục thì phải chỉ dẫn về phụ lục đó; từ hai phụ lục trở lên thì "
                "đánh số thứ tự bằng chữ số La Mã; từ 'Phụ lục' và số thứ tự trên một dòng riêng, canh giữa, chữ in "
                "thường, cỡ chữ 14, kiểu chữ đứng, đậm; tên phụ lục canh giữa, chữ in hoa, cỡ chữ 13 đến 14, kiểu "
                "chữ đứng, đậm; dưới tên là thông tin chỉ dẫn (số, ký hiệu, thời gian, cơ quan ban hành); số trang "
                "đánh riêng theo từng phụ lục")
_APPX_WHERE = "phụ lục 1, đoạn 1"
_REF_WHERE = "phụ lục 1, đoạn 3"
R42 = Family("ND30-R42", "Vị trí phụ lục", _APPX_CLAUSE, ADMINISTRATIVE,
             measured="các phụ lục sau khối ký: dòng 'Phụ lục', 'Phụ lục I' mở đầu mỗi phần")
_R42_PAGE = R42.check(
    "a", "W", "phụ lục nên bắt đầu ở trang mới", title="phụ lục bắt đầu trang mới",
    measured="phụ lục mở một phân đoạn mới sang trang, có ngắt trang hoặc 'ngắt trang trước' (page break before)",
    clause="Phụ lục III, Mẫu 2.1 (phụ lục trình bày trên trang riêng); Phụ lục I, III.1.đ (số trang của phụ lục "
           "đánh riêng theo từng phụ lục)",
    tolerance="Phụ lục I, III.1 không nói phụ lục bắt đầu ở trang mới: điều này chỉ suy ra từ mẫu 2.1 của Phụ lục "
              "III và từ số trang đánh riêng cho phụ lục, nên là cảnh báo",
    example={"where": _APPX_WHERE, "found": "cùng trang với phần trước", "expected": "trang mới"})
_R42_NUMBERS = R42.check(
    "b", "E", "có từ hai phụ lục trở lên thì đánh số thứ tự bằng chữ số La Mã", title="phụ lục đánh số La Mã",
    measured="số La Mã sau 'Phụ lục' so với thứ tự phụ lục (I, II, III ...)",
    example={"where": "phụ lục 2, đoạn 1", "found": "Phụ lục 2", "expected": "Phụ lục II"})


@runs(R42)
def r42(lay: Layout) -> Iterator[Finding]:
    n = len(lay.appendices)
    sections = _sections(lay)
    for k, ap in enumerate(lay.appendices, start=1):
        head = ap.paras[0]
        m = nd30.APPENDIX_HEADING.match(head.text)
        new_section_page = (ap.section > lay.sig_section and ap.section < len(sections)
                            and _starts_on_new_page(sections[ap.section]))
        if not (new_section_page or _page_break_before(head.el)):
            yield _R42_PAGE(head.where, found="cùng trang với phần trước", expected="trang mới")
        numeral = m.group("number") if m else None
        if n >= 2 and numeral != vn.roman(k):
            yield _R42_NUMBERS(head.where, found=head.text, expected=f"Phụ lục {vn.roman(k)}")


def _starts_on_new_page(section: Section) -> bool:
    kind = section._sectPr.find(qn("w:type"))
    return kind is None or kind.get(qn("w:val")) in ("nextPage", "oddPage", "evenPage")


def _page_break_before(p: etree._Element) -> bool:
    ppr = p.find(f"{W}pPr")
    if ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None:
        return True
    prev = p.getprevious()
    while prev is not None and prev.tag == f"{W}p" and not norm(para_text(prev)) and \
            not any(br.get(qn("w:type")) == "page" for br in prev.iter(f"{W}br")) and prev.find(f".//{W}sectPr") is None:
        prev = prev.getprevious()
    if prev is None:
        return True
    return any(br.get(qn("w:type")) == "page" for br in prev.iter(f"{W}br"))


R43 = Family("ND30-R43", "Chữ 'Phụ lục'", _APPX_CLAUSE, WITH_APPENDIX, measured="dòng đầu tiên của mỗi phụ lục")
_R43_CASE = R43.check("a", "E", "từ 'Phụ lục' trình bày bằng chữ in thường", title="'Phụ lục' chữ in thường",
                      example={"where": _APPX_WHERE, "found": "PHỤ LỤC I", "expected": "Phụ lục I"})
_R43_LOOK = form(R43, "bcd", "chữ 'Phụ lục'", _APPX_WHERE, bold=True, italic=False, size=SIZE["phu_luc"])
_R43_CENTRE = centring(R43, "e", "chữ 'Phụ lục'", _APPX_WHERE)


@runs(R43)
def r43(lay: Layout) -> Iterator[Finding]:
    for ap in lay.appendices:
        head = ap.paras[0]
        if head.text.startswith("PHỤ LỤC") or head.text.startswith("phụ lục"):
            yield _R43_CASE(head.where, found=head.text, expected="Phụ lục" + head.text[7:])
        yield from check_form(_R43_LOOK, lay, head)
        yield from off_centre(_R43_CENTRE, lay, head)


def _appx_parts(ap: Appendix) -> tuple[list[DocxPara], list[DocxPara]]:
    """(title lines, reference lines) under the heading: the title may run over several paragraphs, and
    so may the reference "(Kèm theo ...)"."""
    rest = _nonempty(ap.paras[1:])
    title: list[DocxPara] = []
    # Without a reference line under it, a numbered line ('I. Đặc điểm, tình hình') is the appendix's
    # content, not its title.
    referenced = any(p.text.startswith("(") for p in rest[:4])
    while rest and not rest[0].text.startswith("(") and len(title) < 3 and (referenced or not (
            nd30.NUMBER_AT_START.match(rest[0].text) or nd30.MUC.match(rest[0].text))):
        title.append(rest.pop(0))
    ref: list[DocxPara] = []
    for p in rest:
        if not ref and not p.text.startswith("("):
            break
        ref.append(p)
        if p.text.endswith(")"):
            break
    return title, ref


_APPX_TITLE_WHERE = "phụ lục 1, đoạn 2"
R44 = Family("ND30-R44", "Tên phụ lục", _APPX_CLAUSE, WITH_APPENDIX,
             measured="các dòng dưới chữ 'Phụ lục' đến dòng mở ngoặc '(' (nhiều nhất ba dòng); tên phụ lục không bắt "
                      "buộc")
_R44_UPPER = R44.check("a", "E", "tên phụ lục trình bày bằng chữ in hoa", title="tên phụ lục chữ in hoa",
                       example={"where": _APPX_TITLE_WHERE, "found": "Kế hoạch đoàn ra năm 2026",
                                "expected": "KẾ HOẠCH ĐOÀN RA NĂM 2026"})
_R44_LOOK = form(R44, "bcd", "tên phụ lục", _APPX_TITLE_WHERE, bold=True, italic=False, size=SIZE["phu_luc_tieu_de"])
_R44_CENTRE = centring(R44, "e", "tên phụ lục", _APPX_TITLE_WHERE)


@runs(R44)
def r44(lay: Layout) -> Iterator[Finding]:
    for ap in lay.appendices:
        titles, _ = _appx_parts(ap)
        # "tên Phụ lục (nếu có)": a title is optional (III.1.b)
        for title in titles:
            if not _is_upper(lay, title):
                yield _R44_UPPER(title.where, found=vn.clip(title.text, 40), expected=vn.clip(title.text, 40).upper())
            yield from check_form(_R44_LOOK, lay, title)
            yield from off_centre(_R44_CENTRE, lay, title)


# The reference line is read without diacritics, as the parts of the page are: a document typed without them
# gives its number and date as "so 33/KH-UBND ngay 13 thang 3 nam 2018" (R08 says once that marks are missing).
_REF_NUMBER = re.compile(r"(?<!\w)so\s*(?P<no>[^/\s]*)\s*/\s*(?P<sym>[^\s,;)]+)", re.IGNORECASE)
_DATE_WORDS = re.compile(bare(nd30.DATE_WORDS), re.IGNORECASE)
_DATE_SLASHED = re.compile(r"ngay\s*(\d*)\s*/\s*(\d*)\s*/\s*(\d*)", re.IGNORECASE)


def _date_key(text: str) -> tuple[int | None, ...] | None:
    """(day, month, year) of 'ngày 05 tháng 3 năm 2026' or 'ngày 05/3/2026', blanks as None."""
    t = bare(norm(text))
    m = _DATE_WORDS.search(t) or _DATE_SLASHED.search(t)
    if not m:
        return None
    return tuple(int(g) if g else None for g in m.groups())


def _reference_example(lay: Layout, so: DocxPara | None, date: DocxPara | None) -> str:
    """The appendix's reference line this document should carry: its own type, number, symbol, date and
    issuer as the header gives them; what a draft leaves blank stays a blank ('…'), never a made-up value."""
    kind = kind_of(lay)
    so_m = nd30.NUMBER_LINE.fullmatch(so.text) if so is not None else None
    number = (so_m.group("n").strip(" .…_") if so_m else "") or "…"
    day, month, year = (_date_key(date.text) if date is not None else None) or (None, None, None)
    when = vn.date_words(year, month, day).replace(vn.BLANK, " … ").strip()
    name = kind.type.name if kind.type is not None else nd30.KE_HOACH.name
    issuer = kind.issuer_name or _SOME_ISSUER
    if kind.is_ubnd and _chair_issues(lay, name):
        # "Chủ tịch Ủy ban nhân dân tỉnh ... ban hành Kế hoạch": the Chủ tịch issues it, and the reference line
        # names him (spec correction 11: "(Ban hành kèm theo Kế hoạch số ... của Chủ tịch UBND tỉnh ...)").
        issuer = f"{_CHAIR} {issuer}"
    return f"(Kèm theo {name} số {number}/{_own_symbol(kind)} {when} của {issuer})"


_CHAIR = "Chủ tịch"
_ISSUED_WITH = "(Ban hành kèm theo"


def _chair_issues(lay: Layout, type_name: str) -> bool:
    """The body names the committee's Chủ tịch as the one who issues the document ("Chủ tịch Ủy ban nhân dân
    tỉnh Lâm Đồng ban hành Kế hoạch ...")."""
    issues = re.compile(rf"(?<!\w){_CHAIR} (?:{re.escape(nd30.UBND)}|{nd30.UBND_ABBREVIATION})\b[^.;:]{{0,80}}?"
                        rf"\bban hành {re.escape(type_name)}", re.IGNORECASE)
    return any(issues.search(p.text) for p in lay.body[:30])


_REF_SAMPLE = "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Lai Châu)"
R45 = Family("ND30-R45", "Dòng 'Kèm theo'",
             "Phụ lục I, III.1.c: thông tin chỉ dẫn trên mỗi phụ lục gồm số, ký hiệu, thời gian ban hành và tên cơ "
             "quan ban hành văn bản, chữ in thường, cỡ chữ 13 đến 14, kiểu chữ nghiêng, canh giữa; ghi đầy đủ ở văn "
             "bản giấy, văn bản điện tử có thể để trống số, ngày", WITH_APPENDIX,
             measured="các dòng trong ngoặc đơn dưới tên phụ lục, có chữ 'kèm theo' (có thể nhiều đoạn liền nhau)",
             tolerance="Phụ lục I nêu nội dung, không nêu câu chữ: '(Ban hành kèm theo Kế hoạch số ... của Chủ tịch "
                       "UBND tỉnh ...)' cũng đúng")
_R45_MISSING = R45.check(
    "a", "E", "dưới tên phụ lục ghi thông tin chỉ dẫn: số, ký hiệu, thời gian và cơ quan ban hành văn bản",
    title="có dòng 'Kèm theo'", example={"where": _REF_WHERE, "found": "không có", "expected": _REF_SAMPLE})
_R45_CONTENT = R45.check(
    "b", "E", "dòng 'Kèm theo' ghi số, ký hiệu và ngày tháng năm của văn bản", title="dòng 'Kèm theo' có số, ngày",
    measured="'số .../...' và 'ngày ... tháng ... năm ...' (hoặc 'ngày .../.../...') trong dòng 'Kèm theo'",
    example={"where": _REF_WHERE, "found": "(Kèm theo Kế hoạch của Ủy ban nhân dân tỉnh)", "expected": _REF_SAMPLE})
_R45_DRAFT = R45.check(
    "c", "W", "dự thảo: dòng 'Kèm theo' chưa có số hoặc ngày văn bản", title="dự thảo: 'Kèm theo' chưa có số, ngày",
    tolerance=_DRAFT + "; Phụ lục I, III.1.c cho phép để trống ở văn bản điện tử",
    example={"where": _REF_WHERE, "found": "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng 12 năm 2026",
             "expected": _REF_SAMPLE})
_R45_NUMBER = R45.check("d", "E", "số văn bản ở dòng 'Kèm theo' khác số ở đầu văn bản",
                        title="số ở 'Kèm theo' bằng số văn bản",
                        example={"where": _REF_WHERE, "found": "12", "expected": "15"})
_R45_DATE = R45.check("e", "E", "ngày ở dòng 'Kèm theo' khác ngày ban hành", title="ngày ở 'Kèm theo' bằng ngày ban hành",
                      example={"where": _REF_WHERE, "found": "10/3/2026", "expected": "9/3/2026"})
_R45_LOOK = form(R45, "fg", "dòng 'Kèm theo'", _REF_WHERE, italic=True, size=SIZE["phu_luc_kem_theo"])
_R45_BOLD = bold_warning(R45, "h", "dòng 'Kèm theo' in nghiêng, không đậm", "dòng 'Kèm theo'", _REF_WHERE,
                         said="kiểu chữ nghiêng")
_R45_CENTRE = centring(R45, "i", "dòng 'Kèm theo'", _REF_WHERE)


@runs(R45)
def r45(lay: Layout) -> Iterator[Finding]:
    so, date = _so(lay), _date(lay)
    example = _reference_example(lay, so, date)
    for ap in lay.appendices:
        _, ref = _appx_parts(ap)
        text = " ".join(p.text for p in ref)
        want = example  # in the page's own wording, which III.1.c leaves free
        if text.lower().startswith(_ISSUED_WITH.lower()):
            want = example.replace("(Kèm theo", _ISSUED_WITH, 1)
        printed = vn.clip(" ".join(p.printed for p in ref), 60)  # quoted as the page prints it
        if not ref or "kèm theo" not in text.lower():
            yield _R45_MISSING((ref[0] if ref else ap.paras[0]).where, found=printed or "không có",
                               expected=want)
            continue
        number = _REF_NUMBER.search(bare(text))
        when = _date_key(text)
        if number is None or when is None:
            yield _R45_CONTENT(ref[0].where, found=printed, expected=want)
        else:
            no = number.group("no").strip(" .…_")
            if not no or None in when:
                yield _R45_DRAFT(ref[0].where, found=printed, expected=want)
            so_m = nd30.NUMBER_LINE.fullmatch(so.text) if so is not None else None
            head_no = so_m.group("n").strip(" .…_") if so_m else ""
            if no and head_no and no.lstrip("0") != head_no.lstrip("0"):
                yield _R45_NUMBER(ref[0].where, found=no, expected=head_no)
            if date is not None:
                head = _date_key(date.text)
                if head and None not in head and None not in when and head != when:
                    yield _R45_DATE(ref[0].where, found="/".join(str(x) for x in when),
                                    expected="/".join(str(x) for x in head))
        for p in ref:
            yield from check_form(_R45_LOOK, lay, p)
            if any(x.bold for x in _props(lay, p)):
                yield _R45_BOLD(p.where, found="đậm", expected="không đậm")
            yield from off_centre(_R45_CENTRE, lay, p)


R46 = Family("ND30-R46", "Số trang phụ lục", "Phụ lục I, III.1.đ: số trang của phụ lục được đánh số riêng theo từng "
             "phụ lục; I.7: số trang ở lề trên", ADMINISTRATIVE, measured="phân đoạn (section) của mỗi phụ lục")
_R46_RESTART = R46.check(
    "a", "E", "số trang của phụ lục được đánh riêng theo từng phụ lục", title="số trang phụ lục đánh lại từ 1",
    measured="phân đoạn của phụ lục đặt 'bắt đầu từ 1' (pgNumType start=1); phụ lục không có phân đoạn riêng thì số "
             "trang nối tiếp văn bản",
    example={"where": _APPX_WHERE, "found": "nối tiếp số trang văn bản", "expected": "bắt đầu lại từ 1"})
_R46_NUMBER = R46.check(
    "b", "E", "phụ lục có số trang ở lề trên", title="phụ lục có số trang",
    measured="đầu trang riêng của phân đoạn phụ lục có trường PAGE (đầu trang nối với văn bản thì R10 kiểm tra)",
    example={"where": _APPX_WHERE, "found": "không có", "expected": "trường PAGE ở đầu trang"})


@runs(R46)
def r46(lay: Layout) -> Iterator[Finding]:
    sections = _sections(lay)
    for ap in lay.appendices:
        if ap.section >= len(sections):
            continue
        if ap.section == lay.sig_section:  # no section of its own: its pages go on with the document's
            if lay.sig is not None:
                yield _R46_RESTART(ap.paras[0].where, found="nối tiếp số trang văn bản", expected="bắt đầu lại từ 1")
            continue
        s = sections[ap.section]
        pg = s._sectPr.find(qn("w:pgNumType"))
        if pg is None or pg.get(qn("w:start")) != "1":
            yield _R46_RESTART(ap.paras[0].where, found="nối tiếp số trang văn bản", expected="bắt đầu lại từ 1")
        # A header linked to the plan's shows the plan's PAGE field (R10 speaks for that one).
        if not s.header.is_linked_to_previous and not _page_paras(s.header._element):
            yield _R46_NUMBER(ap.paras[0].where, found="không có", expected="trường PAGE ở đầu trang")


R47 = Family("ND30-R47", "Dẫn chiếu phụ lục trong văn bản", _APPX_CLAUSE, ADMINISTRATIVE)
_R47 = R47.check(
    "", "E", "trong văn bản phải có chỉ dẫn về phụ lục", title="phụ lục được dẫn trong văn bản",
    clause="Phụ lục I, III.1.a: văn bản có phụ lục kèm theo thì trong văn bản phải có chỉ dẫn về phụ lục đó",
    measured="dòng đầu của mỗi phụ lục ('Phụ lục II') có trong lời văn, trích yếu hoặc ghi chú dưới tên loại "
             "(không phân biệt hoa thường; 'Phụ lục I' không được tính là 'Phụ lục II'); văn bản chỉ có một phụ lục "
             "thì chữ 'Phụ lục' ('tại Phụ lục đính kèm') là đủ",
    example={"where": _APPX_WHERE, "found": "không dẫn chiếu", "expected": "'(chi tiết tại Phụ lục I kèm theo)'"})


@runs(R47)
def r47(lay: Layout) -> Iterator[Finding]:
    body = " ".join(p.text for p in lay.body) + " " + " ".join(p.text for p in lay.summary + lay.title_notes)
    count = len(lay.appendices)
    for k, ap in enumerate(lay.appendices, start=1):
        head = ap.paras[0].text.rstrip(":. ")  # 'Phụ lục số 01:' is cited as 'Phụ lục số 01'
        # Its name as Phụ lục I numbers it (what R42 asks for): the only appendix is pointed to by its word alone
        # ('theo mẫu tại Phụ lục đính kèm'), one of several by its Roman numeral.
        proper = nd30.appendix_heading(k, count)
        # Read without diacritics on both sides, as the parts of the page are: a document typed without them
        # cites its appendix as '(Dinh kem Phu luc ...)'.
        names = (proper,) if count == 1 else (proper, head)
        if not any(nd30.cites_appendix(bare(body), bare(name)) for name in names):
            yield _R47(ap.paras[0].where, found="không dẫn chiếu", expected=f"'(chi tiết tại {proper} kèm theo)'")
