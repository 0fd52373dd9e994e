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

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

data/demo.sqlite: | $(VENV)/.installed
	$(BIN)/workbook demo $@

## run: write the demo workbook if missing and start JupyterLab, ready to project
# lab/jupyter_server_config.py sets the lab up through its own settings (no news pop-up,
# file browser collapsed, the start notebook open, saving never dirties the notebooks);
# the root is the project, so notebooks/ and exports/ are both in the file browser.
run: $(VENV)/.installed data/demo.sqlite
	WORKBOOK=$(abspath $(WORKBOOK)) $(BIN)/jupyter lab --config=lab/jupyter_server_config.py \
	    --ServerApp.root_dir=. --ServerApp.port=$(PORT) --allow-root

## test: install the test dependencies (Debian's chromium included) and run the whole suite
test: $(VENV)/.installed-test
	@command -v chromium >/dev/null 2>&1 || sh tools/install-chromium.sh
	$(BIN)/python -m pytest

demo: $(VENV)/.installed
	$(BIN)/workbook demo data/demo.sqlite --force

bench: $(VENV)/.installed-test
	$(BIN)/python bench/store.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/notebooks.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check workbook tests bench
