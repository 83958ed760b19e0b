# ShapeLens: the two commands that set up a fresh machine and run everything.
#   make demo   creates .venv, installs ShapeLens, runs `shapelens check` on examples/
#   make test   installs everything the tests need (TensorFlow, pytest-lsp, Node deps), runs them all

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test install install-test node-deps lint test-python test-client test-editors bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Stamp files make a second run skip what is already installed.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	@echo "== shapelens check examples/ (the examples include classic mistakes: exit status 1 is expected)"
	@$(VENV)/bin/shapelens check examples/; status=$$?; \
	  if [ $$status -gt 1 ]; then echo "shapelens failed with status $$status"; exit $$status; fi

node-deps:
	@command -v npm >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q nodejs npm; }

lint: install-test
	$(VENV)/bin/ruff check server tests bench tools

test-client: node-deps
	bash tests/client/test_extension.sh

test-python: install-test
	$(PY) -m pytest -p no:cacheprovider

# Real editors against the real server: headless Neovim, and VS Code (code-server) in headless
# Chromium with the packaged extension. The scripts install what they need (apt, npm).
test-editors: install node-deps
	bash tests/editors/run_all.sh

# pytest runs last so that its summary closes the log.
test: lint test-client test-editors test-python

# The side-by-side table measures `shapelens check` against pyflakes (the pure-Python peer).
bench: install
	$(PIP) install 'pyflakes>=3'
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules client/out bundled *.vsix
