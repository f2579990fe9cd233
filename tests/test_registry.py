"""The one table of checks (kehoach_gen/facts/findings.py): every code a check can print is declared once, with
what the clerk needs to read it, and every finding the checkers make comes from a declared check."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import docx
import pytest
from test_check_rules import good_bytes  # noqa: F401  (a fixture)

from kehoach_gen.check import RULES, check_file
from kehoach_gen.facts import findings
from kehoach_gen.facts.findings import CODES, FAMILIES, Finding, canonical

findings.load_all()
VIETNAMESE = re.compile(r"[^\x00-\x7f]")  # a letter with a diacritic: the words are Vietnamese
CODE = re.compile(r"ND30-(R|G)\d{2}[a-z]?|ND-C\d{2}[a-z]?")


def test_every_code_is_well_formed_and_in_its_family():
    for code, check in CODES.items():
        assert CODE.fullmatch(code), code
        assert code.startswith(check.family) and check in FAMILIES[check.family].checks
        assert canonical(code) == code
    for family in FAMILIES.values():
        letters = [c.code[len(family.code):] for c in family.checks]
        # a family of one check keeps its number alone; a family of several letters them a, b, c ... in order
        assert letters == ([""] if len(letters) == 1 else [chr(ord("a") + i) for i in range(len(letters))]), family.code


@pytest.mark.parametrize("code", sorted(CODES, key=findings.sort_key))
def test_every_check_explains_itself(code):
    check = CODES[code]
    assert check.severity in ("E", "W")
    assert check.title and check.clause and check.measured and check.scope.words
    assert all(VIETNAMESE.search(text) for text in (check.title, check.message, check.measured, check.scope.words))
    if check.severity == "W":  # a warning says why it is not an error
        assert check.tolerance, code
    sample = check.sample()  # the example fills every field of the message: the docs print this line
    assert sample.code == code and sample.where and "{" not in sample.message
    assert sample.rule == check.family and sample.title == check.title


def test_every_layout_family_runs_and_every_runner_is_declared():
    """A rule function per family of the layout checker (R00 is the checker's own note)."""
    ran = {rule_id for rule_id, _, _ in RULES}
    declared = {code for code in FAMILIES if code.startswith("ND30-R")}
    assert ran == declared - {"ND30-R00"}
    assert all(FAMILIES[rule_id].title == title for rule_id, title, _ in RULES)


def test_a_check_cannot_be_declared_twice():
    family = FAMILIES["ND30-R01"]
    with pytest.raises(ValueError, match="declared twice"):
        family.check("", "E", "khổ giấy phải là A4", title="khổ giấy A4", example={"where": "x"})
    with pytest.raises(ValueError, match="declared twice"):
        findings.Family("ND30-R01", "Khổ giấy A4", "Phụ lục I", family.scope)


def test_the_clerk_s_spelling_of_a_code_is_understood():
    assert canonical("r13c") == "ND30-R13c"
    assert canonical(" nd30-R13C ") == "ND30-R13c"
    assert canonical("g1a") == "ND30-G01a"
    assert canonical("C3") == "ND-C03"
    assert canonical("nd-c12b") == "ND-C12b"
    assert canonical("Quốc hiệu") == "Quốchiệu"  # not a code: returned as typed, without spaces


def test_a_rule_that_fails_on_an_odd_document_is_named_and_the_others_still_run(good_bytes, tmp_path, monkeypatch):  # noqa: F811
    def broken(lay):
        raise ValueError("giá trị lạ")

    path = tmp_path / "a.docx"
    docx.Document(io.BytesIO(good_bytes)).save(str(path))
    before = {(f.code, f.where) for f in check_file(path).findings}
    patched = [(rule_id, title, broken if rule_id == "ND30-R14" else fn) for rule_id, title, fn in RULES]
    monkeypatch.setattr("kehoach_gen.check.RULES", patched)
    after = check_file(path).findings
    [note] = [f for f in after if f.code == "ND30-R00"]
    assert isinstance(note, Finding) and note.severity == "W" and note.where == "toàn văn bản"
    assert note.message == ("không kiểm tra được quy tắc ND30-R14 (Tiêu ngữ): văn bản có giá trị định dạng không "
                            "đọc được (ValueError)")
    assert {(f.code, f.where) for f in after if f is not note} == {x for x in before if not x[0].startswith("ND30-R14")}


@pytest.mark.slow
def test_the_table_is_complete_in_a_fresh_process():
    """load_all imports every module that declares a check: docs and --giai-thich see them all."""
    out = subprocess.run([sys.executable, "-c", "from kehoach_gen import findings; findings.load_all(); "
                          "print(' '.join(findings.CODES))"], capture_output=True, text=True, check=True).stdout
    assert set(out.split()) == set(CODES)
