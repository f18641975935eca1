# imagedenoise: set up, run the main job, test. `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= imagedenoise-output
DEBIAN_FMNIST := /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz


.PHONY: help setup data browser demo test test-nbs test-py test-time bench bench-peer profile docs readme weights experiments sync check-sync clean

help:
	@echo "make demo        set up, then run the main job: every pretrained model on the protocol, beside the study"
	@echo "make test        set up, then run the notebook tests (nbdev_test) and tests/ (pytest)"
	@echo "make test-time   time set-up (in a fresh clone), make test (each half) and make demo (writes benchmarks/results/test_time.json, quoted by the README)"
	@echo "make bench       speed of every model, ours/PyTorch, time-to-quality curves (about an hour; writes benchmarks/results/speed.json)"
	@echo "make profile     where training time goes, by op type and layer (TensorFlow's profiler; about a minute; writes benchmarks/results/profile.json)"
	@echo "make docs        build the documentation site from the notebooks into _site/ (MkDocs; no Quarto needed)"
	@echo "make readme      regenerate README.md from nbs/index.ipynb"
	@echo "make weights MODEL=deep  retrain one model with its recipe and replace its shipped weights (imagedenoise train --release)"
	@echo "make experiments run every script in experiments/ (writes experiments/results/; hours)"
	@echo "make sync        export the library from the notebooks and clean the notebooks (before committing)"
	@echo "make check-sync  fail if the library or the notebooks differ from what nbdev_export/nbdev_clean make"

# Fashion-MNIST from Debian (package dataset-fashion-mnist) when we are root with apt; otherwise the
# loader falls back to $$IMAGEDENOISE_DATA, ~/.keras/datasets or Keras's own downloader.
data:
	@if [ -f $(DEBIAN_FMNIST) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Fashion-MNIST (apt-get install dataset-fashion-mnist)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null; \
	else echo "Note: not root or no apt-get; Fashion-MNIST will come from IMAGEDENOISE_DATA, ~/.keras/datasets or Keras's downloader."; fi

# Debian's Chromium and ChromeDriver, for the test that opens the docs site in a browser (skipped without them).
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium for the docs test (apt-get install chromium chromium-driver)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "Note: no Chromium (apt-get install chromium chromium-driver); the docs browser test will be skipped."; fi

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Everything pinned: setup.py's exact pins (from settings.ini) plus constraints.txt for what they pull in.
$(VENV)/.installed: $(BIN)/activate settings.ini setup.py constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

setup: data $(VENV)/.installed

demo: setup
	$(BIN)/imagedenoise benchmark --out $(OUT) --overwrite

test-nbs: setup
	$(BIN)/nbdev_test --do_print --timing

# pytest in parallel, one worker per core (pytest-xdist); each test file runs on one worker, so a module's fixtures are made once.
# The files that take longest start first, so that no worker is left with a long one at the end (xdist would otherwise
# order them by their number of tests); every other file follows.
PYTEST := $(BIN)/pytest -q -n auto --dist loadfile --no-loadscope-reorder --durations=10
LONGEST_TESTS := tests/test_models_cli.py tests/test_bad_input.py tests/test_speed_benchmark.py tests/test_export.py tests/test_docs_site.py
TESTS := $(LONGEST_TESTS) $(filter-out $(LONGEST_TESTS),$(sort $(wildcard tests/test_*.py)))

test-py: setup browser
	$(PYTEST) $(TESTS)

# Each chapter runs once, every cell (nbdev_test); then tests/ checks what a notebook cannot show, and that the chapters
# left the shipped weights as committed. Both suites run even when the first fails; the exit status is non-zero if either failed.
# Scores of a network on a test set are computed once per run and shared by every chapter and test that asks
# (IMAGEDENOISE_SCORE_CACHE: a fresh folder each run unless it is set, keyed by the network's weights and the images; see Faster inference).
test: setup browser
	@status=0; made=; if [ -z "$${IMAGEDENOISE_SCORE_CACHE:-}" ]; then export IMAGEDENOISE_SCORE_CACHE=$$(mktemp -d); made=1; fi; \
	$(BIN)/nbdev_test --do_print --timing || status=1; \
	$(PYTEST) $(TESTS) || status=1; [ -z "$$made" ] || rm -rf "$$IMAGEDENOISE_SCORE_CACHE"; exit $$status

# How long set-up (timed only in a fresh clone), `make test` (each half) and `make demo` take here (writes
# benchmarks/results/test_time.json, which the README quotes). The script makes the virtual environment itself, to time it.
test-time:
	$(PYTHON) benchmarks/test_time.py

# A benchmark, not a test: it prints figures (and saves them for the Speed chapter), asserts nothing. In one run:
# throughput of every model, the PyTorch peer (its own venv, below) and ours/PyTorch, and each model's time-to-quality
# curve (its recipe, in float32, for at most TTQ_MINUTES of training; PSNR on 2,000 test images after every epoch).
TTQ_MINUTES ?= 10
bench: setup bench-peer
	$(BIN)/python benchmarks/speed.py --time-to-quality --ttq-minutes $(TTQ_MINUTES) --peer $(PEER)/bin/python --json > benchmarks/results/speed.json.tmp
	mv benchmarks/results/speed.json.tmp benchmarks/results/speed.json
	$(BIN)/python benchmarks/speed.py --show benchmarks/results/speed.json

# The PyTorch peer's own venv: PyTorch 2.13.0 (CPU) is not a dependency of imagedenoise.
PEER ?= .venv-peer
bench-peer: $(PEER)/.installed
$(PEER)/.installed:
	$(PYTHON) -m venv $(PEER)
	$(PEER)/bin/pip install --quiet --disable-pip-version-check torch==2.13.0 numpy==$$($(BIN)/python -c 'import numpy; print(numpy.__version__)')
	touch $@

# Where the time of a training step goes (the Speed chapter's profile): basic in float32 and bfloat16, deep in bfloat16.
profile: setup
	( echo '['; $(BIN)/python benchmarks/profile.py --model basic --json; echo ','; \
	  $(BIN)/python benchmarks/profile.py --model basic --precision bfloat16 --json; echo ','; \
	  $(BIN)/python benchmarks/profile.py --model deep --precision bfloat16 --json; echo ']' ) > benchmarks/results/profile.json.tmp
	mv benchmarks/results/profile.json.tmp benchmarks/results/profile.json
	$(BIN)/python benchmarks/profile.py --show benchmarks/results/profile.json

docs: setup
	$(BIN)/python docs/build.py

# The one way to replace a shipped model: train it with its recipe from MODELS, then save into imagedenoise/weights/.
weights: setup
	@test -n "$(MODEL)" || { echo "Give the model to retrain: make weights MODEL=basic (one of basic, hybrid, deep, unet, fast, blind)"; exit 2; }
	$(BIN)/imagedenoise train --model $(MODEL) --release

# Every experiment of the Lab notes chapter, each writing experiments/results/NAME.json.
experiments: setup
	for f in experiments/[a-z]*.py; do case $$f in */common.py) continue;; esac; $(BIN)/python $$f || exit 1; done

readme: setup
	$(BIN)/python docs/readme.py

sync: setup
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean

check-sync: sync
	@if [ -n "$$(git status --porcelain -- imagedenoise nbs)" ]; then \
		echo "The library or the notebooks are out of sync (run 'make sync' and commit):"; \
		git status --porcelain -- imagedenoise nbs; exit 1; fi

clean:
	rm -rf _docs _proc _build _site $(OUT) nbs/$(OUT) .pytest_cache
