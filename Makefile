# konform: the two commands a newcomer needs are `make certify` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.konform-installed
PYTEST_WORKERS ?=

.PHONY: certify test lint typecheck unit features bench e2e clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "konform needs Python >= 3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

## certify: run the feature suite and write the report; REGISTRY=spor (or REGISTRY="spor lar"), TARGET=…, THOROUGH=1
certify: $(STAMP)
	$(BIN)/konform certify $(if $(THOROUGH),--thorough) $(if $(TARGET),--target $(TARGET)) \
	  $(foreach registry,$(REGISTRY),--registry $(registry))

## test: lint, type checks, konform's own tests and the feature suite against the simulators
test: lint typecheck unit features

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy konform

unit: $(STAMP)
	$(BIN)/pytest tests --hypothesis-profile=ci -q

features: $(STAMP)
	$(BIN)/pytest features --hypothesis-profile=ci -q

## bench: every benchmark against its same-run baseline; reports/bench.json and one table (README, Performance)
bench: $(STAMP)
	$(BIN)/python -m bench

## e2e: a fresh SPOR evidence pack (or PACK=folder) opened in headless Chromium; installs Debian's chromium if missing
e2e: $(STAMP)
	@test -x /usr/bin/chromium || command -v chromium >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }
	$(BIN)/python -m e2e $(if $(PACK),--pack $(PACK),--reports reports/e2e --registry spor --fresh) \
	  --screenshots reports/e2e/screenshots

clean:
	rm -rf reports/allure-results reports/html reports/junit.xml reports/coverage.* reports/e2e .pytest_cache
