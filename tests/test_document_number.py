"""A document number written with leading zeros ('0125', as some registers number) is printed as written:
Phụ lục I, II.3 asks a zero below 10 and forbids nothing else. The page, the appendix reference, the
metadata record and `kehoach check` all take it as it is; as a number it stays 125."""

from __future__ import annotations

import copy

import pytest

from kehoach_gen.check import check_file
from kehoach_gen.eoffice.metadata import outgoing
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.render.docx import render

PLAN = """\
co_quan: Ủy ban nhân dân tỉnh Đắk Lắk
so: {so}
ngay: 2025-11-18
trich_yeu: Phát động phong trào thi đua năm 2025
phan:
  - tieu_de: Nội dung
    noi_dung: Các sở, ngành tổ chức thực hiện (chi tiết tại Phụ lục kèm theo).
noi_nhan: [Bộ Nội vụ]
nguoi_ky:
  chuc_vu: Phó Chủ tịch
  ho_ten: Trần Thị Bình
phu_luc:
  - tieu_de: Danh sách đơn vị
    cot: [TT, Đơn vị]
    dong:
      - [1, Sở Nội vụ]
"""


@pytest.mark.parametrize(("so", "printed"), [('"0125"', "0125"), ("125", "125"), ('"125"', "125"), ("5", "05"),
                                             ('"5"', "05"), ('"05"', "05"), ('"007"', "007")])
def test_number_is_printed_as_written_with_at_least_two_digits(so, printed):
    plan = load_plan_text(PLAN.format(so=so))
    page = compose(plan)
    assert page.number_line == f"Số: {printed}/KH-UBND"
    assert f"số {printed}/KH-UBND" in page.appendices[0].reference
    assert outgoing(plan, page, page_amount=1, organ=None).code_number == printed
    assert plan.so == int(printed)
    assert compose(copy.deepcopy(plan)).number_line == page.number_line


def test_number_with_leading_zeros_passes_the_check(tmp_path):
    path = tmp_path / "so.docx"
    path.write_bytes(render(compose(load_plan_text(PLAN.format(so='"0125"')))))
    report = check_file(path)
    assert [f for f in report.findings if f.rule == "ND30-R19"] == []
    assert report.errors == []
