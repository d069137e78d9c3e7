#!/usr/bin/env bash
# Benchmark: `devplat changes` and `devplat plan` (release) side by side with the peer.
#
#   changes: 100,000 changed paths x 1,000 services (5 globs each) through
#            `devplat changes`, against a Node harness that applies picomatch 2.3.1
#            exactly as dorny/paths-filter does (picomatch(glob, {dot:true}) per rule,
#            `some` over the rules of each filter, every filter over every file).
#            Same inputs, one run; the script checks both agree on the matched services.
#   plan:    10,000 services (random DAG) through `devplat plan --format json`.
#
# Reports wall time and peak memory (max RSS from /usr/bin/time) and the ratios.
# Usage: benches/changes-vs-paths-filter.sh [RUNS]   (default 3; the best run counts)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet -p devplat
BIN="$PWD/target/release/devplat"

# picomatch 2.3.1 (what paths-filter bundles) in a throwaway folder.
(cd "$WORK" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund picomatch@2.3.1 >/dev/null)

python3 - "$WORK" <<'PY'
import json, random, sys
work = sys.argv[1]
rnd = random.Random(42)
N_SVC, N_FILES = 1000, 100_000
def globs(i):
    return [f"services/svc{i}/**", f"libs/lib{i}/src/**/*.ts", f"config/svc{i}/*.{{yml,yaml}}",
            f"deploy/svc{i}/**/Dockerfile*", f"proto/svc{i}.proto"]
services = {f"svc{i}": {"paths": globs(i)} for i in range(N_SVC)}
json.dump({"services": services}, open(f"{work}/deployment-config.yaml", "w"))
json.dump({f"svc{i}": globs(i) for i in range(N_SVC)}, open(f"{work}/filters.json", "w"))
files = []
for k in range(N_FILES):
    # A third of the files are owned: services only change in places (about 300 services).
    if rnd.random() < 1/3:
        i = rnd.randrange(300)
        files.append(rnd.choice([
            f"services/svc{i}/src/mod{k % 50}/file{k}.go",
            f"libs/lib{i}/src/deep/a/b/file{k}.ts",
            f"config/svc{i}/app{k}.yaml",
            f"deploy/svc{i}/k8s/Dockerfile.{k}",
        ]))
    else:
        files.append(rnd.choice([
            f"docs/section{k % 97}/page{k}.md",
            f"tools/scripts/s{k}.py",
            f"services/svc{rnd.randrange(N_SVC)}x/file{k}.go",
            f"README{k}.md",
        ]))
open(f"{work}/files.txt", "w").write("\n".join(files) + "\n")

# plan: 10,000 services, each depending on up to 3 earlier ones.
plan = {}
for i in range(10_000):
    deps = sorted({f"p{rnd.randrange(i)}" for _ in range(rnd.randrange(4))}) if i else []
    plan[f"p{i}"] = {"dependencies": deps, "deployment_strategy": "rolling"}
json.dump({"services": plan}, open(f"{work}/plan-config.yaml", "w"))
PY

cat > "$WORK/paths-filter.js" <<'JS'
// What dorny/paths-filter does (src/filter.ts): one picomatch matcher per rule with
// {dot: true}; a file is in a filter when some rule matches; every filter, every file.
const fs = require('fs');
const picomatch = require(process.argv[2] + '/node_modules/picomatch');
const filters = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const files = fs.readFileSync(process.argv[4], 'utf8').split('\n').filter(Boolean)
  .map(filename => ({filename, status: 'modified'}));
const rules = Object.entries(filters).map(([name, globs]) =>
  [name, globs.map(g => ({status: undefined, isMatch: picomatch(g, {dot: true})}))]);
const matched = [];
for (const [name, rs] of rules) {
  const hits = files.filter(f => rs.some(r => (r.status === undefined || r.status.includes(f.status)) && r.isMatch(f.filename)));
  if (hits.length > 0) matched.push(name);
}
process.stdout.write(JSON.stringify(matched.sort()));
JS

measure() { # label, output file, command...
  local label="$1" outf="$2"; shift 2
  local best_t="" best_m=""
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$outf"
    read -r t m <"$WORK/time"
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t="$t"; best_m="$m"; fi
  done
  echo "$label $best_t $best_m"
}

D=$(measure devplat "$WORK/devplat.json" "$BIN" changes --config "$WORK/deployment-config.yaml" --files-from "$WORK/files.txt" --format json)
P=$(measure picomatch "$WORK/pico.json" node "$WORK/paths-filter.js" "$WORK" "$WORK/filters.json" "$WORK/files.txt")
L=$(measure plan "$WORK/plan.json" "$BIN" plan --config "$WORK/plan-config.yaml" --format json)

# Same answer: the services devplat finds directly affected = the filters that matched.
jq -c '[.services | to_entries[] | select(.value.direct) | .key] | sort' "$WORK/devplat.json" >"$WORK/devplat-names.json"
if ! cmp -s <(jq -c . "$WORK/devplat-names.json") <(jq -c . "$WORK/pico.json"); then
  echo "MISMATCH: devplat and picomatch disagree on the matched services" >&2
  exit 1
fi
affected=$(jq length "$WORK/pico.json")
waves=$(jq '.waves | length' "$WORK/plan.json")

read -r _ dt dm <<<"$D"; read -r _ pt pm <<<"$P"; read -r _ lt lm <<<"$L"
echo "changes: 100000 paths x 1000 services (5 globs each); $affected services matched by both"
printf '  %-34s %8ss %10s KiB\n' "devplat changes (release)" "$dt" "$dm" "paths-filter harness (picomatch 2.3.1)" "$pt" "$pm"
awk -v a="$pt" -v b="$dt" -v c="$pm" -v d="$dm" 'BEGIN{printf "  speed-up: %.1fx   memory ratio (node/devplat): %.1fx\n", a/b, c/d}'
echo "plan: 10000 services, $waves waves"
printf '  %-34s %8ss %10s KiB\n' "devplat plan --format json" "$lt" "$lm"
