"""kehoach import: the five seed texts, our own .docx (round trip), a hand-typed Word file, bad inputs."""

from __future__ import annotations

import datetime as dt
import shutil

import docx
import handmade
import pytest
from helpers import EXAMPLE_NAMES, EXAMPLES, SEEDS, docx_text, in_order_ratio, run_cli, seed_document_text, words

from kehoach_gen.build import build
from kehoach_gen.errors import KehoachError
from kehoach_gen.importer import import_file
from kehoach_gen.plan.compose import compose
from kehoach_gen.plan.loader import load_plan

RECIPIENTS = {
    "hau-giang-2018": ["Ban Đối ngoại Trung ương", "Văn phòng Chính phủ", "Bộ Ngoại giao", "TT: TU, HĐND, UBND tỉnh",
                       "Các Ban của đảng", "UBMTTQVN tỉnh và các đoàn thể tỉnh", "Các sở, ban, ngành tỉnh",
                       "Cơ quan Báo, Đài tỉnh", "UBND huyện, thị xã, thành phố"],
    "lai-chau-2023": ["Văn phòng Chính phủ", "Ban Đối ngoại Trung ương", "Bộ Ngoại giao", "TT. Tỉnh ủy (B/c)",
                      "TT. HĐND tỉnh (B/c)", "UBND tỉnh: U", "Cục Ngoại vụ, Bộ Ngoại giao",
                      "Các sở, ban, ngành, đoàn thể tỉnh", "UBND các huyện, thành phố",
                      "Liên hiệp các tổ chức hữu nghị tỉnh", "VP UBND tỉnh: V, C"],
    "binh-thuan-2023": ["Bộ Ngoại giao", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
                        "Mặt trận và các tổ chức chính trị - xã hội", "Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy",
                        "Cơ quan chuyên môn thuộc UBND tỉnh", "UBND các huyện, thị xã, thành phố"],
}

HEADER = {
    # name: (issuing body, number, (year, month, day), trích yếu, signer, authority lines, archive); a trích
    # yếu printed in capitals is written in normal case (ND30, which validation holds to), with a note.
    "phu-tho-2022": ("Ủy ban nhân dân tỉnh Phú Thọ", 1966, (2022, 5, 31),
                     "Hoạt động đối ngoại tỉnh Phú Thọ giai đoạn 2022 - 2025", "Phan Trọng Tấn",
                     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["VT"]),
    "hau-giang-2018": ("Ủy ban nhân dân tỉnh Hậu Giang", 33, (2018, 3, 13),
                       "Công tác đối ngoại trên địa bàn tỉnh Hậu Giang năm 2018", "Đồng Văn Thanh",
                       ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["VT", "NV. TP"]),
    "lai-chau-2023": ("Ủy ban nhân dân tỉnh Lai Châu", None, (2022, 12, None),
                      "Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2023", "Hà Trọng Hải",
                      ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["VT", "Th3"]),
    "kon-tum-2022": ("Ủy ban nhân dân tỉnh Kon Tum", 952, (2022, 4, 5), "[Cần bổ sung trích yếu]",
                     "[Họ và tên người ký]", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["VT"]),
    "binh-thuan-2023": ("Ủy ban nhân dân tỉnh Bình Thuận", 91, (2023, 1, 10),
                        "Triển khai thực hiện Chỉ thị số 12-CT/TW, ngày 05/01/2022 của Ban Bí thư Trung ương Đảng về tăng "
                        "cường sự lãnh đạo của Đảng, nâng cao hiệu quả công tác đối ngoại Nhân dân trong tình hình mới",
                        "Nguyễn Minh", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["VT", "KGVXNV (Trình)"]),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("imported")
    results = {}
    for name in EXAMPLE_NAMES:
        result = import_file(SEEDS / f"{name}.txt")
        path = out / f"{name}.yaml"
        path.write_text(result.yaml_text, encoding="utf-8")
        results[name] = (result, build(path).output)
    return results


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_seed_import_renders_with_the_seed_words_in_order(name, imported):
    _, docx_path = imported[name]
    ratio = in_order_ratio(words(seed_document_text(name)), words(docx_text(docx_path)))
    print(f"{name}: imported and rendered, {ratio:.4f} of the seed's words in order")
    assert ratio >= 0.99


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_seed_header_fields_are_exact(name, imported):
    result, _ = imported[name]
    plan, page = result.plan, compose(result.plan)
    body, number, (y, m, d), summary, signer, authority, archive = HEADER[name]
    assert plan.co_quan == body
    assert plan.so == number
    assert (plan.ngay.nam, plan.ngay.thang, plan.ngay.ngay) == (y, m, d)
    assert plan.trich_yeu == summary
    capitals = [w for w in result.warnings if "viết hoa toàn bộ" in w.message and "trích yếu" in w.message]
    assert len(capitals) == (1 if name in ("phu-tho-2022", "binh-thuan-2023") else 0)
    assert all(w.line for w in capitals)
    assert plan.nguoi_ky.ho_ten == signer
    assert page.authority == authority
    assert plan.luu == archive
    if name in RECIPIENTS:
        assert plan.noi_nhan == RECIPIENTS[name]
    else:
        assert plan.noi_nhan == ["[Cần bổ sung nơi nhận]"]


def test_kon_tum_footnotes_are_extracted_exactly(imported):
    result, _ = imported["kon-tum-2022"]
    seed = (SEEDS / "kon-tum-2022.txt").read_text(encoding="utf-8").splitlines()
    notes = {int(line[1]): line[4:].strip() for line in seed if line[:1] == "(" and line[2:4] == ") "}
    assert set(notes) == {1, 2, 3, 4, 5, 6}
    assert result.plan.chu_thich == notes
    texts = " ".join(t for p in result.plan.phan for m in p.muc for t in m.noi_dung)
    assert all(f"[^{n}]" in texts for n in notes)


def test_seed_debris_and_gaps_are_reported_with_lines(imported):
    result, _ = imported["kon-tum-2022"]
    messages = [(w.line, w.message) for w in result.warnings]
    assert any(line == 100 and "Ý kiến bạn đọc" in msg for line, msg in messages)
    assert any(line == 43 and "thiếu mục 4" in msg for line, msg in messages)
    assert all(w.line for w in result.warnings)
    hg, _ = imported["hau-giang-2018"]
    assert any("KH hoat dong doi ngoai 2018" in w.message and w.line == 154 for w in hg.warnings)
    assert "KH hoat dong" not in hg.yaml_text.split("co_quan:")[1]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_round_trip_of_our_own_docx_gives_an_equal_model(name, rendered):
    result = import_file(rendered[name])
    assert result.plan == load_plan(EXAMPLES / f"{name}.yaml")


@pytest.mark.slow
def test_libreoffice_resaved_plan_imports_to_the_same_model(tmp_path, rendered):
    """A re-save changes style ids and footnote ids (LibreOffice numbers notes from 2); the plan does not."""
    import subprocess

    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(rendered["kon-tum-2022"])],
                   check=True, capture_output=True, timeout=180)
    result = import_file(tmp_path / "lo" / "kon-tum-2022.docx")
    assert result.plan == load_plan(EXAMPLES / "kon-tum-2022.yaml")


def test_starter_plan_round_trips(tmp_path):
    from kehoach_gen.start.starter import starter_text

    plan = tmp_path / "moi.yaml"
    plan.write_text(starter_text("Hà Nội", 2027, plan.name), encoding="utf-8")
    result = import_file(build(plan).output)
    assert result.plan == load_plan(plan)


def test_hand_typed_word_file_imports(tmp_path):
    path = handmade.build(tmp_path / "tay.docx", indent_with_spaces=False)
    result = import_file(path)
    plan = result.plan
    assert plan.co_quan == "Ủy ban nhân dân tỉnh Lai Châu"
    assert (plan.so, plan.ngay.as_date()) == (25, dt.date(2026, 1, 5))
    assert plan.trich_yeu == "Công tác đối ngoại năm 2026"
    assert [p.tieu_de for p in plan.phan] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ CỤ THỂ"]
    assert [m.tieu_de for m in plan.phan[0].muc] == ["Mục đích", "Yêu cầu"]
    assert [d.noi_dung[0] for d in plan.phan[1].muc[0].diem] == [
        "Duy trì quan hệ hữu nghị với các địa phương nước ngoài[^1].",
        "Mở rộng quan hệ với các đối tác mới có tiềm năng."]
    assert plan.chu_thich == {1: handmade.FOOTNOTE}
    assert plan.phan[1].muc[1].tieu_de is None
    assert plan.noi_nhan == ["Bộ Ngoại giao", "TT. Tỉnh ủy (b/c)"] and plan.luu == ["VT", "NC"]
    assert plan.nguoi_ky.ho_ten == "Hà Trọng Hải" and plan.nguoi_ky.chuc_vu == "Phó Chủ tịch"


def test_khoan_titles_follow_the_word_files_formatting(tmp_path):
    """A short bold line is a title even with a final period; a regular lead-in is an untitled khoản; a
    short regular line is a title the typist forgot to bold (Phụ lục I II.6 and the checker go by the
    formatting shape). All render without error."""
    path = handmade.build(tmp_path / "tay.docx", indent_with_spaces=False)
    document = docx.Document(str(path))
    for p in document.paragraphs:
        if p.text == "1. Mục đích":
            p.runs[-1].text += "."
        elif p.text in ("2. Yêu cầu", "1. Công tác hội nhập quốc tế"):
            for r in p.runs:
                r.font.bold = False
            if p.text == "2. Yêu cầu":
                p.runs[-1].text += " đối với các sở, ngành như sau:"
    document.save(str(path))
    result = import_file(path)
    first, second = result.plan.phan[0].muc
    assert first.tieu_de == "Mục đích" and second.tieu_de is None
    assert second.noi_dung[0] == "Yêu cầu đối với các sở, ngành như sau:"
    assert result.plan.phan[1].muc[0].tieu_de == "Công tác hội nhập quốc tế"
    plan = tmp_path / "tay.yaml"
    plan.write_text(result.yaml_text, encoding="utf-8")
    assert build(plan, tmp_path / "lai.docx").errors == []


def test_hand_typed_file_with_space_indents_imports_too(tmp_path):
    path = handmade.build(tmp_path / "tay.docx", indent_with_spaces=True)
    plan = import_file(path).plan
    assert plan.phan[0].tieu_de == "MỤC ĐÍCH, YÊU CẦU" and len(plan.phan) == 2


@pytest.mark.parametrize(("content", "expect"), [
    ("", "tệp trống"),
    ("\n\n   \n", "tệp trống"),
])
def test_empty_sources_get_a_clear_error(tmp_path, content, expect):
    path = tmp_path / "x.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KehoachError) as exc:
        import_file(path)
    assert expect in str(exc.value)


def test_truncated_and_header_only_sources_import_with_warnings(tmp_path):
    seed = (SEEDS / "hau-giang-2018.txt").read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(seed[: len(seed) // 2 - 7], encoding="utf-8")  # cut mid-word, before Nơi nhận
    result = import_file(cut)
    assert result.plan.noi_nhan == ["[Cần bổ sung nơi nhận]"]
    assert any("Nơi nhận" in w.message for w in result.warnings)
    header = tmp_path / "header.txt"
    header.write_text("\n".join(seed.splitlines()[:6]), encoding="utf-8")
    only = import_file(header)
    assert only.plan.so == 33 and any("không thấy nội dung" in w.message for w in only.warnings)


@pytest.mark.slow
def test_doc_disguised_as_docx_and_binaries_are_refused(tmp_path):
    doc = tmp_path / "cu.docx"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    result = run_cli("import", str(doc))
    assert result.returncode == 1 and "Word 97-2003" in result.stderr and "Traceback" not in result.stderr
    binary = tmp_path / "anh.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    result = run_cli("import", str(binary))
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_import_command_writes_yaml_and_never_overwrites(tmp_path):
    source = tmp_path / "lai-chau.txt"
    shutil.copy(SEEDS / "lai-chau-2023.txt", source)
    result = run_cli("import", str(source))
    assert result.returncode == 0, result.stderr
    target = tmp_path / "lai-chau.yaml"
    assert target.is_file() and "cảnh báo" in result.stderr
    assert run_cli("render", str(target)).returncode == 0
    again = run_cli("import", str(source))
    assert again.returncode == 1 and "đã có" in again.stderr


def test_dates_are_normalised(tmp_path):
    seed = (SEEDS / "hau-giang-2018.txt").read_text(encoding="utf-8")
    source = tmp_path / "p.txt"
    source.write_text(seed.replace("ngày 13 tháng 3 năm 2018", "ngày 11 tháng 03 năm 2024"), encoding="utf-8")
    result = import_file(source)
    assert result.plan.ngay.as_date() == dt.date(2024, 3, 11)
    assert compose(result.plan).place_date == "Hậu Giang, ngày 11 tháng 3 năm 2024"


def test_word_file_without_a_header_table_is_read_as_text(tmp_path):
    import docx

    d = docx.Document()
    for line in (SEEDS / "lai-chau-2023.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d.add_paragraph(line)
    path = tmp_path / "dan-tu-web.docx"
    d.save(str(path))
    result = import_file(path)
    assert result.plan.trich_yeu == "Công tác đối ngoại trên địa bàn tỉnh Lai Châu năm 2023"
    assert result.plan.nguoi_ky.ho_ten == "Hà Trọng Hải"
    assert any("đọc như văn bản thuần" in w.message for w in result.warnings)
