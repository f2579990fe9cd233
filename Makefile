# Two commands for a fresh machine: `make demo` and `make test`. Everything they need is installed here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno chromium
DEMO := drafts/examples/hau-giang-2018.yaml

.PHONY: demo test lint bench corpus system template quy-tac clean

# System packages (LibreOffice for PDF, Liberation Serif 2 with full Vietnamese coverage, poppler).
# python3-uno keeps one LibreOffice warm for `kehoach serve`'s PDFs; chromium runs its browser tests.
# apt-get runs only when something is missing, and always after `apt-get update`.
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/python -m compileall -q kehoach_gen
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[bench]'
	touch $@

demo: system $(VENV)/.installed
	@$(BIN)/kehoach render $(DEMO) --pdf | grep -v "^ " | cut -d' ' -f1

test: system $(VENV)/.installed-test
	$(BIN)/ruff check kehoach_gen tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

# Speed targets live here, never in the unit tests: prints a table and writes bench/RESULTS.md.
# Bytecode first: with PYTHONDONTWRITEBYTECODE, a module edited since install would otherwise be compiled
# again in every timed process.
bench: system $(VENV)/.installed-bench
	$(BIN)/python -m compileall -q kehoach_gen
	$(BIN)/python bench/run.py

# Import then render every file of the development corpus (or CORPUS=folder), through the real command:
# exit codes, words kept in order, notes, body tables and emphasis kept, one row a file.
corpus: system $(VENV)/.installed-test
	$(BIN)/python bench/corpus.py $(CORPUS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kehoach_gen tests bench
	$(BIN)/mypy

# Rebuild templates/kehoach.docx from kehoach_gen/render/template_build.py.
template: $(VENV)/.installed
	$(BIN)/python -m kehoach_gen.render.template_build templates/kehoach.docx

# Rewrite docs/quy-tac.md (every check code, for the clerk) from the check table; tests/test_explain.py fails
# while the committed page is stale.
quy-tac: $(VENV)/.installed
	$(BIN)/python -m kehoach_gen.check.explain docs/quy-tac.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache drafts/examples/*.docx drafts/examples/*.pdf
