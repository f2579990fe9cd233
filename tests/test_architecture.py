"""The layers of ARCHITECTURE.md that already hold, read from the source (every import, module level or inside
a function): a change that breaks one fails here, not in a reviewer's memory."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kehoach_gen"
FACTS = {"nd30", "vn", "wordml", "errors"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}


@functools.cache
def _imports(module: str, *, top_level_only: bool = False) -> frozenset[str]:
    """The project's modules (short names, 'check.rules.base') a module imports."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("kehoach_gen"):
                continue
            for alias in node.names:  # 'from . import nd30' names a module; 'from .x import y' a name in x
                out.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("kehoach_gen")}
    return frozenset(m.removeprefix("kehoach_gen.").removeprefix("kehoach_gen") or "kehoach_gen" for m in out)


def _short(module: str) -> str:
    return module.removeprefix("kehoach_gen.")


def _in(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


@pytest.mark.parametrize("module", sorted(FACTS))
def test_the_facts_import_nothing_of_the_project_but_facts(module):
    assert _imports(f"kehoach_gen.{module}") <= FACTS


def test_the_check_table_is_declared_over_the_facts_alone():
    """findings.py (the codes) loads with the facts only; load_all imports the modules that declare checks."""
    assert _imports("kehoach_gen.facts.findings", top_level_only=True) <= FACTS


def test_nothing_imports_the_command_line():
    users = {_short(m) for m in MODULES if "cli" in _imports(m)}
    assert users == {"__main__"}


def test_the_checkers_know_neither_the_command_line_nor_the_web_editor():
    for module in MODULES:
        if _in(_short(module), "check", "content", "findings", "explain"):
            assert not {m for m in _imports(module) if _in(m, "cli", "web")}, module


def test_only_the_command_line_starts_the_web_editor():
    """The editor's server, pages and store are the web editor's own; its YAML round-trip writer
    (web/yamlsave.py and its text half web/yamltext.py) also serves `import --into` and is to move to the
    plan layer."""
    editor = [m for m in MODULES if _in(_short(m), "web") and _short(m) not in ("web.yamlsave", "web.yamltext")]
    users = {_short(m) for m in MODULES if not _in(_short(m), "web")
             and any(i in {_short(e) for e in editor} for i in _imports(m))}
    assert users == {"cli"}


def test_loading_a_plan_does_not_import_the_docx_reader_or_the_layout_checker():
    """The content checks of a plan (validate, render, the browser editor) stay clear of the .docx reader; only
    content.text, the checks over a .docx's paragraphs, reads one."""
    for module in MODULES:
        if _in(_short(module), "content") and _short(module) != "content.text":
            assert not {m for m in _imports(module) if _in(m, "docxread", "check")}, module


def test_the_docx_reader_is_below_rendering_importing_and_review():
    for module in MODULES:
        if _in(_short(module), "docxread"):
            bad = {m for m in _imports(module) if _in(m, "render", "importer", "build", "cli", "web", "merge_back",
                                                        "wordedits", "review", "content")}
            assert not bad, (module, bad)
