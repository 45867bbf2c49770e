# Two commands a new user needs: `make run` and `make test`.
# Each creates .venv on first use and reinstalls only when pyproject.toml or constraints.txt
# changes. Installs take the exact versions the suite passed with (constraints.txt); `make lock`
# re-resolves them within pyproject.toml's ranges, rewrites the file and runs the suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
PIN    := -c constraints.txt

# Flags measured to cut server CPU per rerun (see README, "Performance").
SERVE_FLAGS := --server.address 127.0.0.1 --server.port $(PORT) \
               --server.fileWatcherType none --runner.postScriptGC false

.PHONY: run workshop test lint fmt check-rules bench load lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py $(SERVE_FLAGS)

# A room of phones: listens on the laptop's network address (or ADDRESS=...), prints the join
# URL and QR code, asks for the advisor passcode. Extra flags: WORKSHOP_FLAGS="--room-summary".
workshop: $(VENV)/.installed
	$(BIN)/img-wizard serve --workshop --port $(PORT) $(if $(ADDRESS),--address $(ADDRESS)) $(WORKSHOP_FLAGS)

# The format, lint and type checks first (seconds), then the tests.
test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# Apply the formatter and the lint fixes ruff marks safe; what is left needs a person.
fmt: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-rules: $(VENV)/.installed
	$(BIN)/img-wizard check-rules

bench: $(VENV)/.installed-test
	$(BIN)/python bench/evaluate_speed.py

# Many phones over the websocket (see README, "Performance"), about 25 minutes:
# the PDF line (a room of 300 within a minute, one PDF worker as before, then the app's choice;
# not pinned, as on a laptop), then 200 phones on two replicas behind nginx (deploy/replicas.py).
LOAD_ARGS ?= --no-single --no-pin --scenario room300 --pdf-workers 1,default
REPLICA_ARGS ?= --users 200 --replicas 2
load: $(VENV)/.installed-test
	$(BIN)/python bench/load.py $(LOAD_ARGS)
	$(BIN)/python bench/replicas_load.py $(REPLICA_ARGS)

# Deliberately take newer versions: resolve pyproject.toml's ranges afresh in a scratch
# environment, write the exact versions to constraints.txt, then run the suite with them.
# Commit constraints.txt only when the suite passes.
LOCK_VENV := .venv-lock
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet '.[test]'
	{ echo "# Exact versions the suite passed with (Python 3.11+, Linux). Written by \`make lock\`; do not edit."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable | grep -v '^img-pathway-wizard'; } > constraints.txt
	rm -rf $(LOCK_VENV) build
	$(MAKE) test

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache
