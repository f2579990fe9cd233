"""The clerk's edit loop: identical bytes, no lost work, watch, roll forward, diff, custom templates."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import docx
import pytest
from helpers import EXAMPLES, REPO, run_cli, wait_for_render, watching
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.fields import Invalid, build
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.render.docx import render
from kehoach_gen.render.templates import TemplateSet


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_same_yaml_gives_same_bytes_across_processes_and_clocks(tmp_path):
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "kon-tum-2022.yaml", plan)
    outs = []
    for i, tz in enumerate(("UTC", "Asia/Ho_Chi_Minh")):
        out = tmp_path / f"out{i}.docx"
        env = {**os.environ, "TZ": tz}
        subprocess.run([sys.executable, "-m", "kehoach_gen", "render", str(plan), "-o", str(out)], check=True,
                       env=env, capture_output=True, timeout=120)
        outs.append(_sha(out))
        time.sleep(1.1)
    assert outs[0] == outs[1]


def _big_plan(n: int) -> str:
    items = "\n".join(f"      - tieu_de: Mục {i}\n        noi_dung: |\n" + "\n".join(
        f"          - Nội dung công tác đối ngoại số {i}.{k} bảo đảm hiệu quả, thiết thực." for k in range(8))
        for i in range(1, n + 1))
    return (f"co_quan: Ủy ban nhân dân tỉnh Lai Châu\nso: 5\nngay: 2026-01-05\ntrich_yeu: Kế hoạch lớn\nphan:\n"
            f"  - tieu_de: Nhiệm vụ\n    muc:\n{items}\nnoi_nhan: [Bộ Ngoại giao]\nnguoi_ky:\n  ho_ten: Lò Văn An\n")


@pytest.mark.slow
def test_killed_render_never_leaves_a_broken_docx(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(_big_plan(10), encoding="utf-8")
    assert run_cli("render", str(plan)).returncode == 0
    out = tmp_path / "p.docx"
    small = out.read_bytes()
    plan.write_text(_big_plan(400), encoding="utf-8")
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0, 3.0):
        proc = subprocess.Popen([sys.executable, "-m", "kehoach_gen", "render", str(plan)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with zipfile.ZipFile(out) as z:  # always a whole, readable package
            assert z.testzip() is None
        outcomes.add("old" if out.read_bytes() == small else "new")
        docx.Document(str(out))
        if outcomes == {"new"}:
            break
        for stale in tmp_path.glob(".p.docx.*.tmp"):
            stale.unlink()
    assert outcomes <= {"old", "new"}
    stale = tmp_path / ".p.docx.abandoned.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    plan.write_text(_big_plan(3), encoding="utf-8")
    assert run_cli("render", str(plan), "--force").returncode == 0
    assert not stale.exists()  # the next good write clears what a killed one left behind


@pytest.mark.slow
def test_watch_rerenders_on_save_and_survives_broken_yaml(tmp_path):
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    out = tmp_path / "ke-hoach.docx"
    with watching(tmp_path) as ended:
        first = wait_for_render(out)
        time.sleep(0.3)
        plan.write_text(plan.read_text(encoding="utf-8").replace("so: 1966", "so: 1967"), encoding="utf-8")
        second = wait_for_render(out, first, timeout=20)
        assert second != first
        assert docx.Document(str(out)).tables[0].cell(1, 0).paragraphs[0].text == "Số: 1967/KH-UBND"
        plan.write_text(plan.read_text(encoding="utf-8") + "\nbad: [\n", encoding="utf-8")
        time.sleep(1.5)
        assert out.read_bytes() == second  # the last good document stays
    stdout, stderr = ended["stdout"], ended["stderr"]
    assert ended["returncode"] == 0, stderr
    assert "Traceback" not in stderr
    assert "chưa tạo lại được" in stdout and "cú pháp YAML sai" in stdout
    assert stdout.count("giây") >= 2 and "đã dừng theo dõi" in stdout


@pytest.mark.slow
def test_watch_in_final_mode_writes_only_once_the_leftovers_are_gone(tmp_path):
    plan = tmp_path / "lai-chau-2027.yaml"
    assert run_cli("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", str(plan)).returncode == 0
    out = tmp_path / "lai-chau-2027.docx"
    with watching(plan, "--ban-chinh-thuc") as ended:
        time.sleep(2.5)  # the first render is refused: the starter's signer is a sample name
        assert not out.exists()
        plan.write_text(plan.read_text(encoding="utf-8").replace("Nguyễn Văn A", "Lò Văn Hùng"), encoding="utf-8")
        assert wait_for_render(out, timeout=20)
        time.sleep(1.0)  # the written file is then checked and reported
    stdout = ended["stdout"]
    assert "chưa tạo lại được" in stdout and "[ND-C11]" in stdout and "--ban-chinh-thuc" in stdout
    assert stdout.count("giây") >= 1 and ended["returncode"] == 0


@pytest.mark.slow
def test_roll_forward_keeps_comments_and_lists_changes(tmp_path):
    old = tmp_path / "lai-chau-2023.yaml"
    shutil.copy(EXAMPLES / "lai-chau-2023.yaml", old)
    result = run_cli("new", "--from", str(old), "--nam", "2027")
    assert result.returncode == 0, result.stderr
    new = tmp_path / "lai-chau-2027.yaml"
    text = new.read_text(encoding="utf-8")
    assert "# Dự thảo Kế hoạch" in text  # the clerk's comments survive
    assert "trich_yeu: Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2027" in text
    assert "ngay: 2026-12" in text and "\nso:" in text
    assert "Quyết định 238-QĐ/TU ngày 27/9/2016" in text  # past documents keep their dates
    assert "năm 2023" not in text.split("trich_yeu")[1].split("noi_nhan")[0].replace("2021-2025", "")
    assert "thay đổi" in result.stdout and "'năm 2023' -> 'năm 2027'" in result.stdout
    assert run_cli("render", str(new)).returncode == 0


@pytest.mark.slow
def test_roll_forward_empties_appendix_tables(tmp_path):
    old = tmp_path / "hau-giang-2018.yaml"
    shutil.copy(EXAMPLES / "hau-giang-2018.yaml", old)
    result = run_cli("new", "--from", str(old), "--nam", "2019", "-o", str(tmp_path / "moi.yaml"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "moi.yaml").read_text(encoding="utf-8")
    assert "dong: []" in text and "Hàn Quốc, Năm" not in text
    assert "làm trống bảng phụ lục" in result.stdout


@pytest.mark.slow
def test_roll_forward_can_keep_last_years_appendix_rows(tmp_path):
    """--giu-phu-luc: the delegations often repeat; the rows stay for editing, their years moved, while a
    reviewer's remarks (y_kien) are still left behind."""
    old = tmp_path / "hau-giang-2018.yaml"
    text = (EXAMPLES / "hau-giang-2018.yaml").read_text(encoding="utf-8")
    old.write_text(text + "y_kien:\n  - noi_dung: Xem lại đoàn đi Nam Phi\n", encoding="utf-8")
    result = run_cli("new", "--from", str(old), "--nam", "2019", "--giu-phu-luc", "-o", str(tmp_path / "moi.yaml"))
    assert result.returncode == 0, result.stderr
    assert "giữ các dòng bảng phụ lục năm trước để sửa" in result.stdout
    new = load_plan(tmp_path / "moi.yaml")
    before = load_plan(old)
    assert [len(a.dong) for a in new.phu_luc] == [len(a.dong) for a in before.phu_luc] and new.phu_luc[0].dong
    assert new.phu_luc[0].dong[0][:4] == before.phu_luc[0].dong[0][:4] and new.phu_luc[0].dong[0][4] == "Năm 2019"
    assert new.y_kien == []
    assert run_cli("render", str(tmp_path / "moi.yaml")).returncode == 0
    wrong = run_cli("new", "--tinh", "Lai Châu", "--nam", "2027", "--giu-phu-luc", "-o", str(tmp_path / "x.yaml"))
    assert wrong.returncode == 2 and "--giu-phu-luc chỉ dùng cùng --from" in wrong.stderr


@pytest.mark.slow
def test_diff_names_sections_and_recipients(tmp_path):
    new = tmp_path / "moi.yaml"
    text = (EXAMPLES / "lai-chau-2023.yaml").read_text(encoding="utf-8")
    text = text.replace("  - Bộ Ngoại giao\n", "  - Bộ Ngoại giao\n  - Sở Du lịch\n")
    text = text.replace("đảm bảo tiết kiệm, hiệu quả", "đảm bảo tiết kiệm, thật sự hiệu quả")
    new.write_text(text, encoding="utf-8")
    result = run_cli("diff", str(EXAMPLES / "lai-chau-2023.yaml"), str(new))
    assert result.returncode == 0
    assert "II.10: sửa nội dung" in result.stdout and "{+thật sự+}" in result.stdout
    assert "Nơi nhận: thêm 'Sở Du lịch'" in result.stdout
    same = run_cli("diff", str(EXAMPLES / "lai-chau-2023.yaml"), str(EXAMPLES / "lai-chau-2023.yaml"))
    assert "không có thay đổi" in same.stdout


@pytest.mark.slow
def test_custom_template_folder_overrides_one_file(tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "xem-truoc.html.j2").write_text("<p>MẪU RIÊNG {{ page.summary }}</p>", encoding="utf-8")
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    result = run_cli("preview", str(plan), "--chi-html", "--templates", str(folder), "-o", str(tmp_path / "x"))
    assert result.returncode == 0, result.stderr
    assert "MẪU RIÊNG" in (tmp_path / "x" / "p.html").read_text(encoding="utf-8")
    env = {**os.environ, "KEHOACH_TEMPLATES": str(folder)}
    subprocess.run([sys.executable, "-m", "kehoach_gen", "preview", str(plan), "--chi-html", "-o",
                    str(tmp_path / "y")], env=env, check=True, capture_output=True)
    assert "MẪU RIÊNG" in (tmp_path / "y" / "p.html").read_text(encoding="utf-8")
    assert run_cli("render", str(plan), "--templates", str(folder)).returncode == 0  # kehoach.docx inherited


@pytest.mark.slow
def test_template_error_names_the_template_and_the_tag(tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    template = docx.Document(str(REPO / "templates" / "kehoach.docx"))
    template.add_paragraph("{{ khong_co_bien }}")
    template.save(str(folder / "kehoach.docx"))
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    result = run_cli("render", str(plan), "--templates", str(folder))
    assert result.returncode == 1
    assert str(folder / "kehoach.docx") in result.stderr
    assert "{{ khong_co_bien }}" in result.stderr and "Traceback" not in result.stderr
    sandbox = docx.Document(str(REPO / "templates" / "kehoach.docx"))
    sandbox.add_paragraph("{{ trich_yeu.__class__.__mro__ }}")
    sandbox.save(str(folder / "kehoach.docx"))
    refused = run_cli("render", str(plan), "--templates", str(folder))
    assert refused.returncode == 1 and "không được phép" in refused.stderr


@pytest.mark.slow
def test_broken_custom_template_is_named(tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "kehoach.docx").write_bytes(b"not a docx")
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    result = run_cli("render", str(plan), "--templates", str(folder))
    assert result.returncode == 1 and "mẫu không mở được" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_debug_shows_the_traceback(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text("", encoding="utf-8")
    assert "Traceback" not in run_cli("render", str(plan)).stderr
    assert "Traceback" in run_cli("--debug", "render", str(plan)).stderr


TEXT = st.text(min_size=1, max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=TEXT, para=TEXT, recipient=TEXT, signer=TEXT, cell=TEXT)
def test_any_unicode_text_gives_a_docx_python_docx_reopens(tmp_path_factory, summary, para, recipient, signer, cell):
    try:
        plan = build(KeHoach, {
            "co_quan": "Ủy ban nhân dân tỉnh Lai Châu", "so": 3, "ngay": "2026-02-03", "trich_yeu": summary,
            "phan": [{"tieu_de": para, "noi_dung": [para, f"- {para}"], "muc": [{"tieu_de": para}]}],
            "noi_nhan": [recipient], "nguoi_ky": {"ho_ten": signer},
            "phu_luc": [{"tieu_de": cell, "cot": [cell, "B"], "dong": [[cell, cell]]}],
        })
    except Invalid:
        return
    data = render(compose(plan))
    path = tmp_path_factory.mktemp("h") / "x.docx"
    path.write_bytes(data)
    reopened = docx.Document(str(path))
    assert reopened.tables[0].cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=400), st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t%@`,.?")),
                                                    max_size=200)))
def test_any_text_as_yaml_gives_a_plan_or_located_problems(text):
    from kehoach_gen.errors import PlanInvalid
    from kehoach_gen.plan.loader import load_plan_text

    try:
        load_plan_text(text, "x.yaml")
    except PlanInvalid as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@pytest.mark.slow
def test_watch_a_single_file(tmp_path):
    plan = tmp_path / "mot.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    (tmp_path / "khac.yaml").write_text("khong: phai\n", encoding="utf-8")
    out = tmp_path / "mot.docx"
    with watching(plan) as ended:
        first = wait_for_render(out)
        time.sleep(0.3)
        plan.write_text(plan.read_text(encoding="utf-8").replace("so: 1966", "so: 1970"), encoding="utf-8")
        (tmp_path / "khac.yaml").write_text("khong: doi\n", encoding="utf-8")  # another file: ignored
        assert wait_for_render(out, first, timeout=20) != first
    assert ended["returncode"] == 0 and "Traceback" not in ended["stderr"]
    assert "khac" not in ended["stdout"] and not (tmp_path / "khac.docx").exists()


def test_tags_in_a_custom_templates_header_and_properties_are_rendered(tmp_path):
    """The renderer skips header parts and properties without a '{'; one with a tag, even split across
    runs as Word saves it, is still filled."""
    folder = tmp_path / "mau"
    folder.mkdir()
    template = docx.Document(str(REPO / "templates" / "kehoach.docx"))
    para = template.sections[0].header.add_paragraph()
    para.add_run("Ký hiệu: {")
    para.add_run("{ so_ky_hieu }}")
    template.core_properties.identifier = "{{ so_ky_hieu }}"
    template.save(str(folder / "kehoach.docx"))
    page = compose(load_plan(EXAMPLES / "phu-tho-2022.yaml"))
    out = tmp_path / "x.docx"
    out.write_bytes(render(page, TemplateSet([folder])))
    rendered = docx.Document(str(out))
    header = "\n".join(p.text for p in rendered.sections[0].header.paragraphs)
    assert f"Ký hiệu: {page.number_line}" in header
    assert rendered.core_properties.identifier == page.number_line
    bundled = docx.Document(str(REPO / "templates" / "kehoach.docx"))
    assert "{" not in "".join(p.text for p in bundled.sections[0].header.paragraphs)  # the skip applies there


def test_roll_forward_keeps_the_comment_on_the_date_line_and_lists_only_real_changes(tmp_path):
    new = tmp_path / "moi.yaml"
    result = run_cli("new", "--from", str(EXAMPLES / "lai-chau-2023.yaml"), "--nam", "2023", "-o", str(new))
    assert result.returncode == 0, result.stderr
    comments = [ln.split("#", 1)[1] for ln in (EXAMPLES / "lai-chau-2023.yaml").read_text(encoding="utf-8")
                .splitlines() if "#" in ln]
    text = new.read_text(encoding="utf-8")
    assert all(c in text for c in comments)
    assert not re.search(r"'([^']*)' -> '\1'", result.stdout)


def test_roll_forward_leaves_an_impossible_date_where_it_stands_and_says_so_at_its_line(tmp_path):
    """'tháng 13/2018' moved to 'tháng 13/2019' would carry the slip into the new plan unnoticed; the date
    meant is the clerk's to say, so it stays as typed and is listed at its line."""
    old = tmp_path / "hau-giang-2018.yaml"
    text = (EXAMPLES / "hau-giang-2018.yaml").read_text(encoding="utf-8").replace(
        "định kỳ hàng quý, 06 tháng, hàng năm, tổng hợp",
        "hoàn thành trước tháng 13/2018, chậm nhất ngày 31/02/2018 và trước ngày 29/02/2019, tổng hợp")
    old.write_text(text, encoding="utf-8")
    line = next(no for no, ln in enumerate(text.split("\n"), start=1) if "tháng 13/2018" in ln)
    new = tmp_path / "moi.yaml"
    result = run_cli("new", "--from", str(old), "--nam", "2019", "-o", str(new))
    assert result.returncode == 0, result.stderr
    rolled = new.read_text(encoding="utf-8")
    assert "trước tháng 13/2018, chậm nhất ngày 31/02/2018 và trước ngày 29/02/2019," in rolled
    assert f"dòng {line}: giữ nguyên 'tháng 13/2018': không có tháng 13; hãy sửa lại ngày này" in result.stdout
    assert f"dòng {line}: giữ nguyên 'ngày 31/02/2018': không có ngày 31 tháng 2" in result.stdout
    assert f"dòng {line}: giữ nguyên 'ngày 29/02/2019': năm 2019 không có ngày 29 tháng 2" in result.stdout
    assert "13/2019" not in result.stdout and "13/2019" not in rolled
