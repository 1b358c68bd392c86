# One task runner, the same commands locally and in CI.
.PHONY: setup demo test lint fix services-start services-stop bench

setup:
	scripts/setup.sh

demo:
	scripts/demo.sh

test:
	scripts/test.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

fix: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

services-start: setup
	scripts/services.sh start

services-stop:
	scripts/services.sh stop

bench: setup
	scripts/services.sh start
	.venv/bin/python bench/store.py
	.venv/bin/python bench/ingest.py
	.venv/bin/python bench/search_quality.py
	.venv/bin/python bench/search.py
	.venv/bin/python bench/api.py
	.venv/bin/python bench/export.py
