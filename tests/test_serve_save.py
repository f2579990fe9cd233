"""Saves through the real `kehoach serve`: what `validate` accepts is saved with a 200 and still validates,
comments and the clerk's forms stay, and a save that cannot be written is refused with a Vietnamese JSON
message, the file untouched. One server for the module."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from helpers import run_cli
from serving import start_server, stop_server

from kehoach_gen.plan.loader import MAX_BYTES, load_plan, parse

OK = {"X-Kehoach": "1", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("luu")
    proc, base = start_server(folder)
    yield base, folder
    stop_server(proc)


def call(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    req = urllib.request.Request(url, data=body, headers=headers or {}, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            status, raw, kind = r.status, r.read(), r.headers.get("content-type", "")
    except urllib.error.HTTPError as exc:
        status, raw, kind = exc.code, exc.read(), exc.headers.get("content-type", "")
    assert kind.startswith("application/json"), (status, raw[:300])  # never a bare page or traceback
    return status, json.loads(raw)


def opened(base: str, name: str) -> dict[str, Any]:
    status, plan = call(f"{base}/api/ke-hoach/{quote(name)}")
    assert status == 200, plan
    return plan


def save(base: str, name: str, data: Any, version: str) -> tuple[int, Any]:
    body = json.dumps({"data": data, "version": version}, ensure_ascii=False).encode()
    return call(f"{base}/api/ke-hoach/{quote(name)}/luu", body, OK)


def starter(folder: Path, name: str) -> Path:
    run = run_cli("new", "--tinh", "Lai Châu", "--nam", "2027", "-o", str(folder / name))
    assert run.returncode == 0, run.stderr
    return folder / name


@pytest.mark.slow
def test_a_value_holding_a_colon_then_line_separators_save_and_validate(server):
    base, folder = server
    path = starter(folder, "dau-hai-cham.yaml")
    text = path.read_text(encoding="utf-8").replace(
        "    noi_dung: Kinh phí thực hiện", "    noi_dung: Ghi chú: kinh phí thực hiện")
    path.write_text(text, encoding="utf-8")
    assert load_plan(path).phan[2].noi_dung == ["Ghi chú: kinh phí thực hiện Kế hoạch từ nguồn ngân sách nhà nước "
                                                 "theo phân cấp hiện hành và các nguồn hợp pháp khác."]
    plan = opened(base, "dau-hai-cham.yaml")
    plan["data"]["trich_yeu"] += " (dự thảo 2)"
    status, saved = save(base, "dau-hai-cham.yaml", plan["data"], plan["version"])
    assert status == 200, saved
    after = path.read_text(encoding="utf-8")
    assert "    noi_dung: Ghi chú: kinh phí thực hiện" in after  # untouched, as the clerk typed it
    typed = {"\u2028": "\\L", "\u2029": "\\P", "\u0085": "\\N"}
    for n, (char, escape) in enumerate(typed.items()):
        saved["data"]["ket_thuc"] = f"Lần {n}: dòng một{char}dòng hai: 007 # không phải chú thích"
        status, saved = save(base, "dau-hai-cham.yaml", saved["data"], saved["version"])
        assert status == 200, saved  # every later save too
        after = path.read_text(encoding="utf-8")
        assert escape in after and char not in after  # written escaped: raw, the loader reads a line break
        assert parse(after, "x").data["ket_thuc"] == f"Lần {n}: dòng một{char}dòng hai: 007 # không phải chú thích"
        run = run_cli("validate", str(path))
        assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.slow
def test_the_starter_keeps_its_hints_and_forms(server):
    base, folder = server
    path = starter(folder, "lai-chau-2027.yaml")
    before = path.read_text(encoding="utf-8")
    so = next(line for line in before.splitlines() if line.startswith("so:"))
    plan = opened(base, "lai-chau-2027.yaml")
    plan["data"]["ngay"] = "2027-12"
    plan["data"]["nguoi_ky"]["ho_ten"] = "Giàng A Páo"
    status, saved = save(base, "lai-chau-2027.yaml", plan["data"], plan["version"])
    assert status == 200, saved
    after = path.read_text(encoding="utf-8")
    assert so in after.splitlines()  # the empty number keeps its hint
    assert [ln for ln in after.splitlines() if ln.startswith("ngay:")] == [
        next(ln for ln in before.splitlines() if ln.startswith("ngay:")).replace("ngay: 2026-12", "ngay: 2027-12")]
    assert [ln.split("#", 1)[1] for ln in before.splitlines() if "#" in ln] == \
        [ln.split("#", 1)[1] for ln in after.splitlines() if "#" in ln]
    saved["data"]["so"] = "0125"  # a register's leading zero is printed as typed: kept as text
    status, saved = save(base, "lai-chau-2027.yaml", saved["data"], saved["version"])
    assert status == 200 and getattr(load_plan(path).so, "digits", None) == "0125"
    assert 'so: "0125"' in path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_save_that_cannot_be_written_is_refused_in_vietnamese_and_the_file_is_untouched(server):
    base, folder = server
    path = starter(folder, "qua-lon.yaml")
    plan = opened(base, "qua-lon.yaml")
    before = path.read_bytes()
    huge = dict(plan["data"], ket_thuc="\n".join(["Đoạn văn rất dài của kế hoạch. " * 40] * 1300))
    assert MAX_BYTES < len(huge["ket_thuc"].encode()) < 3 * 1024 * 1024  # past what opens, within what is sent
    status, reply = save(base, "qua-lon.yaml", huge, plan["version"])
    assert status == 413 and "quá lớn" in reply["message"] and "chưa bị sửa" in reply["message"]
    assert path.read_bytes() == before and opened(base, "qua-lon.yaml")["data"] is not None

    for body, said in [(b"{not json", "không đọc được"), (b"[1, 2]", "không đúng dạng"),
                       (json.dumps({"data": [1], "version": plan["version"]}).encode(), "không phải một kế hoạch"),
                       (json.dumps({"data": {"trich_yeu": "\ud800"}, "version": plan["version"]}).encode(),
                        "ký tự hỏng")]:
        status, reply = call(f"{base}/api/ke-hoach/qua-lon.yaml/luu", body, OK)
        assert 400 <= status < 500 and said in reply["message"], (body, status, reply)
        assert path.read_bytes() == before


@pytest.mark.slow
def test_a_file_with_values_the_reader_refused_is_not_overwritten(server):
    base, folder = server
    path = starter(folder, "ngay-sai.yaml")
    text = path.read_text(encoding="utf-8").replace("ngay: 2026-12 ", "ngay: 2026-02-31 ")
    path.write_text(text, encoding="utf-8")
    plan = opened(base, "ngay-sai.yaml")
    plan["data"]["trich_yeu"] += " mới"
    status, reply = save(base, "ngay-sai.yaml", plan["data"], plan["version"])
    assert status == 409 and "không có trên lịch" in reply["message"] and "không ghi đè" in reply["message"]
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.slow
def test_a_plan_whose_name_fills_the_file_systems_limit_saves(server):
    """A name of 250 bytes (Vietnamese letters take two or three): the temporary file written beside it
    before the rename must not pass the 255 bytes a name may hold."""
    base, folder = server
    words = "kế-hoạch-" + "ấệộữẩậặếạốợứựỗ" * 10  # letters of three bytes each: a long name in few letters
    name = next(words[:n] + ".yaml" for n in range(len(words), 0, -1) if len((words[:n] + ".yaml").encode()) <= 250)
    assert len(name.encode("utf-8")) >= 245 and len(name) <= 125
    path = starter(folder, name)
    plan = opened(base, name)
    plan["data"]["trich_yeu"] += " (dự thảo 2)"
    status, saved = save(base, name, plan["data"], plan["version"])
    assert status == 200, saved
    assert load_plan(path).trich_yeu.endswith("(dự thảo 2)")
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []
