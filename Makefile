# Hawal — the two commands: `make run` and `make test`.
# Both create .venv with a Python 3.12+ interpreter, install the pinned requirements and do the rest.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter that really runs and is 3.12 or newer: python3.13, python3.12, python3,
# then pyenv's installed versions (pyenv shims exist for versions that are not selected and then fail).
define find_python
for candidate in python3.13 python3.12 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  if "$$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    command -v "$$candidate" || echo "$$candidate"; exit 0; \
  fi; \
done; exit 1
endef

.PHONY: run serve test venv dev-venv migrate demo lint check worker superuser clean-db help

help:
	@echo "make run    — set up and serve the archive at http://$(HOST):$(PORT) (embedded PostgreSQL unless DATABASE_URL is set)"
	@echo "make test   — set up and run the whole test suite"
	@echo "make lint   — ruff check and format check"

$(VENV)/.installed: requirements.txt
	@python_bin=$$($(find_python)) || { echo "Hawal needs Python 3.12 or newer (python3.13, python3.12 or python3). Install one (e.g. 'pyenv install 3.13') and run make again." >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  echo "creating $(VENV) with $$python_bin"; rm -rf $(VENV); "$$python_bin" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# The tagger's C inner loop (archive/extract/_decode.pyx). Without a C compiler the archive still runs
# (crfsuite then tags every sentence itself, slower); the test suite says so.
$(VENV)/.decoder: $(VENV)/.installed archive/extract/_decode.pyx archive/extract/build_decoder.py
	@$(PY) archive/extract/build_decoder.py >/dev/null && echo "built the tagger's decoder" || \
	  echo "warning: the tagger's decoder was not built (see above); extraction runs without it, slower" >&2
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed $(VENV)/.decoder requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed $(VENV)/.decoder
dev-venv: $(VENV)/.installed-dev

migrate: venv
	DEBUG=1 $(PY) manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(PY) manage.py collectstatic --no-input --verbosity 0
	DEBUG=1 $(PY) manage.py load_demo

# The background worker (uploads, re-processing) runs beside the web server and stops with it.
run: demo
	@echo "Hawal: http://$(HOST):$(PORT)/  (Ctrl-C stops the server, the worker and the embedded database)"
	@DEBUG=1 $(PY) manage.py worker --interval 1 & worker=$$!; \
	trap 'trap - EXIT INT TERM; kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production (docs/deploy.md): settings from the environment (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, …);
# run `.venv/bin/python manage.py migrate` once per release first (/readyz says 503 until it has run).
serve: venv
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(VENV)/bin/gunicorn -c config/gunicorn.conf.py

# A background worker for uploads; start as many as you like, on any machine that reaches the database.
worker: venv
	$(PY) manage.py worker

test: dev-venv
	$(PY) -m pytest

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

superuser: migrate
	DEBUG=1 $(PY) manage.py createsuperuser
