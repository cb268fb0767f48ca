#!/usr/bin/env bash
# The user journey in headless Chromium (scripts/e2e/journey.mjs): starts the demo with npm start,
# waits for its URL, runs issue 13's steps and the leak scan, stops the demo with SIGINT and checks
# that nothing is left. Screenshots and summary.json: test-output/journey/. Non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source scripts/toolchain.sh
bash scripts/ensure-packages.sh
exec node scripts/e2e/journey.mjs "$@"
