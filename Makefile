# Every target creates and reuses a local virtualenv in .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run run-offline test lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Translate the sample corpus with the default OPUS-MT models (needs the Hugging Face Hub or a filled HF cache).
run: setup
	$(BIN)/aligntool translate corpora/csto_news_en.txt --to ru,kk --glossary glossary/csto.yaml --out out/

# Same job with tiny random-weight models in the OPUS-MT layout, built locally (no network; output is gibberish).
run-offline: setup
	$(BIN)/python -m tests.model_factory .models
	$(BIN)/aligntool translate corpora/csto_news_en.txt --to ru,kk --glossary glossary/csto.yaml \
		--model ru=.models/tiny-en-ru --model kk=.models/tiny-en-trk --out out/

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .models
