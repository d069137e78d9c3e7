#!/usr/bin/env bash
# Benchmark of `devplat alerts serve`: wrk (Debian's) POSTs realistic Alertmanager
# webhook bodies to /alertmanager on loopback for $SECONDS_RUN seconds (default 30),
# state in SQLite; then the outbox is drained and dispatches are counted at the mock API
# (crates/cli/examples/alerts-mock-api.rs) against the decisions in the state database:
# zero lost and zero duplicated, or the script fails.
#
# Payload mix (benches/alerts-wrk.lua): groups of 1-3 alerts over 200 services, like
# Alertmanager's resends: ~90% resends of known alert instances (deduped), a fresh
# instance in ~2% of requests (dispatch, or cooldown/cap/escalation within a service),
# ~8% alerts that match no rule. Realistic label and annotation sets (~1.1 KB a body).
#
# Usage: benches/alerts-wrk.sh            (release build; prints requests/s and p99)
# Environment: SECONDS_RUN, CONNECTIONS (default 64), THREADS (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_RUN="${SECONDS_RUN:-30}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"

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
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

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
  --listen "127.0.0.1:$rx_port" --state "sqlite:$work/state.db" >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$rx_port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$rx_port/healthz" >/dev/null

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_RUN}s against http://127.0.0.1:$rx_port/alertmanager"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s benches/alerts-wrk.lua \
  "http://127.0.0.1:$rx_port/alertmanager" | tee "$work/wrk.txt"

# Drain: wait (bounded) until nothing is pending or in flight.
python3 - "$work/state.db" <<'PY'
import sqlite3, sys, time
db = sys.argv[1]
for _ in range(300):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = c.execute("SELECT COUNT(*) FROM outbox WHERE state IN ('pending','in-flight')").fetchone()[0]
    c.close()
    if n == 0:
        break
    time.sleep(0.2)
else:
    sys.exit("bench: outbox did not drain")
PY

python3 - "$work/state.db" "$work/mock.jsonl" "$work/wrk.txt" <<'PY'
import collections, json, re, sqlite3, sys
db, mock, wrk = sys.argv[1:4]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
decisions = c.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
by_outcome = dict(c.execute("SELECT outcome, COUNT(*) FROM decisions GROUP BY outcome").fetchall())
acting = by_outcome.get("dispatch", 0) + by_outcome.get("escalate", 0)
outbox = dict(c.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
queued = c.execute("SELECT request FROM outbox WHERE state = 'done'").fetchall()
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
p99 = re.search(r"99%\s+(\S+)", text).group(1)
print(f"bench: {rps} requests/s, p99 {p99}; {decisions} decisions {by_outcome}")
print(f"bench: outbox {outbox}; acting decisions {acting}; API saw {ok_requests} accepted requests")
print(f"bench: lost {lost}, duplicated {dups}, unexpected {extra}, non-2xx replies {non2xx.group(1) if non2xx else 0}, socket errors {errors.group(1) if errors else 'none'}")
if lost or dups or extra or non2xx or acting != len(queued) or ok_requests != len(queued):
    sys.exit("bench: FAILED the zero-lost / zero-duplicated check")
PY
