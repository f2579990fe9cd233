"""The record of an outgoing document (ND30 Phụ lục VI, Phần II, mục I) that an e-office system asks
the văn thư to type: built from the plan and its composed page, never recomputed, so the record and
the document cannot disagree. edxml.py and the PDF's metadata read this record too."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import nd30, vn
from kehoach_gen.plan.compose import Page, identity, place_name
from kehoach_gen.plan.model import KeHoach

ORGAN_ID_ENV = "KEHOACH_MA_DINH_DANH"
LANGUAGE = "Tiếng Việt"
SOURCE = "Nghị định 30/2020/NĐ-CP, Phụ lục VI, Phần II, mục I (thông tin đầu vào của văn bản đi)"


class OrganIdInvalid(KehoachError):
    exit_code = 2


def organ_id(option: str | None) -> str | None:
    """The issuing body's mã định danh: the option, else the environment, else none (the system adds it)."""
    value = (option if option is not None else os.environ.get(ORGAN_ID_ENV, "")).strip().upper()
    if not value:
        return None
    if not re.fullmatch(nd30.ORGAN_ID_PATTERN, value):
        where = "--ma-dinh-danh" if option is not None else f"biến môi trường {ORGAN_ID_ENV}"
        raise OrganIdInvalid(f"{where}: mã định danh '{value}' không đúng dạng 13 ký tự như 000.00.00.H29 "
                             "(mã định danh của cơ quan ban hành, do cơ quan quản lý cấp)")
    return value


@dataclass(frozen=True)
class Outgoing:
    """One outgoing document's record; fields named as Phụ lục VI names them (OUTGOING_FIELDS)."""

    organ_id: str | None
    year: int | None  # FileCatalog: the year the file (hồ sơ) is formed, the plan's year
    type_name: str
    code_number: str | None  # as printed: "05", "33"; None until the system gives the number
    code_notation: str
    issued_date: str | None  # ISO 8601 (YYYY-MM-DD); None until the system stamps the date
    organ_name: str
    place: str
    subject: str
    identity: str  # the document's name as an appendix's reference line gives it
    page_amount: int | None
    description: str
    position: str
    full_name: str
    competence: list[str]  # the authority lines above the signature ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    recipients: list[str]
    archive: list[str]
    appendices: list[str]
    priority: int | None = None  # a Kế hoạch carries no urgency or secrecy mark in this tool

    @property
    def document_id(self) -> str | None:
        """edXML's DocumentId: organ id, issue date and number/symbol, when all three are known."""
        if not (self.organ_id and self.issued_date and self.code_number):
            return None
        return f"{self.organ_id},{self.issued_date.replace('-', '/')},{self.code_number}/{self.code_notation}"

    @property
    def competence_words(self) -> str:
        """The authority marks and what they stand for: "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"."""
        return " ".join(line for line in self.competence if line.split(".")[0] in nd30.AUTHORITY_MARKS)

    @property
    def keywords(self) -> tuple[str, ...]:
        return (self.type_name, self.code_notation, self.organ_name, *((str(self.year),) if self.year else ()))

    def as_json(self) -> dict[str, Any]:
        """Phụ lục VI's fields by their codes, in the table's order; unknown values are null."""
        return {
            "_nguon": SOURCE,
            "FileCode": {"OrganId": self.organ_id, "FileCatalog": self.year, "FileNotation": None},
            "DocOrdinal": None,
            "TypeName": self.type_name,
            "CodeNumber": self.code_number,
            "CodeNotation": self.code_notation,
            "IssuedDate": self.issued_date,
            "OrganName": self.organ_name,
            "Subject": self.subject,
            "Language": LANGUAGE,
            "PageAmount": self.page_amount,
            "Description": self.description,
            "SignerInfo": {"Position": self.position, "FullName": self.full_name, "Competence": self.competence},
            "To": [{"OrganId": None, "OrganName": r} for r in self.recipients],
            "Priority": self.priority,
            "IssuedAmount": None,
            "DueDate": None,
            "_khac": {"DocumentId": self.document_id, "Identity": self.identity, "Archive": self.archive,
                      "Appendixes": self.appendices},
        }


def organ_name(recipient: str) -> str:
    """A Nơi nhận entry as the name of the receiving organ: without the note to it ("(b/c)", "(để biết)")."""
    return re.sub(r"\s*\((?:để\s+)?(?:b/c|báo cáo|biết|thực hiện|t/h|phối hợp|p/h)\)\s*$", "", recipient,
                  flags=re.IGNORECASE).strip()


def outgoing(plan: KeHoach, page: Page, *, page_amount: int | None, organ: str | None,
             electronic: bool = False) -> Outgoing:
    date = plan.ngay.as_date() if plan.ngay else None
    note = ("Văn bản điện tử: số và ngày ban hành do hệ thống cấp khi ký số (Nghị định 30, Điều 15)"
            if electronic else "Dự thảo" if page.draft else "")
    return Outgoing(
        organ_id=organ,
        year=plan.ngay.nam if plan.ngay else None,
        type_name=page.kind.name,
        code_number=vn.number_text(plan.so) if plan.so is not None else None,
        code_notation=plan.ky_hieu,
        issued_date=date.isoformat() if date else None,
        organ_name=page.author,
        place=place_name(plan),
        subject=page.summary,
        identity=identity(plan, page.kind),
        page_amount=page_amount,
        description=note,
        position=plan.nguoi_ky.chuc_vu,
        full_name=page.signer,
        competence=list(page.authority),
        recipients=[organ_name(r) for r in plan.noi_nhan],
        archive=list(plan.luu),
        appendices=[f"{a.heading}: {a.title}" for a in page.appendices],
    )


def too_long(record: Outgoing) -> list[str]:
    """Values longer than Phụ lục VI allows (a system may cut or refuse them), in Vietnamese."""
    fields = {f.number: f for f in nd30.OUTGOING_FIELDS}
    values = [("5", record.code_notation), ("7", record.organ_name), ("8", record.subject),
              ("12.1", record.position), ("12.2", record.full_name), *(("13.2", r) for r in record.recipients)]
    out = []
    for number, value in values:
        field = fields[number]
        if field.length is not None and len(value) > field.length:
            out.append(f"{field.name} ({field.code}) dài {len(value)} ký tự, quá {field.length} ký tự "
                       f"Phụ lục VI cho phép: '{value[:40]}...'")
    return out


def write_json(path: Path, record: Outgoing) -> None:
    from kehoach_gen.render.package import atomic_write

    text = json.dumps(record.as_json(), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"))
