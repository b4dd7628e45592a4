# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install lint pytest lit bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Re-installs only when pyproject.toml changes: a second run installs nothing.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) examples/demo.py

# Lint first (seconds): ruff on the repository, the core's import rule, mypy on the core.
test: $(STAMP)
	$(MAKE) lint pytest lit

lint: $(STAMP)
	$(VENV)/bin/ruff check --quiet .
	$(PY) dev/check_imports.py
	$(PY) dev/check_private.py
	$(PY) dev/check_sizes.py
	$(PY) dev/typecheck.py

pytest: $(STAMP)
	$(PY) -m pytest -n 2 tests/py

lit: $(STAMP)
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(VENV)/bin/lit -q tests/lit

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .ruff_cache .mypy_cache
