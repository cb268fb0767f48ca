#!/usr/bin/env bash
# The full test suite: type checking, lint, then every Jest test (backend and frontend).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/toolchain.sh"
bash "$root/scripts/ensure-packages.sh"
cd "$root"

echo "== type check"
npx tsc --noEmit -p tsconfig.json

echo "== lint"
npx backstage-cli repo lint

echo "== tests"
# Without CI set, the Backstage CLI runs Jest in watch mode; this command is the one-shot suite.
export CI="${CI:-true}"
# Backstage's TestDatabases would start Docker under CI=true; we bring our own PostgreSQL (see
# .ci/run) and otherwise test on SQLite.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
# Jest needs vm-modules to load ESM-only packages (@kubernetes/client-node) via dynamic import().
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
results="$(mktemp -d)/jest-results.json"
status=0
npx backstage-cli repo test --ci --json --outputFile="$results" "$@" || status=$?
# One plain closing line with the totals across every package.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
exit "$status"
