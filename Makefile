# The two commands of the README: `make serve` (the demo firm's site) and `make test`.
# `make test-lowest` runs the suite at the lowest versions pyproject.toml allows (CI runs both).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOWEST := .venv-lowest
UV := $(BIN)/uv
TEST_ENV = NO_MKDOCS_2_WARNING=1

.PHONY: serve build test test-lowest lint bench constraints

# uv (from PyPI) installs; pip stays in the venv for people who use it. Bytecode is compiled at
# install, as pip does: the suite starts many Python processes, and where PYTHONDONTWRITEBYTECODE
# is set each of them would compile MkDocs, Material and matplotlib from source again.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip uv
	$(UV) pip install -q --compile-bytecode --python $(BIN)/python -e '.[test]'
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

lint: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks

test: $(STAMP) lint
	@command -v chromium >/dev/null || bash .ci/install-chromium
	@bash .ci/install-nginx
	@bash .ci/install-age
	PATH="$(CURDIR)/$(BIN):$$PATH" $(TEST_ENV) $(BIN)/pytest -n 2

# A second venv with the lowest version of every direct dependency: a floor that lies fails here.
test-lowest: $(STAMP)
	rm -rf $(LOWEST)
	$(UV) venv -q --seed --python $(BIN)/python $(LOWEST)
	$(UV) pip install -q --compile-bytecode --python $(LOWEST)/bin/python --resolution lowest-direct -e '.[test]'
	$(UV) pip list -q --python $(LOWEST)/bin/python > $(LOWEST)/versions.txt
	PATH="$(CURDIR)/$(LOWEST)/bin:$$PATH" $(TEST_ENV) $(LOWEST)/bin/pytest -n 2 -p no:cacheprovider

bench: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/run.py

# The constraints file of the CI templates, anew from PyPI (its comment lines kept).
constraints: $(STAMP)
	sed '/^[^#]/,$$d' constraints.txt > constraints.tmp
	$(UV) pip compile -q pyproject.toml --extra site --extra privacy --universal --python-version 3.11 \
		--upgrade --no-header --no-annotate -o - >> constraints.tmp
	mv constraints.tmp constraints.txt
