#!/usr/bin/env bash
# Runs a command with the project's Node (>= 22.19) first on PATH and the packages installed.
# Usage: bash scripts/with-toolchain.sh <command> [args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=toolchain.sh
source "$root/scripts/toolchain.sh"
bash "$root/scripts/ensure-packages.sh"
cd "$root"
exec "$@"
