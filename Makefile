# The README's commands. Every target builds .venv from nothing when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UNITS ?= $(notdir $(wildcard solutions/[0-9]*))

.PHONY: demo test lint lab release notebooks clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m course_lib demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Unit tests with coverage, the source notebooks under nbval, the release check.
test: $(STAMP) lint
	$(BIN)/python -m pytest --cov=course_lib --cov-report=term-missing:skip-covered \
		--cov-fail-under=90 --nbval --nbval-sanitize-with .ci/nbval-sanitize.cfg \
		tests $(wildcard solutions/*/*.ipynb)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

# Regenerate the student notebooks from the sources.
release: $(STAMP)
	$(BIN)/python -m course_lib release

# Execute the source notebooks in place, so their stored outputs are current.
notebooks: $(STAMP)
	for unit in $(UNITS); do \
		$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.timeout=120 solutions/$$unit/$$unit.ipynb || exit 1; \
	done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .coverage
