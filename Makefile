# pdtsim developer commands. On a fresh Debian machine with the Swift toolchain, git and python3,
# two of them do all the set-up:
#
#   make run     release build, `pdtsim simulate` of the reference protocol into out/allumera-blue/,
#                then its figures next to the CSV
#   make test    swift-format lint, the Swift test suite in the test build (debug, the model optimised),
#                then every notebook, then the Python package's tests (pytest, Notebooks/tests/)
#
# Both install what is missing, and only that: libgsl-dev and pkg-config (apt-get, when
# `pkg-config --exists gsl` fails), libsundials-cvode6 (SUNDIALS CVODE, which `pdtsim benchmark`
# loads at run time as its yardstick; apt-get, when `ldconfig -p` does not list
# libsundials_cvode.so.6), python3-venv (apt-get, when `python3 -m venv` cannot make a venv),
# libjs-chart.js, chromium and chromium-driver (apt-get, when Chart.js, `chromium` or `chromedriver`
# is missing: pdtsim serve's page and its browser test) and the pinned notebook packages of
# Notebooks/requirements.txt in .venv/ (reinstalled only when that file changes), with the Python
# package Notebooks/pdtsim/ installed in editable mode.
# `make help` lists every target.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

PROTOCOL := allumera-blue
OUT := out
RUN_OUT := $(OUT)/$(PROTOCOL)
NOTEBOOK_OUT := $(OUT)/notebooks
FIGURES := Notebooks/figures
PDTSIM := .build/release/pdtsim
# The tests build into a folder of their own, so that `make run` and `make test` do not rebuild each
# other's products.
TEST_BUILD := .build-test
TEST_PDTSIM := $(TEST_BUILD)/debug/pdtsim
# Manifests are cached in the build folder (`--manifest-cache local`): with the default shared cache,
# every swift build or swift test here compiled the manifests of all dependencies and the argument
# parser's plugins again, about 18 s even when nothing else had changed (1 s with the local cache).
RELEASE := -c release --manifest-cache local
# The test build is a debug build: every module is testable, as the tests' `@testable import`s need,
# and SwiftNIO, Hummingbird and the argument parser compile unoptimised, at about half the CPU of
# release. Every module compiles whole (-wmo) and without debug information: a clean build of
# Hummingbird's target took 209 CPU-seconds so, against 254 in the debug configuration's batch mode
# and 402 in release. With -num-threads each source file still gets its object file, as the debug
# link step expects; -disable-batch-mode keeps the driver from warning that it ignores batch mode.
# Package.swift, under PDTSIM_TEST_BUILD=1, optimises the model's libraries (-O).
TESTING := -c debug --manifest-cache local --scratch-path $(TEST_BUILD) -Xswiftc -gnone -Xswiftc -wmo \
	-Xswiftc -num-threads -Xswiftc $(shell nproc 2>/dev/null || echo 2) -Xswiftc -disable-batch-mode
TEST_BUILD_ENV := PDTSIM_TEST_BUILD=1

# pdtsim serve's page draws with Debian's Chart.js (served as /vendor/chart.js); its browser test
# (Notebooks/tests/test_browser.py) drives Debian's chromium through chromium-driver.
CHART_JS := /usr/share/javascript/chart.js/chart.min.js

VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
REQUIREMENTS := Notebooks/requirements.txt
STAMP := $(VENV)/.requirements-stamp
PACKAGE := Notebooks
PYTHON_TESTS := Notebooks/tests
NOTEBOOKS := $(sort $(wildcard Notebooks/*.ipynb))
MAIN_NOTEBOOK := Notebooks/three_session_protocol.ipynb

# Headless notebook execution with the venv's Python; the kernel runs in Notebooks/.
NOTEBOOK_ENV = JUPYTER_PLATFORM_DIRS=1 PYDEVD_DISABLE_FILE_VALIDATION=1 PDTSIM="$(CURDIR)/$(NOTEBOOK_PDTSIM)"
NOTEBOOK_PDTSIM := $(PDTSIM)
NBCONVERT := $(VENV)/bin/jupyter nbconvert --to notebook --execute \
	--ExecutePreprocessor.timeout=1800 --ExecutePreprocessor.kernel_name=python3

.PHONY: help run test test-pdtsim test-notebooks test-python figures build build-tests swift-test notebooks python-test system-deps venv format lint man docs clean distclean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-12s %s\n", $$1, $$2 }'

run: system-deps venv build ## Simulate allumera-blue into out/allumera-blue/ and draw its figures there.
	rm -rf $(RUN_OUT)
	$(PDTSIM) simulate --protocol $(PROTOCOL) --out $(RUN_OUT)
	PDTSIM_USE_EXISTING=1 PDTSIM_OUT="$(CURDIR)/$(RUN_OUT)" PDTSIM_FIGURES="$(CURDIR)/$(RUN_OUT)" \
		$(NOTEBOOK_ENV) $(NBCONVERT) --output-dir "$(RUN_OUT)" $(MAIN_NOTEBOOK)
	@echo "figures: $$(cd $(RUN_OUT) && ls *.png | tr '\n' ' ')(in $(RUN_OUT)/)"

# Notebooks/evidence.ipynb fits the evidence library: `make test` and `make notebooks` run its quick
# mode (a reduced fit, about a minute), `make figures` the documented full fit and cross-validation.
test: export PDTSIM_EVIDENCE_MODE := quick
notebooks: export PDTSIM_EVIDENCE_MODE := quick
figures: export PDTSIM_EVIDENCE_MODE := full

# make test keeps both cores busy: the lint and the virtual environment run while the Swift build
# compiles pdtsim (pip mostly waits on files and the network, the lint is one thread for about
# 15 s); then the test targets compile and run while the notebooks, the SALib cross-check and pytest
# run on a copy of that pdtsim (STEP_PDTSIM, so that no step ever runs a binary being relinked).
# Each of the three prints its log whole when it ends; any failure fails make test, after the others
# end.
STEP_PDTSIM := $(TEST_BUILD)/bin/pdtsim
test: system-deps ## swift-format lint, Swift tests (the test build: debug, the model optimised), every notebook headless, the SALib cross-check, pytest.
	@$(MAKE) --jobs=3 lint venv test-pdtsim
	@$(MAKE) --jobs=3 --output-sync=target swift-test test-notebooks test-python

# The steps of make test. The last two have no prerequisites: make test has built pdtsim and made
# .venv/ before them.
test-pdtsim: system-deps
	$(TEST_BUILD_ENV) $(SWIFT) build $(TESTING) --product pdtsim
	mkdir -p $(dir $(STEP_PDTSIM))
	cp -p $(TEST_PDTSIM) $(STEP_PDTSIM)

test-notebooks: NOTEBOOK_PDTSIM := $(STEP_PDTSIM)
test-notebooks:
	@$(call execute-notebooks,$(NOTEBOOK_OUT)/figures)

test-python: NOTEBOOK_PDTSIM := $(STEP_PDTSIM)
test-python:
	@$(call salib-check)
	@$(call python-tests)

notebooks: NOTEBOOK_PDTSIM := $(TEST_PDTSIM)
notebooks: system-deps venv build-tests ## Only the notebook step of make test.
	@$(call execute-notebooks,$(NOTEBOOK_OUT)/figures)

python-test: NOTEBOOK_PDTSIM := $(TEST_PDTSIM)
python-test: system-deps venv build-tests ## Only the pytest step of make test (the Python package against the test build).
	@$(call python-tests)

figures: system-deps venv build ## Execute every notebook headless (the evidence fit in full); figures go to Notebooks/figures/.
	@$(call execute-notebooks,$(FIGURES))

build: system-deps ## Release build of pdtsim.
	$(SWIFT) build $(RELEASE)

build-tests: system-deps ## The test build (debug, the model optimised) into .build-test/, tests included (pdtsim too).
	$(TEST_BUILD_ENV) $(SWIFT) build $(TESTING) --build-tests

swift-test: build-tests ## The Swift test suite only.
	$(TEST_BUILD_ENV) $(SWIFT) test $(TESTING) --skip-build

# $(call execute-notebooks,FIGURES_DIR): runs every notebook headless with Notebooks/run_notebooks.py,
# NOTEBOOK_JOBS at a time, each worker re-using one kernel (the imports are paid once per worker);
# pdtsim's output in a fresh out/notebooks/NAME/, the executed copy in out/notebooks/, the figures in
# FIGURES_DIR; prints each notebook's log in order, closes with "notebooks: N passed, M failed" and
# fails if any notebook failed.
NOTEBOOK_JOBS ?= 2
define execute-notebooks
$(NOTEBOOK_ENV) $(VENV_PYTHON) Notebooks/run_notebooks.py --out "$(NOTEBOOK_OUT)" --figures "$(abspath $(1))" \
	--jobs $(NOTEBOOK_JOBS) $(NOTEBOOKS)
endef

# SALib's analysis of pdtsim's own Sobol design must give pdtsim's indices (Tests/salib/check_sobol.py
# prints 'N passed, M failed' and exits non-zero on disagreement).
define salib-check
rm -rf "$(NOTEBOOK_OUT)/salib-sobol"; \
$(NOTEBOOK_PDTSIM) sensitivity --method sobol --samples 16 --seed 5 --set schedule.horizon_days=200 \
	--quiet --out "$(NOTEBOOK_OUT)/salib-sobol" && \
$(VENV_PYTHON) Tests/salib/check_sobol.py "$(NOTEBOOK_OUT)/salib-sobol"
endef

# The Python package's tests (Notebooks/tests/) against the test build's pdtsim; pytest closes with
# "N passed" (and "M failed" when some fail, then exits non-zero).
define python-tests
PDTSIM="$(CURDIR)/$(NOTEBOOK_PDTSIM)" $(VENV_PYTHON) -m pytest -q -p no:cacheprovider $(PYTHON_TESTS)
endef

system-deps: ## Install libgsl-dev, pkg-config, libsundials-cvode6, python3-venv, libjs-chart.js, chromium and chromium-driver with apt-get, if missing.
	@packages=""; \
	pkg-config --exists gsl 2>/dev/null || packages="$$packages libgsl-dev pkg-config"; \
	/sbin/ldconfig -p 2>/dev/null | grep -q 'libsundials_cvode\.so\.6 ' || packages="$$packages libsundials-cvode6"; \
	[ -f $(CHART_JS) ] || packages="$$packages libjs-chart.js"; \
	command -v chromium >/dev/null || packages="$$packages chromium"; \
	command -v chromedriver >/dev/null || packages="$$packages chromium-driver"; \
	if ! command -v $(PYTHON) >/dev/null; then \
		packages="$$packages python3 python3-venv"; \
	elif [ ! -x $(VENV_PYTHON) ]; then \
		probe=$$(mktemp -d); \
		$(PYTHON) -m venv "$$probe/venv" >/dev/null 2>&1 || packages="$$packages python3-venv"; \
		rm -rf "$$probe"; \
	fi; \
	if [ -n "$$packages" ]; then \
		echo "installing with apt-get:$$packages"; \
		$(SUDO) apt-get update; \
		$(SUDO) apt-get install -y --no-install-recommends $$packages; \
	fi

venv: system-deps ## Create .venv/ with Notebooks/requirements.txt (again only when that file changes) and the pdtsim package (editable).
	@if cmp -s $(REQUIREMENTS) $(STAMP); then \
		echo "venv: $(VENV)/ is up to date with $(REQUIREMENTS)"; \
	else \
		[ -x $(VENV_PYTHON) ] || $(PYTHON) -m venv $(VENV); \
		echo "venv: installing $(REQUIREMENTS) into $(VENV)/"; \
		$(VENV_PYTHON) -m pip install --quiet --no-compile --disable-pip-version-check -r $(REQUIREMENTS); \
		cp $(REQUIREMENTS) $(STAMP); \
	fi
	@if ! $(VENV_PYTHON) -m pip show --quiet pdtsim >/dev/null 2>&1; then \
		echo "venv: installing the pdtsim package ($(PACKAGE)/) into $(VENV)/, editable"; \
		$(VENV_PYTHON) -m pip install --quiet --no-compile --disable-pip-version-check --editable $(PACKAGE); \
	fi

format: ## Format Sources, Tests and Package.swift in place.
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint: ## Check the formatting strictly.
	$(SWIFT) format lint --strict --recursive Sources Tests

man: system-deps ## The man page out/man/pdtsim.1, generated from the command-line parser.
	mkdir -p $(OUT)/man
	$(SWIFT) package --allow-writing-to-directory $(OUT)/man generate-manual --output-directory $(OUT)/man
	@echo "man page: $(OUT)/man/pdtsim.1 (read it with: man $(OUT)/man/pdtsim.1)"

# The manual: the DocC catalog of the command target, built by swift-docc-plugin (offline: the plugin
# resolves like every package, and docc comes with the toolchain). A broken link is an error.
# Package.swift declares the plugin only under PDTSIM_DOCS=1, so that other builds do not compile it.
DOCS := $(OUT)/docs
docs: system-deps ## The manual (Sources/PDTCommands/PDTCommands.docc) as a static website in out/docs/.
	rm -rf $(DOCS)
	mkdir -p $(OUT)
	PDTSIM_DOCS=1 $(SWIFT) package --allow-writing-to-directory $(DOCS) generate-documentation --target PDTCommands \
		--output-path $(DOCS) --transform-for-static-hosting --warnings-as-errors
	@echo "manual: $(DOCS)/ (serve it with: python3 -m http.server -d $(DOCS), then open /documentation/pdtcommands/)"

clean: ## Remove out/ and Swift build products (keeps .venv/ and fetched packages).
	rm -rf $(OUT) $(TEST_BUILD)
	$(SWIFT) package clean

distclean: clean ## Also remove .venv/.
	rm -rf $(VENV)
