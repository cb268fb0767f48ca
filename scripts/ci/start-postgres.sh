#!/usr/bin/env bash
# Starts Debian's PostgreSQL on localhost and prints the connection string for Backstage's
# TestDatabases (which would otherwise want Docker under CI=true).
set -euo pipefail
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main > /dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h localhost && break; sleep 0.5; done
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" > /dev/null
echo "POSTGRES_VERSION=$version"
