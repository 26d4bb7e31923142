# Storyshop: `make run` serves the demo site, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PORT ?= 8000
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# manage.py defaults to the dev settings; tests, lint and benchmarks name theirs.
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=storyshop.settings.test

.PHONY: help venv run test lint format bench demo migrate clean

help:
	@echo "make run    serve the demo site on http://127.0.0.1:$(PORT) (PORT=... to change)"
	@echo "make test   install the test tools and run the whole suite"
	@echo "make lint   ruff, formatting, mypy, import contracts, templates, system checks, migrations"
	@echo "make bench  run the benchmarks in bench/ and print their figures"

# A virtualenv on Python >= 3.12, (re)created when missing or made with an older Python.
venv:
	@if [ -x "$(PY)" ] && ! "$(PY)" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "$(VENV) uses $$($(PY) --version); recreating it with Python >= 3.12"; rm -rf "$(VENV)"; fi
	@if [ ! -x "$(PY)" ]; then \
		python=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python ($$($$python --version))"; \
		"$$python" -m venv "$(VENV)" && $(PY) -m pip install --quiet --upgrade pip; fi

# Installs are remembered by stamps that are older than pyproject.toml when it changes.
$(VENV)/.installed-run: pyproject.toml | venv
	$(PY) -m pip install --quiet --editable .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | venv
	$(PY) -m pip install --quiet --editable '.[test]'
	@touch $@ $(VENV)/.installed-run

migrate: $(VENV)/.installed-run
	$(MANAGE) migrate --no-input

demo: migrate
	WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) load_demo

run: demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test
	$(TEST_SETTINGS) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy commerce search
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djhtml --check themes
	$(TEST_SETTINGS) $(MANAGE) check --fail-level WARNING
	$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml themes

bench: $(VENV)/.installed-test
	@for script in bench/*.py; do echo "== $$script"; $(TEST_SETTINGS) $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var
