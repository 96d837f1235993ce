#!/usr/bin/env bash
# Installs what ao needs (system packages when missing, npm dependencies when the lock file changed) and builds it.
# Usage: scripts/setup.sh          `npm start`: ao's dependencies only (no devDependencies), then scripts/build.mjs
#        scripts/setup.sh --test   `npm test`: every dependency (lint, type-check, test runners), Debian's chromium
#                                   for the dashboard tests and xvfb, xterm, x11-apps for the terminal tests, then the
#                                   turbo build
# (The agent CLIs the tests drive are installed by scripts/install-test-agents.sh, which `npm test` runs.)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=runtime
[ "${1:-}" = "--test" ] && mode=full

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
[ "$mode" = full ] && { [ -x /usr/bin/chromium ] || missing+=(chromium); }
# The terminal tests open a real xterm on a virtual X display and take a screenshot of it; the container runtime's
# tests run real containers through podman's Docker Engine API (Linux only).
if [ "$mode" = full ] && [ "$(uname -s)" = Linux ]; then
  command -v Xvfb >/dev/null || missing+=(xvfb)
  command -v xterm >/dev/null || missing+=(xterm)
  command -v xwd >/dev/null || missing+=(x11-apps)
  command -v podman >/dev/null || missing+=(podman)
  [ -x /usr/sbin/runc ] || missing+=(runc)
  [ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  if command -v apt-get >/dev/null; then
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo -n)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  elif command -v brew >/dev/null; then
    brew install "${missing[@]/chromium/}" # (podman: Linux only)
  else
    echo "please install: ${missing[*]}" >&2
    exit 1
  fi
fi

# npm dependencies: installed again only when package-lock.json changed since the last install, or when `npm test`
# needs the devDependencies that an `npm start` install left out. node_modules/.ao-install says "<mode> <lock hash>";
# a full install also serves `npm start`, which then keeps it full rather than pruning what `npm test` needs back.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
marker=node_modules/.ao-install
installed=$(cat "$marker" 2>/dev/null || true)
[ -z "$installed" ] && [ -f node_modules/.ao-lock-hash ] && installed="full (an older setup.sh)"
# `npm install`, not `npm ci`: ci deletes node_modules first, so every lock change would rebuild the native modules.
npm_install=(npm install --no-audit --no-fund --loglevel=error)
write_marker() {
  # A new file, not a rewrite in place: node_modules may be a hard-linked copy of another checkout's.
  echo "$1 $(sha256sum package-lock.json | cut -d' ' -f1)" > "$marker.tmp" && mv "$marker.tmp" "$marker"
}

if [ "$mode" = full ]; then
  if [ "$installed" != "full $lock_hash" ]; then
    echo "installing npm dependencies for the tests (a first install compiles the native modules: a minute or two)"
    "${npm_install[@]}"
    write_marker full
  fi
  npx turbo run build --output-logs=errors-only
  exit 0
fi

# `npm start` installs the daemon's dependencies only: the dashboard comes prebuilt (apps/web/prebuilt, see
# scripts/dashboard.mjs), unless its sources were changed, when its build tools (Next.js) are installed too.
runtime_install=("${npm_install[@]}" --omit=dev --workspace @ao/daemon --workspace @ao/shared)
node scripts/dashboard.mjs check >/dev/null 2>&1 || runtime_install+=(--workspace @ao/web)

if [ "$installed" = "full $lock_hash" ] || [ "$installed" = "runtime $lock_hash" ]; then
  node scripts/build.mjs
elif [ "${installed%% *}" = full ]; then
  echo "updating npm dependencies"
  "${npm_install[@]}"
  write_marker full
  node scripts/build.mjs
elif [ -n "$installed" ]; then
  echo "updating npm dependencies"
  "${runtime_install[@]}"
  write_marker runtime
  node scripts/build.mjs
else
  # First install (or one that never finished): unpack everything, then run the install scripts, which compile the
  # native modules (better-sqlite3 compiles SQLite: the longest step), while the daemon and the dashboard build,
  # since neither build loads them.
  echo "installing npm dependencies (native modules build from source; this takes a minute or two)"
  "${runtime_install[@]}" --ignore-scripts
  rebuild_log=$(mktemp)
  trap 'rm -f "$rebuild_log"' EXIT
  echo "compiling the native modules (better-sqlite3, node-pty) while ao builds"
  # Where no prebuilt binary can be downloaded, better-sqlite3 compiles SQLite from one 9 MB C file: at its own -O3
  # that is ~90 s of one core, at -O1 ~48 s (node-gyp puts CFLAGS after the module's own flags). ao's database work
  # is small (a few rows per event), so the first start gets the quicker build; `npm test` builds at -O3.
  CFLAGS="${CFLAGS:--O1}" npm rebuild --loglevel=error >"$rebuild_log" 2>&1 &
  rebuild_pid=$!
  build_status=0
  node scripts/build.mjs || build_status=$?
  if ! wait "$rebuild_pid"; then
    cat "$rebuild_log" >&2
    echo "building the native modules failed" >&2
    exit 1
  fi
  [ "$build_status" -eq 0 ] || exit "$build_status"
  echo "compiled the native modules"
  write_marker runtime
fi
