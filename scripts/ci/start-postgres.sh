#!/usr/bin/env bash
# Starts Debian's PostgreSQL on localhost. Prints exactly one line, POSTGRES_VERSION=<major>, for
# Backstage's TestDatabases connection-string variable (which would otherwise want Docker under
# CI=true); everything else goes to stderr.
set -euo pipefail
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
{
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main
  fi
  pg_ctlcluster "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h localhost && break; sleep 0.5; done
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\""
} >&2
echo "POSTGRES_VERSION=$version"
