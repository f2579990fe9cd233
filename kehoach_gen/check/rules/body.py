"""The body: alignment, indents, sizes, spacing, headings, numbering, end mark, the Căn cứ lines
(ND30-R25 ... R33)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from kehoach_gen.check.rules import recipients
from kehoach_gen.check.rules.base import (
    _ALIGN_VI,
    _RESOLVED,
    _UPPER,
    ADMINISTRATIVE,
    SIZE,
    _is_upper,
    _props,
    _pt,
    _size,
    kind_of,
    runs,
)
from kehoach_gen.check.rules.place import _box_mm, _lead_mm
from kehoach_gen.facts import nd30, vn
from kehoach_gen.facts.findings import Family, Finding, Scope
from kehoach_gen.facts.metrics import text_width_mm
from kehoach_gen.facts.wordml import W, twips_to_pt
from kehoach_gen.ooxml.layout import DocxPara, Layout, shape_lines, text_runs
from kehoach_gen.ooxml.resolve import ParaProps


def _dieu(lay: Layout, text: str) -> re.Match[str] | None:
    """An article heading ("Điều 3."), in the kinds that are divided into articles (Phụ lục I, II.6.b):
    in a plan or a report the same words open an ordinary paragraph."""
    kind = lay.kind
    if kind is not None and kind.type is not None and kind.type.name not in nd30.ARTICLE_KINDS:
        return None
    return nd30.DIEU.match(text)


def _body(lay: Layout) -> list[DocxPara]:
    return [p for p in lay.body if p.text]


def _heading_lines(lay: Layout) -> set[int]:
    """Indices (in _body) of the centred Phần/Chương/Mục lines and the title line under each."""
    body = _body(lay)
    out: set[int] = set()
    for i, p in enumerate(body):
        if nd30.CENTRED_HEADING.match(p.text):
            out.add(i)
            if i + 1 < len(body):
                out.add(i + 1)
    return out


def _all_bold(lay: Layout, p: DocxPara) -> bool:
    return all(x.bold for x in _props(lay, p))


def _lead_in_bold(lay: Layout, p: DocxPara) -> bool:
    """A bold lead-in run ("3. Sở Tư pháp:") followed by regular text on the same line."""
    props = _props(lay, p)
    return props[0].bold and not props[-1].bold


def _bold_prefix(lay: Layout, p: DocxPara) -> str:
    """The text of the leading bold runs."""
    runs = text_runs(p.el) if p.runs is None else p.runs
    out = []
    for r in runs:
        if not lay.resolver.run(r, p.el).bold:
            break
        out.append("".join(t.text or "" for t in r.iterchildren(f"{W}t")))
    return "".join(out).strip()


def _is_titled(lay: Layout, body: list[DocxPara], i: int) -> bool:
    """A khoản or điểm with a title, by its formatting shape: the whole line bold, and the next
    paragraph body text (not the next khoản or a higher heading)."""
    p = body[i]
    if not _all_bold(lay, p):
        return False
    nxt = body[i + 1] if i + 1 < len(body) else None
    if nxt is not None and not (nd30.MUC.match(nxt.text) or nd30.KHOAN.match(nxt.text) or _dieu(lay, nxt.text)):
        return True
    # A title whose section is still empty (a draft's skeleton): bold, short, not ended like a sentence.
    m = nd30.KHOAN.match(p.text) or nd30.DIEM.match(p.text)
    return nd30.reads_as_bare_title(m.group(2) if m else "")


def _fits_one_line(lay: Layout, p: DocxPara) -> bool:
    props = lay.resolver.para(p.el)
    width = text_width_mm(p.text, _size(lay, p) or 14, _all_bold(lay, p))
    room = _box_mm(lay, p.el) - (props.left_cm + props.right_cm + props.first_line_cm - props.hanging_cm) * 10
    return width <= room


def _is_note(p: DocxPara) -> bool:
    return p.text.startswith("(") and p.text.rstrip(".").endswith(")") and len(p.text) < 240


_BODY_WHERE = "đoạn 12 (phần II, mục 1): '- Tổ chức các đoàn đi công tác nư…'"
_INDENTS = " hoặc ".join(f"{v:g} cm".replace(".", ",") for v in nd30.FIRST_LINE_INDENT_CM)
_BODY_CLAUSE = ("Phụ lục I, II.6.e: nội dung văn bản chữ in thường, canh đều cả hai lề, kiểu chữ đứng, cỡ chữ 13 "
                "đến 14; khi xuống dòng, chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm; khoảng cách giữa các đoạn văn tối "
                "thiểu 6 pt; khoảng cách giữa các dòng tối thiểu dòng đơn, tối đa 1,5 dòng")
_BODY_PARAS = ("mọi đoạn của phần nội dung (từ sau trích yếu đến khối chữ ký), trừ các dòng tiêu đề: Phần, Chương, "
               "Mục canh giữa, đề mục I., Điều, khoản và điểm có tiêu đề, 'Kính gửi' và các dòng dưới nó")
R25 = Family("ND30-R25", "Căn lề và thụt đầu dòng", _BODY_CLAUSE, ADMINISTRATIVE, measured=_BODY_PARAS)
_R25_NOTE = R25.check(
    "a", "W", "dòng ghi chú trong nội dung nên canh đều như lời văn", title="dòng ghi chú canh đều",
    tolerance="một dòng '(...)' canh giữa thường là ghi chú hay chỉ dẫn phụ lục, không sai rõ ràng, nên là cảnh báo",
    example={"where": "đoạn 116 (phần I, mục 7): '(Phân công nhiệm vụ theo Phụ lục đính kè…'", "found": "căn giữa",
             "expected": "căn đều hai bên, lùi đầu dòng"})
_R25_DISTRIBUTE = R25.check(
    "b", "W", "nội dung nên canh đều hai lề (không dàn đều từng chữ)", title="không dàn đều từng chữ",
    tolerance="dàn đều (distribute) vẫn thẳng hai lề nhưng giãn cả dòng cuối, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "dàn đều", "expected": "căn đều hai bên"})
_R25_JUSTIFY = R25.check(
    "c", "E", "nội dung văn bản canh đều cả hai lề", title="nội dung canh đều hai lề",
    tolerance="đoạn chỉ có một dòng, căn trái, được coi là canh đều: người đọc thấy như nhau",
    example={"where": _BODY_WHERE, "found": "căn trái", "expected": "căn đều hai bên"})
_R25_SPACES = R25.check(
    "d", "W", "lùi đầu dòng bằng dấu cách hoặc tab; nên đặt thụt dòng đầu", title="thụt đầu dòng bằng định dạng",
    measured="thụt dòng đầu của đoạn cộng với dấu cách, tab gõ ở đầu đoạn",
    tolerance="lùi bằng dấu cách, tab trong khoảng 0,15 cm quanh 1 cm hoặc 1,27 cm: in ra đúng nhưng dễ lệch khi sửa",
    example={"where": _BODY_WHERE, "found": "0.00 cm + dấu cách", "expected": _INDENTS})
_R25_INDENT = R25.check(
    "e", "E", "chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm", title="lùi đầu dòng 1 cm hoặc 1,27 cm",
    measured="thụt dòng đầu (first line trừ hanging) của đoạn", tolerance="±0,03 cm",
    example={"where": _BODY_WHERE, "found": "0,50 cm", "expected": _INDENTS})
_R25_SAME = R25.check(
    "f", "W", "các đoạn nên thụt đầu dòng như nhau", title="thụt đầu dòng như nhau",
    measured="các giá trị thụt dòng đầu đúng (1 cm, 1,27 cm) gặp trong phần nội dung",
    tolerance="cả hai giá trị đều đúng Phụ lục I; dùng lẫn chỉ là không thống nhất, nên là cảnh báo",
    example={"where": "phần nội dung", "found": "1 cm, 1,27 cm", "expected": "một giá trị"})


@runs(R25)
def r25(lay: Layout) -> Iterator[Finding]:
    indents: dict[float, int] = {}
    body = _body(lay)
    heads = _heading_lines(lay) | recipients.lines(lay)
    allowed = _INDENTS
    for i, p in enumerate(body):
        if i in heads or nd30.MUC.match(p.text) or _dieu(lay, p.text) or \
                ((nd30.KHOAN.match(p.text) or nd30.DIEM.match(p.text)) and _is_titled(lay, body, i)):
            continue  # title lines: Phụ lục I fixes their weight and size, not their alignment
        props = lay.resolver.para(p.el)
        align = props.align
        if align == "center" and _is_upper(lay, p) and _all_bold(lay, p) and _fits_one_line(lay, p):
            continue  # a title line of the body ("QUYẾT ĐỊNH:", the issuing authority of a decision)
        if _is_note(p) and align == "center":
            yield _R25_NOTE(p.where, found="căn giữa", expected="căn đều hai bên, lùi đầu dòng")
            continue
        if align == "distribute":
            yield _R25_DISTRIBUTE(p.where, found="dàn đều", expected="căn đều hai bên")
        elif align != "both" and not (align in (None, "left") and _fits_one_line(lay, p)):
            yield _R25_JUSTIFY(p.where, found=_ALIGN_VI.get(align, str(align)), expected="căn đều hai bên")
        fl = props.first_line_cm - props.hanging_cm
        lead, _ = _lead_mm(lay, p, _size(lay, p) or 14)
        fl_seen = fl + lead / 10
        if any(abs(fl - v) <= 0.03 for v in nd30.FIRST_LINE_INDENT_CM):
            indents[round(fl, 2)] = indents.get(round(fl, 2), 0) + 1
        elif any(abs(fl_seen - v) <= 0.15 for v in nd30.FIRST_LINE_INDENT_CM):
            yield _R25_SPACES(p.where, found=f"{fl:.2f} cm + dấu cách", expected=allowed)
        else:
            found = f"{fl:.2f} cm".replace(".", ",")
            if lead:
                found += " (thụt bằng dấu cách)"
            yield _R25_INDENT(p.where, found=found, expected=allowed)
    if len(indents) > 1:
        yield _R25_SAME("phần nội dung", found=", ".join(f"{k:g} cm".replace(".", ",") for k in indents),
                        expected="một giá trị")


R26 = Family("ND30-R26", "Cỡ chữ phần nội dung",
             _BODY_CLAUSE + "; II.6.đ: cỡ chữ số thứ tự khoản, điểm bằng cỡ chữ của phần lời văn; V.6b: đề mục I., "
             "Phần, Chương cỡ 13 đến 14", ADMINISTRATIVE, measured=f"cỡ chữ của các đoạn chữ phần nội dung, {_RESOLVED}")
_R26_BODY = R26.check(
    "a", "E", f"chữ phần nội dung cỡ {SIZE['noi_dung'].words()}", title=f"nội dung cỡ {SIZE['noi_dung'].words()}",
    measured="cỡ chữ gặp nhiều nhất trong phần nội dung",
    example={"where": "phần nội dung", "found": "12 pt", "expected": SIZE["noi_dung"].words()})
_R26_HEADING = R26.check(
    "b", "E", f"đề mục cỡ chữ {SIZE['muc'].words()}", title=f"đề mục I., Phần, Chương cỡ {SIZE['muc'].words()}",
    measured="cỡ chữ các đoạn chữ của đề mục La Mã (I., II.), dòng Phần, Chương, Mục canh giữa và dòng tên dưới nó",
    tolerance="đề mục được cỡ riêng trong khoảng 13 đến 14, không buộc bằng cỡ lời văn",
    example={"where": "đoạn 5 (phần II): 'II. NHIỆM VỤ CỤ THỂ'", "found": "16 pt", "expected": SIZE["muc"].words()})
_R26_SAME = R26.check(
    "c", "E", "cỡ chữ khoản, điểm và lời văn bằng cỡ chữ phần lời văn", title="khoản, điểm cùng cỡ lời văn",
    measured="cỡ chữ của từng đoạn (trừ đề mục) so với cỡ gặp nhiều nhất",
    example={"where": _BODY_WHERE, "found": "13 pt", "expected": "14 pt"})


@runs(R26)
def r26(lay: Layout) -> Iterator[Finding]:
    counts: dict[float | None, int] = {}
    body = _body(lay)
    heads = _heading_lines(lay)
    for p in body:
        for props in _props(lay, p):
            counts[props.size] = counts.get(props.size, 0) + 1
    if not counts:
        return
    main = max(counts, key=lambda k: counts[k])
    size = SIZE["noi_dung"]
    if main not in size:
        yield _R26_BODY("phần nội dung", found=_pt(main), expected=size.words())
    for i, p in enumerate(body):
        sizes = {x.size for x in _props(lay, p)}
        if i in heads or nd30.MUC.match(p.text):
            bad = {s for s in sizes if s not in SIZE["muc"]}
            if bad:  # I./II. and Phần/Chương titles: 13-14 on their own (table V, 6b)
                yield _R26_HEADING(p.where, found=", ".join(_pt(s) for s in sorted(bad, key=lambda x: x or 0)),
                                   expected=SIZE["muc"].words())
            continue
        odd = {s for s in sizes if s != main}
        if odd:
            yield _R26_SAME(p.where, found=", ".join(_pt(s) for s in sorted(odd, key=lambda x: x or 0)),
                            expected=_pt(main))


_LEAST = nd30.PARAGRAPH_SPACING_MIN_PT
R27 = Family("ND30-R27", "Khoảng cách đoạn", _BODY_CLAUSE, ADMINISTRATIVE,
             measured="khoảng cách sau đoạn trước cộng khoảng cách trước đoạn sau (Word cộng hai giá trị), giữa mọi "
                      "cặp đoạn liền nhau của phần nội dung (không tính 'Kính gửi' và các dòng dưới nó, ô 9a)")
_R27_EMPTY = R27.check(
    "a", "W", "không dùng đoạn trống để tạo khoảng cách", title="không dùng đoạn trống",
    measured="đoạn không có chữ, không có hình vẽ, không phải chỗ chia phân đoạn",
    tolerance="đoạn trống vẫn tạo khoảng cách khi in, nhưng lệch khi sửa và làm sai khoảng cách đoạn, nên là cảnh báo",
    example={"where": "đoạn 125 (phần II, mục 2)", "found": "đoạn trống", "expected": f"khoảng cách đoạn ≥ {_LEAST:g} pt"})
_R27_CONTEXTUAL = R27.check(
    "b", "E", f"khoảng cách giữa các đoạn văn tối thiểu {_LEAST:g} pt (bỏ 'không thêm khoảng cách giữa các đoạn "
    "cùng kiểu')", title="không bỏ khoảng cách giữa các đoạn cùng kiểu",
    measured="tuỳ chọn 'Don't add space between paragraphs of the same style' (contextualSpacing) ở hai đoạn liền "
             "nhau cùng kiểu: Word bỏ hết khoảng cách giữa chúng",
    example={"where": _BODY_WHERE, "found": "0 pt (contextualSpacing)", "expected": f"≥ {_LEAST:g} pt"})
_R27_SPACING = R27.check(
    "c", "E", f"khoảng cách giữa các đoạn văn tối thiểu {_LEAST:g} pt",
    title=f"khoảng cách đoạn tối thiểu {_LEAST:g} pt", tolerance="0,01 pt (làm tròn)",
    example={"where": _BODY_WHERE, "found": "0 pt", "expected": f"≥ {_LEAST:g} pt"})


@runs(R27)
def r27(lay: Layout) -> Iterator[Finding]:
    prev: ParaProps | None = None
    prev_el: etree._Element | None = None
    least = _LEAST
    body = _body(lay)
    in_9a = {body[i].el for i in recipients.lines(lay)}  # ô 9a: laid out under the colon, not body text
    for p in lay.body:
        if p.el in in_9a:
            prev, prev_el = None, None
            continue
        props = lay.resolver.para(p.el)
        if not p.text:
            if not shape_lines(p.el) and p.el.find(f".//{W}sectPr") is None and p.el.find(f".//{W}drawing") is None:
                yield _R27_EMPTY(p.where, found="đoạn trống", expected=f"khoảng cách đoạn ≥ {least:g} pt")
            continue
        same_style = prev_el is not None and lay.resolver.para_style_id(prev_el) == lay.resolver.para_style_id(p.el)
        if props.contextual and prev is not None and same_style:
            # Word drops the space between paragraphs of one style that ask for it
            yield _R27_CONTEXTUAL(p.where, found="0 pt (contextualSpacing)", expected=f"≥ {least:g} pt")
        elif prev is not None and prev.after_pt + props.before_pt < least - 0.01:
            yield _R27_SPACING(p.where, found=f"{prev.after_pt + props.before_pt:g} pt", expected=f"≥ {least:g} pt")
        prev, prev_el = props, p.el


R28 = Family("ND30-R28", "Giãn dòng", _BODY_CLAUSE, ADMINISTRATIVE,
             measured="giãn dòng (line spacing) của mọi đoạn có chữ của phần nội dung")
_R28_LINES = R28.check(
    "a", "E", "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng", title="giãn dòng từ dòng đơn đến 1,5 dòng",
    measured="giãn dòng tính theo số dòng (single, 1.5 lines, multiple)",
    example={"where": _BODY_WHERE, "found": "2 dòng", "expected": nd30.LINE_SPACING.words("dòng")})
_R28_FIXED = R28.check(
    "b", "W", "giãn dòng cố định ngoài khoảng dòng đơn - 1,5 dòng", title="giãn dòng cố định trong khoảng",
    measured="giãn dòng cố định (exactly, at least) theo pt, so với dòng đơn của Word cho Times New Roman (1,15 lần "
             "cỡ chữ) và 1,5 lần số đó",
    tolerance="±0,5 pt; 'at least' nhỏ hơn một dòng là dòng đơn; quy đổi pt ra số dòng là ước tính, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "12 pt", "expected": "16.1-24.1 pt"})


@runs(R28)
def r28(lay: Layout) -> Iterator[Finding]:
    spacing = nd30.LINE_SPACING
    for p in _body(lay):
        props = lay.resolver.para(p.el)
        size = _size(lay, p) or 14
        if props.line is None or props.line_rule in (None, "auto"):
            mult = (props.line or 240) / 240
            if mult not in spacing:
                yield _R28_LINES(p.where, found=f"{mult:g} dòng", expected=spacing.words("dòng"))
        else:
            pts = twips_to_pt(props.line)
            single = 1.15 * size  # Word's "single" for Times New Roman
            if props.line_rule == "atLeast" and pts <= single:
                continue  # "at least" less than one line is single spacing
            if not (single - 0.5 <= pts <= spacing.high * single + 0.5):
                yield _R28_FIXED(p.where, found=f"{pts:g} pt", expected=f"{single:.1f}-{spacing.high * single:.1f} pt")


_BASIS = ("Căn cứ", "Theo đề nghị", "Xét đề nghị")


def _heading(lay: Layout, text: str) -> bool:
    return bool(nd30.MUC.match(text) or nd30.KHOAN.match(text) or _dieu(lay, text) or nd30.CENTRED_HEADING.match(text))


def _basis_lines(lay: Layout) -> list[DocxPara]:
    """The căn cứ lines at the head of the body (II.6.a): a line opening with 'Căn cứ', 'Theo đề nghị',
    'Xét đề nghị', and, around them, the italic lines of the same list that do not repeat the words
    ('Luật sửa đổi, bổ sung ...;', 'Thực hiện Kế hoạch số ...;'), each ending ';' (the last '.'). The
    list ends at the first heading, or at the sentence it runs on into ('... ban hành Kế hoạch như sau:')."""
    out: list[DocxPara] = []
    for p in _body(lay):
        if _heading(lay, p.text):
            break
        italic = all(x.italic for x in _props(lay, p))
        if p.text.startswith(_BASIS) or (p.text.endswith(";") and (out or italic)):
            out.append(p)
        elif out and italic and p.text.endswith("."):
            out.append(p)
            break
        elif out:
            break
    return out


def _run_on(lay: Layout, lines: list[DocxPara]) -> bool:
    """The căn cứ lines lead into a sentence of the body before any heading ('Ủy ban nhân dân tỉnh ban hành
    Kế hoạch ... như sau:'): their last line then ends ';' or ',' as the sentence goes on."""
    body = _body(lay)
    if not lines:
        return False
    at = next(k for k, p in enumerate(body) if p is lines[-1]) + 1
    return at < len(body) and not _heading(lay, body[at].text)


def _ending(text: str) -> str:
    """How a line ends, in words for a message: "kết thúc bằng ';'", or "không có dấu" at the end."""
    return f"kết thúc bằng '{text[-1]}'" if text and not text[-1].isalnum() else "không có dấu ở cuối"


R29 = Family("ND30-R29", "Chữ đứng trong nội dung", _BODY_CLAUSE, ADMINISTRATIVE)
_R29 = R29.check(
    "", "W", "nội dung văn bản trình bày kiểu chữ đứng (nghiêng chỉ khi trích dẫn)", title="nội dung chữ đứng",
    measured="đoạn nội dung mà mọi đoạn chữ đều nghiêng (trừ các dòng căn cứ ở đầu nội dung: 'Căn cứ', 'Theo đề "
             "nghị', 'Xét đề nghị' và các dòng nghiêng cùng danh sách, II.6.a)",
    tolerance="cả đoạn nghiêng có thể là một trích dẫn, nên chỉ là cảnh báo; vài chữ nghiêng trong câu không bị báo",
    example={"where": _BODY_WHERE, "found": "nghiêng", "expected": "đứng"})


@runs(R29)
def r29(lay: Layout) -> Iterator[Finding]:
    basis = {id(p) for p in _basis_lines(lay)}
    for p in _body(lay):
        if id(p) in basis:
            continue
        if all(x.italic for x in _props(lay, p)):  # a quoted title in italics inside a sentence is usual
            yield _R29(p.where, found="nghiêng", expected="đứng")


_ROMAN_WHERE = "đoạn 5 (phần II): 'II. Nhiệm vụ cụ thể'"
_KHOAN_WHERE = "đoạn 6 (phần II, mục 1): '1. Quản lý đoàn ra, đoàn vào'"
_LEVELS_CLAUSE = ("Phụ lục I, II.6.đ: số thứ tự và tiêu đề mục (I., II.) chữ in hoa, đậm; từ 'Điều', số thứ tự và "
                  "tiêu đề điều đậm; khoản có tiêu đề: số và tiêu đề trên một dòng riêng, chữ in thường, đứng, đậm; "
                  "khoản, điểm không có tiêu đề: kiểu chữ đứng; V.6b: không có cấp nào in nghiêng")
_TITLED = ("khoản, điểm có tiêu đề nhận theo hình thức: cả dòng in đậm và đoạn sau là lời văn (không phải khoản "
           "kế tiếp hay đề mục lớn hơn)")
R30 = Family("ND30-R30", "Định dạng đề mục", _LEVELS_CLAUSE, ADMINISTRATIVE,
             measured="các đoạn mở đầu bằng số thứ tự: 'I.' (mục), 'Điều 1.' (văn bản chia điều), '1.' (khoản), "
                      "'a)' (điểm); " + _TITLED)
_R30_ROMAN_UPPER = R30.check("a", "E", "số thứ tự và tiêu đề mục (I., II.) viết chữ in hoa",
                             title="đề mục I., II. chữ in hoa", measured=_UPPER,
                             example={"where": _ROMAN_WHERE, "found": "II. Nhiệm vụ cụ thể",
                                      "expected": "II. NHIỆM VỤ CỤ THỂ"})
_R30_ROMAN_BOLD = R30.check("b", "E", "số thứ tự và tiêu đề mục (I., II.) in đậm", title="đề mục I., II. in đậm",
                            example={"where": _ROMAN_WHERE, "found": "không đậm", "expected": "đậm"})
_R30_ARTICLE = R30.check(
    "c", "E", "từ 'Điều', số thứ tự và tiêu đề điều in đậm", title="dòng 'Điều' in đậm",
    scope=Scope("văn bản chia điều: Quyết định, Nghị quyết, Quy chế, Quy định",
                lambda kind: kind.type is not None and kind.type.name in nd30.ARTICLE_KINDS),
    example={"where": "đoạn 4: 'Điều 1. Phạm vi điều chỉnh'", "found": "không đậm", "expected": "đậm"})
_R30_POINT_TITLE = R30.check(
    "d", "W", "điểm có tiêu đề in đậm: Phụ lục I chỉ nêu điểm kiểu chữ đứng, không đậm", title="điểm có tiêu đề không đậm",
    tolerance="Phụ lục I không nói về điểm có tiêu đề; nhiều văn bản in đậm, nên là cảnh báo",
    example={"where": "đoạn 7 (phần II, mục 1): 'a) Đoàn ra'", "found": "đậm", "expected": "không đậm"})
_R30_UNTITLED = R30.check(
    "e", "E", "{level} không có tiêu đề trình bày kiểu chữ đứng, không đậm", title="khoản, điểm không tiêu đề không đậm",
    example={"where": "đoạn 9 (phần II, mục 1): '2. Các sở, ngành chủ động triển khai …'", "found": "cả đoạn in đậm",
             "expected": "không đậm", "level": "khoản"})
_R30_NUMBER_BOLD = R30.check(
    "f", "W", "số thứ tự {level} in đậm; Phụ lục I: kiểu chữ đứng", title="số thứ tự khoản, điểm không đậm",
    measured="đoạn khoản, điểm không có tiêu đề mà chỉ phần số thứ tự ('2.', 'b)') in đậm",
    tolerance="chỉ số in đậm không làm sai nội dung, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "'2.' đậm", "expected": "không đậm", "level": "khoản"})
_R30_LEAD_IN = R30.check(
    "g", "W", "{level} có phần đầu in đậm (tiêu đề chạy liền lời văn); Phụ lục I: tiêu đề {level} trên một dòng riêng",
    title="tiêu đề khoản, điểm trên dòng riêng",
    measured="đoạn khoản, điểm có phần đầu in đậm rồi lời văn thường trên cùng dòng ('3. Sở Tư pháp: ...')",
    tolerance="cách viết này phổ biến và dễ đọc, Phụ lục I không cấm rõ, nên là cảnh báo",
    example={"where": _BODY_WHERE, "found": "phần đầu in đậm", "expected": "tiêu đề trên dòng riêng, hoặc không đậm",
             "level": "khoản"})
_R30_SHORT_TITLE = R30.check(
    "h", "W", "khoản có tiêu đề (dòng ngắn, lời văn ở dưới) nên in đậm", title="khoản có tiêu đề in đậm",
    measured="khoản không đậm mà có dáng tiêu đề: nhiều nhất 8 chữ, không kết thúc bằng dấu câu, dưới là lời văn",
    tolerance="dáng dòng ngắn chỉ là đoán, nên là cảnh báo",
    example={"where": _KHOAN_WHERE, "found": "không đậm", "expected": "đậm"})
_R30_ITALIC = R30.check(
    "i", "W", "đề mục kiểu chữ đứng", title="đề mục chữ đứng",
    measured="đề mục I. và khoản mà mọi đoạn chữ đều nghiêng",
    tolerance="Phụ lục I không có cấp đề mục nào in nghiêng, nhưng không nói rõ là cấm, nên là cảnh báo",
    example={"where": _KHOAN_WHERE, "found": "nghiêng", "expected": "đứng"})
_R30_SPACE = R30.check(
    "j", "W", "sau dấu chấm của số thứ tự mục (I., II.) có một dấu cách", title="dấu cách sau 'I.'",
    measured="đề mục La Mã mà chữ đầu tiên của tiêu đề đứng liền sau dấu chấm ('I.MỤC ĐÍCH')",
    tolerance="Phụ lục I không nói dấu cách sau số thứ tự; các ví dụ của nó có một dấu cách, nên là cảnh báo",
    example={"where": "đoạn 3 (phần I): 'I.MỤC ĐÍCH, YÊU CẦU'", "found": "I.MỤC ĐÍCH, YÊU CẦU",
             "expected": "I. MỤC ĐÍCH, YÊU CẦU"})


def _roman_heading(lay: Layout, p: DocxPara) -> Iterator[Finding]:
    """A mục line ('I. MỤC ĐÍCH, YÊU CẦU'): in capitals and bold (II.6.đ), one space after its numeral."""
    m = nd30.MUC.match(p.text)
    if m is None:
        return
    if not _is_upper(lay, p):
        yield _R30_ROMAN_UPPER(p.where, found=vn.clip(p.text, 40), expected=vn.clip(p.text, 40).upper())
    if not _all_bold(lay, p):
        yield _R30_ROMAN_BOLD(p.where, found="không đậm", expected="đậm")
    if not p.text[len(m.group(1)) + 1:].startswith(" "):
        fixed = f"{m.group(1)}. {m.group(2)}"
        yield _R30_SPACE(p.where, found=vn.clip(p.text, 40), expected=vn.clip(fixed, 40))


def _appendix_content(lay: Layout) -> Iterator[DocxPara]:
    """The paragraphs of each appendix below its heading, title and reference line: laid out as a body."""
    from kehoach_gen.check.rules.appendix import _appx_parts

    for ap in lay.appendices:
        title, ref = _appx_parts(ap)
        skip = {id(p) for p in [ap.paras[0], *title, *ref]}
        yield from (p for p in ap.paras if p.text and id(p) not in skip)


@runs(R30)
def r30(lay: Layout) -> Iterator[Finding]:
    body = _body(lay)
    for i, p in enumerate(body):
        props = _props(lay, p)
        bold = _all_bold(lay, p)
        if nd30.MUC.match(p.text):
            yield from _roman_heading(lay, p)
        elif _dieu(lay, p.text):
            if not any(x.bold for x in props[:1]):
                yield _R30_ARTICLE(p.where, found="không đậm", expected="đậm")
        elif nd30.KHOAN.match(p.text) or nd30.DIEM.match(p.text):
            level = "khoản" if nd30.KHOAN.match(p.text) else "điểm"
            if _is_titled(lay, body, i):
                if level == "điểm":
                    yield _R30_POINT_TITLE(p.where, found="đậm", expected="không đậm")
            elif bold:
                yield _R30_UNTITLED(p.where, found="cả đoạn in đậm", expected="không đậm", level=level)
            elif _lead_in_bold(lay, p) and _bold_prefix(lay, p).rstrip(". )").isalnum():
                yield _R30_NUMBER_BOLD(p.where, found=f"'{_bold_prefix(lay, p)}' đậm", expected="không đậm", level=level)
            elif _lead_in_bold(lay, p):
                yield _R30_LEAD_IN(p.where, found="phần đầu in đậm", expected="tiêu đề trên dòng riêng, hoặc không đậm",
                                   level=level)
            elif level == "khoản" and _short_title_shape(body, i) and not any(x.bold for x in props):
                yield _R30_SHORT_TITLE(p.where, found="không đậm", expected="đậm")
        if (nd30.MUC.match(p.text) or nd30.KHOAN.match(p.text)) and all(x.italic for x in props):
            yield _R30_ITALIC(p.where, found="nghiêng", expected="đứng")
    for p in _appendix_content(lay):  # a mục inside an appendix is set as in the body (III.1)
        yield from _roman_heading(lay, p)


def _short_title_shape(body: list[DocxPara], i: int) -> bool:
    m = nd30.KHOAN.match(body[i].text)
    nxt = body[i + 1] if i + 1 < len(body) else None
    if m is None or nxt is None:
        return False
    return len(m.group(2).split()) <= nd30.SHORT_TITLE_MAX_WORDS and not m.group(2).endswith((".", ";", ":")) and \
        not (nd30.KHOAN.match(nxt.text) or nd30.MUC.match(nxt.text))


R31 = Family("ND30-R31", "Thứ tự đánh số",
             "Phụ lục I, II.6.đ: số thứ tự mục dùng chữ số La Mã, khoản dùng chữ số Ả Rập (đánh lại từ 1 trong mỗi "
             "mục), điểm dùng chữ cái tiếng Việt theo thứ tự bảng chữ cái; II.6.c: bố cục từ lớn đến nhỏ",
             ADMINISTRATIVE,
             measured="số ở đầu các đoạn phần nội dung, kể cả số do Word tự đánh (numbering.xml), theo thứ tự: I., II. "
                      "liên tục; khoản bắt đầu lại ở mỗi mục, Phần, Chương và Điều; điểm bắt đầu lại ở mỗi khoản và "
                      "dưới số thập phân '1.1.'")
_R31_ROMAN = R31.check("a", "E", "số La Mã của mục liên tục", title="mục I., II., III. liên tục",
                       example={"where": "đoạn 30 (phần III): 'IV. TỔ CHỨC THỰC HIỆN'", "found": "IV",
                                "expected": "III"})
_R31_KHOAN = R31.check("b", "E", "số thứ tự khoản liên tục, bắt đầu lại từ 1 trong mỗi mục",
                       title="khoản 1., 2., 3. liên tục",
                       example={"where": "đoạn 12 (phần II, mục 3)", "found": "4.", "expected": "3."})
_R31_LETTERS = R31.check("c", "E", "điểm theo bảng chữ cái tiếng Việt (không có f, j, w, z)",
                         title="điểm không dùng f, j, w, z",
                         example={"where": "đoạn 15 (phần II, mục 1)", "found": "f)", "expected": "e)"})
_R31_ORDER = R31.check(
    "d", "E", "điểm theo thứ tự bảng chữ cái tiếng Việt: a), b), c), d), đ), e), g), h), i) ...",
    title="điểm a), b), c) ... đúng thứ tự",
    example={"where": "đoạn 15 (phần II, mục 1)", "found": "e)", "expected": "đ)"})
_R31_BEYOND = R31.check(
    "e", "W", "Nghị định 30 không nêu các chữ cái sau i)", title="điểm sau i)",
    tolerance="Nghị định chỉ cho ví dụ đến i); k), l), m) ... theo bảng chữ cái vẫn có thể dùng, nên là cảnh báo "
              "(một lần mỗi văn bản)",
    example={"where": "đoạn 25 (phần II, mục 1)", "found": "k)", "expected": "tách thành khoản, hoặc k), l), m) ..."})


@runs(R31)
def r31(lay: Layout) -> Iterator[Finding]:
    roman_expected, arabic_expected, letter_expected = 1, 1, 0
    warned_beyond_i = False
    for p in _body(lay):
        if nd30.CENTRED_HEADING.match(p.text) and p.text.split()[0].lower() in ("phần", "chương"):
            roman_expected, arabic_expected, letter_expected = 1, 1, 0
        elif (m := _dieu(lay, p.text)) is not None:
            arabic_expected, letter_expected = 1, 0  # khoản restart in each Điều
        elif (m := nd30.MUC.match(p.text)) is not None:
            n = vn.from_roman(m.group(1))
            if n != roman_expected:
                yield _R31_ROMAN(p.where, found=m.group(1), expected=vn.roman(roman_expected))
            roman_expected = (n or roman_expected) + 1
            arabic_expected, letter_expected = 1, 0
        elif (m := nd30.KHOAN.match(p.text)) is not None:
            n = int(m.group(1))
            if n != arabic_expected:
                yield _R31_KHOAN(p.where, found=f"{n}.", expected=f"{arabic_expected}.")
            arabic_expected, letter_expected = n + 1, 0
        elif nd30.DECIMAL.match(p.text):
            letter_expected = 0  # "1.1.": a division from large to small (II.6.c); points restart under it
        elif (m := nd30.DIEM.match(p.text)) is not None:
            letter = m.group(1)
            want = vn.point_letter(letter_expected)
            if any(c in "fjwz" for c in letter):
                yield _R31_LETTERS(p.where, found=f"{letter})", expected=f"{want})")
            elif letter != want:
                yield _R31_ORDER(p.where, found=f"{letter})", expected=f"{want})")
            if letter_expected >= 9 and not warned_beyond_i:
                warned_beyond_i = True
                yield _R31_BEYOND(p.where, found=f"{letter})", expected="tách thành khoản, hoặc k), l), m) ...")
            letter_expected = (vn.POINT_LETTERS.index(letter) + 1) if letter in vn.POINT_LETTERS else letter_expected + 1


R32 = Family("ND30-R32", "Dấu kết thúc ./.", "Phụ lục III: mọi mẫu văn bản kết thúc phần nội dung bằng './.'",
             ADMINISTRATIVE)
_R32 = R32.check(
    "", "W", "đoạn cuối phần nội dung kết thúc bằng './.' (như các mẫu Phụ lục III)", title="kết thúc bằng './.'",
    measured="mấy chữ cuối của đoạn cuối phần nội dung",
    tolerance="chỉ các mẫu có './.', lời văn Phụ lục I không nói, nên là cảnh báo",
    example={"where": "đoạn 40 (phần IV)", "found": "về Sở Ngoại vụ.", "expected": f"... {nd30.END_MARK}"})


@runs(R32)
def r32(lay: Layout) -> Iterator[Finding]:
    body = _body(lay)
    if body and not body[-1].text.endswith(nd30.END_MARK):
        yield _R32(body[-1].where, found=vn.clip(body[-1].text, 20, from_end=True), expected=f"... {nd30.END_MARK}")


_BASIS_KINDS = Scope("văn bản có căn cứ ban hành: " + ", ".join(nd30.ISSUING_BASIS_KINDS),
                     lambda kind: kind.type is not None and kind.type.name in nd30.ISSUING_BASIS_KINDS)
_PREAMBLE_KINDS = Scope("văn bản khác (Kế hoạch, Báo cáo ...): các dòng 'Căn cứ' mở đầu là lời văn",
                        lambda kind: not _BASIS_KINDS(kind))
_BASIS_WHERE = "đoạn 1: 'Căn cứ Luật Tổ chức chính quyền địa phươn…'"
_PREAMBLE = ("ở Kế hoạch, các dòng 'Căn cứ ...' mở đầu thường là lời văn chạy liền vào '... ban hành Kế hoạch như "
             "sau:'; coi là căn cứ ban hành là một cách hiểu, nên chỉ là cảnh báo")
R33 = Family("ND30-R33", "Các dòng căn cứ",
             "Phụ lục I, II.6.a: căn cứ ban hành chữ in thường, kiểu chữ nghiêng, cỡ chữ 13 đến 14, mỗi căn cứ một "
             "dòng, cuối dòng có dấu ';', dòng cuối cùng kết thúc bằng dấu '.'", ADMINISTRATIVE,
             measured="các dòng căn cứ trước đề mục đầu tiên: đoạn mở đầu bằng 'Căn cứ', 'Theo đề nghị', 'Xét đề "
                      "nghị' và các dòng nghiêng cùng danh sách kết thúc bằng ';'")
_R33_PREAMBLE_ITALIC = R33.check(
    "a", "W", "các dòng 'Căn cứ' mở đầu thường trình bày kiểu chữ nghiêng (II.6.a, căn cứ ban hành)",
    title="dòng 'Căn cứ' mở đầu chữ nghiêng", scope=_PREAMBLE_KINDS, tolerance=_PREAMBLE,
    example={"where": _BASIS_WHERE, "found": "2 dòng chữ đứng", "expected": "chữ nghiêng"})
_R33_BASIS_ITALIC = R33.check(
    "b", "E", "căn cứ ban hành văn bản trình bày kiểu chữ nghiêng", title="căn cứ ban hành chữ nghiêng",
    scope=_BASIS_KINDS, example={"where": _BASIS_WHERE, "found": "chữ đứng", "expected": "chữ nghiêng"})
_R33_BASIS_END = R33.check(
    "c", "E", "mỗi căn cứ kết thúc bằng ';', căn cứ cuối cùng bằng '.'", title="căn cứ ban hành kết thúc bằng ';' '.'",
    scope=_BASIS_KINDS, example={"where": _BASIS_WHERE, "found": "kết thúc bằng ','", "expected": "kết thúc bằng ';'"})
_R33_PREAMBLE_END = R33.check(
    "d", "W", "mỗi căn cứ kết thúc bằng ';', căn cứ cuối cùng bằng '.'", title="dòng 'Căn cứ' cuối kết thúc bằng '.'",
    scope=_PREAMBLE_KINDS, tolerance=_PREAMBLE + "; dòng cuối kết thúc bằng ':', hoặc bằng ';' ',' khi chạy liền vào "
    "câu '... ban hành Kế hoạch như sau:', không bị báo",
    example={"where": _BASIS_WHERE, "found": "không có dấu ở cuối", "expected": "kết thúc bằng '.'"})


@runs(R33)
def r33(lay: Layout) -> Iterator[Finding]:
    # For a Kế hoạch the "Căn cứ ..." preamble is ordinary body text in practice (it usually runs on into
    # "... ban hành Kế hoạch như sau:"), so this rule only warns; for a decision it is the issuing basis
    # that II.6.a formats.
    sev = "E" if _BASIS_KINDS(kind_of(lay)) else "W"
    lines = _basis_lines(lay)
    upright = [p for p in lines if not all(x.italic for x in _props(lay, p))]
    if sev == "W" and upright:
        yield _R33_PREAMBLE_ITALIC(upright[0].where, found=f"{len(upright)} dòng chữ đứng", expected="chữ nghiêng")
    runs_on = sev == "W" and _run_on(lay, lines)
    for i, p in enumerate(lines):
        if sev == "E" and p in upright:
            yield _R33_BASIS_ITALIC(p.where, found="chữ đứng", expected="chữ nghiêng")
        last = i == len(lines) - 1
        end = "." if last else ";"
        # A plan's last căn cứ that runs on into "... ban hành Kế hoạch như sau:" rightly ends ';' or ','.
        ok = p.text.endswith(end) or (sev == "W" and last and (p.text.endswith(":") or
                                                               (runs_on and p.text.endswith((";", ",")))))
        if (sev == "E" or last) and not ok:
            yield (_R33_BASIS_END if sev == "E" else _R33_PREAMBLE_END)(
                p.where, found=_ending(p.text), expected=f"kết thúc bằng '{end}'")
