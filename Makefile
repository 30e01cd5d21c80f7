# Two commands: `make run` (set up, load Yokohama and the demo, serve) and `make test`.
# Everything else here is what those two need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
SHELL  := /bin/bash
# pytest-xdist workers per database run, and how they share the tests (README, Tests): with
# loadgroup, test by test, except that a test class (and a module named in tests/conftest.py
# ONE_WORKER_MODULES) goes to one worker, so that its costly set-up runs once.
TEST_WORKERS ?= 2
TEST_DIST    ?= loadgroup
PYTEST       := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) $(PYTEST_ARGS)

# Python keeps its compiled modules (and pytest its rewritten test modules) in __pycache__/, so
# that each test worker and each process a test starts (the worker, serve, kill -9 tests) does not
# compile the project again: 13 s of CPU each without them. A shell that sets
# PYTHONDONTWRITEBYTECODE would otherwise make every one of them start from source.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test setup db test-sqlite test-postgres browser-deps lint bench mutation messages clean

# The browser tests run once, in the SQLite run (the database make run serves the demo from):
# they drive pages, and what differs between the databases under those pages is what the rest of
# the suite checks on both. A pytest run by hand has them on whichever database it uses.
test test-sqlite test-postgres: export TSUNAGU_BROWSER_TESTS_ON := sqlite

# A developer's machine: debugging on for make run and what it runs (production is the settings'
# default); the tests have their own settings (tests/settings.py).
run db lint messages: export TSUNAGU_DEBUG := 1

# The web server and a worker for long work (imports, booklets) together: tsunagu/jobs/
# management/commands/serve.py. Ctrl-C stops both; neither outlives the other.
run: db
	@echo ""
	@echo "つなぐ: http://$(HOST):$(PORT)/  (Ctrl-C で止まります)"
	$(BIN)/python manage.py serve $(HOST):$(PORT)

# The suite on both databases at once (they are independent), each run spread over
# TEST_WORKERS pytest-xdist workers: chosen by measurement on the 2-core machine (README, Tests).
# Each run's lines are prefixed with its database; every run prints its 25 slowest tests.
test: setup browser-deps
	@start=$$(date +%s); status=0; \
	$(MAKE) --no-print-directory -j2 test-sqlite test-postgres || status=$$?; \
	echo "== make test: $$(( $$(date +%s) - start )) s for both runs (load average $$(cut -d' ' -f1-3 /proc/loadavg))"; \
	exit $$status

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (python3 --version).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

db: setup
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_yokohama
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py refresh_weekdays

# Browser tests drive Debian's Chromium; screenshots need a Japanese font and the category icons
# (emoji) a colour emoji font; PDF tests read the text layer with poppler's pdftotext. Installed
# here when we may (root with apt-get); otherwise those tests skip with the command to run
# (and fail in CI).
BROWSER_PKGS := chromium fonts-noto-cjk fonts-noto-color-emoji poppler-utils
browser-deps:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	[ -d /usr/share/fonts/opentype/noto ] || missing="$$missing fonts-noto-cjk"; \
	[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing="$$missing fonts-noto-color-emoji"; \
	[ -x /usr/bin/pdftotext ] || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing from Debian for the browser tests:$$missing"; \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null 2>&1 \
	   || (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null)) \
	   || echo "Could not install$$missing; browser tests will skip. Install with: sudo apt-get install $(BROWSER_PKGS)"; \
	else echo "Missing$$missing; browser tests will skip. Install with: sudo apt-get install $(BROWSER_PKGS)"; fi

test-sqlite: setup
	@echo "== Test suite on SQLite ($(TEST_WORKERS) workers)"
	@start=$$(date +%s); \
	env -u DATABASE_URL $(PYTEST) 2>&1 | sed -u 's/^/[sqlite] /'; status=$${PIPESTATUS[0]}; \
	echo "== SQLite run: $$(( $$(date +%s) - start )) s, exit $$status"; exit $$status

# A private throwaway PostgreSQL (scripts/pg-test-server); skipped with a reason where
# PostgreSQL is not installed, unless CI is set.
test-postgres: setup
	@start=$$(date +%s); url=$$(scripts/pg-test-server start) || exit 1; \
	if [ -z "$$url" ]; then exit 0; fi; \
	echo "== Test suite on PostgreSQL ($$url, $(TEST_WORKERS) workers)"; \
	DATABASE_URL="$$url" $(PYTEST) 2>&1 | sed -u 's/^/[postgres] /'; status=$${PIPESTATUS[0]}; \
	scripts/pg-test-server stop; \
	echo "== PostgreSQL run: $$(( $$(date +%s) - start )) s, exit $$status"; exit $$status

# Benchmarks, not tests (bench/README.md): numbers to bench/results/*.json and summary.md.
# A quick try: make bench BENCH_ARGS="--listings 5000 --requests 20 --load-time 10s"
BENCH_STAMP := $(VENV)/.bench-installed
bench: setup $(BENCH_STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

$(BENCH_STAMP): pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	@touch $@

# Mutation testing of the access mechanism (docs/mutation.md), not part of make test: mutmut mutates
# what [tool.mutmut] in pyproject.toml names and runs the fast policy tests against each mutant
# (policy.py 25 min and reach.py 8 min on this shared machine; the place importer's 522 mutants
# about as long again). Survivors are listed at the end; each is explained or
# killed in docs/mutation.md.
MUTATION_STAMP := $(VENV)/.mutation-installed
mutation: setup $(MUTATION_STAMP)
	nice -n 10 $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

$(MUTATION_STAMP): pyproject.toml
	$(BIN)/pip install --quiet -e '.[mutation]'
	@touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

# After changing UI strings (developers only; needs Debian's gettext): translate the new entries in
# locale/en/LC_MESSAGES/django.po and commit it with the .mo. tests/home/test_language.py fails
# while anything is untranslated, fuzzy or not compiled.
messages: setup
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles
