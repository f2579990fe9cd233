"""`kehoach serve` without a browser: the form built from the model, round-trip saves that keep the clerk's
comments, versions that refuse a lost update, a folder nothing escapes, and the server's guards over HTTP."""

from __future__ import annotations

import dataclasses
import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLE_NAMES, EXAMPLES
from serving import start_server, stop_server

from kehoach_gen.plan import fields, formspec, yamlsave
from kehoach_gen.plan.loader import load_plan_text, parse
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.start.starter import starter_text
from kehoach_gen.web.store import Conflict, Folder, NotFound, check_data


def _records(cls: type, seen: dict[str, type]) -> dict[str, type]:
    seen[cls.__name__] = cls
    for f in dataclasses.fields(cls):
        kind = f.metadata["kind"]
        while isinstance(kind, (fields.Nullable, fields.ListOf)):
            kind = kind.inner if isinstance(kind, fields.Nullable) else kind.item
        if isinstance(kind, fields.Nested) and kind.cls.__name__ not in seen:
            _records(kind.cls, seen)
    return seen


def test_form_has_every_model_field_with_a_vietnamese_label():
    spec = formspec.form_spec()
    for name, cls in _records(KeHoach, {}).items():
        if name == "NgayThang":  # the date is one line of text ("2026-12-15", "2026-12")
            continue
        declared = [f.name for f in dataclasses.fields(cls)]
        form = spec["records"][name]["fields"]
        assert [f["name"] for f in form] == declared
        for f in form:
            assert f["label"] and f["label"] != f["name"], (name, f)
    assert {f["name"]: f["widget"] for f in spec["records"]["KeHoach"]["fields"]}["ngay"] == "text"
    by_name = {f["name"]: f for f in spec["records"]["NguoiKy"]["fields"]}
    assert by_name["quyen_han"]["widget"] == "choice" and by_name["quyen_han"]["choices"] == ["KT", "TL", "TUQ", "Q"]
    assert {f["name"]: f["widget"] for f in spec["records"]["PhuLuc"]["fields"]}["dong"] == "grid"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_unchanged_plan_is_written_back_byte_for_byte(name):
    text = (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
    editor = formspec.to_editor(KeHoach, parse(text, name).data)
    assert yamlsave.updated_text(KeHoach, text, formspec.from_editor(KeHoach, editor)) == text


def test_a_change_keeps_comments_order_and_meaning():
    text = starter_text("Lai Châu", 2027, "lai-chau-2027.yaml")
    editor = formspec.to_editor(KeHoach, parse(text, "x").data)
    editor["so"] = "15"
    editor["noi_nhan"].insert(0, "Sở Tư pháp")
    editor["phan"][0]["muc"].reverse()  # moved items keep their own comments
    editor["phan"].append({"tieu_de": "Kinh phí", "muc": [{"tieu_de": "Dự toán", "nhiem_vu": [{"noi_dung": "Lập dự toán"}]}]})
    new = formspec.from_editor(KeHoach, editor)
    out = yamlsave.updated_text(KeHoach, text, new)
    old_comments = [ln.split("#", 1)[1] for ln in text.splitlines() if "#" in ln]
    assert old_comments == [ln.split("#", 1)[1] for ln in out.splitlines() if "#" in ln]
    assert "so: 15 " in out and out.index("co_quan:") < out.index("so:") < out.index("trich_yeu:")
    plan = load_plan_text(out)
    assert plan.so == 15 and plan.noi_nhan[0] == "Sở Tư pháp" and plan.phan[-1].muc[0].nhiem_vu[0].noi_dung == ["Lập dự toán"]
    assert [m.tieu_de for m in plan.phan[0].muc] == ["Yêu cầu", "Mục đích"]
    assert formspec.canonical(KeHoach, parse(out, "x").data) == formspec.canonical(KeHoach, new)


@pytest.fixture
def folder(tmp_path) -> Folder:
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", tmp_path / "phu-tho-2022.yaml")
    return Folder(tmp_path)


def test_save_on_an_old_version_is_refused_and_shows_the_other(folder):
    first = folder.open("phu-tho-2022.yaml")
    mine, theirs = json.loads(json.dumps(first.data)), json.loads(json.dumps(first.data))
    theirs["trich_yeu"] = "Bản của người thứ nhất"
    saved = folder.save("phu-tho-2022.yaml", theirs, first.version)
    mine["trich_yeu"] = "Bản của người thứ hai"
    with pytest.raises(Conflict) as refused:
        folder.save("phu-tho-2022.yaml", mine, first.version)
    assert "Chưa lưu" in str(refused.value) and refused.value.current.data["trich_yeu"] == "Bản của người thứ nhất"
    assert "Bản của người thứ nhất" in (folder.root / "phu-tho-2022.yaml").read_text(encoding="utf-8")
    folder.save("phu-tho-2022.yaml", mine, saved.version)  # after seeing the other version
    assert "Bản của người thứ hai" in (folder.root / "phu-tho-2022.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../phu-tho-2022.yaml", "/etc/passwd.yaml", "a/b.yaml", "..\\x.yaml", "x.txt",
                                  ".an.yaml"])
def test_no_name_leaves_the_folder(folder, name):
    with pytest.raises(NotFound):
        folder.path(name)


def test_problems_name_the_field_and_nothing_from_the_plan_runs_as_a_template(folder):
    data = folder.open("phu-tho-2022.yaml").data
    data["co_quan"] = "Ủy ban tỉnh Phú Thọ"
    bad = check_data(formspec.from_editor(KeHoach, data), "x")
    assert bad.html is None and [p.path for p in bad.problems] == ["co_quan"]
    assert "Ủy ban nhân dân tỉnh" in bad.problems[0].message
    data["co_quan"] = "Ủy ban nhân dân tỉnh Phú Thọ"
    data["trich_yeu"] = "{{ 7*7 }} <script>alert(1)</script>"
    good = check_data(formspec.from_editor(KeHoach, data), "x")
    assert good.html is not None and "{{ 7*7 }}" in good.html and "<script>alert" not in good.html


def test_content_findings_are_shown_at_their_field(folder):
    data = folder.open("phu-tho-2022.yaml").data
    clean = check_data(formspec.from_editor(KeHoach, data), "x")
    assert clean.html is not None and clean.problems == []
    data["ngay"] = "2021-05-31"  # a 2022 plan dated the year before: it cites a document of 2022
    found = check_data(formspec.from_editor(KeHoach, data), "x")
    assert found.html is not None  # a content finding never stops the preview
    assert any(p.path.startswith("phan[") and p.message.startswith("[ND-C03]") and p.severity == "E"
               for p in found.problems), found.problems


# ---- the real server over HTTP (no browser): guards on every request

def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _announce_big_upload(base: str) -> int:
    import http.client
    import urllib.parse

    where = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    conn.putrequest("POST", "/api/nhap?ten=lon.txt")
    for k, v in {"X-Kehoach": "1", "Content-Length": str(10 * 1024 * 1024 + 1)}.items():
        conn.putheader(k, v)
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.mark.slow
def test_server_guards(tmp_path):
    shutil.copy(EXAMPLES / "phu-tho-2022.yaml", tmp_path / "phu-tho-2022.yaml")
    shutil.copy(EXAMPLES / "hau-giang-2018.yaml", tmp_path / "hau-giang-2018.yaml")
    proc, base = start_server(tmp_path)
    try:
        assert _call(f"{base}/")[0] == 200
        assert _call(f"{base}/", headers={"Host": "evil.example"})[0] == 403  # DNS rebinding
        body = json.dumps({"data": {}}).encode()
        assert _call(f"{base}/api/ke-hoach/phu-tho-2022.yaml/luu", body, {"Content-Type": "application/json"})[0] == 403
        ok = {"X-Kehoach": "1"}
        assert _call(f"{base}/api/ke-hoach/..%2Fx.yaml", headers=ok)[0] == 404
        status, reply = _call(f"{base}/api/nhap?ten=virus.exe", b"MZ", ok)
        assert status == 415 and "chỉ nhận tệp" in json.loads(reply)["message"]
        assert _announce_big_upload(base) == 413  # refused before a byte of it is read
        # The same hand-edit guard as `kehoach render`: a .docx saved from Word is not overwritten unasked.
        make = f"{base}/api/ke-hoach/phu-tho-2022.yaml/tao/docx"
        assert _call(make, b"{}", ok)[0] == 200
        edited = docx.Document(str(tmp_path / "phu-tho-2022.docx"))
        edited.add_paragraph("Sửa tay trong Word")
        edited.save(str(tmp_path / "phu-tho-2022.docx"))
        status, reply = _call(make, b"{}", ok)
        assert status == 409 and "không ghi đè" in json.loads(reply)["message"]
        status, reply = _call(make, json.dumps({"force": True}).encode(), ok)
        assert status == 200 and (tmp_path / json.loads(reply)["backup"]).is_file()
        status, reply = _call(f"{base}/api/nam-moi", json.dumps({"name": "phu-tho-2022.yaml", "nam": 2023}).encode(), ok)
        assert status == 200 and json.loads(reply)["name"] == "phu-tho-2023.yaml"
        kept = json.dumps({"name": "hau-giang-2018.yaml", "nam": 2019, "giu_phu_luc": "1"}).encode()
        status, reply = _call(f"{base}/api/nam-moi", kept, ok)
        assert status == 200 and "Năm 2019, Ngân sách tỉnh]" in (tmp_path / json.loads(reply)["name"]).read_text("utf-8")
        text = (Path(__file__).parent / "fixtures" / "corpus" / "txt" / "05_cantho_2025.txt").read_bytes()
        status, reply = _call(f"{base}/api/nhap?ten=can-tho.txt", text, ok)
        assert status == 200 and (tmp_path / json.loads(reply)["name"]).is_file()
    finally:
        stop_server(proc)


@pytest.mark.slow
def test_another_address_needs_the_printed_token(tmp_path):
    proc, url = start_server(tmp_path, "--host", "0.0.0.0")
    try:
        local = url.replace("0.0.0.0", "127.0.0.1")
        assert "?token=" in url
        assert _call(local.split("?")[0])[0] == 401
        assert _call(local.split("?")[0] + "?token=doan-bua")[0] == 401
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(local, timeout=30) as r:  # the token is swapped for a cookie, then the list opens
            assert r.status == 200 and "Kế hoạch trong thư mục" in r.read().decode("utf-8")
    finally:
        stop_server(proc)


def test_a_departments_plan_opens_with_its_heads_signer_defaults(tmp_path):
    """The form of a Sở's plan shows no TM. line and the Sở's head, as the page prints them; saving it keeps
    a plan that validates and prints the same."""
    text = ("co_quan_chu_quan: UBND tỉnh Lào Cai\nco_quan: Sở Ngoại vụ\nky_hieu: KH-SNgV\nso:\nngay: 2026-12\n"
            "trich_yeu: Công tác đối ngoại năm 2027\nphan:\n  - tieu_de: Mục đích\n    noi_dung: Nội dung.\n"
            "noi_nhan: [UBND tỉnh (b/c)]\nluu: [VT, HTQT]\nnguoi_ky:\n  ho_ten: Trần Quang Huy\n")
    (tmp_path / "so-ngoai-vu.yaml").write_text(text, encoding="utf-8")
    folder = Folder(tmp_path)
    snap = folder.open("so-ngoai-vu.yaml")
    assert snap.problems == []
    assert {k: snap.data["nguoi_ky"][k] for k in ("thay_mat", "thu_truong", "chuc_vu")} == {
        "thay_mat": False, "thu_truong": "Giám đốc", "chuc_vu": "Phó Giám đốc"}
    folder.save("so-ngoai-vu.yaml", snap.data, snap.version)
    saved = (tmp_path / "so-ngoai-vu.yaml").read_text(encoding="utf-8")
    from kehoach_gen.plan.compose import compose

    assert compose(load_plan_text(saved)).authority == compose(load_plan_text(text)).authority == [
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
