# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install system-packages lint typecheck pytest bench clean

run: install
	@mkdir -p var
	$(BIN)/ducha migrate --no-input -v 0
	$(BIN)/ducha demo
	@echo "ducha: http://$(HOST):$(PORT)/  (bulletin: http://$(HOST):$(PORT)/bulletins/2017-H1/, admin: http://$(HOST):$(PORT)/admin/)"
	DUCHA_DEBUG=1 $(BIN)/ducha runserver $(HOST):$(PORT)

test: install system-packages lint typecheck
	$(BIN)/ducha makemigrations --check --dry-run -v 1
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The browser tests drive Debian's Chromium and need CJK fonts to render Chinese.
system-packages:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list | grep -q 'Noto Serif CJK'; then \
		if [ "$$(id -u)" != 0 ]; then echo "need root to install chromium and fonts-noto-cjk" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

lint: install
	$(BIN)/ruff format --check ducha tests bench
	$(BIN)/ruff check ducha tests bench

typecheck: install
	$(BIN)/mypy ducha

bench: install
	$(BIN)/python bench/compose_bulletin.py
	$(BIN)/python bench/read_bulletin.py

clean:
	rm -rf $(VENV) var
