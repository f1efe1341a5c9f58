# The two commands a newcomer needs: `make run` and `make test`. Both create the virtual
# environment and install what is needed on first use.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test bench lint chromium axe lighthouse

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Serve the API and the frontend at http://127.0.0.1:8000 on ./ckb.sqlite3 (seeded on first start).
run: $(STAMP)
	$(BIN)/python -m app serve

## Run the whole test suite (PostgreSQL too when TEST_POSTGRES_URL is set).
test: $(STAMP) chromium axe
	$(BIN)/python -m pytest

## Debian's Chromium for the browser tests (Playwright cannot download its own browser here);
## the tests drive /usr/bin/chromium, with fonts for legible screenshots.
chromium:
	@test -x /usr/bin/chromium || { \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-liberation; }

## axe-core from the npm registry, at the version tests/browser/package-lock.json pins, for the
## browser tests' accessibility checks (npm itself from Debian when it is missing).
AXE := tests/browser/node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "installing npm for axe-core"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; }
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Lint and types: ruff, and mypy --strict over app/ (.ci/run runs this before the tests).
lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy app

## Benchmarks (not tests): see README.md, "Benchmarks".
bench: $(STAMP)
	$(BIN)/python -m bench.search --entries 10000

## Lighthouse on every screen as a phone sees it (bench/lighthouse.py); Lighthouse itself from
## the npm registry at the version bench/lighthouse/package-lock.json pins.
LH := bench/lighthouse/node_modules/.bin/lighthouse
$(LH): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(STAMP) chromium $(LH)
	$(BIN)/python -m bench.lighthouse $(if $(URL),--url $(URL))
