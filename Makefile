# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install system-packages lint typecheck pytest bench bench-reader soak deploy-check clean

run: install system-packages
	@mkdir -p var
	$(BIN)/ducha migrate --no-input -v 0
	-$(BIN)/ducha demo
	@echo "ducha: http://$(HOST):$(PORT)/  (bulletin: http://$(HOST):$(PORT)/bulletins/2017-H1/, admin: http://$(HOST):$(PORT)/admin/)"
	@echo "publishing bulletins: http://$(HOST):$(PORT)/office/bulletins/ (inspector drafts, head approves; see README)"
	DUCHA_DEBUG=1 $(BIN)/ducha runserver $(HOST):$(PORT)

test: install system-packages lint typecheck
	$(BIN)/ducha makemigrations --check --dry-run -v 1
	$(BIN)/pytest
	$(BIN)/python deploy/check.py

# The production set-up tried for real: nginx with a self-signed certificate in front of
# gunicorn, DUCHA_DEBUG=0, a login and a report in Chromium through HTTPS (see deploy/).
deploy-check: install system-packages
	$(BIN)/python deploy/check.py

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The browser tests drive Debian's Chromium and need CJK fonts to render Chinese.
# Official documents: Kai and Latin fonts, WeasyPrint's libraries (libharfbuzz-subset0 makes
# font subsetting fast), poppler-utils to check PDFs, LibreOffice to open the DOCX in tests.
# The spreadsheet tests convert files with LibreOffice Calc (a second, real writer of .xlsx).
# Deployment: nginx in front (deploy/check.py tries it with a self-signed certificate made by
# openssl); pg_dump and pg_restore for `ducha backup` and `ducha restore` on PostgreSQL.
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-arphic-ukai fonts-liberation2 \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils \
	libreoffice-writer-nogui libreoffice-calc-nogui \
	nginx-light openssl postgresql-client
system-packages:
	@if ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
		if [ "$$(id -u)" != 0 ]; then echo "need root to install $(SYSTEM_PACKAGES)" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

lint: install
	$(BIN)/ruff format --check ducha tests bench deploy
	$(BIN)/ruff check ducha tests bench deploy
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy ducha

bench: install
	$(BIN)/python bench/compose_bulletin.py
	$(BIN)/python bench/render_documents.py
	$(BIN)/python bench/workflow_pages.py
	$(BIN)/python bench/import_ledger.py
	$(BIN)/python bench/read_bulletin.py
	$(BIN)/python bench/read_bulletin_fuzz.py 1 40
	$(BIN)/python bench/reader_accuracy.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/export_ratings.py

# How well the reader reads the labelled corpus (tests/data/bulletins/), per shape.
bench-reader: install
	$(BIN)/python bench/reader_accuracy.py

# The load suite: gunicorn with 4 workers on SQLite and PostgreSQL, 100 readers for 60 s plus
# 20 reporters (about 4 minutes; 127.0.0.1 only).
soak: install system-packages
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) var
