"""The plan as typed classes. No I/O here: the loader feeds it, the renderer reads it.

Field names are the clerk's own words without diacritics, as in the YAML.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from . import vn

# XML 1.0 cannot hold these; the loader reports them with their position, and this keeps any other path
# into the model (an import, a test, a library caller) from producing a file Word cannot open.
_NOT_XML: dict[int, str | None] = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE,
                              0xFFFF]}
_NOT_XML.update({0x00A0: " ", 0x09: " "})


def _clean_line(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # the common case skips the (slow, dict-driven) translate
        text = text.translate(_NOT_XML)
    if "  " in text:
        text = re.sub(r" {2,}", " ", text)
    return text.strip()


def _text(value: Any) -> Any:
    """A single-line text field: NFC, no doubled or non-breaking spaces."""
    if isinstance(value, dict) and len(value) == 1:
        # "- Lưu: VT" or "- Thời gian: Thường xuyên" unquoted is a one-pair mapping to YAML; in a text
        # position the clerk meant the words, colon included.
        ((key, val),) = value.items()
        if isinstance(key, str) and isinstance(val, (str, int)) and not isinstance(val, bool):
            return _clean_line(f"{key}: {val}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _clean_line(value.replace("\n", " "))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _block(value: Any) -> Any:
    """Paragraph lists. A multi-line string gives one paragraph per line; nested lists become
    '- ' bullets, and lists inside those '+ ' sub-bullets (the usual levels of a Kế hoạch)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [ln for ln in (_clean_line(x) for x in value.splitlines()) if ln]
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, list):
                for sub in item:
                    if isinstance(sub, list):
                        out.extend(f"+ {_clean_line(str(s))}" for s in sub)
                    else:
                        out.append(f"- {_clean_line(sub)}" if isinstance(sub, str) else _text(sub))
            elif isinstance(item, str):
                out.extend(_block(item))
            else:
                out.append(_text(item))
        return out
    return value


Text = Annotated[str, BeforeValidator(_text)]
# Items are cleaned by _block itself; typing them plain str avoids cleaning every line twice.
Block = Annotated[list[str], BeforeValidator(_block)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=True)


def _no_final_period(v: str | None) -> str | None:
    """The renderer adds the final period of a task line; storing it too would print it twice."""
    if v is None:
        return None
    v = v.rstrip()
    return v[:-1].rstrip() if v.endswith(".") and not v.endswith("..") else v


class _Shorthand(_Model):
    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """A bare string stands for an untitled entry whose text is that string."""
        if isinstance(value, str):
            return {"noi_dung": value}
        return value


class Diem(_Shorthand):
    """A point: a), b), c), d), đ) ... The letter is derived."""

    tieu_de: Text | None = None
    noi_dung: Block = []

    @model_validator(mode="after")
    def _not_empty(self) -> Diem:
        if not self.tieu_de and not self.noi_dung:
            raise ValueError("điểm phải có tiêu đề hoặc nội dung")
        return self


class NhiemVu(_Shorthand):
    """A task numbered 1.1., 1.2. ... with its lead agency, partners and time."""

    noi_dung: Block
    chu_tri: Text | list[Text] | None = None
    nhan_chu_tri: Text = "Cơ quan chủ trì"
    phoi_hop: Text | list[Text] | None = None
    nhan_phoi_hop: Text = "Cơ quan phối hợp"
    thoi_gian: Text | None = None
    nhan_thoi_gian: Text = "Thời gian thực hiện"
    them: Block = []

    @field_validator("noi_dung")
    @classmethod
    def _has_text(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("nhiệm vụ phải có nội dung")
        return v

    @field_validator("phoi_hop")
    @classmethod
    def _partners(cls, v: str | list[str] | None) -> str | None:
        # Printed as one line "a, b, c."; kept as that line so a re-imported plan compares equal.
        if isinstance(v, list):
            v = ", ".join(v)
        return _no_final_period(v)

    @field_validator("chu_tri", "thoi_gian")
    @classmethod
    def _final_period(cls, v: str | list[str] | None) -> str | list[str] | None:
        return _no_final_period(v) if isinstance(v, str) else v


class Muc(_Shorthand):
    """An item 1., 2. ...: titled (bold title line) or untitled (the number opens its first paragraph)."""

    tieu_de: Text | None = None
    noi_dung: Block = []
    diem: list[Diem] = []
    nhiem_vu: list[NhiemVu] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Muc:
        if not self.tieu_de and not self.noi_dung:
            raise ValueError("mục không có tiêu đề thì phải có nội dung (đoạn đầu mang số thứ tự)")
        return self


def _capitals(v: str) -> str:
    return vn.upper(v)


Capitals = Annotated[Text, AfterValidator(_capitals)]


class Phan(_Model):
    """A top-level section I., II. ...; the title is printed (and kept) in capitals."""

    tieu_de: Capitals
    noi_dung: Block = []
    muc: list[Muc] = []


class NguoiKy(_Model):
    """Who signs, and in what capacity (ND30 Art. 13)."""

    ho_ten: Text
    chuc_vu: Text = "Phó Chủ tịch"
    thay_mat: bool = True
    quyen_han: Literal["KT", "TL", "TUQ", "Q"] | None = None
    thu_truong: Text = "Chủ tịch"
    tap_the: Text | None = None

    @model_validator(mode="after")
    def _marks(self) -> NguoiKy:
        is_head = vn.upper(self.chuc_vu) == vn.upper(self.thu_truong)
        if self.quyen_han is None and not is_head:
            # A deputy signs in place of the head: KT. (Art. 13.1).
            self.quyen_han = "KT"
        if self.quyen_han == "KT" and is_head:
            raise ValueError(f"{self.thu_truong} không ký thay (KT.) chính mình; bỏ quyen_han hoặc sửa chuc_vu")
        if re.match(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH)\.?\s|^(Giáo sư|Tiến sĩ|Thạc sĩ)\s", self.ho_ten):
            raise ValueError("họ tên người ký không kèm học hàm, học vị (ND30)")
        return self


class PhuLuc(_Model):
    """An appendix: Phụ lục (I, II ...), a title, the reference line and a table."""

    tieu_de: Capitals
    cot: list[Text] = Field(min_length=1)
    dong: list[list[Text | None]] = []
    ngang: bool | None = None
    ghi_chu: Block = []

    @field_validator("dong", mode="before")
    @classmethod
    def _cells(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [[("" if c is None else c) for c in row] if isinstance(row, list) else row for row in v]
        return v

    @model_validator(mode="after")
    def _widths(self) -> PhuLuc:
        for i, row in enumerate(self.dong):
            if len(row) != len(self.cot):
                raise ValueError(f"dòng {i + 1} có {len(row)} ô nhưng bảng có {len(self.cot)} cột")
        return self

    @property
    def landscape(self) -> bool:
        # A table of more than five columns does not fit 165 mm of portrait text width legibly.
        return self.ngang if self.ngang is not None else len(self.cot) > 5


class NgayThang(_Model):
    """Issue date; a draft leaves the day (and possibly the month) blank."""

    nam: int | None = Field(default=None, ge=1945, le=2200)
    thang: int | None = Field(default=None, ge=1, le=12)
    ngay: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, v: Any) -> Any:
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date):
            return {"nam": v.year, "thang": v.month, "ngay": v.day}
        if isinstance(v, int) and not isinstance(v, bool):
            return {"nam": v}
        if isinstance(v, str):
            s = v.strip()
            m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s) or None
            if m:
                y, mo, d = m.groups()
                return {"nam": int(y), "thang": int(mo) if mo else None, "ngay": int(d) if d else None}
            m = re.fullmatch(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})", s)
            if m:
                d, mo, y = m.groups()
                return {"nam": int(y), "thang": int(mo), "ngay": int(d) if d else None}
            raise ValueError(f"không hiểu ngày '{s}': viết 2024-03-11, 2024-03 (chưa có ngày) hoặc bỏ trống")
        return v

    @model_validator(mode="after")
    def _real(self) -> NgayThang:
        if self.ngay is not None and (self.thang is None or self.nam is None):
            raise ValueError("có ngày thì phải có tháng và năm")
        if self.ngay is not None:
            try:
                dt.date(self.nam or 2000, self.thang or 1, self.ngay)
            except ValueError:
                raise ValueError(f"ngày {self.ngay}/{self.thang}/{self.nam} không có trên lịch") from None
        return self

    @property
    def complete(self) -> bool:
        return self.ngay is not None

    def as_date(self) -> dt.date | None:
        if self.nam and self.thang and self.ngay:
            return dt.date(self.nam, self.thang, self.ngay)
        return None

    def yaml_value(self) -> Any:
        if self.ngay is not None:
            return self.as_date()
        if self.thang is not None:
            return f"{self.nam}-{self.thang:02d}"
        return self.nam


def _noi_nhan_entry(value: Any) -> Any:
    if isinstance(value, str):
        text = _clean_line(value)
        text = re.sub(r"^[-–]\s*", "", text)
        return text.rstrip(";").rstrip()
    return value


class KeHoach(_Model):
    """A Kế hoạch of a provincial People's Committee."""

    co_quan: Text
    dia_danh: Text | None = None
    so: int | None = Field(default=None, ge=1, le=99999)
    ky_hieu: Text = "KH-UBND"
    ngay: NgayThang | None = None
    trich_yeu: Text
    can_cu: list[Text] = []
    mo_dau: Block = []
    phan: list[Phan] = Field(min_length=1)
    ket_thuc: Block = []
    noi_nhan: list[Annotated[Text, BeforeValidator(_noi_nhan_entry)]] = Field(min_length=1)
    luu: list[Text] = ["VT"]
    nguoi_ky: NguoiKy
    chu_thich: dict[int, Text] = {}
    phu_luc: list[PhuLuc] = []

    @field_validator("so", mode="before")
    @classmethod
    def _number(cls, v: Any) -> Any:
        if isinstance(v, str):
            s = v.strip()
            if s == "":
                return None
            if not s.isdigit():
                raise ValueError(f"số văn bản chỉ gồm chữ số (đang: '{s}'); ký hiệu để ở ky_hieu")
            return int(s)
        return v

    @field_validator("ngay", mode="before")
    @classmethod
    def _blank_date(cls, v: Any) -> Any:
        return None if v == "" else v

    @field_validator("co_quan")
    @classmethod
    def _body(cls, v: str) -> str:
        if vn.parse_issuing_body(v) is None:
            raise ValueError(
                "cần dạng 'Ủy ban nhân dân tỉnh <Tên>' hoặc 'Ủy ban nhân dân thành phố <Tên>' "
                f"(đang: '{v}')"
            )
        return v

    @field_validator("ky_hieu")
    @classmethod
    def _symbol(cls, v: str) -> str:
        if not re.fullmatch(r"[A-ZĐ][A-Za-zĐđ]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+", v):
            raise ValueError(f"ký hiệu viết hoa, nối bằng '-', không có khoảng trắng, như KH-UBND (đang: '{v}')")
        return v

    @field_validator("luu")
    @classmethod
    def _archive(cls, v: list[str]) -> list[str]:
        if not v or v[0] != "VT":
            raise ValueError("danh sách lưu bắt đầu bằng VT (Văn thư), như [VT, NC]")
        return v

    @field_validator("chu_thich")
    @classmethod
    def _notes(cls, v: dict[int, str]) -> dict[int, str]:
        for k in v:
            if k < 1:
                raise ValueError(f"số chú thích bắt đầu từ 1 (đang: {k})")
        return dict(sorted(v.items()))

    @property
    def body(self) -> vn.IssuingBody:
        parsed = vn.parse_issuing_body(self.co_quan)
        assert parsed is not None  # guaranteed by the validator
        return parsed

    @property
    def is_draft(self) -> bool:
        return self.so is None or self.ngay is None or not self.ngay.complete
