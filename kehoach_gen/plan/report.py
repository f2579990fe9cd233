"""The Báo cáo as a record. A report is laid out as a plan is (Mẫu 1.4 of Phụ lục III: header, title,
trích yếu, parts I., II. ..., Nơi nhận, signer, appendices), so its record is the plan's with its own type and
symbol: every stage that reads a plan's fields reads a report's, and the kind (dockind.py) says which it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from kehoach_gen.facts import nd30
from kehoach_gen.plan.fields import Text, spec
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.plan.values import symbol_value, text_value


@dataclass(kw_only=True)
class BaoCao(KeHoach):
    """A Báo cáo of a provincial People's Committee or of a body under it."""

    DESCRIPTION: ClassVar[str] = "Báo cáo của Ủy ban nhân dân tỉnh, thành phố (kehoach-gen)"
    NOUN: ClassVar[str] = nd30.BAO_CAO.noun
    DOCUMENT_TYPE: ClassVar[nd30.DocumentType] = nd30.BAO_CAO

    ky_hieu: str = spec(Text(before=text_value, after=symbol_value), nd30.symbol(nd30.BAO_CAO),
                        hint=f"Ký hiệu: {nd30.symbol(nd30.BAO_CAO)} cho Báo cáo của Ủy ban nhân dân; sở, ban ghi ký hiệu "
                             "của mình, như BC-SNgV (chữ BC ở đầu cho biết tệp này là báo cáo)")
