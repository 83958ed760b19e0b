#!/usr/bin/env bash
# Real-editor end-to-end test in VS Code: code-server 4.100.3 (the real VS Code 1.100.3 workbench and Node
# extension host) with the ShapeLens .vsix built from this tree, opened in headless Debian Chromium driven
# by playwright-core (cs_e2e.mjs). The workspace is a temp folder with a copy of
# tests/editors/sample/cnn_predict.py and a .vscode/settings.json whose "shapelens.interpreter" is the
# repo's .venv python.
#   bash tests/editors/code_server/run.sh
# Env: SHAPELENS_PYTHON     interpreter with shapelens installed (default: <repo>/.venv/bin/python)
#      SHAPELENS_E2E_DIR    install/cache dir outside the repo (default /tmp/shapelens-e2e)
#      SHAPELENS_ARTIFACTS  where screenshots and logs go (default <repo>/artifacts, gitignored)
#      SHAPELENS_E2E_SKIP_SETUP=1  do not run setup.sh first; KEEP=1 keeps the temp folder
# Prints "code-server: N passed, N failed" last.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
E2E_DIR=${SHAPELENS_E2E_DIR:-/tmp/shapelens-e2e}
PY=${SHAPELENS_PYTHON:-$ROOT/.venv/bin/python}
ART=${SHAPELENS_ARTIFACTS:-$ROOT/artifacts}
CS="$E2E_DIR/cs/node_modules/.bin/code-server"
START=$SECONDS
TMP=""
PGIDS=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # code-server forks a file watcher and extension hosts (which run the language server); Chromium forks
  # its own helpers: each was started in its own session/process group, kill the whole groups.
  for g in "${PGIDS[@]}"; do kill -TERM -- "-$g" 2>/dev/null; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    alive=0
    for g in "${PGIDS[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.3
  done
  for g in "${PGIDS[@]}"; do kill -KILL -- "-$g" 2>/dev/null; done
  # Playwright starts Chromium in a process group of its own and closes it when node exits normally or on
  # SIGTERM; should node have been SIGKILLed, end what is left of that Chromium: the processes whose command
  # line names this run's unique temp folder (its --user-data-dir), each by its pid.
  if [ -n "$TMP" ]; then
    for p in $(ps -eo pid=,args= | D="$TMP/" awk 'index($0, ENVIRON["D"]) { print $1 }'); do
      [ "$p" = "$$" ] || kill -KILL "$p" 2>/dev/null
    done
  fi
  if [ -n "$TMP" ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$TMP"; fi
  [ -z "$TMP" ] || [ "${KEEP:-0}" != 1 ] || echo "kept $TMP"
  echo "code-server test took $((SECONDS - START)) s"
  if [ "$rc" -eq 0 ]; then echo "code-server: 1 passed, 0 failed"; else echo "code-server: 0 passed, 1 failed"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

step() { echo "== [$((SECONDS - START)) s] $*"; }
# Remembers the process group of a child started in the background with setsid: setsid (not forking, since
# a background child of a script is no group leader) makes it the leader of a new group whose id is its pid.
track() {
  local g=""
  for _ in $(seq 1 50); do
    g=$(ps -o pgid= "$1" 2>/dev/null | tr -d ' ')
    [ "$g" != "$1" ] || break
    sleep 0.05
  done
  if [ "$g" = "$1" ]; then PGIDS+=("$1"); else echo "warning: $1 did not get a process group of its own" >&2; fi
}

if [ "${SHAPELENS_E2E_SKIP_SETUP:-0}" != 1 ]; then
  step "setup (installs into $E2E_DIR when missing)"
  bash "$HERE/setup.sh" || fail "setup.sh failed"
fi
[ -x "$CS" ] || fail "$CS is missing: run tests/editors/code_server/setup.sh"
[ -x "$PY" ] || fail "$PY is not an executable Python (run 'make install' or set SHAPELENS_PYTHON)"
"$PY" -c 'import shapelens' || fail "shapelens is not importable with $PY"
mkdir -p "$ART" || fail "cannot create $ART"
ART=$(cd "$ART" && pwd)
rm -f "$ART"/code-server-* "$ART"/docs-vscode-*   # this test's files from an earlier run

step "building the .vsix from this tree"
VSIX="$E2E_DIR/shapelens-e2e.vsix"
rm -f "$VSIX"
bash "$HERE/build_vsix.sh" "$VSIX" || fail "building the .vsix failed"

# Short path: code-server and the extension host put unix sockets under it.
TMP=$(mktemp -d /tmp/slcs.XXXXXX)
mkdir -p "$TMP"/{user/User,ext,ws/.vscode,xdg/config,xdg/data,xdg/cache,tmp,chromium}
# code-server, its extension host and Chromium write to ~/.config, ~/.cache and TMPDIR: keep them in $TMP.
export XDG_CONFIG_HOME="$TMP/xdg/config" XDG_DATA_HOME="$TMP/xdg/data" XDG_CACHE_HOME="$TMP/xdg/cache" TMPDIR="$TMP/tmp"
cat > "$TMP/user/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "editor.minimap.enabled": false,
  "editor.inlayHints.enabled": "on",
  "files.hotExit": "off",
  "editor.hover.above": false,
  "workbench.colorTheme": "Default Light Modern"
}
JSON
# importStrategy fromEnvironment: run `<interpreter> -m shapelens serve`, i.e. the server of this tree
# installed in the venv (a setting that extension versions without it simply ignore).
cat > "$TMP/ws/.vscode/settings.json" <<JSON
{ "shapelens.interpreter": "$PY", "shapelens.importStrategy": "fromEnvironment" }
JSON
cp "$HERE/../sample/cnn_predict.py" "$TMP/ws/cnn_predict.py"

step "installing the .vsix into code-server"
timeout 120 "$CS" --user-data-dir "$TMP/user" --extensions-dir "$TMP/ext" --install-extension "$VSIX" \
  || fail "code-server --install-extension failed"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
step "starting code-server on 127.0.0.1:$PORT"
setsid "$CS" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$TMP/user" --extensions-dir "$TMP/ext" "$TMP/ws" > "$TMP/code-server.log" 2>&1 &
CSPID=$!
track "$CSPID"
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  kill -0 "$CSPID" 2>/dev/null || break
  sleep 0.5
done
if ! curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then
  tail -30 "$TMP/code-server.log"
  fail "code-server did not come up"
fi

step "driving VS Code in headless Chromium (cs_e2e.mjs)"
rc=0
setsid env PW_DIR="$E2E_DIR/pw" CHROMIUM_PROFILE="$TMP/chromium" E2E_FILE=cnn_predict.py \
  timeout -k 5 240 node "$HERE/cs_e2e.mjs" "http://127.0.0.1:$PORT/?folder=$TMP/ws" "$ART" &
DRPID=$!
track "$DRPID"
wait "$DRPID" || rc=$?

# Logs next to the screenshots: code-server's, and the extension's "ShapeLens" output channel.
cp "$TMP/code-server.log" "$ART/code-server.log" 2>/dev/null
find "$TMP/user/logs" -name '*ShapeLens*' -exec cat {} + > "$ART/code-server-shapelens-output.log" 2>/dev/null
if [ "$rc" -ne 0 ]; then
  [ "$rc" -ne 124 ] || echo "FAIL: the driver did not finish within 240 s" >&2
  echo "--- code-server.log (last lines)"; tail -20 "$TMP/code-server.log"
  echo "--- ShapeLens output channel (last lines)"; tail -20 "$ART/code-server-shapelens-output.log"
fi
exit "$rc"
