# The two commands of the README: `make serve` (the demo firm's site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test lint bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# A demo firm (`klacht demo`: the example complaints with a believable history), made once into
# $(DEMO), ignored by Git: `rm -rf demo` makes it anew.
DEMO ?= demo
SERVE_ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	test -d $(DEMO) || $(BIN)/klacht demo $(DEMO)
	cd $(DEMO) && NO_MKDOCS_2_WARNING=1 $(abspath $(BIN))/mkdocs serve --dev-addr $(SERVE_ADDR)

build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: $(STAMP)
	@command -v chromium >/dev/null || bash .ci/install-chromium
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	PATH="$(CURDIR)/$(BIN):$$PATH" NO_MKDOCS_2_WARNING=1 $(BIN)/pytest -n 2

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
