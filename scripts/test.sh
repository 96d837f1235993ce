#!/usr/bin/env bash
# `npm test`: install what the tests need, then lint, type-check and run every test suite
# (unit, integration with real git/tmux/node-pty/SQLite/agent CLIs, and the dashboard in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/setup.sh --test
bash scripts/install-test-agents.sh
echo "== lint"
npx biome check .
echo "== the prebuilt dashboard matches its sources (apps/web/prebuilt, \`npm run build:dashboard\` refreshes it)"
node scripts/dashboard.mjs check
echo "== structure (no import circle between folders, layers kept: .dependency-cruiser.cjs)"
npm run --silent check:structure
echo "== typecheck"
npx turbo run typecheck --output-logs=errors-only
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== tests"
npx turbo run test --concurrency=1 --output-logs=full 2>&1 | tee -a "$log"
echo "== dashboard end-to-end (Playwright, Debian chromium)"
npm run test:e2e -w @ao/web 2>&1 | tee -a "$log"
echo "all tests passed in $(( $(date +%s) - start )) s"
node scripts/count-tests.mjs < "$log"
