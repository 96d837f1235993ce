#!/usr/bin/env bash
# Installs what ao needs (system packages when missing, npm dependencies when the lock file changed) and builds it.
# Usage: scripts/setup.sh [--browser]   (--browser also installs Debian's chromium for the dashboard tests)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "ao needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

missing=()
command -v git >/dev/null || missing+=(git)
command -v tmux >/dev/null || missing+=(tmux)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
command -v python3 >/dev/null || missing+=(python3)
[ "$want_browser" = 1 ] && { [ -x /usr/bin/chromium ] || missing+=(chromium); }
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  if command -v apt-get >/dev/null; then
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo -n)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  elif command -v brew >/dev/null; then
    brew install "${missing[@]/chromium/}"
  else
    echo "please install: ${missing[*]}" >&2
    exit 1
  fi
fi

# npm dependencies: reinstall only when package-lock.json changed since the last install.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.ao-lock-hash ] || [ "$(cat node_modules/.ao-lock-hash)" != "$lock_hash" ]; then
  echo "installing npm dependencies (native modules build from source; this takes a minute or two)"
  # `npm install`, not `npm ci`: npm 11 writes lock files without other platforms' optional packages, which `npm ci`
  # then rejects as out of sync. `npm install` still installs the locked versions.
  npm install --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > node_modules/.ao-lock-hash
fi

npx turbo run build --output-logs=errors-only
