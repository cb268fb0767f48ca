#!/usr/bin/env bash
# Issue 14's benchmarks at CI size: the scripts `npm run bench` runs at full size (docs/benchmarks.md),
# smaller, with BENCH_ENFORCE=1 so that a missed target fails the step. Their output is kept in
# test-output/bench/. The entity tab in Chromium has its own step (scripts/ci/tab-bench.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source scripts/toolchain.sh
bash scripts/ensure-packages.sh
out="$root/test-output/bench"
mkdir -p "$out"
cd plugins/secrets-backend
transform=(--require @backstage/cli/config/nodeTransform.cjs)
export BENCH_ENFORCE=1

echo "== cache and entity endpoint: 10 clusters x 2000 ExternalSecrets (200 rows per entity)"
CLUSTERS=10 PER_CLUSTER=2000 CACHE_REQUESTS=500 BASELINE_REQUESTS=20 HTTP_REQUESTS=200 \
  CHURN_REQUESTS=50 FLEET_REQUESTS=50 HANG_REQUESTS=1 BASELINE_TIMEOUT_MS=2000 \
  node --expose-gc "${transform[@]}" bench/cache.bench.ts | tee "$out/cache.txt"

echo "== fleet page while every cluster is busy: 5 clusters x 400"
CLUSTERS=5 PER_CLUSTER=400 POLLS=50 \
  node "${transform[@]}" bench/fleetBusy.bench.ts | tee "$out/fleet-busy.txt"

# 500 ms rollouts and 3 runs: with few clusters a long rollout is most of both the rotation and
# the by-hand baseline, which would put the 5x ratio at the line
echo "== rotation and canary: 6 clusters"
ROTATION_CLUSTERS=6 ROTATIONS=3 CANARY_PROBES=3 ROLLOUT_MS=500 \
  node "${transform[@]}" bench/rotation.bench.ts | tee "$out/rotation.txt"
