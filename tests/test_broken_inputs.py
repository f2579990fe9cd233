"""Every command over a corpus of broken inputs built here: truncated and foreign .docx files, YAML of the
wrong shapes and types, control characters, empty files, binary garbage under every suffix, a folder where
a file is expected. Each case must end in a Vietnamese message that names the input, never in the generic
"lỗi không mong đợi" or a traceback.

The corpus runs through the real command-line entry point (`kehoach_gen.cli.main`), many cases in one
Python process (a process per case would cost minutes); a few cases also run as the real `kehoach`
process to show that both say the same.
"""

from __future__ import annotations

import copy
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import EXAMPLES, run_cli
from test_hostile import PLAN, _parts, _template_with, _zip, limited

pytestmark = pytest.mark.slow  # every command over a corpus of broken inputs, in driver processes

GENERIC = "lỗi không mong đợi"
SOURCE = EXAMPLES / "hau-giang-2018.yaml"  # has an appendix table

# Runs each argument vector through the CLI's own entry point, as `kehoach ARGS` would, and reports what
# the clerk would have seen. An exception escaping main() is what a traceback would have shown.
_DRIVER = r"""
import contextlib, io, json, os, sys, time, traceback
from kehoach_gen.cli import main
cases = json.load(sys.stdin)
out = []
for case in cases:
    err, std = io.StringIO(), io.StringIO()
    code, escaped, start = None, "", time.monotonic()
    os.chdir(case["cwd"])
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        try:
            main(case["argv"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            escaped = traceback.format_exc()
    out.append({"id": case["id"], "names": case["names"], "code": code, "stderr": err.getvalue(),
                "stdout": std.getvalue(), "escaped": escaped, "seconds": time.monotonic() - start})
print(json.dumps(out, ensure_ascii=False))
"""


def run_cases(cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    result = subprocess.run([sys.executable, "-c", _DRIVER], input=json.dumps(cases), capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return {r["id"]: r for r in json.loads(result.stdout.splitlines()[-1])}


def assert_named(result: dict[str, Any], *names: str) -> None:
    """A refusal in Vietnamese naming one of the inputs; never the generic message or a traceback."""
    said = result["stderr"] + result["stdout"]  # `check --json` reports an unreadable file in its JSON
    assert not result["escaped"], result["escaped"]
    assert GENERIC not in said and "Traceback" not in said, said
    assert result["code"] in (0, 1, 2, 3), result
    if result["code"] in (1, 2):
        assert any(n in said for n in names), (names, said)
        for english in ("Error:", "Exception", "errno", "NoneType", "object has no attribute"):
            assert english not in said, said


# --- the corpus -------------------------------------------------------------------------------------

def _plan_data() -> dict[str, Any]:
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# Each a value of the wrong shape for some field: a list where a map or a text is expected, a map where a
# list is, numbers, booleans, null, nesting deeper than any field goes.
_WRONG = {"list": ["a", "b"], "map": {"a": "b"}, "number": 5, "bool": True, "null": None,
          "nested": [[[["sâu"]]]], "empty-list": [], "empty-map": {}}

# Where the wrong values go: a path into the example plan.
_FIELDS: list[tuple[Any, ...]] = [
    ("co_quan",), ("so",), ("ngay",), ("trich_yeu",), ("mo_dau",), ("phan",), ("phan", 0), ("phan", 0, "tieu_de"),
    ("phan", 1, "muc"), ("phan", 1, "muc", 0), ("phan", 1, "muc", 0, "noi_dung"), ("noi_nhan",), ("noi_nhan", 0),
    ("luu",), ("nguoi_ky",), ("nguoi_ky", "ho_ten"), ("phu_luc",), ("phu_luc", 0), ("phu_luc", 0, "cot"),
    ("phu_luc", 0, "dong"), ("phu_luc", 0, "dong", 0), ("phu_luc", 0, "dong", 0, 1),
]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def _yaml_corpus(folder: Path) -> list[Path]:
    plan = _plan_data()
    files: dict[str, str | bytes] = {}
    for path in _FIELDS:
        for kind, value in _WRONG.items():
            files["-".join(map(str, path)) + f"-{kind}.yaml"] = _dump(_set(plan, path, value))
    rnd = random.Random(30)
    files.update({
        "rong.yaml": b"",
        "chi-khoang-trang.yaml": b"  \n\n   \n",
        "chi-chu-thich.yaml": "# chỉ có chú thích\n",
        "danh-sach.yaml": "- một\n- hai\n",
        "mot-dong-chu.yaml": "chỉ một dòng chữ\n",
        "so.yaml": "5\n",
        "khoa-la-so.yaml": _dump(plan).replace("trich_yeu:", "1:", 1),
        "khoa-null.yaml": "null: x\n" + _dump(plan),
        "khoa-true.yaml": "true: x\n" + _dump(plan),
        "rac.yaml": bytes(rnd.randrange(256) for _ in range(4000)),
        "rac-utf8.yaml": "".join(chr(rnd.randrange(32, 0x2FFF)) for _ in range(3000)),
        "png.yaml": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "docx-doi-ten.yaml": SOURCE.with_suffix(".yaml").read_bytes()[:0] + b"PK\x03\x04" + bytes(100),
        "utf16.yaml": _dump(plan).encode("utf-16"),
        "cp1258.yaml": _dump(plan).encode("cp1258", "replace"),
        "thoat-0.yaml": _dump(plan).replace("ho_ten: Đồng Văn Thanh", 'ho_ten: "Đồng\\0Văn Thanh"'),
        "thoat-x1b.yaml": _dump(plan).replace("ho_ten: Đồng Văn Thanh", 'ho_ten: "Đồng\\eVăn Thanh"'),
        "thoat-nel.yaml": _dump(plan).replace("ho_ten: Đồng Văn Thanh", 'ho_ten: "Đồng\\NVăn Thanh"'),
        "thoat-ls.yaml": _dump(plan).replace("ho_ten: Đồng Văn Thanh", 'ho_ten: "Đồng\\LVăn Thanh"'),
        "thoat-trong-doan.yaml": _dump(plan).replace("trich_yeu:", 'can_cu: ["Căn cứ\\x07 Luật"]\ntrich_yeu:', 1),
        "ky-tu-dieu-khien.yaml": _dump(plan).replace("Đồng Văn Thanh", "Đồng\x01Văn Thanh"),
        "long-sau.yaml": "phan: " + "[" * 5000 + "]" * 5000 + "\n",
        "ngay-sai.yaml": _dump(plan).replace("ngay: 2018-03-13", "ngay: 2018-02-30"),
        "nam-lon.yaml": _dump(plan).replace("ngay: 2018-03-13", "ngay: 99999-01-01"),
        "so-lon.yaml": _dump(plan).replace("so: 33", "so: 99999999999999999999999999999"),
        "so-am.yaml": _dump(plan).replace("so: 33", "so: -4"),
        "dong-dai.yaml": _dump(plan).replace("ho_ten: Đồng Văn Thanh", "ho_ten: " + "Thanh " * 200_000),
        "qua-lon.yaml": "trich_yeu: x\n" + "# " + "x" * (3 * 1024 * 1024) + "\n",
    })
    out = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        out.append(path)
    (folder / "thu-muc.yaml").mkdir()
    out.append(folder / "thu-muc.yaml")
    return out


_FOREIGN = b'<?xml version="1.0"?><khac xmlns="urn:khac"><a/></khac>'
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _nested(depth: int) -> bytes:
    inner = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = b"<w:tbl><w:tr><w:tc>" + inner + b"</w:tc></w:tr></w:tbl>"
    return b"<w:document " + _W + b"><w:body>" + inner + b"</w:body></w:document>"


def _docx_corpus(folder: Path, good: Path) -> list[Path]:
    parts = _parts(good)
    data = good.read_bytes()
    rnd = random.Random(30)
    files: dict[str, bytes | dict[str, bytes]] = {
        "rong.docx": b"",
        "cat-doi.docx": data[: len(data) // 2],
        "cat-cuoi.docx": data[:-30],
        "rac.docx": bytes(rnd.randrange(256) for _ in range(5000)),
        "zip-rong.docx": {},
        "chi-co-document.docx": {"word/document.xml": parts["word/document.xml"]},
        "thieu-document.docx": {n: d for n, d in parts.items() if n != "word/document.xml"},
        "goc-la.docx": {**parts, "word/document.xml": _FOREIGN},
        "khong-than.docx": {**parts, "word/document.xml": b"<w:document " + _W + b"/>"},
        "xml-hong.docx": {**parts, "word/document.xml": parts["word/document.xml"][:-200]},
        "bang-long-500.docx": {**parts, "word/document.xml": _nested(500)},
        "bang-long-60.docx": {**parts, "word/document.xml": _nested(60)},
    }
    for part in ("word/styles.xml", "word/numbering.xml", "word/footnotes.xml", "word/settings.xml",
                 "docProps/core.xml", "word/_rels/document.xml.rels", "_rels/.rels", "[Content_Types].xml",
                 "word/header1.xml", "word/footer1.xml"):
        if part not in parts:
            continue
        stem = part.replace("/", "-").replace("[", "").replace("]", "").replace(".xml", "").replace(".rels", "-rels")
        files[f"{stem}-goc-la.docx"] = {**parts, part: _FOREIGN}
        files[f"{stem}-hong.docx"] = {**parts, part: parts[part][: len(parts[part]) // 2]}
        files[f"{stem}-rong.docx"] = {**parts, part: b""}
    out = []
    for name, content in files.items():
        path = folder / name
        if isinstance(content, dict):
            _zip(path, content)
        else:
            path.write_bytes(content)
        out.append(path)
    (folder / "thu-muc.docx").mkdir()
    out.append(folder / "thu-muc.docx")
    return out


def _text_corpus(folder: Path) -> list[Path]:
    rnd = random.Random(30)
    files = {
        "rong.txt": b"", "rong.md": b"", "khoang-trang.txt": b"\n \n\t\n",
        "rac.txt": bytes(rnd.randrange(256) for _ in range(3000)),
        "rac.md": bytes(rnd.randrange(256) for _ in range(3000)),
        "utf16.txt": "KẾ HOẠCH\nCông tác đối ngoại\n".encode("utf-16"),
        "dieu-khien.txt": "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nKẾ HOẠCH\nCông\x01 tác\x1b[2J đối ngoại năm 2026\n"
                          "I. MỤC ĐÍCH\n- Nội dung\x07 một\n".encode(),
        "mot-dong.txt": "KẾ HOẠCH\n".encode(),
        "pdf.txt": b"%PDF-1.7\n" + bytes(100),
    }
    out = []
    for name, content in files.items():
        (folder / name).write_bytes(content)
        out.append(folder / name)
    (folder / "thu-muc.txt").mkdir()
    out.append(folder / "thu-muc.txt")
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, rendered) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hong")
    for sub in ("yaml", "docx", "text", "out"):
        (root / sub).mkdir()
    good_plan = root / "tot.yaml"
    good_plan.write_bytes(SOURCE.read_bytes())
    return {"root": root, "good_plan": good_plan, "good_docx": rendered["hau-giang-2018"],
            "yaml": _yaml_corpus(root / "yaml"), "docx": _docx_corpus(root / "docx", rendered["hau-giang-2018"]),
            "text": _text_corpus(root / "text")}


# --- the commands over the corpus ---------------------------------------------------------------------

def _case(kind: str, path: Path, root: Path, *argv: str) -> dict[str, Any]:
    return {"id": f"{kind}:{path.name}", "argv": list(argv), "cwd": str(root), "names": [path.name]}


def _yaml_cases(c: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    root, good = c["root"], c["good_plan"]
    for i, path in enumerate(c["yaml"]):
        out += [
            _case("validate", path, root, "validate", str(path)),
            _case("render", path, root, "render", str(path), "-o", str(root / "out" / f"{i}.docx")),
            _case("preview", path, root, "preview", str(path), "--chi-html", "-o", str(root / "out" / f"xem-{i}")),
            _case("new-from", path, root, "new", "--from", str(path), "--nam", "2030", "-o",
                  str(root / "out" / f"moi-{i}.yaml")),
            _case("diff", path, root, "diff", str(good), str(path)),
            _case("diff-docx", path, root, "diff", str(path), str(good), "--docx", str(root / "out" / f"duyet-{i}.docx")),
        ]
    return out


def _docx_cases(c: dict[str, Any], files: list[Path]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    root, good_docx = c["root"], c["good_docx"]
    for i, path in enumerate(files):
        out += [
            _case("check", path, root, "check", str(path)),
            _case("check-json", path, root, "check", "--json", str(path)),
            _case("import", path, root, "import", str(path), "-o", str(root / "out" / f"nhap-{i}.yaml")),
            _case("diff", path, root, "diff", str(good_docx), str(path)),
            _case("diff-docx", path, root, "diff", str(path), str(good_docx), "--docx",
                  str(root / "out" / f"duyet-d{i}.docx")),
        ]
        if path.suffix == ".docx":
            target = root / "out" / f"vao-{i}.yaml"
            target.write_bytes(c["good_plan"].read_bytes())
            out.append(_case("import-into", path, root, "import", str(path), "--into", str(target)))
            out[-1]["names"].append(target.name)
    return out


@pytest.fixture(scope="module")
def yaml_results(corpus) -> dict[str, dict[str, Any]]:
    return run_cases(_yaml_cases(corpus))


@pytest.fixture(scope="module")
def docx_results(corpus) -> dict[str, dict[str, Any]]:
    return run_cases(_docx_cases(corpus, corpus["docx"] + corpus["text"]))


def _unnamed(results: dict[str, dict[str, Any]]) -> str:
    failures = []
    for key, result in results.items():
        try:
            assert_named(result, *result["names"])
        except AssertionError as exc:
            failures.append(f"{key}: {exc}")
    return "\n\n".join(failures[:15]) + f"\n({len(failures)} in all)" if failures else ""


def test_every_command_names_what_is_wrong_with_a_broken_plan(yaml_results):
    assert not _unnamed(yaml_results), _unnamed(yaml_results)


def test_every_command_names_what_is_wrong_with_a_broken_document(docx_results):
    assert not _unnamed(docx_results), _unnamed(docx_results)


# --- messages that used to be someone else's words -------------------------------------------------------

def test_a_pdf_stopped_by_a_file_size_limit_says_so_in_vietnamese(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_bytes(PLAN.read_bytes())
    result = limited("render", str(plan), "--pdf", fsize=60_000)  # the .docx fits, the PDF does not
    assert result.returncode == 1 and (tmp_path / "p.docx").is_file() and not (tmp_path / "p.pdf").exists()
    assert "ulimit -f" in result.stderr and "văn bản .docx vẫn được giữ" in result.stderr, result.stderr
    assert "soffice" not in result.stderr and "0x" not in result.stderr


@pytest.mark.parametrize(("tag", "place", "said"), [
    ('{% include "khac.docx" %}', "{% include \"khac.docx\" %}", "không ghép được mẫu khác ('khac.docx'"),
    ('{% import "khac.docx" as k %}', "{% import \"khac.docx\" as k %}", "không ghép được mẫu khác"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "{% macro f(n) %}", "gọi lại chính nó"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
     "{% for a in range(100000) %}", "quá 3 giây máy tính"),
], ids=["include", "import", "recursion", "loop"])
def test_a_template_that_includes_recurses_or_loops_is_named_with_its_tag(tmp_path, tag, place, said):
    folder = _template_with(tmp_path / "mau", tag)
    result = limited("render", str(PLAN), "-o", str(tmp_path / "x.docx"), "--templates", str(folder))
    assert result.returncode == 1 and not (tmp_path / "x.docx").exists()
    assert "mau/kehoach.docx: " in result.stderr and f"ở thẻ '{place}'" in result.stderr and said in result.stderr, \
        result.stderr


@pytest.mark.parametrize(("text", "line", "said"), [
    ('a\n{% include "x.html" %}\n', 2, "không ghép được mẫu khác"),
    ("{% macro f(n) %}\n{{ f(n) }}\n{% endmacro %}\n{{ f(1) }}\n", 2, "gọi lại chính nó"),
    ("a\nb\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n", 3, "quá 3 giây"),
], ids=["include", "recursion", "loop"])
def test_a_text_template_that_includes_recurses_or_loops_names_its_line(tmp_path, text, line, said):
    (tmp_path / "mau").mkdir()
    (tmp_path / "mau" / "xem-truoc.html.j2").write_text(text, encoding="utf-8")
    result = limited("preview", str(PLAN), "--chi-html", "-o", str(tmp_path / "xem"), "--templates",
                     str(tmp_path / "mau"))
    assert result.returncode == 1 and "xem-truoc.html.j2: " in result.stderr
    assert f"ở dòng {line}" in result.stderr and said in result.stderr, result.stderr


# --- what the corpus says, case by case ---------------------------------------------------------------

@pytest.mark.parametrize("kind", ["check", "import", "diff", "diff-docx", "import-into"])
def test_a_main_part_that_is_not_a_word_document_is_named_by_every_reader(docx_results, kind):
    for name, said in [("goc-la.docx", "phần tử gốc là 'khac', không phải 'w:document'"),
                       ("khong-than.docx", "không có thân văn bản (w:body)")]:
        result = docx_results[f"{kind}:{name}"]
        assert result["code"] == 1 and f"{name}: không đọc được văn bản: phần 'word/document.xml'" in result["stderr"]
        assert said in result["stderr"], result["stderr"]


def test_tables_nested_past_the_parsers_depth_name_that_limit(docx_results):
    said = docx_results["check:bang-long-500.docx"]["stderr"]
    assert "lồng nhau quá 256 tầng" in said and "10 MB" not in said, said
    assert docx_results["check:bang-long-60.docx"]["code"] in (0, 3)  # within the limit: checked


@pytest.mark.parametrize(("name", "char"), [("thoat-0.yaml", "U+0000"), ("thoat-x1b.yaml", "U+001B"),
                                            ("thoat-nel.yaml", "U+0085"), ("thoat-ls.yaml", "U+2028")])
def test_a_control_character_typed_as_an_escape_is_refused_at_its_line(yaml_results, name, char):
    for kind in ("validate", "render", "preview", "new-from", "diff-docx"):
        result = yaml_results[f"{kind}:{name}"]
        assert result["code"] == 1, result
        assert re.search(rf"{re.escape(name)}:\d+:\d+: lỗi: nguoi_ky\.ho_ten: có ký tự điều khiển {re.escape(char)} ở ký tự thứ 5",
                         result["stderr"]), result["stderr"]
    said = yaml_results["validate:thoat-trong-doan.yaml"]["stderr"]
    assert re.search(r"thoat-trong-doan\.yaml:\d+:\d+: lỗi: can_cu\[1\]: có ký tự điều khiển U\+0007", said), said


def test_an_option_written_into_the_document_is_checked_in_its_name(tmp_path):
    new = tmp_path / "moi.yaml"
    new.write_text(SOURCE.read_text(encoding="utf-8").replace("trich_yeu: Công tác", "trich_yeu: Công tác mới", 1),
                   encoding="utf-8")
    for author, said in [("Nguyễn\x01Văn B", "ký tự điều khiển U+0001"), ("  ", "tên người sửa đang trống"),
                         ("A" * 300, "quá 255 ký tự"), ("Nguyễn\u202eVăn B", "ký tự vô hình U+202E")]:
        result = limited("diff", str(SOURCE), str(new), "--docx", str(tmp_path / "duyet.docx"), "--tac-gia", author)
        assert result.returncode == 2 and "'--tac-gia'" in result.stderr and said in result.stderr, result.stderr
        assert not (tmp_path / "duyet.docx").exists()
    result = limited("diff", str(SOURCE), str(new), "--docx", str(tmp_path / "duyet.docx"), "--tac-gia", "Nguyễn Văn B")
    assert result.returncode == 0 and 'w:author="Nguyễn Văn B"' in zipfile.ZipFile(tmp_path / "duyet.docx").read(
        "word/document.xml").decode("utf-8")


def test_paths_of_the_wrong_kind_are_named(tmp_path):
    (tmp_path / "tep").write_text("một tệp", encoding="utf-8")
    (tmp_path / "thu-muc").mkdir()
    cases = [
        (["render", str(SOURCE), "-o", str(tmp_path / "x.docx"), "--templates", str(tmp_path / "khong-co")],
         "(--templates): không có thư mục này"),
        (["render", str(SOURCE), "-o", str(tmp_path / "x.docx"), "--templates", str(tmp_path / "tep")],
         "là một tệp, không phải thư mục"),
        (["preview", str(SOURCE), "--chi-html", "-o", str(tmp_path / "tep")], "tep' là một tệp, không phải thư mục"),
        (["diff", str(SOURCE), str(SOURCE), "--docx", str(tmp_path / "thu-muc")], "--docx cần tên một tệp Word .docx"),
        (["schema", "-o", str(tmp_path / "thu-muc")], "đây là thư mục"),
    ]
    for args, said in cases:
        result = limited(*args)
        assert result.returncode in (1, 2) and said in result.stderr, (args, result.stderr)
    result = limited("render", str(SOURCE), "-o", str(tmp_path / "x.docx"),
                     env={"KEHOACH_TEMPLATES": str(tmp_path / "khong-co")})
    assert result.returncode == 1 and "(biến môi trường KEHOACH_TEMPLATES): không có thư mục này" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_check_of_the_printed_page_reports_a_broken_file_and_checks_the_others(corpus):
    docx = corpus["root"] / "docx"
    result = limited("check", "--trang", str(docx / "goc-la.docx"), str(docx / "cat-doi.docx"), str(corpus["good_docx"]))
    assert result.returncode == 1, result.stderr
    assert "goc-la.docx: không đọc được văn bản" in result.stderr and "cat-doi.docx: không đọc được" in result.stderr
    assert f"{corpus['good_docx'].name}: 0 lỗi" in result.stdout or "Kế hoạch" in result.stdout, result.stdout


def test_the_editor_answers_a_broken_request_with_a_message(tmp_path):
    from serving import start_server, stop_server
    from test_serve_data import _call

    (tmp_path / "p.yaml").write_bytes(SOURCE.read_bytes())
    (tmp_path / "hong.yaml").write_bytes(b"\x00\x01rac")
    proc, base = start_server(tmp_path)
    ok = {"X-Kehoach": "1", "Content-Type": "application/json"}
    try:
        for path, body, said in [
            ("/api/ke-hoach/p.yaml/xem-truoc", b"khong phai json", "không phải JSON"),
            ("/api/ke-hoach/p.yaml/xem-truoc", b"[1, 2]", "không đúng dạng"),
            ("/api/ke-hoach/p.yaml/luu", b"{", "không phải JSON"),
            ("/api/ke-hoach/p.yaml/tao/docx", b"null", "không đúng dạng"),
            ("/api/moi", b'{"tinh": "Lai Chau", "nam": "hai nghin"}', "năm phải là một số từ 2000 đến 2200"),
            ("/api/nam-moi", b'{"name": "p.yaml", "nam": "x"}', "năm phải là một số từ 2000 đến 2200"),
            ("/api/ke-hoach/hong.yaml/tao/docx", b"{}", "hong.yaml: lỗi: đây không phải tệp văn bản YAML"),
            ("/api/nhap?ten=a.md", bytes(range(256)), "a.md: lỗi: đây không phải tệp văn bản (có vẻ là tệp nhị phân"),
        ]:
            status, reply = _call(base + path, body, ok)
            assert status == 400 and said in json.loads(reply)["message"], (path, status, reply)
    finally:
        stop_server(proc)


def test_a_workbook_renamed_docx_is_named_as_a_workbook(tmp_path):
    import openpyxl

    book = tmp_path / "so-theo-doi.docx"
    openpyxl.Workbook().save(book)
    result = run_cli("check", str(book))
    assert result.returncode == 1
    assert "bảng tính Excel" in result.stderr
