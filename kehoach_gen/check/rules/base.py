"""Declaring a family's checks and reading a paragraph's resolved formatting: what every block of the
page shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kehoach_gen.check.kind import Kind
from kehoach_gen.facts import nd30
from kehoach_gen.facts.findings import Check, Family, Finding, Scope
from kehoach_gen.facts.nd30 import Range
from kehoach_gen.ooxml.layout import Layout, Para, text_runs
from kehoach_gen.ooxml.resolve import ParaProps, RunProps

FONT = nd30.FONT
QH = nd30.QUOC_HIEU
TN = nd30.TIEU_NGU
SIZE = nd30.SIZE


Rule = Callable[[Layout], Iterable[Finding]]
Applies = Callable[[Kind], bool]
RULES: list[tuple[str, str, Rule]] = []
SCOPE: dict[str, Applies] = {}


def everything(kind: Kind) -> bool:
    return True


def administrative(kind: Kind) -> bool:
    """A document with a header (any kind recognised), not a bare appendix file."""
    return kind.type is not None and not kind.standalone_appendix


def titled(kind: Kind) -> bool:
    """A document with a type name in ô 5a (every kind but the công văn)."""
    return administrative(kind) and not kind.is_cong_van


def with_appendix(kind: Kind) -> bool:
    return kind.type is not None or kind.standalone_appendix


EVERYTHING = Scope("mọi tệp .docx, kể cả tệp chỉ có phụ lục", everything)
ADMINISTRATIVE = Scope("văn bản hành chính có phần đầu (mọi loại văn bản; không áp dụng cho tệp chỉ có phụ lục)",
                       administrative)
TITLED = Scope("văn bản có tên loại ở ô 5a (mọi loại trừ công văn)", titled)
WITH_APPENDIX = Scope("phụ lục, trong văn bản hành chính hoặc trong tệp chỉ có phụ lục", with_appendix)


def runs(family: Family) -> Callable[[Rule], Rule]:
    """The function that runs a family's checks on a layout; the family says which documents it fits."""
    def register(fn: Rule) -> Rule:
        RULES.append((family.code, family.title, fn))
        SCOPE[family.code] = family.scope
        return fn
    return register


@dataclass(frozen=True)
class Form:
    """The weight, slant and size Phụ lục I sets for one element: each a check of its own."""

    bold: Check | None
    italic: Check | None
    size: Check | None
    want_bold: bool | None
    want_italic: bool | None
    sizes: Range | None


_RESOLVED = ("theo định dạng Word thực áp dụng cho từng đoạn chữ (run): định dạng trực tiếp, kiểu (style) của "
             "đoạn và của chữ, mặc định của văn bản")


def form(family: Family, letters: str, name: str, where: str, *, bold: bool | None = None,
         italic: bool | None = None, size: Range | None = None, severity: str = "E", tolerance: str = "",
         values: dict[str, str] | None = None, label: str = "") -> Form:
    """Declare the form checks of one element ('Quốc hiệu', 'tên loại \'{type}\''), one letter each in the
    order bold, italic, size; label names the element in titles when name has fields to fill."""
    label = label or name
    sample = dict(values or {})
    letter = iter(letters)
    checks: list[Check | None] = []
    if bold is not None:
        weight = "đậm" if bold else "không đậm"
        checks.append(family.check(
            next(letter), severity, f"{name} {'phải in đậm' if bold else 'không in đậm'}", title=f"{label} {weight}",
            measured=f"chữ đậm ở {label}, {_RESOLVED}", tolerance=tolerance,
            example={"where": where, "found": "không đậm" if bold else "đậm", "expected": weight, **sample}))
    else:
        checks.append(None)
    if italic is not None:
        slant = "nghiêng" if italic else "đứng"
        checks.append(family.check(
            next(letter), severity, f"{name} {'phải in nghiêng' if italic else 'phải in đứng'}",
            title=f"{label} kiểu chữ {slant}", measured=f"chữ nghiêng ở {label}, {_RESOLVED}", tolerance=tolerance,
            example={"where": where, "found": "đứng" if italic else "nghiêng", "expected": slant, **sample}))
    else:
        checks.append(None)
    if size is not None:
        checks.append(family.check(
            next(letter), severity, f"{name}: cỡ chữ {size.words()}", title=f"{label} cỡ chữ {size.words()}",
            measured=f"cỡ chữ của mọi đoạn chữ ở {label}, {_RESOLVED}",
            tolerance=tolerance or ("Phụ lục I nêu một khoảng: mọi cỡ trong khoảng đều đúng (kể cả 12,5)"
                                    if size.low != size.high else ""),
            example={"where": where, "found": f"{size.low - 1:g} pt", "expected": size.words(), **sample}))
    else:
        checks.append(None)
    if next(letter, None) is not None:
        raise ValueError(f"{family.code}: more letters than form checks")
    return Form(checks[0], checks[1], checks[2], bold, italic, size)


def bold_warning(family: Family, letter: str, message: str, name: str, where: str, *, said: str) -> Check:
    """Declare the warning that an element is bold where Phụ lục I gives its slant only ('kiểu chữ đứng'):
    not bold is what the decree's examples show, but the text does not say it."""
    return family.check(
        letter, "W", message, title=f"{name} không đậm", measured=f"chữ đậm ở {name}, {_RESOLVED}",
        tolerance=f"Phụ lục I nói {said}, không nói đậm hay không, nên là cảnh báo",
        example={"where": where, "found": "đậm", "expected": "không đậm"})


_CENTRE_TOLERANCE = ("điểm giữa dòng chữ lệch khỏi điểm giữa ô (hoặc vùng chữ) không quá 5 mm hoặc 8 % bề rộng; "
                     "canh giữa bằng căn lề, bằng tab giữa hay bằng dấu cách đều được: người đọc thấy như nhau")


def centring(family: Family, letter: str, name: str, where: str, *, severity: str = "E", tolerance: str = "",
             values: dict[str, str] | None = None, label: str = "") -> Check:
    """Declare the check that an element is centred as the reader sees it."""
    return family.check(
        letter, severity, f"{name} phải canh giữa", title=f"{label or name} canh giữa",
        measured=f"vị trí điểm giữa dòng chữ {label or name} trong ô bảng hoặc vùng chữ của trang, tính từ căn lề, "
                 "thụt lề, dấu cách và tab gõ ở đầu dòng, bề rộng chữ theo phông Times New Roman",
        tolerance=tolerance or _CENTRE_TOLERANCE,
        example={"where": where, "found": "căn trái, lệch 30 mm về bên trái", "expected": "canh giữa", **(values or {})})


def kind_of(lay: Layout) -> Kind:
    assert lay.kind is not None
    return lay.kind


# --- helpers ---------------------------------------------------------------------------------

_ALIGN_VI = {"center": "căn giữa", "both": "căn đều hai bên", "left": "căn trái", "right": "căn phải",
             "distribute": "dàn đều", None: "căn trái"}


def _props(lay: Layout, para: Para) -> list[RunProps]:
    runs = text_runs(para.el) if para.runs is None else para.runs
    if not runs:
        return [lay.resolver.run(None, para.el)]
    return [lay.resolver.run(r, para.el) for r in runs]


def _pprops(lay: Layout, para: Para) -> ParaProps:
    return lay.resolver.para(para.el)


def _size(lay: Layout, para: Para) -> float | None:
    sizes = [p.size for p in _props(lay, para)]
    return max(set(sizes), key=sizes.count) if sizes else None


def _pt(size: float | None) -> str:
    return f"{size:g} pt" if size else "không rõ"


def check_form(f: Form, lay: Layout, para: Para, **values: Any) -> Iterator[Finding]:
    """The element's weight, slant and size against what its form checks ask."""
    props = _props(lay, para)
    if f.bold is not None and any(p.bold != f.want_bold for p in props):
        yield f.bold(para.where, found="không đậm" if f.want_bold else "đậm",
                     expected="đậm" if f.want_bold else "không đậm", **values)
    if f.italic is not None and any(p.italic != f.want_italic for p in props):
        yield f.italic(para.where, found="đứng" if f.want_italic else "nghiêng",
                       expected="nghiêng" if f.want_italic else "đứng", **values)
    if f.size is not None and f.sizes is not None:
        bad = sorted({p.size for p in props if p.size not in f.sizes}, key=lambda x: x or 0)
        if bad:
            yield f.size(para.where, found=", ".join(_pt(b) for b in bad), expected=f.sizes.words(), **values)


def _is_upper(lay: Layout, para: Para) -> bool:
    letters = [c for c in para.text if c.isalpha()]
    return para.text == para.text.upper() or (bool(letters) and all(p.caps for p in _props(lay, para)))


def _nonempty(paras: Iterable[Para]) -> list[Para]:
    return [p for p in paras if p.text]


def _find(paras: list[Para], pred: Callable[[Para], bool]) -> Para | None:
    return next((p for p in paras if pred(p)), None)


_UPPER = ("chữ in hoa: mọi chữ cái đã viết hoa, hoặc cả dòng đặt định dạng chữ hoa (All caps) của Word; bảng mã "
          "tiếng Việt xen kẽ chữ hoa và chữ thường nên không so theo khoảng mã")
