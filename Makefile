# pramoen — every set-up step is here; see README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/pramoen
export PRAMOEN_DEBUG ?=
# Which tests each database runs (pytest -m): every test runs on both, except the browser walks, which drive
# pages rather than SQL and run once, on SQLite, as does schemathesis against the API (fuzz); and the
# real-data tests (slow) and the year walk (e2e), which run once, on PostgreSQL, the production database.
# Empty runs everything: `make test-sqlite SQLITE_MARKS=`.
SQLITE_MARKS ?= not slow and not e2e
PG_MARKS ?= not browser and not fuzz or slow or e2e

.PHONY: install install-dev run demo screenshots test test-sqlite test-postgres lint format bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed  ## the virtual environment with pramoen installed

install-dev: $(VENV)/.installed-dev

run: install  ## demo on SQLite at http://127.0.0.1:8000, with one job worker beside the web server
	PRAMOEN_DEBUG=1 $(BIN)/pramoen migrate --no-input
	PRAMOEN_DEBUG=1 $(BIN)/pramoen demo
	PRAMOEN_DEBUG=1 $(BIN)/python tools/run_with_worker.py 127.0.0.1:8000

demo: install
	PRAMOEN_DEBUG=1 $(BIN)/pramoen migrate --no-input
	PRAMOEN_DEBUG=1 $(BIN)/pramoen demo

screenshots: install-dev  ## each role's home at 1280 and 390 px into docs/screenshots/ (demo database)
	PRAMOEN_DEBUG=1 $(BIN)/pramoen migrate --no-input
	PRAMOEN_DEBUG=1 $(BIN)/pramoen demo
	PRAMOEN_DEBUG=1 $(BIN)/python tools/screenshots.py

lint: install-dev
	$(BIN)/ruff check pramoen tests bench tools
	$(BIN)/ruff format --check pramoen tests bench tools
	PRAMOEN_TESTING=1 $(BIN)/mypy pramoen

format: install-dev
	$(BIN)/ruff check --fix pramoen tests bench tools
	$(BIN)/ruff format pramoen tests bench tools

test: install-dev lint  ## lint + the whole suite on SQLite and PostgreSQL, side by side
	@# the two runs share nothing (in-memory SQLite, its own PostgreSQL test database); each one's output
	@# is printed whole when it ends, and make fails if either fails
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: install-dev
	@echo "== tests on SQLite =="
	PRAMOEN_TESTING=1 DATABASE_URL= $(BIN)/pytest -m "$(SQLITE_MARKS)" $(PYTEST_ARGS)

test-postgres: install-dev
	@echo "== tests on PostgreSQL ($(PG_TEST_URL)) =="
	@if $(BIN)/python tools/pg_ready.py "$(PG_TEST_URL)"; then \
		PRAMOEN_TESTING=1 DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest -m "$(PG_MARKS)" $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable and CI=true: failing"; exit 1; \
	else \
		echo "PostgreSQL is not reachable: PostgreSQL run SKIPPED (it is mandatory in CI)"; \
	fi

bench: install-dev  ## ratios against a same-run baseline; needs PostgreSQL
	PRAMOEN_TESTING=1 $(BIN)/python bench/run.py

messages: install-dev  ## after changing user-facing text: new msgids into the Thai .po, then list what needs Thai
	cd pramoen && PYTHONPATH=.. PRAMOEN_DEBUG=1 ../$(BIN)/python -m pramoen makemessages -l th --no-obsolete
	@# fixed header dates: a date that changes on every run makes every two branches conflict (git has them)
	sed -i -E 's/^"(POT-Creation|PO-Revision)-Date: .*\\n"$$/"\1-Date: 2024-01-01 00:00+0700\\n"/' pramoen/locale/th/LC_MESSAGES/django.po
	$(BIN)/python tools/po_check.py pramoen/locale/th/LC_MESSAGES/django.po
	msgfmt --check -o pramoen/locale/th/LC_MESSAGES/django.mo pramoen/locale/th/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
