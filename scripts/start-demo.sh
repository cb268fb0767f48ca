#!/usr/bin/env bash
# One command for the demo: bootstraps Node and packages if missing, starts the simulated fleet
# (clusters + ESO + Vault) and the backend, and prints the URL. Ctrl-C stops it all.
#
# By default the backend serves a production build of the app (one origin, small compressed
# bundles: the first page paints in about a second). The build is cached in packages/app/dist and
# redone only when the lockfile, app-config.yaml or the sources of the app or the frontend plugin
# change. SECRETS_DEMO_DEV=1 (`npm run dev`) runs the webpack dev server instead, with hot reload.
#
# Environment:
#   SECRETS_DEMO_USER   catalog user the guest signs in as until another is chosen on the sign-in
#                       page or with ?user= (alice, bob: team-payments; sam: team-search; pat:
#                       platform-team). Default alice.
#   SECRETS_DEMO_TIME_SCALE  simulated seconds per real second in the fleet (default 1).
#   SECRETS_DEMO_DEV    1: the app from the dev server on :3000, the backend on :7007.
#   SECRETS_DEMO_PORT   port of the backend and the built app (default 7007; not in dev mode).
#   SECRETS_DEMO_DIR    where the run's generated config and logs go (default .demo).
#   SECRETS_DEMO_BULK   N > 0: fleet-sim also seeds component bulk-secrets with N ExternalSecrets
#                       and the catalog gets catalog/bulk-secrets.yaml (the entity-tab benchmark,
#                       scripts/e2e/entityTabBench.mjs). Unset: the usual demo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/toolchain.sh"
bash "$root/scripts/ensure-packages.sh"
cd "$root"

demo_dir="${SECRETS_DEMO_DIR:-$root/.demo}"
mkdir -p "$demo_dir"
demo_dir="$(cd "$demo_dir" && pwd)"
user="${SECRETS_DEMO_USER:-alice}"
dev="${SECRETS_DEMO_DEV:-}"
[ "$dev" = 0 ] && dev=
port="${SECRETS_DEMO_PORT:-7007}"
[ -n "$dev" ] && port=7007
cat > "$demo_dir/app-config.user.yaml" <<YAML
auth:
  providers:
    guest:
      userEntityRef: user:default/${user}
YAML
# The built app is served by the backend (plugin-app-backend), so both live on one origin.
cat > "$demo_dir/app-config.serve.yaml" <<YAML
app:
  baseUrl: http://localhost:${port}
backend:
  baseUrl: http://localhost:${port}
  listen:
    port: ${port}
  cors:
    origin: http://localhost:${port}
YAML

# Config arrays replace rather than merge, so the bulk location repeats app-config.yaml's.
rm -f "$demo_dir/app-config.bulk.yaml"
if [ "${SECRETS_DEMO_BULK:-0}" != 0 ]; then
  cat > "$demo_dir/app-config.bulk.yaml" <<YAML
catalog:
  locations:
    - type: file
      target: $root/catalog/all.yaml
    - type: file
      target: $root/catalog/bulk-secrets.yaml
YAML
fi

started=$(date +%s)
pids=()

# Every process this script started, with all of their descendants: npx, backstage-cli and the
# bundlers fork children of their own that a signal to the direct child does not reach.
process_tree() {
  local pid child
  for pid in "$@"; do
    kill -0 "$pid" 2>/dev/null || continue
    echo "$pid"
    for child in $(ps -A -o pid= -o ppid= | awk -v p="$pid" '$2 == p { print $1 }'); do
      process_tree "$child"
    done
  done
}

cleanup() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] || return 0
  local tree alive
  tree=$(process_tree "${pids[@]}")
  [ -n "$tree" ] || return 0
  echo "demo: stopping" >&2
  # shellcheck disable=SC2086
  kill -TERM $tree 2>/dev/null || true
  for _ in $(seq 1 50); do
    alive=
    for pid in $tree; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.2
  done
  # shellcheck disable=SC2086
  kill -KILL $tree $(process_tree $tree) 2>/dev/null || true
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

# Waits for a background job while the traps above stay responsive; fails with its status.
wait_job() {
  local status=0
  wait "$1" || status=$?
  return $status
}

configs=(--config "$root/app-config.yaml" --config "$demo_dir/app-config.user.yaml")
[ -n "$dev" ] || configs+=(--config "$demo_dir/app-config.serve.yaml")
[ -f "$demo_dir/app-config.bulk.yaml" ] && configs+=(--config "$demo_dir/app-config.bulk.yaml")

if [ -f "$root/packages/fleet-sim/src/cli.ts" ]; then
  rm -f "$demo_dir/app-config.fleet.yaml"
  echo "demo: starting fleet-sim (demo scenario)"
  node "$root/packages/fleet-sim/bin/fleet-sim" start --scenario demo \
    --time-scale "${SECRETS_DEMO_TIME_SCALE:-1}" \
    --config-out "$demo_dir/app-config.fleet.yaml" < /dev/null > "$demo_dir/fleet-sim.log" 2>&1 &
  pids+=($!)
fi

# The production bundle's key: what goes into it. Tests and docs do not.
app_build_key() {
  node - package-lock.json app-config.yaml packages/app plugins/secrets plugins/secrets-common <<'JS'
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const skipDir = new Set(['node_modules', 'dist', 'dist-types', 'coverage', '__fixtures__']);
const skipFile = /\.test\.[jt]sx?$|setupTests\.[jt]s$|\.md$|\.tsbuildinfo$/;
const hash = createHash('sha256');
const visit = p => {
  const stat = fs.statSync(p);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(p).sort())
      if (!skipDir.has(name) && !name.startsWith('.')) visit(path.join(p, name));
  } else if (!skipFile.test(p)) {
    hash.update(`${p}\0`).update(fs.readFileSync(p)).update('\0');
  }
};
for (const p of process.argv.slice(2)) visit(p);
process.stdout.write(hash.digest('hex'));
JS
}

build_app() {
  local key stamp="packages/app/dist/.demo-build-key" t0 pid
  key=$(app_build_key)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
    echo "demo: the app's production build is current (packages/app/dist)"
    return 0
  fi
  echo "demo: building the app (first run or sources changed; about a minute; logs: $demo_dir/app-build.log)"
  rm -f "$stamp"
  t0=$(date +%s)
  (cd packages/app && exec npx backstage-cli package build \
    --config ../../app-config.yaml --config "$demo_dir/app-config.serve.yaml") \
    < /dev/null > "$demo_dir/app-build.log" 2>&1 &
  pid=$!
  pids+=($pid)
  if ! wait_job "$pid"; then
    tail -20 "$demo_dir/app-build.log" >&2
    echo "demo: the app build failed; see $demo_dir/app-build.log" >&2
    exit 1
  fi
  unset 'pids[${#pids[@]}-1]'
  echo "$key" > "$stamp"
  echo "demo: app built in $(($(date +%s) - t0)) s"
}

# The build runs while fleet-sim plays its history; the backend must start after it, because
# plugin-app-backend looks for packages/app/dist once, at start-up.
[ -n "$dev" ] || build_app

if [ -f "$root/packages/fleet-sim/src/cli.ts" ]; then
  for _ in $(seq 1 240); do
    [ -s "$demo_dir/app-config.fleet.yaml" ] && break
    kill -0 "${pids[0]}" 2>/dev/null || break
    sleep 0.5
  done
  [ -s "$demo_dir/app-config.fleet.yaml" ] || { echo "demo: fleet-sim did not start; see $demo_dir/fleet-sim.log" >&2; exit 1; }
  configs+=(--config "$demo_dir/app-config.fleet.yaml")
fi

echo "demo: starting backend (logs: $demo_dir/backend.log)"
if [ -n "$dev" ]; then
  (cd packages/backend && exec npx backstage-cli package start "${configs[@]}") < /dev/null > "$demo_dir/backend.log" 2>&1 &
else
  # What `backstage-cli package start` runs, without its file watcher: a newcomer's demo should
  # not restart because a file changed.
  (cd packages/backend && NODE_ENV="${NODE_ENV:-development}" exec node --enable-source-maps \
    --require "$root/node_modules/@backstage/cli-node/config/nodeTransform.cjs" src/index.ts "${configs[@]}") \
    < /dev/null > "$demo_dir/backend.log" 2>&1 &
fi
pids+=($!)
if [ -n "$dev" ]; then
  echo "demo: starting the frontend dev server (logs: $demo_dir/app.log)"
  (cd packages/app && exec npx backstage-cli package start "${configs[@]}") < /dev/null > "$demo_dir/app.log" 2>&1 &
  pids+=($!)
fi

all_running() {
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
}
wait_for() {
  for _ in $(seq 1 480); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    all_running || { echo "demo: a process exited; see $demo_dir/*.log" >&2; return 1; }
    sleep 0.5 &
    wait_job $!
  done
  echo "demo: $1 did not answer in time" >&2
  return 1
}
wait_for "http://localhost:${port}/api/secrets/health"
url="http://localhost:${port}"
[ -n "$dev" ] && url="http://localhost:3000"
wait_for "$url/"

cat <<MSG

  Secrets demo is running:  ${url}
  Signed in as user:default/${user} (guest); choose another user on the sign-in page or open
  ${url}/?user=pat. Try the Secrets tab of payments-api, or the Secrets page.
  Ready in $(($(date +%s) - started)) s$([ -n "$dev" ] && echo " (dev mode: webpack dev server)"). Ctrl-C stops everything.

MSG
while all_running; do
  sleep 1 &
  wait_job $!
done
echo "demo: a process exited; see $demo_dir/*.log" >&2
exit 1
