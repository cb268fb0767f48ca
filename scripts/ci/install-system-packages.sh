#!/usr/bin/env bash
# Debian packages the test suite needs: PostgreSQL (database tests), Chromium (browser tests) and
# Debian's kubectl (a real client for the simulator). Idempotent; needs root.
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
kubectl_dir="${SECRETS_DEBIAN_KUBECTL_DIR:-/opt/debian-kubectl}"

if [ ${#need[@]} -gt 0 ] || [ ! -x "$kubectl_dir/usr/bin/kubectl" ]; then
  apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "ci: installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi
# Some images ship another package owning /usr/bin/kubectl, so unpack Debian's kubernetes-client
# beside it instead of installing it.
if [ ! -x "$kubectl_dir/usr/bin/kubectl" ]; then
  echo "ci: unpacking Debian's kubernetes-client into $kubectl_dir"
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download -qq kubernetes-client)
  mkdir -p "$kubectl_dir"
  dpkg-deb -x "$tmp"/kubernetes-client_*.deb "$kubectl_dir"
  rm -rf "$tmp"
fi
"$kubectl_dir/usr/bin/kubectl" version --client --short 2>/dev/null || "$kubectl_dir/usr/bin/kubectl" version --client
