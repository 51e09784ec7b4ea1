# 创新工作室联盟平台 — `make run` serves the site with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The virtualenv is rebuilt only when the pinned requirements change.
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
INSTALLED := $(VENV)/.installed-$(REQ_HASH)

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages es es-stop relevance bench bench-quick vendor clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(INSTALLED)  ## Create .venv and install the pinned requirements

run: install  ## Fresh clone → migrated SQLite, demo data, admin account, site on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

# `make test COVERAGE=` runs the suite without measuring coverage (.ci/run's second database).
COVERAGE ?= --cov --cov-report=term
# Parallel workers (pytest-xdist), one test file each at a time; `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= 2
test: install  ## The whole test suite (pytest), with coverage printed and its floor enforced (pyproject.toml)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(COVERAGE)

lint: install  ## ruff check, format check and the one-way import layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install  ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install  ## Update and compile the zh_Hans and en translations (then translate the new en entries)
	$(PY) manage.py update_messages

relevance: install  ## nDCG@10 / recall@10 / MRR of both engines and two baselines on the fixed test corpus
	$(PY) bench/relevance.py

bench: install  ## Every number in BENCHMARKS.md: pages against a bare Wagtail page (300 and 10,000 projects; needs wrk) and where their time goes, search on both engines at 100,000, imports; ~85 min
	$(PY) bench/pages.py --projects 300
	$(PY) bench/pages.py --projects 10000
	$(PY) bench/page_time.py --projects 300
	$(PY) bench/page_time.py --projects 10000
	$(PY) bench/search_load.py --projects 100000
	$(PY) bench/imports.py --people 10000 --studios 2000 --projects 10000

bench-quick: install  ## One short round of the page and search benchmarks at 300 projects (~2 min; needs wrk)
	$(PY) bench/pages.py --quick
	$(PY) bench/page_time.py --requests 30 --rounds 1
	$(PY) bench/search_load.py --quick

es:  ## Start a real local Elasticsearch node on 127.0.0.1:9200 and wait until it is healthy
	$(PYTHON) -m search.local_node start

es-stop:  ## Stop the local Elasticsearch node
	$(PYTHON) -m search.local_node stop

ECHARTS_VERSION := 6.1.0
CHINA_GEOJSON_VERSION := 1.0.0
vendor:  ## Refresh the vendored ECharts and province maps in site/static/vendor from the npm registry
	rm -rf var/vendor && mkdir -p var/vendor
	cd var/vendor && npm pack --silent echarts@$(ECHARTS_VERSION) china-geojson@$(CHINA_GEOJSON_VERSION) >/dev/null
	cd var/vendor && tar xzf echarts-$(ECHARTS_VERSION).tgz && cp package/dist/echarts.min.js package/LICENSE package/NOTICE ../../site/static/vendor/echarts/ && rm -rf package
	cd var/vendor && tar xzf china-geojson-$(CHINA_GEOJSON_VERSION).tgz && $(PYTHON) -c "import json, pathlib, sys; 	[pathlib.Path('../../site/static/vendor/china-geojson', p.name).write_text(json.dumps(json.loads(p.read_text()), ensure_ascii=False, separators=(',', ':'))) 	 for p in pathlib.Path('package/src/geojson').glob('*_geo.json')]" && rm -rf package

clean:  ## Remove the virtualenv, the SQLite database and uploaded media
	rm -rf $(VENV) db.sqlite3 media
