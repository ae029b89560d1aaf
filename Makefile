# Two commands matter: `make run` and `make test`. Both are idempotent and work as root on a
# fresh Debian 12 with Python 3.11 (they install what is missing, and nothing twice).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# PostgreSQL and Redis: the tests start their own servers on 127.0.0.1 (see tests/servers.py).
APT_TEST_PACKAGES := chromium chromium-driver fonts-dejavu-core postgresql redis-server

.PHONY: run test install install-test system-test-deps translations bench clean

run: install
	@DASHBOARD_DEMO=1 $(BIN)/dashboard demo --if-empty
	@echo
	@echo "  Task Supervision Dashboard: http://127.0.0.1:$${PORT:-8050}"
	@echo "  Sign in as leader, viewer, admin or head.<unit code> (e.g. head.xa-thach-dai)"
	@echo "  Demo password: demo2026"
	@echo
	DASHBOARD_DEMO=1 $(BIN)/python app.py

test: install-test system-test-deps
	$(BIN)/python -m pytest

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e ".[test,postgres,redis]"
	@touch $(VENV)/.installed $@

system-test-deps:
	@dpkg -s $(APT_TEST_PACKAGES) >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $(APT_TEST_PACKAGES); }

# After changing user-visible text: refresh the template and both catalogs, then translate.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --omit-header \
		-o dashboard/translations/messages.pot .
	$(BIN)/pybabel update -i dashboard/translations/messages.pot -d dashboard/translations \
		--ignore-obsolete

bench: install
	$(BIN)/python bench/demo_generate.py

clean:
	rm -rf $(VENV) instance .pytest_cache
