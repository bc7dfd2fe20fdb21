# Darcha: `make run` serves the demo, `make test` passes the tests. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup deps assets db lint typecheck pytest messages bench clean

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.installed

# The Makefile sets up a developer's machine and the demo: DARCHA_DEMO=1 accepts the development
# defaults (SECRET_KEY, the derived audit key) that production refuses (README, "Production deployment").
db: deps
	DARCHA_DEMO=1 $(PY) manage.py migrate --noinput -v0
	DARCHA_DEMO=1 $(PY) manage.py createcachetable
	DARCHA_DEMO=1 $(PY) manage.py collectstatic --noinput -v0

setup: db

run: setup
	DARCHA_DEMO=1 $(PY) manage.py seed_demo --if-empty
	@DARCHA_DEMO=1 $(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@# The worker is restarted whenever it dies (as systemd's Restart=always does in production, see
	@# docs/operations.md); Ctrl-C stops gunicorn, and the EXIT trap then stops the loop and the worker.
	@trap 'kill 0' EXIT; \
	while true; do \
		DARCHA_DEMO=1 $(PY) manage.py run_worker; \
		echo "run_worker stopped (exit $$?); restarting in 2 s" >&2; sleep 2; \
	done & \
	DARCHA_DEMO=1 $(VENV)/bin/gunicorn darcha.wsgi -b $(HOST):$(PORT) -w 3 --access-logfile - --log-level warning

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: deps
	$(VENV)/bin/mypy darcha

pytest: deps
	bash scripts/ensure-chromium
	$(PY) -m pytest $(PYTEST_ARGS)

test: setup lint typecheck pytest

messages: deps
	DARCHA_DEMO=1 $(PY) scripts/messages.py

bench: setup
	$(PY) bench/intake.py

clean:
	rm -rf $(VENV) node_modules var
