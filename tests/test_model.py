"""The model read from plain data: field kinds, shorthands, defaults and the rules that span fields."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from helpers import EXAMPLES, REPO

from kehoach_gen.plan.fields import Invalid, build
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.plan.model import KeHoach, NgayThang, NguoiKy, PhuLuc

PLAN = {
    "co_quan": "Ủy ban nhân dân tỉnh Lai Châu", "trich_yeu": "Công tác đối ngoại năm 2027",
    "phan": [{"tieu_de": "Mục đích", "muc": ["Bảo đảm hiệu quả."]}],
    "noi_nhan": ["- Bộ Ngoại giao;"], "nguoi_ky": {"ho_ten": "Trần Văn Bình"},
}


def _issues(cls: type, data: object) -> list[tuple[str, str, str]]:
    with pytest.raises(Invalid) as exc:
        build(cls, data)
    return [(".".join(map(str, i.loc)), i.kind, i.message) for i in exc.value.issues]


def test_a_plan_reads_with_shorthands_defaults_and_cleaning():
    plan = build(KeHoach, {**PLAN, "so": " 12 ", "ngay": "9/3/2027",
                           "phan": [{"tieu_de": "mục  đích", "muc": ["Bảo đảm\u00a0hiệu quả."],
                                     "noi_dung": "Dòng một.\n\nDòng hai."}]})
    assert plan.so == 12 and plan.ngay == NgayThang(nam=2027, thang=3, ngay=9)
    assert plan.phan[0].tieu_de == "MỤC ĐÍCH"
    assert plan.phan[0].noi_dung == ["Dòng một.", "Dòng hai."]
    assert plan.phan[0].muc[0].noi_dung == ["Bảo đảm hiệu quả."] and plan.phan[0].muc[0].tieu_de is None
    assert plan.noi_nhan == ["Bộ Ngoại giao"]
    assert plan.luu == ["VT"] and plan.ky_hieu == "KH-UBND"
    assert plan.nguoi_ky.quyen_han == "KT"  # a deputy signs for the head
    assert plan.is_draft is False


def test_defaults_are_not_shared_between_plans():
    a, b = build(KeHoach, PLAN), build(KeHoach, PLAN)
    a.luu.append("NC")
    a.chu_thich[1] = "x"
    assert b.luu == ["VT"] and b.chu_thich == {}


def test_equal_data_gives_equal_plans_and_a_change_shows():
    assert build(KeHoach, PLAN) == build(KeHoach, dict(PLAN))
    assert build(KeHoach, PLAN) != build(KeHoach, {**PLAN, "trich_yeu": "Khác"})


def test_every_problem_is_reported_with_its_path_and_kind():
    issues = _issues(KeHoach, {**PLAN, "so": "12/KH", "trich_yue": "x", "luu": ["NC"],
                               "nguoi_ky": {"ho_ten": "Trần Văn Bình", "quyen_han": "XY", "thay_mat": "có"},
                               "chu_thich": {"một": "x"}, "phan": []})
    found = {(where, kind): message for where, kind, message in issues}
    assert "chỉ gồm chữ số" in found[("so", "value")]
    assert "có phải ý bạn là 'trich_yeu'" in found[("trich_yue", "unknown")]
    assert found[("phan", "value")] == "cần ít nhất 1 mục"
    assert "bắt đầu bằng VT" in found[("luu", "value")]
    assert found[("nguoi_ky.quyen_han", "value")] == "chỉ nhận một trong các giá trị: KT, TL, TUQ hoặc Q"
    assert found[("nguoi_ky.thay_mat", "value")] == "cần true hoặc false"
    assert "số thứ tự" in found[("chu_thich.một", "unknown")]
    design_spelling = _issues(NguoiKy, {"ho_ten": "A", "tham_quyen": "TM", "ky_thay": True})
    assert [(w, k) for w, k, _ in design_spelling] == [("tham_quyen", "unknown"), ("ky_thay", "unknown")]
    assert "thay_mat: false" in design_spelling[0][2] and "quyen_han" in design_spelling[1][2]
    missing = _issues(KeHoach, {k: v for k, v in PLAN.items() if k != "nguoi_ky"})
    assert missing == [("nguoi_ky", "missing", "thiếu trường bắt buộc")]


def test_rules_spanning_fields():
    assert "không có trên lịch" in _issues(NgayThang, "2027-02-30")[0][2]
    assert "không hiểu ngày" in _issues(NgayThang, "mùng 3")[0][2]
    assert "không ký thay" in _issues(NguoiKy, {"ho_ten": "A", "chuc_vu": "Chủ tịch", "quyen_han": "KT"})[0][2]
    assert "học hàm, học vị" in _issues(NguoiKy, {"ho_ten": "TS. Nguyễn Văn A"})[0][2]
    assert "có 1 ô nhưng bảng có 2 cột" in _issues(PhuLuc, {"tieu_de": "x", "cot": ["a", "b"], "dong": [["1"]]})[0][2]
    # A rule that spans fields runs only once the fields themselves are right: no message about a wrong value.
    assert [k for _, k, _ in _issues(NguoiKy, {"ho_ten": 5.5j})] == ["value"]


def test_a_task_keeps_its_partners_as_one_line_without_the_final_period():
    plan = build(KeHoach, {**PLAN, "phan": [{"tieu_de": "x", "muc": [{"tieu_de": "y", "nhiem_vu": [
        {"noi_dung": "Làm.", "chu_tri": "Sở Ngoại vụ.", "phoi_hop": ["Công an tỉnh", "Sở Tài chính."],
         "thoi_gian": "Quý I/2027."}]}]}]})
    task = plan.phan[0].muc[0].nhiem_vu[0]
    assert (task.chu_tri, task.phoi_hop, task.thoi_gian) == ("Sở Ngoại vụ", "Công an tỉnh, Sở Tài chính", "Quý I/2027")


def test_a_date_reads_from_every_form_the_clerk_writes():
    assert build(NgayThang, dt.date(2027, 3, 9)).as_date() == dt.date(2027, 3, 9)
    assert build(NgayThang, 2027) == NgayThang(nam=2027)
    assert build(NgayThang, "2027-03").yaml_value() == "2027-03"
    assert build(NgayThang, "03/2027") == NgayThang(nam=2027, thang=3)


@pytest.mark.slow
def test_the_render_path_imports_no_validation_library():
    # Start-up time is most of a `kehoach render`; this keeps a heavy dependency from creeping back in.
    code = ("import sys, kehoach_gen.build, kehoach_gen.cli; "
            "print(sorted(m for m in ('pydantic', 'pydantic_core', 'attrs', 'marshmallow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


def test_examples_load():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        assert load_plan(path).phan
