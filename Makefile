# Newsroom: `make run` serves the site with demo content, `make test` runs every test.
# Each target sets up what it needs first (virtualenv, packages, .env, database).

VENV    := .venv
PY      := $(VENV)/bin/python
HOST    ?= 127.0.0.1
PORT    ?= 8000
WORKERS ?= 2
# A Python >= 3.12: the one .python-version selects under pyenv, else the newest found.
PYTHON  ?= $(shell for p in python3.13 python3.12 python3 python; do \
             command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
             && { command -v $$p; break; }; done)

.PHONY: run test test-long audit setup install env db demo static check clean bench audit-pages stack stack-down stack-packages

run: setup demo static
	@echo ""
	@echo "  Newsroom is running at http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  (logins above; also in var/demo-credentials.txt)"
	@echo "  Stop with Ctrl-C (stops the web server and the task worker)."
	@echo ""
	PORT=$(PORT) VENV=$(VENV) bin/serve -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT) \
		--workers $(WORKERS) --limit-request-line 8190

test: setup static
	$(PY) -m pytest $(PYTEST_ARGS)

# Real gunicorn servers under load and injected faults (tests/security/test_live_*.py):
# 500 concurrent comments, killed workers, locked/unreachable database, cache down;
# the scale-out engines (tests/scaleout/): nginx in front, a streaming replica; and a
# 500 MB WordPress export imported in bounded memory (tests/wpimport/test_memory.py),
# and make stack end to end (tests/scaleout/test_stack.py).
# LONG picks the paths (default: all three folders).
LONG ?= tests/security tests/scaleout tests/wpimport
test-long: setup
	$(PY) -m pytest -m long $(LONG) $(PYTEST_ARGS)

# Installed packages against the PyPI vulnerability database (pip-audit). --strict
# fails when a package could not be checked (offline, or the service unreachable)
# rather than passing on an audit that did not happen. Responses are cached in var/.
audit: $(VENV)/.installed-audit
	$(VENV)/bin/pip-audit --local --skip-editable --strict --progress-spinner off \
		--cache-dir var/pip-audit-cache $(AUDIT_ARGS)

$(VENV)/.installed-audit: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[audit]'
	@touch $@

setup: install env db

install: $(VENV)/.installed node_modules/.installed

# Test-only tools from package-lock.json: the Nu HTML Checker (vnu.jar) and axe-core.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is required for the HTML validator and axe-core tests."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is required (Django 6.1)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,postgres,redis]'
	@touch $@

env: .env

.env:
	@sed "s|^SECRET_KEY=.*|SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')|" \
		.env.example > .env
	@echo "Wrote .env with a fresh SECRET_KEY."

db: install env
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: db
	PORT=$(PORT) $(PY) manage.py load_demo

static: install env
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Load benchmark: `make bench` (default data) or `make bench SCALE=large`; see bench/run.py.
SCALE ?= default
# `make bench STACK=1`: through nginx, Varnish and two app servers (bench/stack.py).
bench: setup
	@command -v wrk >/dev/null || apt-get install -y wrk || sudo apt-get install -y wrk
ifeq ($(STACK),1)
	$(MAKE) --no-print-directory static stack-packages
	$(PY) -m bench.stack $(BENCH_ARGS)
else
	$(PY) -m bench.run --scale $(SCALE) $(BENCH_ARGS)
	$(PY) -m bench.pollers
endif

# Validators and Lighthouse on every readers' page type, JavaScript on/off × light/dark ×
# desktop/mobile, on the demo site served from a temporary directory: bench/pages_audit.py
# writes bench/results/pages-audit.md and .json. A measurement, not part of `make test`.
audit-pages: install env
	$(PY) -m bench.pages_audit $(AUDIT_PAGES_ARGS)

# The production topology on this machine (nginx, Varnish, two app servers, the task
# worker, a PostgreSQL primary and streaming replica, Redis, SeaweedFS): deploy/stack.py.
STACK_PACKAGES := varnishd:varnish nginx:nginx-light redis-server:redis-server openssl:openssl
stack: install env static stack-packages
	$(PY) deploy/stack.py up

stack-down:
	$(PY) deploy/stack.py down

stack-packages:
	@need=""; for pair in $(STACK_PACKAGES); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || [ -x /usr/sbin/$${pair%%:*} ] || need="$$need $${pair#*:}"; done; \
	[ -n "$$(find /usr/lib -name libvmod_xkey.so 2>/dev/null)" ] || need="$$need varnish-modules"; \
	ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1 || need="$$need postgresql-15"; \
	if [ -n "$$need" ]; then echo "== installing$$need (Debian packages)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$need; fi

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) var .pytest_cache node_modules
