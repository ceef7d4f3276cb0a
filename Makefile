# Quick start: `make demo` runs the main job on the embedded default; `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
# Reinstalled when the dependencies or the screening sources change: installation compiles the screening
# modules (setup.py), and a compiled module older than its source would still be the one Python loads.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml setup.py sanctionwatch/screening/*.py sanctionwatch/screening/*/*.py | sha256sum | cut -c1-12)

.PHONY: install demo test bench bench-maritime clean

$(STAMP): pyproject.toml setup.py
	bash scripts/bootstrap.sh $(VENV)
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: install
	SANCTIONWATCH_HOME=$${SANCTIONWATCH_HOME:-$(CURDIR)/.demo-home} $(VENV)/bin/sanctionwatch demo

test: install
	bash scripts/test.sh $(VENV)

bench: install
	$(PY) benchmarks/lists_load.py

# AIS: NMEA ingest against pyais; every detector over 10 million scenario positions against a DuckDB
# sort (the floor), a per-track pandas baseline and MovingPandas (installed in its own venv).
bench-maritime: install
	$(VENV)/bin/pip install -q --disable-pip-version-check -e '.[bench]'
	$(PY) benchmarks/maritime/ingest_nmea.py
	$(PY) benchmarks/maritime/detect.py

clean:
	rm -rf .demo-home .pytest_cache build/cython sanctionwatch/screening/compiled_sources.json $(VENV)/.installed-*
	find sanctionwatch -name '*.so' -delete
