#!/usr/bin/env bash
# devplat alerts on PostgreSQL: a throw-away cluster (scripts/lib/pg-cluster.sh, Debian's
# postgresql installed by scripts/setup) on a loopback port, then
#  - the store contract suite against it (crates/alerts/tests/store_contract.rs: the
#    same tests as SQLite's, plus replica loss and concurrent migrations), and
#  - two `devplat alerts serve` replicas on one database (crates/cli/tests/
#    alerts_postgres_e2e.rs): the same webhook to both at once, kill -9 of one mid-burst.
# Without a PostgreSQL server this fails; it never skips. The cluster is stopped and
# removed at the end, however the script ends. Well under 2 minutes once built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=../lib/pg-cluster.sh
source scripts/lib/pg-cluster.sh
trap pg_cluster_stop EXIT
pg_cluster_start
export DEVPLAT_TEST_PG="$PG_URL"
cargo test --locked -p devplat-alerts --features server --test store_contract -- --ignored
cargo test --locked -p devplat --test alerts_postgres_e2e -- --ignored --nocapture
