# The README's commands. Every target builds .venv from nothing when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UNITS ?=
# The browser the browser suite drives: Debian's package, installed by `make browser-deps`.
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test test-browser browser-deps sandbox-deps grid-deps lint lab release notebooks \
	bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP) sandbox-deps
	$(BIN)/python -m course_lib demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Everything, in one run spread over the cores (pytest-xdist; a module stays on one worker,
# so a notebook's cells run in order): the unit tests with coverage, the source notebooks
# under nbval, the release check, the grading cluster's tests and the browser suite.
test: $(STAMP) sandbox-deps grid-deps browser-deps lint
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -n auto --dist loadscope --no-loadscope-reorder \
		--cov=course_lib --cov-report=term-missing:skip-covered --cov-fail-under=90 \
		--nbval --nbval-sanitize-with .ci/nbval-sanitize.cfg \
		tests $(wildcard solutions/*/*.ipynb)

# Every notebook opened in JupyterLab in headless Chromium (tests/browser); screenshots go to
# artifacts/screenshots/.
test-browser: browser-deps
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -m browser tests/browser

# $(call apt-install,PACKAGES,RECOMMENDS): install Debian packages as root, through sudo when
# not root; RECOMMENDS is empty or --no-install-recommends.
apt-install = \
	if [ "$$(id -u)" -eq 0 ]; then sudo=; \
	elif command -v sudo >/dev/null; then sudo=sudo; \
	else echo "install Debian's $(1) as root" >&2; exit 1; fi; \
	$$sudo apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(2) $(1)

# Debian's chromium, which Playwright (in the dev extra) drives. Playwright's own browser
# download does not work here: never run `playwright install`.
browser-deps: $(STAMP)
	@if [ ! -x $(CHROMIUM) ]; then $(call apt-install,chromium,); fi

# Debian's bubblewrap, the sandbox every run of student code goes through when grading.
sandbox-deps:
	@if ! command -v bwrap >/dev/null; then \
		$(call apt-install,bubblewrap,--no-install-recommends); fi

# Debian's RabbitMQ and PostgreSQL (any version; tests/servers.py takes the newest): the
# servers that the tests of grading on several machines start.
grid-deps:
	@if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || \
		! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
		$(call apt-install,rabbitmq-server postgresql,--no-install-recommends); fi

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

# Regenerate the student notebooks from the sources.
release: $(STAMP)
	$(BIN)/python -m course_lib release

# Execute the source notebooks in place, so their stored outputs are current.
notebooks: $(STAMP)
	$(BIN)/python -m course_lib execute $(UNITS)

# Benchmarks against torch (CPU) and micrograd, which only this target installs (the bench
# extra); writes benchmarks/results/ and the README's Performance tables.
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .coverage
