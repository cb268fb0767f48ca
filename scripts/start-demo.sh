#!/usr/bin/env bash
# One command for the demo: bootstraps Node and packages if missing, starts the simulated fleet
# (clusters + ESO + Vault), the backend and the frontend, and prints the URL. Ctrl-C stops it all.
#
# Environment:
#   SECRETS_DEMO_USER   catalog user the guest signs in as (alice, bob: team-payments; sam: team-search;
#                       pat: platform-team). Default alice.
#   SECRETS_DEMO_TIME_SCALE  simulated seconds per real second in the fleet (default 1).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/toolchain.sh"
bash "$root/scripts/ensure-packages.sh"
cd "$root"

demo_dir="$root/.demo"
mkdir -p "$demo_dir"
user="${SECRETS_DEMO_USER:-alice}"
cat > "$demo_dir/app-config.user.yaml" <<YAML
auth:
  providers:
    guest:
      userEntityRef: user:default/${user}
YAML

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

configs=(--config "$root/app-config.yaml" --config "$demo_dir/app-config.user.yaml")

if [ -f "$root/packages/fleet-sim/src/cli.ts" ]; then
  rm -f "$demo_dir/app-config.fleet.yaml"
  echo "demo: starting fleet-sim (demo scenario)"
  node "$root/packages/fleet-sim/bin/fleet-sim" start --scenario demo \
    --time-scale "${SECRETS_DEMO_TIME_SCALE:-1}" \
    --config-out "$demo_dir/app-config.fleet.yaml" > "$demo_dir/fleet-sim.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do [ -s "$demo_dir/app-config.fleet.yaml" ] && break; sleep 0.5; done
  [ -s "$demo_dir/app-config.fleet.yaml" ] || { echo "demo: fleet-sim did not start; see $demo_dir/fleet-sim.log" >&2; exit 1; }
  configs+=(--config "$demo_dir/app-config.fleet.yaml")
fi

echo "demo: starting backend (logs: $demo_dir/backend.log)"
(cd packages/backend && exec npx backstage-cli package start "${configs[@]}") > "$demo_dir/backend.log" 2>&1 &
pids+=($!)
echo "demo: starting frontend (logs: $demo_dir/app.log)"
(cd packages/app && exec npx backstage-cli package start "${configs[@]}") > "$demo_dir/app.log" 2>&1 &
pids+=($!)

wait_for() {
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "demo: a process exited; see $demo_dir/*.log" >&2; return 1; }; done
    sleep 1
  done
  echo "demo: $1 did not answer in time" >&2
  return 1
}
wait_for http://localhost:7007/api/secrets/health
wait_for http://localhost:3000/

cat <<MSG

  Secrets demo is running:  http://localhost:3000
  Signed in as user:default/${user} (guest). Try the Secrets tab of payments-api, or the Secrets page.
  Ctrl-C stops everything.

MSG
wait -n "${pids[@]}"
