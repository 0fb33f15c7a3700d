# The two set-up commands (see README): `make up` and `make test`.
# Each creates .venv and installs what it needs on first use.

VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: up test check bench demo

$(INSTALLED): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

up: $(INSTALLED)
	$(BIN)/samspil up

demo: $(INSTALLED)
	$(BIN)/samspil demo

check: $(INSTALLED)
	$(BIN)/ruff check domain contracts services infra tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: check
	$(BIN)/pytest

bench: $(INSTALLED)
	$(BIN)/python -m bench
