"""The real `kehoach` commands, as a clerk runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLES, REPO, run_cli

from kehoach_gen.facts import provinces
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.render.docx import render
from kehoach_gen.start.starter import starter_text


@pytest.mark.slow
def test_help_is_vietnamese_and_lists_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for cmd in ("render", "validate", "new", "schema", "check"):
        assert cmd in result.stdout
    assert "Nghị định 30/2020/NĐ-CP" in result.stdout
    assert "Cách dùng:" in result.stdout and "Show this message" not in result.stdout
    sub = run_cli("render", "--help")
    assert "Tùy chọn:" in sub.stdout and "In hướng dẫn này rồi thoát." in sub.stdout


@pytest.mark.slow
def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "kehoach"
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("kehoach ")


@pytest.mark.slow
def test_usage_errors_exit_2_in_vietnamese():
    result = run_cli("render")
    assert result.returncode == 2 and "thiếu tham số" in result.stderr
    result = run_cli("render", "x.yaml", "--khong-co")
    assert result.returncode == 2 and "không có tùy chọn" in result.stderr


@pytest.mark.slow
def test_render_writes_docx_beside_the_yaml(tmp_path):
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(EXAMPLES / "binh-thuan-2023.yaml", plan)
    result = run_cli("render", str(plan))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "ke-hoach.docx"
    assert out.is_file() and str(out) in result.stdout
    assert out.stat().st_mode & 0o044 == 0o044  # readable by the office, as a plain save would be
    assert docx.Document(str(out)).tables[0].cell(1, 0).paragraphs[0].text == "Số: 91/KH-UBND"
    again = run_cli("render", str(plan))
    assert "không thay đổi" in again.stdout


@pytest.mark.slow
def test_render_many_into_a_folder(tmp_path):
    result = run_cli("render", *[str(p) for p in sorted(EXAMPLES.glob("*.yaml"))], "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == sorted(
        p.stem + ".docx" for p in EXAMPLES.glob("*.yaml"))


@pytest.mark.slow
def test_two_plans_with_one_name_are_refused_for_one_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        shutil.copy(EXAMPLES / "phu-tho-2022.yaml", tmp_path / d / "ke-hoach.yaml")
    result = run_cli("render", str(tmp_path / "a" / "ke-hoach.yaml"), str(tmp_path / "b" / "ke-hoach.yaml"),
                     "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "cùng tên" in result.stderr


@pytest.mark.slow
def test_hand_edited_document_is_never_overwritten(tmp_path):
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    assert run_cli("render", str(plan)).returncode == 0
    out = tmp_path / "p.docx"
    edited = docx.Document(str(out))
    edited.add_paragraph("Ý kiến sửa tay của lãnh đạo")
    edited.save(str(out))
    before = out.read_bytes()
    result = run_cli("render", str(plan))
    assert result.returncode == 1
    assert "đã được sửa" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == before
    forced = run_cli("render", str(plan), "--force")
    assert forced.returncode == 0, forced.stderr
    backup = tmp_path / "p.bak.docx"
    assert backup.read_bytes() == before and "bản cũ" in forced.stdout


@pytest.mark.slow
def test_render_refuses_output_that_breaks_nd30(tmp_path):
    """A template restyled wrongly (Arial body) makes render exit 3, keep the file and say why."""
    custom = tmp_path / "mau"
    custom.mkdir()
    template = docx.Document(str(REPO / "templates" / "kehoach.docx"))
    style = template.styles["KH Đoạn văn"]
    style.font.name = "Arial"
    template.save(str(custom / "kehoach.docx"))
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", plan)
    result = run_cli("render", str(plan), "--templates", str(custom))
    assert result.returncode == 3
    assert "[ND30-R07a]" in result.stderr and "Arial" in result.stderr
    assert (tmp_path / "p.docx").is_file()


@pytest.mark.slow
def test_schema_is_json_schema_of_the_plan():
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "KeHoach"
    for key in ("co_quan", "trich_yeu", "phan", "noi_nhan", "nguoi_ky", "phu_luc", "chu_thich"):
        assert key in schema["properties"]
    assert set(schema["required"]) >= {"co_quan", "trich_yeu", "phan", "noi_nhan", "nguoi_ky"}


@pytest.mark.slow
def test_every_example_and_starter_validates_against_the_schema(tmp_path):
    import jsonschema
    import yaml

    schema = json.loads(run_cli("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
    texts.append(starter_text("Lai Châu", 2027, "x.yaml"))
    for text in texts:
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))
        errors = sorted(validator.iter_errors(data), key=str)
        assert errors == [], [e.message for e in errors[:3]]
    bad = validator.iter_errors({"co_quan": "x", "trich_yue": "y"})
    assert any("trich_yeu" in e.message or "trich_yue" in e.message for e in bad)


def test_there_are_34_current_provinces():
    units = provinces.current()
    assert len(units) == 34
    assert sum(1 for p in units if p.kind == "thành phố") == 6
    names = {p.name for p in units}
    assert {"Hà Nội", "Hồ Chí Minh", "Huế", "Lai Châu", "Cà Mau"} <= names
    assert "Hậu Giang" not in names  # merged into Cần Thơ on 1 July 2025


@pytest.mark.parametrize("province", [p.name for p in provinces.current()])
def test_new_plan_for_every_province_validates_and_renders(province):
    text = starter_text(province, 2027, "x.yaml")
    plan = load_plan_text(text)
    assert plan.trich_yeu.endswith("năm 2027")
    data = render(compose(plan))
    assert data[:2] == b"PK"


@pytest.mark.slow
def test_new_command_writes_a_commented_plan_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "lai-chau-2027.yaml"
    result = run_cli("new", "--tinh", "lai chau", "--nam", "2027", "-o", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "co_quan: Ủy ban nhân dân tỉnh Lai Châu" in text and "# " in text
    assert run_cli("render", str(target)).returncode == 0
    again = run_cli("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", str(target))
    assert again.returncode == 1 and "đã có" in again.stderr
    bad = run_cli("new", "--tinh", "Hậu Giang", "--nam", "2027", "-o", str(tmp_path / "x.yaml"))
    assert bad.returncode == 1 and "đã nhập vào thành phố Cần Thơ từ 01/7/2025" in bad.stderr


@pytest.mark.slow
def test_new_default_path_and_city(tmp_path):
    result = run_cli("new", "--tinh", "Hồ Chí Minh", "--nam", "2027", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "drafts" / "ho-chi-minh-2027.yaml"
    assert path.is_file()
    rendered = run_cli("render", str(path), cwd=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    header = docx.Document(str(path.with_suffix(".docx"))).tables[0]
    assert header.cell(0, 0).paragraphs[1].text == "THÀNH PHỐ HỒ CHÍ MINH"
    assert header.cell(1, 1).paragraphs[0].text.startswith("Thành phố Hồ Chí Minh, ngày")


@pytest.mark.slow
def test_output_has_no_python_docx_traces(tmp_path):
    plan = tmp_path / "p.yaml"
    shutil.copy(EXAMPLES / "kon-tum-2022.yaml", plan)
    run_cli("render", str(plan))
    with zipfile.ZipFile(tmp_path / "p.docx") as z:
        core = z.read("docProps/core.xml").decode()
        names = z.namelist()
    assert "python-docx" not in core and "2013-12-23" not in core
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names


@pytest.mark.slow
def test_a_number_out_of_range_is_refused_in_vietnamese(tmp_path):
    result = run_cli("new", "--tinh", "Lai Châu", "--nam", "27", "-o", str(tmp_path / "x.yaml"))
    assert result.returncode == 2 and "27 nằm ngoài khoảng 2000-2200" in result.stderr
    assert "is not in the range" not in result.stderr and not (tmp_path / "x.yaml").exists()
