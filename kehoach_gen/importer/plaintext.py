"""Plain text of a plan (as copied from a legal-document website, a Markdown copy, a LibreOffice text
export) -> Source. markdown.py first turns Markdown and hard-wrapped copies into a paragraph a line.

Web copies are messy: a table of document facts on top, the two header columns run together or split
over lines, table borders as '|', words broken across lines, lost headings, footnote markers glued to
words with the notes after the signature, and page debris at the end. Debris is dropped and said so;
every word of the plan is kept.
"""

from __future__ import annotations

import re
import unicodedata

from kehoach_gen.facts import nd30, vn
from kehoach_gen.importer import flat_table, text_tables
from kehoach_gen.importer.markdown import ITEM_START, Logical, logical_lines, looks_markdown, looks_wrapped, plain_lines
from kehoach_gen.importer.records import Line, Source
from kehoach_gen.plan.issuer import POSITION_LINE, head_title, split_header
from kehoach_gen.plan.typed_numbers import is_bare
from kehoach_gen.plan.values import TRICH_YEU_MAX

# Where a web page's own matter starts after the document: nothing from here on is the plan.
_TAIL = re.compile(r"^(Ý kiến bạn đọc|HIỆU LỰC VĂN BẢN|Tải văn bản|Văn bản liên quan|Lược đồ|Nội dung MIX|"
                   r"Bài viết liên quan|Tin liên quan|Chia sẻ|In văn bản)\b", re.IGNORECASE)
_META = re.compile(r"^(Số hiệu|Ngày ban hành|Ngày có hiệu lực|Ngày hết hiệu lực|Loại văn bản|Cơ quan ban hành|"
                   r"Người ký|Lĩnh vực|Nơi ban hành|Ngày công báo|Số công báo|Tình trạng hiệu lực|Tình trạng)\s*[|:]?\s*(.*?)\s*\|?$")
_BULLET_META = re.compile(r"^[•·▪●]\s*(Số hiệu|Loại văn bản|Ngày ban hành|Nơi ban hành|Người ký|Ngày công báo|"
                          r"Số công báo|Ngày hiệu lực|Tình trạng hiệu lực)\s*:\s*(.*)$")
# "Số: 33/KH-UBND"; a normative act's number carries its year: "Số: 87/2025/QĐ-UBND".
_NUMBER = re.compile(r"Số\s*:\s*(\d*)\s*/\s*(?:\d{4}\s*/\s*)?([^\W\d_][^\W_]*(?:-[^\W\d_][^\W_]*)+)")
_DATE = nd30.DATE_IN_TEXT
_DATE_OPEN = re.compile(r"(,\s*ngày(\s*\d{1,2})?(\s*tháng(\s*\d{1,2})?)?|năm)\s*$")
_AUTHORITY = re.compile(rf"^({nd30.AUTHORITY_MARK_FORM}\s*\S.*|{POSITION_LINE})$")
_FOOTNOTE = re.compile(r"^(?:\((\d{1,2})\)|\[(\d{1,2})\])\s*(.+)$")
_TERMINAL = ".;:!?)”\"…"
_LIST_MARK = re.compile(rf"^{nd30.POINT_LETTER}\)\s")


def _clean(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\t", " ")
    line = re.sub(r"\s*\|\s*$", "", line.strip())
    line = re.sub(r"^\|\s*", "", line)
    return re.sub(r" {2,}", " ", line).strip()


def _is_separator(line: str) -> bool:
    return bool(re.fullmatch(r"[-_─–—=*|.\s]*", line))


def _has_diacritics(text: str) -> bool:
    return any(unicodedata.decomposition(c) or c in "đĐ" for c in text if c.isalpha())


def _paragraphs(raw: list[str], name: str, one_paragraph_a_line: bool) -> tuple[list[Logical], str]:
    """The copy's paragraphs, one a line, and which kind of copy it is: 'markdown' (markers, lone '|'
    cells, hard wraps), 'wrapped' (hard wraps, no markers) or 'lines' (a paragraph a line already)."""
    if not one_paragraph_a_line and (looks_markdown(raw) or name.lower().endswith(".md")):
        return logical_lines(raw), "markdown"
    if not one_paragraph_a_line and looks_wrapped(raw):
        return plain_lines(raw), "wrapped"
    return [Logical(no, line) for no, line in enumerate(raw, start=1)], "lines"


def parse(text: str, name: str, *, one_paragraph_a_line: bool = False) -> Source:
    """one_paragraph_a_line: the lines are known to be paragraphs (a Word file's), never hard wraps."""
    src = Source(name=name)
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    logical, kind = _paragraphs(raw, name, one_paragraph_a_line)
    hints: dict[int, bool | None] = {}
    lines: list[tuple[int, str]] = []
    appendix_at = None
    signed = False
    texts = [_clean(item.text) for item in logical]
    for k, item in enumerate(logical):
        no = item.where
        cleaned = _clean(item.text)
        if _TAIL.match(cleaned):
            src.warn(no, f"bỏ phần cuối trang web từ dòng '{cleaned[:40]}'")
            logical = logical[:k]
            break
        if signed and flat_table.opens_appendix(texts, k):
            appendix_at = k
            break
        if not cleaned or _is_separator(cleaned):
            continue
        if cleaned.startswith("<") or cleaned.startswith("</"):
            src.warn(no, f"bỏ mã trang web '{cleaned[:30]}'")
            continue
        m = _META.match(cleaned) or _BULLET_META.match(cleaned)
        if m and ("|" in item.text or item.text.lstrip()[:1] in "•·▪●") and len(cleaned) < 200:
            src.meta[m.group(1)] = m.group(2).strip(" |")
            continue
        signed = signed or cleaned.startswith(nd30.NOI_NHAN) or bool(_AUTHORITY.match(cleaned))
        lines.append((no, cleaned))
        hints[no] = item.bold
    if src.meta:
        src.warn(1, "bỏ bảng thông tin của trang web (Số hiệu, Ngày ban hành...); chỉ dùng để đối chiếu")
    if not lines:
        return src
    start = _header_start(lines, src)
    lines = lines[start:]
    src.header_where = lines[0][0] if lines else 0
    i = _read_header(lines, src)
    i = _read_title(lines, i, src)
    body, tail = _split_tail(lines[i:])
    src.tail_where = tail[0][0] if tail else (body[-1][0] + 1 if body else src.header_where)
    # Blank lines part the paragraphs of a copy pasted from a page; lines not parted are one paragraph's.
    spaced = sum(1 for ln in raw if not ln.strip()) >= 0.25 * sum(1 for ln in raw if ln.strip())
    joined = _join_broken(body, spaced) if kind == "lines" else body
    src.body = text_tables.rebuild([Line(text=t, where=no, bold=hints.get(no)) for no, t in joined], src)
    _read_tail(tail, src)
    src.body = _number_with_its_text(src.body)
    if appendix_at is not None:
        appendices = logical[appendix_at:]
        # The web page's own matter after the appendices is no part of them.
        page_end = next((k for k, ln in enumerate(appendices) if _TAIL.match(_clean(ln.text))), len(appendices))
        if page_end < len(appendices):
            src.warn(appendices[page_end].where,
                     f"bỏ phần cuối trang web từ dòng '{_clean(appendices[page_end].text)[:40]}'")
        flat_table.read(appendices[:page_end], src, markdown=kind == "markdown")
    _footnote_markers(src)
    _strip_end_mark(src)
    return src


def _header_start(lines: list[tuple[int, str]], src: Source) -> int:
    for k, (_, text) in enumerate(lines[:40]):
        up = text.upper()
        # An issuing body's name in capitals a few lines above the motto or the Số line starts it too.
        named = vn.all_capitals(text) and len(text) < 90 and any(
            t.upper().startswith(("CỘNG HÒA", "CỘNG HOÀ")) or _NUMBER.search(t) for _, t in lines[k + 1:k + 6])
        if named or up.startswith(("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND ", "CỘNG HÒA", "CỘNG HOÀ")) \
                or _NUMBER.search(text):
            for no, dropped in lines[:k]:
                src.warn(no, f"bỏ dòng đầu trang web '{dropped[:50]}'")
            return k
    return 0


def _read_header(lines: list[tuple[int, str]], src: Source) -> int:
    """Header lines run until the date line (or the Số line when there is no date)."""
    zone: list[str] = []
    end = 0
    for k, (_, text) in enumerate(lines[:12]):
        joined = " ".join(zone)
        # A line that is none of the header's (a copy that lost its header starts with its body) ends it,
        # unless a wrapped Số or date line runs on into it.
        if not _looks_header(text) and not _DATE_OPEN.search(joined) and not re.search(r"Số\s*:\s*$", joined):
            break
        if nd30.type_by_title(text) is not None:
            break  # "KẾ HOẠCH": the title, below a header whose date line the copy lost
        zone.append(text)
        end = k + 1
        joined = " ".join(zone)
        if _DATE.search(joined) and not _DATE_OPEN.search(joined):
            break
        # "Lào Cai, ngày 29" / "tháng 01 năm 2021" and "Số:" / "7360/KH-UBND": a wrapped line runs on.
        if (k + 1 < len(lines) and not _looks_header(lines[k + 1][1]) and not _DATE_OPEN.search(joined)
                and _NUMBER.search(joined)):
            break
    joined = " ".join(zone)
    if not _NUMBER.search(joined) and end < len(lines) and _NUMBER.match(lines[end][1]):
        # "Số: 1105/KH-ĐKT" set on its own line under the date line (a copy of a PDF keeps it there).
        zone.append(lines[end][1])
        end += 1
        joined = " ".join(zone)
    # The motto in either tone placement ("HOÀ"/"HÒA"); the names around it keep theirs ("HOÀN KIẾM").
    joined = re.sub(r"CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", " ", joined)
    joined = re.sub(r"Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc", " ", joined, flags=re.IGNORECASE)
    m = _NUMBER.search(joined)
    if m:
        src.number, src.symbol = m.group(1), m.group(2)
        joined = joined[:m.start()] + " " + joined[m.end():]
    d = _DATE.search(joined)
    if d:
        before = joined[:d.start()].split()
        # The place is the run of title-case words just before ", ngày" (the header's capitals stop it).
        k = len(before)
        while k > 0 and len(before) - k < 6 and not (before[k - 1].isupper() and len(before[k - 1]) > 1) \
                and not any(c.isdigit() for c in before[k - 1]):
            k -= 1
        place = " ".join(before[k:])
        src.date_text = f"{place}, ngày {d.group('d') or ''} tháng {d.group('m') or ''} năm {d.group('y') or ''}".strip()
        joined = " ".join(before[:k]) + " " + joined[d.end():]
    names = _name_lines(zone)
    parent, own = split_header(names)
    if parent and own:
        # A Sở's header: "UBND TỈNH LÀO CAI" (its parent) above "SỞ CÔNG THƯƠNG", the name maybe wrapped.
        src.parent_line, src.body_lines = " ".join(parent), [" ".join(own)]
        return end
    if own and head_title(" ".join(own)) is not None:
        src.body_lines = [" ".join(own)]  # a Sở's name with no parent line: the assembler says so
        return end
    words = joined.replace("UỶ", "ỦY").split()
    at = next((k for k in range(len(words)) if words[k:k + 4] == ["ỦY", "BAN", "NHÂN", "DÂN"]), None)
    if at is not None:  # "ỦY BAN NHÂN DÂN", not another committee ("ỦY BAN BẦU CỬ XÃ ...")
        src.body_lines.append(nd30.UBND_NAME)
        k = at + 4
        rest = [w for w in words[k:] if w.isupper()]
        if rest and " ".join(rest).startswith(tuple(f"{u} " for u in nd30.UNIT_LEVELS)):
            src.body_lines.append(" ".join(rest))
    elif names:
        src.body_lines = names  # another body's name: kept for the notes that say so
    return end


_MOTTO = re.compile(r"CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc"
                    r"|CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI|CHỦ\s+NGHĨA\s+VIỆT\s+NAM", flags=re.IGNORECASE)


def _name_lines(zone: list[str]) -> list[str]:
    """The issuing body's lines of a header zone: what each line holds in capitals once the motto, the
    Số line and the date line (a web copy runs both columns into one line) are taken out."""
    out = []
    # The motto may be broken anywhere ("CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"): taken out across the
    # lines, each line keeping its place.
    cells = "\n".join(text.replace("*", "").replace("|", " ") for text in zone)
    cells = _MOTTO.sub(lambda m: "\n" * m.group().count("\n") or " ", cells)
    for text in cells.split("\n"):
        numbered = _NUMBER.search(text) or re.match(r"\s*Số\s*:", text)
        if numbered:
            text = text[:numbered.start()]
        d = re.search(r",\s*ngày\b", text)
        if d:
            text = text[:d.start()]
        # Capitals, and what has no small letter in a name (a number: "LIÊN NGÀNH 05", "SỐ 1050/QĐ-SCT").
        words = [w for w in text.split() if not any(c.islower() for c in w)]
        while words and not any(c.isupper() or c.isdigit() for c in words[-1]):
            words.pop()
        if words and vn.all_capitals(" ".join(words)) and nd30.type_by_title(" ".join(words)) is None:
            out.append(" ".join(words))
        if numbered:  # the names stand above "Số:"
            break
    return out


def _number_with_its_text(lines: list[Line]) -> list[Line]:
    """'1.' alone on a line, its words on the next (a list exported with its numbers apart): one line. 'Bare'
    is what the model refuses as a paragraph that is only a number (typed_numbers.is_bare)."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        ends = k + 1 == len(lines) or is_bare(lines[k + 1].text)
        if is_bare(line.text) and ends and out and not out[-1].text.rstrip().endswith(tuple(".;:!?")):
            # "... và Đề án" / "06." / "5.": the number ends the sentence a hard wrap cut.
            out[-1] = Line(text=f"{out[-1].text} {line.text}", where=out[-1].where, style=out[-1].style,
                           bold=out[-1].bold)
            k += 1
            continue
        if is_bare(line.text) and k + 1 < len(lines) and not is_bare(lines[k + 1].text):
            out.append(Line(text=f"{line.text} {lines[k + 1].text}", where=line.where, style=lines[k + 1].style,
                            bold=lines[k + 1].bold))
            k += 2
            continue
        out.append(line)
        k += 1
    return out


def _looks_header(text: str) -> bool:
    return bool(_NUMBER.search(text) or _DATE.search(text) or re.search(r",\s*ngày\b", text) or re.match(r"Số\s*:", text)
                or (text.isupper() and len(text) < 60)
                or "Độc lập" in text or "CỘNG" in text)


SUMMARY_MAX = TRICH_YEU_MAX


_PREAMBLE_WORD = re.compile(r"^(Căn cứ|Thực hiện|Theo|Để|Nhằm)\b")


def _body_start(text: str, *, first: bool = False) -> bool:
    """Whether a line under the title opens the body. The first one may be a trích yếu that opens with a
    preamble's word ("Thực hiện Chương trình ..."): a preamble sentence ends with ';', ':', ',' or '.',
    or says "như sau"; a trích yếu does not."""
    if first and _PREAMBLE_WORD.match(text) and not re.search(r"[;:,.]\s*$", text) and "như sau" not in text \
            and len(text) <= SUMMARY_MAX:
        return False
    return bool(re.match(r"^(Căn cứ|Thực hiện|Theo|Để|Nhằm|Kính gửi|[IVX]+\.(\s|[A-ZĐ])|[A-Đ]\.\s|\d+(\.\d+)*\.?\s|"
                         r"[a-zđ]\)\s|[-+•]\s)", text)) or len(text) > SUMMARY_MAX


def _read_title(lines: list[tuple[int, str]], i: int, src: Source) -> int:
    if i < len(lines) and lines[i][1].upper() == "KẾ HOẠCH":
        i += 1
    summary: list[str] = []
    # A trích yếu is a line or a few (a copy may keep it on one), never longer than the model takes: beyond
    # that it is the body.
    while (i < len(lines) and not _body_start(lines[i][1], first=not summary) and len(summary) < 3
           and len(" ".join([*summary, lines[i][1]])) <= SUMMARY_MAX):
        summary.append(lines[i][1])
        i += 1
    if summary:
        src.summary = " ".join(summary)
        src.summary_where = lines[i - len(summary)][0]
    return i


def _split_tail(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The body ends at 'Nơi nhận:' or at the first authority line (TM., KT. ...)."""
    for k, (_, text) in enumerate(lines):
        if text.startswith(nd30.NOI_NHAN) or _AUTHORITY.match(text):
            return lines[:k], lines[k:]
    for k, (_, text) in enumerate(lines):
        if _FOOTNOTE.match(text) and all(_FOOTNOTE.match(t) for _, t in lines[k:]):
            return lines[:k], lines[k:]
    return lines, []


# A line of a copy wrapped at a width (~80 columns) is long; a heading standing over its text is short.
_WRAPPED_WIDTH = 50


def _join_broken(lines: list[tuple[int, str]], spaced: bool = False) -> list[tuple[int, str]]:
    """A line that stops mid-sentence and a next one that starts in lower case are one paragraph; in a copy
    whose paragraphs blank lines part (spaced), so is a long line cut mid-sentence and the line right under
    it, whatever its first letter ('... định kỳ báo cáo' / 'Ủy ban nhân dân thành phố./.'), unless that
    line opens an item of its own."""
    out: list[tuple[int, str]] = []
    last_no, last = -1, ""
    for no, text in lines:
        if out and out[-1][1][-1:] not in _TERMINAL:
            prev_no, prev = out[-1]
            first = text[:1]
            lower = first.isalpha() and first.islower() and not _LIST_MARK.match(text)
            wrapped = (spaced and no == last_no + 1 and len(last) >= _WRAPPED_WIDTH and first.isalpha()
                       and not ITEM_START.match(text) and not vn.all_capitals(text))
            if lower or wrapped:
                out[-1] = (prev_no, f"{prev} {text}")
                last_no, last = no, text
                continue
        out.append((no, text))
        last_no, last = no, text
    return out


def _read_tail(lines: list[tuple[int, str]], src: Source) -> None:
    i = 0
    if i < len(lines) and lines[i][1].startswith(nd30.NOI_NHAN):
        src.recipients = []
        i += 1
        while i < len(lines) and (lines[i][1].startswith(("-", "–")) or src.continues_recipient(lines[i][1])):
            src.add_recipient(lines[i][1])
            i += 1
    while i < len(lines):
        no, text = lines[i]
        wrapped_tm = (src.authority and src.authority[-1].startswith("TM. ")
                      and nd30.UBND_NAME.startswith(f"{src.authority[-1][4:]} {text.replace('UỶ', 'ỦY')}"))
        if wrapped_tm:  # "TM. ỦY BAN NHÂN" / "DÂN"
            src.authority[-1] += " " + text
        elif _AUTHORITY.match(text):
            text = re.sub(r"HOÀ(?!\w)", "HÒA", text.replace("UỶ", "ỦY"))
            src.authority.append(re.sub(rf"{nd30.AUTHORITY_MARK.pattern}\s*", r"\1. ", text))
        elif (note := _FOOTNOTE.match(text)) is not None:
            src.footnotes[int(note.group(1) or note.group(2))] = note.group(3)
        elif src.authority and src.signer is None and _is_name(text):
            src.signer = text
        elif src.authority and src.signer is None and text.isupper() and _is_name(text.title()):
            src.signer = text.title()
            src.warn(no, f"họ tên người ký viết hoa toàn bộ trong bản gốc ('{text}'): ghi '{src.signer}'")
        elif not _has_diacritics(text) and len(text.split()) >= 2:
            src.warn(no, f"bỏ dòng '{text}' (có vẻ là tên tệp hoặc ký hiệu lưu trữ, không phải nội dung)")
        elif src.footnotes:
            last = max(src.footnotes)
            src.footnotes[last] += " " + text
        else:
            src.body.append(Line(text=text, where=no))
            src.warn(no, f"không xác định được vị trí của dòng '{text[:40]}': giữ lại thành đoạn văn")
        i += 1


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and (w[1:].islower() or len(w) == 1) for w in words)


def _footnote_markers(src: Source) -> None:
    """'đối ngoại(1).' or 'kế hoạch[1] để' -> 'đối ngoại[^1].' when note 1 exists after the signature."""
    if not src.footnotes:
        return

    cited: set[int] = set()
    where = 0

    def marker(m: re.Match[str]) -> str:
        n = int(m.group(1) or m.group(2))
        if n not in src.footnotes or m.start() == 0:  # "(1) Học sinh ...": a list's number, not a note's
            return m.group(0)
        if n in cited:
            # A note cited a second time (Word's cross-reference to it): the page can carry one mark a note.
            src.warn(where, f"chú thích ({n}) được dẫn lại lần nữa ở đây: bỏ dấu dẫn lần sau, cần xem lại")
            return ""
        cited.add(n)
        return f"[^{n}]"

    for line in src.body:
        where = line.where
        line.text = re.sub(r"(?:\((\d{1,2})\)|\[(\d{1,2})\])(?=[\s.,;:”\"]|$)", marker, line.text)


def _strip_end_mark(src: Source) -> None:
    if src.body and src.body[-1].text.endswith("/."):
        src.body[-1].text = src.body[-1].text[:-2].rstrip()
