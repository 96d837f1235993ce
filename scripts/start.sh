#!/usr/bin/env bash
# `npm start`: install what ao needs when missing (not the test tooling), build, and run the ao daemon in the
# foreground. Arguments go to `ao up` (e.g. `npm start -- --port 4000`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node apps/daemon/bin/ao.mjs up "$@"
