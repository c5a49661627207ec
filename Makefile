# The README's commands. Every target creates the virtual environment first if it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ALLIANCES ?= 60
WEB_WORKERS ?= 2
WEB_THREADS ?= 4

.PHONY: demo serve test lint install system-packages messages bench generate docs screenshots clean load

## system-packages: the Debian packages of .ci/system-packages.txt (apt-get as root, else the command to run)
system-packages:
	@$(PYTHON) scripts/system_packages.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

## demo: install, migrate, load the demo data set, print the logins, serve on 127.0.0.1:8000 with a task worker beside
demo: export ITISA_PUBLIC_URL ?= http://$(HOST):$(PORT)
demo: system-packages install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --alliances $(DEMO_ALLIANCES)
	@echo ""
	@echo "  Open http://$(HOST):$(PORT)/   (back office: http://$(HOST):$(PORT)/admin/)"
	@echo ""
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "  The task worker (exports, certificates, e-mails, the daily deadline scan) runs beside the web server."
	$(BIN)/python manage.py run_worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) --threads $(WEB_THREADS) --no-control-socket --access-logfile -

serve: install
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole suite (ruff, import contracts, pytest) on the database DATABASE_URL names (SQLite by default)
test: system-packages install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest

## lint: static checks beyond the test run
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy policy itisa config

## messages: refresh and compile the zh-hans catalogue
messages: install
	ITISA_MODE=test $(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=policy --ignore=bench \
		--ignore="*/tests/*" --ignore=conftest.py
	msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po

## generate: a synthetic register, e.g. make generate N=10000
generate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py generate_register --alliances $(or $(N),10000)

## bench: the policy-engine benchmark (see docs/benchmarks.md)
bench: install
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[bench]"
	$(BIN)/python bench/run_bench.py

## load: web throughput on PostgreSQL (docs/benchmarks.md "Web throughput"), e.g.
##       make load DATABASE_URL=postgres://postgres@127.0.0.1:5432/itisa_load N=10000
load: install
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[bench]"
	$(BIN)/python bench/run_load.py --alliances $(or $(N),10000)

## docs: regenerate one page per policy pack and the facts JSON Schema
docs: install
	$(BIN)/python -m policy docs
	$(BIN)/python -m policy schema facts --out docs/policy/facts.schema.json

## screenshots: the screenshots of docs/adr/0020, the README and the user guides (docs/guide/img/), from the demo data (Debian Chromium)
screenshots: system-packages install
	ITISA_SCREENSHOTS=docs/adr/img $(BIN)/pytest tests/browser/test_screenshots.py -q

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
