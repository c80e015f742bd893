# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The benchmark's sizes (a comma-separated list: make's $(or ...) would split it).
SCALES ?= 1,100,1000

.PHONY: help install run serve migrate load test lint format compose-check browser gettext messages clean bench bench-report backup restore loadtest

help:
	@echo "make run    - install, migrate, load both cases, serve on http://$(HOST):$(PORT)/"
	@echo "make test   - lint, migration drift check and the whole test suite"
	@echo "make bench  - time every public page at x1, x100, x1000 (SCALES=1,100 for less)"
	@echo "make bench-report FILE=bench/results/<run>.json - print a saved run's table again"
	@echo "make loadtest - $(LOADTEST_USERS) readers for $(LOADTEST_MINUTES) min against gunicorn, PostgreSQL, Redis; LOADTEST_CACHE=off for no page cache"
	@echo "make messages - update the Spanish catalogue from the code and compile it (docs/translating.md)"
	@echo "make compose-check - validate docker-compose.yml against the Compose specification"
	@echo "make backup - back up the database DATABASE_URL names to backups/ (OUTPUT=path)"
	@echo "make restore FILE=backups/<file> - restore a backup into DATABASE_URL's database (REPLACE=1)"

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

load: migrate
	$(BIN)/python manage.py load_archive

run: load
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Debian's chromium for the browser tests (tests/browser); does nothing if already on PATH.
browser:
	bash scripts/install-browser

compose-check: install
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

# GNU gettext for makemessages and the catalogue test; does nothing if already on PATH.
gettext:
	bash scripts/install-gettext

messages: install gettext
	$(BIN)/python manage.py update_catalogue

test: install lint browser gettext
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest --create-db

# Not part of `make test`: builds archives up to a thousand times today's size (up to half an
# hour on a fresh machine), then times every public page type; see docs/performance.md.
bench: install
	SCALES=$(SCALES) $(BIN)/python -m bench.run

bench-report: install
	@test -n "$(FILE)" || { echo "usage: make bench-report FILE=bench/results/<run>.json"; exit 2; }
	$(BIN)/python -m bench.run --report $(FILE)

# The whole database, history included (see README, "Backups"): pg_dump or SQLite's backup API.
backup: install
	$(BIN)/python manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)")

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<file> [REPLACE=1]"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(REPLACE),--replace)

# Not part of `make test`: simulated readers (Locust) against the site under gunicorn with
# PostgreSQL and Redis, all on loopback, started and stopped by the script; see
# docs/performance.md, "Load test".
LOADTEST_USERS ?= 20
LOADTEST_MINUTES ?= 10
LOADTEST_CACHE ?= on

loadtest: install
	LOADTEST_USERS=$(LOADTEST_USERS) LOADTEST_MINUTES=$(LOADTEST_MINUTES) \
		LOADTEST_CACHE=$(LOADTEST_CACHE) $(BIN)/python -m bench.loadtest

clean:
	rm -rf $(VENV) archive.sqlite3 staticfiles .pytest_cache .ruff_cache
