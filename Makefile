# Gold Dialogues — `make run` serves the demo, `make test` runs the whole suite.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app wsgi
PYTHON ?= python3

.PHONY: run test test-sqlite test-postgres translations serve bench clean

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
	$(VENV)/bin/pybabel compile -q -d dialogues/translations

run: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(PY) wsgi.py

test: $(VENV)/.installed-test translations
	$(PY) -m pytest -q

# Extract strings and merge them into the catalogues after changing user-facing text.
extract: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -q -F babel.cfg -k _l -o dialogues/translations/messages.pot .
	$(VENV)/bin/pybabel update -q -N -i dialogues/translations/messages.pot -d dialogues/translations

clean:
	rm -rf $(VENV) instance
