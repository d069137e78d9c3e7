#!/usr/bin/env bash
# devplat alerts end-to-end: a real Alertmanager 0.25 (Debian's, installed by
# scripts/setup) -> `devplat alerts serve` -> a recording mock GitHub/Azure DevOps API,
# loopback only; every process is started and stopped by the test itself
# (crates/cli/tests/alerts_e2e.rs). About 35 s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v prometheus-alertmanager >/dev/null 2>&1; then
  echo "prometheus-alertmanager is missing: run scripts/setup" >&2
  exit 1
fi
cargo test --locked -p devplat --test alerts_e2e -- --ignored --nocapture
