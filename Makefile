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

.PHONY: run test setup install env db demo static check clean bench

run: setup demo static
	@echo ""
	@echo "  Newsroom is running at http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  (logins above; also in var/demo-credentials.txt)"
	@echo "  Stop with Ctrl-C."
	@echo ""
	$(VENV)/bin/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

setup: install env db

install: $(VENV)/.installed

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
	$(PY) manage.py load_demo

static: install env
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Load benchmark: `make bench` (default data) or `make bench SCALE=large`; see bench/run.py.
SCALE ?= default
bench: setup
	@command -v wrk >/dev/null || apt-get install -y wrk || sudo apt-get install -y wrk
	$(PY) -m bench.run --scale $(SCALE) $(BENCH_ARGS)

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache
