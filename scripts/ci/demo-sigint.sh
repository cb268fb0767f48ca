#!/usr/bin/env bash
# Ctrl-C (SIGINT to `npm start`) leaves no process and no listening port behind.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source scripts/toolchain.sh
exec node scripts/e2e/demoSigint.mjs
