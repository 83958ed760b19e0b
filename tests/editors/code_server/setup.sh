#!/usr/bin/env bash
# Installs what the code-server end-to-end test needs, OUTSIDE the repo (nothing lands in the tree):
#   - Debian packages: chromium (driven headless), fonts, ripgrep, and the native-build deps of code-server
#   - code-server 4.100.3 (VS Code 1.100.3, the newest release line that runs on node 20) from the npm registry
#   - playwright-core (drives the system Chromium; never `playwright install`, which downloads a browser)
# into ${SHAPELENS_E2E_DIR:-/tmp/shapelens-e2e}. Idempotent: a second run only checks stamps (about 1 s).
#   bash tests/editors/code_server/setup.sh
# Only PyPI, Debian and the npm registry are reachable, hence three workarounds (see the comments below).
set -euo pipefail

E2E_DIR=${SHAPELENS_E2E_DIR:-/tmp/shapelens-e2e}
CS_VERSION=${CS_VERSION:-4.100.3}
PW_VERSION=${PW_VERSION:-1.65.1}
START=$SECONDS
mkdir -p "$E2E_DIR"

# --- Debian packages ----------------------------------------------------------------------------------
APT_PKGS=(build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
          ripgrep chromium fonts-dejavu-core curl ca-certificates)
command -v npm >/dev/null 2>&1 || APT_PKGS+=(nodejs npm)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "setup: need root to apt-get install ${missing[*]}" >&2; exit 1; }
  echo "== apt-get install ${missing[*]}"
  t0=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq
  timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "apt packages installed in $((SECONDS - t0)) s"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  echo "setup: warning: code-server $CS_VERSION wants node 20, this is node $(node -v)" >&2
fi

# --- code-server ---------------------------------------------------------------------------------------
CS_STAMP="$E2E_DIR/cs/.installed-$CS_VERSION"
if [ ! -f "$CS_STAMP" ] || [ ! -x "$E2E_DIR/cs/node_modules/.bin/code-server" ]; then
  echo "== npm install code-server@$CS_VERSION into $E2E_DIR/cs (compiles native modules: about 1 min)"
  t0=$SECONDS
  rm -rf "$E2E_DIR/cs" "$E2E_DIR/tmp"
  mkdir -p "$E2E_DIR/cs" "$E2E_DIR/tmp"
  # Workaround A: @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable). It first looks for
  # the asset in $(os.tmpdir())/vscode-ripgrep-cache-<version>/: seed that cache with Debian's rg.
  export TMPDIR="$E2E_DIR/tmp"
  for v in 1.15.11 1.15.14; do
    mkdir -p "$TMPDIR/vscode-ripgrep-cache-$v"
    tar czf "$TMPDIR/vscode-ripgrep-cache-$v/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
      -C "$(dirname "$(command -v rg)")" rg
  done
  # node-gyp compiles against the local node headers (/usr/include/node), never downloads them.
  export npm_config_nodedir=${npm_config_nodedir:-/usr}
  cd "$E2E_DIR/cs"
  echo '{"name":"shapelens-e2e-code-server","private":true}' > package.json
  # Workaround B: as root, code-server's postinstall.sh refuses to run unless npm_config_unsafe_perm=true.
  # Workaround C: node-pty's post-install runs `npx node-gyp`; with yes=false in an npmrc npx would cancel.
  # (argon2/kerberos first try GitHub prebuilds, log ENOTFOUND, then compile from source: expected noise.)
  npm_config_yes=true npm_config_unsafe_perm=true \
    timeout 1200 npm install --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CS_VERSION" \
    > "$E2E_DIR/cs-install.log" 2>&1 || { tail -40 "$E2E_DIR/cs-install.log"; exit 1; }
  # --version writes ~/.config/code-server/config.yaml and ~/.local/share/code-server/ unless XDG_* point elsewhere.
  XDG_CONFIG_HOME="$E2E_DIR/xdg/config" XDG_DATA_HOME="$E2E_DIR/xdg/data" "$E2E_DIR/cs/node_modules/.bin/code-server" --version
  rm -rf "$TMPDIR"
  unset TMPDIR
  touch "$CS_STAMP"
  echo "code-server installed in $((SECONDS - t0)) s"
fi

# --- playwright-core -------------------------------------------------------------------------------------
PW_STAMP="$E2E_DIR/pw/.installed-$PW_VERSION"
if [ ! -f "$PW_STAMP" ] || [ ! -d "$E2E_DIR/pw/node_modules/playwright-core" ]; then
  echo "== npm install playwright-core@$PW_VERSION into $E2E_DIR/pw"
  rm -rf "$E2E_DIR/pw" && mkdir -p "$E2E_DIR/pw" && cd "$E2E_DIR/pw"
  echo '{"name":"shapelens-e2e-playwright","private":true}' > package.json
  timeout 600 npm install --no-audit --no-fund --loglevel=error "playwright-core@$PW_VERSION"
  touch "$PW_STAMP"
fi

echo "setup: code-server $CS_VERSION, playwright-core $PW_VERSION, $(/usr/bin/chromium --version 2>/dev/null | head -1) ready in $E2E_DIR ($((SECONDS - START)) s)"
