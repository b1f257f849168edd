# Every target creates and reuses a local virtualenv in .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Which torch build to install (also read from the environment): auto = the CPU build when the machine has
# no NVIDIA GPU and pip can get one, else the default build; cpu; default; or a pip requirement such as
# 'torch==2.5.1'. See scripts/install-torch.sh. It applies when .venv is created: make clean first to change it.
TORCH ?= auto

.PHONY: setup run run-offline test lint fuzz bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(VENV)/.torch: $(BIN)/activate
	scripts/install-torch.sh $(BIN)/python '$(TORCH)'
	touch $@

$(VENV)/.installed: $(VENV)/.torch pyproject.toml
	$(BIN)/python -m pip install -e '.[test]'
	touch $@
	@echo "aligntool is installed in $(VENV): run 'source $(VENV)/bin/activate' once per shell (or call $(BIN)/aligntool)"

setup: $(VENV)/.installed

# Translate the sample corpus with the default OPUS-MT models (needs the Hugging Face Hub or a filled HF cache).
run: setup
	$(BIN)/aligntool translate corpora/csto_news_en.txt --to ru,kk --glossary glossary/csto.yaml --out out/

# Same job with tiny random-weight models in the OPUS-MT layout, built locally into .models/ (no network;
# the output is gibberish).
run-offline: setup
	$(BIN)/python -m tests.model_factory .models
	$(BIN)/aligntool translate corpora/csto_news_en.txt --to ru,kk --glossary glossary/csto.yaml \
		--model ru=.models/tiny-en-ru --model kk=.models/tiny-en-trk --out out/

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .

# Hostile-input fuzzing (tests/test_fuzz.py) with a fixed, reproducible budget: FUZZ_EXAMPLES per property.
FUZZ_EXAMPLES ?= 300
fuzz: setup
	ALIGNTOOL_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) timeout 1800 $(BIN)/python -m pytest -q -p no:randomly tests/test_fuzz.py

# Quick runs of the benchmarks (minutes on 2 cores); each script's --help shows the full-size options.
bench: setup
	$(BIN)/python benchmarks/segmentation.py --repeat 2
	$(BIN)/python benchmarks/alignment.py --quick
	$(BIN)/python benchmarks/tmx_scale.py --units 100000
	$(BIN)/python benchmarks/translate_speed.py --quick

clean:
	rm -rf $(VENV) out .models
