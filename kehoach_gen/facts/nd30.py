"""Facts of Nghị định 30/2020/NĐ-CP, Phụ lục I and III, written once.

Validation, rendering and checking all read these values; none of them keeps a copy. Where Phụ lục I
gives a range ("từ 13 đến 14"), the range is kept as a range: a checker accepts any size inside it
(12.5 is inside 12-13), and a renderer picks one value inside it (its profile).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FONT = "Times New Roman"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
END_MARK = "./."
NOI_NHAN = "Nơi nhận"
NOI_NHAN_LABEL = f"{NOI_NHAN}:"


@dataclass(frozen=True)
class Range:
    """A closed range of values (points or millimetres) as Phụ lục I states it."""

    low: float
    high: float

    def __contains__(self, value: object) -> bool:
        return isinstance(value, (int, float)) and self.low - 1e-6 <= value <= self.high + 1e-6

    def words(self, unit: str = "pt") -> str:
        if self.low == self.high:
            return f"{self.low:g} {unit}"
        return f"từ {self.low:g} đến {self.high:g} {unit}"


def exactly(value: float) -> Range:
    return Range(value, value)


# Phụ lục I, Phần I, mục I: paper and margins (mm).
PAPER_MM = (210.0, 297.0)
MARGIN_MM = {"top": Range(20, 25), "bottom": Range(20, 25), "left": Range(30, 35), "right": Range(15, 20)}

# Phụ lục I, Phần I, mục V (table of case, size and style), in points.
SIZE = {
    "quoc_hieu": Range(12, 13),
    "tieu_ngu": Range(13, 14),
    "co_quan_chu_quan": Range(12, 13),
    "co_quan": Range(12, 13),
    "so_ky_hieu": exactly(13),
    "dia_danh_ngay": Range(13, 14),
    "ten_loai": Range(13, 14),
    "trich_yeu": Range(13, 14),
    "noi_dung": Range(13, 14),
    "muc": Range(13, 14),
    "quyen_han": Range(13, 14),
    "ho_ten": Range(13, 14),
    "noi_nhan_label": exactly(12),
    "noi_nhan": exactly(11),
    "kinh_gui": Range(13, 14),
    "so_trang": Range(13, 14),
    "phu_luc": exactly(14),
    "phu_luc_tieu_de": Range(13, 14),
    "phu_luc_kem_theo": Range(13, 14),
    "ma_nguoi_soan": exactly(11),
}

# What this tool prints, inside those ranges ("profile 14" of the spec: Quốc hiệu 13 with Tiêu ngữ 14, as
# the footnote to table V pairs them): the template's styles and page set-up are built from these, and
# the import fails if one leaves its range.
PRINTED_MARGIN_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PRINTED_SIZE = {
    "quoc_hieu": 13, "tieu_ngu": 14, "co_quan_chu_quan": 13, "co_quan": 13, "so_ky_hieu": 13, "dia_danh_ngay": 14,
    "ten_loai": 14, "trich_yeu": 14, "noi_dung": 14, "muc": 14, "quyen_han": 14, "ho_ten": 14, "noi_nhan_label": 12,
    "noi_nhan": 11, "so_trang": 14, "phu_luc": 14, "phu_luc_tieu_de": 14, "phu_luc_kem_theo": 14,
}
PRINTED_TABLE_SIZE = 13  # appendix tables: Phụ lục I sets no size; one below the body's fits more columns
for _side, _mm in PRINTED_MARGIN_MM.items():
    if _mm not in MARGIN_MM[_side]:
        raise ValueError(f"printed margin {_side} {_mm} mm outside {MARGIN_MM[_side]}")
for _element, _pt in PRINTED_SIZE.items():
    if _pt not in SIZE[_element]:
        raise ValueError(f"printed size of {_element} {_pt} pt outside {SIZE[_element]}")

# Body paragraphs (Phụ lục I, II.6.e): first-line indent 1 or 1.27 cm, at least 6 pt between
# paragraphs, line spacing from single to 1.5 lines.
FIRST_LINE_INDENT_CM = (1.0, 1.27)
PARAGRAPH_SPACING_MIN_PT = 6.0
LINE_SPACING = Range(1.0, 1.5)

# A khoản title is decided by its formatting shape (Phụ lục I, II.6; the whole line bold, body text
# under it). One with nothing under it yet (a draft's skeleton) still reads as a title while it is
# short and does not end like a sentence [DERIVED]; `kehoach check` and `import` share this reading.
BARE_TITLE_MAX_WORDS = 20
# A short line with body text under it reads as a khoản title even when its weight is wrong [DERIVED].
SHORT_TITLE_MAX_WORDS = 8


def reads_as_bare_title(title: str) -> bool:
    words = title.split()
    return 0 < len(words) <= BARE_TITLE_MAX_WORDS and not title.rstrip().endswith((".", ";", ":", END_MARK))


# Lines drawn under the issuing body and the trích yếu: 1/3 to 1/2 of the text above (II.2.b, II.5.a);
# the line under the Tiêu ngữ has the motto's own length (II.1.b).
SHORT_LINE_RATIO = Range(1 / 3, 1 / 2)

# Authority marks (II.7.b, Art. 13).
AUTHORITY_MARKS = ("TM", "KT", "TL", "TUQ", "Q")


@dataclass(frozen=True)
class DocumentType:
    """One administrative document type of Phụ lục III, mục I: its name and symbol abbreviation."""

    name: str
    abbreviation: str

    @property
    def title(self) -> str:
        """The type name as printed in ô 5a ("KẾ HOẠCH")."""
        return self.name.upper()

    @property
    def noun(self) -> str:
        """The type as a common noun inside a sentence ("báo cáo"): what a message calls the document."""
        return self.name.lower()


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("Nghị quyết", "NQ"),
    DocumentType("Quyết định", "QĐ"),
    DocumentType("Chỉ thị", "CT"),
    DocumentType("Quy chế", "QC"),
    DocumentType("Quy định", "QyĐ"),
    DocumentType("Thông cáo", "TC"),
    DocumentType("Thông báo", "TB"),
    DocumentType("Hướng dẫn", "HD"),
    DocumentType("Chương trình", "CTr"),
    DocumentType("Kế hoạch", "KH"),
    DocumentType("Phương án", "PA"),
    DocumentType("Đề án", "ĐA"),
    DocumentType("Dự án", "DA"),
    DocumentType("Báo cáo", "BC"),
    DocumentType("Biên bản", "BB"),
    DocumentType("Tờ trình", "TTr"),
    DocumentType("Hợp đồng", "HĐ"),
    DocumentType("Công điện", "CĐ"),
    DocumentType("Bản ghi nhớ", "BGN"),
    DocumentType("Bản thỏa thuận", "BTT"),
    DocumentType("Giấy ủy quyền", "GUQ"),
    DocumentType("Giấy mời", "GM"),
    DocumentType("Giấy giới thiệu", "GGT"),
    DocumentType("Giấy nghỉ phép", "GNP"),
    DocumentType("Phiếu gửi", "PG"),
    DocumentType("Phiếu chuyển", "PC"),
    DocumentType("Phiếu báo", "PB"),
)
"""Công văn has no type abbreviation (its symbol is the issuer's, then the drafting unit's)."""

CONG_VAN = DocumentType("Công văn", "")

KE_HOACH = next(t for t in DOCUMENT_TYPES if t.abbreviation == "KH")
BAO_CAO = next(t for t in DOCUMENT_TYPES if t.abbreviation == "BC")


def type_by_abbreviation(abbreviation: str) -> DocumentType | None:
    return next((t for t in DOCUMENT_TYPES if t.abbreviation == abbreviation), None)


def type_by_title(title: str) -> DocumentType | None:
    """The type whose printed name ("KẾ HOẠCH", "Quyết định") is exactly this line."""
    key = " ".join(title.split()).upper().replace("THOẢ", "THỎA").replace("UỶ", "ỦY")
    return next((t for t in (*DOCUMENT_TYPES, CONG_VAN) if t.title == key), None)


@dataclass(frozen=True)
class MetadataField:
    """One input field of an outgoing document's record (Phụ lục VI, Phần II, mục I)."""

    number: str  # "12.1", as the table numbers it
    code: str  # the table's English abbreviation, the key every e-office system uses
    name: str  # the Vietnamese name of the field
    kind: str  # "String", "Number", "Date"
    length: int | None  # maximum length in characters (digits for a Number)


# Phụ lục VI, Phần II, mục I "Thông tin đầu vào của dữ liệu quản lý văn bản đi". Groups (1, 12, 13) are
# listed with kind "" and no length; their members follow.
OUTGOING_FIELDS: tuple[MetadataField, ...] = (
    MetadataField("1", "FileCode", "Mã hồ sơ", "", None),
    MetadataField("1.1", "OrganId", "Mã định danh của cơ quan, tổ chức lập danh mục hồ sơ", "String", 13),
    MetadataField("1.2", "FileCatalog", "Năm hình thành hồ sơ", "Number", 4),
    MetadataField("1.3", "FileNotation", "Số và ký hiệu hồ sơ", "String", 20),
    MetadataField("2", "DocOrdinal", "Số thứ tự văn bản trong hồ sơ", "Number", 3),
    MetadataField("3", "TypeName", "Tên loại văn bản", "String", 100),
    MetadataField("4", "CodeNumber", "Số của văn bản", "String", 11),
    MetadataField("5", "CodeNotation", "Ký hiệu của văn bản", "String", 30),
    MetadataField("6", "IssuedDate", "Ngày, tháng, năm văn bản", "Date", 10),
    MetadataField("7", "OrganName", "Tên cơ quan, tổ chức ban hành văn bản", "String", 200),
    MetadataField("8", "Subject", "Trích yếu nội dung", "String", 500),
    MetadataField("9", "Language", "Ngôn ngữ", "String", 30),
    MetadataField("10", "PageAmount", "Số trang của văn bản", "Number", 3),
    MetadataField("11", "Description", "Ghi chú", "String", 500),
    MetadataField("12", "SignerInfo", "Chức vụ, họ tên người ký", "", None),
    MetadataField("12.1", "Position", "Chức vụ của người ký văn bản", "String", 100),
    MetadataField("12.2", "FullName", "Họ và tên người ký văn bản", "String", 50),
    MetadataField("13", "To", "Nơi nhận", "", None),
    MetadataField("13.1", "OrganId", "Mã định danh của cơ quan, tổ chức nhận văn bản", "String", 13),
    MetadataField("13.2", "OrganName", "Tên cơ quan, tổ chức nhận văn bản", "String", 200),
    MetadataField("14", "Priority", "Mức độ khẩn, độ mật", "Number", 1),
    MetadataField("15", "IssuedAmount", "Số lượng bản phát hành", "Number", 3),
    MetadataField("16", "DueDate", "Hạn trả lời văn bản", "Date", 10),
)

# An organ's identification code (mã định danh) is 13 characters long (field 1.1 above), as
# "000.00.00.H29": groups of digits, then a letter and two digits, separated by dots.
ORGAN_ID_PATTERN = r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}"

# Electronic documents (Art. 15.3 for number and date; Phụ lục I II.7.d, II.8.a, III.1.c):
# - the number and the issue date are given by the system when the văn thư signs;
# - the signer's signature image sits centred between the authority lines and the name, and the seal
#   image, at the seal's real size, covers about a third of it on the left; Phụ lục I gives no size, so
#   the zone is made tall enough for the largest round seal assumed here;
# - the appendix's reference line need not carry the number and date (III.1.c).
SEAL_MM = 42.0
SIGNATURE_ZONE_MM = SEAL_MM + 4.0  # the seal plus the gap above and below its edge

# The People's Committee as issuer (II.2, Phụ lục III): its name in ô 2, its abbreviation in the symbol,
# the collective it signs for (TM.), and the words that open a Công văn's ô 5b and ô 9a.
UBND_NAME = "ỦY BAN NHÂN DÂN"
UBND_COLLECTIVE = f"TM. {UBND_NAME}"
CONG_VAN_SUMMARY_MARK = "V/v"
KINH_GUI = "Kính gửi"

# Kinds whose "Căn cứ ..." lines are the issuing basis that II.6.a formats (italic, ";" then "."); in a
# Kế hoạch the same words open ordinary body text.
ISSUING_BASIS_KINDS = ("Quyết định", "Nghị quyết", "Chỉ thị", "Quy chế", "Quy định")

# Kinds divided into articles, "Điều 1.", "Điều 2." (Phụ lục I, II.6.b); a Kế hoạch is divided into
# mục, khoản and điểm, and "Điều 3 ..." opening one of its paragraphs is ordinary text.
ARTICLE_KINDS = ("Quyết định", "Nghị quyết", "Quy chế", "Quy định")

# Levels of administrative unit a People's Committee sits at, as printed after its name in ô 2.
UNIT_LEVELS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU")

# --- the number line, ô 3 ("Số: 05/KH-UBND") ------------------------------------------------------

NUMBER_WORD = "Số"
"""The word that opens the number line, in the normal case Phụ lục I gives it (II.3.b)."""
NUMBER_LINE = re.compile(r"(?P<word>(?i:Số))\s*(?P<colon>:)?\s*(?P<n>[^/]*?)\s*/\s*(?P<sym>\S+)")
"""The number-and-symbol line as printed, read from the start of a line (`.match`, or `.fullmatch` for the
whole line): the word "Số" in any case (a clerk may type "SỐ:"; the checker judges it), the colon (a page may
have lost it), the number as typed (blank in a draft, or a placeholder or a mistyped number: the checker
judges it) and the symbol. Every reader of the line uses this one pattern."""


def opens_number_line(text: str) -> bool:
    """A header line that starts with the word "Số" in any case ("SỐ: 15/KH-UBND" is still the number line,
    never part of the issuer's name)."""
    return text[:len(NUMBER_WORD)].casefold() == NUMBER_WORD.casefold()


def number_and_symbol(text: str) -> tuple[str, str] | None:
    """(number, symbol) of a line opening "Số: 05/KH-UBND" as this tool and a typical office write it: the
    colon typed, the number digits or left blank (a draft). None for any other line."""
    m = NUMBER_LINE.match(text)
    if m is None or not m.group("colon") or not (m.group("n") == "" or m.group("n").isdigit()):
        return None
    return m.group("n"), m.group("sym")


# --- issuers and symbols (Phụ lục III, mục II) ------------------------------------------------

UBND = "Ủy ban nhân dân"
UBND_ABBREVIATION = "UBND"
"""The issuer's part of a UBND document's symbol: "KH-UBND" (Phụ lục III, II; Art. 15)."""


def symbol(document_type: DocumentType, issuer_abbreviation: str = UBND_ABBREVIATION) -> str:
    """The symbol of a document a body issues itself: type abbreviation, then the issuer's ("KH-UBND")."""
    return f"{document_type.abbreviation}-{issuer_abbreviation}"


# --- the place-and-date line (Phụ lục I, II.4) -----------------------------------------------
# Written by date_line (the renderer), read by read_date_line (content checks, importer, review tools);
# the checker judges the printed line against DATE_LINE and DRAFT_DATE_LINE.

DATE_WORDS = r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})?"
"""'ngày 05 tháng 01 năm 2026', however spaced; a draft's blank day or month reads as None."""
DATE_IN_TEXT = re.compile(rf",\s*{DATE_WORDS}")
"""', ngày ... năm ...' inside a longer line (a header flattened into one line of a web copy)."""
DATE_LINE = re.compile(r"^(?P<place>.+?),? ngày (?P<d>\S+) tháng (?P<m>\S+) năm (?P<y>\S+)$")
"""The line as Phụ lục I writes it, one space between its words; the checker then judges each part (the
comma after the place, the zeros of the day and month, the calendar)."""
DRAFT_DATE_LINE = re.compile(r"^(?P<place>.+?),? ngày\s*(\.*|…*)\s*tháng(?P<m>\s*\S+)?\s*năm(?P<y>\s*\d{4})?$")
"""A draft's line: the day left blank for the văn thư (spaces, dots or '…'), the month and year perhaps known."""
_READ_DATE_LINE = re.compile(rf"^(?P<place>[^,]{{0,60}}),\s*{DATE_WORDS}", re.IGNORECASE)


@dataclass(frozen=True)
class IssueDate:
    """What a reader takes from a place-and-date line: None where a draft leaves a blank."""

    place: str
    year: int | None
    month: int | None
    day: int | None


def read_date_line(text: str, *, whole: bool = True) -> IssueDate | None:
    """'Lai Châu, ngày 05 tháng 01 năm 2026' -> IssueDate('Lai Châu', 2026, 1, 5). whole: the text is the
    line and nothing else (a sentence that ends with a date is not the header's line)."""
    t = text.strip()
    m = _READ_DATE_LINE.match(t)
    if m is None or (whole and t[m.end():].strip()):
        return None
    day, month, year = (int(g) if g else None for g in m.group("d", "m", "y"))
    return IssueDate(m.group("place").strip(), year, month, day)


def date_line(place: str, year: int | None, month: int | None, day: int | None) -> str:
    """The line ô 4 prints: '<place>, ngày 05 tháng 01 năm 2026'; a draft's blanks as vn.date_words leaves them."""
    from kehoach_gen.facts.vn import date_words

    return f"{place}, {date_words(year, month, day)}"


# --- the forms of numbering (Phụ lục I, II.6.c, đ) ------------------------------------------
# The pieces a number is written with, and the forms a heading or paragraph opens with. Every stage that
# reads a number (checker, importer, page reader, typed-number remover, review tools) builds on these.

ROMAN_NUMERAL = r"[IVXLC]+"
"""A mục's number: I, II, III ... (chữ số La Mã)."""
KHOAN_NUMBER = r"\d{1,2}"
POINT_LETTER = r"[a-zđ]{1,2}"
"""A điểm's letter: a) ... y) in the Vietnamese alphabet (vn.POINT_LETTERS), doubled after y ('aa)') as the
renderer writes a 24th point. f, j, w and z are read too, so that the checker can say they are not in the
alphabet (ND30-R31c)."""
DECIMAL_NUMBER = r"\d{1,2}(?:\.\d{1,2})+"
"""A division from large to small (II.6.c): 1.1, 2.3.1."""
ARABIC_NUMBER = rf"{KHOAN_NUMBER}(?:\.{KHOAN_NUMBER})*"
"""A khoản's number or a decimal division's: 1, 1.1, 2.3.1."""

MUC = re.compile(rf"^({ROMAN_NUMERAL})\.\s*(\S.*)$")
"""'I. MỤC ĐÍCH, YÊU CẦU' (a missing space after the full stop is still the heading, as readers see it)."""
KHOAN = re.compile(rf"^({KHOAN_NUMBER})\.\s+(\S.*)$")
"""'1. Mục đích'."""
DIEM = re.compile(rf"^({POINT_LETTER})\)\s+(\S.*)$")
"""'a) Tổ chức ...'."""
DECIMAL = re.compile(rf"^({DECIMAL_NUMBER})\.?\s+(\S.*)$")
"""'1.1. ...', '2.3.1 ...': any depth, as a document may divide."""
TASK = re.compile(rf"^({KHOAN_NUMBER})\.({KHOAN_NUMBER})\.?\s+(\S.*)$")
"""'1.2. Tổ chức ...': a task under khoản 1, the one decimal depth a plan holds (model.NhiemVu)."""
DIEU = re.compile(r"^Điều (\d+)\.?\s")
"""'Điều 3.': an article, in the kinds divided into articles (ARTICLE_KINDS)."""
CENTRED_HEADING = re.compile(rf"^(Phần|Chương|Mục|Tiểu mục) ({ROMAN_NUMERAL}|\d+)$", re.IGNORECASE)
"""'Phần I', 'Chương II', 'Mục 1': the centred line above a part's title (II.6.đ)."""
NUMBER_MARK = re.compile(rf"^(?:{ROMAN_NUMERAL}|\d{{1,3}}(?:\.\d{{1,3}})*|{POINT_LETTER})\s*[.):]")
"""Any number with its mark ('II.', '1.2)', 'b)', '3:') opening a text, however it was typed."""

NUMBER_FORMS: dict[str, str] = {
    "phần": rf"{ROMAN_NUMERAL}\s*[.:]\s+",
    "khoản thập phân": rf"{DECIMAL_NUMBER}\.?\s+",
    "khoản": rf"{KHOAN_NUMBER}\s*[.)]\s+",
    "điểm": rf"{POINT_LETTER}\)\s+",
}
"""What a heading or paragraph opens with when a clerk types a number of its own where the model numbers:
he gets it twice ("I. I. MỤC ĐÍCH"). Looser than the printed forms above (a colon, a bracket, spaces)."""
BULLETS = r"[-–+•]\s+"
"""A dash or plus opens a free paragraph as a bullet; where the model puts a number it is typed in vain."""

NUMBER_AT_START = re.compile("^(?:" + "|".join(f"(?:{form})" for form in NUMBER_FORMS.values()) + ")")
"""Any of those numbers opening a line: what comparing two versions sets aside (the numbers are derived)."""

APPENDIX = "Phụ lục"
APPENDIX_HEADING = re.compile(rf"^{APPENDIX}(?:\s+(?:số\s+)?(?P<number>{ROMAN_NUMERAL}|\d{{1,2}}))?\s*[:.]?$",
                              re.IGNORECASE)
"""The line that opens an appendix: 'Phụ lục', 'Phụ lục II', and as real documents also print it, 'PHỤ LỤC SỐ 01'
or 'Phụ lục số 01:' (whose case and number the checker then reports, ND30-R42, R43)."""
AUTHORITY_MARK_FORM = rf"({'|'.join(AUTHORITY_MARKS)})\."
AUTHORITY_MARK = re.compile(f"^{AUTHORITY_MARK_FORM}")
"""'TM.', 'KT.' ... opening an authority line (Phụ lục I, II.7.b)."""


def cites_appendix(text: str, heading: str) -> bool:
    """The text sends the reader to this appendix (Phụ lục I, III.1.a): 'Phụ lục II' is cited by '... tại Phụ lục II
    kèm theo', not by 'Phụ lục I' (nor 'Phụ lục I' by 'Phụ lục II')."""
    return re.search(rf"{re.escape(heading)}(?![IVXLC])", text, flags=re.IGNORECASE) is not None
ORDINAL_COLUMN = r"(?i)^\s*(TT|STT|SỐ TT|Số TT)\s*$"
"""The label of a table's running-number column (Mẫu 2.1): centred when rendered, and set aside when two
versions' rows are matched (a row removed renumbers every row below it)."""


def appendix_heading(index: int, count: int) -> str:
    """"Phụ lục" when there is one, else "Phụ lục I", "Phụ lục II" ... (Phụ lục I, III.1)."""
    if count == 1:
        return APPENDIX
    from kehoach_gen.facts.vn import roman

    return f"{APPENDIX} {roman(index)}"
