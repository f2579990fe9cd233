"""kehoach check on documents we did not make, on hostile files, and its command-line contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import handmade
import pytest
from docx.shared import Mm
from helpers import EXAMPLES, run_cli

from kehoach_gen.check import DocxUnreadable, check_file


def test_hand_typed_word_file_reports_what_is_wrong_and_nothing_else(tmp_path):
    path = handmade.build(tmp_path / "tay.docx")
    report = check_file(path)
    assert report.rules_fired() == {"ND30-R12", "ND30-R25"}, [f.render("tay") for f in report.findings]
    indents = [f for f in report.findings if f.rule == "ND30-R25"]
    # Ten typed spaces show a 1.2 cm indent: right to the eye, fragile in the file. Title lines are
    # not held to the body's indent.
    assert len(indents) == len([t for t, bold in handmade.BODY if not bold])
    assert all("dấu cách" in f.found and f.severity == "W" for f in indents)
    grid = [f for f in report.findings if f.rule == "ND30-R12"]
    assert grid[0].severity == "W" and "viền" in grid[0].message


def test_hand_typed_file_with_real_indents_passes(tmp_path):
    path = handmade.build(tmp_path / "tay.docx", indent_with_spaces=False)
    assert check_file(path).errors == []


@pytest.mark.slow
def test_libreoffice_resaved_plan_still_passes(tmp_path, rendered):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(rendered["kon-tum-2022"])],
                   check=True, capture_output=True, timeout=180)
    resaved = tmp_path / "lo" / "kon-tum-2022.docx"
    assert resaved.is_file()
    ours = {(f.rule, f.severity) for f in check_file(rendered["kon-tum-2022"]).findings}
    theirs = {(f.rule, f.severity) for f in check_file(resaved).findings}
    assert [f for f in check_file(resaved).errors] == []
    assert theirs == ours


def _bomb(path, size_mb: int) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size_mb):
                fh.write(chunk)


@pytest.mark.slow
@pytest.mark.parametrize(("make", "fragment"), [
    (lambda p: p.write_bytes(b"not a zip at all"), "không phải tệp .docx"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), "Word 97-2003"),
    (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "bị hỏng"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "x"), "thiếu phần bắt buộc"),
    (lambda p: _bomb(p, 300), "không mở"),
])
def test_hostile_files_get_a_clear_error(tmp_path, make, fragment):
    path = tmp_path / "x.docx"
    make(path)
    with pytest.raises(DocxUnreadable) as exc:
        check_file(path)
    assert fragment in str(exc.value)
    result = run_cli("check", str(path))
    assert result.returncode == 1 and fragment in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_zip_bomb_is_refused_without_inflating(tmp_path):
    path = tmp_path / "bomb.docx"
    _bomb(path, 300)
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.process_time()
    with pytest.raises(DocxUnreadable):
        check_file(path)
    assert time.process_time() - start < 5  # the refusal reads the directory only, never inflates


@pytest.mark.slow
def test_check_exit_codes_and_json(tmp_path, rendered):
    good = run_cli("check", str(rendered["hau-giang-2018"]))
    assert good.returncode == 0 and "0 lỗi" in good.stdout
    warn = run_cli("check", str(rendered["lai-chau-2023"]))
    assert warn.returncode == 0 and "cảnh báo" in warn.stdout
    strict = run_cli("check", "--strict", str(rendered["lai-chau-2023"]))
    assert strict.returncode == 3
    bad = handmade.build(tmp_path / "tay.docx")
    document = docx.Document(str(bad))
    document.sections[0].left_margin = Mm(25)
    document.save(str(bad))
    result = run_cli("check", str(bad), "--json")
    assert result.returncode == 3
    data = json.loads(result.stdout)
    assert data["errors"] == 1 and data["files"][0]["kind"] == "Kế hoạch"
    finding = data["files"][0]["findings"][0]
    assert set(finding) == {"rule", "code", "title", "severity", "where", "message", "found", "expected"}
    assert (finding["rule"], finding["code"], finding["title"]) == ("ND30-R05", "ND30-R05a", "lề trái từ 30 đến 35 mm")
    text = run_cli("check", str(bad))
    lines = text.stdout.splitlines()
    assert lines[0] == f"{bad}: Kế hoạch của Ủy ban nhân dân tỉnh Lai Châu"  # what the file is, first
    assert f"{bad}: thiết lập trang, phân đoạn 1: [ND30-R05a] lề trái từ 30 đến 35 mm (đang: 25.0 mm; " \
           "đúng: từ 30 đến 35 mm)" in lines
    assert f"{bad}: đoạn 3 (phần I, mục 1): '- Đẩy mạnh các hoạt động đối ngoại phục…': [ND30-R25d] cảnh báo:" \
        in text.stdout
    assert run_cli("check").returncode == 2
    missing = run_cli("check", str(tmp_path / "khong-co.docx"))
    assert missing.returncode == 1 and "không tìm thấy" in missing.stderr


@pytest.mark.slow
def test_yaml_given_to_check_is_explained(tmp_path):
    result = run_cli("check", str(EXAMPLES / "lai-chau-2023.yaml"))
    assert result.returncode == 1 and "không phải tệp .docx" in result.stderr


@pytest.mark.slow
def test_check_a_folder(tmp_path, rendered):
    for name in ("kon-tum-2022", "phu-tho-2022"):
        shutil.copy(rendered[name], tmp_path / f"{name}.docx")
    (tmp_path / "~$kon-tum-2022.docx").write_bytes(b"lock")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(" lỗi, ") == 2
    # then one summary line per file a clerk can read down: name, kind, errors, warnings
    summary = result.stdout.split("Tổng hợp 2 tệp:")[1].splitlines()
    rows = [line.split() for line in summary if line.strip().startswith(("kon-tum", "phu-tho"))]
    assert [(r[0], r[1], r[-2]) for r in rows] == [("kon-tum-2022.docx", "Kế", "0"), ("phu-tho-2022.docx", "Kế", "0")]


@pytest.mark.slow
def test_check_a_folder_into_a_closed_pipe_is_quiet():
    """`kehoach check thu-muc/ | head -1`: no traceback when the reader stops reading."""
    corpus = Path(__file__).resolve().parent / "fixtures" / "corpus" / "docx"
    proc = subprocess.Popen([sys.executable, "-m", "kehoach_gen", "check", str(corpus), str(corpus), str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().decode()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 3)
    assert "Kế hoạch của Ủy ban nhân dân tỉnh Lâm Đồng" in first
    assert err == ""
