"""The forms of ND30 written once (kehoach_gen/facts/nd30.py): where copies of a form used to disagree, the one
kept is the one the page and real documents want; each edge is pinned here, through the stage that reads it."""

from __future__ import annotations

import pytest
from test_check_rules import good_bytes  # noqa: F401  (a fixture)
from test_validation import MINIMAL

from kehoach_gen.build import build
from kehoach_gen.check import check_file
from kehoach_gen.content.paragraphs import check_paragraphs
from kehoach_gen.facts import nd30
from kehoach_gen.importer import import_file
from kehoach_gen.importer.assemble import assemble
from kehoach_gen.importer.plaintext import parse as parse_text


@pytest.mark.parametrize(("text", "form", "groups"), [
    ("I. MỤC ĐÍCH, YÊU CẦU", nd30.MUC, ("I", "MỤC ĐÍCH, YÊU CẦU")),
    ("II.NHIỆM VỤ", nd30.MUC, ("II", "NHIỆM VỤ")),  # a missing space is still the heading a reader sees
    ("3. Sở Tư pháp", nd30.KHOAN, ("3", "Sở Tư pháp")),
    ("đ) Tổ chức hội nghị", nd30.DIEM, ("đ", "Tổ chức hội nghị")),
    ("aa) Điểm thứ 24", nd30.DIEM, ("aa", "Điểm thứ 24")),  # after y), as the renderer letters it
    ("2.3.1. Tiếp đón đoàn", nd30.DECIMAL, ("2.3.1", "Tiếp đón đoàn")),
    ("1.2. Tổ chức đoàn ra", nd30.TASK, ("1", "2", "Tổ chức đoàn ra")),
    ("Phần II", nd30.CENTRED_HEADING, ("Phần", "II")),
])
def test_the_printed_forms_read_their_parts(text, form, groups):
    m = form.match(text)
    assert m is not None and m.groups() == groups


@pytest.mark.parametrize(("text", "form"), [
    ("1.000 người tham gia các hoạt động", nd30.DECIMAL),  # a thousand, not a division 1.0
    ("2026. Năm của kế hoạch", nd30.KHOAN),  # a year opening a sentence, not khoản 2026
    ("a)", nd30.DIEM),  # a letter with nothing after it opens nothing
    ("1.2.3. Tiếp đón", nd30.TASK),  # deeper than a plan's task: a paragraph, not task 2 of khoản 1
])
def test_what_only_looks_like_a_number_is_not_one(text, form):
    assert form.match(text) is None


def test_the_number_forms_a_clerk_types_are_built_from_the_same_pieces():
    for typed in ("I. ", "II: ", "1.2. ", "3) ", "b) ", "aa) "):
        assert nd30.NUMBER_AT_START.match(typed + "Nội dung"), typed
    assert nd30.NUMBER_MARK.match("IV.") and nd30.NUMBER_MARK.match("1.2)") and nd30.NUMBER_MARK.match("b)")


def test_a_24th_point_renders_as_aa_and_imports_back_as_a_point(tmp_path):
    """The renderer letters a 24th point 'aa)' (nothing in ND30 after y); the importer read one letter only,
    so a plan with 24 points did not import back; all stages read the same letters now."""
    points = "\n".join(f"          - Điểm số {i + 1} của mục." for i in range(24))
    plan = tmp_path / "diem.yaml"
    plan.write_text(MINIMAL.replace("    noi_dung: Nội dung.\n", "    muc:\n      - tieu_de: Nhiệm vụ\n        diem:\n"
                                    f"{points}\n"), encoding="utf-8")
    result = build(plan, tmp_path / "diem.docx")
    # the checker reads 'aa)' after 'y)' in order: only its note that ND30 shows no letter after i)
    assert [f.code for f in check_file(result.output).findings if f.rule == "ND30-R31"] == ["ND30-R31e"]
    back = import_file(result.output).plan
    assert [len(m.diem) for m in back.phan[0].muc] == [24]
    assert back.phan[0].muc[0].diem[23].noi_dung == ["Điểm số 24 của mục."]


def test_a_task_deeper_than_the_plan_holds_stays_a_paragraph():
    """'1.2.3.' is one decimal level deeper than a plan's tasks: kept as the text it is, not read as task 2."""
    src = parse_text("\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "Số: 12/KH-UBND", "Lai Châu, ngày 09 tháng 3 năm 2026",
        "KẾ HOẠCH", "Công tác đối ngoại năm 2026", "I. NHIỆM VỤ", "1. Đoàn ra", "1.1. Tổ chức đoàn ra.",
        "1.1.1. Chuẩn bị hồ sơ đoàn.", "Nơi nhận:", "- Bộ Ngoại giao;", "- Lưu: VT.", "CHỦ TỊCH", "Trần Văn Bình"]),
        "x.txt")
    plan = assemble(src)
    [task] = plan["phan"][0]["muc"][0]["nhiem_vu"]
    assert task["noi_dung"] == ["Tổ chức đoàn ra.", "1.1.1. Chuẩn bị hồ sơ đoàn."]


def test_a_heading_without_its_space_starts_the_body_for_the_content_checks():
    """The content checks read the opening (where a plan names its years) up to the first 'I.' heading;
    'I.MỤC ĐÍCH' opens the body as 'I. MỤC ĐÍCH' does, as the layout checker reads it."""
    texts = ["Lai Châu, ngày 09 tháng 3 năm 2026", "KẾ HOẠCH", "Công tác đối ngoại năm 2026",
             "I.MỤC ĐÍCH", "Trong năm 2027, tổ chức 3 đoàn ra theo Kế hoạch này (phụ lục kèm theo năm 2025)."]
    spaced = [t.replace("I.MỤC", "I. MỤC") for t in texts]
    assert [f.code for f in check_paragraphs(texts)] == [f.code for f in check_paragraphs(spaced)]


@pytest.mark.parametrize(("year", "month", "day"), [(2026, 1, 5), (2026, 12, None), (2027, None, None)])
def test_the_date_line_reads_back_what_it_writes(year, month, day):
    line = nd30.date_line("Thành phố Hồ Chí Minh", year, month, day)
    assert nd30.read_date_line(line) == nd30.IssueDate("Thành phố Hồ Chí Minh", year, month, day)
    if day is not None:
        assert nd30.DATE_LINE.match(line) and not nd30.DRAFT_DATE_LINE.match(line)
    else:
        assert nd30.DRAFT_DATE_LINE.match(line)


def test_a_line_that_goes_on_after_its_date_is_read_only_when_asked():
    assert nd30.read_date_line("Lai Châu, ngày 05 tháng 3 năm 2026 (dự thảo)") is None
    assert nd30.read_date_line("Lai Châu, ngày 05 tháng 3 năm 2026 (dự thảo)", whole=False) == \
        nd30.IssueDate("Lai Châu", 2026, 3, 5)


def test_every_reader_of_the_date_line_reads_it_alike():
    """The content checks, the review tools (the văn thư's date typed in Word) and the importer read one form."""
    from kehoach_gen.facts import textdates
    from kehoach_gen.review.wordedits import stamp

    line = "Lai Châu, ngày 05 tháng 01 năm 2027"
    assert textdates.issue_line(line) == (2027, 1, 5)
    assert textdates.issue_line("Lai Châu, ngày   tháng 12 năm 2026") == (2026, 12, None)
    edits = stamp("Lai Châu, ngày      tháng 01 năm 2027", line)
    assert edits is not None and [(e.key, e.text) for e in edits] == [("ngay", "2027-01-05")]
    assert stamp("Lai Châu, ngày      tháng 01 năm 2027", "Lai Châu, ngày 31 tháng 02 năm 2027") is None
    src = parse_text("\n".join(["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "Số: 12/KH-UBND", line, "KẾ HOẠCH",
                                "Công tác đối ngoại năm 2027", "I. NHIỆM VỤ", "Nội dung.", "Nơi nhận:",
                                "- Bộ Ngoại giao;", "- Lưu: VT.", "CHỦ TỊCH", "Trần Văn Bình"]), "x.txt")
    plan = assemble(src)
    assert plan["ngay"] == "2027-01-05"


def _appendix_headed(data, tmp_path, heading):
    import io

    import docx
    from test_check_rules import para, set_text

    document = docx.Document(io.BytesIO(data))
    set_text(para(document, "Phụ lục II"), heading)
    path = tmp_path / "pl.docx"
    document.save(str(path))
    return check_file(path)


def test_an_appendix_headed_as_real_documents_print_it_is_read_and_its_form_reported(good_bytes, tmp_path):  # noqa: F811
    """'PHỤ LỤC SỐ 02' opened an appendix for the content checks but not for the layout checker, which then
    checked nothing of it; both read it now, and the checker reports its case and its number."""
    report = _appendix_headed(good_bytes, tmp_path, "PHỤ LỤC SỐ 02")
    found = {(f.code, f.where, f.found) for f in report.findings if f.rule in ("ND30-R42", "ND30-R43")}
    assert ("ND30-R43a", "phụ lục 2, đoạn 1", "PHỤ LỤC SỐ 02") in found
    assert ("ND30-R42b", "phụ lục 2, đoạn 1", "PHỤ LỤC SỐ 02") in found


def test_a_right_numeral_in_capitals_is_reported_once_for_its_case(good_bytes, tmp_path):  # noqa: F811
    report = _appendix_headed(good_bytes, tmp_path, "PHỤ LỤC II")
    assert [f.code for f in report.findings if f.rule in ("ND30-R42", "ND30-R43")] == ["ND30-R43a"]


def test_a_title_the_checker_reads_as_a_heading_is_refused():
    from kehoach_gen.errors import PlanInvalid
    from kehoach_gen.plan.loader import load_plan_text

    plan = MINIMAL.replace("    noi_dung: Nội dung.", "    noi_dung: Nội dung (chi tiết tại Phụ lục kèm theo).") + \
        "phu_luc:\n  - tieu_de: Phụ lục số 2\n    cot: [TT, Nội dung]\n    dong: [[1, Xúc tiến]]\n"
    with pytest.raises(PlanInvalid, match="máy tự ghi"):
        load_plan_text(plan)
