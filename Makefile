# Every target creates and reuses a local virtualenv in .venv, installed from the lock in requirements/.
#   make run / make run-offline   the runtime (requirements/run.txt), then the sample job
#   make test                     adds the test extra (requirements/test.txt), then ruff and the test suite
#   make docs                     the documentation site, warnings as errors
#   make lock                     re-solves the lock after pyproject.toml changed (keeps the other pins)
#   make upgrade-deps             re-solves the lock with the newest versions the ranges allow
#   make test-latest              the test suite on the newest versions, in .venv-latest (no lock)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Which torch build to install (also read from the environment): auto = the CPU build when the machine has
# no NVIDIA GPU and pip can get one, else the default build; cpu; default; or a pip requirement such as
# 'torch==2.5.1'. See scripts/install-torch.sh. It applies when .venv is created: make clean first to change it.
TORCH ?= auto
LATEST_VENV ?= .venv-latest
# The lock is solved by uv (installed into .venv on demand) and installed by pip. torch is not in it (its build
# depends on the machine: CPU, CUDA, macOS) but its dependencies are, solved against requirements/torch.txt, a CPU
# build: found in pip's wheel folder where one is set (PIP_FIND_LINKS), else on PyTorch's CPU index.
UV ?= uv>=0.5,<1
LOCK_PYTHON ?= 3.11
TORCH_SOURCE ?= $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS),--extra-index-url \
	https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match)
COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --python-version $(LOCK_PYTHON) --no-emit-package torch \
	-c requirements/torch.txt $(TORCH_SOURCE)

.PHONY: setup setup-test run run-offline test lint fuzz docs bench lock upgrade-deps test-latest clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(VENV)/.torch: $(BIN)/activate
	scripts/install-torch.sh $(BIN)/python '$(TORCH)'
	touch $@

# The lock pins every package (with hashes); aligntool itself goes on top, editable, without dependencies.
$(VENV)/.run: $(VENV)/.torch requirements/run.txt pyproject.toml
	$(BIN)/python -m pip install --require-hashes --no-deps -r requirements/run.txt
	$(BIN)/python -m pip install --no-deps -e .
	$(BIN)/python -m pip check
	touch $@
	@echo "aligntool is installed in $(VENV): run 'source $(VENV)/bin/activate' once per shell (or call $(BIN)/aligntool)"

$(VENV)/.test: $(VENV)/.run requirements/test.txt
	$(BIN)/python -m pip install --require-hashes --no-deps -r requirements/test.txt
	$(BIN)/python -m pip check
	touch $@

# the runtime: what `make run` needs
setup: $(VENV)/.run

# the runtime, every extra, and the test and docs tools
setup-test: $(VENV)/.test

# Translate the sample corpus with the default OPUS-MT models (needs the Hugging Face Hub or a filled HF cache).
run: setup
	$(BIN)/aligntool translate corpora/csto_news_en.txt --to ru,kk --glossary glossary/csto.yaml --out out/

# Same job with tiny random-weight models in the OPUS-MT layout, built locally into .models/ (no network;
# the output is gibberish).
run-offline: setup
	$(BIN)/python -m tests.model_factory .models
	$(BIN)/aligntool translate corpora/csto_news_en.txt --to ru,kk --glossary glossary/csto.yaml \
		--model ru=.models/tiny-en-ru --model kk=.models/tiny-en-trk --out out/

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: setup-test
	$(BIN)/ruff check .

docs: setup-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Hostile-input fuzzing (tests/test_fuzz.py) with a fixed, reproducible budget: FUZZ_EXAMPLES per property.
# FUZZ_TIMEOUT (seconds) bounds the run whatever the machine (300 examples: 145-146 s user CPU, measured twice).
FUZZ_EXAMPLES ?= 300
FUZZ_TIMEOUT ?= 900
fuzz: setup-test
	ALIGNTOOL_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) timeout $(FUZZ_TIMEOUT) $(BIN)/python -m pytest -q -p no:randomly tests/test_fuzz.py

# Quick runs of the benchmarks (minutes on 2 cores); each script's --help shows the full-size options.
bench: setup-test
	$(BIN)/python benchmarks/segmentation.py --repeat 2
	$(BIN)/python benchmarks/alignment.py --quick
	$(BIN)/python benchmarks/tmx_scale.py --units 100000
	$(BIN)/python benchmarks/translate_speed.py --quick

$(BIN)/uv: $(BIN)/activate
	$(BIN)/python -m pip install '$(UV)'

# Re-solve the lock from pyproject.toml (run after adding or changing a dependency): pins that still satisfy
# the ranges are kept. The runtime lock is solved first; the test lock is constrained to it, so the packages
# they share have the same versions.
lock: $(BIN)/uv
	$(COMPILE) $(UPGRADE) -o requirements/run.txt pyproject.toml
	$(COMPILE) $(UPGRADE) --extra test -c requirements/run.txt -o requirements/test.txt pyproject.toml

# The lock with the newest versions the ranges allow; then run `make clean test` and commit requirements/.
upgrade-deps:
	$(MAKE) lock UPGRADE=--upgrade

# The test suite on the newest versions the ranges allow (no lock; torch stays the build install-torch.sh chose):
# drift shows up here before it reaches the lock. Its own virtualenv, so .venv stays on the lock.
test-latest:
	test -x $(LATEST_VENV)/bin/python || $(PYTHON) -m venv $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --upgrade pip
	scripts/install-torch.sh $(LATEST_VENV)/bin/python '$(TORCH)'
	$(LATEST_VENV)/bin/python -c "import torch; print('torch==' + torch.__version__)" > $(LATEST_VENV)/torch.txt
	$(LATEST_VENV)/bin/python -m pip install --upgrade --upgrade-strategy eager -c $(LATEST_VENV)/torch.txt -e '.[test]'
	$(LATEST_VENV)/bin/python -m pip list --format freeze > $(LATEST_VENV)/versions.txt
	$(LATEST_VENV)/bin/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) $(LATEST_VENV) out .models site
