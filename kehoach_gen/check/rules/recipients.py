"""The recipients of a Công văn, a Tờ trình or a report sent up (ô 9a, "Kính gửi:"): which lines of the body
they are (the body rules leave them alone) and their own form (ND30-R51)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach_gen.check.rules.base import ADMINISTRATIVE, SIZE, check_form, form, runs
from kehoach_gen.facts import nd30
from kehoach_gen.facts.findings import Family, Finding
from kehoach_gen.ooxml.layout import DocxPara, Layout

_ONE_LINE = 100  # characters: a recipient's name fits a line; a longer paragraph is the body's first sentence


def _body(lay: Layout) -> list[DocxPara]:
    return [p for p in lay.body if p.text]


def _recipient_line(text: str) -> bool:
    """A line under "Kính gửi:": one name or group of names ("- Sở Tài chính;", "Sở Ngoại vụ"), on a line of its
    own; not a numbered line, not a sentence that runs on, not a lead-in that ends with ':'."""
    if not text or len(text) > _ONE_LINE or text.endswith(":") or nd30.NUMBER_MARK.match(text):
        return False
    return text.startswith("-") or not re.search(r"[,:]\s", text.rstrip(";."))


def block(lay: Layout) -> list[list[int]]:
    """Each ô 9a of the body as indices in its non-empty paragraphs: the "Kính gửi" line, then the recipients
    under it (until a line ends with '.', or the body's text begins)."""
    body = _body(lay)
    out: list[list[int]] = []
    for i, p in enumerate(body[:12]):
        if not p.text.startswith(nd30.KINH_GUI) or any(i in b for b in out):
            continue
        lines = [i]
        if not p.text.endswith("."):
            for k in range(i + 1, len(body)):
                if not _recipient_line(body[k].text):
                    break
                lines.append(k)
                if body[k].text.endswith("."):
                    break
        out.append(lines)
    return out


def lines(lay: Layout) -> set[int]:
    """Indices (in the body's non-empty paragraphs) of every line of ô 9a: laid out under the colon, not as
    body text (II.9.d), so the body's alignment, indent and spacing rules pass them by."""
    return {k for b in block(lay) for k in b}


_CLAUSE = ("Phụ lục I, II.9.d (ô 9a, Tờ trình, Báo cáo gửi cấp trên và Công văn): sau từ 'Kính gửi' có dấu hai "
           "chấm (:); gửi một nơi thì 'Kính gửi' và tên nơi nhận trên cùng một dòng; gửi hai nơi trở lên thì xuống "
           "dòng, tên mỗi nơi (hoặc mỗi nhóm) trên một dòng riêng, đầu dòng có gạch đầu dòng (-), cuối dòng có dấu "
           "chấm phẩy (;), cuối dòng cuối cùng có dấu chấm (.); chữ in thường, cỡ chữ 13 đến 14, kiểu chữ đứng")
_WHERE = "đoạn 1: 'Kính gửi: Sở Ngoại vụ tỉnh Lai Châu'"
R51 = Family("ND30-R51", "Kính gửi (ô 9a)", _CLAUSE, ADMINISTRATIVE,
             measured="dòng đầu phần nội dung bắt đầu bằng 'Kính gửi' và các dòng tên nơi nhận ngay dưới nó (mỗi dòng "
                      "ngắn hơn một dòng chữ, không đánh số)")
_R51_COLON = R51.check("a", "E", "sau từ 'Kính gửi' phải có dấu hai chấm", title="'Kính gửi:' có dấu hai chấm",
                       example={"where": _WHERE, "found": "Kính gửi Sở Ngoại vụ tỉnh Lai Châu",
                                "expected": "Kính gửi: Sở Ngoại vụ tỉnh Lai Châu"})
_R51_LIST = R51.check(
    "b", "E", "gửi nhiều nơi: mỗi nơi một dòng, đầu dòng có '-', cuối dòng có ';', dòng cuối có '.'",
    title="các dòng nơi nhận '- ...;' và '- ... .'",
    measured="mỗi dòng tên nơi nhận dưới 'Kính gửi:' so với '- <tên>;' (dòng cuối '- <tên>.')",
    example={"where": "đoạn 2: 'Sở Tài chính tỉnh Lai Châu'", "found": "Sở Tài chính tỉnh Lai Châu",
             "expected": "- Sở Tài chính tỉnh Lai Châu;"})

_R51_ONE = R51.check("c", "E", "gửi một nơi: 'Kính gửi' và tên nơi nhận trên cùng một dòng",
                     title="một nơi nhận trên dòng 'Kính gửi:'",
                     example={"where": _WHERE, "found": "Kính gửi: / Sở Ngoại vụ tỉnh Lai Châu (hai dòng)",
                              "expected": "Kính gửi: Sở Ngoại vụ tỉnh Lai Châu"})
_R51_LOOK = form(R51, "de", "'Kính gửi' và tên nơi nhận", _WHERE, italic=False, size=SIZE["kinh_gui"])


def _as_listed(text: str, last: bool) -> str:
    name = text.lstrip("-–— ").rstrip(" ;.,")
    return f"- {name}{'.' if last else ';'}"


def _listed(text: str, last: bool) -> bool:
    """Opens with the hyphen and ends with ';' (the last line with '.'): what II.9.d states."""
    return text.startswith("-") and text.endswith("." if last else ";")


@runs(R51)
def r51(lay: Layout) -> Iterator[Finding]:
    body = _body(lay)
    for b in block(lay):
        head = body[b[0]]
        for k in b:
            yield from check_form(_R51_LOOK, lay, body[k])
        rest = head.text[len(nd30.KINH_GUI):]
        if not rest.lstrip().startswith(":"):
            yield _R51_COLON(head.where, found=head.text, expected=f"{nd30.KINH_GUI}: {rest.strip()}".rstrip())
        names = [body[k] for k in b[1:]]
        first = rest.lstrip().removeprefix(":").strip()
        if not first and len(names) == 1:
            one = names[0].text.lstrip("-–— ").rstrip(" ;")
            yield _R51_ONE(names[0].where, found=f"{nd30.KINH_GUI}: / {names[0].text} (hai dòng)",
                           expected=f"{nd30.KINH_GUI}: {one}")
            continue
        if first and names and not _listed(first, False):  # "Kính gửi: - Sở A;" then "- Sở B."
            yield _R51_LIST(head.where, found=head.text, expected=f"{nd30.KINH_GUI}: {_as_listed(first, False)}")
        for n, p in enumerate(names):
            last = n == len(names) - 1
            if not _listed(p.text, last):
                yield _R51_LIST(p.where, found=p.text, expected=_as_listed(p.text, last))
