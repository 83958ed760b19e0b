#!/usr/bin/env bash
# Builds and packages the ShapeLens VS Code extension, then checks the .vsix contents.
#   bash tests/client/test_extension.sh
# Needs node 20 + npm and the npm registry (npm ci). Prints "extension: N passed, N failed" last.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shapelens-ext.XXXXXX")
START=$SECONDS

finish() {
  local rc=$?
  rm -rf "$WORK"
  echo "extension test took $((SECONDS - START)) s"
  if [ "$rc" -eq 0 ]; then
    echo "extension: 1 passed, 0 failed"
  else
    echo "extension: 0 passed, 1 failed"
  fi
  exit "$rc"
}
trap finish EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

cd "$ROOT"

echo "== npm ci"
npm ci --no-audit --no-fund

echo "== npm run build"
rm -rf client/out
npm run build
[ -f client/out/extension.js ] || fail "client/out/extension.js was not built"

echo "== static check of the compiled extension"
# Outside VS Code, requiring the extension must fail only because the 'vscode' module is missing.
node -e '
  try {
    require(process.argv[1]);
  } catch (e) {
    if (e && e.code === "MODULE_NOT_FOUND" && /Cannot find module .vscode./.test(e.message)) process.exit(0);
    console.error("unexpected error:", e);
    process.exit(1);
  }
  console.error("extension.js loaded without the vscode module?");
  process.exit(1);
' "$ROOT/client/out/extension.js" || fail "client/out/extension.js is not valid"
# With a stub 'vscode' module it must load and export activate/deactivate.
node -e '
  const Module = require("module");
  const stub = new Proxy(function () {}, {
    get: (t, p) => (p === "__esModule" ? false : stub),
    apply: () => stub,
    construct: () => stub,
  });
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === "vscode" ? stub : load.call(this, request, ...rest);
  };
  const ext = require(process.argv[1]);
  if (typeof ext.activate !== "function" || typeof ext.deactivate !== "function") {
    console.error("activate/deactivate are not exported:", Object.keys(ext));
    process.exit(1);
  }
' "$ROOT/client/out/extension.js" || fail "client/out/extension.js does not export activate/deactivate"

echo "== vsce package"
VSIX="$WORK/shapelens.vsix"
npx --no-install vsce package --allow-missing-repository --skip-license --no-rewrite-relative-links -o "$VSIX"
[ -s "$VSIX" ] || fail "no .vsix was written"

echo "== checking the .vsix contents"
LIST="$WORK/files.txt"
if command -v unzip >/dev/null 2>&1; then
  unzip -Z1 "$VSIX" >"$LIST"
else
  python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$VSIX" >"$LIST"
fi

for required in extension/client/out/extension.js extension/package.json; do
  grep -qxF "$required" "$LIST" || fail "$required is missing from the .vsix"
done
grep -q '^extension/node_modules/vscode-languageclient/' "$LIST" \
  || fail "extension/node_modules/vscode-languageclient/ is missing from the .vsix"
grep -q '^extension/node_modules/vscode-languageclient/node_modules/minimatch/\|^extension/node_modules/minimatch/' "$LIST" \
  || fail "vscode-languageclient's dependency minimatch is missing from the .vsix"

forbidden='^extension/server/|^extension/tests/|(^|/)\.venv(/|$)|^extension/client/src/|^extension/node_modules/(typescript|@vscode/vsce|@types)/|\.vsix$'
if grep -E "$forbidden" "$LIST" >"$WORK/bad.txt"; then
  head -20 "$WORK/bad.txt" >&2
  fail "the .vsix contains files that must not be shipped (see above)"
fi

size=$(wc -c <"$VSIX")
echo "vsix: $(wc -l <"$LIST") files, $size bytes"
