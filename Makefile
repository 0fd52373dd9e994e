# The two commands of the README: `make run` and `make test`. Both create the virtual
# environment in .venv on first use; nothing needs installing by hand beforehand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WORKBOOK ?= data/demo.sqlite
PORT ?= 8888

.PHONY: run test demo bench lint clean-exports

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml workbook/views/participant/voila_template/* | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m workbook.views.participant.voila_setup
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

data/demo.sqlite: | $(VENV)/.installed
	$(BIN)/workbook demo $@

## run: write the demo workbook if missing and start JupyterLab on notebooks/
run: $(VENV)/.installed data/demo.sqlite
	WORKBOOK=$(abspath $(WORKBOOK)) $(BIN)/jupyter lab --notebook-dir=notebooks \
	    --ServerApp.port=$(PORT) --allow-root

## test: install the test dependencies (Debian's chromium included) and run the whole suite
test: $(VENV)/.installed-test
	sh tools/install-chromium.sh
	$(BIN)/python -m pytest

demo: $(VENV)/.installed
	$(BIN)/workbook demo data/demo.sqlite --force

bench: $(VENV)/.installed-test
	$(BIN)/python bench/store.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/notebooks.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check workbook tests bench
