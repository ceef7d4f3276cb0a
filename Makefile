# Quick start: `make demo` runs the main job on the embedded default; `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml
	bash scripts/bootstrap.sh $(VENV)
	touch $(STAMP)

install: $(STAMP)

demo: install
	SANCTIONWATCH_HOME=$${SANCTIONWATCH_HOME:-$(CURDIR)/.demo-home} $(VENV)/bin/sanctionwatch demo

test: install
	bash scripts/test.sh $(VENV)

bench: install
	$(PY) benchmarks/lists_load.py

clean:
	rm -rf .demo-home .pytest_cache
