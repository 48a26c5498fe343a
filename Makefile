# Two commands for a newcomer (see README): `make run` and `make test`.
# Each creates the virtual environment when it is missing or pyproject.toml changed.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
REGISTRY ?= registry.db

.PHONY: install run test lint bench pdfs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	rm -f $(REGISTRY)
	$(BIN)/gsvlms run corpus/ --registry sqlite:///$(REGISTRY)
	$(BIN)/gsvlms evaluate

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

pdfs: $(STAMP)
	$(BIN)/python scripts/render_corpus_pdfs.py

clean:
	rm -rf $(VENV) $(REGISTRY) .pytest_cache .hypothesis build dist
