#!/usr/bin/env bash
# Builds and packages the ShapeLens extension from the current sources into $1 (a .vsix path), working in a
# copy under ${SHAPELENS_E2E_DIR:-/tmp/shapelens-e2e}/ext-build so that nothing is written into the repo.
# Same steps as tests/client/test_extension.sh: npm ci, npm run build (tsc), vsce package.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
E2E_DIR=${SHAPELENS_E2E_DIR:-/tmp/shapelens-e2e}
VSIX=${1:?usage: build_vsix.sh OUT.vsix}
BUILD="$E2E_DIR/ext-build"
mkdir -p "$BUILD"

# Fresh copy of the sources the .vsix is made of; node_modules is kept while package-lock.json is unchanged.
find "$BUILD" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .lock-sha -exec rm -rf {} +
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$ROOT/.vscodeignore" "$BUILD/"
for f in README.md CHANGELOG.md LICENSE LICENSE.md LICENSE.txt; do
  [ ! -f "$ROOT/$f" ] || cp "$ROOT/$f" "$BUILD/"
done
tar -C "$ROOT" --exclude=client/out --exclude=node_modules -cf - client | tar -C "$BUILD" -xf -

cd "$BUILD"
lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat .lock-sha 2>/dev/null)" != "$lock_sha" ]; then
  echo "== npm ci (extension build deps)"
  timeout 600 npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sha" > .lock-sha
fi
echo "== npm run build"
timeout 300 npm run build --silent
[ -f client/out/extension.js ] || { echo "client/out/extension.js was not built" >&2; exit 1; }
echo "== vsce package -> $VSIX"
timeout 300 npx --no-install vsce package --allow-missing-repository --skip-license --no-rewrite-relative-links \
  -o "$VSIX" >/dev/null
[ -s "$VSIX" ] || { echo "no .vsix was written" >&2; exit 1; }
