#!/usr/bin/env bash
# Benchmark of `devplat alerts serve`: wrk (Debian's) POSTs realistic Alertmanager
# webhook bodies to /alertmanager on loopback for $SECONDS_RUN seconds (default 30),
# state in SQLite (default) or, with STATE=postgres, in a throw-away PostgreSQL cluster
# (scripts/lib/pg-cluster.sh, fsync on); then the outbox is drained and dispatches are
# counted at the mock API (crates/cli/examples/alerts-mock-api.rs) against the decisions
# in the state database: zero lost and zero duplicated, or the script fails.
#
# Payload mix (benches/alerts-wrk.lua): groups of 1-3 alerts over 200 services, like
# Alertmanager's resends: ~90% resends of known alert instances (deduped), a fresh
# instance in ~2% of requests (dispatch, or cooldown/cap/escalation within a service),
# ~8% alerts that match no rule. Realistic label and annotation sets (~1.1 KB a body).
#
# Usage: benches/alerts-wrk.sh            (release build; prints requests/s, p50, p99)
#        STATE=postgres benches/alerts-wrk.sh
# Environment: STATE (sqlite|postgres), SECONDS_RUN, CONNECTIONS (default 16:
# Alertmanager sends one request per group flush, so a few replicas rarely hold more
# connections), THREADS (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_RUN="${SECONDS_RUN:-30}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
STATE="${STATE:-sqlite}"
case "$STATE" in sqlite|postgres) ;; *) echo "bench: STATE must be sqlite or postgres" >&2; exit 2 ;; esac

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package)"
  sudo_cmd=""; if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends wrk
fi

cargo build --release --locked -q -p devplat --bin devplat --example alerts-mock-api
bin=target/release/devplat
mock_bin=target/release/examples/alerts-mock-api

work="$(mktemp -d)"
pids=()
# shellcheck source=../scripts/lib/pg-cluster.sh
source scripts/lib/pg-cluster.sh
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pg_cluster_stop
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$STATE" = "postgres" ]; then
  PG_FSYNC=on pg_cluster_start
  psql "$PG_URL" -qc "CREATE DATABASE bench"
  printf '%s\n' "$PG_PASSWORD" >"$work/pg.password"
  state_arg="postgres://devplat@127.0.0.1:$PG_PORT/bench"
  state_extra=(--state-password-file "$work/pg.password")
  export BENCH_PG="postgres://devplat:$PG_PASSWORD@127.0.0.1:$PG_PORT/bench"
else
  state_arg="sqlite:$work/state.db"
  state_extra=()
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mock_port="$(free_port)"; rx_port="$(free_port)"

MOCK_GITHUB_TOKEN=ghp_bench MOCK_ADO_PAT=pat_bench "$mock_bin" "127.0.0.1:$mock_port" "$work/mock.jsonl" >"$work/mock.log" 2>&1 &
pids+=($!)

cat >"$work/alerts.yml" <<YAML
version: 1
github:
  api_url: http://127.0.0.1:$mock_port
worker:
  initial_backoff: 100ms
  max_backoff: 1s
rules:
  - name: rollback
    matchers: ['automation="auto-rollback"', 'severity="critical"']
    group_by: [service]
    cooldown: 2s
    max_actions: 3
    window: 1m
    action:
      github_repository_dispatch:
        repo: acme/deploy
        event_type: auto-rollback
        client_payload:
          service: "{{ labels.service }}"
          pod: "{{ labels.pod }}"
          fingerprint: "{{ fingerprint }}"
          startsAt: "{{ startsAt }}"
          runbook: "{{ annotations.runbook_url | default('') }}"
    escalate:
      github_issue:
        repo: acme/ops
        title: "Rollbacks of {{ labels.service }} did not help ({{ dedup_key }})"
        body: "{{ actions_in_window }} rollbacks in the last minute"
YAML

DEVPLAT_ALERTS_TOKEN=bench-token GITHUB_TOKEN=ghp_bench "$bin" alerts serve --config "$work/alerts.yml" \
  --listen "127.0.0.1:$rx_port" --state "$state_arg" "${state_extra[@]}" >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$rx_port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$rx_port/healthz" >/dev/null

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_RUN}s against http://127.0.0.1:$rx_port/alertmanager"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s benches/alerts-wrk.lua \
  "http://127.0.0.1:$rx_port/alertmanager" | tee "$work/wrk.txt"

# The state, read the same way from either store (rows as tuples).
cat >"$work/state.py" <<'PY'
import json, os, sqlite3, subprocess, sys
def query(sql, work):
    pg = os.environ.get("BENCH_PG")
    if pg:
        sql = sql.replace("FROM ", "FROM alerts_").replace("JOIN ", "JOIN alerts_")
        out = subprocess.run(["psql", pg, "-At", "-c", f"SELECT COALESCE(json_agg(t), '[]') FROM ({sql}) t"],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(r.values()) for r in json.loads(out)]
    c = sqlite3.connect(f"file:{work}/state.db?mode=ro", uri=True)
    rows = c.execute(sql).fetchall()
    c.close()
    return rows
PY

# Drain: wait (bounded) until nothing is pending or in flight.
python3 - "$work" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1])
from state import query
for _ in range(300):
    n = query("SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending','in-flight')", sys.argv[1])[0][0]
    if n == 0:
        break
    time.sleep(0.2)
else:
    sys.exit("bench: outbox did not drain")
PY

python3 - "$work" "$work/mock.jsonl" "$work/wrk.txt" "$STATE" <<'PY'
import collections, json, re, sys
work, mock, wrk, store = sys.argv[1:5]
sys.path.insert(0, work)
from state import query
decisions = query("SELECT COUNT(*) AS n FROM decisions", work)[0][0]
by_outcome = dict(query("SELECT outcome, COUNT(*) AS n FROM decisions GROUP BY outcome", work))
by_outcome["deduped (resends counted on their instance)"] = query("SELECT COALESCE(SUM(resends), 0) AS n FROM handled", work)[0][0]
acting = by_outcome.get("dispatch", 0) + by_outcome.get("escalate", 0)
outbox = dict(query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state", work))
queued = query("SELECT request FROM outbox WHERE state = 'done'", work)
expected = collections.Counter()
for (req,) in queued:
    r = json.loads(req)
    expected[json.dumps(r.get("client_payload") or {"title": r.get("title")}, sort_keys=True)] += 1
seen = collections.Counter()
ok_requests = 0
for line in open(mock):
    r = json.loads(line)
    if r["status"] >= 300:
        continue
    ok_requests += 1
    b = r["body"]
    seen[json.dumps(b.get("client_payload") or {"title": b.get("title")}, sort_keys=True)] += 1
dups = sum(n - 1 for n in seen.values() if n > 1)
lost = sum(1 for k in expected if seen[k] == 0) + sum(v for k, v in outbox.items() if k != "done")
extra = sum(1 for k in seen if expected[k] == 0)
text = open(wrk).read()
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = re.search(r"50%\s+(\S+)", text).group(1)
p99 = re.search(r"99%\s+(\S+)", text).group(1)
print(f"bench ({store}): {rps} requests/s, p50 {p50}, p99 {p99}; {decisions} decisions {by_outcome}")
print(f"bench ({store}): outbox {outbox}; acting decisions {acting}; API saw {ok_requests} accepted requests")
print(f"bench ({store}): lost {lost}, duplicated {dups}, unexpected {extra}, non-2xx replies {non2xx.group(1) if non2xx else 0}, socket errors {errors.group(1) if errors else 'none'}")
if lost or dups or extra or non2xx or acting != len(queued) or ok_requests != len(queued):
    sys.exit("bench: FAILED the zero-lost / zero-duplicated check")
PY
