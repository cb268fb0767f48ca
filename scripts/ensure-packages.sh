#!/usr/bin/env bash
# Installs the workspace's packages when they are missing or older than package-lock.json, and
# makes sure the native addon was built for the Node on PATH. Cheap when nothing changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp=node_modules/.secrets-install-stamp
want="$(node --version) $(sha1sum package-lock.json | cut -d' ' -f1)"
# A fresh `npm ci` (as in .ci/run) leaves node_modules/.package-lock.json newer than the lockfile.
if [ ! -f "$stamp" ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "$want" > "$stamp"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "packages: installing with npm ci (Node $(node --version))" >&2
  npm ci --no-audit --no-fund >&2
  echo "$want" > "$stamp"
fi
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  echo "packages: rebuilding better-sqlite3 for Node $(node --version)" >&2
  npm rebuild better-sqlite3 >&2
fi
