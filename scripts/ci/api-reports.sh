#!/usr/bin/env bash
# The public API of the four plugin packages, as API Extractor sees their declarations, against the
# committed report.api.md / report-alpha.api.md files. Without arguments it checks (CI: fails when a
# report is stale); with --update it rewrites the reports to commit with an intended API change.
# Options as in the community-plugins repo: undocumented members are not errors, and
# ae-wrong-input-file-type is a monorepo artefact (sibling packages resolve to their src/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/toolchain.sh"
cd "$root"

mode=(--ci)
[ "${1:-}" = --update ] && mode=()

# API Extractor reads the declarations tsc writes to dist-types (the root tsconfig's outDir).
npx tsc -p tsconfig.json
npx backstage-repo-tools api-reports "${mode[@]}" \
  -o ae-wrong-input-file-type,ae-undocumented --validate-release-tags \
  plugins/secrets plugins/secrets-backend plugins/secrets-common plugins/secrets-node
