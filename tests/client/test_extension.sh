#!/usr/bin/env bash
# Builds and packages the ShapeLens VS Code extension with its bundled server (npm run bundle),
# checks the .vsix contents, and starts the bundled server from the unpacked .vsix with a fresh
# virtualenv's Python that has nothing installed.
#   bash tests/client/test_extension.sh
# Needs node 20 + npm and the npm registry (npm ci), python3 with pip and venv, and the Python
# package index (npm run bundle). SHAPELENS_BUNDLE_PYTHONS="python3.10 python3.13" also checks
# the bundle with those interpreters. Prints "extension: N passed, N failed" last.
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

echo "== npm run bundle (bundled/: ShapeLens + its pure-Python libraries, the launcher)"
npm run bundle
[ -f bundled/tool/server.py ] || fail "bundled/tool/server.py was not built"
[ -f bundled/libs/shapelens/__init__.py ] || fail "bundled/libs/shapelens was not built"

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

for required in extension/client/out/extension.js extension/package.json \
  extension/bundled/tool/server.py extension/bundled/libs/shapelens/__init__.py \
  extension/bundled/libs/shapelens/lsp/handlers.py extension/bundled/libs/pygls/__init__.py \
  extension/bundled/libs/lsprotocol/types.py extension/bundled/libs/cattrs/__init__.py \
  extension/bundled/libs/attrs/__init__.py extension/bundled/libs/jedi/__init__.py \
  extension/bundled/libs/parso/__init__.py extension/bundled/libs/tomli/__init__.py; do
  grep -qxF "$required" "$LIST" || fail "$required is missing from the .vsix"
done
grep -q '^extension/node_modules/vscode-languageclient/' "$LIST" \
  || fail "extension/node_modules/vscode-languageclient/ is missing from the .vsix"
grep -q '^extension/node_modules/vscode-languageclient/node_modules/minimatch/\|^extension/node_modules/minimatch/' "$LIST" \
  || fail "vscode-languageclient's dependency minimatch is missing from the .vsix"

forbidden='^extension/server/|^extension/tests/|(^|/)\.venv(/|$)|^extension/client/src/|^extension/client/scripts/|^extension/node_modules/(typescript|@vscode/vsce|@types)/|\.vsix$|__pycache__|\.pyc$|\.(so|pyd|dylib)$'
if grep -E "$forbidden" "$LIST" >"$WORK/bad.txt"; then
  head -20 "$WORK/bad.txt" >&2
  fail "the .vsix contains files that must not be shipped (see above)"
fi

echo "== the manifest declares the settings the extension reads"
node -e '
  const props = require(process.argv[1]).contributes.configuration.properties;
  const want = ["interpreter", "path", "importStrategy", "select", "ignore", "severity",
                "inlayHints.enabled", "codeLens.enabled", "trace.server"].map((k) => "shapelens." + k);
  const missing = want.filter((k) => !(k in props));
  if (missing.length) { console.error("missing settings:", missing); process.exit(1); }
  if (props["shapelens.importStrategy"].default !== "useBundled") { console.error("importStrategy default"); process.exit(1); }
' "$ROOT/package.json" || fail "package.json does not declare the settings"

echo "== the bundled server runs with a Python that has nothing installed"
UNZ="$WORK/unzipped"
mkdir -p "$UNZ"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$VSIX" "$UNZ"
LAUNCHER="$UNZ/extension/bundled/tool/server.py"
pythons="python3 ${SHAPELENS_BUNDLE_PYTHONS:-}"
n=0
for base in $pythons; do
  n=$((n + 1))
  command -v "$base" >/dev/null 2>&1 && "$base" -c 'import sys' 2>/dev/null || fail "$base is not a working Python"
  venv="$WORK/venv-$n"
  "$base" -m venv --without-pip "$venv" || fail "cannot create a virtualenv with $base"
  py="$venv/bin/python"
  if "$py" -c 'import shapelens' 2>/dev/null || "$py" -c 'import pygls' 2>/dev/null; then
    fail "the fresh virtualenv of $base can import shapelens or pygls: the check would prove nothing"
  fi
  echo "-- $("$py" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
  version=$(cd "$WORK" && timeout 60 "$py" "$LAUNCHER" --version) || fail "the bundled launcher --version failed with $base"
  [ "$version" = "shapelens 0.1.0" ] || fail "bundled launcher --version printed '$version'"
  (cd "$WORK" && timeout 120 python3 "$ROOT/tests/client/lsp_smoke.py" "$py" "$LAUNCHER" serve --stdio) \
    || fail "the bundled server did not work with $base"
done

echo "== an untrusted folder's modules are never imported (shadow shapelens/, pygls/, json.py...)"
# The commands come from the packaged extension.js itself; useBundled with the fresh virtualenv.
(cd "$WORK" && timeout 300 python3 "$ROOT/tests/client/untrusted_folder.py" \
  "$UNZ/extension/client/out/extension.js" "$WORK/venv-1/bin/python" "$LAUNCHER") \
  || fail "the useBundled server or preflight imported a module of the opened folder"
# fromEnvironment with a Python where ShapeLens is installed (the project's .venv), when there is one.
ENV_PYTHON=${SHAPELENS_ENV_PYTHON:-$ROOT/.venv/bin/python}
if [ -x "$ENV_PYTHON" ] && (cd "$WORK" && "$ENV_PYTHON" -I -c 'import shapelens') 2>/dev/null; then
  (cd "$WORK" && timeout 300 python3 "$ROOT/tests/client/untrusted_folder.py" \
    "$UNZ/extension/client/out/extension.js" "$ENV_PYTHON") \
    || fail "the fromEnvironment server or preflight imported a module of the opened folder"
else
  echo "(no Python with ShapeLens installed at $ENV_PYTHON: fromEnvironment not checked)"
fi

size=$(wc -c <"$VSIX")
echo "vsix: $(wc -l <"$LIST") files, $size bytes ($(( size / 1024 )) KiB), bundled/ $(grep -c '^extension/bundled/' "$LIST") files"
