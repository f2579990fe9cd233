"""The kind of document a plan file makes: its ND30 type (title, symbol), the model that reads it, the
templates that lay it out and start it. Load, compose and render take the kind from here, so a second
kind is one more DocKind, not a change to each of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kehoach_gen.errors import KehoachError, display
from kehoach_gen.facts import nd30
from kehoach_gen.plan.fields import Record, field_names
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.plan.report import BaoCao


@dataclass(frozen=True)
class DocKind:
    """One kind of document: its ND30 type, its record (the YAML's shape), its template and starter."""

    document_type: nd30.DocumentType
    record: type[Record]
    template: str  # the .docx template in the template search path
    starter: str  # the commented YAML `kehoach new` fills in

    @property
    def name(self) -> str:
        """"Kế hoạch": as the type is written inside a sentence ("Kèm theo Kế hoạch số ...")."""
        return self.document_type.name

    @property
    def title(self) -> str:
        """"KẾ HOẠCH": the type's name printed in ô 5a."""
        return self.document_type.title

    @property
    def symbol(self) -> str:
        return nd30.symbol(self.document_type)

    @property
    def fields(self) -> tuple[str, ...]:
        """The model's YAML keys in the order a plan file writes them."""
        return field_names(self.record)


KE_HOACH = DocKind(nd30.KE_HOACH, KeHoach, template="kehoach.docx", starter="ke-hoach-moi.yaml.j2")
BAO_CAO = DocKind(nd30.BAO_CAO, BaoCao, template="baocao.docx", starter="bao-cao-moi.yaml.j2")

KINDS: tuple[DocKind, ...] = (KE_HOACH, BAO_CAO)


def of(plan: Record) -> DocKind:
    """The kind a model object belongs to (a report's record extends the plan's: the exact class decides)."""
    return next((k for k in KINDS if type(plan) is k.record), None) or next(k for k in KINDS if isinstance(plan, k.record))


def require(plan: Record, kind: DocKind, name: object, purpose: str) -> None:
    """Refuse a file of another kind where only this kind makes sense (a workbook or a year-end report is made
    from a plan, not from a report), naming the file and what it is."""
    got = of(plan)
    if got is not kind:
        raise KehoachError(f"{display(name)}: tệp là {got.document_type.noun}, không phải {kind.document_type.noun}: "
                           f"{purpose}")


def by_type(document_type: nd30.DocumentType | None) -> DocKind | None:
    """The kind that writes documents of this ND30 type ("Báo cáo"), if any."""
    return next((k for k in KINDS if document_type is not None and k.document_type == document_type), None)


def for_data(data: Any) -> DocKind:
    """The kind a file's data is, read from its symbol: ND30 opens every symbol with the type's abbreviation
    (Phụ lục III), so "ky_hieu: BC-UBND" is a report, and one fact cannot say two things. A file without a
    symbol, or with one of no known kind, is a plan (the default symbol is the plan's)."""
    symbol = data.get("ky_hieu") if isinstance(data, dict) else None
    if isinstance(symbol, str):
        head = symbol.strip().split("-", 1)[0]
        return next((k for k in KINDS if k.document_type.abbreviation == head), KE_HOACH)
    return KE_HOACH
