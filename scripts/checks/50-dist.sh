#!/usr/bin/env bash
# The committed action bundles (dist/) and ADO task bundles (azure-tasks/<Task>/) are
# exactly what scripts/build-dist builds from this checkout: rebuild them, fail on any
# difference (the builds are reproducible; see scripts/build-dist).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scripts/build-dist
stale=0
if ! git diff --exit-code --stat -- dist azure-tasks; then stale=1; fi
untracked="$(git ls-files --others --exclude-standard -- dist azure-tasks)"
if [ -n "$untracked" ]; then
  printf 'not committed:\n%s\n' "$untracked"
  stale=1
fi
if [ "$stale" -ne 0 ]; then
  echo "dist/ or azure-tasks/ differs from scripts/build-dist's output: rebuild and commit it"
  exit 1
fi
echo "dist/ and azure-tasks/ are up to date"
