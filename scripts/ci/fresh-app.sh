#!/usr/bin/env bash
# The packages, proven installable: build and `npm pack` the four plugin packages, create a new app
# with @backstage/create-app (from the npm registry, no template edits), install the tarballs with
# the commands of docs/install.md and apply its other marked steps literally
# (scripts/ci/fresh-app/apply-install-steps.mjs), start the app against fleet-sim's demo fleet and
# check in Chromium that /api/secrets/health answers and payments-api's Secrets tab renders
# (scripts/ci/fresh-app/check-app.mjs). Prints the wall time of each phase.
#
# What the script adds around the page, because a CI machine is not a user's laptop:
# - yarn: the app pins Yarn 4.13.0 (`yarnPath` in its .yarnrc.yml); create-app only checks that a
#   `yarn` exists, so a shim on PATH runs the release the template ships. No corepack, no global
#   yarn, nothing from repo.yarnpkg.com.
# - the tarballs are served by a local registry for the @secrets-plugin scope only
#   (fresh-app/registry.mjs, routed by `npmScopes` in the app's .yarnrc.yml, http allowed for
#   127.0.0.1, the scope exempted from the age gate below), so the page's
#   `yarn --cwd ... add @secrets-plugin/...` runs as written.
# - the 1.55 release, not today's packages: create-app pins a release by fetching a yarn.lock seed
#   from GitHub (master's, so a later release's), which is unreachable here and on many CI
#   machines. Without it the template's caret ranges resolve to the next release's packages
#   (plugin-signals-backend 0.3.21 calls httpRouter.addWebSocketHandler, which backend-defaults
#   0.18 lacks) and the new app's own backend fails to start. Yarn's age gate (the template sets
#   one itself, 3 days) set to the release date makes it resolve as of the release instead, for
#   every package but ours (YARN_NPM_PREAPPROVED_PACKAGES replaces the template's @backstage/*).
# - YARN_TS_ENABLE_AUTO_TYPES=false: `yarn add` otherwise asks Algolia for @types packages, and
#   Yarn 4.13 crashes when that host is unreachable.
# - the configuration of the test fleet instead of the page's example clusters: fleet-sim's
#   --config-out (clusters, a least-privilege Vault token), the repo's example catalog (payments-api
#   and its owners) with the guest signed in as alice, and a free port. See app-config.ci.yaml below.
#
# Cache (safe to delete; keyed by the create-app version and variant), under
# ${XDG_CACHE_HOME:-~/.cache}/secrets-plugin/fresh-app/create-app-<version>-<variant>/:
#   create-app/  the create-app package and its dependencies (the template and its yarn release)
#   yarn/        Yarn's global folder: the checksummed tarball cache
#   yarn-as-of-<date>.lock  the new app's lockfile from the first successful install, so later
#                runs install the same versions without resolving (the template ships an empty
#                lockfile)
# Never cached: the app itself, its node_modules (native modules are rebuilt), our tarballs.
#
# Environment: FRESH_APP_VARIANT=legacy uses create-app --legacy and the page's legacy steps;
# FRESH_APP_KEEP=1 keeps the work directory; FRESH_APP_OUT is where screenshots and logs go
# (default test-results/fresh-app); FRESH_APP_SKIP_BUILD=1 packs the dist/ already built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/toolchain.sh"
cd "$root"

create_app_version=0.9.2
# 1.55's packages were published by then, 1.56's not yet (create-app 0.9.2 is from 2026-09-18)
release_cutoff=2026-09-22T00:00:00Z
variant="${FRESH_APP_VARIANT:-default}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/secrets-plugin/fresh-app/create-app-${create_app_version}-${variant}"
out="${FRESH_APP_OUT:-$root/test-results/fresh-app}"
work="$(mktemp -d "${TMPDIR:-/tmp}/secrets-fresh-app.XXXXXX")"
app="$work/app"
mkdir -p "$cache" "$out" "$work/tarballs" "$work/bin"
# One run at a time per machine: npm pack rewrites each package.json in place between prepack and
# postpack, so two runs packing at once restore each other's rewritten file.
exec 9> "${cache%/*}/.lock"
flock -n 9 || { echo "fresh-app: another run holds ${cache%/*}/.lock" >&2; exit 1; }

started=$(date +%s)
phase_started=$started
phase() {
  local now
  now=$(date +%s)
  [ -z "${phase_name:-}" ] || echo "fresh-app: ${phase_name}: $((now - phase_started)) s"
  phase_name="$1"
  phase_started=$now
  echo "== fresh-app: $1"
}

pids=()
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
  local status=$? tree
  trap - EXIT INT TERM
  if [ ${#pids[@]} -gt 0 ]; then
    tree=$(process_tree "${pids[@]}")
    # shellcheck disable=SC2086
    [ -z "$tree" ] || kill -TERM $tree 2>/dev/null || true
    sleep 2
    tree=$(process_tree "${pids[@]}")
    # shellcheck disable=SC2086
    [ -z "$tree" ] || kill -KILL $tree 2>/dev/null || true
  fi
  cp "$work"/*.log "$out/" 2>/dev/null || true
  if [ -n "${FRESH_APP_KEEP:-}" ]; then
    echo "fresh-app: kept $work"
  else
    rm -rf "$work"
  fi
  [ $status -eq 0 ] || echo "fresh-app: FAILED after $(($(date +%s) - started)) s; logs in $out" >&2
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for_url() { # url seconds pid-to-watch log
  local deadline=$(($(date +%s) + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    if ! kill -0 "$3" 2>/dev/null; then
      tail -40 "$4" >&2
      echo "fresh-app: the process behind $1 exited; see $4" >&2
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -40 "$4" >&2
      echo "fresh-app: $1 did not answer within $2 s" >&2
      return 1
    fi
    sleep 2
  done
}

phase "build and pack the plugin packages"
packages=(secrets-common secrets-node secrets-backend secrets)
if [ -z "${FRESH_APP_SKIP_BUILD:-}" ]; then
  # backstage-cli bundles the declarations tsc writes to dist-types (the root tsconfig's outDir)
  npx tsc -p tsconfig.json
  for p in "${packages[@]}"; do
    (cd "plugins/$p" && npx backstage-cli package build)
  done
fi
for p in "${packages[@]}"; do
  # npm runs the packages' prepack/postpack: package.json points at dist/ in the tarball only
  cp "plugins/$p/package.json" "$work/$p.package.json"
  (cd "plugins/$p" && npm pack --silent --pack-destination "$work/tarballs" > /dev/null)
  cmp -s "$work/$p.package.json" "plugins/$p/package.json" ||
    { echo "fresh-app: npm pack left plugins/$p/package.json rewritten" >&2; exit 1; }
done
ls "$work/tarballs"

phase "create-app ${create_app_version} and its yarn"
if [ ! -x "$cache/create-app/node_modules/.bin/backstage-create-app" ]; then
  rm -rf "$cache/create-app"
  mkdir -p "$cache/create-app"
  (cd "$cache/create-app" && echo '{"private":true}' > package.json &&
    npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
      "@backstage/create-app@${create_app_version}" > /dev/null)
fi
template="$cache/create-app/node_modules/@backstage/create-app/templates/default-app"
[ "$variant" = legacy ] && template="${template%/default-app}/legacy-app"
yarn_release=$(ls "$template"/.yarn/releases/yarn-*.cjs | head -1)
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$yarn_release" > "$work/bin/yarn"
chmod +x "$work/bin/yarn"
export PATH="$work/bin:$PATH"
export YARN_GLOBAL_FOLDER="$cache/yarn" YARN_ENABLE_GLOBAL_CACHE=true
export YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=0 YARN_TS_ENABLE_AUTO_TYPES=false
YARN_NPM_MINIMAL_AGE_GATE=$((($(date +%s) - $(date -d "$release_cutoff" +%s)) / 60)) # minutes
export YARN_NPM_MINIMAL_AGE_GATE YARN_NPM_PREAPPROVED_PACKAGES='@secrets-plugin/*'
echo "yarn $(yarn -v)"

phase "generate the app"
mkdir -p "$app"
create_args=(--path "$app" --skip-install)
[ "$variant" = legacy ] && create_args+=(--legacy)
BACKSTAGE_APP_NAME=fresh-app "$cache/create-app/node_modules/.bin/backstage-create-app" \
  "${create_args[@]}" < /dev/null > "$work/create-app.log" 2>&1 ||
  { tail -20 "$work/create-app.log" >&2; exit 1; }

phase "install the new app's dependencies"
cached_lock="$cache/yarn-as-of-${release_cutoff%%T*}.lock"
if [ -s "$cached_lock" ]; then
  cp "$cached_lock" "$app/yarn.lock"
  echo "using the cached $(basename "$cached_lock")"
fi
(cd "$app" && yarn install) > "$work/yarn-install.log" 2>&1 ||
  { grep -v YN0007 "$work/yarn-install.log" | tail -30 >&2; exit 1; }
[ -s "$cached_lock" ] || cp "$app/yarn.lock" "$cached_lock"

phase "follow docs/install.md"
node scripts/ci/fresh-app/registry.mjs "$work/tarballs" "$work/registry.url" > "$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/registry.url" ] && break; sleep 0.1; done
(
  cd "$app"
  yarn config set npmScopes.secrets-plugin.npmRegistryServer "$(cat "$work/registry.url")"
  yarn config set --json unsafeHttpWhitelist '["127.0.0.1"]'
) > /dev/null
node scripts/ci/fresh-app/apply-install-steps.mjs docs/install.md "$app" "$variant" \
  > "$work/install-steps.log" 2>&1 || { grep -v YN0007 "$work/install-steps.log" | tail -30 >&2; exit 1; }
grep '^install.md step' "$work/install-steps.log"

phase "start fleet-sim and build the app"
node packages/fleet-sim/bin/fleet-sim start --scenario demo --config-out "$work/app-config.fleet.yaml" \
  < /dev/null > "$work/fleet-sim.log" 2>&1 &
fleet_pid=$!
pids+=($fleet_pid)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# The test's environment, not an install step: where the app listens, whom the guest signs in as
# (alice of team-payments owns payments-api, so the page's policy lets her read its secrets), and
# the example catalog whose entities carry the Kubernetes annotations (docs/install.md step 6).
cat > "$work/app-config.ci.yaml" <<YAML
app:
  baseUrl: http://localhost:${port}
backend:
  baseUrl: http://localhost:${port}
  listen:
    port: ${port}
  cors:
    origin: http://localhost:${port}
auth:
  providers:
    guest:
      userEntityRef: user:default/alice
catalog:
  rules:
    - allow: [Component, System, API, Resource, Location, User, Group]
  locations:
    - type: file
      target: ${root}/catalog/all.yaml
YAML
configs=(--config ../../app-config.yaml --config "$work/app-config.ci.yaml")
(cd "$app/packages/app" && yarn build "${configs[@]}") > "$work/app-build.log" 2>&1 ||
  { tail -30 "$work/app-build.log" >&2; exit 1; }
for _ in $(seq 1 240); do
  [ -s "$work/app-config.fleet.yaml" ] && break
  kill -0 "$fleet_pid" 2>/dev/null || break
  sleep 0.5
done
[ -s "$work/app-config.fleet.yaml" ] || { tail -20 "$work/fleet-sim.log" >&2; exit 1; }

phase "start the new app's backend"
(cd "$app/packages/backend" && exec yarn start "${configs[@]}" --config "$work/app-config.fleet.yaml") \
  < /dev/null > "$work/backend.log" 2>&1 &
backend_pid=$!
pids+=($backend_pid)
wait_for_url "http://localhost:${port}/api/secrets/health" 600 "$backend_pid" "$work/backend.log"

phase "check the app in Chromium"
node scripts/ci/fresh-app/check-app.mjs --base-url "http://localhost:${port}" --out "$out"

phase "done"
echo "fresh-app: passed in $(($(date +%s) - started)) s (variant ${variant}; cache ${cache})"
