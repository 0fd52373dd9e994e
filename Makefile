# The two commands of the README: `make run` and `make test`. Both create the virtual
# environment in .venv on first use; nothing needs installing by hand beforehand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WORKBOOK ?=
PORT ?= 8888

.PHONY: run test demo bench lint clean-exports hub system-packages catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The package is byte-compiled once, as pip does for an installed wheel: a kernel started
# where PYTHONDONTWRITEBYTECODE is set (CI, some hubs) would otherwise compile it from
# source on every start.
$(VENV)/.installed: pyproject.toml workbook/views/participant/voila_template/* | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m workbook.views.participant.voila_setup
	$(BIN)/pybabel compile --directory workbook/locale --domain workbook
	$(BIN)/python -m compileall -q workbook
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
# The notebooks open the partnership chosen in 00_start_here (or with `workbook use`), the
# demo until one is; `make run WORKBOOK=data/x.sqlite` makes every notebook open that one.
run: $(VENV)/.installed data/demo.sqlite
	$(if $(WORKBOOK),WORKBOOK=$(abspath $(WORKBOOK)) )$(BIN)/jupyter lab --config=lab/jupyter_server_config.py \
	    --ServerApp.root_dir=. --ServerApp.port=$(PORT) --allow-root

# configurable-http-proxy, the proxy JupyterHub starts: from npm, into deploy/jupyterhub only.
CHP := deploy/jupyterhub/node_modules/.bin/configurable-http-proxy
$(CHP): deploy/jupyterhub/package.json
	cd deploy/jupyterhub && npm install --no-audit --no-fund --loglevel=error
	touch $@

## system-packages: Debian's chromium, PostgreSQL and Node (skips what is there)
system-packages:
	@sh tools/install-system-packages.sh

## hub: the live room on a local JupyterHub at 127.0.0.1:$(PORT) (see README)
hub: $(VENV)/.installed system-packages $(CHP)
	PORT=$(PORT) $(BIN)/python deploy/jupyterhub/demo.py

## test: install the test dependencies (chromium, PostgreSQL, the hub's proxy), type-check, run
test: $(VENV)/.installed-test system-packages $(CHP)
	$(BIN)/mypy workbook
	$(BIN)/python -m pytest

demo: $(VENV)/.installed
	$(BIN)/workbook demo data/demo.sqlite --force

bench: $(VENV)/.installed-test system-packages
	$(BIN)/python bench/store.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/notebooks.py
	$(BIN)/python bench/live.py

## catalogs: gather the strings to translate (workbook/locale/workbook.pot), merge them into
## every language's .po, compile the .mo files (pybabel reads [tool.babel] in pyproject.toml)
catalogs: $(VENV)/.installed
	$(BIN)/pybabel extract -F pyproject.toml workbook
	$(BIN)/pybabel update
	$(BIN)/pybabel compile

lint: $(VENV)/.installed-test
	$(BIN)/ruff check workbook tests bench
	$(BIN)/mypy workbook
