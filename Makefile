# Two commands matter: `make run` and `make test`. Both are idempotent and work as root on a
# fresh Debian 12 with Python 3.11 (they install what is missing, and nothing twice).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# PostgreSQL and Redis: the tests start their own servers on 127.0.0.1 (see tests/servers.py).
APT_TEST_PACKAGES := chromium chromium-driver fonts-dejavu-core postgresql redis-server faketime

.PHONY: run test lint test-calendar install install-test system-test-deps translations plotly-bundle icons bench clean

run: install
	@DASHBOARD_DEMO=1 $(BIN)/dashboard demo --if-empty
	@echo
	@echo "  Task Supervision Dashboard: http://127.0.0.1:$${PORT:-8050}"
	@echo "  Sign in as leader, viewer, admin or head.<unit code> (e.g. head.xa-thach-dai)"
	@echo "  Demo password: demo2026"
	@echo
	DASHBOARD_DEMO=1 BIND=$${BIND:-127.0.0.1:$${PORT:-8050}} $(BIN)/gunicorn app:server

test: install-test system-test-deps lint
	$(BIN)/python -m pytest
	@$(MAKE) --no-print-directory test-calendar

# The house rules, checked: ruff (pyflakes, pycodestyle, import order, bugbear, pyupgrade),
# import-linter (the layers import only downwards, no circles) and mypy (domain and db).
# Their settings are in pyproject.toml.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# The fast part of the suite (SQLite, no browser, no live server) with the machine's clock moved
# far from the demo's day: no test may depend on the date. Moments are UTC; in Asia/Ho_Chi_Minh
# they are a month's last day at 16:59 (just before the cut-off), a leap day, and the last
# evening of a year (already the new year in Vietnam). Monotonic time stays real (FACTS.md).
CALENDAR_MOMENTS := "2027-06-30 09:59:00" "2028-02-29 03:00:00" "2031-12-31 17:30:00"

test-calendar: install-test system-test-deps
	@for moment in $(CALENDAR_MOMENTS); do \
		echo "== machine clock at $$moment UTC"; \
		TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 TEST_DATABASES=sqlite faketime "$$moment" \
			$(BIN)/python -m pytest -q -m "not browser and not live" -p no:cacheprovider || exit 1; \
	done

# The app's own modules compiled ahead (pip compiles what it installs, not this checkout): where
# the server may not write here, or PYTHONDONTWRITEBYTECODE is set, every start compiled them
# all again (about 0.2 s of a 1.8 s start). Only files changed since are compiled.
COMPILE_APP = @$(BIN)/python -m compileall -q app.py gunicorn.conf.py dashboard db layouts callbacks

install: $(VENV)/.installed
	$(COMPILE_APP)

install-test: $(VENV)/.installed-test
	$(COMPILE_APP)

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

# The charts' partial plotly.js (assets/vendor/plotly, MIT): the npm package plotly.js-basic-dist-min
# of the version the installed plotly ships, which Dash's dcc.Graph expects (dashboard/web/bundles.py
# serves the full one while they differ). Needs npm; does nothing when the copy is already right.
PLOTLY_DIR := assets/vendor/plotly

plotly-bundle: install
	@version=$$($(BIN)/python -c "from plotly.offline import get_plotlyjs_version as v; print(v())"); \
	if head -c 300 $(PLOTLY_DIR)/plotly-basic.min.js 2>/dev/null | grep -q "(basic - minified) v$$version$$"; then \
		echo "$(PLOTLY_DIR): plotly.js $$version already"; \
	else \
		tmp=$$(mktemp -d) && (cd $$tmp && npm pack -q plotly.js-basic-dist-min@$$version >/dev/null \
			&& tar xzf plotly.js-basic-dist-min-$$version.tgz) && mkdir -p $(PLOTLY_DIR) \
		&& cp $$tmp/package/plotly-basic.min.js $$tmp/package/LICENSE $(PLOTLY_DIR)/ && rm -rf $$tmp \
		&& echo "$(PLOTLY_DIR): plotly.js $$version"; \
	fi

# The icon font and its stylesheet (assets/vendor, MIT), cut down to the icons the code uses (4 KB
# instead of 135): run after using a new icon (tests/test_icons.py says so). Needs npm: the full
# font comes from the npm package bootstrap-icons; tools/icons.py subsets it with fonttools.
ICONS_VERSION := 1.13.2

icons: install-test
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack -q bootstrap-icons@$(ICONS_VERSION) >/dev/null \
		&& tar xzf bootstrap-icons-$(ICONS_VERSION).tgz) && $(BIN)/python tools/icons.py $$tmp/package; \
	status=$$?; rm -rf $$tmp; exit $$status

bench: install
	$(BIN)/python bench/demo_generate.py

clean:
	rm -rf $(VENV) instance .pytest_cache
