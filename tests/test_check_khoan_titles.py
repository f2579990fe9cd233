"""ND30-R30 on khoản titles by their formatting shape: a bold short title whose section is still empty
(a draft's skeleton) is a title; a bold whole sentence is an untitled khoản printed bold."""

from __future__ import annotations

import docx

from kehoach_gen.check import check_file
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.render.docx import render

SKELETON = """\
co_quan: Ủy ban nhân dân tỉnh Lai Châu
so:
ngay: 2026-03
trich_yeu: Công tác đối ngoại năm 2026
phan:
  - tieu_de: Nhiệm vụ cụ thể
    muc:
      - tieu_de: Quản lý đoàn ra
      - tieu_de: Quản lý đoàn vào
ket_thuc: Trên đây là Kế hoạch công tác đối ngoại năm 2026.
noi_nhan: [Bộ Ngoại giao]
luu: [VT, NC]
nguoi_ky:
  chuc_vu: Phó Chủ tịch
  ho_ten: Trần Thị Bình
"""


def _r30(path) -> list[tuple[str, str]]:
    return [(f.severity, f.where) for f in check_file(path).findings if f.rule == "ND30-R30"]


def test_empty_titled_khoan_followed_by_the_next_khoan_is_a_title(tmp_path):
    path = tmp_path / "khung.docx"
    path.write_bytes(render(compose(load_plan_text(SKELETON))))
    assert _r30(path) == []


def test_a_bold_sentence_followed_by_the_next_khoan_is_still_an_error(tmp_path):
    path = tmp_path / "khung.docx"
    path.write_bytes(render(compose(load_plan_text(SKELETON))))
    document = docx.Document(str(path))
    first = next(p for p in document.paragraphs if p.text.startswith("1. "))
    for r in first.runs[1:]:
        r._r.getparent().remove(r._r)
    first.runs[0].text = "1. Các sở, ngành tổ chức quản lý đoàn ra theo đúng quy định hiện hành."
    document.save(str(path))
    assert [s for s, _ in _r30(path)] == ["E"]
