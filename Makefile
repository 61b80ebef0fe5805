# Gold Dialogues — `make run` serves the demo, `make test` runs the whole suite,
# `make serve` runs one production process (docs/deploy.md), `make bench` measures fan-out and
# `make bench-export` exports (docs/performance.md).
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app wsgi
PYTHON ?= python3

.PHONY: run test serve bench bench-export bench-pageweight translations extract clean

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PIP) install -q -r requirements-test.txt
	touch $@

# Compiled catalogues are build output (not committed): made from translations/*/messages.po.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d dialogues/translations

run: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(PY) wsgi.py

# The whole suite on SQLite, then again on a throwaway PostgreSQL database (each split over 2 workers).
test: $(VENV)/.installed-test translations
	$(PY) -m pytest -q -n 2
	TEST_DATABASE=postgresql $(PY) -m pytest -q -n 2

# One production process: gunicorn, one gevent worker (gunicorn.conf.py). Settings come from the
# environment (APP_ENV=production needs SECRET_KEY and DATABASE_URL); PORT picks the port.
serve: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

# Fan-out benchmark against real processes (needs Redis and PostgreSQL); BENCH_ARGS to change the load
# (docs/performance.md has the other commands: write capacity, two processes up to 2,000 clients).
BENCH_ARGS ?= --clients 200 500 1000 --processes 1 --database postgresql
# With node on PATH, the bare Node.js socket.io server of ../shared/anchors is measured beside them.
bench: $(VENV)/.installed-test
	@if command -v node >/dev/null; then against="--against node"; \
	else echo "bench: no Node column: node is not on PATH (apt-get install nodejs npm)"; against=""; fi; \
	$(PY) -m bench.realtime $(BENCH_ARGS) $$against

# Export benchmark: render times of a 1,000-participant dialogue, and live latency while it exports.
bench-export: $(VENV)/.installed-test
	$(PY) -m bench.export

# Page weight: bytes and requests of a phone's first and warm visit to the dialogue page.
bench-pageweight: $(VENV)/.installed-test
	$(PY) -m bench.pageweight

# Extract strings and merge them into the catalogues after changing user-facing text.
# `counted` is exports/labels.py's ngettext helper: its two strings are extracted as a plural pair.
extract: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -k counted:1,2 --no-location --no-wrap --ignore-dirs=".* __pycache__ .venv" -o dialogues/translations/messages.pot .
	$(VENV)/bin/pybabel -q update -N --no-wrap --ignore-obsolete -i dialogues/translations/messages.pot -d dialogues/translations

clean:
	rm -rf $(VENV) instance
