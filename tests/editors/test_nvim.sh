#!/usr/bin/env bash
# Real-editor end-to-end test: headless Neovim (Debian's `neovim`, 0.7.x) drives the real ShapeLens
# language server (`<python> -m shapelens serve`) on a copy of tests/editors/sample/cnn_predict.py.
#   bash tests/editors/test_nvim.sh
# Env: SHAPELENS_PYTHON   interpreter that has shapelens installed (default: <repo>/.venv/bin/python)
#      SHAPELENS_E2E_TIMEOUT_MS  per-step timeout inside Neovim (default 30000)
# Installs `neovim` with apt-get when it is missing (needs root). Prints "nvim: N passed, N failed" last.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=${SHAPELENS_PYTHON:-$ROOT/.venv/bin/python}
START=$SECONDS
WORK=""

finish() {
  local rc=$1
  [ -z "$WORK" ] || rm -rf "$WORK"
  echo "nvim test took $((SECONDS - START)) s"
  if [ "$rc" -eq 0 ]; then echo "nvim: 1 passed, 0 failed"; else echo "nvim: 0 passed, 1 failed"; fi
  exit "$rc"
}

if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "FAIL: nvim is not installed and we are not root (apt-get install neovim)" >&2
    finish 1
  fi
  echo "== installing Debian neovim"
  t0=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  if ! { timeout 300 apt-get update -qq && timeout 300 apt-get install -y -qq --no-install-recommends neovim >/dev/null; }; then
    echo "FAIL: apt-get install neovim failed" >&2
    finish 1
  fi
  echo "neovim installed in $((SECONDS - t0)) s"
fi
if [ ! -x "$PY" ]; then
  echo "FAIL: $PY is not an executable Python (run 'make install' or set SHAPELENS_PYTHON)" >&2
  finish 1
fi
"$PY" -c 'import shapelens' || { echo "FAIL: shapelens is not importable with $PY" >&2; finish 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/shapelens-nvim.XXXXXX")
mkdir -p "$WORK"/{ws,cache,config,data,state}
cp "$HERE/sample/cnn_predict.py" "$WORK/ws/cnn_predict.py"
# Neovim 0.7 appends the server's stderr to $XDG_CACHE_HOME/nvim/lsp.log: keep everything in $WORK.
export XDG_CACHE_HOME="$WORK/cache" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state"
export SHAPELENS_E2E_PYTHON="$PY" SHAPELENS_E2E_FILE="$WORK/ws/cnn_predict.py"
echo "== $(nvim --version | head -1), server: $PY -m shapelens serve"
rc=0
(cd "$WORK/ws" && timeout -k 5 120 nvim --headless -u NONE -i NONE -n -c "luafile $HERE/nvim_e2e.lua" </dev/null) || rc=$?
if [ "$rc" -ne 0 ]; then
  [ "$rc" -ne 124 ] || echo "FAIL: Neovim did not finish within 120 s" >&2
  if [ -f "$WORK/cache/nvim/lsp.log" ]; then
    echo "--- last lines of Neovim's lsp.log (server stderr)"
    tail -40 "$WORK/cache/nvim/lsp.log"
  fi
fi
finish "$rc"
