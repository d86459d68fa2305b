# Career Agent: `make run` starts the whole product, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
# Browser tests use the system Chromium; npm installs must never fetch a browser build.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# uv from PATH, else a private copy installed from PyPI into .tools/.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := $(UV) run --frozen

.PHONY: help setup run test test-python test-frontend test-e2e lint format bench clean frontend openapi check-openapi email-model

help:
	@echo "make run    - install what is needed and start Career Agent (API, worker, beat, web app)"
	@echo "make test   - install what is needed and run every test (lint, types, Python, web, browser)"
	@echo "make lint   - ruff, mypy, import layers (import-linter), dependencies (deptry), ESLint"
	@echo "make bench  - run the benchmarks; figures go to bench/results/"
	@echo "make email-model - refit the email classifier on corpora/email (dev split) and cross-validate it"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

setup: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --quiet

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run build --silent

run: setup
	@if [ -f frontend/package.json ]; then $(MAKE) --no-print-directory frontend; fi
	$(PY) career-agent serve

lint: setup
	$(PY) ruff check .
	$(PY) ruff format --check .
	$(PY) mypy
	$(PY) lint-imports
	$(PY) deptry .
	@if [ -f frontend/package.json ]; then $(MAKE) --no-print-directory frontend/node_modules/.package-lock.json && cd frontend && npm run --silent lint; fi

format: setup
	$(PY) ruff format .
	$(PY) ruff check --fix .

openapi: setup
	$(PY) career-agent openapi openapi.json

# The web client is generated from the API's OpenAPI document: fail when either is stale.
check-openapi: setup $(if $(wildcard frontend/package.json),frontend/node_modules/.package-lock.json)
	$(PY) career-agent openapi .openapi.check.json
	@if ! cmp -s openapi.json .openapi.check.json; then rm -f .openapi.check.json; \
	  echo "openapi.json is stale: run 'make openapi' and 'cd frontend && npm run gen:api'"; exit 1; fi
	@rm -f .openapi.check.json
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent check:api; fi

# Most tests run on two processes at once (each with its own private Redis and ports); the
# few that start the whole product and time its recovery from faults run alone after them.
test-python: setup
	$(PY) pytest -q -p no:cacheprovider -m "not slow" -n 2 --durations=15
	$(PY) pytest -q -p no:cacheprovider -m slow --durations=15

test-frontend: frontend
	cd frontend && npm test --silent

test-e2e: setup frontend
	@command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || \
	  { command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); }
	$(PY) python -m tests.e2e.run_browser

test: lint check-openapi test-python $(if $(wildcard frontend/package.json),test-frontend test-e2e)

bench: setup
	$(PY) python -m bench.run_all

# The email classifier's weights (core/email/data/model.json), fitted on the dev split of
# corpora/email; the same corpus gives the same bytes. Cross-validated figures go to bench/results/email.json.
email-model: setup
	$(PY) python -m bench.email.fit_model

clean:
	rm -rf .venv .tools data frontend/dist frontend/node_modules test-artifacts
