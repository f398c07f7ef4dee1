# Every target sets itself up: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test lint bench demo clean aquarium-client

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/dev.lock requirements/no-deps.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/no-deps.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Python tests (with the engine's doctests), then the web app's unit and browser tests.
test: $(STAMP) aquarium-client
	$(BIN)/python -m pytest -n 2 -q --doctest-modules tests src/reefscope/engine
	$(MAKE) --no-print-directory web-test web-e2e

# The real aquariumlearning 1.0.7 client, in its own virtualenv, for tests/aquarium/.
AQUARIUM_VENV := .venv-aquarium
AQUARIUM_STAMP := $(AQUARIUM_VENV)/.installed

aquarium-client: $(AQUARIUM_STAMP)

$(AQUARIUM_STAMP): requirements/aquarium-client.lock
	test -x $(AQUARIUM_VENV)/bin/python || $(PYTHON) -m venv $(AQUARIUM_VENV)
	$(AQUARIUM_VENV)/bin/python -m pip install --quiet -r requirements/aquarium-client.lock
	touch $(AQUARIUM_STAMP)

# Import contracts (layers, pure-numpy engine, no cycles) for Python, and no cycles in the web app.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(MAKE) --no-print-directory web-cycles

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

demo: $(STAMP) web-build
	$(BIN)/reefscope demo

clean:
	rm -rf $(VENV) $(AQUARIUM_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# --- web app (web/): React + TypeScript, built with Vite into web/dist -------
NPM ?= npm
WEB := web
WEB_STAMP := $(WEB)/node_modules/.installed
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) \
	$(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json $(WEB)/tsconfig.app.json
CHROMIUM := /usr/bin/chromium

.PHONY: web-deps web-build web-test web-cycles web-client web-e2e browser-deps

web-deps: $(WEB_STAMP)

# Playwright drives Debian's Chromium (browser-deps); it never downloads its own.
$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(NPM) ci --no-audit --no-fund --loglevel=error
	touch $(WEB_STAMP)

web-build: $(WEB)/dist/index.html

$(WEB)/dist/index.html: $(WEB_STAMP) $(WEB_SOURCES) $(WEB)/package-lock.json
	cd $(WEB) && $(NPM) run build
	touch $@

# Unit tests, type check, and two staleness checks: web/openapi.json against
# the server's current schema, and the generated client against openapi.json.
web-test: $(WEB_STAMP) $(STAMP)
	@$(BIN)/python -m reefscope.api.dump_openapi > $(WEB)/node_modules/.openapi.current.json
	@cmp -s $(WEB)/node_modules/.openapi.current.json $(WEB)/openapi.json || \
		{ echo "web/openapi.json differs from the server's schema: run 'make web-client' and commit"; exit 1; }
	cd $(WEB) && $(NPM) run --silent check-client && $(NPM) run --silent typecheck && $(NPM) test

# No import cycle among the web app's modules (type-only imports aside).
web-cycles: $(WEB_STAMP)
	cd $(WEB) && $(NPM) run --silent check-cycles

# Refresh web/openapi.json from the server and regenerate the typed client.
web-client: $(WEB_STAMP) $(STAMP)
	$(BIN)/python -m reefscope.api.dump_openapi > $(WEB)/openapi.json
	cd $(WEB) && $(NPM) run generate-client

# Mocked-API tests, then the real-server tests (a demo workspace built into a temp dir).
web-e2e: web-build browser-deps $(STAMP)
	cd $(WEB) && $(NPM) run e2e

browser-deps:
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
