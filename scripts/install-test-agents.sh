#!/usr/bin/env bash
# Installs the real agent CLIs the test suite drives into test-agents/node_modules: Claude Code at the pinned version
# and the newest one that runs here, Codex, OpenCode (~1.4 GB). Only when test-agents/package-lock.json changed since
# the last install. `npm test` runs it; `npm start` never does (users bring their own agent CLIs).
set -euo pipefail
cd "$(dirname "$0")/../test-agents"

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
marker=node_modules/.ao-lock-hash
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$lock_hash" ]; then
  exit 0
fi
echo "installing the agent CLIs the tests drive (test-agents/: Claude Code, Codex, OpenCode)"
# test-agents/ is not an npm workspace: this installs into test-agents/node_modules only. The newest Claude Code
# declares node>=22, but what it installs is a native binary that runs on Node 20: its EBADENGINE warning is expected.
npm install --no-audit --no-fund --loglevel=error --engine-strict=false
sha256sum package-lock.json | cut -d' ' -f1 > "$marker"
