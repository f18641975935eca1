# imagedenoise: set up, run the main job, test. `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= imagedenoise-output
DEBIAN_FMNIST := /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: help setup data demo test test-nbs test-py sync check-sync clean

help:
	@echo "make demo        set up, then run the main job on the default data (Fashion-MNIST)"
	@echo "make test        set up, then run the notebook tests (nbdev_test) and tests/ (pytest)"
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

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Everything pinned: setup.py's exact pins (from settings.ini) plus constraints.txt for what they pull in.
$(VENV)/.installed: $(BIN)/activate settings.ini setup.py constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

setup: data $(VENV)/.installed

demo: setup
	$(BIN)/imagedenoise noise --out $(OUT)

test-nbs: setup
	$(BIN)/nbdev_test --do_print --timing

test-py: setup
	$(BIN)/pytest -q tests

# Both suites run even when the first fails; the exit status is non-zero if either failed.
test: setup
	@status=0; $(BIN)/nbdev_test --do_print --timing || status=1; \
	$(BIN)/pytest -q tests || status=1; exit $$status

sync: setup
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean

check-sync: sync
	@if [ -n "$$(git status --porcelain -- imagedenoise nbs)" ]; then \
		echo "The library or the notebooks are out of sync (run 'make sync' and commit):"; \
		git status --porcelain -- imagedenoise nbs; exit 1; fi

clean:
	rm -rf _docs _proc $(OUT) nbs/$(OUT) .pytest_cache
