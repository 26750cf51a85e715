# Two entry points: `make demo` and `make test`. Both bootstrap their own virtual environment.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out
EXAMPLE := examples/terhi-kallio
# A bilingual sports club, Swedish first (sv, fi, en): issue 14's example.
CLUB := examples/grankulla-idrottsforening
# A hairdresser whose store is her booking system's exports (CSV and ODS): issue 15's example.
SALON := examples/kampaamo-helmi

.PHONY: demo demo-store test test-pythons lint imports typecheck pytest schemas docs golden bench clean

# Without python3-venv, Debian's venv fails after making bin/python: the half-made folder is
# removed (only one this rule began), or the next make would take it for a working environment.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "rekisteri needs Python 3.11 or newer"'
	@if [ -e $(VENV) ]; then echo "$(VENV) exists but has no bin/python: remove it, or set VENV to another folder"; exit 1; fi
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "Could not create $(VENV): on Debian run 'apt-get install python3-venv'"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

# The demo stores are built from the SQL scripts; the .sqlite files are git-ignored.
demo-store: $(EXAMPLE)/asiakkaat.sqlite $(CLUB)/medlemmar.sqlite $(SALON)/exports

# The salon's exports are written by a script (standard library only): no binary file in git.
$(SALON)/exports: $(SALON)/make_exports.py | $(BIN)/python
	$(BIN)/python $<
	@touch $@

$(EXAMPLE)/asiakkaat.sqlite: $(EXAMPLE)/store.sql
$(CLUB)/medlemmar.sqlite: $(CLUB)/store.sql
$(EXAMPLE)/asiakkaat.sqlite $(CLUB)/medlemmar.sqlite: | $(BIN)/python
	rm -f $@.tmp
	$(BIN)/python -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2], encoding="utf-8").read()); c.commit()' $@.tmp $(dir $@)store.sql
	mv $@.tmp $@

demo: $(VENV)/.installed $(EXAMPLE)/asiakkaat.sqlite $(CLUB)/medlemmar.sqlite $(SALON)/exports
	@mkdir -p $(OUT)
	$(BIN)/rekisteri validate $(EXAMPLE)/register.toml
	$(BIN)/rekisteri lint $(EXAMPLE)/register.toml --strict
	$(BIN)/rekisteri render $(EXAMPLE)/register.toml -o $(OUT) --force
	$(BIN)/rekisteri render $(EXAMPLE)/register.toml -o $(OUT) --group next-of-kin --force
	$(BIN)/rekisteri render $(EXAMPLE)/rekisteriseloste-2018.toml -o $(OUT) --force
	$(BIN)/rekisteri publish $(EXAMPLE)/register.toml -o $(OUT)/site --force
	$(BIN)/rekisteri record $(EXAMPLE)/register.toml $(EXAMPLE)/rekisteriseloste-2018.toml -o $(OUT)/record --force
	$(BIN)/rekisteri store check $(EXAMPLE)/register.toml
	rm -rf $(OUT)/access-aino-virtanen
	$(BIN)/rekisteri access $(EXAMPLE)/register.toml --email aino.virtanen@example.com -o $(OUT)/access-aino-virtanen --review
	$(BIN)/rekisteri access $(EXAMPLE)/register.toml --email aino.virtanen@example.com -o $(OUT)/access-aino-virtanen --release health
	$(BIN)/rekisteri retention $(EXAMPLE)/register.toml --format csv > $(OUT)/retention.csv
	rm -f $(OUT)/marketing-email.csv
	$(BIN)/rekisteri marketing $(EXAMPLE)/register.toml --channel email -o $(OUT)/marketing-email.csv
	$(BIN)/rekisteri feedback $(EXAMPLE)/register.toml -o $(OUT)/feedback.fi.html --force
	$(BIN)/rekisteri validate $(CLUB)/register.toml
	$(BIN)/rekisteri lint $(CLUB)/register.toml --strict
	$(BIN)/rekisteri render $(CLUB)/register.toml -o $(OUT)/club --force
	$(BIN)/rekisteri publish $(CLUB)/register.toml -o $(OUT)/club/site --force
	$(BIN)/rekisteri record $(CLUB)/register.toml -o $(OUT)/club/record --force
	$(BIN)/rekisteri store check $(CLUB)/register.toml
	rm -rf $(OUT)/club/access-elsa-holmstrom
	$(BIN)/rekisteri access $(CLUB)/register.toml --email elsa.holmstrom@example.com -o $(OUT)/club/access-elsa-holmstrom --lang sv,fi
	$(BIN)/rekisteri store check $(SALON)/register.toml
	rm -rf $(OUT)/salon/access-laura-koskinen
	$(BIN)/rekisteri access $(SALON)/register.toml --email laura.koskinen@example.com -o $(OUT)/salon/access-laura-koskinen
	@echo
	@echo "Rendered the examples of $(EXAMPLE)/ (Finnish and English) and $(CLUB)/ (Swedish, Finnish, English), and answered a request from the exports of $(SALON)/. Outputs:"
	@find $(OUT) -type f | sort | sed 's/^/  /'

test: lint imports typecheck pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

# The layers of the packages and where rich and typer may be used: [tool.importlinter].
imports: $(VENV)/.installed-test
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -q

# The suite on each other Python 3.11+ the machine has (.ci/pythons), each in its own
# environment (.venv-3.12, ...): .ci/run runs it after `make test`.
test-pythons:
	@for python in $$(bash .ci/pythons $(PYTHON)); do \
	    version=$$($$python -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	    echo "== the suite on Python $$version ($$python)"; \
	    $(MAKE) --no-print-directory pytest PYTHON=$$python VENV=.venv-$$version || exit 1; \
	done

# Regenerate the committed JSON Schemas after changing the model.
schemas: $(VENV)/.installed
	$(BIN)/rekisteri schema > schemas/register.schema.json

# The documentation site: the reference pages regenerated from the model and the CLI, then
# the site built into site/ (open site/index.html). The suite checks both (tests/test_docs.py).
docs: $(VENV)/.installed-test
	$(BIN)/python tools/docs_reference.py
	$(BIN)/mkdocs build --strict --quiet
	@echo "built site/index.html"

# Regenerate every golden file (the tests that honour UPDATE_GOLDEN) after an intended change to
# a template, a catalog or a document's code; review the diff before committing. The notice
# goldens hold the pages without their inlined CSS, which test_the_page_style_is_the_notice_css
# checks instead.
golden: $(VENV)/.installed-test
	UPDATE_GOLDEN=1 $(BIN)/pytest -q $$(grep -rl --include='*.py' UPDATE_GOLDEN tests)

# Every benchmark, then one table of all their figures beside their peers, and
# benchmarks/results.json (BENCH=bench_startup runs one).
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run_all.py $(BENCH)

clean:
	rm -rf $(OUT) dist build site .pytest_cache .mypy_cache .ruff_cache
