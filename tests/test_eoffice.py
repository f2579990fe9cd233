"""Ready for e-office and ký số: PDF/A-2b through the real LibreOffice, the ND30 Phụ lục VI record, the
edXML header, electronic issuance and `kehoach check` on a PDF. The five examples are converted in one
LibreOffice run; the electronic variant in a second."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import docx
import pikepdf
import pytest
from helpers import EXAMPLE_NAMES, EXAMPLES, run_cli
from lxml import etree

from kehoach_gen.check.pdf import PdfUnreadable, pdf_facts
from kehoach_gen.eoffice.edxml import NS
from kehoach_gen.eoffice.metadata import organ_name
from kehoach_gen.facts import nd30
from kehoach_gen.plan.loader import load_plan
from kehoach_gen.render.package import written_by_us_unchanged
from kehoach_gen.render.pdfa import PdfaFailed, preflight

pytestmark = pytest.mark.slow  # LibreOffice makes the PDF/A files every test reads

ORGAN = "000.00.00.H33"
E = f"{{{NS}}}"


@pytest.fixture(scope="module")
def eoffice(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("eoffice")
    result = run_cli("render", *[str(EXAMPLES / f"{n}.yaml") for n in EXAMPLE_NAMES], "-o", str(out), "--pdfa",
                     "--metadata", "--edxml", "--ma-dinh-danh", ORGAN)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def electronic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dien-tu")
    result = run_cli("render", str(EXAMPLES / "hau-giang-2018.yaml"), "-o", str(out), "--dien-tu", "--metadata")
    assert result.returncode == 0, result.stderr
    return out


def _poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(path)], capture_output=True, text=True, check=True).stdout


def _info(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^(\w[\w ]*?):\s+(.*)$", _poppler("pdfinfo", path), flags=re.M))


def _number(so: int | None) -> str | None:
    return None if so is None else f"{so:02d}"  # as printed: "Số: 05/KH-UBND"


def _iso(plan, sep: str) -> str | None:
    date = plan.ngay.as_date() if plan.ngay else None
    return date.strftime(f"%Y{sep}%m{sep}%d") if date else None


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdfa_identification_and_every_font_embedded(eoffice, name):
    pdf = eoffice / f"{name}.pdf"
    xmp = _poppler("pdfinfo", pdf, "-meta")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp), xmp[:400]
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", xmp)
    rows = _poppler("pdffonts", pdf).splitlines()[2:]
    assert rows
    for row in rows:  # name type encoding emb sub uni object ID
        assert row.split()[-5] == "yes", row
    with pikepdf.open(pdf) as doc:
        assert not doc.is_encrypted
        assert doc.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert doc.check_pdf_syntax() == []  # qpdf finds nothing to repair after the metadata rewrite
        assert "/Filter" not in doc.Root.Metadata.stream_dict  # XMP stays readable as plain text


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdf_metadata_in_info_dictionary_and_xmp(eoffice, name):
    plan = load_plan(EXAMPLES / f"{name}.yaml")
    pdf = eoffice / f"{name}.pdf"
    info = _info(pdf)
    assert info["Title"] == plan.trich_yeu
    assert info["Author"] == plan.body.full_name
    assert info["Subject"].startswith("Kế hoạch số ") and plan.body.full_name in info["Subject"]
    assert info["Keywords"].split("; ")[:2] == ["Kế hoạch", plan.ky_hieu]  # not split at spaces
    with pikepdf.open(pdf) as doc:
        meta = doc.open_metadata()
        assert meta["dc:title"] == plan.trich_yeu
        assert meta["dc:creator"] == [plan.body.full_name]
        assert meta["pdf:Keywords"] == info["Keywords"]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_metadata_record_equals_the_plan(eoffice, name):
    plan = load_plan(EXAMPLES / f"{name}.yaml")
    record = json.loads((eoffice / f"{name}.json").read_text(encoding="utf-8"))
    assert record["FileCode"]["OrganId"] == ORGAN
    assert record["TypeName"] == "Kế hoạch"
    assert record["CodeNumber"] == _number(plan.so)
    assert record["CodeNotation"] == plan.ky_hieu
    assert record["IssuedDate"] == _iso(plan, "-")
    assert record["OrganName"] == plan.co_quan
    assert record["Subject"] == plan.trich_yeu
    assert record["SignerInfo"]["FullName"] == plan.nguoi_ky.ho_ten
    assert record["SignerInfo"]["Position"] == plan.nguoi_ky.chuc_vu
    assert [r["OrganName"] for r in record["To"]] == [organ_name(r) for r in plan.noi_nhan]
    assert record["PageAmount"] == int(_info(eoffice / f"{name}.pdf")["Pages"])
    assert record["Language"] == "Tiếng Việt"
    codes = {f.code for f in nd30.OUTGOING_FIELDS if "." not in f.number}
    assert codes <= set(record), codes - set(record)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_edxml_header_is_well_formed_and_equals_the_plan(eoffice, name):
    plan = load_plan(EXAMPLES / f"{name}.yaml")
    root = etree.parse(str(eoffice / f"{name}.edxml")).getroot()
    assert root.tag == f"{E}edXMLEnvelope"
    header = root.find(f"{E}edXMLHeader/{E}MessageHeader")
    assert header is not None

    def text(path: str) -> str:
        node = header.find("/".join(f"{E}{p}" for p in path.split("/")))
        assert node is not None, path
        return node.text or ""

    assert text("From/OrganId") == ORGAN
    assert text("From/OrganName") == plan.co_quan
    assert text("Code/CodeNumber") == (_number(plan.so) or "")
    assert text("Code/CodeNotation") == plan.ky_hieu
    assert text("PromulgationInfo/PromulgationDate") == (_iso(plan, "/") or "")
    assert text("DocumentType/TypeName") == "Kế hoạch"
    assert text("Subject") == plan.trich_yeu
    assert text("SignerInfo/FullName") == plan.nguoi_ky.ho_ten
    assert [p.text for p in header.iterfind(f"{E}ToPlaces/{E}Place")] == [organ_name(r) for r in plan.noi_nhan]
    assert int(text("OtherInfo/PageAmount")) == int(_info(eoffice / f"{name}.pdf")["Pages"])
    if plan.is_draft:  # no number or date yet: no document id
        assert text("DocumentId") == ""
    else:
        assert text("DocumentId") == f"{ORGAN},{_iso(plan, '/')},{_number(plan.so)}/{plan.ky_hieu}"


def test_electronic_issuance_leaves_number_and_date_to_the_system(electronic):
    plan = load_plan(EXAMPLES / "hau-giang-2018.yaml")
    document = docx.Document(str(electronic / "hau-giang-2018.docx"))
    texts = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    texts += [p.text for p in document.paragraphs]
    assert any(re.fullmatch(r"Số:\s+/KH-UBND", t) for t in texts), texts[:8]
    assert any(re.fullmatch(r"Hậu Giang, ngày\s+tháng\s+năm 2018", t) for t in texts)
    reference = next(t for t in texts if t.startswith("(Kèm theo"))
    assert re.fullmatch(r"\(Kèm theo Kế hoạch số\s+/KH-UBND ngày\s+tháng\s+năm 2018 của "
                        rf"{plan.co_quan}\)", reference), reference
    assert document.core_properties.comments == ""  # issued, not a draft
    name = next(p for t in document.tables for c in t._cells for p in c.paragraphs if p.text == plan.nguoi_ky.ho_ten)
    assert name.paragraph_format.space_before.mm == pytest.approx(nd30.SIGNATURE_ZONE_MM, abs=0.1)
    record = json.loads((electronic / "hau-giang-2018.json").read_text(encoding="utf-8"))
    assert record["CodeNumber"] is None and record["IssuedDate"] is None
    assert record["FileCode"]["FileCatalog"] == 2018
    assert record["Subject"] == plan.trich_yeu
    assert pdf_facts(electronic / "hau-giang-2018.pdf").pdfa == "2B"
    # The resized package carries a fingerprint of its own parts: a later render may replace it.
    assert written_by_us_unchanged(electronic / "hau-giang-2018.docx") is True


def test_check_reports_a_pdf_for_the_clerk(eoffice):
    plan = load_plan(EXAMPLES / "kon-tum-2022.yaml")
    result = run_cli("check", str(eoffice / "kon-tum-2022.pdf"))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "PDF/A: PDF/A-2b" in out
    assert "A4 đứng" in out
    assert "KHÔNG nhúng" not in out and "đã nhúng" in out
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in out and "Số: 952/KH-UBND" in out
    assert "Nơi nhận:" in out and plan.nguoi_ky.ho_ten in out
    assert out.rstrip().endswith("0 lỗi, 0 cảnh báo")
    as_json = json.loads(run_cli("check", "--json", str(eoffice / "kon-tum-2022.pdf")).stdout)
    assert as_json["files"][0]["pdfa"] == "2B"


def test_check_on_a_corrupt_pdf_says_so_and_fails(eoffice, tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes((eoffice / "lai-chau-2023.pdf").read_bytes()[:2000])
    result = run_cli("check", str(bad))
    assert result.returncode == 1
    assert "không đọc được tệp PDF" in result.stderr and "Traceback" not in result.stderr
    assert "hãy tải hoặc xuất lại" in result.stderr and "trailer" not in result.stderr  # no qpdf English
    with pytest.raises(PdfUnreadable):
        pdf_facts(tmp_path / "khong-co.pdf")


def test_preflight_names_what_pdfa_forbids(tmp_path):
    plain = tmp_path / "thuong.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595.3, 841.9))
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica))
        pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        pdf.save(plain, encryption=pikepdf.Encryption(owner="o", user=""))
    with pytest.raises(PdfaFailed) as failed:
        preflight(plain)
    message = str(failed.value)
    for words in ("thiếu nhận dạng PDF/A-2b", "Helvetica", "không được nhúng", "mã hóa", "OutputIntent"):
        assert words in message, message
    result = run_cli("check", "--strict", str(plain))
    assert result.returncode == 3
    assert "không khai báo PDF/A" in result.stdout and "Helvetica" in result.stdout


def test_invalid_organ_id_is_refused_before_rendering(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_bytes((EXAMPLES / "kon-tum-2022.yaml").read_bytes())
    result = run_cli("render", str(plan), "--metadata", "--ma-dinh-danh", "UBND-KT")
    assert result.returncode == 2
    assert "mã định danh 'UBND-KT'" in result.stderr
    assert not (tmp_path / "p.docx").exists()


def test_values_longer_than_appendix_vi_allows_are_named():
    import dataclasses

    from kehoach_gen.eoffice.metadata import outgoing, too_long
    from kehoach_gen.plan.compose import compose

    plan = load_plan(EXAMPLES / "kon-tum-2022.yaml")
    record = outgoing(plan, compose(plan), page_amount=11, organ=None)
    assert too_long(record) == []
    long = dataclasses.replace(record, subject="x" * 501, recipients=[*record.recipients, "y" * 201])
    notes = too_long(long)
    assert len(notes) == 2
    assert "Trích yếu nội dung (Subject) dài 501 ký tự, quá 500" in notes[0]
    assert "(OrganName) dài 201 ký tự, quá 200" in notes[1]


def test_a_pdfa_claim_without_its_output_intent_is_caught(eoffice, tmp_path):
    broken = tmp_path / "thieu-intent.pdf"
    with pikepdf.open(eoffice / "phu-tho-2022.pdf") as pdf:
        del pdf.Root.OutputIntents
        pdf.save(broken)
    with pytest.raises(PdfaFailed) as failed:
        preflight(broken)
    assert "OutputIntent" in str(failed.value) and "nhận dạng" not in str(failed.value)
    result = run_cli("check", str(broken))
    assert result.returncode == 0  # a warning: the file is still readable and signable
    assert "cảnh báo: tệp khai báo PDF/A-2B nhưng thiếu OutputIntent" in result.stdout


def test_a_recipients_note_is_not_part_of_its_organ_name():
    assert organ_name("TT. Tỉnh ủy (b/c)") == "TT. Tỉnh ủy"
    assert organ_name("Sở Tư pháp (để biết)") == "Sở Tư pháp" and organ_name("Bộ Ngoại giao") == "Bộ Ngoại giao"
