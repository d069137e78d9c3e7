#!/usr/bin/env bash
# The Node hosts (hosts/test, Node's test runner), on the bundles 50-dist.sh just
# checked: each GitHub bundle run as the runner runs it, each ADO task through
# MockTestRunner, CLI/action/task parity, the generated docs tables, tfx packaging and
# a @github/local-action smoke run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# The CLI for the parity tests (built by the test stage already; this is a no-op then).
cargo build --locked --quiet -p devplat
[ -d hosts/gen ] || scripts/build-dist
cd hosts
node --test test/*.test.js
