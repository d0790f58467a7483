# Two commands do everything on a fresh machine with Python 3.11, pip and make:
#   make demo   - install, then run the main job end to end on shipped demo data
#   make test   - install, then run the whole test suite
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
# The demo's screenshots drive Debian's Chromium (Playwright's own download cannot work here), the browser tests
# its headless shell (the same Chromium without the browser around it, as Playwright runs headless: about half the
# CPU per page). Each installed once, only where it is missing (as root, or through sudo).
CHROMIUM := /usr/bin/chromium
HEADLESS_SHELL := /usr/bin/chromium-headless-shell
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install demo test test-fast bench refresh status dagster dagster-demo docs clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs exactly what uv.lock says (fails if pyproject.toml and the lock disagree), compiled to bytecode
# ahead: every process (a refresh, dbt, a test worker) then skips compiling its imports (3-4 s each).
$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --compile-bytecode --python $(PYTHON)
	$(BIN)/python -m guidestat.transform.dbt_project
	touch $@

# one apt-get for both (grouped target: its recipe runs once, when either is missing)
$(CHROMIUM) $(HEADLESS_SHELL) &:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium chromium-headless-shell

install: $(VENV)/.installed $(CHROMIUM) $(HEADLESS_SHELL)

demo: install
	$(BIN)/guidestat demo

test: install
	$(BIN)/pytest -n 2 --dist loadgroup --durations=15 -rs

# The tests that run no pipeline (about a minute and a half): for the edit-test loop; CI runs `make test`.
test-fast: install
	$(BIN)/pytest -n 2 -m "not slow"

# Speed and memory at scale: the refresh job against DuckDB's floor at each of SCALES contacts, REPEAT runs
# below 10 M and REPEAT_LARGE at 10 M (landings cached in bench/cache; figures and chart in bench/results).
SCALES ?= 1000000,3000000,10000000
REPEAT ?= 3
REPEAT_LARGE ?= 1
bench: install
	$(BIN)/guidestat bench --scales $(SCALES) --repeat $(REPEAT) --repeat-large $(REPEAT_LARGE)

refresh: install
	$(BIN)/guidestat refresh

status: install
	$(BIN)/guidestat status

# The UI and the daemon (schedule, sensor, run queue) in one process, runs recorded in data/dagster_home.
dagster: install
	mkdir -p data/dagster_home && cp -n deploy/dagster.yaml data/dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/data/dagster_home $(BIN)/dagster dev -m guidestat.defs

# The same on the demo's data (after `make demo`): with the public demo key, which only synthetic data may use.
dagster-demo: install
	mkdir -p data/dagster_home && cp -n deploy/dagster.yaml data/dagster_home/dagster.yaml
	GUIDESTAT_DEMO=1 DAGSTER_HOME=$(CURDIR)/data/dagster_home $(BIN)/dagster dev -m guidestat.defs

# dbt docs of every model and column (the project's overview, the exposures), from the warehouse the last refresh
# built, served at http://localhost:$(DOCS_PORT) until Ctrl-C. dbt's index.html opened from disk cannot load its
# JSON (browsers refuse, some crash): --static also writes static_index.html, one file that opens from disk. Its own
# target folder keeps the parse state `make install` left in dbt/target (every new warehouse's first refresh uses it).
DOCS_PORT ?= 8080
docs: install
	cd dbt && ../$(BIN)/dbt docs generate --quiet --static --profiles-dir . --target-path target/docs
	@echo "serving the dbt docs at http://localhost:$(DOCS_PORT) (Ctrl-C stops); one file to open from disk or send: $(CURDIR)/dbt/target/docs/static_index.html"
	cd dbt && ../$(BIN)/dbt docs serve --profiles-dir . --target-path target/docs --port $(DOCS_PORT) --no-browser

clean:
	rm -rf $(VENV) $(TOOLS) dbt/target dbt/logs data/warehouse data/reports data/screenshots
