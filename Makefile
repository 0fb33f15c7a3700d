# The two set-up commands (see README): `make up` and `make test`.
# Each creates .venv and installs what it needs on first use.

VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ASSETS := node_modules/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: up test check bench demo

$(INSTALLED): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

# The consoles' front-end packages, from the npm registry (never a CDN at run time).
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

# The browser tests drive Debian's Chromium (Playwright's own download cannot work here).
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

up: $(INSTALLED) $(ASSETS)
	$(BIN)/samspil up

demo: $(INSTALLED)
	$(BIN)/samspil demo

check: $(INSTALLED)
	$(BIN)/ruff check domain contracts services infra tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: check $(ASSETS) $(CHROMIUM)
	$(BIN)/pytest

bench: $(INSTALLED)
	$(BIN)/python -m bench
