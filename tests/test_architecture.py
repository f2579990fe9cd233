"""The layers of ARCHITECTURE.md, read from the source (every import, module level or inside a function; only
imports under `if TYPE_CHECKING:` are left out, as they never load): a change that breaks one fails here, not
in a reviewer's memory."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kehoach_gen"

# The layers, lowest first. A module may import its own layer and the layers below it, never one above.
LAYERS: dict[str, int] = {
    "kehoach_gen": 0, "errors": 0, "inputs": 0, "portable": 0,
    "facts": 1,
    "ooxml": 2,
    "plan": 3,
    "render": 4, "check": 4, "content": 4, "importer": 4, "review": 4, "eoffice": 4, "start": 4, "tracking": 4,
    "build": 4,
    "cli": 5, "web": 5,
    "__main__": 6,
}
MAX_LINES = 700


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_only(tree: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside |= {id(n) for n in ast.walk(node)}
    return inside


@functools.cache
def _imports(module: str) -> frozenset[str]:
    """The project's modules (short names, 'check.rules.base') a module imports."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skip = _type_only(tree)
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kehoach_gen"):
            target = node.module or ""
            for alias in node.names:  # 'from kehoach_gen.facts import nd30' names a module
                out.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("kehoach_gen")}
    return frozenset(m.removeprefix("kehoach_gen.") if m != "kehoach_gen" else m for m in out)


def _short(module: str) -> str:
    return module.removeprefix("kehoach_gen.") if module != "kehoach_gen" else module


def _layer(short: str) -> str:
    return short.split(".")[0]


def _in(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_every_module_sits_in_a_layer():
    assert not {_short(m) for m in MODULES if _layer(_short(m)) not in LAYERS}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers(module):
    here = LAYERS[_layer(_short(module))]
    above = {m for m in _imports(module) if LAYERS.get(_layer(m), 99) > here}
    assert not above, f"{_short(module)} (layer {here}) imports a higher layer: {sorted(above)}"


def test_the_facts_import_nothing_of_the_project_but_facts_and_errors():
    for module in MODULES:
        if _in(_short(module), "facts"):
            assert {m for m in _imports(module) if not _in(m, "facts", "errors")} == set(), module


def test_nothing_imports_the_command_line():
    users = {_short(m) for m in MODULES if not _in(_short(m), "cli") and any(_in(i, "cli") for i in _imports(m))}
    assert users == {"__main__"}


def test_only_the_command_line_starts_the_web_editor():
    users = {_short(m) for m in MODULES if not _in(_short(m), "web") and any(_in(i, "web") for i in _imports(m))}
    assert users <= {"cli"} or all(_in(u, "cli") for u in users), users


def test_loading_a_plan_does_not_import_the_docx_reader_or_the_layout_checker():
    """The content checks of a plan (validate, render, the browser editor) stay clear of the .docx reader; only
    content.paragraphs, the checks over a .docx's paragraphs, reads one."""
    for module in MODULES:
        if _in(_short(module), "content") and _short(module) != "content.paragraphs":
            assert not {m for m in _imports(module) if _in(m, "ooxml", "check")}, module


def test_the_plan_layer_reads_no_word_file():
    """A plan loads, validates and composes without the .docx reader; only the base copy (the plan data a
    .docx carries) is shared with the Word layer."""
    for module in MODULES:
        if _in(_short(module), "plan"):
            bad = {m for m in _imports(module) if _in(m, "ooxml") and m != "ooxml.basecopy"}
            assert not bad, (module, bad)
@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_the_line_limit(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{_short(module)} has {lines} lines (limit {MAX_LINES}): split it by what it owns"
