# Gold Dialogues — `make run` serves the demo, `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app wsgi
PYTHON ?= python3

.PHONY: run test translations extract clean

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

# The whole suite on SQLite, then again on a throwaway PostgreSQL database.
test: $(VENV)/.installed-test translations
	$(PY) -m pytest -q
	TEST_DATABASE=postgresql $(PY) -m pytest -q

# Extract strings and merge them into the catalogues after changing user-facing text.
extract: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _l -o dialogues/translations/messages.pot .
	$(VENV)/bin/pybabel -q update -N -i dialogues/translations/messages.pot -d dialogues/translations

clean:
	rm -rf $(VENV) instance
