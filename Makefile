# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
EXAMPLE := examples/hk-auto-expo/event.yaml
OUT := out/hk-auto-expo

CHROMIUM := /usr/bin/chromium

.PHONY: demo test lint bench clean browser screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP) $@

# The main job on the Hong Kong example: figures, a solved layout, its proof and its maps.
demo: $(STAMP)
	$(BIN)/floorplan info $(EXAMPLE)
	$(BIN)/floorplan solve $(EXAMPLE) -o $(OUT)
	$(BIN)/floorplan validate $(EXAMPLE) $(OUT)/layout.json
	mkdir -p docs/hk-auto-expo
	cp $(OUT)/*.png $(OUT)/layout.json docs/hk-auto-expo/

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

# The editor's browser tests drive the system Chromium (Debian package `chromium`)
# through Playwright; install it where it is missing (as root, or with sudo).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

test: lint browser
	$(BIN)/pytest -q

# The README's picture of the editor, taken in headless Chromium on the Hong Kong example.
screenshot: $(DEVSTAMP) browser
	$(BIN)/python scripts/editor_screenshot.py docs/editor.png

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_validate
	$(BIN)/python -m benchmarks.bench_plan
	$(BIN)/python -m benchmarks.bench_render
	$(BIN)/python -m benchmarks.bench_bad_input
	$(BIN)/python -m benchmarks.bench_edit
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.relayout

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
