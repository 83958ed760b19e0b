#!/usr/bin/env bash
# Real-editor end-to-end tests of the ShapeLens language server and VS Code extension:
#   1. headless Neovim (Debian neovim)                 tests/editors/test_nvim.sh
#   2. VS Code = code-server + headless Chromium        tests/editors/code_server/run.sh
# Each installs what it needs (apt, npm registry) on first use; caches live outside the repo in
# ${SHAPELENS_E2E_DIR:-/tmp/shapelens-e2e}; screenshots go to ${SHAPELENS_ARTIFACTS:-<repo>/artifacts}.
#   bash tests/editors/run_all.sh
# Exits non-zero if either fails. Prints "editors: N passed, N failed" last.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
START=$SECONDS
passed=0
failed=0
for t in test_nvim.sh code_server/run.sh; do
  echo "=== $t"
  if bash "$HERE/$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "=== $t FAILED"; fi
done
echo "editor tests took $((SECONDS - START)) s"
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
